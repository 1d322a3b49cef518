"""Live pages: those whose file is still in its inbox (`pages.deleted_at IS NULL`).

A page whose file left the inbox keeps its rows, queryable, until `gazette run --prune`;
the SQL models (sql/*.sql) and the report count live pages only.
"""

from __future__ import annotations

import duckdb

from pipelines.tables import GLOBAL_TABLES, PAGE_TABLES


def live_pages_only(con: duckdb.DuckDBPyConnection) -> None:
    """In this connection only, let every table of gazette.duckdb show the rows of live pages.

    Temporary views named after the tables shadow them (the models' views read them too);
    gazette.duckdb is not changed, and other connections still see every row. A person or
    title appears if a live page names them.
    """
    [current] = con.sql("SELECT current_database()").fetchall()
    db = current[0].replace('"', '""')

    def stored(table: str) -> str:
        return f'"{db}".main."{table}"'

    live_page = f"page_id IN (SELECT page_id FROM {stored('pages')} WHERE deleted_at IS NULL)"
    for table in PAGE_TABLES:
        where = "deleted_at IS NULL" if table == "pages" else live_page
        con.execute(f'CREATE OR REPLACE TEMP VIEW "{table}" AS SELECT * FROM {stored(table)} WHERE {where}')
    for table in GLOBAL_TABLES:
        con.execute(
            f'CREATE OR REPLACE TEMP VIEW "{table}" AS SELECT * FROM {stored(table)} '
            "WHERE official_id IN (SELECT official_id FROM temp.main.official_mentions)"
        )
