"""The warehouse contract: what the warehouse promises SQL users and the evaluation.

The team's copy is ../shared/CONTRACT.md (tests/test_docs.py checks these against it where it is
present); it is held here so the repo carries it. Its columns come first in each table, the rest
are additions this project relies on.
"""

from __future__ import annotations

# The columns the contract promises, per table; each table lists them first.
CONTRACT_COLUMNS = {
    "pages": [
        "page_id",
        "source_path",
        "sha256",
        "format",
        "text_source",
        "ocr_confidence",
        "paper",
        "issue_date",
        "issue_date_source",
        "issue_no",
        "edition",
        "page_no",
        "page_name",
        "char_count",
        "ingested_at",
    ],
    "articles": [
        "article_id",
        "page_id",
        "issue_date",
        "ordinal",
        "headline",
        "kicker",
        "subheadline",
        "type",
        "dateline",
        "body",
        "body_chars",
        "reporters",
        "correspondents",
        "photographers",
        "char_start",
        "char_end",
    ],
    "official_mentions": ["article_id", "official_id", "name", "title", "jurisdiction", "role", "first_char_offset"],
    "officials": ["official_id", "name", "titles", "jurisdiction", "first_seen", "last_seen", "article_count"],
    "economic_figures": [
        "figure_id",
        "article_id",
        "text",
        "metric",
        "value",
        "unit",
        "value_normalized",
        "normalized_unit",
        "growth_pct",
        "share_pct",
        "period",
        "subject",
    ],
    "article_topics": ["article_id", "topic", "score", "method"],
    "appointments": [
        "article_id",
        "page_id",
        "issue_date",
        "name",
        "event",
        "post",
        "public_office",
        "sentence",
        "char_offset",
    ],
}
# The SQL models the contract promises.
CONTRACT_MODELS = ("official_article_counts", "topic_trends", "economic_figures_by_metric", "official_posts")
