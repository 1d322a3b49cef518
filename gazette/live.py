"""Live pages: those whose file is still in its inbox (`pages.deleted_at IS NULL`).

gazette.duckdb's page tables show live pages only (gazette.storage.views); a page
whose file left the inbox keeps its rows in `<table>_with_deleted` until `gazette run --prune`.
The report counts live pages only.
"""

from __future__ import annotations

import duckdb

from gazette.tables import GLOBAL_TABLES


def live_pages_only(con: duckdb.DuckDBPyConnection) -> None:
    """In this connection only, let the warehouse-wide tables (officials) show those a live page names.

    Temporary views named after the tables shadow them (the models' views read them too);
    gazette.duckdb is not changed, and other connections still see every row.
    """
    [current] = con.sql("SELECT current_database()").fetchall()
    db = current[0].replace('"', '""')
    for table in GLOBAL_TABLES:
        con.execute(
            f'CREATE OR REPLACE TEMP VIEW "{table}" AS SELECT * FROM "{db}".main."{table}" '
            f'WHERE official_id IN (SELECT official_id FROM "{db}".main.official_mentions)'
        )
