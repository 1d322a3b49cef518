"""The warehouse on disk: Parquet files are the record, gazette.duckdb only holds views.

Layout under the root (default `warehouse/`, or $GAZETTE_WAREHOUSE):

    parquet/<table>/<partition>.parquet   one file per page for PAGE_TABLES
    parquet/<table>/all.parquet           the whole table for GLOBAL_TABLES
    gazette.duckdb                        views over those folders + the SQL models

Every file is written to a hidden temp file in its final folder and renamed
over the target, so a reader (pyarrow, DuckDB, another process) sees the old
file or the new one, never half of one. Temp names start with "." and do not
end in ".parquet", so neither pyarrow datasets nor the DuckDB glob pick them up.
"""
from __future__ import annotations

import hashlib
import os
import re
import uuid
from collections.abc import Iterable
from pathlib import Path

import duckdb
import pyarrow as pa
import pyarrow.dataset as ds
import pyarrow.parquet as pq

from pipelines.tables import GLOBAL_TABLES, PAGE_TABLES, SCHEMAS, to_arrow

DB_FILE = "gazette.duckdb"
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
        data = to_arrow(table, rows)
        target = self.table_dir(table) / f"{stem}.parquet"
        target.parent.mkdir(parents=True, exist_ok=True)
        temp = _temp_beside(target)
        try:
            pq.write_table(data, temp)
            os.replace(temp, target)
        finally:
            temp.unlink(missing_ok=True)
        return data

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
        self._delete_file_stem(partition_file(partition_key))

    def prune(self, keep: Iterable[str]) -> list[str]:
        """Remove from every page table the pages whose key is not in `keep`; return their file stems."""
        kept = {partition_file(key) for key in keep}
        stored = {path.stem for table in PAGE_TABLES for path in self.table_dir(table).glob("*.parquet")}
        stale = sorted(stored - kept)
        for stem in stale:
            self._delete_file_stem(stem)
        return stale

    def _delete_file_stem(self, stem: str) -> None:
        for table in PAGE_TABLES:
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
