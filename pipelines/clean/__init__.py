"""CLEAN: one line per paragraph, byline or heading, offsets kept (see page.py)."""

from pipelines.clean.page import (
    CleanedPage,
    CleanLine,
    byline_pattern,
    clean_page,
    ends_sentence,
    markers,
    starts_news_lead,
)

__all__ = [
    "CleanLine",
    "CleanedPage",
    "byline_pattern",
    "clean_page",
    "ends_sentence",
    "markers",
    "starts_news_lead",
]
