"""The warehouse: Parquet files tracked by a DuckLake catalog (gazette.storage.lake);
gazette.duckdb only holds views (gazette.storage.views).

Layout under the root (default `warehouse/`, or $GAZETTE_WAREHOUSE):

    lake/main/<table>/...     each table's Parquet data and delete files (DuckLake's)
    catalog.sqlite            the catalog, unless GAZETTE_CATALOG names PostgreSQL
    gazette.duckdb            views over the current files + the SQL models
    .lock                     held by the run that is writing from this machine

The root is a folder or an s3:// URI (`s3://bucket/gazette?region=…&endpoint_override=…`):
the Parquet files go there. gazette.duckdb, the embedded catalog and the lock file need a
local disk: they sit in the root when it is local, else in `local_dir` ($GAZETTE_LOCAL_DIR,
default `gazette-local/`). Runs on several machines share one warehouse through a catalog on
PostgreSQL (docs/scaling.md): the lake's transactions keep them apart, not the lock.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import functools
import hashlib
import os
import re
from collections.abc import Callable, Collection, Iterable, Iterator
from pathlib import Path
from typing import TypeVar

import pyarrow as pa
import pyarrow.fs as pafs

from gazette.rows import AnyRow, TableRows
from gazette.settings import setting
from gazette.storage.lake import GLOBAL_SOURCES, GLOBAL_SOURCES_SCHEMA, PROCESSED, STEM, VERSION_SCHEMA, Lake
from gazette.storage.lock import write_lock
from gazette.storage.processed import ProcessedIndex
from gazette.storage.views import create_empty_table
from gazette.tables import GLOBAL_TABLES, PAGE_TABLES

T = TypeVar("T")
OLD_TABLES_FOLDER = "parquet"  # the tables of a warehouse written before DuckLake (one folder each)

__all__ = ["GLOBAL_SOURCES_SCHEMA", "VERSION_SCHEMA", "Warehouse", "create_empty_table", "page_stem"]


@functools.lru_cache(maxsize=1 << 18)  # a run asks it of every page file, several times
def page_stem(source_path: str) -> str:
    """The stem a page's rows are stored under: its path in the inbox (pages.source_path) made
    file-system-safe, distinct for distinct paths. Every version of the page has the same stem,
    so a new version replaces the old one's rows."""
    safe = re.sub(r"[^\w.-]", "_", source_path).lstrip(".")
    if safe == source_path:
        return safe
    # Replacing characters can make two paths collide ("a b" and "a_b"): disambiguate.
    return f"{safe}-{hashlib.sha1(source_path.encode()).hexdigest()[:8]}"


class Warehouse:
    def __init__(self, root: str | os.PathLike | None = None, local_dir: str | os.PathLike | None = None):
        root = str(root or setting("GAZETTE_WAREHOUSE"))
        if "://" in root:
            self.fs, base = pafs.FileSystem.from_uri(root)
            self.uri = root
        else:
            self.fs, base = pafs.LocalFileSystem(), str(Path(root).resolve())
            self.uri = base
        self.base = base.rstrip("/")
        self.is_local = isinstance(self.fs, pafs.LocalFileSystem)
        # Where gazette.duckdb and the lock live (see the module docstring).
        self.root = Path(self.base) if self.is_local else Path(local_dir or setting("GAZETTE_LOCAL_DIR")).resolve()
        data = self.base if self.is_local else self.uri
        catalog = setting("GAZETTE_CATALOG") or None
        self.catalog_shared = catalog is not None  # on PostgreSQL, written by other machines too
        self.lake = Lake(data, self.root, catalog)

    @property
    def db_path(self) -> Path:
        return self.lake.db_path

    def lock(self, on_wait: Callable[[], None] | None = None) -> contextlib.AbstractContextManager[None]:
        """Hold the warehouse's write lock (gazette.storage.lock)."""
        return write_lock(self.root, on_wait)

    # -- page tables -----------------------------------------------------------------------------
    def write_page(self, source_path: str, rows: TableRows) -> dict[str, pa.Table]:
        """Replace one page's rows in every table of `rows`, in one transaction: a run killed while
        writing leaves the page as it was."""
        if unknown := set(rows) - set(PAGE_TABLES):
            raise ValueError(f"{sorted(unknown)} are not page tables")
        stem = page_stem(source_path)
        return self.lake.replace_pages({stem: dict(rows)})[stem]

    def write_page_table(self, table: str, source_path: str, rows: list[AnyRow]) -> pa.Table:
        """Replace one page's rows of a page table (an empty list still records the page as written).

        Returns the rows as written, an Arrow table with the table's schema.
        """
        if table not in PAGE_TABLES:
            raise ValueError(f"{table!r} is not a page table")
        stem = page_stem(source_path)
        return self.lake.replace_pages({stem: {table: rows}})[stem][table]

    def stored_pages(self) -> set[str]:
        """File stems (page_stem) of the pages stored."""
        return self.lake.written("pages")

    def stored_among(self, stems: Iterable[str]) -> set[str]:
        """Those of these page stems that are stored."""
        return set(stems) & self.stored_pages()

    def stored_page_array(self) -> pa.ChunkedArray:
        """stored_pages() as an Arrow array."""
        return pa.chunked_array([pa.array(sorted(self.stored_pages()), pa.string())])

    def page_versions(self, table: str) -> pa.Table:
        """Which version of each page's rows a page table holds: VERSION_SCHEMA (stem, size,
        mtime_ns: when the page was written; size 0), sorted by stem."""
        return self.lake.versions(table).cast(VERSION_SCHEMA)

    def paperless_pages(self, inbox: str) -> set[str]:
        """The stems of the stored pages read from this inbox folder (pages.inbox) with no paper."""
        with self.lake.connect() as con:
            rows = con.execute(f'SELECT {STEM} FROM lake."pages" WHERE paper IS NULL AND inbox = ?', [inbox])
            return {stem for (stem,) in rows.fetchall()}

    def read_table(self, table: str, stems: Iterable[str] | None = None) -> pa.Table:
        """A whole table, or only these pages' rows; an empty one with the table's schema when
        nothing is stored."""
        return self.lake.read(table, stems)

    def read_batches(
        self, table: str, stems: Iterable[str] | None, rows: int, with_stem: bool = False
    ) -> Iterator[pa.Table]:
        """read_table in batches of whole pages of about `rows` rows, to bound memory; `with_stem`
        adds a column `stem` naming each row's page."""
        return self.lake.batches(table, stems, rows, with_stem)

    def read_stem(self, table: str, stem: str) -> list[AnyRow]:
        """The rows one page (by its stem, see stored_pages) has in a table."""
        return self.lake.read(table, [stem]).to_pylist()

    def read_page(self, table: str, source_path: str) -> list[AnyRow]:
        """One page's rows of a page table; FileNotFoundError says when it has none stored."""
        stem = page_stem(source_path)
        if stem not in self.lake.written(table):
            raise FileNotFoundError(f"{self.uri}: no {table} rows for page {source_path!r}; materialise {table} first")
        return self.read_stem(table, stem)

    def mark_deleted(self, stem: str, when: dt.datetime | None = None) -> bool:
        """Mark a stored page as gone from the inbox, keeping its rows; False if it already was."""
        rows = self.read_stem("pages", stem)
        if not rows:
            raise FileNotFoundError(f"{self.uri}: page {stem!r} not stored")
        if all(row["deleted_at"] for row in rows):
            return False
        when = when or dt.datetime.now(dt.UTC)
        self.lake.replace_pages({stem: {"pages": [{**row, "deleted_at": row["deleted_at"] or when} for row in rows]}})
        return True

    def delete_stored(self, *stems: str) -> None:
        """Remove these pages from every page table, in one transaction."""
        self.lake.remove_pages(stems)

    def write_pages(self, pages: dict[str, TableRows], processed: ProcessedIndex) -> None:
        """write_page for many pages (by source path), and the records `processed` took since it
        was last saved (theirs among them), in one transaction."""
        stems, records = processed.take_changes()

        def write(_: object) -> None:
            self.lake.replace_pages({page_stem(source_path): dict(rows) for source_path, rows in pages.items()})
            if stems:
                self.lake.replace_records(PROCESSED, stems, records)

        self.lake.transaction(write)

    # -- global tables -------------------------------------------------------------------------
    def rebuild_global(self, work: Callable[[], T]) -> T:
        """Run `work`, which reads the warehouse and writes the global tables and their sources,
        in one transaction; when another machine rebuilt them meanwhile, it runs again from what
        that one wrote (gazette.storage.lake.take_global_turn)."""

        def turn(_: object) -> T:
            self.lake.take_global_turn()
            return work()

        return self.lake.transaction(turn)

    def write_global(self, table: str, rows: list[AnyRow] | pa.Table) -> pa.Table:
        """Replace a whole global table."""
        if table not in GLOBAL_TABLES:
            raise ValueError(f"{table!r} is not a global table")
        return self.lake.replace_table(table, rows)

    def global_sources(self, columns: list[str] | None = None) -> pa.Table | None:
        """What the global tables were last built from (GLOBAL_SOURCES_SCHEMA, or only these
        `columns`: page_versions of official_mentions, and the people each page names), or None
        if they were never built."""
        sources = self.lake.read_records(GLOBAL_SOURCES)
        return sources.select(columns or GLOBAL_SOURCES_SCHEMA.names) if sources.num_rows else None

    def save_global_sources(self, sources: pa.Table, changed: Collection[str] | None = None) -> None:
        """Record what the global tables were built from (GLOBAL_SOURCES_SCHEMA): whole, or the
        sources of the pages `changed` since they were read."""
        self.lake.replace_records(GLOBAL_SOURCES, changed, sources)

    # -- a run's bookkeeping -------------------------------------------------------------------
    def processed(self) -> ProcessedIndex:
        """The processed index (gazette.storage.processed): what each page a run completed was
        built from, a cache that lets a run skip unchanged pages without reading them."""
        return ProcessedIndex(self.lake.read_records(PROCESSED))

    def save_processed(self, processed: ProcessedIndex) -> None:
        """Save the records of the pages recorded or forgotten since the index was read or saved."""
        stems, rows = processed.take_changes()
        if stems:
            self.lake.replace_records(PROCESSED, stems, rows)

    def check(self) -> tuple[set[str], list[str]]:
        """Find data files that are missing or unreadable, and drop them from the catalog.

        Returns the stems of the pages to build again (those the files held) and one line per
        problem. A damaged global table is left to be resolved again from every page.
        """
        rebuild: set[str] = set()
        lines: list[str] = []
        for table, path, problem in list(self.lake.damaged()):
            rebuild |= self.lake.discard(table, path)
            if table in GLOBAL_TABLES:
                self.save_global_sources(GLOBAL_SOURCES_SCHEMA.empty_table())  # unknown: every page resolved again
            lines.append(f"{path}: {problem}; removed, its rows are built again")
        return rebuild, lines

    def old_layout(self) -> str | None:
        """The folder of the tables in the layout before DuckLake (`parquet/`), when the root
        still holds one: its pages are built again from the inbox, as for a new warehouse."""
        old = f"{self.base}/{OLD_TABLES_FOLDER}"
        return old if self.fs.get_file_info(old).type == pafs.FileType.Directory else None

    # -- compact and gazette.duckdb -------------------------------------------------------------
    def compact(self) -> int:
        """Merge small data files (`Lake.compact`); the caller holds the lock. Returns the
        data files before minus after."""
        return self.lake.compact()

    def snapshot(self) -> int:
        """The lake's current snapshot, which every commit (this process's or another's) replaces."""
        return self.lake.current_snapshot()

    def expire_snapshots(self) -> None:
        """Forget the snapshots older than GAZETTE_SNAPSHOT_DAYS and delete the files only they read."""
        self.lake.expire(dt.timedelta(days=float(setting("GAZETTE_SNAPSHOT_DAYS"))))

    def refresh_duckdb(self, models: Iterable = ()) -> Path:
        """Make gazette.duckdb show the tables as stored now, and the SQL models (in dependency order)."""
        return self.lake.publish(models)
