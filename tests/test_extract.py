"""Extract: decoding, refusal of bad input with one-line errors, masthead metadata."""

import datetime as dt

import pytest

from gazette.extract import PageError, read_page
from tests.helpers import SEEDS, gold_for

PAGE_002 = next(p for p in SEEDS if p.name.startswith("002_"))


def test_masthead_gives_date_issue_and_edition():
    row = read_page(PAGE_002).row
    assert row["issue_date"] == dt.date(2023, 9, 12)
    assert row["issue_date_source"] == "masthead"
    assert row["issue_no"] == 5262
    assert row["edition"] == "平湖版"


def test_seeds_without_masthead_date_never_claim_one():
    sources = {p.name[:3]: read_page(p).row["issue_date_source"] for p in SEEDS}
    assert sources == {"000": None, "001": "dateline", "002": "masthead", "003": "dateline", "004": None}


def test_markdown_is_detected_from_headings_in_a_txt_file():
    formats = {p.name[:3]: read_page(p).row["format"] for p in SEEDS}
    assert formats["001"] == "markdown" and formats["000"] == "text"


def test_page_id_is_the_content_hash_whatever_the_name(tmp_path):
    copy = tmp_path / "renamed.txt"
    copy.write_bytes(PAGE_002.read_bytes())
    assert read_page(copy).row["page_id"] == read_page(PAGE_002).row["page_id"]


def test_gb18030_and_crlf_pages_read_as_the_same_text(tmp_path):
    text = PAGE_002.read_text(encoding="utf-8")
    gb = tmp_path / "gb.txt"
    gb.write_bytes(text.replace("\n", "\r\n").encode("gb18030"))
    page = read_page(gb)
    assert page.row["encoding"] == "gb18030"
    assert page.text == text


@pytest.mark.parametrize(
    "content, reason",
    [
        (b"", "empty file"),
        (b"  \n\n ", "empty file"),
        (b"\x00\x01\x02binary\x00", "binary"),
        (b"\xff\xfe\xfd" * 50 + b"\xff", "truncated or invalid UTF-16"),
        ("本报讯".encode("gb18030") + b"\x81\x20\xff" * 20, "not valid UTF-8, GB18030 or Big5"),
        (b"plain English text only, no Chinese at all", "no Chinese"),
    ],
)
def test_bad_input_gets_one_line_error_naming_the_file(tmp_path, content, reason):
    bad = tmp_path / "bad_page.txt"
    bad.write_bytes(content)
    with pytest.raises(PageError) as err:
        read_page(bad)
    message = str(err.value)
    assert message.startswith("bad_page.txt: ") and reason in message and "\n" not in message


def test_huge_file_is_refused_without_reading_it(tmp_path):
    huge = tmp_path / "huge.txt"
    with huge.open("wb") as f:
        f.truncate(50 * 1024 * 1024)
    with pytest.raises(PageError, match=r"huge\.txt: too large"):
        read_page(huge)


def test_impossible_masthead_date_is_a_warning_not_a_date(tmp_path):
    page = tmp_path / "feb30.txt"
    page.write_text("2023年2月30日◆星期四\n\n平湖版\n\n本报讯 昨天，我市召开会议。", encoding="utf-8")
    extracted = read_page(page)
    assert extracted.row["issue_date"] is None
    assert extracted.warnings == ["feb30.txt: impossible masthead date 2023年2月30日; issue date left unknown"]


def test_manifest_states_the_date(tmp_path):
    row = read_page(SEEDS[0], manifest={SEEDS[0].name: {"issue_date": "2023-05-08", "edition": "平湖版"}}).row
    assert (row["issue_date"], row["issue_date_source"], row["edition"]) == (dt.date(2023, 5, 8), "manifest", "平湖版")


def test_manifest_csv_beside_the_pages_states_or_corrects_the_date(tmp_path):
    page = tmp_path / SEEDS[0].name
    page.write_bytes(SEEDS[0].read_bytes())
    (tmp_path / "manifest.csv").write_text(
        f"file,issue_date,edition,issue_no\n{page.name},2023-05-08,平湖版,\n", encoding="utf-8"
    )
    row = read_page(page).row
    assert (row["issue_date"], row["issue_date_source"], row["edition"]) == (dt.date(2023, 5, 8), "manifest", "平湖版")
    (tmp_path / "manifest.csv").write_text(f"file,issue_date\n{page.name},2023-13-01\n", encoding="utf-8")
    row = read_page(page).row  # a bad manifest value is reported by read_manifest, and the page still read
    assert row["issue_date_source"] != "manifest"


def test_without_a_masthead_the_latest_dateline_dates_the_page_when_the_year_is_clear(tmp_path):
    page = tmp_path / "no_masthead.txt"
    page.write_text(
        "本报讯（记者 王强）5月5日上午，我市召开2023年一季度经济形势分析会。\n\n"
        "本报讯 5月6日下午，全市2023年重点项目集中开工。\n\n本报讯 昨天，我市表彰2022年度先进。",
        encoding="utf-8",
    )
    extracted = read_page(page)
    assert (extracted.row["issue_date"], extracted.row["issue_date_source"]) == (dt.date(2023, 5, 6), "dateline")
    assert "estimated from datelines" in extracted.warnings[0]


@pytest.mark.parametrize(
    "text",
    [
        "本报讯 5月6日下午，我市表彰2022年度先进。",  # a year named once may be a look back
        "本报讯 昨天下午，我市召开2023年重点项目推进会，2023年目标已定。",  # no dated dateline
    ],
)
def test_without_a_clear_year_or_dateline_the_date_stays_unknown(tmp_path, text):
    page = tmp_path / "vague.txt"
    page.write_text(text, encoding="utf-8")
    assert read_page(page).row["issue_date"] is None


@pytest.mark.parametrize("seed", SEEDS, ids=lambda path: path.name[:3])
def test_dateline_estimates_on_the_seeds_fall_in_the_days_before_the_inferred_issue(seed):
    gold = gold_for(seed)
    row = read_page(seed).row
    if row["issue_date_source"] == "masthead":
        assert str(row["issue_date"]) == gold["issue_date"]
    elif row["issue_date_source"] == "dateline":
        inferred = dt.date.fromisoformat(gold["issue_date_inferred"])
        assert dt.timedelta(0) <= inferred - row["issue_date"] <= dt.timedelta(days=4)
    else:
        assert row["issue_date"] is None


@pytest.mark.parametrize(
    "opening",
    [
        "本报北京2026年5月28日电（记者 王强）昨天，全国春播进度过半。",  # a dateline, a year in it
        "新华社北京2026年5月28日电 国务院新闻办公室28日举行发布会。",
        "春播进度过半\n\n本报讯 截至\n2026年5月28日\n，全国春播粮\n食已过半。",  # a wrapped line of a date alone
        "春播进度过半\n\n记者 王强\n\n2026年5月28日 星期四 上午\n，全国春播粮食已过半。",  # 星期 inside an article
    ],
)
def test_a_date_in_an_articles_first_lines_is_never_the_masthead(tmp_path, opening):
    page = tmp_path / "2026-05-29_03.txt"
    page.write_text(opening + "\n\n各地抓住有利时机，加快播种进度。\n", encoding="utf-8")
    row = read_page(page).row
    assert (row["issue_date"], row["issue_date_source"]) == (dt.date(2026, 5, 29), "file_name")


def test_a_masthead_block_dates_the_page_and_a_disagreeing_file_name_is_warned(tmp_path):
    page = tmp_path / "2026-05-28_03.txt"
    page.write_text(
        "城南日报\n\n2026年5月29日\n\n第3版\n\n春播进度过半\n\n本报讯 昨天，全国春播过半。\n", encoding="utf-8"
    )
    extracted = read_page(page)
    assert (extracted.row["issue_date"], extracted.row["issue_date_source"]) == (dt.date(2026, 5, 29), "masthead")
    assert extracted.warnings == [
        "2026-05-28_03.txt: its name says 2026-05-28, its masthead 2026-05-29; the masthead's date kept"
    ]
