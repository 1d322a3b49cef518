"""The warehouse: Parquet files are the record, gazette.duckdb only holds views.

Layout under the root (default `warehouse/`, or $GAZETTE_WAREHOUSE):

    parquet/<table>/<partition>.parquet   one file per page for PAGE_TABLES
    parquet/<table>/all.parquet           the whole table for GLOBAL_TABLES
    .processed.json                       which file content each page was built from (a cache)
    .global_sources.json                  which official_mentions files the global tables fold in
    gazette.duckdb                        views over those folders + the SQL models
    .gazette.duckdb.definitions           a fingerprint of what gazette.duckdb defines
    .lock                                 held by the run that is writing

The root is a folder or a URI that pyarrow's file systems understand
(`file:///data/gazette`, `s3://bucket/gazette`, `gs://…`): the Parquet files and
the cache go there. gazette.duckdb and the lock file need a local disk: they sit
in the root when it is local, else in `local_dir` ($GAZETTE_LOCAL_DIR, default
`gazette-local/`), and the views read the Parquet from the object store.

Every file is written to a hidden temp file in its final folder and moved over
the target (a rename on a local disk), so a reader sees the old file or the new
one, never half of one. Temp names start with "." and do not end in ".parquet",
so neither the listings here nor the DuckDB glob pick them up.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import fcntl
import hashlib
import json
import os
import re
import uuid
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path

import duckdb
import pyarrow as pa
import pyarrow.dataset as ds
import pyarrow.fs as pafs
import pyarrow.parquet as pq

from pipelines.tables import GLOBAL_TABLES, PAGE_TABLES, SCHEMAS, to_arrow

DB_FILE = "gazette.duckdb"
PROCESSED_FILE = ".processed.json"
GLOBAL_SOURCES_FILE = ".global_sources.json"
LOCK_FILE = ".lock"
DEFINITIONS_FILE = ".gazette.duckdb.definitions"
GLOBAL_PARTITION = "all"


def partition_file(partition_key: str) -> str:
    """A file-system-safe file stem for a partition key, distinct for distinct keys."""
    safe = re.sub(r"[^\w.-]", "_", partition_key).lstrip(".")
    if safe == partition_key:
        return safe
    # Replacing characters can make two keys collide ("a b" and "a_b"): disambiguate.
    return f"{safe}-{hashlib.sha1(partition_key.encode()).hexdigest()[:8]}"


def create_empty_table(con: duckdb.DuckDBPyConnection, table: str) -> None:
    """A DuckDB table named after a warehouse table, with its columns and types and no rows."""
    con.register("empty_table", to_arrow(table, []))
    con.execute(f'CREATE TABLE "{table}" AS SELECT * FROM empty_table')
    con.unregister("empty_table")


def _temp_beside(target: str) -> str:
    folder, _, name = target.rpartition("/")
    return f"{folder}/.{name}.{uuid.uuid4().hex}.tmp"


class Warehouse:
    def __init__(self, root: str | os.PathLike | None = None, local_dir: str | os.PathLike | None = None):
        root = str(root or os.environ.get("GAZETTE_WAREHOUSE", "warehouse"))
        if "://" in root:
            self.fs, base = pafs.FileSystem.from_uri(root)
            self.uri = root
        else:
            self.fs, base = pafs.LocalFileSystem(), str(Path(root).resolve())
            self.uri = base
        self.base = base.rstrip("/")
        self.is_local = isinstance(self.fs, pafs.LocalFileSystem)
        # Where gazette.duckdb and the lock live (see the module docstring).
        self.root = (
            Path(self.base)
            if self.is_local
            else Path(local_dir or os.environ.get("GAZETTE_LOCAL_DIR", "gazette-local")).resolve()
        )

    @property
    def db_path(self) -> Path:
        return self.root / DB_FILE

    def _table_path(self, table: str) -> str:
        return f"{self.base}/parquet/{table}"

    def _file(self, table: str, stem: str) -> str:
        return f"{self._table_path(table)}/{stem}.parquet"

    def table_dir(self, table: str) -> Path:
        """A table's folder, for a warehouse on this machine."""
        if not self.is_local:
            raise ValueError(f"{self.uri}: not on this machine; its tables are under {self._table_path(table)}")
        return Path(self._table_path(table))

    def _listing(self, table: str) -> list[pafs.FileInfo]:
        """The table's Parquet files, by name."""
        selector = pafs.FileSelector(self._table_path(table), allow_not_found=True)
        return sorted(
            (
                info
                for info in self.fs.get_file_info(selector)
                if info.type == pafs.FileType.File
                and info.base_name.endswith(".parquet")
                and not info.base_name.startswith(".")
            ),
            key=lambda info: info.path,
        )

    def _files(self, table: str) -> list[str]:
        """The table's Parquet files (fs paths), by name."""
        return [info.path for info in self._listing(table)]

    def file_stats(self, table: str) -> dict[str, list[int]]:
        """stem -> [size, mtime_ns] of each of the table's files: which version of each file is there."""
        return {info.base_name.removesuffix(".parquet"): [info.size, info.mtime_ns] for info in self._listing(table)}

    def _names(self, table: str) -> Iterator[str]:
        """The table's Parquet file names in no order; on a local disk read lazily and without a
        stat per file (a listing of 10,000 files with their stats takes 50 ms)."""
        if not self.is_local:
            yield from (path.rpartition("/")[2] for path in self._files(table))
            return
        with contextlib.suppress(FileNotFoundError), os.scandir(self._table_path(table)) as entries:
            yield from (
                entry.name
                for entry in entries
                if entry.is_file() and entry.name.endswith(".parquet") and not entry.name.startswith(".")
            )

    def has_table(self, table: str) -> bool:
        return next(self._names(table), None) is not None

    def _write(self, table: str, stem: str, rows: list[dict]) -> pa.Table:
        return self._write_files({table: rows}, stem)[table]

    def _write_files(self, rows: dict[str, list[dict]], stem: str) -> dict[str, pa.Table]:
        """Write each table's file for `stem`: every temp file first, then the moves, in `rows` order.

        Staging all files before the first move shrinks the moment when some of
        a page's tables are new and some old to a few renames.
        """
        staged, written = [], {}
        try:
            for table, table_rows in rows.items():
                written[table] = data = to_arrow(table, table_rows)
                target = self._file(table, stem)
                self.fs.create_dir(self._table_path(table), recursive=True)
                staged.append((_temp_beside(target), target))
                pq.write_table(data, staged[-1][0], filesystem=self.fs)
            for temp, target in staged:
                self.fs.move(temp, target)
        finally:
            for temp, _ in staged:
                self._delete_if_there(temp)
        return written

    def _delete_if_there(self, path: str) -> None:
        with contextlib.suppress(FileNotFoundError):
            self.fs.delete_file(path)

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

    def write_global(self, table: str, rows: list[dict] | pa.Table) -> pa.Table:
        """Replace a whole global table; what the global tables were built from is unknown until
        save_global_sources records it."""
        if table not in GLOBAL_TABLES:
            raise ValueError(f"{table!r} is not a global table")
        self._delete_if_there(f"{self.base}/{GLOBAL_SOURCES_FILE}")
        return self._write(table, GLOBAL_PARTITION, rows)

    def global_sources(self) -> dict[str, list[int]] | None:
        """file_stats("official_mentions") as they were when the global tables were last built
        from them, or None if unknown (never built, or a write of them did not complete)."""
        return self._read_json(GLOBAL_SOURCES_FILE)

    def save_global_sources(self, sources: dict[str, list[int]]) -> None:
        if any(mtime is None for _, mtime in sources.values()):
            return  # a file system without mtimes cannot tell a rewritten file: every refresh resolves all pages
        self._write_json(GLOBAL_SOURCES_FILE, sources)

    def stored_pages(self) -> set[str]:
        """File stems (partition_file) of the pages stored, from file names alone."""
        return {name.removesuffix(".parquet") for name in self._names("pages")}

    def read_partition_file(self, table: str, stem: str) -> list[dict]:
        """The rows of one stored file, by its stem (see stored_pages)."""
        return pq.read_table(self._file(table, stem), schema=SCHEMAS[table], filesystem=self.fs).to_pylist()

    def mark_deleted(self, stem: str, when: dt.datetime | None = None) -> bool:
        """Mark a stored page as gone from the inbox, keeping its rows; False if it already was."""
        rows = self.read_partition_file("pages", stem)
        if all(row["deleted_at"] for row in rows):
            return False
        when = when or dt.datetime.now(dt.UTC)
        self._write("pages", stem, [{**row, "deleted_at": row["deleted_at"] or when} for row in rows])
        return True

    def processed(self) -> dict[str, dict]:
        """stem -> record of each page a run completed: what it was built from (file hash,
        rules_version, manifest entry) and the file's name, size and mtime then.

        A cache that lets a run skip unchanged pages without reading every `pages`
        file; a missing or unreadable one only makes the next run redo every page.
        """
        return self._read_json(PROCESSED_FILE) or {}

    def save_processed(self, processed: dict[str, dict]) -> None:
        self._write_json(PROCESSED_FILE, processed)

    def _read_json(self, name: str) -> dict | None:
        """A bookkeeping file in the root; None when missing or unreadable."""
        try:
            with self.fs.open_input_stream(f"{self.base}/{name}") as stream:
                return json.loads(stream.read().decode("utf-8"))
        except (OSError, ValueError):
            return None

    def _write_json(self, name: str, data: dict) -> None:
        target = f"{self.base}/{name}"
        temp = _temp_beside(target)
        self.fs.create_dir(self.base, recursive=True)
        try:
            with self.fs.open_output_stream(temp) as stream:
                stream.write(json.dumps(data, ensure_ascii=False, sort_keys=True).encode("utf-8"))
            self.fs.move(temp, target)
        finally:
            self._delete_if_there(temp)

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
            try:
                yield
            finally:
                fcntl.flock(handle, fcntl.LOCK_UN)

    def delete_stored(self, stem: str) -> None:
        """Remove the page stored under this file stem from every page table, `pages` first."""
        for table in sorted(PAGE_TABLES, key=lambda table: table != "pages"):
            self._delete_if_there(self._file(table, stem))

    def read_table(self, table: str, stems: Iterable[str] | None = None) -> pa.Table:
        """A whole table, or only the files of these stems; an empty one with the table's schema
        when nothing is stored."""
        files = self._files(table) if stems is None else [self._file(table, stem) for stem in stems]
        if not files:
            return to_arrow(table, [])
        return ds.dataset(files, schema=SCHEMAS[table], format="parquet", filesystem=self.fs).to_table()

    def read_partition(self, table: str, partition_key: str) -> list[dict]:
        """One page's rows of a page table; FileNotFoundError names the missing file."""
        stem = partition_file(partition_key)
        path = self._file(table, stem)
        if self.fs.get_file_info(path).type != pafs.FileType.File:
            raise FileNotFoundError(f"{path}: no {table} rows for page {partition_key!r}; materialise {table} first")
        return self.read_partition_file(table, stem)

    def refresh_duckdb(self, models: Iterable = ()) -> Path:
        """Rebuild gazette.duckdb: one view per table, then one view per SQL model.

        A view reads its folder's files each time it is queried, so new pages need
        no new database: the rebuild is skipped when gazette.duckdb already holds
        these definitions (the same models, the same tables with or without files).

        DuckDB allows one writer per file and a read-only user holds a lock on it,
        so the new database is built in a temp file and renamed over the old one:
        open read-only connections keep their snapshot and are never blocked.
        `models` are pipelines.models.Model objects in dependency order.
        """
        tables = {table: self._view_source(table) for table in SCHEMAS}
        models = list(models)
        definitions = hashlib.sha256(
            json.dumps(
                [
                    duckdb.__version__,
                    tables,
                    {table: str(schema) for table, schema in SCHEMAS.items()},
                    [(model.name, model.sql) for model in models],
                ]
            ).encode()
        ).hexdigest()
        fingerprint = self.root / DEFINITIONS_FILE
        if self.db_path.exists() and fingerprint.exists() and fingerprint.read_text() == definitions:
            return self.db_path
        self.root.mkdir(parents=True, exist_ok=True)
        temp = Path(_temp_beside(str(self.db_path)))
        try:
            with duckdb.connect(str(temp)) as con:
                for table, source in tables.items():
                    self._create_table_view(con, table, source)
                for model in models:
                    try:
                        con.execute(f'CREATE VIEW "{model.name}" AS {model.sql}')
                    except duckdb.Error as exc:
                        raise ValueError(f"{model.path}: {str(exc).splitlines()[0]}") from exc
            fingerprint.unlink(missing_ok=True)  # never a fingerprint beside a database it does not describe
            os.replace(temp, self.db_path)
            fingerprint.write_text(definitions)
        finally:
            temp.unlink(missing_ok=True)
            temp.with_name(temp.name + ".wal").unlink(missing_ok=True)
        return self.db_path

    def _view_source(self, table: str) -> str | None:
        """The glob a table's view reads, or None while the table has no files."""
        if not self.has_table(table):
            return None
        folder = self._table_path(table) if self.is_local else f"{self.uri.split('://')[0]}://{self._table_path(table)}"
        return f"{folder}/*.parquet"

    @staticmethod
    def _create_table_view(con: duckdb.DuckDBPyConnection, table: str, source: str | None) -> None:
        if source:
            # Every file of a table is written with the table's schema (pipelines/tables.py), so the
            # view binds to the first file; union_by_name would read every file's footer on each refresh
            # (12 s at 10,000 pages). A schema change changes rules_version, which rewrites every page.
            pattern = source.replace("'", "''")
            con.execute(f"CREATE VIEW \"{table}\" AS SELECT * FROM read_parquet('{pattern}')")
        else:
            create_empty_table(con, table)  # no files yet: the right columns, so models still bind
