"""CLEAN: one line per paragraph, byline or heading, offsets kept (see page.py)."""

from gazette.clean.page import (
    CleanedPage,
    CleanLine,
    LineKind,
    byline_pattern,
    clean_page,
    ends_sentence,
    markers,
    starts_news_lead,
)

__all__ = [
    "CleanLine",
    "CleanedPage",
    "LineKind",
    "byline_pattern",
    "clean_page",
    "ends_sentence",
    "markers",
    "starts_news_lead",
]
