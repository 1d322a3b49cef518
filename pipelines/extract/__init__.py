"""EXTRACT: one page file into text plus a `pages` row (see page.py; masthead.py reads the issue)."""

from pipelines.extract.page import (
    FORMATS,
    KEY_SEPARATOR,
    ExtractedPage,
    PageError,
    file_name_of,
    load_manifest,
    manifest_entry,
    page_key,
    read_page,
)

__all__ = [
    "FORMATS",
    "KEY_SEPARATOR",
    "ExtractedPage",
    "PageError",
    "file_name_of",
    "load_manifest",
    "manifest_entry",
    "page_key",
    "read_page",
]
