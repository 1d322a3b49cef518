"""A warehouse of `copies` × n pages from one that `gazette run` built from n pages, without running the steps.

`make bench` cannot run 100,000 pages through the steps on two cores (two hours and more),
but what a run costs at that size is mostly what it keeps about the pages it already holds:
the files of each table, their footers, the run's bookkeeping. So the warehouse that
`gazette run` built is copied `copies` times over, as it would have written it:

- the inbox: copy 0 is the source's page files (hard links); copy c is each file again,
  named `c<c>-<name>`, with a line of its own appended so that its bytes are its own;
  manifest.csv, if any, with each page's row again for each copy;
- every page table: each page's rows again under the copy's page stem, ids made distinct
  (`<id>~<c>`; official_id stays: the same people recur), a copy a transaction, then
  compacted as a run ends (benchmarks/lake_load.py);
- the run's bookkeeping: each copy's record in the processed index (its file's hash and stat,
  the source page's manifest entry, the running code's rules_version), so that a run finds every
  page up to date; the officials tables are resolved from every copy's mentions (refresh_officials).

The dates stay those of the source, so a year holds `copies` times the source's pages: 20,000
pages of four a day, copied five times, are 14 years of a 20-page daily.

    .venv/bin/python -m benchmarks.replicate SOURCE_WAREHOUSE SOURCE_INBOX OUT_WAREHOUSE OUT_INBOX COPIES
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import os
from pathlib import Path

import pyarrow as pa
import pyarrow.compute as pc

from benchmarks.lake_load import append_pages
from gazette.extract import MANIFEST
from gazette.inbox import InboxFile, PageSource
from gazette.models import load_models
from gazette.officials_step import refresh_officials
from gazette.pipeline import rules_version
from gazette.storage.processed import BuiltFrom
from gazette.tables import PAGE_TABLES, SCHEMAS
from gazette.warehouse import Warehouse, page_stem

SHARED_IDS = {"official_id"}  # the same person in every copy


def copied_name(name: str, copy: int) -> str:
    return name if copy == 0 else f"c{copy}-{name}"


def _renamed(table: str, rows: pa.Table, copy: int) -> pa.Table:
    """Rows as copy `copy` of their pages holds them."""
    if copy == 0:
        return rows
    suffix = pa.scalar(f"~{copy}")
    for column in SCHEMAS[table].names:
        if column.endswith("_id") and column not in SHARED_IDS:
            index = rows.schema.get_field_index(column)
            rows = rows.set_column(index, column, pc.binary_join_element_wise(rows[column], suffix, ""))
    if table == "pages":
        for column in ("source_path", "partition_key"):
            index = rows.schema.get_field_index(column)
            values = [None if value is None else copied_name(value, copy) for value in rows[column].to_pylist()]
            rows = rows.set_column(index, column, pa.array(values, pa.string()))
    return rows


def _copy_manifest(inbox: Path, target_inbox: Path, files: set[str], copies: int) -> None:
    """The inbox's manifest.csv with each page's row again for each copy, so that every copy's
    manifest entry is its source page's."""
    source = inbox / MANIFEST
    if not source.is_file():
        return
    with source.open(encoding="utf-8", newline="") as stream:
        header, *rows = list(csv.reader(stream))
    column = [name.strip().lower() for name in header].index("file")
    copied = [
        [*row[:column], copied_name(row[column], copy), *row[column + 1 :]]
        for copy in range(1, copies)
        for row in rows
        if row and row[column] in files
    ]
    with (target_inbox / MANIFEST).open("w", encoding="utf-8", newline="") as stream:
        csv.writer(stream).writerows([header, *rows, *copied])


def replicate(source: Path, inbox: Path, target: Path, target_inbox: Path, copies: int) -> dict:
    """Write the copied inbox and warehouse; returns their page count."""
    built = Warehouse(source)
    recorded = built.processed().table().to_pylist()
    file_of = {record["stem"]: record["file"] for record in recorded}

    target_inbox.mkdir(parents=True)
    _copy_manifest(inbox, target_inbox, {record["file"] for record in recorded}, copies)
    warehouse = Warehouse(target)
    index = warehouse.processed()
    for copy in range(copies):
        for record in recorded:
            name = copied_name(record["file"], copy)
            path = target_inbox / name
            if copy == 0:
                os.link(inbox / record["file"], path)
            else:
                path.write_bytes((inbox / record["file"]).read_bytes() + f"\n（副本{copy}）\n".encode())
            data, stat = path.read_bytes(), path.stat()
            sha256 = hashlib.sha256(data).hexdigest()
            file = InboxFile(path, sha256, stat.st_size, stat.st_mtime_ns, name)
            # The running code's rules_version: the rows are the source run's, but a run must find them up to
            # date even when the code changed since in ways that do not touch them (a note, a type).
            index.record(
                page_stem(name), PageSource(name, (file,)), BuiltFrom(sha256, rules_version(), record["manifest"])
            )

    for table in PAGE_TABLES:
        rows = built.lake.read(table, with_stem=True)
        files = [file_of[stem] for stem in rows["stem"].to_pylist()]
        data = rows.drop_columns(["stem"])
        for copy in range(copies):
            stems = pa.array([page_stem(copied_name(file, copy)) for file in files], pa.string())
            append_pages(warehouse, table, _renamed(table, data, copy), stems)
    warehouse.save_processed(index)
    warehouse.compact()
    refresh_officials(warehouse)  # resolved from every copy's mentions, as a first run resolves them
    warehouse.refresh_duckdb(load_models())
    return {"pages": len(recorded) * copies}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("source", type=Path)
    parser.add_argument("inbox", type=Path)
    parser.add_argument("target", type=Path)
    parser.add_argument("target_inbox", type=Path)
    parser.add_argument("copies", type=int)
    args = parser.parse_args(argv)
    print(replicate(args.source, args.inbox, args.target, args.target_inbox, args.copies))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
