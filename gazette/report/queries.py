"""The report's queries: `sql/report/<name>.sql`, each one SELECT with `$named` parameters.

They sit beside the SQL models, in the top-level sql/ folder that ships inside the wheel,
but are not models (gazette.models reads only sql/*.sql): each takes parameters (how
many rows a table shows, which officials a chart draws) and is run by one report section.
"""

from __future__ import annotations

import functools
from typing import Any

import duckdb

from gazette.models import SQL_DIR

REPORT_SQL_DIR = SQL_DIR / "report"


@functools.cache
def query(name: str) -> str:
    """The SQL of sql/report/<name>.sql."""
    return (REPORT_SQL_DIR / f"{name}.sql").read_text(encoding="utf-8").strip().rstrip(";")


def one_line(name: str) -> str:
    """The query without its comment lines, on one line: what a note tells the reader to run."""
    return " ".join(line.strip() for line in query(name).splitlines() if not line.lstrip().startswith("--"))


def rows_of(con: duckdb.DuckDBPyConnection, name: str, **params: object) -> list[dict[str, Any]]:
    """The rows of a report query, as dicts, its `$name` parameters bound from `params`."""
    cursor = con.execute(query(name), params)
    names = [column[0] for column in cursor.description]
    return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]
