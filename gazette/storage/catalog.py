"""Where a lake's catalog lives, as the target of DuckLake's ATTACH: a SQLite file beside the
warehouse, or the PostgreSQL database that GAZETTE_CATALOG names for many machines (docs/scaling.md)."""

from __future__ import annotations

import urllib.parse
from pathlib import Path

CATALOG_FILE = "catalog.sqlite"


def catalog_attach_string(catalog: str | None, local_folder: Path) -> str:
    """The ATTACH target of the catalog: GAZETTE_CATALOG's PostgreSQL URL, else the SQLite file
    in `local_folder` (SQLite, not DuckDB: a DuckDB file is held by one process at a time, and a
    run, a reader of the lake and Dagster's steps are several)."""
    if not catalog:
        return f"ducklake:sqlite:{local_folder / CATALOG_FILE}"
    url = urllib.parse.urlsplit(catalog)
    if url.scheme not in ("postgres", "postgresql"):
        raise ValueError(f"GAZETTE_CATALOG={catalog!r}: a PostgreSQL URL (postgresql://user@host:port/db) is expected")
    parts = {
        "dbname": url.path.lstrip("/") or None,
        "host": url.hostname,
        "port": url.port,
        "user": urllib.parse.unquote(url.username) if url.username else None,
        "password": urllib.parse.unquote(url.password) if url.password else None,
    }
    return "ducklake:postgres:" + " ".join(f"{key}={value}" for key, value in parts.items() if value)
