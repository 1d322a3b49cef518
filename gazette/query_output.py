"""How `gazette sql` prints a result: a table for a person at a terminal, CSV, JSON or Markdown for pipes and scripts.

Only the table may be cut to the terminal's width; the other formats always carry every column.
"""

from __future__ import annotations

import csv
import datetime
import decimal
import json
import sys
import uuid
from collections.abc import Iterator
from typing import Literal, TextIO, get_args

import duckdb

Format = Literal["table", "csv", "json", "markdown"]
FORMATS: tuple[Format, ...] = get_args(Format)
TABLE_ROWS = 50  # a table is for reading; the other formats print every row unless told otherwise
BATCH = 10_000
# A table printed into a pipe is as wide as its columns need: a terminal is the only reason to cut one.
UNCUT_WIDTH = 1_000_000


def default_format(stream: TextIO) -> Format:
    """`table` where someone watches, `csv` in a pipe or a file."""
    return "table" if stream.isatty() else "csv"


def _plain(value: object) -> object:
    """A value JSON can carry: dates as ISO text, decimals as numbers, the rest as text."""
    if isinstance(value, datetime.date | datetime.time):
        return value.isoformat()
    if isinstance(value, decimal.Decimal):
        return float(value)
    if isinstance(value, bytes):
        return value.hex()
    if isinstance(value, uuid.UUID | datetime.timedelta):
        return str(value)
    raise TypeError(f"{type(value).__name__} cannot be written as JSON")


def _cell(value: object) -> str:
    """One value as a CSV or Markdown cell: NULL is empty, lists and structs are JSON."""
    if value is None:
        return ""
    if isinstance(value, list | dict | tuple):
        return json.dumps(value, ensure_ascii=False, default=_plain)
    if isinstance(value, datetime.date | datetime.time):
        return value.isoformat()
    return str(value)


def _rows(result: duckdb.DuckDBPyRelation, max_rows: int | None) -> Iterator[tuple]:
    left = max_rows
    while left is None or left > 0:
        batch = result.fetchmany(BATCH if left is None else min(BATCH, left))
        if not batch:
            return
        yield from batch
        if left is not None:
            left -= len(batch)


def _markdown_cell(value: object) -> str:
    return _cell(value).replace("|", "\\|").replace("\r\n", " ").replace("\n", " ")


def write(result: duckdb.DuckDBPyRelation, fmt: Format, max_rows: int | None, out: TextIO | None = None) -> None:
    """Print `result` in `fmt`: at most max_rows rows (None: TABLE_ROWS for a table, every row otherwise)."""
    out = out or sys.stdout
    if fmt == "table":
        # DuckDB prints the table itself; at a terminal it fits the width, elsewhere it keeps every column.
        out.flush()
        result.show(max_rows=max_rows or TABLE_ROWS, max_width=None if out.isatty() else UNCUT_WIDTH)
        return
    columns = result.columns
    if fmt == "csv":
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(columns)
        writer.writerows([_cell(value) for value in row] for row in _rows(result, max_rows))
    elif fmt == "json":
        out.write("[")
        for i, row in enumerate(_rows(result, max_rows)):
            record = dict(zip(columns, row, strict=True))
            out.write(("," if i else "") + "\n" + json.dumps(record, ensure_ascii=False, default=_plain))
        out.write("\n]\n")
    else:
        out.write("| " + " | ".join(_markdown_cell(name) for name in columns) + " |\n")
        out.write("|" + "|".join("---" for _ in columns) + "|\n")
        for row in _rows(result, max_rows):
            out.write("| " + " | ".join(_markdown_cell(value) for value in row) + " |\n")
