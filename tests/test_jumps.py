"""Jump lines (下转第2版, 上接第1版): kept out of the body, stored as the article's continuation, and the
parts of one article paired by the model article_continuations, on text pages and page PDFs."""

from pathlib import Path

import duckdb
import pytest

from gazette.cli import main
from gazette.extract.jumps import Jump, jump_line, take_jumps
from gazette.pipeline import process_page
from gazette.warehouse import Warehouse
from tests.pdfpages import needs_cjk_font
from tests.printed_pages import body_scores, draw_continuation_page, draw_printed_page
from tests.test_split import split_text


@pytest.mark.parametrize(
    ("line", "jump"),
    [
        ("（下转第2版）", Jump("onward", "2")),
        ("下转第二版", Jump("onward", "2")),
        ("(转A03版)", Jump("onward", "A3")),
        ("（上接第一版）", Jump("back", "1")),
        ("（续第十二版）", Jump("back", "12")),
        ("（接 第 3 版）", Jump("back", "3")),
        ("第2版", None),
        ("接着第2版的话题", None),
    ],
)
def test_a_jump_line_names_its_way_and_its_page(line, jump):
    assert jump_line(line) == jump


def test_jumps_at_the_ends_of_a_body_leave_it_and_are_kept_apart():
    taken = take_jumps("（上接第1版）会议要求，加强协作。\n会议强调，压实责任。（下转第三版）")
    assert (taken.body, taken.continued_to, taken.continued_from) == (
        "会议要求，加强协作。\n会议强调，压实责任。",
        "3",
        "1",
    )
    untouched = take_jumps("他说：“转第2版的稿子已经排好。”")
    assert (untouched.continued_to, untouched.continued_from) == (None, None)


FIRST = """## 我市召开乡村振兴工作推进会

本报讯 日前，我市召开乡村振兴工作推进会，总结前一阶段工作，部署下一步任务。会议指出，要坚持农业农村优先发展。

会议强调，各镇街道要压实责任，加大投入，确保各项目标任务按期完成。

（下转第2版）

## 春耕备耕有序推进

本报讯 连日来，各地抓住有利时机，组织农户开展春耕备耕，田间地头一派繁忙景象。
"""

SECOND = """## 城乡居民医保参保登记启动

本报讯 即日起，我市城乡居民医保参保登记工作全面启动，参保群众可通过线上线下多种渠道办理登记缴费。

## 乡村振兴工作推进会召开

（上接第1版）

会议要求，各部门要加强协作，形成合力，推动乡村产业、人才、文化、生态、组织全面振兴。
"""


def test_a_text_page_keeps_its_jump_lines_out_of_the_body_and_on_the_article():
    first, second = split_text(FIRST).articles, split_text(SECOND).articles
    assert [(a["headline"], a["continued_to"], a["continued_from"]) for a in first] == [
        ("我市召开乡村振兴工作推进会", "2", None),
        ("春耕备耕有序推进", None, None),
    ]
    assert first[0]["body"].endswith("按期完成。") and first[0]["body_chars"] == len(first[0]["body"])
    assert [(a["headline"], a["subheadline"], a["continued_from"]) for a in second] == [
        ("城乡居民医保参保登记启动", None, None),
        ("乡村振兴工作推进会召开", None, "1"),
    ]
    assert second[1]["body"].startswith("会议要求")


def continuations(inbox: Path, manifest: str) -> list[tuple]:
    """The inbox built into a warehouse: article_continuations as (headline, page, its continuation's
    headline, page, headline_match)."""
    (inbox / "manifest.csv").write_text(manifest, encoding="utf-8")
    warehouse = Warehouse(inbox.parent / "warehouse")
    assert main(["run", "--input", str(inbox), "--warehouse", str(warehouse.root)]) == 0
    with duckdb.connect(str(warehouse.db_path), read_only=True) as con:
        return con.sql(
            "SELECT headline, page_no, continued_headline, continued_page_no, headline_match "
            "FROM article_continuations ORDER BY headline"
        ).fetchall()


def test_the_parts_of_a_text_article_are_paired_within_its_issue_only(tmp_path):
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    (inbox / "p1.txt").write_text(FIRST, encoding="utf-8")
    (inbox / "p2.txt").write_text(SECOND, encoding="utf-8")
    (inbox / "other_day.txt").write_text(SECOND.replace("城乡居民", "全市职工"), encoding="utf-8")
    manifest = (
        "file,issue_date,page_no,paper\n"
        "p1.txt,2026-03-05,01,pinghu\np2.txt,2026-03-05,02,pinghu\nother_day.txt,2026-03-06,02,pinghu\n"
    )
    # The continuation's headline is not the first part's: the jump lines pair them.
    assert continuations(inbox, manifest) == [
        ("我市召开乡村振兴工作推进会", "01", "乡村振兴工作推进会召开", "02", False)
    ]


@needs_cjk_font
def test_a_pdf_article_that_jumps_to_another_page_is_paired_with_its_rest(tmp_path):
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    first = draw_printed_page(inbox / "a3.pdf", seed=2)
    jumped = [a for a in first.articles if a.continued_to]
    assert jumped, "the seed's page has a jump line"
    number = jumped[0].continued_to
    rest = draw_continuation_page(inbox / "rest.pdf", 3, number, first)
    manifest = f"file,issue_date,page_no,paper\na3.pdf,2026-03-05,A03,pinghu\nrest.pdf,2026-03-05,{number},pinghu\n"
    articles = process_page(inbox / "rest.pdf")["articles"]
    assert min(body_scores(articles, rest)) >= 0.98
    assert {a["headline"]: a["continued_from"] for a in articles if a["continued_from"]} == {
        a.headline: "A3" for a in rest.articles if a.continued_from
    }
    pairs = continuations(inbox, manifest)
    assert pairs == sorted((a.headline, "A03", a.headline, number, True) for a in rest.articles if a.continued_from)
