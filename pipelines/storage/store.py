"""The Parquet store: each table a folder of Parquet files; a page's rows replaceable; compaction.

Layout under <base>/parquet/<table>/ for a page table (pipelines.tables.PAGE_TABLES):

    <stem>.parquet                     one page's rows as they land (`gazette run`, a Dagster page asset)
    compacted/<group>.<gen>.parquet    many pages' rows folded together, one file per issue year
                                       ("2019"; by month for page_texts, "2019-02"; "undated" for
                                       pages without an issue date)

and <base>/parquet/<table>/all.parquet for a global table.

What a table holds, at every moment and after any crash:
- for each group, its newest compacted file (gen grows with time); an older file of the
  same group is what a compaction replaced, garbage that the next one removes;
- every landing file; a landing file is newer than the page's slice in a compacted file
  (a page re-run or marked deleted after it was folded), so that slice does not count.
A compacted file lists its pages in its footer (stem, rows, version), in row order, so
a page's slice is known without reading its rows. `.compacted/<table>.json` caches those footers.

A compaction writes each group's new file, then removes what it replaced. Killed half-way,
it leaves each group with its old or its new file, and the landing files it folded
(identical to their slices, which they supersede): nothing is lost and nothing counts
twice. The folder read recursively holds each row once whenever no compaction or removal
is in progress; gazette.duckdb (pipelines.storage.catalogue) only ever shows a settled state.

This is Delta Lake's OPTIMIZE / Iceberg's rewrite_data_files in small: the table format
is the folder plus these two rules, since the library that would keep a log (deltalake,
pyiceberg) is not among the project's dependencies, and a DuckDB reader of its Parquet
would still need the log to skip replaced files.
"""

from __future__ import annotations

import json
import sys
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from typing import Any

import pyarrow as pa
import pyarrow.fs as pafs
import pyarrow.parquet as pq

from pipelines.rows import AnyRow
from pipelines.settings import DEFAULTS, setting
from pipelines.storage.files import delete_if_there, read_json, temp_beside, write_atomically, write_json
from pipelines.tables import PAGE_TABLES, SCHEMAS, to_arrow

COMPACTED = "compacted"
INDEX_DIR = ".compacted"  # <table>.json: the compacted files' footers, cached
GLOBAL_PARTITION = "all"
UNDATED = "undated"
FOOTER_KEY = b"gazette.pages"  # footer metadata of a compacted file: [[stem, rows, version, month], ...]
# Files are folded by issue year: a year of a 25-page daily is 9,000 pages, and each file a query
# opens costs about a millisecond, so a decade is 10 files a table, not 120. page_texts, large and
# read by no model, by month: a re-run page rewrites a month of text, not a year.
BY_MONTH = frozenset({"page_texts"})
# A compaction at the end of each run folds a table's landing files once there are this many
# ($GAZETTE_FOLD_AT): one new page costs a small file, not a rewrite of its month.
FOLD_AT = int(DEFAULTS["GAZETTE_FOLD_AT"])


def fold_threshold() -> int:
    return int(setting("GAZETTE_FOLD_AT"))


# zstd at level 3 (the default level): page_texts and articles 0.55x of snappy's bytes, written as
# fast (benchmarks/run.py, "compression"). Rows are grouped by page in stem (file name) order.
COMPRESSION = "zstd"


def write_parquet(data: pa.Table, path: str, fs: pafs.FileSystem) -> None:
    pq.write_table(data, path, filesystem=fs, compression=COMPRESSION)


@dataclass(frozen=True)
class Slice:
    """One page's rows in a compacted file: rows [start, start + rows)."""

    file: str  # the compacted file's name
    start: int
    rows: int
    version: list[int]  # the landing file's [size, mtime_ns] when it was folded
    month: str  # the page's issue month ("2019-02"), or UNDATED


class ParquetStore:
    def __init__(self, fs: pafs.FileSystem, base: str):
        self.fs, self.base = fs, base.rstrip("/")
        # Within this process, so that a run reads each table's footers once (at 100,000 pages a
        # table's page list is 6 MB of JSON): table -> (the compacted files' names and sizes,
        # compacted(), what _derived built from it: its stems, its slices).
        self._memo: dict[str, tuple] = {}
        self._cache_memo: dict[str, tuple] = {}  # table -> ((size, mtime_ns) of its cache file, contents)

    # -- layout --------------------------------------------------------------------------------
    def table_path(self, table: str) -> str:
        return f"{self.base}/parquet/{table}"

    def landing_file(self, table: str, stem: str) -> str:
        return f"{self.table_path(table)}/{stem}.parquet"

    def compacted_file(self, table: str, name: str) -> str:
        return f"{self.table_path(table)}/{COMPACTED}/{name}"

    def _visible(self, selector_path: str) -> list[pafs.FileInfo]:
        selector = pafs.FileSelector(selector_path, allow_not_found=True)
        return sorted(
            (
                info
                for info in self.fs.get_file_info(selector)
                if info.type == pafs.FileType.File
                and info.base_name.endswith(".parquet")
                and not info.base_name.startswith(".")
            ),
            key=lambda info: info.path,
        )

    def landing(self, table: str) -> dict[str, pafs.FileInfo]:
        """stem -> file info of each landing file (the whole table for a global table)."""
        return {info.base_name.removesuffix(".parquet"): info for info in self._visible(self.table_path(table))}

    def _compacted_listing(self, table: str) -> list[pafs.FileInfo]:
        return self._visible(self.compacted_file(table, ""))

    # -- the compacted files' footers ---------------------------------------------------------
    def _index_path(self, table: str) -> str:
        return f"{self.base}/{INDEX_DIR}/{table}.json"

    def compacted(self, table: str) -> dict[str, list]:
        """name -> [[stem, rows, version, month], ...] of each group's newest compacted file."""
        newest: dict[str, pafs.FileInfo] = {}
        for info in self._compacted_listing(table):  # names sort by group, then gen
            newest[info.base_name.split(".")[0]] = info
        key = tuple((info.base_name, info.size) for info in newest.values())
        if table in self._memo and self._memo[table][0] == key:
            return self._memo[table][1]
        cache = self._cached_footers(table)
        out, entries = {}, {}
        for info in newest.values():
            entry = cache.get(info.base_name)
            if entry is None or entry.get("size") != info.size:
                entry = {"size": info.size, "pages": self._footer_pages(info.path)}
            out[info.base_name], entries[info.base_name] = entry["pages"], entry
        if entries != cache:
            write_json(self.fs, self._index_path(table), entries)
            self._cache_memo.pop(table, None)
        self._memo[table] = (key, out, {})
        return out

    def _cached_footers(self, table: str) -> dict:
        """.compacted/<table>.json as stored, read once while it does not change."""
        info = self.fs.get_file_info(self._index_path(table))
        version = (info.size, info.mtime_ns) if info.type == pafs.FileType.File else None
        if version is None or self._cache_memo.get(table, (None,))[0] != version:
            self._cache_memo[table] = (version, (read_json(self.fs, self._index_path(table)) or {}) if version else {})
        return self._cache_memo[table][1]

    def _footer_pages(self, path: str) -> list:
        metadata = pq.read_metadata(path, filesystem=self.fs).metadata or {}
        return json.loads(metadata[FOOTER_KEY])

    def slices(self, table: str) -> dict[str, Slice]:
        """stem -> where its rows are in the compacted files (landing files not considered).
        Shared within the process: not to be changed."""
        return self._derived(table, "slices", _slices)

    def folded_stems(self, table: str) -> frozenset[str]:
        """The pages the compacted files hold (landing files not considered). Cheaper than
        slices(): a run asks this of every table, and slices of one or two."""
        return self._derived(
            table, "stems", lambda compacted: frozenset(page[0] for pages in compacted.values() for page in pages)
        )

    def _derived(self, table: str, what: str, build: Callable[[dict[str, list]], Any]) -> Any:
        """Something built from compacted(table), built once while the compacted files stay the same."""
        compacted = self.compacted(table)
        derived = self._memo[table][2]
        if what not in derived:
            derived[what] = build(compacted)
        return derived[what]

    # -- what a table holds --------------------------------------------------------------------
    def stems(self, table: str) -> set[str]:
        return set(self.landing(table)) | self.folded_stems(table)

    def versions(self, table: str) -> dict[str, list[int]]:
        """stem -> [size, mtime_ns] of the landing file its rows came from: which version of each
        page the table holds (the same before and after a compaction)."""
        versions = {stem: list(found.version) for stem, found in self.slices(table).items()}
        versions.update({stem: [info.size, info.mtime_ns] for stem, info in self.landing(table).items()})
        return versions

    def files(self, table: str) -> list[str]:
        """The files that make up the table now, each row once: settle() first if pages that were
        folded have landed again."""
        landing = self.landing(table)
        compacted = self.compacted(table)
        if not self.folded_stems(table).isdisjoint(landing):
            raise RuntimeError(f"{self.table_path(table)}: landed pages not folded yet; settle() first")
        return [self.compacted_file(table, name) for name in compacted] + [info.path for info in landing.values()]

    def read(self, table: str, stems: Iterable[str] | None = None) -> pa.Table:
        """The whole table, or only these pages' rows, each row once."""
        parts = list(self.batches(table, stems, rows=sys.maxsize))
        return parts[0] if parts else to_arrow(table, [])

    def batches(self, table: str, stems: Iterable[str] | None, rows: int) -> Iterator[pa.Table]:
        """The whole table, or these pages' rows, each row once, in batches of whole pages of
        about `rows` rows: what read() returns, without holding it all in memory at once."""
        landing = self.landing(table)
        wanted = None if stems is None else set(stems)
        pending: list[pa.Table] = []
        held = 0

        def take(part: pa.Table) -> Iterator[pa.Table]:
            nonlocal held
            pending.append(part)
            held += part.num_rows
            if held >= rows:
                yield pa.concat_tables(pending)
                pending.clear()
                held = 0

        for name, pages in (self.compacted(table) if table in PAGE_TABLES else {}).items():
            keep = [
                (start, count)
                for start, (stem, count, *_) in zip(_starts(pages), pages, strict=True)
                if stem not in landing and (wanted is None or stem in wanted)
            ]
            if keep:
                data = pq.read_table(self.compacted_file(table, name), schema=SCHEMAS[table], filesystem=self.fs)
                for start, count in keep:
                    yield from take(data.slice(start, count))
        for stem, info in sorted(landing.items()):
            if wanted is None or stem in wanted:
                yield from take(pq.read_table(info.path, schema=SCHEMAS[table], filesystem=self.fs))
        if pending:
            yield pa.concat_tables(pending)

    # -- writes --------------------------------------------------------------------------------
    def write(self, rows: dict[str, list[AnyRow] | pa.Table], stem: str) -> dict[str, pa.Table]:
        """Write each table's landing file for `stem`: every temp file first, then the moves,
        in `rows` order. Staging all files before the first move shrinks the moment when some
        of a page's tables are new and some old to a few renames."""
        staged, written = [], {}
        try:
            for table, table_rows in rows.items():
                data = table_rows if isinstance(table_rows, pa.Table) else to_arrow(table, table_rows)
                written[table] = data
                target = self.landing_file(table, stem)
                self.fs.create_dir(self.table_path(table), recursive=True)
                staged.append((temp_beside(target), target))
                write_parquet(data, staged[-1][0], self.fs)
            for temp, target in staged:
                self.fs.move(temp, target)
        finally:
            for temp, _ in staged:
                delete_if_there(self.fs, temp)
        return written

    def remove(self, stems: Iterable[str], tables: Iterable[str] = PAGE_TABLES) -> None:
        """Remove these pages' rows from every table: their compacted groups are rewritten
        without them, then their landing files removed (`pages` first)."""
        stems = set(stems)
        for table in sorted(tables, key=lambda table: table != "pages"):
            compacted = self.compacted(table)
            groups = {
                name.split(".")[0] for name, pages in compacted.items() if any(stem in stems for stem, *_ in pages)
            }
            self._rewrite(table, compacted, groups, {}, dropped=stems)
            for stem in stems:
                delete_if_there(self.fs, self.landing_file(table, stem))

    # -- compaction ----------------------------------------------------------------------------
    def settle(self, months: dict[str, str], fold_at: int | None = FOLD_AT) -> int:
        """Compact: fold landing files into their groups' compacted files. Returns the files folded.

        Always folds a page that landed again after being folded (so that each row counts once);
        folds every landing file of a table once it has `fold_at` of them (None: never; 1: always).
        `months` maps a stem to its issue month (see month_of); a stem it lacks is UNDATED.
        """
        folded = 0
        for table in PAGE_TABLES:
            landing = self.landing(table)
            compacted = self.compacted(table)
            held = self.folded_stems(table)
            if fold_at is not None and len(landing) >= fold_at:
                to_fold = landing
            else:
                to_fold = {stem: info for stem, info in landing.items() if stem in held}
            groups = {group_of(table, months.get(stem, UNDATED)) for stem in to_fold}
            # A page moved to another group (its issue date changed) leaves its old one too.
            if not held.isdisjoint(to_fold):
                slices = self.slices(table)
                groups |= {slices[stem].file.split(".")[0] for stem in to_fold if stem in slices}
            self._rewrite(table, compacted, groups, to_fold, months=months)
            for info in to_fold.values():  # unless it landed again meanwhile (a Dagster asset)
                if self.fs.get_file_info(info.path).mtime_ns == info.mtime_ns:
                    delete_if_there(self.fs, info.path)
            folded += len(to_fold)
            self._remove_garbage(table)
        return folded

    def _rewrite(
        self,
        table: str,
        compacted: dict[str, list],
        groups: set[str],
        landed: dict[str, pafs.FileInfo],
        dropped: frozenset[str] | set[str] = frozenset(),
        months: dict[str, str] | None = None,
    ) -> None:
        """Write a new compacted file for each of `groups`: its pages' current rows (the landed
        ones from their landing files), without `dropped`; an empty group leaves no file."""
        for group in sorted(groups):
            pages: dict[str, tuple] = {}  # stem -> (version, month, rows)
            for name, entries in compacted.items():
                if name.split(".")[0] != group:
                    continue
                data = pq.read_table(self.compacted_file(table, name), schema=SCHEMAS[table], filesystem=self.fs)
                for start, (stem, rows, version, month) in zip(_starts(entries), entries, strict=True):
                    if stem not in landed and stem not in dropped:
                        pages[stem] = (version, month, data.slice(start, rows))
            for stem, info in landed.items():
                month = (months or {}).get(stem, UNDATED)
                if group_of(table, month) == group and stem not in dropped:
                    data = pq.read_table(info.path, schema=SCHEMAS[table], filesystem=self.fs)
                    pages[stem] = ([info.size, info.mtime_ns], month, data)
            # A group left without pages gets an empty newest file: it retires the old ones.
            self.write_group(table, group, [(stem, *pages[stem]) for stem in sorted(pages)])

    def write_group(self, table: str, group: str, pages: list[tuple[str, list[int], str, pa.Table]]) -> str:
        """Write a group's new compacted file: these (stem, version, month, rows) in this order."""
        target = self.compacted_file(table, f"{group}.{time.time_ns():020d}.parquet")
        data = (
            pa.concat_tables([rows.cast(SCHEMAS[table]) for *_, rows in pages]) if pages else to_arrow(table, [])
        ).replace_schema_metadata(
            {
                FOOTER_KEY: json.dumps(
                    [[stem, rows.num_rows, version, month] for stem, version, month, rows in pages]
                ).encode()
            }
        )
        write_atomically(self.fs, target, lambda temp: write_parquet(data, temp, self.fs))
        return target

    def _remove_garbage(self, table: str) -> None:
        """Remove compacted files a newer one of their group replaced, and empty groups' files."""
        listing = self._compacted_listing(table)
        newest = {info.base_name.split(".")[0]: info for info in listing}
        for info in listing:
            if newest[info.base_name.split(".")[0]] is not info:
                delete_if_there(self.fs, info.path)
        for name, pages in self.compacted(table).items():
            if not pages:
                delete_if_there(self.fs, self.compacted_file(table, name))

    # -- checks --------------------------------------------------------------------------------
    def damaged(self) -> Iterator[tuple[str, str, str, list[str]]]:
        """(table, path, problem, stems it held) of each stored file that is unreadable or not
        what was written: a footer that does not parse, a size other than the one its footer was
        cached with, a row count other than its pages', or a compacted file that is gone.
        For a page table the stems are known when the file's footer was cached, else []."""
        for table in SCHEMAS:
            for stem, info in self.landing(table).items():
                if (problem := self._unreadable(info.path)) is not None:
                    yield table, info.path, problem, [stem] if table in PAGE_TABLES else []
            if table not in PAGE_TABLES:
                continue
            cached = self._cached_footers(table)
            listing = {info.base_name: info for info in self._compacted_listing(table)}
            groups = {name.split(".")[0] for name in listing}
            for name, entry in cached.items():
                if name not in listing and name.split(".")[0] not in groups and entry.get("pages"):
                    yield table, self.compacted_file(table, name), "missing", [page[0] for page in entry["pages"]]
            for name, info in listing.items():
                # A file whose size is the one its footer was cached with is taken as written (no
                # read: a run stays as cheap at 100,000 pages); any other has its footer read.
                entry = cached.get(name)
                if entry is not None and entry.get("size") == info.size:
                    continue
                problem = self._unreadable(info.path)
                if problem is None and entry is not None:
                    problem = f"{info.size} bytes, written as {entry['size']}"
                if problem is not None:
                    yield table, info.path, problem, [page[0] for page in (entry or {}).get("pages", [])]

    def _unreadable(self, path: str) -> str | None:
        try:
            pq.read_metadata(path, filesystem=self.fs)
            if COMPACTED in path.rsplit("/", 2)[-2:-1]:
                self._footer_pages(path)
        except (OSError, pa.ArrowException, KeyError, ValueError) as exc:
            return str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        return None

    def discard(self, table: str, path: str) -> None:
        """Remove a damaged file, and forget its cached footer."""
        delete_if_there(self.fs, path)
        name = path.rpartition("/")[2]
        cached = read_json(self.fs, self._index_path(table)) or {}
        if cached.pop(name, None) is not None:
            write_json(self.fs, self._index_path(table), cached)
        self._memo.pop(table, None)
        self._cache_memo.pop(table, None)


def _slices(compacted: dict[str, list]) -> dict[str, Slice]:
    out = {}
    for name, pages in compacted.items():
        start = 0
        for stem, rows, version, month in pages:
            out[stem] = Slice(name, start, rows, version, month)
            start += rows
    return out


def _starts(pages: list) -> list[int]:
    starts, start = [], 0
    for _, rows, *_ in pages:
        starts.append(start)
        start += rows
    return starts


def month_of(issue_date) -> str:
    """A page's issue month, as compaction groups it."""
    return issue_date.strftime("%Y-%m") if issue_date else UNDATED


def group_of(table: str, month: str) -> str:
    """The compacted file of a table that holds a page of this issue month."""
    return month if table in BY_MONTH or month == UNDATED else month[:4]
