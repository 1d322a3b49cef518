"""A page that names no paper takes the one the other pages of its folder name, with a warning
saying how to state it; a page with no date or no paper is told what manifest.csv may add."""

import datetime as dt

import duckdb

from gazette.cli import main
from gazette.papers.sharing import shared_paper
from gazette.warehouse import Warehouse

MARCH, JUNE = dt.date(2024, 3, 1), dt.date(2024, 6, 1)


def test_the_paper_of_its_date_then_of_its_folder():
    assert shared_paper(MARCH, [(MARCH, "pinghu"), (JUNE, None)]) == "pinghu"
    assert shared_paper(None, [(MARCH, "pinghu"), (JUNE, "pinghu")]) == "pinghu"
    assert shared_paper(JUNE, [(MARCH, "pinghu"), (JUNE, "rizhao")]) == "rizhao"  # its own date's first


def test_no_paper_where_the_folder_names_none_or_disagrees():
    assert shared_paper(MARCH, [(JUNE, None)]) is None
    assert shared_paper(None, [(MARCH, "pinghu"), (JUNE, "rizhao")]) is None
    assert shared_paper(MARCH, [(MARCH, "pinghu"), (MARCH, "rizhao")]) is None


def test_the_seed_pages_without_a_manifest_give_one_official_per_person(seed_pages, warehouse: Warehouse, capsys):
    (seed_pages / "manifest.csv").unlink()  # two pages print a masthead; the others name no paper
    assert main(["run", "--input", str(seed_pages), "--warehouse", str(warehouse.root)]) == 0
    with duckdb.connect(str(warehouse.db_path), read_only=True) as con:
        [(jurisdiction, titles)] = con.sql(
            "SELECT jurisdiction, titles FROM officials WHERE name = '仲旭东'"
        ).fetchall()
        undated = [row[0] for row in con.sql("SELECT source_path FROM pages WHERE issue_date IS NULL").fetchall()]
    assert jurisdiction == "平湖市" and "市委书记" in titles
    err = capsys.readouterr().err
    shared = [line for line in err.splitlines() if "taken from the other pages of its folder" in line]
    assert len(shared) == 3 and all("'*,,,,pinghu'" in line for line in shared)
    assert undated and all(f"{path}: issue date unknown: add a line" in err for path in undated)


def test_a_page_added_later_takes_the_paper_of_the_pages_stored_before(seed_pages, warehouse: Warehouse, capsys):
    (seed_pages / "manifest.csv").unlink()
    undated_page = (seed_pages / "000_84179e4bbcd1d47d.txt").read_text(encoding="utf-8")
    assert main(["run", "--input", str(seed_pages), "--warehouse", str(warehouse.root)]) == 0
    (seed_pages / "new.txt").write_text(undated_page + "\n\n又一页。", encoding="utf-8")
    assert main(["run", "--input", str(seed_pages), "--warehouse", str(warehouse.root)]) == 0
    [new] = warehouse.read_page("pages", "new.txt")
    assert (new["paper"], new["paper_source"]) == ("pinghu", "folder")
