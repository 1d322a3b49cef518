"""Shared fixtures: a throw-away warehouse and a copy of the seed pages."""

import shutil
from pathlib import Path

import pytest

from pipelines.warehouse import Warehouse

REPO = Path(__file__).resolve().parent.parent

# Columns that ../shared/CONTRACT.md promises, per table.
CONTRACT_COLUMNS = {
    "pages": [
        "page_id",
        "source_path",
        "sha256",
        "format",
        "paper",
        "issue_date",
        "issue_date_source",
        "issue_no",
        "edition",
        "page_no",
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
}
CONTRACT_MODELS = ("official_article_counts", "topic_trends", "economic_figures_by_metric")


@pytest.fixture
def warehouse(tmp_path) -> Warehouse:
    return Warehouse(tmp_path / "warehouse")


@pytest.fixture
def seed_pages(tmp_path) -> Path:
    """A private copy of seeds/, so a test may add or remove pages."""
    return Path(shutil.copytree(REPO / "seeds", tmp_path / "inbox"))
