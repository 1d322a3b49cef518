"""Rows of many pages put straight into a warehouse's lake: how the benchmarks build large
warehouses without running the steps (a run writes the same rows, a batch of pages at a time)."""

from __future__ import annotations

import pyarrow as pa
import pyarrow.compute as pc

from gazette.storage.lake import STEM, WRITTEN
from gazette.tables import SCHEMAS
from gazette.warehouse import Warehouse


def append_pages(warehouse: Warehouse, table: str, rows: pa.Table, stems: pa.Array | pa.ChunkedArray) -> None:
    """Append the rows of pages the lake does not hold yet (`stems[i]` is row i's page), and
    record those pages as written to `table`, in one transaction."""
    stored = rows.select(SCHEMAS[table].names).cast(SCHEMAS[table]).append_column(STEM, stems)
    written = pa.table({"stem": pc.unique(stems)})

    def append(con) -> None:
        con.register("new_rows", stored)
        con.execute(f'INSERT INTO lake."{table}" BY NAME SELECT * FROM new_rows')
        con.unregister("new_rows")
        con.register("written", written)
        con.execute(f'INSERT INTO lake."{WRITTEN}" SELECT ?, stem, now() FROM written', [table])
        con.unregister("written")

    warehouse.lake.transaction(append)
