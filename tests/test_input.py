"""The input side: which files of an inbox are pages, how their bytes are decoded, what their
names and the manifest say, and characters that must not change what is extracted."""

import contextlib
import datetime as dt
import os
import random
from pathlib import Path

import opencc
import pytest

from gazette import inbox
from gazette.clean import clean_page
from gazette.cli import main
from gazette.extract import PageError, read_manifest, read_page
from gazette.offsets import raw_offset
from gazette.pipeline import process_page
from gazette.warehouse import page_stem

# A short synthetic page: one article with an official in a role and a money figure.
PAGE = (
    "## 新仓镇召开工业经济推进会\n\n■记者 李雨婷\n\n"
    "本报讯 10月9日上午，新仓镇召开工业经济推进会。市委书记仲旭东出席会议并讲话。"
    "今年前三季度，新仓镇完成规上工业总产值52.3亿元，同比增长8.6%。\n"
)
TRADITIONAL = opencc.OpenCC("s2t").convert(PAGE)

PAGE_SUFFIXES = ".md, .markdown, .txt, .htm, .html, .pdf, .jpg, .jpeg, .png, .tif, .tiff"


def write(folder, name, text=PAGE, encoding="utf-8"):
    path = folder / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(text.encode(encoding) if isinstance(text, str) else text)
    return path


def run(folder, warehouse) -> int:
    return main(["run", "--input", str(folder), "--warehouse", str(warehouse.root), "--workers", "1"])


def extracted(rows) -> tuple[set, set]:
    officials = {(m["name"], m["role"]) for m in rows["official_mentions"]}
    figures = {(f["value_normalized"], f["normalized_unit"]) for f in rows["economic_figures"]}
    return officials, figures


# ---------------------------------------------------------------- invisible characters (15.3)


@pytest.mark.parametrize("invisible", ["\u200b", "\u200c", "\u200d", "\u2060", "\ufeff", "\u00ad"])
def test_invisible_characters_are_removed_and_offsets_still_point_into_the_raw_text(invisible):
    raw = PAGE.replace("52.3亿元", f"5{invisible}2.3亿元").replace("仲旭东", f"仲{invisible}旭东")
    cleaned = clean_page(raw)
    assert invisible not in cleaned.text and "52.3亿元" in cleaned.text and "仲旭东" in cleaned.text
    assert len(cleaned.raw_offsets) == len(cleaned.text)
    for char, offset in zip(cleaned.text, cleaned.raw_offsets, strict=True):
        if char != "\n":
            assert raw[offset] == char


def test_invisible_characters_do_not_change_the_officials_and_figures_found(tmp_path):
    plain = process_page(write(tmp_path, "plain.txt"))
    spiked = process_page(
        write(tmp_path, "spiked.txt", PAGE.replace("52.3", "5\u200b2.3").replace("仲旭", "仲\u200b旭"))
    )
    assert extracted(spiked) == extracted(plain)
    assert ("仲旭东", "出席") in extracted(spiked)[0] and (5.23e9, "CNY") in extracted(spiked)[1]


# ---------------------------------------------------------------- traditional Chinese (15.6)


def test_a_traditional_page_gives_what_the_simplified_page_gives(tmp_path):
    assert "億元" in TRADITIONAL and "仲旭東" in TRADITIONAL and "記者" in TRADITIONAL
    simplified = process_page(write(tmp_path, "simplified.txt"))
    traditional = process_page(write(tmp_path, "traditional.txt", TRADITIONAL))
    assert ("仲旭东", "出席") in extracted(simplified)[0] and (5.23e9, "CNY") in extracted(simplified)[1]
    assert extracted(traditional) == extracted(simplified)
    assert traditional["articles"][0]["reporters"] == ["李雨婷"]
    # The original text is kept, and every cleaned character points back to its original.
    [texts] = traditional["page_texts"]
    assert texts["raw_text"] == TRADITIONAL and "仲旭东" in texts["clean_text"]
    start = texts["clean_text"].index("仲旭东")
    offsets = [raw_offset(texts["raw_offset_runs"], i) for i in range(start, start + 3)]
    assert "".join(texts["raw_text"][i] for i in offsets) == "仲旭東"


def test_a_simplified_page_is_left_as_it_is_even_where_t2s_would_change_it():
    # t2s maps 覆 -> 复, 坏 -> 坯 and 乾 -> 干 outside its phrases; simplified text uses all three.
    page = PAGE + "本报讯 大雨覆盖全镇，道路损坏。村民张乾表示，将尽快修复。\n"
    assert opencc.OpenCC("t2s").convert(page) != page
    assert "覆盖全镇，道路损坏。村民张乾" in clean_page(page).text


def test_a_traditional_masthead_dates_the_page(tmp_path):
    page = write(tmp_path, "page.txt", "2019年2月26日 星期二\n總第5262期\n\n" + TRADITIONAL)
    row = read_page(page).row
    assert (row["issue_date"], row["issue_date_source"], row["issue_no"]) == (dt.date(2019, 2, 26), "masthead", 5262)


# ---------------------------------------------------------------- decoding (15.5, 15.14)


@pytest.mark.parametrize("encoding", ["big5", "cp950", "big5hkscs"])
def test_a_big5_page_is_read_as_big5_not_as_gb18030_gibberish(tmp_path, encoding):
    page = read_page(write(tmp_path, "big5.txt", TRADITIONAL, encoding))
    assert page.text == TRADITIONAL
    assert page.row["encoding"] == "big5hkscs"


def test_gb18030_and_utf8_pages_are_still_read_as_such(tmp_path):
    assert read_page(write(tmp_path, "gb.txt", PAGE, "gb18030")).row["encoding"] == "gb18030"
    assert read_page(write(tmp_path, "u8.txt", TRADITIONAL, "utf-8")).row["encoding"] == "utf-8"


def test_random_high_bytes_are_rejected_in_one_line_naming_the_file(tmp_path):
    noise = random.Random(7)
    content = bytes(noise.randrange(0x81, 0xFF) for _ in range(6000))
    assert content.decode("gb18030")  # it decodes: only its plausibility gives it away
    with pytest.raises(PageError) as err:
        read_page(write(tmp_path, "noise.txt", content))
    assert str(err.value).startswith("noise.txt: does not read as Chinese text") and "\n" not in str(err.value)


@pytest.mark.parametrize("encoding", ["utf-16-le", "utf-16-be"])
def test_utf16_without_a_byte_order_mark_is_detected_not_called_binary(tmp_path, encoding):
    page = read_page(write(tmp_path, "u16.txt", PAGE, encoding))
    assert page.text == PAGE and page.row["encoding"] == encoding


# ---------------------------------------------------------------- file names (15.10, 13.5)


def test_page_files_in_any_case_with_trailing_spaces_and_in_subfolders_are_pages(tmp_path):
    for name in ("PAGE.TXT", "spaced.txt ", "sub/inner.md", "2019-02/26/01.txt"):
        write(tmp_path, name, PAGE.replace("新仓镇", name.strip()[:2] + "镇"))
    files, errors, skipped = inbox.scan(tmp_path)
    assert [file.name for file in files] == ["2019-02/26/01.txt", "PAGE.TXT", "spaced.txt ", "sub/inner.md"]
    assert errors == [] and skipped == []
    assert read_page(tmp_path / "PAGE.TXT").row["format"] == "markdown"


def test_what_is_not_a_page_is_reported_one_line_each(tmp_path):
    write(tmp_path, "page.txt")
    write(tmp_path, "notes.docx", b"PK")
    write(tmp_path, ".hidden.txt.swp", b"x")  # editors' temp files pass silently
    write(tmp_path, "manifest.csv", "file,issue_date\n")  # read, not a page
    os.symlink(tmp_path / "gone.txt", tmp_path / "dangling.txt")
    os.symlink("loop.txt", tmp_path / "loop.txt")
    os.symlink(tmp_path, tmp_path / "sub")
    files, errors, skipped = inbox.scan(tmp_path)
    assert [file.name for file in files] == ["page.txt"]
    assert sorted(errors) == [
        f"{tmp_path}/dangling.txt: broken symbolic link",
        f"{tmp_path}/loop.txt: cannot read: Too many levels of symbolic links",
    ]
    assert sorted(skipped) == [
        f"{tmp_path}/notes.docx: not a page file ({PAGE_SUFFIXES}); skipped",
        f"{tmp_path}/sub: folder already read (a symbolic link back into the inbox)",
    ]


def test_a_page_file_whose_name_is_not_utf8_is_an_error_naming_it_and_the_others_are_read(tmp_path):
    write(tmp_path, "page.txt")
    (tmp_path / os.fsdecode(b"\xff\xfe.txt")).write_text(PAGE, encoding="utf-8")
    files, errors, skipped = inbox.scan(tmp_path)
    assert [file.name for file in files] == ["page.txt"]
    assert errors == [f"{tmp_path}/\\xff\\xfe.txt: file name is not UTF-8; rename it to read the page"]
    assert skipped == []


def test_stats_shared_among_threads_are_those_of_each_file_in_order(tmp_path, monkeypatch):
    monkeypatch.setattr(inbox, "STAT_SHARE_FILES", 2)
    monkeypatch.setattr(inbox.os, "cpu_count", lambda: 4)
    for number in range(9):
        write(tmp_path, f"p{number}.txt", PAGE.encode() + b"x" * number)
    listing = inbox.page_files(tmp_path)
    assert listing.sizes == [(tmp_path / name).stat().st_size for name in listing.names]
    assert listing.mtimes_ns == [(tmp_path / name).stat().st_mtime_ns for name in listing.names]
    assert sorted(listing.names) == [f"p{number}.txt" for number in range(9)]


class StatsRefused:
    """A file system whose batch stat fails (a file it may not stat): the walk stats one by one."""

    def get_file_info(self, paths):
        raise PermissionError(13, "Permission denied")


@pytest.mark.parametrize("batch_stat", ["in one call", "shared among threads", "one by one"])
def test_a_file_gone_between_the_walk_and_its_stat_is_reported_by_name(tmp_path, monkeypatch, batch_stat):
    if batch_stat == "shared among threads":
        monkeypatch.setattr(inbox, "STAT_SHARE_FILES", 1)
    if batch_stat == "one by one":
        monkeypatch.setattr(inbox, "LOCAL_FILES", StatsRefused())
    write(tmp_path, "page.txt")
    write(tmp_path, "gone.txt")
    scandir = os.scandir

    def scandir_then_delete(path):  # the walk sees gone.txt; by its stat it has been removed
        entries = list(scandir(path))
        (tmp_path / "gone.txt").unlink(missing_ok=True)
        return contextlib.nullcontext(entries)

    monkeypatch.setattr(inbox.os, "scandir", scandir_then_delete)
    files, errors, _ = inbox.scan(tmp_path)
    assert [file.name for file in files] == ["page.txt"]
    assert errors == [f"{tmp_path}/gone.txt: cannot read: No such file or directory"]


def test_entries_of_the_working_folder_are_named_as_a_path_relative_to_it(tmp_path, monkeypatch):
    write(tmp_path, "page.txt")
    write(tmp_path / "sub", "notes.docx", b"PK")
    monkeypatch.chdir(tmp_path)
    files, errors, skipped = inbox.scan(Path("."))
    assert errors == []
    assert [(str(file.path), file.name) for file in files] == [("page.txt", "page.txt")]
    assert skipped == [f"sub/notes.docx: not a page file ({PAGE_SUFFIXES}); skipped"]


def test_a_manifest_row_of_an_unreadable_page_file_is_noticed_too(tmp_path, warehouse, capsys):
    folder = tmp_path / "inbox"
    write(folder, "page.txt")
    os.symlink("/proc/self/mem", folder / "bad.txt")  # opens, and every read fails (EIO)
    (folder / "manifest.csv").write_text("file,issue_date\nbad.txt,2023-05-06\n", encoding="utf-8")
    assert run(folder, warehouse) == 1
    err = capsys.readouterr().err
    assert f"{folder}/bad.txt: cannot read: " in err
    assert f"{folder}/manifest.csv: line 2: bad.txt is not a page file of the inbox" in err


def test_a_symlink_loop_is_reported_and_the_run_goes_on(tmp_path, warehouse, capsys):
    folder = tmp_path / "inbox"
    write(folder, "page.txt")
    os.symlink("loop.txt", folder / "loop.txt")
    assert run(folder, warehouse) == 1
    err = capsys.readouterr().err
    assert f"{folder}/loop.txt: cannot read: Too many levels of symbolic links" in err
    assert warehouse.read_table("pages").column("source_path").to_pylist() == ["page.txt"]


def test_a_page_name_is_its_path_in_the_inbox_so_same_named_files_of_two_days_are_two_pages(
    tmp_path, warehouse, capsys
):
    folder = tmp_path / "inbox"
    write(folder, "20190226/01.txt")
    write(folder, "20190227/01.txt", PAGE.replace("52.3", "61.7"))
    write(folder, "01.txt", PAGE.replace("52.3", "70.1"))
    assert run(folder, warehouse) == 0
    pages = {row["source_path"]: row for row in warehouse.read_table("pages").to_pylist()}
    assert sorted(pages) == ["01.txt", "20190226/01.txt", "20190227/01.txt"]
    assert pages["20190226/01.txt"]["partition_key"].startswith("20190226/01.txt@")
    assert len({page_stem(name) for name in pages}) == 3
    assert (pages["20190227/01.txt"]["issue_date"], pages["20190227/01.txt"]["page_no"]) == (dt.date(2019, 2, 27), "1")
    capsys.readouterr()
    assert run(folder, warehouse) == 0
    assert "0 pages processed (3 unchanged)" in capsys.readouterr().out
    (folder / "20190226/01.txt").unlink()
    assert run(folder, warehouse) == 0
    deleted = {row["source_path"] for row in warehouse.read_table("pages").to_pylist() if row["deleted_at"]}
    assert deleted == {"20190226/01.txt"}


@pytest.mark.parametrize(
    "name, date, page_no",
    [
        ("2019-02-26_11.txt", dt.date(2019, 2, 26), "11"),
        ("20190226/01.txt", dt.date(2019, 2, 26), "1"),
        ("2019-02/26/03.txt", dt.date(2019, 2, 26), "3"),
        ("2019/02/26/A02.txt", dt.date(2019, 2, 26), "A02"),
        ("2019-02-26/2019-02-26_04.txt", dt.date(2019, 2, 26), "4"),
        ("2019-02-26.txt", dt.date(2019, 2, 26), None),
        ("2019-02-26/2019-02-27_01.txt", None, None),  # two dates: none
        ("2019-02-30_01.txt", None, None),  # no such day
        ("000_84179e4bbcd1d47d.txt", None, None),
        ("07.txt", None, None),  # a number alone may be anything
    ],
)
def test_an_unambiguous_date_and_page_number_are_read_from_the_file_and_folder_names(tmp_path, name, date, page_no):
    row = read_page(write(tmp_path, name), root=tmp_path).row
    assert (row["issue_date"], row["page_no"], row["source_path"]) == (date, page_no, name)
    assert row["issue_date_source"] == ("file_name" if date else None)


def test_the_issue_date_comes_from_manifest_then_masthead_then_file_name_then_datelines(tmp_path):
    dateline_page = "2019年的工作。2019年的计划。\n\n" + PAGE
    masthead = "2019年3月1日 星期五\n\n"
    path = write(tmp_path, "2019-02-26_05.txt", dateline_page)
    assert (read_page(path).row["issue_date"], read_page(path).row["issue_date_source"]) == (
        dt.date(2019, 2, 26),
        "file_name",
    )
    path = write(tmp_path, "2019-02-26_05.txt", masthead + dateline_page)
    page = read_page(path)
    assert (page.row["issue_date"], page.row["issue_date_source"]) == (dt.date(2019, 3, 1), "masthead")
    assert page.warnings == [
        "2019-02-26_05.txt: its name says 2019-02-26, its masthead 2019-03-01; the masthead's date kept"
    ]
    write(tmp_path, "manifest.csv", "file,issue_date,page_no\n2019-02-26_05.txt,2019-03-02,A5\n")
    page = read_page(path)
    row = page.row
    assert (row["issue_date"], row["issue_date_source"], row["page_no"]) == (dt.date(2019, 3, 2), "manifest", "A5")
    assert page.warnings[-1] == (
        "2019-02-26_05.txt: its manifest says 2019-03-02, its masthead 2019-03-01; the manifest's date kept"
    )
    assert read_page(write(tmp_path, "undated.txt", dateline_page)).row["issue_date_source"] == "dateline"


# ---------------------------------------------------------------- manifest.csv (15.11)


def test_a_manifest_names_pages_by_their_path_in_the_inbox(tmp_path):
    page = write(tmp_path, "day/01.txt")
    write(
        tmp_path, "manifest.csv", "file,issue_date,edition,issue_no,paper\nday/01.txt,2023-05-08,平湖版,第12期,pinghu\n"
    )
    row = read_page(page, root=tmp_path).row
    assert (row["issue_date"], row["edition"], row["issue_no"]) == (dt.date(2023, 5, 8), "平湖版", 12)
    assert read_manifest(tmp_path).problems == []


@pytest.mark.parametrize(
    "content, problems",
    [
        (
            "filename,date\n01.txt,2023-05-08\n",
            [
                "header 'filename,date' has no 'file' column "
                "(expected file,issue_date,edition,issue_no,page_no,paper); manifest ignored"
            ],
        ),
        (
            "file,issue_date\n01.txt,2023-05-08\n01.txt,2023-05-09\n",
            ["line 3: 01.txt already on line 2; line ignored"],
        ),
        ("file,issue_no\n01.txt,第12期\n02.txt,十二\n", ["line 3: issue_no '十二' is not an issue number"]),
        ("file,issue_date\n01.txt,2023-13-01\n", ["line 2: issue_date '2023-13-01' is not a YYYY-MM-DD date"]),
        (
            "file,dat,issue_date\n01.txt,x,2023-05-08\n,,\n,2023-05-08,\n",
            [
                "column 'dat' unknown (expected file,issue_date,edition,issue_no,page_no,paper); its values ignored",
                "line 4: no file name; line ignored",
            ],
        ),
    ],
)
def test_each_problem_of_a_manifest_is_one_line(tmp_path, content, problems):
    write(tmp_path, "manifest.csv", content)
    manifest = read_manifest(tmp_path)
    assert manifest.problems == [f"{tmp_path}/manifest.csv: {problem}" for problem in problems]


def test_a_manifest_is_decoded_like_a_page_and_its_problems_reported_by_the_run(tmp_path, warehouse, capsys):
    folder = tmp_path / "inbox"
    write(folder, "01.txt")
    write(folder, "manifest.csv", "file,issue_date,edition,issue_no\n01.txt,2023-05-08,平湖版,第12期\n", "gbk")
    assert run(folder, warehouse) == 0
    [row] = warehouse.read_table("pages").to_pylist()
    assert (row["edition"], row["issue_no"], row["issue_date_source"]) == ("平湖版", 12, "manifest")
    write(folder, "manifest.csv", "file,issue_date\n01.txt,2023-05-08\n01.txt,2023-05-09\ngone.txt,2023-05-08\n")
    assert run(folder, warehouse) == 1
    err = capsys.readouterr().err
    assert f"gazette: {folder}/manifest.csv: line 3: 01.txt already on line 2; line ignored\n" in err
    assert f"gazette: {folder}/manifest.csv: line 4: gone.txt is not a page file of the inbox\n" in err
    [row] = warehouse.read_table("pages").to_pylist()
    assert row["issue_date"] == dt.date(2023, 5, 8)


def explain_header(page, capsys, *extra) -> str:
    assert main(["explain", str(page), *extra]) == 0
    return capsys.readouterr().out.splitlines()[0]


def test_explain_without_inbox_finds_it_from_the_page_s_folders_as_the_run_dates_it(
    tmp_path, warehouse, capsys, monkeypatch
):
    monkeypatch.setenv("GAZETTE_INBOX", str(tmp_path / "elsewhere"))
    page = write(tmp_path / "inbox", "2024/03/15/01.txt")
    assert run(tmp_path / "inbox", warehouse) == 0
    [stored] = warehouse.read_table("pages").to_pylist()
    assert (stored["source_path"], str(stored["issue_date"])) == ("2024/03/15/01.txt", "2024-03-15")
    capsys.readouterr()
    first = explain_header(page, capsys)
    assert first.startswith("2024/03/15/01.txt  page_id=") and "issue_date=2024-03-15 (file_name)" in first
    assert f"page_id={stored['page_id']}" in first
    assert "None" not in first and f"paper={stored['paper'] or '-'}" in first and "edition=-" in first


def test_explain_without_inbox_reads_the_manifest_of_the_inbox_above_the_page(tmp_path, capsys, monkeypatch):
    monkeypatch.setenv("GAZETTE_INBOX", str(tmp_path / "elsewhere"))
    (tmp_path / "inbox").mkdir()
    (tmp_path / "inbox" / "manifest.csv").write_text(
        "file,issue_date,edition,issue_no,page_no,paper\nmorning/07.txt,2023-05-08,平湖版,,,pinghu\n", encoding="utf-8"
    )
    page = write(tmp_path / "inbox", "morning/07.txt")
    first = explain_header(page, capsys)
    assert first.startswith("morning/07.txt  page_id=")
    assert "issue_date=2023-05-08 (manifest)" in first and "edition=平湖版" in first


def test_explain_names_and_dates_a_page_by_its_path_in_the_inbox(tmp_path, capsys):
    page = write(tmp_path / "inbox", "2019-02/26/03.txt")
    assert main(["explain", str(page), "--inbox", str(tmp_path / "inbox")]) == 0
    first = capsys.readouterr().out.splitlines()[0]
    assert first.startswith("2019-02/26/03.txt  page_id=") and "issue_date=2019-02-26 (file_name)" in first
