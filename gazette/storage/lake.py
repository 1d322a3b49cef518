"""The warehouse's tables in DuckLake: Parquet data files tracked by a catalog.

DuckLake keeps which files hold which rows (the catalog), replaces a page's rows atomically (a
DELETE and an INSERT in one transaction, one snapshot), keeps snapshots for time travel, merges
small files (`compact`), and lets many writers share one catalog.

The catalog is a SQLite file in the warehouse (`catalog.sqlite`, in GAZETTE_LOCAL_DIR for an
object-store warehouse) unless GAZETTE_CATALOG names a PostgreSQL database
(`postgresql://user@host:port/db`), the catalog many machines share. Data files go under
`<warehouse>/lake/`, on local disk or S3.

Beside the contract's tables the lake holds a run's own records, never shown to readers:
which pages each page table was written for (`_pages_written`), what each page was built from
(`_processed`, gazette.storage.processed), what the warehouse-wide tables were built from
(`_global_sources`), and one row whose update makes two rebuilds of those tables conflict
(`_global_turn`). They change in transactions like the tables, so that several machines
writing at once keep them whole.

Readers never open the catalog: `publish` writes gazette.duckdb (gazette.storage.views).
"""

from __future__ import annotations

import contextlib
import datetime as dt
import errno
import itertools
import os
import time
from collections.abc import Callable, Iterable, Iterator, Mapping
from pathlib import Path
from typing import TypeVar

import duckdb
import pyarrow as pa

from gazette.storage import views
from gazette.storage.catalog import catalog_attach_string
from gazette.storage.extensions import connect, s3_secret
from gazette.storage.processed import PROCESSED_SCHEMA
from gazette.tables import PAGE_TABLES, SCHEMAS, to_arrow

DATA_FOLDER = "lake"
# Another writer's commit: the SQLite catalog busy, or DuckLake's conflict between two
# transactions that changed the same rows. The transaction is run again from the start.
RETRIED = ("database is locked", "Transaction conflict", "could not serialize access")
# PostgreSQL's words for two transactions that changed one row, and for two processes that
# created a new catalog's metadata at once.
OPENED_AT_ONCE = ("could not serialize access", "already exists", "duplicate key value")
RETRIES = 12  # about 10 s of waiting
WRITE_ERRNOS = (errno.ENOSPC, errno.EDQUOT, errno.EROFS, errno.EACCES, errno.EPERM)
REWRITE_AT_DELETED = 0.5  # a data file is rewritten once delete files cover this share of its rows
T = TypeVar("T")
STEM = "page_stem"  # the page a page table's row belongs to (gazette.warehouse.page_stem); not shown to readers
# Which version of each page's rows a page table holds: its stem, a size (0) and when written.
VERSION_SCHEMA = pa.schema([("stem", pa.string()), ("size", pa.int64()), ("mtime_ns", pa.int64())])
# What the warehouse-wide tables were built from: a row per page, its official_mentions version
# and the people (official_id) it names, so that a page replaced or removed has only those
# resolved again.
GLOBAL_SOURCES_SCHEMA = VERSION_SCHEMA.append(pa.field("official_ids", pa.list_(pa.string())))
WRITTEN = "_pages_written"
PROCESSED = "_processed"
GLOBAL_SOURCES = "_global_sources"
GLOBAL_TURN = "_global_turn"
RECORDS = {PROCESSED: PROCESSED_SCHEMA, GLOBAL_SOURCES: GLOBAL_SOURCES_SCHEMA}  # keyed by their `stem`


def _insert(con: duckdb.DuckDBPyConnection, table: str, rows: pa.Table) -> None:
    """Append Arrow rows to a lake table, columns matched by name."""
    con.register("new_rows", rows)
    con.execute(f'INSERT INTO lake."{table}" BY NAME SELECT * FROM new_rows')
    con.unregister("new_rows")


def _wait_before_retry(attempt: int) -> None:
    """Back off before running a conflicting open or transaction again: 50 ms, doubling, at most 2 s."""
    time.sleep(min(0.05 * 2**attempt, 2.0))


def _os_error(exc: duckdb.Error) -> int | None:
    """The errno of a file DuckDB could not write (a full disk, a read-only or unwritable folder),
    which it reports in words only; None for any other error."""
    if not isinstance(exc, duckdb.IOException | duckdb.PermissionException):
        return None
    return next((code for code in WRITE_ERRNOS if os.strerror(code) in str(exc)), None)


def _quoted(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


class Lake:
    def __init__(self, data_uri: str, local_folder: Path, catalog: str | None = None):
        """`data_uri`: the warehouse root (a folder or s3://bucket/prefix?…); `local_folder`: where
        gazette.duckdb (and the embedded catalog) live; `catalog`: GAZETTE_CATALOG."""
        self.data_uri = data_uri
        self.local_folder = local_folder
        self.attach = catalog_attach_string(catalog, local_folder)
        base = data_uri.split("?")[0].rstrip("/")
        self.data_path = f"{base}/{DATA_FOLDER}/"
        self._con: duckdb.DuckDBPyConnection | None = None
        self._in_transaction = False

    @property
    def db_path(self) -> Path:
        return self.local_folder / views.DB_FILE

    @contextlib.contextmanager
    def connect(self) -> Iterator[duckdb.DuckDBPyConnection]:
        """The lake's connection, with the lake attached as `lake` and every table created: opened
        on first use and kept (LOADing the extensions takes about a second), until close()."""
        if self._con is None:
            self._con = self._open()
        yield self._con

    def close(self) -> None:
        if self._con is not None:
            self._con.close()
            self._con = None

    def _open(self) -> duckdb.DuckDBPyConnection:
        """A connection with the lake attached and its tables there. Machines opening one lake at
        the same moment may both create DuckLake's metadata, or its tables: the later one opens again."""
        self.local_folder.mkdir(parents=True, exist_ok=True)
        for attempt in itertools.count():
            catalog = "postgres_scanner" if ":postgres:" in self.attach else "sqlite_scanner"
            con = connect(["ducklake", catalog, *(["httpfs"] if self.data_uri.startswith("s3://") else [])])
            try:
                if self.data_uri.startswith("s3://"):
                    s3_secret(con, self.data_uri)
                # The embedded catalog moves with its warehouse (a copy, a move): its data are where it is
                # now. A shared catalog names one place for every machine, and a run pointed elsewhere stops.
                moved = ", OVERRIDE_DATA_PATH TRUE" if ":sqlite:" in self.attach else ""
                con.execute(
                    f"ATTACH {_quoted(self.attach)} AS lake "
                    f"(DATA_PATH {_quoted(self.data_path)}, DATA_INLINING_ROW_LIMIT 0{moved})"
                )
                self._con = con
                self.transaction(self._create_tables)
                return con
            except duckdb.Error as exc:
                self._con = None
                con.close()
                if not any(sign in str(exc) for sign in (*RETRIED, *OPENED_AT_ONCE)) or attempt >= RETRIES:
                    raise
            _wait_before_retry(attempt)
        raise AssertionError("unreachable")

    def _create_tables(self, con: duckdb.DuckDBPyConnection) -> None:
        """The tables a new lake lacks, and the columns this version added to a table (rows stored
        before read them as null); several machines may open a new lake at once (a conflict runs
        this again, and then finds them)."""
        columns: dict[str, set[str]] = {}
        for table, column in con.sql(
            "SELECT table_name, column_name FROM duckdb_columns() WHERE database_name = 'lake'"
        ).fetchall():
            columns.setdefault(table, set()).add(column)
        existing = set(columns)
        if not existing:  # a new lake. zstd: page text compresses to about half of snappy's bytes
            con.execute("CALL lake.set_option('parquet_compression', 'zstd')")
        empty = {table: self._stored(table, to_arrow(table, []), "") for table in SCHEMAS} | {
            name: schema.empty_table() for name, schema in RECORDS.items()
        }
        for table, rows in sorted(empty.items()):
            if set(rows.schema.names) <= columns.get(table, set()):
                continue
            con.register("empty_rows", rows)
            if table not in existing:
                con.execute(f'CREATE TABLE lake."{table}" AS SELECT * FROM empty_rows')
            for name, kind, *_ in con.sql("DESCRIBE empty_rows").fetchall() if table in existing else []:
                if name not in columns[table]:
                    con.execute(f'ALTER TABLE lake."{table}" ADD COLUMN "{name}" {kind}')
            con.unregister("empty_rows")
        if WRITTEN not in existing:
            con.execute(f'CREATE TABLE lake."{WRITTEN}" (table_name VARCHAR, {STEM} VARCHAR, written_at TIMESTAMPTZ)')
        if GLOBAL_TURN not in existing:
            con.execute(f'CREATE TABLE lake."{GLOBAL_TURN}" AS SELECT 0::BIGINT AS turn')

    def transaction(self, work: Callable[[duckdb.DuckDBPyConnection], T]) -> T:
        """`work` on the connection in one transaction: committed at the end, rolled back on any
        error, and run again from the start when another writer's commit came first (RETRIED).
        Inside a transaction already, `work` joins it."""
        for attempt in itertools.count():
            with self.connect() as con:
                if self._in_transaction:
                    return work(con)
                con.execute("BEGIN")
                self._in_transaction = True
                try:
                    done = work(con)
                    con.execute("COMMIT")
                    return done
                except duckdb.Error as exc:
                    with contextlib.suppress(duckdb.Error):
                        con.execute("ROLLBACK")
                    if (code := _os_error(exc)) is not None:
                        raise OSError(code, str(exc).splitlines()[0]) from exc
                    if not any(sign in str(exc) for sign in RETRIED) or attempt >= RETRIES:
                        raise
                except BaseException:
                    with contextlib.suppress(duckdb.Error):
                        con.execute("ROLLBACK")
                    raise
                finally:
                    self._in_transaction = False
            _wait_before_retry(attempt)
        raise AssertionError("unreachable")

    @staticmethod
    def _stored(table: str, rows: pa.Table, stem: str) -> pa.Table:
        if table not in PAGE_TABLES:
            return rows
        return rows.append_column(STEM, pa.array([stem] * rows.num_rows, pa.string()))

    def replace_pages(self, pages: Mapping[str, Mapping[str, list | pa.Table]]) -> dict[str, dict[str, pa.Table]]:
        """Replace, for each page stem, its rows in each of its page tables, all in one transaction
        (a statement per table and two for the record of what was written, whatever the number of pages)."""
        if unknown := {table for tables in pages.values() for table in tables} - set(PAGE_TABLES):
            raise ValueError(f"{sorted(unknown)} are not page tables")
        written = {
            stem: {table: to_arrow(table, rows) for table, rows in tables.items()} for stem, tables in pages.items()
        }
        by_table: dict[str, list[tuple[str, pa.Table]]] = {}
        for stem, tables in written.items():
            for table, arrow in tables.items():
                by_table.setdefault(table, []).append((stem, arrow))
        now = dt.datetime.now(dt.UTC)

        now_written = pa.table(
            {
                "table_name": [table for table, pairs in by_table.items() for _ in pairs],
                STEM: [stem for pairs in by_table.values() for stem, _ in pairs],
            }
        )

        def replace(con: duckdb.DuckDBPyConnection) -> None:
            for table, pairs in by_table.items():
                stems = [stem for stem, _ in pairs]
                con.execute(f'DELETE FROM lake."{table}" WHERE {STEM} IN (SELECT unnest(?))', [stems])
                rows = pa.concat_tables([self._stored(table, arrow, stem) for stem, arrow in pairs])
                if rows.num_rows:
                    _insert(con, table, rows)
            con.register("now_written", now_written)  # every table's record in two statements
            con.execute(
                f'DELETE FROM lake."{WRITTEN}" AS w USING now_written AS n '
                f"WHERE w.table_name = n.table_name AND w.{STEM} = n.{STEM}"
            )
            con.execute(f'INSERT INTO lake."{WRITTEN}" SELECT table_name, {STEM}, ? FROM now_written', [now])
            con.unregister("now_written")

        self.transaction(replace)
        return written

    def remove_pages(self, stems: Iterable[str]) -> None:
        listed = sorted(set(stems))

        def remove(con: duckdb.DuckDBPyConnection) -> None:
            for table in PAGE_TABLES:
                con.execute(f'DELETE FROM lake."{table}" WHERE {STEM} IN (SELECT unnest(?))', [listed])
            con.execute(f'DELETE FROM lake."{WRITTEN}" WHERE {STEM} IN (SELECT unnest(?))', [listed])

        self.transaction(remove)

    def replace_table(self, table: str, rows: list | pa.Table) -> pa.Table:
        """Replace a whole (global) table in one transaction."""
        arrow = to_arrow(table, rows)

        def replace(con: duckdb.DuckDBPyConnection) -> None:
            con.execute(f'DELETE FROM lake."{table}"')
            _insert(con, table, arrow)

        self.transaction(replace)
        return arrow

    def read_records(self, name: str) -> pa.Table:
        """A run's own records (RECORDS: `_processed`, `_global_sources`), as stored."""
        with self.connect() as con:
            return con.sql(f'SELECT * FROM lake."{name}"').fetch_arrow_table().cast(RECORDS[name])

    def replace_records(self, name: str, stems: Iterable[str] | None, rows: pa.Table) -> None:
        """Replace the records of these pages (every record, when `stems` is None) with `rows`."""
        listed = None if stems is None else sorted(set(stems))

        def replace(con: duckdb.DuckDBPyConnection) -> None:
            if listed is None:
                con.execute(f'DELETE FROM lake."{name}"')
            elif listed:
                con.execute(f'DELETE FROM lake."{name}" WHERE stem IN (SELECT unnest(?))', [listed])
            if rows.num_rows:
                _insert(con, name, rows.cast(RECORDS[name]))

        self.transaction(replace)

    def take_global_turn(self) -> None:
        """Inside a transaction: make it conflict with any other that rebuilds the warehouse-wide
        tables at the same time, so that the later one starts again from what the first wrote."""
        with self.connect() as con:
            con.execute(f'UPDATE lake."{GLOBAL_TURN}" SET turn = turn + 1')

    def read(self, table: str, stems: Iterable[str] | None = None, with_stem: bool = False) -> pa.Table:
        """A table's current rows (of these pages only), with the table's schema."""
        columns = ", ".join(f'"{name}"' for name in SCHEMAS[table].names)
        if with_stem:
            columns += f", {STEM} AS stem"
        where = "" if stems is None else f" WHERE {STEM} IN (SELECT unnest(?))"
        with self.connect() as con:
            order = f"{STEM}, rowid" if table in PAGE_TABLES else "rowid"  # pages in stem order, whenever written
            result = con.execute(
                f'SELECT {columns} FROM lake."{table}"{where} ORDER BY {order}',
                [] if stems is None else [sorted(set(stems))],
            )
            rows = result.fetch_arrow_table()
        return rows if with_stem else rows.cast(SCHEMAS[table])

    def batches(
        self, table: str, stems: Iterable[str] | None, rows: int, with_stem: bool = False
    ) -> Iterator[pa.Table]:
        """A table's rows (of these pages) in batches of whole pages of about `rows` rows."""
        wanted = sorted(self.written(table) if stems is None else set(stems))
        columns = ", ".join(f'"{name}"' for name in SCHEMAS[table].names) + f", {STEM} AS stem"
        with self.connect() as con:
            counts = dict(
                con.execute(
                    f'SELECT {STEM}, count(*) FROM lake."{table}" WHERE {STEM} IN (SELECT unnest(?)) GROUP BY ALL',
                    [wanted],
                ).fetchall()
            )
            batch: list[str] = []
            held = 0
            for stem in [*wanted, None]:
                if stem is not None and (not batch or held + counts.get(stem, 0) <= rows):
                    batch.append(stem)
                    held += counts.get(stem, 0)
                    continue
                if batch:
                    wanted_rows = f'SELECT {columns} FROM lake."{table}" WHERE {STEM} IN (SELECT unnest(?))'
                    part = con.execute(f"{wanted_rows} ORDER BY {STEM}, rowid", [batch]).fetch_arrow_table()
                    data = part.drop_columns(["stem"]).cast(SCHEMAS[table])
                    yield data.append_column("stem", part["stem"]) if with_stem else data
                batch, held = ([stem], counts.get(stem, 0)) if stem is not None else ([], 0)

    def versions(self, table: str) -> pa.Table:
        """stem, size (0) and mtime_ns (when written) of each page written to a page table, by stem."""
        with self.connect() as con:
            return con.execute(
                f"SELECT {STEM} AS stem, 0::BIGINT AS size, epoch_ns(written_at)::BIGINT AS mtime_ns "
                f'FROM lake."{WRITTEN}" WHERE table_name = ? ORDER BY stem',
                [table],
            ).fetch_arrow_table()

    def damaged(self) -> Iterator[tuple[str, str, str]]:
        """(table, path, problem) for each current data or delete file that is missing or unreadable."""
        listed = self.files()
        with self.connect() as con:
            for table, files in listed.items():
                for path in (name for pair in files for name in pair if name):
                    try:
                        con.execute(f"SELECT count(*) FROM parquet_metadata({_quoted(path)})").fetchall()
                    except duckdb.Error as exc:
                        yield table, path, str(exc).splitlines()[0]

    def discard(self, table: str, path: str) -> set[str]:
        """Drop a damaged data file (and its deletes) from the catalog at the current snapshot;
        returns the stems of the pages written to `table` that it may have held (by the file's
        page_stem range in the catalog), for the caller to build again."""
        meta = "__ducklake_metadata_lake"

        def drop(con: duckdb.DuckDBPyConnection) -> tuple[str | None, str | None]:
            current_file = "SELECT data_file_id FROM {}.{} WHERE end_snapshot IS NULL AND ? LIKE '%' || path"
            found = con.execute(
                current_file.format(meta, "ducklake_data_file")
                + " UNION "
                + current_file.format(meta, "ducklake_delete_file"),
                [path, path],
            ).fetchall()
            ids = [file_id for (file_id,) in found]
            low, high = con.execute(
                f"SELECT min(s.min_value), max(s.max_value) FROM {meta}.ducklake_file_column_stats s "
                f"JOIN {meta}.ducklake_column c ON c.column_id = s.column_id AND c.table_id = s.table_id "
                f"WHERE c.column_name = ? AND s.data_file_id IN (SELECT unnest(?))",
                [STEM, ids],
            ).fetchone() or (None, None)
            current = f"(SELECT max(snapshot_id) FROM {meta}.ducklake_snapshot)"
            for listing in ("ducklake_data_file", "ducklake_delete_file"):
                con.execute(
                    f"UPDATE {meta}.{listing} SET end_snapshot = {current} "
                    "WHERE end_snapshot IS NULL AND data_file_id IN (SELECT unnest(?))",
                    [ids],
                )
            return low, high

        low, high = self.transaction(drop)
        self.close()  # the extension caches what it read of the catalog
        if table not in PAGE_TABLES or low is None or high is None:
            return set()
        return {stem for stem in self.written(table) if low <= stem <= high}

    def written(self, table: str = "pages") -> set[str]:
        """The stems of the pages written to a page table."""
        with self.connect() as con:
            return {
                stem
                for (stem,) in con.execute(
                    f'SELECT {STEM} FROM lake."{WRITTEN}" WHERE table_name = ?', [table]
                ).fetchall()
            }

    def current_snapshot(self) -> int:
        """The id of the current snapshot; every commit makes a new one."""
        with self.connect() as con:
            return int(con.sql("FROM lake.current_snapshot()").fetchall()[0][0])

    def snapshots(self) -> list[tuple[int, dt.datetime, str]]:
        """Every snapshot: its id, when it was committed, and what it changed."""
        with self.connect() as con:
            return [
                (snapshot_id, when, str(changes))
                for snapshot_id, when, changes in con.sql(
                    "SELECT snapshot_id, snapshot_time, changes FROM lake.snapshots() ORDER BY snapshot_id"
                ).fetchall()
            ]

    def snapshot_at(self, at: str) -> int:
        """The snapshot `at` names: its id, or the last one committed at or before a timestamp
        (ISO 8601, UTC when no zone is given); ValueError when there is none."""
        known = self.snapshots()
        if at.isdigit():
            if int(at) not in {snapshot_id for snapshot_id, _, _ in known}:
                raise ValueError(f"no snapshot {at}; `gazette snapshots` lists them")
            return int(at)
        try:
            when = dt.datetime.fromisoformat(at)
        except ValueError:
            raise ValueError(f"{at!r}: a snapshot id or a timestamp (2026-12-07T09:00) is expected") from None
        when = when if when.tzinfo else when.replace(tzinfo=dt.UTC)
        before = [snapshot_id for snapshot_id, committed, _ in known if committed <= when]
        if not before:
            raise ValueError(f"{at}: the warehouse has no snapshot that early")
        return before[-1]

    def compact(self) -> int:
        """Merge the tables' small files into larger ones and rewrite the files that delete files
        hollowed out (DuckLake's merge and rewrite), so that a view reads few files and few deletes;
        returns how many fewer data files there are."""

        def data_files() -> int:
            return sum(map(len, self.files().values()))

        before = data_files()

        def merge(con: duckdb.DuckDBPyConnection) -> None:
            con.execute("CALL ducklake_rewrite_data_files('lake', delete_threshold => ?)", [REWRITE_AT_DELETED])
            con.execute("CALL ducklake_merge_adjacent_files('lake')")

        self.transaction(merge)
        return before - data_files()

    def files(self, at: int | None = None) -> dict[str, list[tuple[str, str | None]]]:
        """Each table's (data file, its delete file or None) pairs that its current snapshot (or
        snapshot `at`) reads, in path order: one query for every table; none for a table made after `at`."""
        at_clause = "" if at is None else f", snapshot_version => {int(at)}"

        def listing(tables: Iterable[str]) -> str:
            return " UNION ALL ".join(
                f"SELECT '{table}', data_file, delete_file FROM ducklake_list_files('lake', '{table}'{at_clause})"
                for table in tables
            )

        with self.connect() as con:
            try:
                rows = con.sql(listing(SCHEMAS)).fetchall()
            except duckdb.CatalogException:  # a table made after snapshot `at`: the tables one at a time
                rows = []
                for table in SCHEMAS:
                    with contextlib.suppress(duckdb.CatalogException):
                        rows += con.sql(listing([table])).fetchall()
        found: dict[str, list[tuple[str, str | None]]] = {table: [] for table in SCHEMAS}
        for table, data_file, delete_file in sorted(rows, key=lambda row: (row[0], row[1])):
            found[table].append((data_file, delete_file))
        return found

    def count(self, table: str) -> int:
        """A table's current rows."""
        with self.connect() as con:
            return int(con.sql(f'SELECT count(*) FROM lake."{table}"').fetchall()[0][0])

    def expire(self, keep: dt.timedelta) -> None:
        """Forget snapshots older than `keep` and delete the files only they read."""
        older_than = dt.datetime.now(dt.UTC) - keep
        with self.connect() as con:
            con.execute("CALL ducklake_expire_snapshots('lake', older_than => ?)", [older_than])
            con.execute("CALL ducklake_cleanup_old_files('lake', older_than => ?)", [older_than])

    def publish(self, models: Iterable = (), at: int | None = None, target: Path | None = None) -> Path:
        """Write gazette.duckdb (or `target`) over the files of the current snapshot (or snapshot
        `at`), with a view per SQL model (gazette.storage.views)."""
        files = self.files(at)
        object_store = self.data_uri if self.data_uri.startswith("s3://") else None
        return views.publish(target or self.db_path, files, list(models), object_store)
