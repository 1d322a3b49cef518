"""The processed index (the lake's `_processed` records): what each page a run completed was built from.

A row per file of each page: the page's stem and name, its content hash, the rules and the
manifest entry it was built under, and the file's name, size, mtime and hash when it was
read. `gazette run` skips a page whose content, rules and manifest entry are those recorded,
and does not hash again a file whose size and mtime are those recorded.

It is a cache: missing, the next run only redoes every page. It is read by column, and a run
saves only the records of the pages it changed, so that a run that adds one page to 100,000
builds and writes no record for the 100,000.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import Any, NamedTuple

import pyarrow as pa
import pyarrow.compute as pc

from gazette.page_source import PageSource

PROCESSED_SCHEMA = pa.schema(
    [
        ("stem", pa.string()),  # the page's stem in the store (warehouse.page_stem)
        ("page", pa.string()),  # the page's name: its file's, or an e-paper page's (gazette.inbox)
        ("sha256", pa.string()),  # the page's content hash
        ("rules_version", pa.string()),
        ("manifest", pa.string()),  # its manifest entry as JSON, or null
        ("file", pa.string()),  # one of its files, by name in the inbox
        ("size", pa.int64()),
        ("mtime_ns", pa.int64()),
        ("file_sha256", pa.string()),  # null when it is the page's (a page of one file): 6 MB less at 100,000 pages
    ]
)


HELD_COLUMNS = ["stem", "page", "sha256", "file"]  # of a page held as it is (ProcessedIndex.held)


class BuiltFrom(NamedTuple):
    """What a page's rows were built from: equal to what it would be built from now, the page is skipped."""

    sha256: str
    rules_version: str
    manifest: str | None  # the manifest entry as JSON (manifest_json)


def manifest_json(entry: dict[str, str] | None) -> str | None:
    return None if entry is None else json.dumps(entry, ensure_ascii=False, sort_keys=True)


Row = tuple[str, str, str, str, str | None, str, int, int, str | None]  # PROCESSED_SCHEMA's columns


def among(column: pa.Array | pa.ChunkedArray, values: Iterable[str]) -> pa.ChunkedArray:
    """Which of a column's strings are among `values` (a mask)."""
    return pc.is_in(column, value_set=pa.array(list(values), pa.string()))


class ProcessedIndex:
    def __init__(self, stored: pa.Table):
        self._stored = stored  # as read (PROCESSED_SCHEMA); pages recorded or forgotten since are in _changed
        self._changed: dict[str, list[Row]] = {}  # stem -> its new rows ([] : forgotten)

    def take_changes(self) -> tuple[list[str], pa.Table]:
        """The pages recorded or forgotten since the index was read or last saved, and their
        records as they are to be saved; from now on they count as saved."""
        stems, rows = list(self._changed), self._recorded()
        self._stored, self._changed = self.table(), {}
        return stems, rows

    def table(self) -> pa.Table:
        """The index as it stands (PROCESSED_SCHEMA)."""
        return pa.concat_tables([self._live(), self._recorded()])

    # -- what a run asks -------------------------------------------------------------------------
    def _recorded(self) -> pa.Table:
        """The rows of the pages recorded since the index was read."""
        rows = [row for rows in self._changed.values() for row in rows]
        columns = list(zip(*rows, strict=True)) or [()] * len(PROCESSED_SCHEMA)
        return pa.table(
            [pa.array(column, field.type) for column, field in zip(columns, PROCESSED_SCHEMA, strict=True)],
            schema=PROCESSED_SCHEMA,
        )

    def _live(self) -> pa.Table:
        """The stored rows of pages not recorded or forgotten since."""
        if not self._changed:
            return self._stored
        changed = among(self._stored["stem"], self._changed)
        return self._stored.filter(pc.invert(changed)) if pc.any(changed).as_py() else self._stored

    def rows(self, column: str, values: Iterable[str]) -> list[dict[str, Any]]:
        """The rows (as dicts) whose `column` is among `values`, recorded since included."""
        values = set(values)
        live = self._live()
        stored = live.filter(among(live[column], values)).to_pylist()
        position = PROCESSED_SCHEMA.names.index(column)
        changed = [
            dict(zip(PROCESSED_SCHEMA.names, row, strict=True))
            for rows in self._changed.values()
            for row in rows
            if row[position] in values
        ]
        for row in stored + changed:
            row["file_sha256"] = row["file_sha256"] or row["sha256"]
        return stored + changed

    def files(self, names: Iterable[str]) -> dict[str, tuple[int, int, str]]:
        """file name -> (size, mtime_ns, sha256) of these files, where a recorded page has them."""
        return {row["file"]: (row["size"], row["mtime_ns"], row["file_sha256"]) for row in self.rows("file", names)}

    def pages_of_files(self, names: Iterable[str]) -> dict[tuple[str, str], str]:
        """(file name, sha256) -> the name of the page each of these files made, where recorded."""
        return {(row["file"], row["file_sha256"]): row["page"] for row in self.rows("file", names)}

    def pages(self, names: Iterable[str]) -> dict[str, tuple[str, BuiltFrom]]:
        """page name -> (its stem, what it was built from) of these pages, where recorded."""
        return {
            row["page"]: (row["stem"], BuiltFrom(row["sha256"], row["rules_version"], row["manifest"]))
            for row in self.rows("page", names)
        }

    def held(
        self,
        walked: pa.Table,
        rules_version: str,
        folder_manifest: str | None,
        stored: pa.Array | pa.ChunkedArray,
        own_entries: Iterable[str],
    ) -> pa.Table:
        """The rows (HELD_COLUMNS) of the pages a run may hold as they are, without a look at their
        files: every file of the page is in `walked` (file, size, mtime_ns: inbox.Listing.table)
        as recorded; it was built under these rules and the manifest entry of a page without one
        of its own (`folder_manifest`, as JSON; `own_entries` names the pages that have one); and
        `stored` (stems) holds it.

        In Arrow, by join: at 100,000 pages, a run that adds one page builds no record of the others.
        """
        rows = self._live()
        manifest = rows["manifest"]
        same = pc.and_(
            pc.equal(rows["rules_version"], rules_version),
            pc.is_null(manifest)
            if folder_manifest is None
            else pc.fill_null(pc.equal(manifest, folder_manifest), False),
        )
        same = pc.and_(same, pc.is_in(rows["stem"], value_set=stored))
        same = pc.and_(same, pc.invert(among(rows["page"], own_entries)))
        # Pages with a file not walked as recorded are not held; the rows held are copied once, in
        # the columns a run reads (at 100,000 pages each copy of a column is megabytes).
        changed = rows.select(["file", "size", "mtime_ns", "page"]).join(
            walked, keys=["file", "size", "mtime_ns"], join_type="left anti"
        )["page"]
        same = pc.and_(same, pc.invert(pc.is_in(rows["page"], value_set=pc.unique(changed))))
        held = rows.select(HELD_COLUMNS).filter(same)
        # Two held pages with one content (a run stopped before it settled a copy): looked at, so
        # that one name keeps it, as when the copy arrived.
        # Counted by row first, by the hash's first 64 bits (hashing 100,000 whole ones costs 80 ms):
        # a content on several rows is an e-paper page's or shared.
        prefix = pc.utf8_slice_codeunits(held["sha256"], 0, 16)
        counts = pc.value_counts(prefix)
        repeated = held.filter(
            pc.is_in(prefix, value_set=counts.filter(pc.greater(counts.field("counts"), 1)).field("values"))
        )
        pages_of: dict[str, set[str]] = {}
        for sha256, page in zip(repeated["sha256"].to_pylist(), repeated["page"].to_pylist(), strict=True):
            pages_of.setdefault(sha256, set()).add(page)
        shared = [sha256 for sha256, pages in pages_of.items() if len(pages) > 1]
        return held.filter(pc.invert(among(held["sha256"], shared))) if shared else held

    # -- what a run records ----------------------------------------------------------------------
    def record(self, stem: str, source: PageSource, built_from: BuiltFrom) -> None:
        """A page completed (or left unchanged, its files' stat refreshed for the next scan)."""
        self._changed[stem] = [
            (stem, source.name, *built_from, file.name, file.size, file.mtime_ns, _own(file.sha256, built_from.sha256))
            for file in source.files
        ]

    def forget(self, stems: Iterable[str]) -> None:
        """These pages are to be built again, or are gone."""
        for stem in stems:
            self._changed[stem] = []


def _own(file_sha256: str, page_sha256: str) -> str | None:
    return None if file_sha256 == page_sha256 else file_sha256
