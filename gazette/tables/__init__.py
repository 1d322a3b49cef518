"""The warehouse tables: their schemas, keys, meanings and the contract, importable from here.

- schemas: one pyarrow schema per table (the single source of truth), its key, and which tables
  are written per page or rebuilt whole;
- descriptions: what each table and column means, the source of docs/tables.md (`python -m
  gazette.docs`);
- contract: the columns and SQL models the warehouse promises (CONTRACT_COLUMNS,
  CONTRACT_MODELS).
"""

from gazette.tables.contract import CONTRACT_COLUMNS, CONTRACT_MODELS
from gazette.tables.descriptions import COLUMN_DOCS, TABLE_DOCS
from gazette.tables.schemas import (
    ENRICHMENT_TABLES,
    GLOBAL_TABLES,
    PAGE_TABLES,
    PRIMARY_KEYS,
    REGION,
    SCHEMAS,
    to_arrow,
)

__all__ = [
    "COLUMN_DOCS",
    "CONTRACT_COLUMNS",
    "CONTRACT_MODELS",
    "ENRICHMENT_TABLES",
    "GLOBAL_TABLES",
    "PAGE_TABLES",
    "PRIMARY_KEYS",
    "REGION",
    "SCHEMAS",
    "TABLE_DOCS",
    "to_arrow",
]
