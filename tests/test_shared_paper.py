"""A page that names no paper takes the one the other pages of its folder name, with a warning
saying how to state it; a page with no date or no paper is told what manifest.csv may add."""

import datetime as dt

import dagster as dg
import duckdb

from gazette.cli import main
from gazette.defs.resources import GazetteResource
from gazette.defs.steps import page_assets
from gazette.extract import read_manifest, source_path_of
from gazette.inbox import scan
from gazette.papers.sharing import shared_paper
from gazette.pipeline import manifest_hint
from gazette.warehouse import Warehouse
from tests.helpers import rows_without_times
from tests.test_sensor import Inbox, keys_of

MARCH, JUNE = dt.date(2024, 3, 1), dt.date(2024, 6, 1)
NO_MASTHEAD = ("000", "001", "004")  # the seed pages that print no masthead (by their names' first digits)


def masthead_pages_aside(seed_pages, folder):
    """The seed pages without their manifest, the pages that print a masthead moved to `folder`."""
    (seed_pages / "manifest.csv").unlink()
    folder.mkdir()
    for page in seed_pages.glob("*.txt"):
        if page.name[:3] not in NO_MASTHEAD:
            page.rename(folder / page.name)
    return folder


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
    assert len(shared) == 3 and all("'*,,,,,pinghu'" in line for line in shared)
    assert undated and all(
        f"{path}: issue date unknown: add a line '{path},<YYYY-MM-DD>,,,,'" in err for path in undated
    )
    for page in warehouse.read_table("pages").to_pylist():  # each page's own warnings say it too
        told = any("'*,,,,,pinghu'" in warning for warning in page["warnings"])
        assert told == (page["source_path"][:3] in NO_MASTHEAD) == (page["paper_source"] == "folder")


def test_the_masthead_pages_run_after_the_others_still_give_one_official_per_person(seed_pages, tmp_path, capsys):
    """Pages with no masthead stored by one `gazette run`, with no paper, and the masthead pages
    by a later one: the first pages are built again with the folder's paper, as by one run."""
    later = masthead_pages_aside(seed_pages, tmp_path / "later")
    warehouse = Warehouse(tmp_path / "warehouse")
    assert main(["run", "--input", str(seed_pages), "--warehouse", str(warehouse.root)]) == 0
    assert capsys.readouterr().err.count("paper unknown, so its officials have no home jurisdiction: add") == 3
    for page in later.iterdir():
        page.rename(seed_pages / page.name)
    assert main(["run", "--input", str(seed_pages), "--warehouse", str(warehouse.root)]) == 0
    out, err = capsys.readouterr()
    assert err.count("taken from the other pages of its folder") == 3
    assert "5 pages processed (0 unchanged)" in out + err
    with duckdb.connect(str(warehouse.db_path), read_only=True) as con:
        people = con.sql("SELECT jurisdiction, apart FROM officials WHERE name = '仲旭东'").fetchall()
        papers = con.sql("SELECT DISTINCT paper FROM pages").fetchall()
        placeless = con.sql("SELECT count(*) FROM officials WHERE jurisdiction IS NULL").fetchone()
    assert people == [("平湖市", None)] and papers == [("pinghu",)] and placeless == (0,)


def test_a_page_added_later_takes_the_paper_of_the_pages_stored_before(seed_pages, warehouse: Warehouse, capsys):
    (seed_pages / "manifest.csv").unlink()
    undated_page = (seed_pages / "000_84179e4bbcd1d47d.txt").read_text(encoding="utf-8")
    assert main(["run", "--input", str(seed_pages), "--warehouse", str(warehouse.root)]) == 0
    (seed_pages / "new.txt").write_text(undated_page + "\n\n又一页。", encoding="utf-8")
    assert main(["run", "--input", str(seed_pages), "--warehouse", str(warehouse.root)]) == 0
    [new] = warehouse.read_page("pages", "new.txt")
    assert (new["paper"], new["paper_source"]) == ("pinghu", "folder")


def test_the_manifest_line_a_warning_gives_parses_under_the_header_it_gives(tmp_path):
    hint = manifest_hint(file="*", paper="pinghu")
    line, header = hint.split("'")[1], hint.split("'")[3]
    (tmp_path / "manifest.csv").write_text(f"{header}\n{line}\n", encoding="utf-8")
    manifest = read_manifest(tmp_path)
    assert manifest.entries["*"] == {"paper": "pinghu"} and not manifest.problems


def test_dagster_gives_the_pages_without_a_paper_their_folders_as_gazette_run_does(seed_pages, tmp_path):
    (seed_pages / "manifest.csv").unlink()
    by_run, by_dagster = Warehouse(tmp_path / "run"), Warehouse(tmp_path / "dagster")
    assert main(["run", "--input", str(seed_pages), "--warehouse", str(by_run.root)]) == 0
    keys = sorted(file.key for file in scan(seed_pages)[0])
    instance = dg.DagsterInstance.ephemeral()
    instance.add_dynamic_partitions("pages", keys)
    assert dg.materialize(
        page_assets,
        tags={"dagster/asset_partition_range_start": keys[0], "dagster/asset_partition_range_end": keys[-1]},
        resources={"gazette": GazetteResource(warehouse_dir=str(by_dagster.root), inbox_dir=str(seed_pages))},
        instance=instance,
    ).success
    papers = {row["paper"] for row in by_dagster.read_table("pages").to_pylist()}
    assert papers == {"pinghu"}
    page_tables = ("pages", "page_texts", "articles", "official_mentions", "appointments", "economic_figures")
    run_rows, dagster_rows = rows_without_times(by_run), rows_without_times(by_dagster)
    assert all(dagster_rows[table] == run_rows[table] for table in page_tables)


def test_an_official_of_a_folder_with_no_paper_says_why_it_has_no_place(seed_pages, warehouse: Warehouse):
    (seed_pages / "manifest.csv").unlink()
    for page in seed_pages.glob("*.txt"):  # only the pages that print no masthead
        if page.name[:3] not in NO_MASTHEAD:
            page.unlink()
    assert main(["run", "--input", str(seed_pages), "--warehouse", str(warehouse.root)]) == 0
    with duckdb.connect(str(warehouse.db_path), read_only=True) as con:
        [(jurisdiction, apart)] = con.sql("SELECT jurisdiction, apart FROM officials WHERE name = '仲旭东'").fetchall()
        placed = con.sql("SELECT count(*) FROM officials WHERE jurisdiction IS NOT NULL AND apart IS NOT NULL")
        assert placed.fetchall() == [(0,)]
    assert jurisdiction is None and apart == "no place; no official named 仲旭东 with its titles has one"


def test_a_page_run_before_its_folders_masthead_page_is_run_again_with_the_folders_paper(seed_pages, tmp_path):
    """One-page Dagster runs in the worst order (the pages with no masthead land first) end as one
    `gazette run` over the folder does, once the sensor runs the pages without a paper again."""
    held = masthead_pages_aside(seed_pages, tmp_path / "held")
    by_dagster = Warehouse(tmp_path / "dagster")
    inbox = Inbox(seed_pages, by_dagster)

    def run_what_the_sensor_asks() -> list[str]:
        ran = []  # a first look at new files, then a second: they run once they held still
        for request in [*inbox.tick().run_requests, *inbox.tick().run_requests]:
            keys = keys_of(request, inbox)
            tags = {"dagster/asset_partition_range_start": keys[0], "dagster/asset_partition_range_end": keys[-1]}
            assert dg.materialize(page_assets, tags=tags, resources=inbox.resources, instance=inbox.instance).success
            ran += [source_path_of(key) for key in keys]
        return sorted(ran)

    assert len(run_what_the_sensor_asks()) == 3
    assert {row["paper"] for row in by_dagster.read_table("pages").to_pylist()} == {None}
    for page in held.iterdir():
        page.rename(seed_pages / page.name)
    assert len(run_what_the_sensor_asks()) == 2  # the masthead pages
    assert [name[:3] for name in run_what_the_sensor_asks()] == sorted(NO_MASTHEAD)  # run again
    assert run_what_the_sensor_asks() == []  # once
    by_run = Warehouse(tmp_path / "run")
    assert main(["run", "--input", str(seed_pages), "--warehouse", str(by_run.root)]) == 0
    page_tables = ("pages", "page_texts", "articles", "official_mentions", "appointments", "economic_figures")
    run_rows, dagster_rows = rows_without_times(by_run), rows_without_times(by_dagster)
    assert all(dagster_rows[table] == run_rows[table] for table in page_tables)
