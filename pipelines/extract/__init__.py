"""EXTRACT: one page file into text plus a `pages` row (see page.py; masthead.py reads the issue)."""

from pipelines.extract.page import (
    FOLDER_ROW,
    FORMATS,
    KEY_SEPARATOR,
    MANIFEST,
    ExtractedPage,
    Manifest,
    ManifestEntries,
    ManifestEntry,
    PageError,
    manifest_entry,
    page_format,
    page_key,
    page_name,
    read_manifest,
    read_page,
    source_path_of,
)

__all__ = [
    "FOLDER_ROW",
    "FORMATS",
    "KEY_SEPARATOR",
    "MANIFEST",
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
