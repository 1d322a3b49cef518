"""The Parquet store: each table a folder of Parquet files; a page's rows replaceable; compaction.

Layout under <base>/parquet/<table>/ for a page table (gazette.tables.PAGE_TABLES):

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
a page's slice is known without reading its rows. `.compacted/<table>.parquet` caches those footers.

A compaction writes each group's new file, then removes what it replaced. Killed half-way,
it leaves each group with its old or its new file, and the landing files it folded
(identical to their slices, which they supersede): nothing is lost and nothing counts
twice. The folder read recursively holds each row once whenever no compaction or removal
is in progress; gazette.duckdb (gazette.storage.catalogue) only ever shows a settled state.

This is Delta Lake's OPTIMIZE / Iceberg's rewrite_data_files in small: the table format
is the folder plus these two rules, since the library that would keep a log (deltalake,
pyiceberg) is not among the project's dependencies, and a DuckDB reader of its Parquet
would still need the log to skip replaced files.
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import json
import sys
import time
from collections.abc import Callable, Iterable, Iterator

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.fs as pafs
import pyarrow.parquet as pq

from gazette.rows import AnyRow
from gazette.settings import DEFAULTS, setting
from gazette.storage.files import delete_if_there, temp_beside, write_atomically
from gazette.tables import PAGE_TABLES, SCHEMAS, to_arrow

COMPACTED = "compacted"
INDEX_DIR = ".compacted"  # <table>.parquet: the compacted files' footers, cached (Footers)
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


# A compacted file's footer lists its pages; `.compacted/<table>.parquet` caches every file's list
# as one table (a row per page, in each file's row order), with the files' sizes in its metadata.
# Read by column: at 100,000 pages a table's list is 100,000 rows, 30 ms to read (6 MB of JSON
# took 0.25 s).
FOOTER_SCHEMA = pa.schema(
    [
        ("file", pa.string()),
        ("stem", pa.string()),
        ("rows", pa.int64()),
        ("version_size", pa.int64()),
        ("version_mtime_ns", pa.int64()),
        ("month", pa.string()),
    ]
)
FILE_SIZES_KEY = b"gazette.file_sizes"  # cache metadata: {file name: size in bytes}
STEMS_DIGEST_KEY = b"gazette.stems_digest"  # cache metadata: Footers.stems_digest
EMPTY_FILES_KEY = b"gazette.empty_files"  # cache metadata: Footers.empty_files (JSON)
VERSION_SCHEMA = pa.schema([("stem", pa.string()), ("size", pa.int64()), ("mtime_ns", pa.int64())])


class Footers:
    """A table's compacted files as their footers describe them: which pages each holds, where.

    The pages are read from the cache a column at a time, as first asked: at 100,000 pages a
    column takes megabytes, and a run that adds a page asks for the stems only.
    """

    def __init__(
        self,
        sizes: dict[str, int],
        pages: pa.Table | pq.ParquetFile,
        stems_digest: str | None = None,
        empty_files: set[str] | None = None,
        read_again: Callable[[], pa.Table] | None = None,
    ):
        self.sizes = sizes  # file name -> bytes, for each file
        # FOOTER_SCHEMA: a row per page, each file's pages in row order; an open cache file is read as
        # asked, and if a column of it cannot be, `read_again` gives the pages from the files themselves.
        self._cache = pages if isinstance(pages, pq.ParquetFile) else None
        self._read_again = read_again
        self._columns = {} if isinstance(pages, pq.ParquetFile) else {name: pages[name] for name in FOOTER_SCHEMA.names}
        if stems_digest is not None:  # as cached with the pages
            self.__dict__["stems_digest"] = stems_digest
        if empty_files is not None:  # likewise (a run reads no file name of 100,000 pages)
            self.__dict__["empty_files"] = empty_files

    def columns(self, *names: str) -> pa.Table:
        """These columns of the pages (of FOOTER_SCHEMA)."""
        if missing := [name for name in names if name not in self._columns]:
            assert self._cache is not None and self._read_again is not None
            try:
                read = self._cache.read(columns=missing)
            except (OSError, pa.ArrowException):  # a damaged cache (its footer and stems read)
                read, missing = self._read_again(), FOOTER_SCHEMA.names
            self._columns |= {name: read[name].cast(FOOTER_SCHEMA.field(name).type) for name in missing}
        return pa.table([self._columns[name] for name in names], schema=_footer_fields(names))

    @property
    def pages(self) -> pa.Table:
        """Every column of the pages (FOOTER_SCHEMA)."""
        return self.columns(*FOOTER_SCHEMA.names)

    @functools.cached_property
    def stems_digest(self) -> str:
        """A hash of the set of pages the files hold: equal for two tables when they hold the
        same pages (computed when the cache is written, so that a run compares 10 strings, not
        10 sets of 100,000 stems)."""
        return hashlib.sha256("\n".join(sorted(self.stems)).encode()).hexdigest()

    @classmethod
    def of_file(cls, name: str, size: int, pages: list) -> Footers:
        """One file's footers, from its footer's [[stem, rows, [size, mtime_ns], month], ...]."""
        columns = list(zip(*pages, strict=True)) or [(), (), (), ()]
        stems, rows, versions, months = columns
        return cls(
            {name: size},
            pa.table(
                [
                    pa.array([name] * len(stems), pa.string()),
                    pa.array(stems, pa.string()),
                    pa.array(rows, pa.int64()),
                    pa.array([version[0] for version in versions], pa.int64()),
                    pa.array([version[1] for version in versions], pa.int64()),
                    pa.array(months, pa.string()),
                ],
                schema=FOOTER_SCHEMA,
            ),
        )

    def only(self, names: Iterable[str]) -> Footers:
        """These files' footers."""
        names = [name for name in names if name in self.sizes]
        pages = self.pages
        return Footers({name: self.sizes[name] for name in names}, pages.filter(among(pages["file"], names)))

    @functools.cached_property
    def stems(self) -> frozenset[str]:
        """The pages the files hold."""
        return frozenset(self.columns("stem")["stem"].to_pylist())

    def of(self, name: str) -> list[tuple[str, int, int, list[int], str]]:
        """(stem, start, rows, [size, mtime_ns], month) of each page of one file, in row order: its
        rows are [start, start + rows) of the file."""
        part = self.only([name]).pages
        columns = [part[column].to_pylist() for column in FOOTER_SCHEMA.names[1:]]
        out, start = [], 0
        for stem, rows, size, mtime_ns, month in zip(*columns, strict=True):
            out.append((stem, start, rows, [size, mtime_ns], month))
            start += rows
        return out

    def _of_pages(self, stems: Iterable[str], *columns: str) -> pa.Table:
        """These columns of these pages' rows (by Arrow: no set of every page)."""
        part = self.columns("stem", *columns)
        return part.filter(among(part["stem"], stems))

    def holding(self, stems: Iterable[str]) -> set[str]:
        """Those of these pages the files hold."""
        return set(self._of_pages(stems)["stem"].to_pylist())

    def files_holding(self, stems: Iterable[str]) -> set[str]:
        """The files that hold any of these pages."""
        return set(self._of_pages(stems, "file")["file"].to_pylist())

    @functools.cached_property
    def empty_files(self) -> set[str]:
        """Files that hold no page (a group whose pages were all removed)."""
        return set(self.sizes) - set(pc.unique(self.columns("file")["file"]).to_pylist())

    def months(self, stems: Iterable[str]) -> dict[str, str]:
        """stem -> issue month of these pages (those the files hold)."""
        keep = self._of_pages(stems, "month")
        return dict(zip(keep["stem"].to_pylist(), keep["month"].to_pylist(), strict=True))

    def versions(self) -> pa.Table:
        """VERSION_SCHEMA: which version of each page the files hold."""
        return self.columns("stem", "version_size", "version_mtime_ns").rename_columns(VERSION_SCHEMA.names)


@functools.cache
def _footer_fields(names: tuple[str, ...]) -> pa.Schema:
    return pa.schema([FOOTER_SCHEMA.field(name) for name in names])


class ParquetStore:
    def __init__(self, fs: pafs.FileSystem, base: str):
        self.fs, self.base = fs, base.rstrip("/")
        # Within this process, so that a run reads each table's footers once:
        # table -> (the compacted files' names and sizes, compacted()).
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
        return f"{self.base}/{INDEX_DIR}/{table}.parquet"

    def _old_index_path(self, table: str) -> str:
        return f"{self.base}/{INDEX_DIR}/{table}.json"  # the cache as written before 2026-11-29

    def compacted(self, table: str) -> Footers:
        """The footers of each group's newest compacted file."""
        newest: dict[str, pafs.FileInfo] = {}
        for info in self._compacted_listing(table):  # names sort by group, then gen
            newest[info.base_name.split(".")[0]] = info
        key = tuple((info.base_name, info.size) for info in newest.values())
        if table in self._memo and self._memo[table][0] == key:
            return self._memo[table][1]
        cache = self._cached_footers(table)
        same = [info.base_name for info in newest.values() if cache.sizes.get(info.base_name) == info.size]
        footers = cache
        if self._cache_memo[table][0] is None:  # no cache: one written before 2026-11-29 is stale
            delete_if_there(self.fs, self._old_index_path(table))
        if len(same) != len(newest) or len(cache.sizes) != len(newest):
            parts = [cache.only(same)] + [
                Footers.of_file(info.base_name, info.size, self._footer_pages(info.path))
                for info in newest.values()
                if info.base_name not in same
            ]
            pages = pa.concat_tables([part.pages for part in parts])
            footers = Footers({info.base_name: info.size for info in newest.values()}, pages)  # in group order
            self._write_cache(table, footers)
        self._memo[table] = (key, footers)
        return footers

    def _cached_footers(self, table: str) -> Footers:
        """.compacted/<table>.parquet as stored, read once while it does not change; no footers
        when it is missing or unreadable (they are read from the files again)."""
        path = self._index_path(table)
        info = self.fs.get_file_info(path)
        version = (info.size, info.mtime_ns) if info.type == pafs.FileType.File else None
        if self._cache_memo.get(table, (None,))[0] != version or version is None:
            footers = Footers({}, FOOTER_SCHEMA.empty_table())
            if version is not None:
                with contextlib.suppress(OSError, pa.ArrowException, ValueError, KeyError, TypeError):
                    # Kept open: on a local disk a later column is read from this version of the cache,
                    # even once replaced.
                    cache = pq.ParquetFile(self.fs.open_input_file(path))
                    metadata = cache.schema_arrow.metadata
                    if not set(FOOTER_SCHEMA.names) <= set(cache.schema_arrow.names):
                        raise KeyError("columns")  # not a cache this version wrote
                    empty = json.loads(metadata[EMPTY_FILES_KEY]) if EMPTY_FILES_KEY in metadata else None
                    sizes = json.loads(metadata[FILE_SIZES_KEY])
                    opened = Footers(
                        sizes,
                        cache,
                        metadata[STEMS_DIGEST_KEY].decode(),
                        None if empty is None else set(empty),
                        read_again=lambda: self._pages_from_files(table, path, sizes),
                    )
                    # Read now: an unreadable cache is read from the files again. On an object store,
                    # every column: a read by range could meet a cache replaced since by another process.
                    opened.columns(*(["stem"] if isinstance(self.fs, pafs.LocalFileSystem) else FOOTER_SCHEMA.names))
                    footers = opened
            self._cache_memo[table] = (version, footers)
        return self._cache_memo[table][1]

    def _pages_from_files(self, table: str, cache_path: str, sizes: dict[str, int]) -> pa.Table:
        """The pages of these compacted files from their own footers (those that can be read), for a
        cache that could not be read whole (removed: the next run writes it again)."""
        delete_if_there(self.fs, cache_path)
        self._cache_memo.pop(table, None)
        parts = [FOOTER_SCHEMA.empty_table()]
        for name, size in sizes.items():
            with contextlib.suppress(OSError, pa.ArrowException, KeyError, ValueError):
                parts.append(Footers.of_file(name, size, self._footer_pages(self.compacted_file(table, name))).pages)
        return pa.concat_tables(parts)

    def _write_cache(self, table: str, footers: Footers) -> None:
        metadata = {
            FILE_SIZES_KEY: json.dumps(footers.sizes).encode(),
            STEMS_DIGEST_KEY: footers.stems_digest.encode(),
            EMPTY_FILES_KEY: json.dumps(sorted(footers.empty_files)).encode(),
        }
        pages = footers.pages.replace_schema_metadata(metadata)
        write_atomically(self.fs, self._index_path(table), lambda temp: write_parquet(pages, temp, self.fs))
        delete_if_there(self.fs, self._old_index_path(table))
        self._cache_memo.pop(table, None)

    def _footer_pages(self, path: str) -> list:
        metadata = pq.read_metadata(path, filesystem=self.fs).metadata or {}
        return json.loads(metadata[FOOTER_KEY])

    # -- what a table holds --------------------------------------------------------------------
    def stems(self, table: str) -> set[str]:
        return set(self.landing(table)) | self.compacted(table).stems

    def stem_array(self, table: str) -> pa.ChunkedArray:
        """stems() as an Arrow array (no Python string per page); a page that landed again after
        it was folded is in it twice until the next compaction."""
        landing = pa.array(list(self.landing(table)), pa.string())
        return pa.chunked_array([landing, *self.compacted(table).columns("stem")["stem"].chunks], pa.string())

    def versions(self, table: str) -> pa.Table:
        """VERSION_SCHEMA, sorted by stem: the size and mtime of the landing file each page's rows
        came from, which tells the version of each page the table holds (the same before and after
        a compaction)."""
        landing = self.landing(table)
        folded = self.compacted(table).versions()
        folded = folded.filter(pc.invert(among(folded["stem"], landing)))
        landed = pa.table(
            [
                pa.array(list(landing), pa.string()),
                pa.array([info.size for info in landing.values()], pa.int64()),
                pa.array([info.mtime_ns for info in landing.values()], pa.int64()),
            ],
            schema=VERSION_SCHEMA,
        )
        return pa.concat_tables([folded, landed]).sort_by("stem")

    def files(self, table: str) -> list[str]:
        """The files that make up the table now, each row once: settle() first if pages that were
        folded have landed again."""
        landing = self.landing(table)
        compacted = self.compacted(table)
        if compacted.holding(landing):
            raise RuntimeError(f"{self.table_path(table)}: landed pages not folded yet; settle() first")
        return [self.compacted_file(table, name) for name in compacted.sizes] + [info.path for info in landing.values()]

    def read(self, table: str, stems: Iterable[str] | None = None) -> pa.Table:
        """The whole table, or only these pages' rows, each row once."""
        parts = list(self.batches(table, stems, rows=sys.maxsize))
        return parts[0] if parts else to_arrow(table, [])

    def batches(
        self, table: str, stems: Iterable[str] | None, rows: int, with_stem: bool = False
    ) -> Iterator[pa.Table]:
        """The whole table, or these pages' rows, each row once, in batches of whole pages of
        about `rows` rows: what read() returns, without holding it all in memory at once.
        `with_stem` adds a column `stem`: each row's page."""
        landing = self.landing(table)
        wanted = None if stems is None else set(stems)
        pending: list[pa.Table] = []
        held = 0

        def take(part: pa.Table, pages: list[tuple[str, int]]) -> Iterator[pa.Table]:
            """Add the rows of these pages ((stem, rows) each, in row order) to the batch."""
            nonlocal held
            if with_stem:
                stems_of_rows = [stem for stem, count in pages for _ in range(count)]
                part = part.append_column("stem", pa.array(stems_of_rows, pa.string()))
            pending.append(part)
            held += part.num_rows
            if held >= rows:
                yield pa.concat_tables(pending)
                pending.clear()
                held = 0

        compacted = self.compacted(table) if table in PAGE_TABLES else Footers({}, FOOTER_SCHEMA.empty_table())
        for name in compacted.sizes if wanted is None else sorted(compacted.files_holding(wanted)):
            keep = [
                (stem, start, count)
                for stem, start, count, *_ in compacted.of(name)
                if stem not in landing and (wanted is None or stem in wanted)
            ]
            if not keep:
                continue
            data = pq.read_table(self.compacted_file(table, name), schema=SCHEMAS[table], filesystem=self.fs)
            # The kept pages' rows as one chunk, taken by runs of adjacent pages (a slice a page
            # makes a chunk a page: at 75,000 pages every filter of the batches took 10 s), then
            # cut at whole pages.
            runs: list[list[int]] = []  # [start, rows]
            for _, start, count in keep:
                if runs and runs[-1][0] + runs[-1][1] == start:
                    runs[-1][1] += count
                else:
                    runs.append([start, count])
            if len(runs) == 1:  # the whole file, or one stretch of it: a slice, no copy
                kept = data.slice(*runs[0])
            else:
                kept = pa.concat_tables([data.slice(start, count) for start, count in runs]).combine_chunks()
            group: list[tuple[str, int]] = []
            group_start = group_rows = 0
            for stem, _, count in keep:
                group.append((stem, count))
                group_rows += count
                if held + group_rows >= rows:
                    yield from take(kept.slice(group_start, group_rows), group)
                    group, group_start, group_rows = [], group_start + group_rows, 0
            if group:
                yield from take(kept.slice(group_start, group_rows), group)
        for stem, info in sorted(landing.items()):
            if wanted is None or stem in wanted:
                data = pq.read_table(info.path, schema=SCHEMAS[table], filesystem=self.fs)
                yield from take(data, [(stem, data.num_rows)])
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
            groups = {name.split(".")[0] for name in compacted.files_holding(stems)}
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
            held = compacted.holding(landing)  # landed again after being folded
            if fold_at is not None and len(landing) >= fold_at:
                to_fold = landing
            else:
                to_fold = {stem: info for stem, info in landing.items() if stem in held}
            groups = {group_of(table, months.get(stem, UNDATED)) for stem in to_fold}
            # A page moved to another group (its issue date changed) leaves its old one too.
            if not held.isdisjoint(to_fold):
                groups |= {name.split(".")[0] for name in compacted.files_holding(held & set(to_fold))}
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
        compacted: Footers,
        groups: set[str],
        landed: dict[str, pafs.FileInfo],
        dropped: frozenset[str] | set[str] = frozenset(),
        months: dict[str, str] | None = None,
    ) -> None:
        """Write a new compacted file for each of `groups`: its pages' current rows (the landed
        ones from their landing files), without `dropped`; an empty group leaves no file."""
        for group in sorted(groups):
            pages: dict[str, tuple] = {}  # stem -> (version, month, rows)
            for name in compacted.sizes:
                if name.split(".")[0] != group:
                    continue
                data = pq.read_table(self.compacted_file(table, name), schema=SCHEMAS[table], filesystem=self.fs)
                for stem, start, rows, version, month in compacted.of(name):
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
        for name in self.compacted(table).empty_files:
            delete_if_there(self.fs, self.compacted_file(table, name))

    # -- checks --------------------------------------------------------------------------------
    def damaged(self) -> Iterator[tuple[str, str, str, list[str]]]:
        """(table, path, problem, stems it held) of each stored file that is unreadable or not
        what was written: a footer that does not parse, a size other than the one its footer was
        cached with, or a compacted file that is gone.
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
            for name in cached.sizes:
                gone = name not in listing and name.split(".")[0] not in groups
                if gone and (stems := cached.only([name]).pages["stem"].to_pylist()):
                    yield table, self.compacted_file(table, name), "missing", stems
            for name, info in listing.items():
                # A file whose size is the one its footer was cached with is taken as written (no
                # read: a run stays as cheap at 100,000 pages); any other has its footer read.
                size = cached.sizes.get(name)
                if size == info.size:
                    continue
                problem = self._unreadable(info.path)
                if problem is None and size is not None:
                    problem = f"{info.size} bytes, written as {size}"
                if problem is not None:
                    yield table, info.path, problem, cached.only([name]).pages["stem"].to_pylist()

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
        cached = self._cached_footers(table)
        if name in cached.sizes:
            self._write_cache(table, cached.only([other for other in cached.sizes if other != name]))
        self._memo.pop(table, None)
        self._cache_memo.pop(table, None)


def among(column: pa.Array | pa.ChunkedArray, values: Iterable[str]) -> pa.ChunkedArray:
    """Which of a column's strings are among `values` (a mask)."""
    return pc.is_in(column, value_set=pa.array(list(values), pa.string()))


def month_of(issue_date) -> str:
    """A page's issue month, as compaction groups it."""
    return issue_date.strftime("%Y-%m") if issue_date else UNDATED


def group_of(table: str, month: str) -> str:
    """The compacted file of a table that holds a page of this issue month."""
    return month if table in BY_MONTH or month == UNDATED else month[:4]
