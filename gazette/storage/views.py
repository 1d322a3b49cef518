"""gazette.duckdb: the database every reader opens, one view per table and one per SQL model.

Readers never open the lake's catalog. A view reads the data files of one snapshot with their
delete files applied, so that any DuckDB client, with no extension to load, answers every
table and model by name with each current row once, during runs too. The database is built
in a temp file and renamed into place; the files it reads stay until snapshots older than the
retention are expired (gazette.storage.lake), long after a newer database replaced it.

A page table's view (`pages`, `articles`, ...) holds the rows of live pages only; the rows of
pages whose file left the inbox (`pages.deleted_at` set) stay in `<table>_with_deleted`, with
every stored row, until `gazette run --prune` removes them.
"""

from __future__ import annotations

import hashlib
import json
import os
import uuid
from pathlib import Path

import duckdb

from gazette.storage.extensions import s3_secret
from gazette.tables import PAGE_TABLES, SCHEMAS, to_arrow

DB_FILE = "gazette.duckdb"
WITH_DELETED = "_with_deleted"
# SQL helpers kept in gazette.duckdb, for users of a read-only connection.
MACROS = [
    # page_texts stores raw offsets as runs (gazette.offsets); this maps one clean offset.
    """CREATE MACRO raw_offset(runs, clean_offset) AS (
        list_last(list_filter(runs, r -> r.clean <= clean_offset)).raw
        + clean_offset - list_last(list_filter(runs, r -> r.clean <= clean_offset)).clean
    )""",
]
# A table's files in one snapshot: (data file, its delete file or None), as the catalog lists them.
Files = dict[str, list[tuple[str, str | None]]]


def with_deleted(table: str) -> str:
    """The view of a page table that also holds the rows of deleted pages (until `--prune`)."""
    return f"{table}{WITH_DELETED}"


# A page table's view shows the rows of live pages: those whose file is still in the inbox.
LIVE_PAGE = f'page_id IN (SELECT page_id FROM "{with_deleted("pages")}" WHERE deleted_at IS NULL)'


def create_empty_table(con: duckdb.DuckDBPyConnection, table: str, name: str | None = None) -> None:
    """A DuckDB table (named `name`, else after the warehouse table) with the table's columns and types, no rows."""
    con.register("empty_table", to_arrow(table, []))
    con.execute(f'CREATE TABLE "{name or table}" AS SELECT * FROM empty_table')
    con.unregister("empty_table")


def publish(target: Path, files: Files, models: list, object_store: str | None = None) -> Path:
    """Write `target`: a view per table over `files`, and a view per SQL model (in dependency
    order); skipped when it would define the same views. `object_store`: the s3:// URI whose
    credentials the views need."""
    definitions = hashlib.sha256(
        json.dumps(
            [
                duckdb.__version__,
                str(target),
                files,
                {table: str(schema) for table, schema in SCHEMAS.items()},
                [(model.name, model.sql) for model in models],
                MACROS,
                LIVE_PAGE,
            ]
        ).encode()
    ).hexdigest()
    fingerprint = target.with_name(f".{target.name}.definitions")
    if target.exists() and fingerprint.exists() and fingerprint.read_text() == definitions:
        return target
    temp = target.with_name(f".{target.name}.{uuid.uuid4().hex}.tmp")  # renamed over the target once whole
    try:
        with duckdb.connect(str(temp)) as con:
            if object_store:
                s3_secret(con, object_store)
            _define(con, target, files, models)
        fingerprint.unlink(missing_ok=True)  # never a fingerprint beside a database it does not describe
        os.replace(temp, target)
        fingerprint.write_text(definitions)
    finally:
        temp.unlink(missing_ok=True)
        temp.with_name(temp.name + ".wal").unlink(missing_ok=True)
    return target


def _quoted(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def _define(con: duckdb.DuckDBPyConnection, target: Path, files: Files, models: list) -> None:
    moved = (
        f"{target}: this database was built for that place; its views read the files of the warehouse "
        "that was there. Run `gazette run --input <inbox> --warehouse <this folder>` to build it "
        "for the copy or the moved warehouse"
    )
    # Evaluated once per query: stops a copied or moved database from reading another warehouse.
    con.execute(
        "CREATE MACRO gazette_here() AS (SELECT CASE WHEN path = "
        f"{_quoted(str(target))} THEN true ELSE error({_quoted(moved)}) END "
        "FROM duckdb_databases() WHERE database_name = current_database())"
    )
    for macro in MACROS:
        con.execute(macro)
    for table, listed in files.items():
        stored = with_deleted(table) if table in PAGE_TABLES else table
        if listed:
            con.execute(
                f'CREATE VIEW "{stored}" AS SELECT * FROM ({_current_rows(con, table, listed)}) WHERE gazette_here()'
            )
        else:  # no files: the table's columns and types, so that models still bind
            create_empty_table(con, table, stored)
    for table in PAGE_TABLES:
        live = "deleted_at IS NULL" if table == "pages" else LIVE_PAGE
        con.execute(f'CREATE VIEW "{table}" AS SELECT * FROM "{with_deleted(table)}" WHERE {live}')
    for model in models:
        try:
            con.execute(f'CREATE VIEW "{model.name}" AS {model.sql}')
        except duckdb.Error as exc:
            raise ValueError(f"{model.path}: {str(exc).splitlines()[0]}") from exc


def _current_rows(con: duckdb.DuckDBPyConnection, table: str, files: list[tuple[str, str | None]]) -> str:
    """The current rows of a table from its data files, the rows its delete files name left out.

    Matched by name, over a typed row of nulls: a column added to the table after a file was
    written reads as null from that file, with the table's type."""
    con.register("empty_rows", to_arrow(table, []))
    kinds = con.sql("DESCRIBE empty_rows").fetchall()
    con.unregister("empty_rows")
    names = ", ".join(f'"{name}"' for name in SCHEMAS[table].names)
    parts = ["SELECT " + ", ".join(f'NULL::{kind} AS "{name}"' for name, kind, *_ in kinds) + " WHERE false"]
    whole = [data for data, deletes in files if deletes is None]
    if whole:
        parts.append(f"SELECT * FROM read_parquet([{', '.join(map(_quoted, whole))}], union_by_name = true)")
    for data, deletes in files:
        if deletes is not None:
            parts.append(
                f"SELECT * EXCLUDE (file_row_number) FROM read_parquet({_quoted(data)}, file_row_number = true) "
                f"WHERE file_row_number NOT IN (SELECT pos FROM read_parquet({_quoted(deletes)}))"
            )
    return f"SELECT {names} FROM (" + " UNION ALL BY NAME ".join(parts) + ")"
