"""No decodable page is lost for its content (issue 13 item 1).

No step raises on any text: generated Chinese-like text, random Unicode and random numerals
go through clean, split, enrich and the whole page pipeline; where the dev pages sit beside the
clone (../shared/dev), random slices of them do too (read at test time, never copied). A step
that fails anyway stays local: the page is stored, `pages.warnings` says what happened, and the
run summary counts it. Only a file that is no page (empty, undecodable, not Chinese) is rejected.
"""

import random
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import gazette.enrich
import gazette.split
from gazette.clean import clean_page
from gazette.cli import main
from gazette.enrich import enrich_articles
from gazette.extract import PageError
from gazette.pipeline import process_page
from gazette.split import split_page
from tests.helpers import SHARED, article

NUMERAL_CHARS = "零〇一二两三四五六七八九十百千万亿点0123456789.．０１２３４５６７８９,"
QUANTITY_WORDS = [*"元家户个人%％成番倍半亩吨多余近逾约翻", "百分之", "万元", "亿元", "千瓦", "个百分点", "至", "以上"]
CHINESE_TEXT = st.lists(
    st.sampled_from(
        [
            *NUMERAL_CHARS,
            *QUANTITY_WORDS,
            *"市委书记县长出席会议本报讯记者通讯员增长同比占比企业项目投资总额",
            *"，。、：；！？（）“”【】《》■—…\n \u3000#*-",
        ]
    ),
    max_size=200,
).map("".join)
NUMERALS = st.lists(
    st.tuples(st.text(alphabet=NUMERAL_CHARS, min_size=1, max_size=8), st.sampled_from(QUANTITY_WORDS)),
    max_size=20,
).map(lambda pairs: "，".join(n + u for n, u in pairs))
ANY_TEXT = st.one_of(CHINESE_TEXT, NUMERALS, st.text(max_size=300))
PROPERTY = settings(max_examples=60, deadline=None, suppress_health_check=list(HealthCheck))

DEV_PAGES = SHARED / "dev" / "rmrb" / "pages"
needs_dev = pytest.mark.skipif(not DEV_PAGES.is_dir(), reason=f"no dev pages at {DEV_PAGES} (set GAZETTE_SHARED)")


def _split(text: str):
    return split_page({"page_id": "p1", "issue_date": None}, clean_page(text))


def _enrich_all(text: str) -> dict[str, list[dict]]:
    """enrich on the text as a body and as a headline, and on the articles split from it."""
    articles = [article(text), article("", article_id="a2", headline=text, kicker=text[:20])]
    return enrich_articles(articles + _split(text).articles)


def _whole_page(text: str) -> dict[str, list[dict]] | None:
    """process_page on the text as a file; None when the file is rejected as no page."""
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "page.txt"
        path.write_text(text, encoding="utf-8", errors="surrogatepass")
        try:
            return process_page(path)
        except PageError:
            return None


@PROPERTY
@given(ANY_TEXT)
def test_clean_never_raises(text):
    cleaned = clean_page(text)
    assert len(cleaned.raw_offsets) == len(cleaned.text)


@PROPERTY
@given(ANY_TEXT)
def test_split_never_raises(text):
    _split(text)


@PROPERTY
@given(ANY_TEXT)
def test_enrich_never_raises(text):
    for row in _enrich_all(text)["economic_figures"]:
        assert "None" not in (row["metric"] or "")
        low, high = row["value_low"], row["value_high"]
        assert low is None or high is None or low <= high


@PROPERTY
@given(ANY_TEXT)
def test_the_page_pipeline_never_raises_and_warns_of_nothing(text):
    rows = _whole_page(text)
    if rows is not None:
        # warnings here would mean a step raised and was caught: the steps themselves must hold
        assert not [w for w in rows["pages"][0]["warnings"] if ": enrich: " in w or ": split: " in w]


def test_a_page_of_approximate_numbers_is_stored_with_its_figures(tmp_path):
    page = tmp_path / "page.txt"
    page.write_text(
        "## 乡村产业稳步发展\n\n本报讯 今年以来，全村一两千户农户参与种植，户均增收五六十元，"
        "带动七八百万元投资，引进企业四五十家，近百家合作社入驻，逾千人就业，村集体收入6万多元。\n",
        encoding="utf-8",
    )
    rows = process_page(page)
    assert rows["pages"][0]["warnings"] == []
    assert len(rows["articles"]) == 1
    values = {row["value_normalized"] for row in rows["economic_figures"]}
    assert {50, 7e6, 40, 100, 1000, 60000} <= values


@needs_dev
@settings(max_examples=30, deadline=None, suppress_health_check=list(HealthCheck))
@given(st.randoms(use_true_random=False), st.integers(1, 4000))
def test_slices_of_the_dev_pages_go_through_every_step(rng: random.Random, length):
    pages = sorted(DEV_PAGES.glob("*.txt"))
    text = rng.choice(pages).read_text(encoding="utf-8")
    start = rng.randrange(len(text))
    piece = text[start : start + length]
    clean_page(piece)
    _enrich_all(piece)
    rows = _whole_page(piece)
    assert rows is None or not [w for w in rows["pages"][0]["warnings"] if ": enrich: " in w]


# ---------------------------------------------------------------- a step that fails stays local


PAGE = (
    "## 新区召开推进会\n\n本报讯 新区完成投资5.2亿元，同比增长8.6%。\n\n"
    "## 坏文章标题\n\n本报讯 这篇坏文章的投资为3亿元。\n"
)


def _write_page(folder: Path) -> Path:
    path = folder / "page.txt"
    path.write_text(PAGE, encoding="utf-8")
    return path


def test_an_article_that_enrich_fails_on_is_stored_unenriched_with_a_warning(tmp_path, monkeypatch):
    real = gazette.enrich.enrich_articles

    def failing(articles, paper=None):
        if any("坏" in (a.get("body") or "") for a in articles):
            raise ValueError("cannot read this numeral")
        return real(articles, paper)

    monkeypatch.setattr(gazette.enrich, "enrich_articles", failing)
    rows = process_page(_write_page(tmp_path))
    assert len(rows["articles"]) == 2
    assert [f["value_normalized"] for f in rows["economic_figures"]] == [5.2e8, 8.6]  # the other article's
    [warning] = rows["pages"][0]["warnings"]
    assert warning.startswith("page.txt: enrich: article 2 stored without enrichment: ValueError: cannot read")


def test_a_page_that_split_fails_on_keeps_its_row_and_text(tmp_path, monkeypatch):
    def failing(page_row, cleaned):
        raise IndexError("list index out of range")

    monkeypatch.setattr(gazette.split, "split_page", failing)
    rows = process_page(_write_page(tmp_path))
    assert rows["articles"] == [] and rows["page_texts"][0]["raw_text"] == PAGE
    assert rows["pages"][0]["warnings"] == [
        "page.txt: split: page stored without articles: IndexError: list index out of range"
    ]


def test_the_run_summary_counts_the_warnings(tmp_path, monkeypatch, capsys):
    real = gazette.enrich.enrich_articles
    monkeypatch.setattr(
        gazette.enrich,
        "enrich_articles",
        lambda articles, paper=None: (
            real(articles, paper) if all("坏" not in (a["body"] or "") for a in articles) else 1 / 0
        ),
    )
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    _write_page(inbox)
    # Dated and of a known paper: the page's only warning is the one this test makes.
    (inbox / "manifest.csv").write_text("file,issue_date,edition,issue_no,paper\npage.txt,2024-06-20,,,pinghu\n")
    assert main(["run", "--input", str(inbox), "--warehouse", str(tmp_path / "warehouse")]) == 0
    out, err = capsys.readouterr()
    assert "1 warnings" in out.splitlines()[-1]
    assert "enrich: article 2 stored without enrichment: ZeroDivisionError" in err
