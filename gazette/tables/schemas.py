"""The warehouse tables' pyarrow schemas, keys and groups: the single source of their columns.

Every step produces rows whose keys are these column names (gazette/rows.py types them);
storage writes them with these schemas, so every Parquet file of a table has the same types
(a page with no figures still has a typed, empty file).
"""

from __future__ import annotations

import pyarrow as pa

from gazette.rows import AnyRow

_str = pa.string()
_strs = pa.list_(pa.string())
# x0, y0, x1, y1 in page coordinates, y downwards: PDF points, or pixels of the e-paper's page image.
_box = pa.list_(pa.float64())
# Where a span of a page's raw text came from (e-paper and PDF pages): see page_texts.regions.
REGION = pa.struct(
    [
        ("article", pa.int32()),
        ("kind", _str),
        ("raw_start", pa.int32()),
        ("raw_end", pa.int32()),
        ("source", _str),
        ("box", _box),
        ("value", _str),
    ]
)

SCHEMAS: dict[str, pa.Schema] = {
    "pages": pa.schema(
        [
            ("page_id", _str),
            ("source_path", _str),
            ("sha256", _str),
            ("format", _str),
            ("text_source", _str),
            ("ocr_confidence", pa.float64()),
            ("paper", _str),
            ("issue_date", pa.date32()),
            ("issue_date_source", _str),
            ("issue_no", pa.int64()),
            ("edition", _str),
            ("page_no", _str),
            ("page_name", _str),
            ("char_count", pa.int64()),
            ("ingested_at", pa.timestamp("us", tz="UTC")),
            ("partition_key", _str),
            ("encoding", _str),
            ("paper_source", _str),
            ("layout", _str),
            # Fingerprint of the step code and rule files that produced this page's rows.
            ("rules_version", _str),
            # One line each, naming the file: what a reader of this page should doubt (e.g. its date),
            # or what a step could not do on it (an article left unenriched).
            ("warnings", _strs),
            # Set when the page's file left the inbox; its rows are kept until pruned.
            ("deleted_at", pa.timestamp("us", tz="UTC")),
            ("paper_name", _str),
            ("source_files", _strs),
            ("page_width", pa.float64()),
            ("page_height", pa.float64()),
            # The inbox folder the page was read from: a run over one folder settles only its own pages.
            ("inbox", _str),
        ]
    ),
    # The cleaned text every offset in articles/page_blocks points into, and the
    # map from each cleaned character back to its position in the decoded file.
    "page_texts": pa.schema(
        [
            ("page_id", _str),
            ("raw_text", _str),
            ("clean_text", _str),
            ("raw_offset_runs", pa.list_(pa.struct([("clean", pa.int32()), ("raw", pa.int32())]))),
            ("regions", pa.list_(REGION)),
        ]
    ),
    "articles": pa.schema(
        [
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
            ("author", _str),
            ("captions", _strs),
            ("source_file", _str),
            ("box", _box),
            ("continued_to", _str),
            ("continued_from", _str),
        ]
    ),
    "page_blocks": pa.schema(
        [
            ("page_id", _str),
            ("ordinal", pa.int32()),
            ("kind", _str),
            ("text", _str),
            ("char_start", pa.int32()),
            ("char_end", pa.int32()),
        ]
    ),
    "official_mentions": pa.schema(
        [
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
            ("posts", _strs),
            ("mention_count", pa.int32()),
            ("status", _str),
            ("congress_member", pa.bool_()),
        ]
    ),
    "officials": pa.schema(
        [
            ("official_id", _str),
            ("name", _str),
            ("titles", _strs),
            ("jurisdiction", _str),
            ("first_seen", pa.date32()),
            ("last_seen", pa.date32()),
            ("article_count", pa.int64()),
            ("serving_article_count", pa.int64()),
            ("apart", _str),
            ("mention_ids", _strs),
        ]
    ),
    "official_titles": pa.schema(
        [
            ("official_id", _str),
            ("title", _str),
            ("first_seen", pa.date32()),
            ("last_seen", pa.date32()),
            ("first_article_id", _str),
        ]
    ),
    "economic_figures": pa.schema(
        [
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
            ("value_low", pa.float64()),
            ("value_high", pa.float64()),
        ]
    ),
    "article_topics": pa.schema(
        [
            ("article_id", _str),
            ("topic", _str),
            ("score", pa.float64()),
            ("method", _str),
            ("page_id", _str),
            ("issue_date", pa.date32()),
        ]
    ),
    "article_keywords": pa.schema(
        [
            ("article_id", _str),
            ("keyword", _str),
            ("weight", pa.float64()),
            ("rank", pa.int32()),
            ("page_id", _str),
            ("issue_date", pa.date32()),
        ]
    ),
    "places": pa.schema(
        [
            ("article_id", _str),
            ("place", _str),
            ("kind", _str),
            ("mention_count", pa.int32()),
            ("page_id", _str),
            ("issue_date", pa.date32()),
        ]
    ),
    "appointments": pa.schema(
        [
            ("article_id", _str),
            ("page_id", _str),
            ("issue_date", pa.date32()),
            ("name", _str),
            ("event", _str),
            ("post", _str),
            ("public_office", pa.bool_()),
            ("sentence", _str),
            ("char_offset", pa.int32()),
            ("official_id", _str),
            ("jurisdiction", _str),
            ("effective", pa.date32()),
            ("title", _str),
        ]
    ),
}

# The columns that identify a row of each table (checked unique by gazette.quality).
PRIMARY_KEYS: dict[str, tuple[str, ...]] = {
    "pages": ("page_id",),
    "page_texts": ("page_id",),
    "articles": ("article_id",),
    "page_blocks": ("page_id", "ordinal"),
    "official_mentions": ("article_id", "official_id"),
    "officials": ("official_id",),
    "official_titles": ("official_id", "title"),
    "economic_figures": ("figure_id",),
    "article_topics": ("article_id", "topic"),
    "article_keywords": ("article_id", "keyword"),
    "places": ("article_id", "place"),
    "appointments": ("article_id", "official_id", "event", "post"),
}

# The tables the enrich step writes, one set of rows per page.
ENRICHMENT_TABLES = (
    "official_mentions",
    "economic_figures",
    "article_topics",
    "article_keywords",
    "places",
    "appointments",
)
# Tables written one Parquet file per page partition; the rest are rebuilt
# whole from those (identity resolution needs every page at once).
PAGE_TABLES = ("pages", "page_texts", "articles", "page_blocks", *ENRICHMENT_TABLES)
GLOBAL_TABLES = ("officials", "official_titles")


def to_arrow(table: str, rows: list[AnyRow] | pa.Table) -> pa.Table:
    """Rows (dicts keyed by column name, or an Arrow table) as an Arrow table with the table's schema."""
    schema = SCHEMAS[table]
    if isinstance(rows, pa.Table):
        return rows.select(schema.names).cast(schema)
    columns = {name: [row.get(name) for row in rows] for name in schema.names}
    return pa.table(columns, schema=schema)
