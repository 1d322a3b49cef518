"""Scans read by OCR: page images and an image-only PDF, drawn here from known text (tests/scanned_pages.py)."""

import subprocess
import sys

import pytest

from gazette.explain import ocr_lines_explained
from gazette.extract import ExtractedPage
from gazette.extract.ocr import LOW_CONFIDENCE, Found, engine_lines, low_confidence, mean_confidence
from gazette.extract.scan import join_vertical_pieces, skew
from gazette.pipeline import process_page
from tests.fonts import cjk_font, needs_cjk_font
from tests.helpers import SEEDS
from tests.printed_pages import body_scores
from tests.scanned_pages import SMALL, ScanLayout, degrade, draw_scan

BODY_GOAL = 0.95  # issue 27: every body at least this similar to the printed text


@pytest.fixture(scope="module")
def drawn():
    font = cjk_font()
    if font is None:
        pytest.skip("no CJK font listed by fontconfig (apt install fonts-wqy-microhei)")
    return draw_scan(3, SMALL, font)


def assert_read_as_printed(rows, known):
    assert [a["headline"] for a in rows["articles"]] == [a.headline for a in known.articles]
    assert min(body_scores(rows["articles"], known)) >= BODY_GOAL


@needs_cjk_font
def test_a_page_image_is_read_in_column_order_into_its_articles(tmp_path, drawn):
    image, known = drawn
    path = tmp_path / "scan.png"
    image.save(path)
    rows = process_page(path)
    assert_read_as_printed(rows, known)
    [page] = rows["pages"]
    assert (page["format"], page["text_source"], page["page_width"], page["page_height"]) == (
        "image",
        "ocr",
        SMALL.width,
        SMALL.height,
    )
    assert LOW_CONFIDENCE < page["ocr_confidence"] <= 1.0
    assert not any("OCR lines under confidence" in w for w in page["warnings"])


@needs_cjk_font
def test_a_turned_blurred_scan_is_straightened_and_read(tmp_path, drawn):
    image, known = drawn
    turned = degrade(image, 1, angle=0.6, blur=0.7, specks=0.0005)
    assert skew(__import__("numpy").asarray(turned)) == pytest.approx(-0.6, abs=0.1)
    path = tmp_path / "scan.jpg"
    turned.save(path, quality=85)
    assert_read_as_printed(process_page(path), known)


@needs_cjk_font
def test_an_image_only_pdf_page_is_read_by_ocr(tmp_path, drawn):
    image, known = drawn
    path = tmp_path / "scan.pdf"
    image.save(path, resolution=200.0)  # a PDF page holding only the picture of the page
    rows = process_page(path)
    assert_read_as_printed(rows, known)
    [page] = rows["pages"]
    assert (page["format"], page["text_source"]) == ("pdf", "ocr")
    assert page["page_width"] == pytest.approx(SMALL.width * 72 / 200, abs=0.1)
    assert LOW_CONFIDENCE < page["ocr_confidence"] <= 1.0


def test_lines_of_low_confidence_are_named_with_their_place():
    found = [
        Found((100, 40, 400, 60), "本报讯记者", 0.99, 20.0, False),
        Found((100, 70, 400, 91), "模糊难认的一行", 0.62, 21.0, False),
        Found((500, 70, 520, 200), "竖排标题", 0.97, 20.0, True),
        Found((100, 300, 140, 320), "噪点", 0.3, 20.0, False),  # under the engine's floor: dropped
    ]
    lines = engine_lines(found, 0.5)
    assert [line.text for line in lines] == ["本报讯记者", "模糊难认的一行", "竖排标题"]
    assert [line.vertical for line in lines] == [False, False, True]
    assert lines[0].size == lines[1].size  # heights within a few per cent are one font size
    assert lines[1].box[:2] == (50.0, pytest.approx(35.25))
    assert mean_confidence(lines) == pytest.approx((0.99 + 0.62 + 0.97) / 3, abs=1e-4)
    [warning] = low_confidence(lines)
    assert warning.startswith("1 OCR lines under confidence 0.8 at (x,y): (50,35) 0.62 '模糊难认的一行'")


def test_explain_shows_the_ocr_lines_in_reading_order_and_those_of_low_confidence():
    text = "## 新港镇召开推进会\n\n本报讯 全镇投入资金1200万元。\n"
    regions = [
        {"article": 1, "kind": "headline", "raw_start": 3, "raw_end": 11, "source": "s.png", "box": [10, 5, 200, 30]},
        {"article": 1, "kind": "body", "raw_start": 13, "raw_end": 30, "source": "s.png", "box": [10, 40, 300, 55]},
    ]
    warning = "s.png: 1 OCR lines under confidence 0.8 at (x,y): (10,40) 0.70 '本报讯'"
    page = ExtractedPage(row={"ocr_confidence": 0.85}, text=text, warnings=[warning], regions=regions)
    assert ocr_lines_explained(page, 60) == [
        "text read by OCR (mean line confidence 0.85); its lines in reading order:",
        "    1. box [10, 5, 200, 30]  article 1 headline    新港镇召开推进会",
        "    2. box [10, 40, 300, 55]  article 1 body        本报讯 全镇投入资金1200万元。",
        f"  ! {warning}",
    ]


def test_the_cli_and_a_text_page_load_no_image_library_nor_the_engine():
    """OpenCV and onnxruntime load with the first scan: `gazette --help` and text runs never pay for them."""
    code = (
        "import sys; import gazette.cli; from gazette.pipeline import process_page; "
        f"process_page({str(SEEDS[1])!r}); "
        "heavy = ('cv2', 'onnxruntime', 'rapidocr_onnxruntime', 'gazette.extract.scan'); "
        "print(sorted(m for m in heavy if m in sys.modules))"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "[]"


PICTURED = ScanLayout(width=1400, height=1700, columns=3, body=22, headline=40, margin=30, articles=5)


@needs_cjk_font
def test_a_picture_story_is_read_with_its_vertical_headline_in_place_and_its_picture_left_out(tmp_path):
    """A halftone photograph with a building's windows (rows of dark blocks, as type looks to the
    detector), its headline set vertically beside it, its caption under both."""
    image, known = draw_scan(5, PICTURED, cjk_font(), picture_story=True)
    path = tmp_path / "scan.png"
    degrade(image, 5, angle=0.4, blur=0.6, specks=0.0003).save(path)
    rows = process_page(path)
    assert_read_as_printed(rows, known)
    story = rows["articles"][-1]
    assert (story["headline"], story["body"]) == (known.articles[-1].headline, known.articles[-1].body)
    [(x0, top, x1, bottom)] = known.pictures
    regions = [r for text in rows["page_texts"] for r in text["regions"]]
    assert not [r for r in regions if x0 <= r["box"][0] and r["box"][2] <= x1 and top <= r["box"][1] <= bottom]


def test_the_pieces_of_a_vertical_line_are_joined_and_lines_of_text_are_not():
    pieces = [(100.0, 0.0, 150.0, 60.0), (102.0, 55.0, 148.0, 170.0), (101.0, 180.0, 149.0, 232.0)]
    lines = [(0.0, 300.0, 400.0, 330.0), (0.0, 340.0, 400.0, 370.0), (0.0, 380.0, 30.0, 410.0)]
    assert sorted(join_vertical_pieces(pieces + lines)) == sorted([(100.0, 0.0, 150.0, 232.0), *lines])
    glyphs_apart = [(100.0, 0.0, 150.0, 50.0), (100.0, 120.0, 150.0, 170.0), (100.0, 240.0, 150.0, 290.0)]
    assert sorted(join_vertical_pieces(glyphs_apart)) == glyphs_apart
