"""One page through every step: extract -> clean -> split -> enrich.

The Dagster assets run these steps one asset at a time; the CLI runs them all
at once through `process_page`. Both call the same functions.
"""
from __future__ import annotations

from pathlib import Path

import pyarrow as pa

from pipelines import clean, enrich, extract, split
from pipelines.tables import GLOBAL_TABLES
from pipelines.warehouse import Warehouse


def page_text_row(page: extract.ExtractedPage, cleaned: clean.CleanedPage) -> dict:
    return {"page_id": page.row["page_id"], "raw_text": page.text,
            "clean_text": cleaned.text, "raw_offsets": cleaned.raw_offsets}


def read_and_clean(path: Path, *, partition_key: str | None = None,
                   manifest: dict | None = None) -> tuple[extract.ExtractedPage, clean.CleanedPage]:
    """The page file decoded and cleaned; cleaning names the layout recorded in `pages`."""
    page = extract.read_page(Path(path), partition_key=partition_key, manifest=manifest)
    cleaned = clean.clean_page(page.text)
    page.row["layout"] = cleaned.layout
    return page, cleaned


def process_page(path: Path, *, partition_key: str | None = None, manifest: dict | None = None) -> dict[str, list[dict]]:
    """Rows for every per-page table (pipelines.tables.PAGE_TABLES) from one page file."""
    page, cleaned = read_and_clean(path, partition_key=partition_key, manifest=manifest)
    pieces = split.split_page(page.row, cleaned)
    return {
        "pages": [page.row],
        "page_texts": [page_text_row(page, cleaned)],
        "articles": pieces.articles,
        "page_blocks": pieces.blocks,
        **enrich.enrich_articles(pieces.articles),
    }


def refresh_officials(warehouse: Warehouse) -> dict[str, pa.Table]:
    """Resolve people over every stored page's mentions (kept pages too) and rewrite the global tables."""
    resolved = enrich.resolve_officials(warehouse.read_table("official_mentions").to_pylist())
    return {table: warehouse.write_global(table, resolved[table]) for table in GLOBAL_TABLES}
