"""The processed index (`.processed.parquet`): what each page a run completed was built from.

A row per file of each page: the page's stem and name, its content hash, the rules and the
manifest entry it was built under, and the file's name, size, mtime and hash when it was
read. `gazette run` skips a page whose content, rules and manifest entry are those recorded,
and does not hash again a file whose size and mtime are those recorded.

It is a cache: missing or unreadable, the next run only redoes every page. It is read by
column, and a run saves only the records of the pages it changed (gazette.storage.stem_table),
so that a run that adds one page to 100,000 builds and writes no record for the 100,000 (its
JSON predecessor took 2 s to read and write, the whole index 0.1 s to write).
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import Any, NamedTuple

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.fs as pafs
import pyarrow.parquet as pq

from gazette.page_source import PageSource
from gazette.storage.files import delete_if_there, read_json
from gazette.storage.stem_table import StemTable
from gazette.storage.store import among

PROCESSED_FILE = ".processed.parquet"
OLD_PROCESSED_FILE = ".processed.json"  # before 2026-11-29: read once, then replaced by PROCESSED_FILE

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


class ProcessedIndex:
    def __init__(self, stored: pa.Table, read_whole: bool = False):
        self._stored = stored  # as read; pages recorded or forgotten since are in _changed
        self._changed: dict[str, list[Row]] = {}  # stem -> its new rows ([] : forgotten)
        self._read_whole = read_whole  # _stored is the index as saved: a save writes the change only

    @classmethod
    def read(cls, fs: pafs.FileSystem, base: str) -> ProcessedIndex:
        stored = StemTable(fs, f"{base}/{PROCESSED_FILE}").read(
            lambda path: pq.read_table(path, schema=PROCESSED_SCHEMA, filesystem=fs)
        )
        if stored is not None:
            return cls(stored, read_whole=True)
        index = cls(PROCESSED_SCHEMA.empty_table())
        for stem, record in (read_json(fs, f"{base}/{OLD_PROCESSED_FILE}") or {}).items():
            index._changed[stem] = _rows_of_old_record(stem, record)
        return index

    def save(self, fs: pafs.FileSystem, base: str) -> None:
        """Save the index if a page's record changed: the records of the pages changed, or the
        whole index (gazette.storage.stem_table); and retire the JSON one."""
        if not self._changed:
            return
        saved = StemTable(fs, f"{base}/{PROCESSED_FILE}")
        if self._read_whole and saved.takes_change(len(self._changed)):
            saved.save_change(self._recorded(), self._changed.keys())
        else:
            saved.save_whole(self.table())
        delete_if_there(fs, f"{base}/{OLD_PROCESSED_FILE}")
        self._stored, self._changed, self._read_whole = self.table(), {}, True

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


def _rows_of_old_record(stem: str, record: dict[str, Any]) -> list[Row]:
    """A page's rows from its record in .processed.json."""
    members = record.get("members") or {
        record.get("file", stem): [record.get("size"), record.get("mtime_ns"), record.get("sha256")]
    }
    built_from = BuiltFrom(
        record.get("sha256", ""), record.get("rules_version", ""), manifest_json(record.get("manifest"))
    )
    return [
        (stem, record.get("file", stem), *built_from, name, size, mtime_ns, _own(sha256, built_from.sha256))
        for name, (size, mtime_ns, sha256) in members.items()
    ]


def _own(file_sha256: str, page_sha256: str) -> str | None:
    return None if file_sha256 == page_sha256 else file_sha256
