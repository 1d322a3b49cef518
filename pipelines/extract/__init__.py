"""EXTRACT: one page file into text plus a `pages` row (see page.py; masthead.py reads the issue)."""

from pipelines.extract.page import (
    FORMATS,
    KEY_SEPARATOR,
    MANIFEST,
    ExtractedPage,
    Manifest,
    PageError,
    file_name_of,
    page_format,
    page_key,
    page_name,
    read_manifest,
    read_page,
)

__all__ = [
    "FORMATS",
    "KEY_SEPARATOR",
    "MANIFEST",
    "ExtractedPage",
    "Manifest",
    "PageError",
    "file_name_of",
    "page_format",
    "page_key",
    "page_name",
    "read_manifest",
    "read_page",
]
