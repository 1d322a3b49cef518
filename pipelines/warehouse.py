"""The warehouse on disk: Parquet files are the record, gazette.duckdb only holds views.

Layout under the root (default `warehouse/`, or $GAZETTE_WAREHOUSE):

    parquet/<table>/<partition>.parquet   one file per page for PAGE_TABLES
    parquet/<table>/all.parquet           the whole table for GLOBAL_TABLES
    gazette.duckdb                        views over those folders + the SQL models
    .processed.json                       which file content each page was built from (a cache)
    .lock                                 held by the run that is writing

Every file is written to a hidden temp file in its final folder and renamed
over the target, so a reader (pyarrow, DuckDB, another process) sees the old
file or the new one, never half of one. Temp names start with "." and do not
end in ".parquet", so neither pyarrow datasets nor the DuckDB glob pick them up.
"""
from __future__ import annotations

import contextlib
import datetime as dt
import fcntl
import hashlib
import json
import os
import re
import time
import uuid
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path

import duckdb
import pyarrow as pa
import pyarrow.dataset as ds
import pyarrow.parquet as pq

from pipelines.tables import GLOBAL_TABLES, PAGE_TABLES, SCHEMAS, to_arrow

DB_FILE = "gazette.duckdb"
PROCESSED_FILE = ".processed.json"
LOCK_FILE = ".lock"
GLOBAL_PARTITION = "all"


def partition_file(partition_key: str) -> str:
    """A file-system-safe file stem for a partition key, distinct for distinct keys."""
    safe = re.sub(r"[^\w.-]", "_", partition_key).lstrip(".")
    if safe == partition_key:
        return safe
    # Replacing characters can make two keys collide ("a b" and "a_b"): disambiguate.
    return f"{safe}-{hashlib.sha1(partition_key.encode()).hexdigest()[:8]}"


def _temp_beside(target: Path) -> Path:
    return target.with_name(f".{target.name}.{uuid.uuid4().hex}.tmp")


class Warehouse:
    def __init__(self, root: str | os.PathLike | None = None):
        self.root = Path(root or os.environ.get("GAZETTE_WAREHOUSE", "warehouse")).resolve()

    @property
    def db_path(self) -> Path:
        return self.root / DB_FILE

    def table_dir(self, table: str) -> Path:
        return self.root / "parquet" / table

    def _write(self, table: str, stem: str, rows: list[dict]) -> pa.Table:
        return self._write_files({table: rows}, stem)[table]

    def _write_files(self, rows: dict[str, list[dict]], stem: str) -> dict[str, pa.Table]:
        """Write each table's file for `stem`: every temp file first, then the renames, in `rows` order.

        Staging all files before the first rename shrinks the moment when some of
        a page's tables are new and some old to a few renames.
        """
        staged, written = [], {}
        try:
            for table, table_rows in rows.items():
                written[table] = data = to_arrow(table, table_rows)
                target = self.table_dir(table) / f"{stem}.parquet"
                target.parent.mkdir(parents=True, exist_ok=True)
                staged.append((_temp_beside(target), target))
                pq.write_table(data, staged[-1][0])
            for temp, target in staged:
                os.replace(temp, target)
        finally:
            for temp, _ in staged:
                temp.unlink(missing_ok=True)
        return written

    def write_page(self, partition_key: str, rows: dict[str, list[dict]]) -> dict[str, pa.Table]:
        """Replace one page's rows in every table of `rows`, its `pages` row last.

        A run killed while writing leaves the page as it was, or (killed between the
        renames) with its old `pages` row; either way `gazette run` redoes it next time,
        since its record of completed pages (`processed`) is only updated afterwards.
        """
        if unknown := set(rows) - set(PAGE_TABLES):
            raise ValueError(f"{sorted(unknown)} are not page tables")
        order = sorted(rows, key=lambda table: table == "pages")
        return self._write_files({table: rows[table] for table in order}, partition_file(partition_key))

    def write_partition(self, table: str, partition_key: str, rows: list[dict]) -> pa.Table:
        """Replace one page's rows of a page table (an empty list still writes a typed file).

        Returns the rows as written, an Arrow table with the table's schema.
        """
        if table not in PAGE_TABLES:
            raise ValueError(f"{table!r} is not a page table")
        return self._write(table, partition_file(partition_key), rows)

    def write_global(self, table: str, rows: list[dict]) -> pa.Table:
        """Replace a whole global table."""
        if table not in GLOBAL_TABLES:
            raise ValueError(f"{table!r} is not a global table")
        return self._write(table, GLOBAL_PARTITION, rows)

    def delete_partition(self, partition_key: str) -> None:
        """Remove one page from every page table."""
        self.delete_stored(partition_file(partition_key))

    def stored_pages(self) -> set[str]:
        """File stems (partition_file) of the pages stored, from file names alone."""
        return {path.stem for path in self.table_dir("pages").glob("*.parquet")}

    def read_partition_file(self, table: str, stem: str) -> list[dict]:
        """The rows of one stored file, by its stem (see stored_pages)."""
        return pq.read_table(self.table_dir(table) / f"{stem}.parquet", schema=SCHEMAS[table]).to_pylist()

    def mark_deleted(self, stem: str, when: dt.datetime | None = None) -> bool:
        """Mark a stored page as gone from the inbox, keeping its rows; False if it already was."""
        rows = self.read_partition_file("pages", stem)
        if all(row["deleted_at"] for row in rows):
            return False
        when = when or dt.datetime.now(dt.timezone.utc)
        self._write("pages", stem, [{**row, "deleted_at": row["deleted_at"] or when} for row in rows])
        return True

    def processed(self) -> dict[str, dict]:
        """stem -> {"sha256", "rules_version"} of the pages a run completed.

        A cache that lets a run skip unchanged pages without reading every `pages`
        file; a missing or unreadable one only makes the next run redo every page.
        """
        try:
            return json.loads((self.root / PROCESSED_FILE).read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return {}

    def save_processed(self, processed: dict[str, dict]) -> None:
        target = self.root / PROCESSED_FILE
        target.parent.mkdir(parents=True, exist_ok=True)
        temp = _temp_beside(target)
        try:
            temp.write_text(json.dumps(processed, ensure_ascii=False, sort_keys=True), encoding="utf-8")
            os.replace(temp, target)
        finally:
            temp.unlink(missing_ok=True)

    @contextlib.contextmanager
    def lock(self, on_wait: Callable[[], None] | None = None) -> Iterator[None]:
        """Hold the warehouse's write lock: one writing run at a time, across processes.

        Blocks until the lock is free, calling `on_wait` once if it has to wait.
        The operating system releases it when the process ends, even if killed.
        """
        self.root.mkdir(parents=True, exist_ok=True)
        with open(self.root / LOCK_FILE, "a+") as handle:
            try:
                fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                if on_wait:
                    on_wait()
                fcntl.flock(handle, fcntl.LOCK_EX)
            self._remove_stale_temps()
            try:
                yield
            finally:
                fcntl.flock(handle, fcntl.LOCK_UN)

    def prune(self, keep: Iterable[str]) -> list[str]:
        """Remove from every page table the pages whose key is not in `keep`; return their file stems."""
        kept = {partition_file(key) for key in keep}
        stored = {path.stem for table in PAGE_TABLES for path in self.table_dir(table).glob("*.parquet")}
        stale = sorted(stored - kept)
        for stem in stale:
            self.delete_stored(stem)
        return stale

    def _remove_stale_temps(self, older_than_s: float = 3600) -> None:
        """Delete temp files a killed writer left behind (old enough that no live writer owns them)."""
        cutoff = time.time() - older_than_s
        for temp in self.root.rglob(".*.tmp"):
            with contextlib.suppress(OSError):
                if temp.stat().st_mtime < cutoff:
                    temp.unlink()

    def delete_stored(self, stem: str) -> None:
        """Remove the page stored under this file stem from every page table, `pages` first."""
        for table in sorted(PAGE_TABLES, key=lambda table: table != "pages"):
            (self.table_dir(table) / f"{stem}.parquet").unlink(missing_ok=True)

    def read_table(self, table: str) -> pa.Table:
        """A whole table, or an empty one with the table's schema when nothing is stored."""
        files = sorted(self.table_dir(table).glob("*.parquet"))
        if not files:
            return to_arrow(table, [])
        return ds.dataset(files, schema=SCHEMAS[table], format="parquet").to_table()

    def read_partition(self, table: str, partition_key: str) -> list[dict]:
        """One page's rows of a page table; FileNotFoundError names the missing file."""
        path = self.table_dir(table) / f"{partition_file(partition_key)}.parquet"
        if not path.exists():
            raise FileNotFoundError(f"{path}: no {table} rows for page {partition_key!r}; materialise {table} first")
        return pq.read_table(path, schema=SCHEMAS[table]).to_pylist()

    def refresh_duckdb(self, models: Iterable = ()) -> Path:
        """Rebuild gazette.duckdb: one view per table, then one view per SQL model.

        DuckDB allows one writer per file and a read-only user holds a lock on it,
        so the new database is built in a temp file and renamed over the old one:
        open read-only connections keep their snapshot and are never blocked.
        `models` are pipelines.models.Model objects in dependency order.
        """
        self.root.mkdir(parents=True, exist_ok=True)
        temp = _temp_beside(self.db_path)
        try:
            with duckdb.connect(str(temp)) as con:
                for table in SCHEMAS:
                    self._create_table_view(con, table)
                for model in models:
                    try:
                        con.execute(f'CREATE VIEW "{model.name}" AS {model.sql}')
                    except duckdb.Error as exc:
                        raise ValueError(f"{model.path}: {str(exc).splitlines()[0]}") from exc
            os.replace(temp, self.db_path)
        finally:
            temp.unlink(missing_ok=True)
            temp.with_name(temp.name + ".wal").unlink(missing_ok=True)
        return self.db_path

    def _create_table_view(self, con: duckdb.DuckDBPyConnection, table: str) -> None:
        folder = self.table_dir(table)
        if any(folder.glob("*.parquet")):
            pattern = str(folder / "*.parquet").replace("'", "''")
            con.execute(f"CREATE VIEW \"{table}\" AS SELECT * FROM read_parquet('{pattern}', union_by_name=true)")
        else:
            # No files yet: an empty table with the right columns, so models still bind.
            empty = to_arrow(table, [])
            con.register("empty_table", empty)
            con.execute(f'CREATE TABLE "{table}" AS SELECT * FROM empty_table')
            con.unregister("empty_table")
