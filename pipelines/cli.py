"""`gazette`: run every page step over a folder into a warehouse, then query it.

    gazette run --input seeds --warehouse warehouse
    gazette sql "SELECT * FROM official_article_counts LIMIT 10"
    gazette explain seeds/000_84179e4bbcd1d47d.txt
"""
from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

import duckdb

from pipelines.extract import FORMATS
from pipelines.models import load_models
from pipelines.tables import PAGE_TABLES
from pipelines.warehouse import Warehouse


def page_files(folder: Path) -> list[Path]:
    """The page files of a folder (the suffixes pipelines.extract reads), by name."""
    return sorted(p for p in folder.iterdir() if p.is_file() and p.suffix in FORMATS)


def _one_line(exc: BaseException) -> str:
    lines = str(exc).strip().splitlines()
    return lines[0] if lines else type(exc).__name__


def run(input_dir: Path, warehouse: Warehouse, prune: bool = False) -> int:
    """Process every page file of input_dir into the warehouse; 1 if any page was rejected."""
    # Imported here, not at the top, so `gazette sql` starts fast and works while a step is broken.
    from pipelines.pipeline import process_page, refresh_officials

    started = time.perf_counter()
    if not input_dir.is_dir():
        print(f"gazette: {input_dir}: not a folder", file=sys.stderr)
        return 2
    files = page_files(input_dir)
    if not files:
        print(f"gazette: {input_dir}: no page files ({', '.join(FORMATS)})", file=sys.stderr)
        return 1
    pages = articles = figures = rejected = 0
    for path in files:
        try:
            rows = process_page(path, partition_key=path.name)
        except Exception as exc:  # a bad page is reported; the other pages still go in
            reason = _one_line(exc).removeprefix(f"{path.name}: ")  # step errors often name the file already
            print(f"gazette: {path}: {reason}", file=sys.stderr)
            rejected += 1
            continue
        for table in PAGE_TABLES:
            warehouse.write_partition(table, path.name, rows[table])
        pages += 1
        articles += len(rows["articles"])
        figures += len(rows["economic_figures"])
    if prune:
        for stem in warehouse.prune(keep=[path.name for path in files]):
            print(f"gazette: pruned {stem} (no longer in {input_dir})")
    officials = refresh_officials(warehouse)["officials"]
    warehouse.refresh_duckdb(load_models())
    print(f"gazette: {pages} pages, {articles} articles, {officials.num_rows} officials, "
          f"{figures} figures in {time.perf_counter() - started:.1f}s"
          + (f"; {rejected} of {len(files)} files rejected" if rejected else "")
          + f" -> {warehouse.root}")
    return 1 if rejected else 0


def sql(query: str, warehouse: Warehouse, max_rows: int) -> int:
    """Run one query read-only against gazette.duckdb and print the result as a table."""
    if not warehouse.db_path.exists():
        print(f"gazette: {warehouse.db_path}: no database yet; run `gazette run` first", file=sys.stderr)
        return 2
    with duckdb.connect(str(warehouse.db_path), read_only=True) as con:
        try:
            result = con.sql(query)
            if result is not None:
                result.show(max_rows=max_rows)
        except duckdb.Error as exc:
            print(f"gazette: sql: {_one_line(exc)}", file=sys.stderr)
            return 1
    return 0


def explain(page: Path) -> int:
    from pipelines.split.explain import explain_page  # owned by the split step

    print(explain_page(page))
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="gazette", description=__doc__.splitlines()[0])
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    warehouse_help = "warehouse folder (default: $GAZETTE_WAREHOUSE or warehouse)"

    run_parser = commands.add_parser(
        "run", help="process a folder of page files into the warehouse",
        description="Extract, clean, split and enrich every page file (.txt, .md) of a folder, write one Parquet "
                    "partition per page, resolve officials and refresh gazette.duckdb. Exits 1 if any "
                    "page was rejected (the others are still stored).")
    run_parser.add_argument("--input", type=Path, default=Path(os.environ.get("GAZETTE_INBOX", "seeds")),
                            help="folder of page files (default: $GAZETTE_INBOX or seeds)")
    run_parser.add_argument("--warehouse", help=warehouse_help)
    run_parser.add_argument("--prune", action="store_true",
                            help="also remove pages whose file is no longer in the input folder")

    sql_parser = commands.add_parser(
        "sql", help="query the warehouse read-only",
        description="Run one SQL query against gazette.duckdb (read-only: safe while a run goes on).")
    sql_parser.add_argument("query", help='e.g. "SELECT * FROM topic_trends"')
    sql_parser.add_argument("--warehouse", help=warehouse_help)
    sql_parser.add_argument("--max-rows", type=int, default=50, help="rows to print (default: 50)")

    explain_parser = commands.add_parser(
        "explain", help="show how a page is cut into articles",
        description="Show how one page file is cut into blocks and articles, and why.")
    explain_parser.add_argument("page", type=Path, help="a page file")
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    if args.command == "run":
        return run(args.input, Warehouse(args.warehouse), prune=args.prune)
    if args.command == "sql":
        return sql(args.query, Warehouse(args.warehouse), args.max_rows)
    return explain(args.page)


if __name__ == "__main__":
    sys.exit(main())
