import subprocess
import sys
import textwrap

import duckdb
import pytest

from gazette.storage.catalog import catalog_attach_string
from gazette.storage.lake import Lake


def page(page_id: str, *headlines: str) -> dict:
    return {
        "pages": [{"page_id": page_id, "source_path": f"{page_id}.txt"}],
        "articles": [
            {"article_id": f"{page_id}-{i}", "page_id": page_id, "headline": headline}
            for i, headline in enumerate(headlines)
        ],
    }


@pytest.fixture
def lake(tmp_path):
    lake = Lake(str(tmp_path / "wh"), tmp_path / "wh")
    yield lake
    lake.close()


def read_plainly(db_path, query: str) -> list:
    """`query` through gazette.duckdb in another process, as any client: no extension, none to load."""
    script = textwrap.dedent(
        f"""
        import duckdb, json
        con = duckdb.connect({str(db_path)!r}, read_only=True, config={{
            "autoinstall_known_extensions": False, "autoload_known_extensions": False}})
        print(json.dumps(con.sql({query!r}).fetchall(), ensure_ascii=False, default=str))
        """
    )
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    import json

    return json.loads(done.stdout)


def test_a_page_written_again_replaces_its_rows_and_only_its_rows(lake):
    lake.replace_pages({"a.txt": page("a", "甲一", "甲二"), "b.txt": page("b", "乙一")})
    lake.replace_pages({"a.txt": page("a", "甲新")})
    rows = lake.read("articles").to_pylist()
    assert sorted(row["headline"] for row in rows) == ["乙一", "甲新"]
    assert lake.written("articles") == {"a.txt", "b.txt"}


def test_a_write_that_fails_leaves_every_table_as_it_was(lake):
    lake.replace_pages({"a.txt": page("a", "甲一")})
    broken = page("a", "甲二")
    broken["articles"][0]["ordinal"] = "not a number"
    with pytest.raises((duckdb.Error, ValueError, TypeError)):
        lake.replace_pages({"a.txt": {"pages": page("a")["pages"], "articles": broken["articles"]}})
    assert [row["headline"] for row in lake.read("articles").to_pylist()] == ["甲一"]
    assert [row["page_id"] for row in lake.read("pages").to_pylist()] == ["a"]
    lake.close()  # and as another process sees the catalog
    assert [row["headline"] for row in lake.read("articles").to_pylist()] == ["甲一"]


def test_a_plain_client_reads_current_rows_once_with_deletes_applied(lake):
    lake.replace_pages({"a.txt": page("a", "甲一"), "b.txt": page("b", "乙一", "乙二")})
    lake.compact()  # one file of both pages: a.txt rewritten leaves b.txt's rows there, and a delete file
    lake.replace_pages({"a.txt": page("a", "甲新")})
    with lake.connect() as con:
        assert con.sql("SELECT count(delete_file) FROM ducklake_list_files('lake', 'articles')").fetchone() == (1,)
    lake.publish()
    assert sorted(read_plainly(lake.db_path, "SELECT headline FROM articles")) == [["乙一"], ["乙二"], ["甲新"]]
    assert read_plainly(lake.db_path, "SELECT count(*) FROM pages") == [[2]]


def test_a_reader_keeps_its_snapshot_while_a_run_writes_compacts_and_publishes(lake):
    lake.replace_pages({"a.txt": page("a", "甲一"), "b.txt": page("b", "乙一")})
    lake.publish()
    reader = duckdb.connect(str(lake.db_path), read_only=True)
    lake.replace_pages({"a.txt": page("a", "甲新")})
    lake.compact()
    lake.publish()
    assert sorted(reader.sql("SELECT headline FROM articles").fetchall()) == [("乙一",), ("甲一",)]
    reader.close()
    assert sorted(read_plainly(lake.db_path, "SELECT headline FROM articles")) == [["乙一"], ["甲新"]]


def test_a_database_published_at_a_snapshot_shows_the_rows_of_then(lake):
    lake.replace_pages({"a.txt": page("a", "甲一")})
    before = lake.snapshots()[-1][0]
    lake.replace_pages({"a.txt": page("a", "甲新")})
    lake.publish(at=before)
    assert read_plainly(lake.db_path, "SELECT headline FROM articles") == [["甲一"]]


def test_the_catalog_is_a_file_in_the_warehouse_unless_a_postgresql_url_is_given(tmp_path):
    assert catalog_attach_string(None, tmp_path) == f"ducklake:sqlite:{tmp_path}/catalog.sqlite"
    assert (
        catalog_attach_string("postgresql://gazette:pw@db.local:5433/lake", tmp_path)
        == "ducklake:postgres:dbname=lake host=db.local port=5433 user=gazette password=pw"
    )
    with pytest.raises(ValueError, match="GAZETTE_CATALOG"):
        catalog_attach_string("mysql://db/lake", tmp_path)


def test_gazette_sql_at_a_snapshot_answers_as_the_warehouse_stood_then(tmp_path, capsys):
    from gazette.cli import main
    from gazette.warehouse import Warehouse

    warehouse = Warehouse(tmp_path / "wh")
    warehouse.write_page("a.txt", page("a", "甲一"))
    warehouse.refresh_duckdb()
    assert main(["snapshots", "--warehouse", str(warehouse.root)]) == 0
    before = capsys.readouterr().out.splitlines()[-1].split("\t")[0]
    warehouse.write_page("a.txt", page("a", "甲新", "甲二"))
    warehouse.refresh_duckdb()
    query = "SELECT string_agg(headline, ',' ORDER BY headline) AS h FROM articles"
    assert main(["sql", "--warehouse", str(warehouse.root), "--at", before, query]) == 0
    assert "甲一" in capsys.readouterr().out
    assert main(["sql", "--warehouse", str(warehouse.root), query]) == 0
    now = capsys.readouterr().out
    assert "甲二,甲新" in now and "甲一" not in now
    assert main(["sql", "--warehouse", str(warehouse.root), "--at", "1999-01-01", query]) == 1
    assert "no snapshot that early" in capsys.readouterr().err


def test_a_column_added_after_rows_were_stored_reads_as_null_from_them(lake):
    lake.replace_pages({"a.txt": page("a", "甲一")})
    with lake.connect() as con:  # the lake as a version without articles.author left it
        con.execute('ALTER TABLE lake."articles" DROP COLUMN author')
        con.execute(
            'INSERT INTO lake."articles" (article_id, page_id, headline, page_stem) '
            "VALUES ('b-0', 'b', '乙一', 'b.txt')"
        )
    lake.close()
    lake.replace_pages(
        {"c.txt": {"articles": [{"article_id": "c-0", "page_id": "c", "headline": "丙一", "author": "王"}]}}
    )
    assert {row["headline"]: row["author"] for row in lake.read("articles").to_pylist()} == {
        "甲一": None,
        "乙一": None,
        "丙一": "王",
    }
    rows = read_plainly(lake.publish(), "SELECT headline, author FROM articles_with_deleted ORDER BY headline")
    assert sorted(map(tuple, rows)) == sorted([("甲一", None), ("乙一", None), ("丙一", "王")])


def test_each_tables_files_are_listed_now_and_none_before_the_tables_were_made(lake):
    lake.replace_pages({"a.txt": page("a", "甲一"), "b.txt": page("b", "乙一")})
    now = lake.files()
    assert len(now["articles"]) == 1 and now["articles"][0][1] is None  # one data file, no deletes yet
    assert now["officials"] == []
    lake.replace_pages({"a.txt": page("a", "甲新")})
    deletes = dict(lake.files()["articles"])
    assert len(deletes) == 2 and deletes[now["articles"][0][0]] is not None  # a's old row deleted in the first file
    assert set(lake.files(0)) == set(now) and not any(lake.files(0).values())  # snapshot 0: no tables yet
