import re

import duckdb
import pytest

from pipelines.cli import main
from pipelines.tables import SCHEMAS


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


def test_a_page_whose_file_is_gone_is_marked_deleted_then_pruned(seed_pages, warehouse, capsys):
    assert run_gazette(seed_pages, warehouse) == 0
    gone = sorted(seed_pages.iterdir())[0]
    gone.unlink()
    assert run_gazette(seed_pages, warehouse) == 0
    assert "marked deleted in pages" in capsys.readouterr().err
    pages = warehouse.read_table("pages").to_pylist()
    assert len(pages) == 5
    assert [page["deleted_at"] is not None for page in pages].count(True) == 1
    assert run_gazette(seed_pages, warehouse, "--prune") == 0
    assert run_gazette(seed_pages, warehouse, "--prune") == 0
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


def test_sql_without_a_warehouse_says_what_to_do(tmp_path, capsys):
    assert main(["sql", "SELECT 1", "--warehouse", str(tmp_path)]) == 2
    assert "run `gazette run` first" in capsys.readouterr().err


def test_verbose_prints_the_seconds_of_each_step(seed_pages, warehouse, capsys):
    assert run_gazette(seed_pages, warehouse, "--verbose") == 0
    err = capsys.readouterr().err
    for step in ("extract", "clean", "split", "enrich", "write"):
        assert re.search(rf"gazette: +{step} +\d+\.\d\ds", err), step


def test_a_folder_without_pages_exits_2_and_leaves_the_stored_pages_alone(tmp_path, seed_pages, warehouse, capsys):
    assert run_gazette(seed_pages, warehouse) == 0
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
