import csv
import errno
import io
import json
import os
import re

import duckdb
import pytest

from gazette import run as run_module
from gazette.cli import grouped_notices, main
from gazette.pipeline import process_page
from gazette.query_output import default_format
from gazette.storage import lock as lock_module
from gazette.storage.lake import Lake
from gazette.tables import SCHEMAS

INTACT = "what the warehouse held is intact and the next run finishes the rest"


def run_gazette(seed_pages, warehouse, *extra) -> int:
    return main(["run", "--input", str(seed_pages), "--warehouse", str(warehouse.root), *extra])


def snapshot(warehouse) -> dict[str, tuple]:
    """Every table's row count and sorted IDs: what must not change when a run is repeated."""
    ids = {"pages": "page_id", "articles": "article_id", "officials": "official_id", "economic_figures": "figure_id"}
    out = {}
    for table in SCHEMAS:
        data = warehouse.read_table(table)
        out[table] = (data.num_rows, sorted(data.column(ids[table]).to_pylist()) if table in ids else None)
    return out


def test_running_twice_gives_the_same_ids_and_row_counts(seed_pages, warehouse, capsys):
    assert run_gazette(seed_pages, warehouse) == 0
    first = snapshot(warehouse)
    assert first["pages"][0] == 5 and first["articles"][0] > 0 and first["officials"][0] > 0
    assert run_gazette(seed_pages, warehouse) == 0
    assert snapshot(warehouse) == first
    first_summary, second_summary = capsys.readouterr().out.splitlines()[-2:]
    assert first_summary.startswith(f"gazette: 5 pages processed (0 unchanged), {first['articles'][0]} articles")
    assert second_summary.startswith(
        f"gazette: 0 pages processed (5 unchanged), 0 articles, 0 figures, 0 warnings; "
        f"{first['officials'][0]} officials"
    )


def test_a_rejected_page_is_reported_and_the_others_stored(seed_pages, warehouse, capsys):
    (seed_pages / "blank.txt").write_text("", encoding="utf-8")
    assert run_gazette(seed_pages, warehouse) == 1
    assert f"gazette: {seed_pages / 'blank.txt'}: empty file" in capsys.readouterr().err.splitlines()
    assert warehouse.read_table("pages").num_rows == 5


def test_a_page_whose_file_is_gone_is_marked_deleted_then_pruned(stored_seeds, warehouse, capsys):
    gone = sorted(stored_seeds.iterdir())[0]
    gone.unlink()
    assert run_gazette(stored_seeds, warehouse) == 0
    assert "marked deleted in pages" in capsys.readouterr().err
    pages = warehouse.read_table("pages").to_pylist()
    assert len(pages) == 5
    assert [page["deleted_at"] is not None for page in pages].count(True) == 1
    assert run_gazette(stored_seeds, warehouse, "--prune") == 0
    assert run_gazette(stored_seeds, warehouse, "--prune") == 0
    assert gone.name not in {
        p.rsplit("/", 1)[-1] for p in warehouse.read_table("pages").column("source_path").to_pylist()
    }
    assert warehouse.read_table("pages").num_rows == 4


def test_sql_prints_a_table_read_only(warehouse, capsys):
    warehouse.refresh_duckdb()
    assert main(["sql", "SELECT 'ok' AS answer, count(*) AS n FROM pages", "--warehouse", str(warehouse.root)]) == 0
    out = capsys.readouterr().out
    assert "answer" in out and "ok" in out
    assert main(["sql", "CREATE TABLE scratch AS SELECT 1", "--warehouse", str(warehouse.root)]) == 1
    assert "read-only" in capsys.readouterr().err
    with duckdb.connect(str(warehouse.db_path), read_only=True) as con:
        assert "scratch" not in {row[0] for row in con.sql("SHOW TABLES").fetchall()}


# Twelve columns of long text: far wider than any terminal, so a table cut to fit would drop some.
WIDE = "SELECT " + ", ".join(f"repeat('字', 30) || '{n}' AS column_{n}" for n in range(12)) + ", NULL AS nothing"


def test_sql_in_a_pipe_prints_csv_with_every_column(warehouse, capsys):
    warehouse.refresh_duckdb()
    assert main(["sql", WIDE, "--warehouse", str(warehouse.root)]) == 0
    [header, row] = list(csv.reader(io.StringIO(capsys.readouterr().out)))
    assert header == [f"column_{n}" for n in range(12)] + ["nothing"]
    assert row == ["字" * 30 + str(n) for n in range(12)] + [""]


def test_sql_prints_json_and_markdown_with_every_column_and_row(warehouse, capsys):
    warehouse.refresh_duckdb()
    query = "SELECT n, 'a|b' AS text, [n, n] AS pair, DATE '2024-03-15' + n::INTEGER AS day FROM range(60) t(n)"
    assert main(["sql", query, "--format", "json", "--warehouse", str(warehouse.root)]) == 0
    records = json.loads(capsys.readouterr().out)
    assert len(records) == 60
    assert records[1] == {"n": 1, "text": "a|b", "pair": [1, 1], "day": "2024-03-16"}
    assert main(["sql", query, "--format", "markdown", "--max-rows", "2", "--warehouse", str(warehouse.root)]) == 0
    assert capsys.readouterr().out.splitlines() == [
        "| n | text | pair | day |",
        "|---|---|---|---|",
        "| 0 | a\\|b | [0, 0] | 2024-03-15 |",
        "| 1 | a\\|b | [1, 1] | 2024-03-16 |",
    ]


def test_sql_table_in_a_pipe_keeps_every_column(warehouse, capsys):
    warehouse.refresh_duckdb()
    assert main(["sql", WIDE, "--format", "table", "--warehouse", str(warehouse.root)]) == 0
    out = capsys.readouterr().out
    assert all(f"column_{n}" in out for n in range(12)) and "shown" not in out


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_sql_prints_a_table_at_a_terminal_and_csv_elsewhere():
    assert default_format(Terminal()) == "table"
    assert default_format(io.StringIO()) == "csv"


@pytest.mark.parametrize(
    ("query", "first_word", "parsed_as"),
    [("INSTALL httpfs", "INSTALL", "LOAD"), ("LOAD httpfs", "LOAD", "LOAD"), ("USE memory", "USE", "SET")],
)
def test_sql_refusal_names_the_statement_and_what_duckdb_parsed(warehouse, capsys, query, first_word, parsed_as):
    warehouse.refresh_duckdb()
    assert sql_exit(warehouse, query) == 1
    err = capsys.readouterr().err
    assert err.startswith(f"gazette: sql: {first_word} is refused (DuckDB parsed a {parsed_as} statement)"), err


def test_sql_without_a_warehouse_says_what_to_do(tmp_path, capsys):
    assert main(["sql", "SELECT 1", "--warehouse", str(tmp_path)]) == 2
    assert "run `gazette run` first" in capsys.readouterr().err


def test_verbose_prints_the_seconds_of_each_step(seed_pages, warehouse, capsys):
    assert run_gazette(seed_pages, warehouse, "--verbose") == 0
    err = capsys.readouterr().err
    for step in ("extract", "clean", "split", "enrich", "write"):
        assert re.search(rf"gazette: +{step} +\d+\.\d\ds", err), step


def test_a_folder_without_pages_exits_2_and_leaves_the_stored_pages_alone(tmp_path, stored_seeds, warehouse, capsys):
    empty = tmp_path / "empty"
    empty.mkdir()
    assert main(["run", "--input", str(empty), "--warehouse", str(warehouse.root)]) == 2
    assert "no page files" in capsys.readouterr().err
    assert warehouse.read_table("pages").column("deleted_at").null_count == 5


def test_explain_of_a_bad_page_is_one_line_naming_it(tmp_path, capsys):
    (tmp_path / "empty.txt").write_bytes(b"")
    assert main(["explain", str(tmp_path / "empty.txt")]) == 1
    assert capsys.readouterr().err == f"gazette: {tmp_path / 'empty.txt'}: empty file\n"


@pytest.mark.parametrize("command", [[], ["run"], ["sql"], ["explain"], ["report"]])
def test_every_command_has_help(command, capsys):
    with pytest.raises(SystemExit) as exited:
        main([*command, "--help"])
    assert exited.value.code == 0
    assert "usage: gazette" in capsys.readouterr().out


def sql_exit(warehouse, query: str, *extra) -> int:
    return main(["sql", query, "--warehouse", str(warehouse.root), *extra])


@pytest.mark.parametrize(
    "query",
    [
        "COPY (SELECT * FROM articles WHERE false) TO '{target}' (FORMAT parquet)",
        "EXPLAIN ANALYZE COPY (SELECT 1 AS a) TO '{target}'",
        "EXPLAIN (ANALYZE) COPY (SELECT 1 AS a) TO '{target}'",
        "EXPLAIN /* a comment */ ANALYZE SELECT 1",
        "EXPORT DATABASE '{folder}'",
        "ATTACH '{folder}/other.duckdb' AS other",
        "INSTALL httpfs",
        "LOAD httpfs",
        "SET threads = 1",
        "RESET threads",
        "PRAGMA enable_profiling",
        "CREATE TABLE scratch AS SELECT 1",
        "INSERT INTO pages SELECT * FROM pages",
        "UPDATE pages SET edition = 'x'",
        "DELETE FROM pages",
        "DROP VIEW pages",
        "ALTER VIEW pages RENAME TO other",
        "CALL checkpoint()",
        "CHECKPOINT",
        "VACUUM",
        "BEGIN TRANSACTION",
        "PREPARE q AS SELECT 1",
        "DETACH gazette",
        "USE memory",
        "SELECT 1; COPY (SELECT 1 AS a) TO '{target}'",
    ],
)
def test_sql_refuses_every_statement_that_writes_in_one_line(seeds_warehouse, tmp_path, capsys, query):
    warehouse = seeds_warehouse
    [page] = sorted((warehouse.root / "lake" / "main" / "articles").iterdir())[:1]
    before = page.read_bytes()
    capsys.readouterr()
    statement = query.format(target=page, folder=tmp_path / "out")
    assert sql_exit(warehouse, statement) == 1
    err = capsys.readouterr().err
    assert err.startswith("gazette: sql: ") and err.count("\n") == 1, err
    assert "refused" in err, err
    assert page.read_bytes() == before
    assert not (tmp_path / "out").exists()


@pytest.mark.parametrize(
    "query",
    [
        "SELECT count(*) FROM articles",
        "WITH a AS (SELECT * FROM articles) SELECT count(*) FROM a",
        "FROM pages SELECT page_id",
        "DESCRIBE articles",
        "SHOW TABLES",
        "SUMMARIZE pages",
        "EXPLAIN SELECT * FROM articles",
        "EXPLAIN SELECT 'analyze' AS word",
        "PRAGMA table_info('articles')",
        "VALUES (1, 2)",
        "SELECT * FROM read_parquet('{folder}/*.parquet') LIMIT 1",
    ],
)
def test_sql_runs_every_statement_that_only_reads(seeds_warehouse, capsys, query):
    assert sql_exit(seeds_warehouse, query.format(folder=seeds_warehouse.root / "lake" / "main" / "articles")) == 0
    assert capsys.readouterr().err == ""


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["", "--max-rows", "5"], "empty"),
        (["SELECT 1", "--max-rows", "-1"], "--max-rows"),
        (["-- only a comment"], "empty"),
    ],
)
def test_sql_usage_errors_exit_2_with_one_line(warehouse, capsys, args, message):
    warehouse.refresh_duckdb()
    with pytest.raises(SystemExit) as exited:
        main(["sql", *args, "--warehouse", str(warehouse.root)])
    assert exited.value.code == 2
    err = capsys.readouterr().err
    assert message in err.splitlines()[-1] and "Traceback" not in err


def add_page(folder, name="100_new.txt"):
    (folder / name).write_text("## 新仓镇召开工业经济推进会\n\n本报讯 新仓镇召开工业经济推进会。\n", encoding="utf-8")


def refuse_writes(monkeypatch, error: OSError) -> None:
    """Every write to the lake fails as DuckDB reports a file it cannot write: in words."""

    def failing_write(self, *args, **kwargs):
        def write(con):
            raise duckdb.IOException(f'IO Error: Could not write file "x.parquet": {os.strerror(error.errno)}')

        return self.transaction(write)

    monkeypatch.setattr(Lake, "replace_pages", failing_write)


@pytest.mark.parametrize(
    ("error", "reason"),
    [
        (OSError(errno.ENOSPC, "No space left on device"), "no space"),
        (OSError(errno.EROFS, "Read-only file system"), "read-only file system"),
        (PermissionError(errno.EACCES, "Permission denied"), "permission denied"),
    ],
)
def test_a_write_that_fails_is_one_line_exit_3_and_the_warehouse_stays_whole(
    stored_seeds, warehouse, capsys, monkeypatch, error, reason
):
    before = snapshot(warehouse)
    add_page(stored_seeds)
    with monkeypatch.context() as patch:
        refuse_writes(patch, error)
        capsys.readouterr()
        assert run_gazette(stored_seeds, warehouse) == 3
    [line] = capsys.readouterr().err.splitlines()
    assert line.startswith(f"gazette: {warehouse.root}: cannot write: {reason}") and "intact" in line
    assert snapshot(warehouse) == before
    assert run_gazette(stored_seeds, warehouse) == 0
    assert snapshot(warehouse)["pages"][0] == 6


def test_a_lock_file_that_cannot_be_opened_is_one_line_exit_3(seed_pages, warehouse, capsys, monkeypatch):
    lock = warehouse.root / ".lock"

    def read_only_lock(path, *args, **kwargs):
        if str(path) == str(lock):
            raise PermissionError(errno.EACCES, "Permission denied", str(lock))
        return open(path, *args, **kwargs)

    monkeypatch.setattr(lock_module, "open", read_only_lock, raising=False)
    assert run_gazette(seed_pages, warehouse) == 3
    assert capsys.readouterr().err == f"gazette: {lock}: cannot write: permission denied; {INTACT}\n"


def test_a_warehouse_path_that_is_a_file_is_one_line_exit_2(seed_pages, tmp_path, capsys):
    not_a_folder = tmp_path / "warehouse.txt"
    not_a_folder.write_text("x", encoding="utf-8")
    for command in (["run", "--input", str(seed_pages)], ["sql", "SELECT 1"], ["report"]):
        assert main([*command, "--warehouse", str(not_a_folder)]) == 2
        assert (
            capsys.readouterr().err
            == f"gazette: {not_a_folder}: not a folder; the warehouse is a folder (--warehouse)\n"
        )


def test_ctrl_c_exits_130_in_one_line_and_the_next_run_finishes(seed_pages, warehouse, capsys, monkeypatch):
    calls = []

    def interrupted_on_the_third(path, **kwargs):
        calls.append(path)
        if len(calls) == 3:
            raise KeyboardInterrupt
        return process_page(path, **kwargs)

    with monkeypatch.context() as patch:
        patch.setattr(run_module, "process_page", interrupted_on_the_third)
        assert run_gazette(seed_pages, warehouse) == 130
    assert capsys.readouterr().err.splitlines()[-1] == (
        "gazette: interrupted; every page written is complete and the next run finishes the rest"
    )
    assert warehouse.read_table("pages").num_rows == 2
    assert run_gazette(seed_pages, warehouse) == 0
    assert capsys.readouterr().out.splitlines()[-1].startswith("gazette: 3 pages processed (2 unchanged)")


def test_a_file_rejected_again_unchanged_is_one_summary_line_and_exit_0(stored_seeds, warehouse, capsys, monkeypatch):
    blank, broken = stored_seeds / "blank.txt", stored_seeds / "notes" / "blank.md"
    broken.parent.mkdir()
    blank.write_text("", encoding="utf-8")
    broken.write_text("\n \n", encoding="utf-8")
    assert run_gazette(stored_seeds, warehouse) == 1
    first = capsys.readouterr().err
    assert f"{blank}: empty file" in first and str(broken) in first and "still rejected" not in first

    monkeypatch.setattr(run_module.rejections, "_now", lambda: "2030-01-01 00:00 UTC")
    blank.touch()  # a new mtime, the same content: still the same rejection
    assert run_gazette(stored_seeds, warehouse) == 0
    err = capsys.readouterr().err
    assert str(blank) not in err and str(broken) not in err
    [summary] = [line for line in err.splitlines() if "still rejected" in line]
    assert summary.startswith("gazette: 2 files still rejected, unchanged since ")
    assert "2030" not in summary  # since the first run that rejected them

    assert run_gazette(stored_seeds, warehouse, "--verbose") == 0
    assert f"gazette: {blank}: empty file" in capsys.readouterr().err.splitlines()


def test_a_changed_or_new_rejected_file_is_printed_and_exits_1(stored_seeds, warehouse, capsys):
    blank = stored_seeds / "blank.txt"
    blank.write_text("", encoding="utf-8")
    assert run_gazette(stored_seeds, warehouse) == 1
    blank.write_text("   \n", encoding="utf-8")  # changed, and still no page
    (stored_seeds / "other.txt").write_text("", encoding="utf-8")
    assert run_gazette(stored_seeds, warehouse) == 1
    err = capsys.readouterr().err.splitlines()[-3:]
    assert any(line.startswith(f"gazette: {blank}: ") for line in err), err
    assert f"gazette: {stored_seeds / 'other.txt'}: empty file" in err
    assert not any("still rejected" in line for line in err)


def test_a_rejected_file_that_is_fixed_or_removed_leaves_the_record(stored_seeds, warehouse, capsys):
    blank = stored_seeds / "blank.txt"
    blank.write_text("", encoding="utf-8")
    assert run_gazette(stored_seeds, warehouse) == 1
    blank.unlink()
    assert run_gazette(stored_seeds, warehouse) == 0
    blank.write_text("", encoding="utf-8")  # back as it was: no longer on record, so news again
    assert run_gazette(stored_seeds, warehouse) == 1
    assert f"gazette: {blank}: empty file" in capsys.readouterr().err.splitlines()


def test_a_notice_many_files_share_names_three_and_counts_the_rest(tmp_path, warehouse, capsys):
    inbox = tmp_path / "no_manifest"
    inbox.mkdir()
    for k in range(6):  # pages that name no paper, in a folder without manifest.csv
        (inbox / f"{k:02d}.txt").write_text(
            f"## 东湖街道召开第{k + 1}次推进会\n\n本报讯 东湖街道召开推进会，部署下一阶段重点工作第{k + 1}项。\n",
            encoding="utf-8",
        )
    assert run_gazette(inbox, warehouse) == 0
    told = [line for line in capsys.readouterr().err.splitlines() if "paper unknown" in line]
    assert [line.split(": ")[1].rsplit("/", 1)[-1] for line in told[:3]] == ["00.txt", "01.txt", "02.txt"]
    assert told[3].startswith("gazette: 3 more files: paper unknown") and told[3].endswith("(--verbose names them)")
    assert len(told) == 4


def test_verbose_names_every_file_of_a_shared_notice():
    notices = [f"in/{k}.txt: paper unknown" for k in range(6)] + ["in/9.txt: issue date unknown"]
    assert grouped_notices(notices, verbose=True) == notices
    assert grouped_notices(notices, verbose=False)[3:] == [
        "3 more files: paper unknown (--verbose names them)",
        "in/9.txt: issue date unknown",
    ]
