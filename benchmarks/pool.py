"""What a multi-process `gazette run` would gain: the page steps on a pool of worker processes.

    python -m benchmarks.pool OUT.json PAGE_DIR WAREHOUSE_DIR --workers 2

Not what `gazette run` does today (it processes pages one after another): each worker
runs pipelines.pipeline.process_page and writes the page's Parquet files, as the CLI
does for one page; the parent only hands out file names. OUT.json: seconds for the
pages (start-up excluded: workers load jieba before the clock starts) and pages.
"""
from __future__ import annotations

import argparse
import json
import multiprocessing
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

from pipelines.extract import FORMATS, load_manifest
from pipelines.warehouse import Warehouse

_warehouse: Warehouse | None = None


def _start(root: str) -> None:
    """Worker start-up: imports and dictionaries, before any page is timed."""
    global _warehouse
    from pipelines.enrich.lexicon import segmenter, tagger
    from pipelines.enrich.topics import _extractor
    segmenter(), tagger(), _extractor()
    _warehouse = Warehouse(root)


def _page(path: str, manifest: dict) -> int:
    from pipelines.pipeline import process_page
    rows = process_page(Path(path), manifest=manifest)
    if hasattr(_warehouse, "write_page"):
        _warehouse.write_page(Path(path).name, rows)
    else:
        for table, table_rows in rows.items():
            _warehouse.write_partition(table, Path(path).name, table_rows)
    return len(rows["articles"])


def _ready() -> bool:
    time.sleep(0.2)  # long enough that the pool starts another worker for the next one
    return True


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("pages", type=Path)
    parser.add_argument("warehouse", type=Path)
    parser.add_argument("--workers", type=int, default=2)
    args = parser.parse_args(argv)
    files = sorted(str(p) for p in args.pages.iterdir() if p.suffix in FORMATS)
    manifest = load_manifest(args.pages)
    with ProcessPoolExecutor(args.workers, mp_context=multiprocessing.get_context("spawn"),
                             initializer=_start, initargs=(str(args.warehouse),)) as pool:
        for ready in [pool.submit(_ready) for _ in range(args.workers)]:
            ready.result()  # every worker started and warmed up
        started = time.perf_counter()
        articles = sum(pool.map(_page, files, [manifest] * len(files), chunksize=4))
        seconds = time.perf_counter() - started
    args.out.write_text(json.dumps({"workers": args.workers, "pages": len(files), "articles": articles,
                                    "pages_s": seconds}), encoding="utf-8")


if __name__ == "__main__":
    main()
