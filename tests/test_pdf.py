"""Page PDFs with a text layer: reading order and articles measured on PDFs drawn here from known text."""

import re

import pytest

from gazette import clean
from gazette.explain import explain_page
from gazette.extract import PageError
from gazette.extract.pdf import read_pdf
from gazette.pipeline import process_page
from gazette.split import split_extracted
from tests.pdfpages import PAGE_H, PAGE_W, article_f1, draw_page, edit_distance, needs_cjk_font, similarity
from tests.printed_pages import body_scores, draw_printed_page

# Goals (issue 18): articles F1 >= 0.95, character order >= 0.99 (1 - normalised edit distance).
F1_GOAL, ORDER_GOAL = 0.95, 0.99


def test_edit_distance_is_levenshtein():
    assert edit_distance("kitten", "sitting") == 3
    assert edit_distance("", "abc") == 3
    assert edit_distance("本报讯记者", "本报讯记者") == 0
    assert edit_distance("甲乙丙丁", "乙甲丙丁") == 2


@needs_cjk_font
@pytest.mark.parametrize("columns", [3, 4, 5, 6])
def test_generated_pages_are_read_in_order_and_cut_into_their_articles(tmp_path, columns):
    f1s, orders = [], []
    for seed in range(3):
        path = tmp_path / f"page_{columns}_{seed}.pdf"
        known = draw_page(path, seed * 10 + columns, columns)
        page = read_pdf(path)
        cleaned = clean.clean_page(page.text)
        articles = split_extracted(page.row, cleaned, page.regions).articles
        orders.append(similarity(page.text, known.known_text()))
        f1s.append(article_f1(articles, known.articles))
    assert min(orders) >= ORDER_GOAL, orders
    assert sum(f1s) / len(f1s) >= F1_GOAL, f1s


@needs_cjk_font
def test_a_pdf_page_is_a_page_with_boxes_in_page_coordinates(tmp_path):
    path = tmp_path / "a3.pdf"
    known = draw_page(path, 7, 4)
    rows = process_page(path)
    [page] = rows["pages"]
    assert (page["format"], page["layout"], page["page_width"], page["page_height"]) == (
        "pdf",
        "pdf-columns",
        PAGE_W,
        PAGE_H,
    )
    assert len(rows["articles"]) == len(known.articles)
    for article in rows["articles"]:
        x0, y0, x1, y1 = article["box"]
        assert 0 <= x0 < x1 <= PAGE_W and 0 <= y0 < y1 <= PAGE_H
        assert article["source_file"] == "a3.pdf"
    # A headline set larger than the body opens its article; the reporter is read from the body.
    assert rows["articles"][0]["headline"] == known.articles[0].headline
    assert rows["articles"][0]["reporters"]
    out = explain_page(path)
    assert "articles from the layout, read in XY-cut order with headlines by font size" in out
    assert f"<- a3.pdf  box [{article['box'][0]:g}" in out


def draw_latin(path, text):
    from reportlab.pdfgen import canvas

    pdf = canvas.Canvas(str(path), pagesize=(300, 100))  # small: the page is read by OCR
    pdf.drawString(20, 50, text)
    pdf.showPage()
    pdf.save()


def test_a_pdf_with_no_chinese_text_in_its_layer_nor_by_ocr_is_refused_in_one_line(tmp_path):
    latin = tmp_path / "latin.pdf"
    draw_latin(latin, "A page with no Chinese text here")
    with pytest.raises(PageError) as caught:
        read_pdf(latin)
    assert str(caught.value).startswith(
        "latin.pdf: no Chinese text in its text layer (0 CJK and 0 unmapped of 26 characters)"
    )
    assert "nor found by OCR (0 CJK characters)" in str(caught.value)

    empty = tmp_path / "blank.pdf"
    draw_latin(empty, "")
    with pytest.raises(PageError, match=r"blank\.pdf: no Chinese text in its text layer .* nor found by OCR"):
        read_pdf(empty)

    broken = tmp_path / "broken.pdf"
    broken.write_bytes(b"%PDF-1.7\nnot really a pdf")
    with pytest.raises(PageError, match=r"broken\.pdf: not a readable PDF"):
        read_pdf(broken)


@needs_cjk_font
def test_a_pdf_of_two_pages_is_read_page_after_page_with_a_warning(tmp_path):
    import pypdfium2 as pdfium

    first, second = tmp_path / "first.pdf", tmp_path / "second.pdf"
    known = [draw_page(first, 1, 3), draw_page(second, 2, 3)]
    merged = pdfium.PdfDocument.new()
    for part in (first, second):
        merged.import_pages(pdfium.PdfDocument(str(part)))
    both = tmp_path / "both.pdf"
    merged.save(str(both))
    page = read_pdf(both)
    assert similarity(page.text, known[0].known_text() + known[1].known_text()) >= ORDER_GOAL
    assert page.warnings == ["both.pdf: 2 pages in one PDF, read one after the other as one page"]
    assert {region["source"] for region in page.regions} == {"page 1", "page 2"}


@needs_cjk_font
def test_pages_as_printed_keep_every_body_whole(tmp_path):
    """Articles running on across ruled columns, digits in a second face, a CID font that is not
    embedded (odd seeds), captions, credits, jump lines, a vertical headline, an advertisement."""
    scores = []
    for seed in range(4):
        path = tmp_path / f"printed_{seed}.pdf"
        known = draw_printed_page(path, seed)
        rows = process_page(path)
        scores += body_scores(rows["articles"], known)
        [page] = rows["pages"]
        # The editors' line is the masthead's, no article's kicker; a jump line is its article's, not in its body.
        assert not any("责任编辑" in (a["kicker"] or "") + a["body"] for a in rows["articles"])
        assert [b["text"] for b in rows["page_blocks"] if b["kind"] == "masthead"][-1] == re.sub(
            r"\s", "", known.editors
        )
        jumps = {truth.headline: truth.continued_to for truth in known.articles}
        assert {a["headline"]: a["continued_to"] for a in rows["articles"] if a["headline"] in jumps} == jumps
        assert not any("下转" in a["body"] or "下转" in w for a in rows["articles"] for w in page["warnings"])
    assert min(scores) >= 0.98, scores
