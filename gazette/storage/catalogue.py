"""The DuckDB catalogue: gazette.duckdb, one view per table and one per SQL model.

A page table's view (`pages`, `articles`, ...) holds the rows of live pages only; the rows of
pages whose file left the inbox (`pages.deleted_at` set) stay in `<table>_with_deleted`,
with every stored row, until `gazette run --prune` removes them.

Each publish is a snapshot of the store. On a local disk every table file is hard-linked
into `.snapshots/<gen>/<table>/` (no bytes copied) and the views read that folder, which
never changes afterwards: a reader sees one settled state of every table, each row once,
even while a run lands pages or a compaction replaces files in the live folders. A newer
database is built in a temp file and renamed over the old one, so open read-only
connections keep their snapshot and are never blocked. A snapshot is removed once it is
neither the current nor the previous one and no reader holds its database open (DuckDB
keeps a lock on the file while a connection is open).

On an object store (no hard links) the views read the live folders, as written.

A database knows where it was built: queried through a copy or after the warehouse moved,
its views stop with a message that says which files they would read and how to point
them at the copy's own (`gazette run` builds them again), instead of silently reading the
original's files.
"""

from __future__ import annotations

import contextlib
import fcntl
import hashlib
import json
import os
import shutil
import time
from collections.abc import Iterable, Mapping
from pathlib import Path

import duckdb

from gazette.storage.extensions import s3_secret
from gazette.storage.files import temp_beside
from gazette.tables import PAGE_TABLES, SCHEMAS, to_arrow

DB_FILE = "gazette.duckdb"
DEFINITIONS_FILE = ".gazette.duckdb.definitions"
SNAPSHOTS = ".snapshots"


def create_empty_table(con: duckdb.DuckDBPyConnection, table: str, name: str | None = None) -> None:
    """A DuckDB table (named `name`, else after the warehouse table) with the table's columns and types, no rows."""
    con.register("empty_table", to_arrow(table, []))
    con.execute(f'CREATE TABLE "{name or table}" AS SELECT * FROM empty_table')
    con.unregister("empty_table")


def with_deleted(table: str) -> str:
    """The view of a page table that also holds the rows of deleted pages (until `--prune`)."""
    return f"{table}{WITH_DELETED}"


WITH_DELETED = "_with_deleted"
# A page table's view shows the rows of live pages: those whose file is still in the inbox.
LIVE_PAGE = f'page_id IN (SELECT page_id FROM "{with_deleted("pages")}" WHERE deleted_at IS NULL)'


def _quoted(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


# SQL helpers kept in the database, for users of a read-only connection.
MACROS = [
    # page_texts stores raw offsets as runs (gazette.offsets); this maps one clean offset.
    """CREATE MACRO raw_offset(runs, clean_offset) AS (
        list_last(list_filter(runs, r -> r.clean <= clean_offset)).raw
        + clean_offset - list_last(list_filter(runs, r -> r.clean <= clean_offset)).clean
    )""",
]


class Catalogue:
    def __init__(self, folder: Path, remote_uri: str | None = None):
        """`folder`: where gazette.duckdb lives (the warehouse root when local). `remote_uri`: the
        object store's warehouse URI, whose scheme ("s3://") the views' paths take, None when local."""
        self.folder, self.remote_uri = folder, remote_uri
        self.remote_prefix = None if remote_uri is None else remote_uri.split("://")[0] + "://"

    @property
    def db_path(self) -> Path:
        return self.folder / DB_FILE

    def publish(self, files: dict[str, list[str]], models: Iterable = ()) -> Path:
        """Make gazette.duckdb show these files (table -> paths, each row once) and the models.

        Skipped when it already does: the same files (by path, size and mtime), definitions and place.
        `models` are gazette.models.Model objects in dependency order.
        """
        models = list(models)
        stats = {
            table: [[path, *_stat(path)] for path in paths] if self.remote_prefix is None else paths
            for table, paths in files.items()
        }
        definitions = hashlib.sha256(
            json.dumps(
                [
                    duckdb.__version__,
                    str(self.db_path),
                    stats,
                    {table: str(schema) for table, schema in SCHEMAS.items()},
                    [(model.name, model.sql) for model in models],
                    MACROS,
                    LIVE_PAGE,
                ]
            ).encode()
        ).hexdigest()
        fingerprint = self.folder / DEFINITIONS_FILE
        if self.db_path.exists() and fingerprint.exists() and fingerprint.read_text() == definitions:
            return self.db_path
        self.folder.mkdir(parents=True, exist_ok=True)
        snapshot, sources = self._snapshot(files) if self.remote_prefix is None else (None, self._live(files))
        temp = Path(temp_beside(str(self.db_path)))
        try:
            with duckdb.connect(str(temp)) as con:
                if self.remote_uri and self.remote_uri.startswith("s3://"):
                    s3_secret(con, self.remote_uri)  # the views bind to the files' schemas as they are made
                self._define(con, sources, models)
            fingerprint.unlink(missing_ok=True)  # never a fingerprint beside a database it does not describe
            if snapshot:
                os.link(temp, snapshot / DB_FILE)  # lets a later publish see whether readers hold it
            os.replace(temp, self.db_path)
            fingerprint.write_text(definitions)
        finally:
            temp.unlink(missing_ok=True)
            temp.with_name(temp.name + ".wal").unlink(missing_ok=True)
        self._remove_unused_snapshots()
        return self.db_path

    def _snapshot(self, files: dict[str, list[str]]) -> tuple[Path, dict[str, str | None]]:
        """Hard links to every file in a new snapshot folder, and table -> the glob its view reads."""
        snapshot = self.folder / SNAPSHOTS / f"{time.time_ns():020d}"
        snapshot.mkdir(parents=True)
        sources: dict[str, str | None] = {}
        for table, paths in files.items():
            if not paths:
                sources[table] = None
                continue
            for i, path in enumerate(paths):
                link = snapshot / table / f"{i:06d}-{Path(path).name}"
                link.parent.mkdir(parents=True, exist_ok=True)
                try:
                    os.link(path, link)
                except OSError:  # a file system without hard links: a copy, still immutable
                    shutil.copy2(path, link)
            sources[table] = f"{snapshot}/{table}/*.parquet"
        return snapshot, sources

    def _live(self, files: dict[str, list[str]]) -> dict[str, list[str] | None]:
        return {table: [f"{self.remote_prefix}{path}" for path in paths] or None for table, paths in files.items()}

    def _define(
        self, con: duckdb.DuckDBPyConnection, sources: Mapping[str, str | list[str] | None], models: list
    ) -> None:
        here = str(self.db_path)
        moved = (
            f"{here}: this database was built for that place; its views read the files of the warehouse "
            "that was there. Run `gazette run --input <inbox> --warehouse <this folder>` to build it "
            "for the copy or the moved warehouse"
        )
        # Evaluated once per query: stops a copied or moved database from reading another warehouse.
        con.execute(
            "CREATE MACRO gazette_here() AS (SELECT CASE WHEN path = "
            f"{_quoted(here)} THEN true ELSE error({_quoted(moved)}) END "
            "FROM duckdb_databases() WHERE database_name = current_database())"
        )
        for macro in MACROS:
            con.execute(macro)
        for table in SCHEMAS:
            stored = with_deleted(table) if table in PAGE_TABLES else table
            source = sources.get(table)
            if source is None:
                create_empty_table(con, table, stored)  # no files yet: the right columns, so models still bind
            else:
                # Every file of a table is written with the table's schema (gazette/tables/), so the
                # view binds to the first file; union_by_name would read every file's footer each time.
                listed = _quoted(source) if isinstance(source, str) else "[" + ", ".join(map(_quoted, source)) + "]"
                con.execute(f'CREATE VIEW "{stored}" AS SELECT * FROM read_parquet({listed}) WHERE gazette_here()')
        for table in PAGE_TABLES:
            live = "deleted_at IS NULL" if table == "pages" else LIVE_PAGE
            con.execute(f'CREATE VIEW "{table}" AS SELECT * FROM "{with_deleted(table)}" WHERE {live}')
        for model in models:
            try:
                con.execute(f'CREATE VIEW "{model.name}" AS {model.sql}')
            except duckdb.Error as exc:
                raise ValueError(f"{model.path}: {str(exc).splitlines()[0]}") from exc

    def _remove_unused_snapshots(self) -> None:
        folder = self.folder / SNAPSHOTS
        if not folder.is_dir():
            return
        snapshots = sorted(path for path in folder.iterdir() if path.is_dir())
        for snapshot in snapshots[:-2]:  # the current one and the previous one always stay
            if not _in_use(snapshot / DB_FILE):
                shutil.rmtree(snapshot, ignore_errors=True)


def _stat(path: str) -> list[int]:
    stat = os.stat(path)
    return [stat.st_size, stat.st_mtime_ns]


def _in_use(db_file: Path) -> bool:
    """Whether another process has this database open (DuckDB holds a POSIX lock on it)."""
    try:
        handle = os.open(db_file, os.O_RDWR)
    except OSError:
        return False  # no database: a snapshot from a publish that did not complete
    try:
        fcntl.lockf(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:
        return True
    else:
        fcntl.lockf(handle, fcntl.LOCK_UN)
        return False
    finally:
        with contextlib.suppress(OSError):
            os.close(handle)
