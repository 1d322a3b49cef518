import subprocess
import sys
import textwrap

import duckdb
import pytest

from gazette.models import load_models
from gazette.storage.lake import Lake
from gazette.tables import PAGE_TABLES, SCHEMAS
from gazette.warehouse import Warehouse, page_stem


def article(article_id: str, page_id: str = "p1") -> dict:
    return {"article_id": article_id, "page_id": page_id, "headline": f"标题{article_id}", "reporters": ["潘晓琴"]}


def stored_files(warehouse: Warehouse) -> list[str]:
    return sorted(str(p.relative_to(warehouse.root)) for p in warehouse.root.rglob("*") if p.is_file())


def test_a_page_written_is_a_data_file_of_the_lake_and_rows_in_its_catalog(warehouse):
    warehouse.write_page_table("articles", "000.txt", [article("a1")])
    files = stored_files(warehouse)
    assert [name for name in files if not name.startswith("lake/")] == ["catalog.sqlite"]
    assert len([name for name in files if name.startswith("lake/main/articles/")]) == 1


def test_a_write_that_fails_half_way_leaves_every_table_of_the_page_as_it_was(warehouse, monkeypatch):
    warehouse.write_page("000.txt", {"pages": [{"page_id": "p1"}], "articles": [article("a1")]})
    stored = Lake._stored

    def full_disk_at_articles(table, rows, stem):
        if table == "articles":
            raise OSError("No space left on device")
        return stored(table, rows, stem)

    monkeypatch.setattr(Lake, "_stored", staticmethod(full_disk_at_articles))
    with pytest.raises(OSError):
        warehouse.write_page("000.txt", {"pages": [{"page_id": "p2"}], "articles": [article("a2")]})
    assert warehouse.read_table("pages").column("page_id").to_pylist() == ["p1"]
    assert warehouse.read_table("articles").column("article_id").to_pylist() == ["a1"]


def test_a_page_with_no_rows_in_a_table_is_still_written_there(warehouse):
    warehouse.write_page_table("economic_figures", "000.txt", [])
    assert warehouse.read_page("economic_figures", "000.txt") == []
    assert warehouse.read_table("economic_figures").schema == SCHEMAS["economic_figures"]
    with pytest.raises(FileNotFoundError):
        warehouse.read_page("articles", "000.txt")


def test_absent_table_reads_as_typed_empty_table(warehouse):
    data = warehouse.read_table("officials")
    assert data.num_rows == 0 and data.schema == SCHEMAS["officials"]


def test_replacing_a_partition_replaces_exactly_its_rows(warehouse):
    warehouse.write_page_table("articles", "000.txt", [article("a1"), article("a2")])
    warehouse.write_page_table("articles", "001.txt", [article("b1", "p2")])
    warehouse.write_page_table("articles", "000.txt", [article("a3")])
    ids = sorted(warehouse.read_table("articles").column("article_id").to_pylist())
    assert ids == ["a3", "b1"]
    assert warehouse.read_page("articles", "001.txt") == [
        {**dict.fromkeys(SCHEMAS["articles"].names), **article("b1", "p2")}
    ]


def test_delete_stored_removes_a_page_from_every_page_table(warehouse):
    for key in ("000.txt", "001.txt"):
        warehouse.write_page(key, {table: [] for table in PAGE_TABLES} | {"articles": [article(f"a{key}")]})
    assert warehouse.stored_pages() == {"000.txt", "001.txt"}
    warehouse.delete_stored("000.txt")
    assert warehouse.stored_pages() == {"001.txt"}
    assert warehouse.read_table("articles").column("article_id").to_pylist() == ["a001.txt"]
    for table in PAGE_TABLES:
        with pytest.raises(FileNotFoundError):
            warehouse.read_page(table, "000.txt")


def test_a_file_uri_warehouse_holds_the_same_tables_as_a_folder(tmp_path, seed_pages, seeds_warehouse):
    from gazette.cli import main

    uri = (tmp_path / "as_uri").as_uri()
    assert main(["run", "--input", str(seed_pages), "--warehouse", uri]) == 0
    by_uri, folder = Warehouse(uri), seeds_warehouse  # the same pages, built into a folder
    assert by_uri.uri.startswith("file://") and by_uri.root == tmp_path / "as_uri"
    for table in SCHEMAS:
        run_columns = ["ingested_at", "inbox"] if table == "pages" else []  # when, and from which folder
        assert (
            by_uri.read_table(table)
            .drop_columns(run_columns)
            .equals(folder.read_table(table).drop_columns(run_columns))
        ), table
    with duckdb.connect(str(by_uri.db_path), read_only=True) as con:
        assert con.sql("SELECT count(*) FROM official_article_counts").fetchone()[0] > 0


def test_an_object_store_warehouse_keeps_its_database_on_local_disk(tmp_path, monkeypatch):
    monkeypatch.setenv("GAZETTE_LOCAL_DIR", str(tmp_path / "local"))
    remote = Warehouse("s3://bucket/gazette?region=us-east-1&endpoint_override=localhost:1")
    assert not remote.is_local and remote.base == "bucket/gazette"
    assert remote.db_path == tmp_path / "local" / "gazette.duckdb"


def test_global_tables_are_written_whole(warehouse):
    warehouse.write_global("officials", [{"official_id": "o1", "name": "李军"}])
    warehouse.write_global("officials", [{"official_id": "o2", "name": "林万乐"}])
    assert warehouse.read_table("officials").column("name").to_pylist() == ["林万乐"]
    with pytest.raises(ValueError):
        warehouse.write_global("articles", [])


@pytest.mark.parametrize("key", ["000.txt", "版面 1.md", "../etc/passwd", ".hidden.txt", "a/b.txt"])
def test_page_stem_is_a_plain_visible_file_name(key):
    name = page_stem(key)
    assert "/" not in name and not name.startswith(".") and name


def test_page_stems_of_distinct_paths_differ():
    assert page_stem("a b.txt") != page_stem("a_b.txt")


def test_refresh_gives_every_table_and_model_a_view_even_when_empty(warehouse):
    warehouse.refresh_duckdb(load_models())
    with duckdb.connect(str(warehouse.db_path), read_only=True) as con:
        for table, schema in SCHEMAS.items():
            assert [c[0] for c in con.sql(f"DESCRIBE {table}").fetchall()] == schema.names
            assert con.sql(f"SELECT count(*) FROM {table}").fetchall() == [(0,)]
        for model in load_models():
            assert con.sql(f"SELECT count(*) FROM {model.name}").fetchall() == [(0,)]


def test_refresh_rebuilds_the_database_only_when_what_it_defines_changes(warehouse):
    def count(table):
        with duckdb.connect(str(warehouse.db_path), read_only=True) as con:
            return con.sql(f"SELECT count(*) FROM {table}").fetchone()[0]

    warehouse.write_page_table("articles", "000.txt", [article("a1")])
    first = warehouse.refresh_duckdb(load_models()).stat().st_ino
    assert warehouse.refresh_duckdb(load_models()).stat().st_ino == first  # nothing changed
    # A new data file: a new database (its views read the current files).
    warehouse.write_page_table("articles", "001.txt", [article("b1", "p2")])
    assert count("articles_with_deleted") == 1  # every stored row: these articles' pages are not stored
    second = warehouse.refresh_duckdb(load_models()).stat().st_ino
    assert second != first and count("articles_with_deleted") == 2
    warehouse.write_page_table("pages", "000.txt", [{"page_id": "p1"}])
    assert warehouse.refresh_duckdb(load_models()).stat().st_ino != second
    assert count("pages") == 1


def test_refresh_does_not_wait_for_a_reader_in_another_process(warehouse):
    warehouse.write_page_table("articles", "000.txt", [article("a1")])
    warehouse.refresh_duckdb()
    # A user holds the database open read-only (DuckDB locks the file) while a run refreshes it.
    reader = subprocess.Popen(
        [
            sys.executable,
            "-c",
            textwrap.dedent(f"""
            import duckdb
            con = duckdb.connect({str(warehouse.db_path)!r}, read_only=True)
            print("open", flush=True)
            input()
            print(con.sql("SELECT count(*) FROM articles_with_deleted").fetchall()[0][0], flush=True)
        """),
        ],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert reader.stdout.readline().strip() == "open"
        warehouse.write_page_table("articles", "001.txt", [article("b1", "p2")])
        warehouse.refresh_duckdb(load_models())  # new files: a new database file
        # The reader's connection still works, on the snapshot it opened.
        out, _ = reader.communicate("\n", timeout=30)
        assert out.strip() == "1"
    finally:
        reader.kill()
    assert [name for name in stored_files(warehouse) if not name.startswith("lake/")] == sorted(
        [".gazette.duckdb.definitions", "catalog.sqlite", "gazette.duckdb"]
    )  # no temp file left
    with duckdb.connect(str(warehouse.db_path), read_only=True) as con:
        assert con.sql("SELECT count(*) FROM articles_with_deleted").fetchall() == [(2,)]


def test_root_follows_gazette_warehouse(monkeypatch, tmp_path):
    monkeypatch.setenv("GAZETTE_WAREHOUSE", str(tmp_path / "elsewhere"))
    assert Warehouse().root == tmp_path / "elsewhere"
