"""EXTRACT: one page file into text plus a `pages` row (see page.py; base.py holds what the readers
share, masthead.py reads the issue)."""

from gazette.extract.base import (
    FOLDER_ROW,
    FORMATS,
    MANIFEST,
    MANIFEST_COLUMNS,
    ExtractedPage,
    Manifest,
    ManifestEntries,
    ManifestEntry,
    PageError,
    manifest_entry,
    page_format,
    page_name,
    read_manifest,
)
from gazette.extract.page import read_page
from gazette.page_source import KEY_SEPARATOR, page_key, source_path_of

__all__ = [
    "FOLDER_ROW",
    "FORMATS",
    "KEY_SEPARATOR",
    "MANIFEST",
    "MANIFEST_COLUMNS",
    "ExtractedPage",
    "Manifest",
    "ManifestEntries",
    "ManifestEntry",
    "PageError",
    "manifest_entry",
    "page_format",
    "page_key",
    "page_name",
    "read_manifest",
    "read_page",
    "source_path_of",
]
