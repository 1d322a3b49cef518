"""Compaction, readers during writes, damaged files and copied warehouses (gazette/storage), through gazette run."""

import shutil
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import duckdb
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq
import pytest

from gazette import clean, extract, officials_step, run
from gazette.cli import main
from gazette.offsets import offset_runs, raw_offset, raw_offsets
from gazette.tables import GLOBAL_TABLES, SCHEMAS
from gazette.warehouse import Warehouse
from tests.helpers import REPO, copy_warehouse

SEEDS = sorted((REPO / "seeds").glob("*.txt"))
MONTHS = ["2021-01-15", "2021-02-15", "2021-03-15"]


def pages_over_months(folder: Path, count: int = 6) -> Path:
    """`count` distinct pages (seeds with a line of their own) dated over three months by manifest.csv."""
    folder.mkdir()
    manifest = ["file,issue_date"]
    for i in range(count):
        name = f"{i:03d}.txt"
        (folder / name).write_text(SEEDS[i % len(SEEDS)].read_text(encoding="utf-8") + f"\n\n第{i}号补记。", "utf-8")
        manifest.append(f"{name},{MONTHS[i % len(MONTHS)]}")
    (folder / "manifest.csv").write_text("\n".join(manifest) + "\n", encoding="utf-8")
    return folder


def run_gazette(folder: Path, warehouse: Warehouse, *extra: str) -> int:
    return main(["run", "--input", str(folder), "--warehouse", str(warehouse.root), *extra])


def rows(warehouse: Warehouse) -> dict[str, list]:
    """Every table's rows, sorted, without the run's times."""
    out = {}
    for table in SCHEMAS:
        data = warehouse.read_table(table).drop_columns([c for c in ("ingested_at",) if c in SCHEMAS[table].names])
        out[table] = sorted(map(repr, data.to_pylist()))
    return out


def counted(con: duckdb.DuckDBPyConnection) -> dict[str, tuple]:
    """Rows and distinct keys of the page tables as a reader of gazette.duckdb sees them."""
    return {
        table: con.sql(f"SELECT count(*), count(DISTINCT {key}) FROM {table}").fetchone()
        for table, key in {"pages": "page_id", "articles": "article_id", "page_texts": "page_id"}.items()
    }


def data_files(warehouse: Warehouse, table: str) -> list[Path]:
    """The current data files of a table, as the catalog lists them."""
    return [Path(data) for data, _ in warehouse.lake.files()[table]]


@pytest.fixture(scope="module")
def landed_once(tmp_path_factory) -> tuple[Path, Warehouse]:
    """A warehouse of 6 pages over three months, a data file each, written one by one (compaction
    off), and its inbox; built once, for `landed` to copy."""
    root = tmp_path_factory.mktemp("landed")
    with pytest.MonkeyPatch.context() as patched:
        patched.setattr(Warehouse, "compact", lambda self: 0)
        patched.setattr(run, "WRITE_BATCH", 1)
        folder = pages_over_months(root / "inbox")
        built = Warehouse(root / "warehouse")
        assert run_gazette(folder, built) == 0
    return folder, built


@pytest.fixture
def landed(landed_once, warehouse) -> Path:
    """`warehouse`, a copy of landed_once's; returns the inbox it was built from, which tests leave as it is."""
    folder, built = landed_once
    copy_warehouse(built, warehouse)
    return folder


def test_compaction_merges_each_tables_files_and_keeps_every_row_once(landed, warehouse):
    before = rows(warehouse)
    with duckdb.connect(str(warehouse.db_path), read_only=True) as con:
        expected = counted(con)
    assert len(data_files(warehouse, "articles")) == 6
    with warehouse.lock():
        assert warehouse.compact() > 0
    assert len(data_files(warehouse, "articles")) == 1
    assert rows(warehouse) == before
    with duckdb.connect(str(warehouse.refresh_duckdb()), read_only=True) as con:
        assert counted(con) == expected


def test_a_table_read_in_batches_is_whole_pages_each_row_once(landed, warehouse):
    whole = warehouse.read_table("official_mentions")
    batches = list(warehouse.read_batches("official_mentions", None, rows=1))
    pages_of = [{article_id.rsplit("-", 1)[0] for article_id in batch["article_id"].to_pylist()} for batch in batches]
    assert len(batches) == len({page for pages in pages_of for page in pages}) > 1  # one page a batch
    assert all(len(pages) == 1 for pages in pages_of)
    assert sorted(map(repr, pa.concat_tables(batches).to_pylist())) == sorted(map(repr, whole.to_pylist()))


@pytest.mark.parametrize("rows_a_batch", [1, 10**6])
def test_some_pages_read_in_batches_name_the_page_of_each_row(landed, warehouse, rows_a_batch):
    with warehouse.lock():
        warehouse.compact()
    stems = sorted(warehouse.stored_pages())
    wanted = stems[::2]  # every other page: rows of one compacted file with gaps between them
    batches = list(warehouse.read_batches("official_mentions", wanted, rows=rows_a_batch, with_stem=True))
    by_stem = pa.concat_tables(batches).group_by("stem").aggregate([("official_id", "count")])
    expected = {stem: len(warehouse.read_stem("official_mentions", stem)) for stem in wanted}
    assert dict(zip(*by_stem.to_pydict().values(), strict=True)) == {s: n for s, n in expected.items() if n}
    for batch in batches:  # each row under its own page
        for stem in set(batch["stem"].to_pylist()):
            mine = batch.filter(pc.equal(batch["stem"], stem)).drop_columns(["stem"])
            assert mine.to_pylist() == warehouse.read_stem("official_mentions", stem)
    assert len(batches) == (len([n for n in expected.values() if n]) if rows_a_batch == 1 else 1)


def test_officials_resolved_a_page_at_a_time_equal_those_resolved_at_once(tmp_path, warehouse, monkeypatch):
    folder = pages_over_months(tmp_path / "inbox")
    assert run_gazette(folder, warehouse) == 0
    monkeypatch.setattr(officials_step, "MENTION_BATCH_ROWS", 1)
    one_by_one = Warehouse(tmp_path / "one_by_one")
    assert run_gazette(folder, one_by_one) == 0
    for table in GLOBAL_TABLES:
        assert rows(one_by_one)[table] == rows(warehouse)[table]
    assert rows(warehouse)["officials"]


COMPACT = textwrap.dedent("""
    import sys
    from gazette.models import load_models
    from gazette.warehouse import Warehouse

    warehouse = Warehouse(sys.argv[1])
    with warehouse.lock():
        warehouse.compact()
        warehouse.refresh_duckdb(load_models())
""")


def test_a_reader_sees_each_row_once_while_a_compaction_runs(tmp_path, landed, warehouse):
    with duckdb.connect(str(warehouse.db_path), read_only=True) as con:
        expected = counted(con)
    assert all(total == distinct for total, distinct in expected.values())
    compacting = subprocess.Popen([sys.executable, "-c", COMPACT, str(warehouse.root)], cwd=REPO)
    long_lived = duckdb.connect(str(warehouse.db_path), read_only=True)
    queries = 0
    while compacting.poll() is None or queries < 3:
        with duckdb.connect(str(warehouse.db_path), read_only=True) as con:  # a new reader each time
            assert counted(con) == expected
        assert counted(long_lived) == expected  # a reader opened before it began
        queries += 1
        time.sleep(0.01)  # a reader spinning flat out would take a core of two from the compaction
    assert compacting.returncode == 0
    assert len(data_files(warehouse, "articles")) == 1  # it did compact
    with duckdb.connect(str(warehouse.db_path), read_only=True) as con:
        assert counted(con) == expected
    # Later runs (over an inbox of their own, as a second paper's would be) publish newer snapshots;
    # the one a reader holds open stays until it lets go.
    later_pages = tmp_path / "later"
    later_pages.mkdir()
    for later in range(2):
        (later_pages / f"{100 + later}.txt").write_text(SEEDS[0].read_text("utf-8") + f"\n再记{later}。", "utf-8")
        subprocess.run(
            [
                sys.executable,
                "-m",
                "gazette.cli",
                "run",
                "--input",
                str(later_pages),
                "--warehouse",
                str(warehouse.root),
            ],
            cwd=REPO,
            check=True,
            capture_output=True,
        )
    assert counted(long_lived) == expected
    long_lived.close()
    with duckdb.connect(str(warehouse.db_path), read_only=True) as con:
        assert counted(con)["pages"] == (expected["pages"][0] + 2,) * 2


KILLED_COMPACTION = textwrap.dedent("""
    import sys
    from gazette.warehouse import Warehouse

    warehouse = Warehouse(sys.argv[1])
    with warehouse.lock():
        warehouse.compact()
""")


@pytest.mark.parametrize("merged_files", [1, 3])
def test_a_compaction_killed_half_way_leaves_the_warehouse_readable_and_complete(landed, warehouse, merged_files):
    """Killed (kill -9) once it has written `merged_files` merged data files, before the catalog
    commits them."""
    before = rows(warehouse)
    with duckdb.connect(str(warehouse.db_path), read_only=True) as con:
        expected = counted(con)
    lake = warehouse.root / "lake"
    existing = set(lake.rglob("*.parquet"))
    compaction = subprocess.Popen([sys.executable, "-c", KILLED_COMPACTION, str(warehouse.root)], cwd=REPO)
    while compaction.poll() is None and len(set(lake.rglob("*.parquet")) - existing) < merged_files:
        pass
    compaction.send_signal(signal.SIGKILL)
    compaction.wait()
    assert compaction.returncode == -signal.SIGKILL
    with duckdb.connect(str(warehouse.db_path), read_only=True) as con:
        assert counted(con) == expected
    assert rows(Warehouse(warehouse.root)) == before
    # The next run compacts; every row once.
    assert run_gazette(landed, warehouse) == 0
    assert rows(Warehouse(warehouse.root)) == before
    with duckdb.connect(str(warehouse.db_path), read_only=True) as con:
        assert counted(con) == expected


def truncate(path: Path) -> None:
    path.write_bytes(path.read_bytes()[: path.stat().st_size // 2])


@pytest.mark.parametrize(
    "damage",
    ["articles page file", "articles merged file", "official_mentions merged file", "officials", "missing page file"],
)
def test_a_damaged_stored_file_is_noticed_and_its_rows_built_again(landed, warehouse, capsys, damage):
    if "merged" in damage:
        with warehouse.lock():
            warehouse.compact()
    before = rows(warehouse)
    table = damage.split()[0] if damage != "missing page file" else "page_blocks"
    target = data_files(warehouse, table)[len(data_files(warehouse, table)) // 2]
    if damage == "missing page file":
        target.unlink()
    else:
        truncate(target)
    capsys.readouterr()
    assert run_gazette(landed, warehouse) == 0
    err = capsys.readouterr().err
    assert str(target) in err and "built again" in err, err
    assert rows(Warehouse(warehouse.root)) == before
    with duckdb.connect(str(warehouse.db_path), read_only=True) as con:
        assert con.sql("SELECT count(*) FROM articles").fetchone()[0] == len(before["articles"])
        assert con.sql("SELECT count(*) FROM official_article_counts").fetchone()[0] > 0


def test_a_damaged_file_whose_page_file_is_gone_is_reported_as_lost(tmp_path, warehouse, monkeypatch, capsys):
    monkeypatch.setattr(Warehouse, "compact", lambda self: 0)
    monkeypatch.setattr(run, "WRITE_BATCH", 1)  # a data file per page
    folder = pages_over_months(tmp_path / "inbox", count=3)
    assert run_gazette(folder, warehouse) == 0
    [damaged] = [
        path for path in data_files(warehouse, "articles") if pq.read_table(path)["page_stem"][0].as_py() == "001.txt"
    ]
    truncate(damaged)
    (folder / "001.txt").unlink()
    capsys.readouterr()
    assert run_gazette(folder, warehouse) == 1
    err = capsys.readouterr().err
    assert "001.txt: stored rows lost and its page file is not in" in err, err
    with duckdb.connect(str(warehouse.db_path), read_only=True) as con:  # what is left stays queryable
        assert con.sql("SELECT count(*) FROM articles").fetchone()[0] > 0


def test_a_copied_or_moved_warehouse_reads_its_own_files_or_says_so(tmp_path, seed_pages, warehouse):
    assert run_gazette(seed_pages, warehouse) == 0
    copy = tmp_path / "copy"
    shutil.copytree(warehouse.root, copy, symlinks=True)
    with duckdb.connect(str(copy / "gazette.duckdb"), read_only=True) as con, pytest.raises(duckdb.Error) as stop:
        con.sql("SELECT count(*) FROM articles").fetchall()
    assert "this database was built for that place" in str(stop.value) and "gazette run" in str(stop.value)
    # Built again for the copy, it reads the copy's files: emptying the original no longer shows.
    assert run_gazette(seed_pages, Warehouse(copy)) == 0
    shutil.rmtree(warehouse.root / "lake")
    with duckdb.connect(str(copy / "gazette.duckdb"), read_only=True) as con:
        assert con.sql("SELECT count(*) FROM pages").fetchone()[0] == len(SEEDS)
    # Moved: the same, and a plain open from another folder keeps working once built there.
    moved = tmp_path / "moved"
    copy.rename(moved)
    with duckdb.connect(str(moved / "gazette.duckdb"), read_only=True) as con, pytest.raises(duckdb.Error):
        con.sql("SELECT count(*) FROM pages").fetchall()
    assert run_gazette(seed_pages, Warehouse(moved)) == 0
    plain = subprocess.run(
        [
            sys.executable,
            "-c",
            "import duckdb, sys; print(duckdb.connect(sys.argv[1], read_only=True)"
            ".sql('SELECT count(*) FROM official_article_counts').fetchone()[0])",
            "moved/gazette.duckdb",
        ],
        cwd=tmp_path,
        capture_output=True,
        text=True,
    )
    assert plain.returncode == 0 and int(plain.stdout) > 0, plain.stderr


def test_raw_offsets_are_stored_as_runs_that_map_every_character(seed_pages, warehouse):
    page = extract.read_page(SEEDS[0])
    cleaned = clean.clean_page(page.text)
    runs = offset_runs(cleaned.raw_offsets)
    assert raw_offsets(runs, len(cleaned.text)) == cleaned.raw_offsets
    assert [raw_offset(runs, i) for i in range(len(cleaned.text))] == cleaned.raw_offsets
    # Two integers a run, one run per edit (on this narrow-column page, mostly a line joined):
    # at least five times fewer integers than one per character.
    assert 2 * len(runs) * 5 < len(cleaned.text)
    assert run_gazette(seed_pages, warehouse) == 0
    with duckdb.connect(str(warehouse.db_path), read_only=True) as con:
        stored = con.sql(
            "SELECT raw_offset_runs, length(clean_text) FROM page_texts WHERE page_id = ?", params=[page.row["page_id"]]
        ).fetchone()
        assert [dict(run) for run in stored[0]] == runs
        for offset in (0, stored[1] // 2, stored[1] - 1):
            [(mapped,)] = con.sql(
                "SELECT raw_offset(raw_offset_runs, ?) FROM page_texts WHERE page_id = ?",
                params=[offset, page.row["page_id"]],
            ).fetchall()
            assert mapped == cleaned.raw_offsets[offset]
