"""The warehouse tables: one pyarrow schema per table, the single source of truth.

Every step produces rows as plain dicts whose keys are these column names;
storage writes them with these schemas, so every Parquet file of a table has
the same types (a partition with no figures still has a typed, empty file).
Columns named in ../shared/CONTRACT.md come first in each table; the rest are
additions this project relies on.
"""
from __future__ import annotations

import pyarrow as pa

_str = pa.string()
_strs = pa.list_(pa.string())

SCHEMAS: dict[str, pa.Schema] = {
    "pages": pa.schema([
        ("page_id", _str),
        ("source_path", _str),
        ("sha256", _str),
        ("format", _str),
        ("issue_date", pa.date32()),
        ("issue_date_source", _str),
        ("issue_no", pa.int64()),
        ("edition", _str),
        ("char_count", pa.int64()),
        ("ingested_at", pa.timestamp("us", tz="UTC")),
        ("partition_key", _str),
        ("encoding", _str),
        ("layout", _str),
    ]),
    # The cleaned text every offset in articles/page_blocks points into, and the
    # map from each cleaned character back to its position in the decoded file.
    "page_texts": pa.schema([
        ("page_id", _str),
        ("raw_text", _str),
        ("clean_text", _str),
        ("raw_offsets", pa.list_(pa.int32())),
    ]),
    "articles": pa.schema([
        ("article_id", _str),
        ("page_id", _str),
        ("issue_date", pa.date32()),
        ("ordinal", pa.int32()),
        ("headline", _str),
        ("kicker", _str),
        ("subheadline", _str),
        ("type", _str),
        ("dateline", _str),
        ("body", _str),
        ("body_chars", pa.int32()),
        ("reporters", _strs),
        ("correspondents", _strs),
        ("photographers", _strs),
        ("char_start", pa.int32()),
        ("char_end", pa.int32()),
        ("signature", _str),
        ("raw_char_start", pa.int32()),
        ("raw_char_end", pa.int32()),
    ]),
    "page_blocks": pa.schema([
        ("page_id", _str),
        ("ordinal", pa.int32()),
        ("kind", _str),
        ("text", _str),
        ("char_start", pa.int32()),
        ("char_end", pa.int32()),
    ]),
    "official_mentions": pa.schema([
        ("article_id", _str),
        ("official_id", _str),
        ("name", _str),
        ("title", _str),
        ("jurisdiction", _str),
        ("role", _str),
        ("first_char_offset", pa.int32()),
        ("page_id", _str),
        ("issue_date", pa.date32()),
        ("titles", _strs),
        ("mention_count", pa.int32()),
    ]),
    "officials": pa.schema([
        ("official_id", _str),
        ("name", _str),
        ("titles", _strs),
        ("jurisdiction", _str),
        ("first_seen", pa.date32()),
        ("last_seen", pa.date32()),
        ("article_count", pa.int64()),
    ]),
    "official_titles": pa.schema([
        ("official_id", _str),
        ("title", _str),
        ("first_seen", pa.date32()),
        ("last_seen", pa.date32()),
    ]),
    "economic_figures": pa.schema([
        ("figure_id", _str),
        ("article_id", _str),
        ("text", _str),
        ("metric", _str),
        ("value", pa.float64()),
        ("unit", _str),
        ("value_normalized", pa.float64()),
        ("normalized_unit", _str),
        ("growth_pct", pa.float64()),
        ("share_pct", pa.float64()),
        ("period", _str),
        ("subject", _str),
        ("page_id", _str),
        ("issue_date", pa.date32()),
        ("approximate", pa.bool_()),
        ("char_offset", pa.int32()),
    ]),
    "article_topics": pa.schema([
        ("article_id", _str),
        ("topic", _str),
        ("score", pa.float64()),
        ("method", _str),
        ("page_id", _str),
        ("issue_date", pa.date32()),
    ]),
    "article_keywords": pa.schema([
        ("article_id", _str),
        ("keyword", _str),
        ("weight", pa.float64()),
        ("rank", pa.int32()),
        ("page_id", _str),
        ("issue_date", pa.date32()),
    ]),
    "places": pa.schema([
        ("article_id", _str),
        ("place", _str),
        ("kind", _str),
        ("mention_count", pa.int32()),
        ("page_id", _str),
        ("issue_date", pa.date32()),
    ]),
}

# Tables written one Parquet file per page partition; the rest are rebuilt
# whole from those (identity resolution needs every page at once).
PAGE_TABLES = (
    "pages", "page_texts", "articles", "page_blocks", "official_mentions",
    "economic_figures", "article_topics", "article_keywords", "places",
)
GLOBAL_TABLES = ("officials", "official_titles")


def to_arrow(table: str, rows: list[dict]) -> pa.Table:
    """Rows (dicts keyed by column name) as an Arrow table with the table's schema."""
    schema = SCHEMAS[table]
    columns = {name: [row.get(name) for row in rows] for name in schema.names}
    return pa.table(columns, schema=schema)
