"""The warehouse: Parquet files are the record, gazette.duckdb only holds views.

Layout under the root (default `warehouse/`, or $GAZETTE_WAREHOUSE):

    parquet/<table>/...                   each table's files (gazette.storage.store: pages land
                                          one file each, compaction folds them into month files)
    .compacted/<table>.parquet            the compacted files' footers, cached
    .processed.parquet                    which file content each page was built from (a cache)
    .global_sources.parquet               which official_mentions versions the global tables fold in
    .processed.changes/, .global_sources.changes/
                                          the pages those two changed since written whole
                                          (gazette.storage.stem_table)
    gazette.duckdb                        views over a snapshot of those files + the SQL models
    .snapshots/<gen>/                     hard links to the files a gazette.duckdb reads
    .gazette.duckdb.definitions           a fingerprint of what gazette.duckdb shows
    .lock                                 held by the run that is writing

This class puts together the Parquet store (gazette.storage.store), the write lock
(gazette.storage.lock), the DuckDB catalogue (gazette.storage.catalogue) and the
run's bookkeeping; every file is written atomically (gazette.storage.files).

The root is a folder or a URI that pyarrow's file systems understand
(`file:///data/gazette`, `s3://bucket/gazette`, `gs://…`): the Parquet files and
the cache go there. gazette.duckdb and the lock file need a local disk: they sit
in the root when it is local, else in `local_dir` ($GAZETTE_LOCAL_DIR, default
`gazette-local/`), and the views read the Parquet from the object store.
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

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.fs as pafs
import pyarrow.parquet as pq

from gazette.rows import AnyRow, TableRows
from gazette.settings import setting
from gazette.storage import store
from gazette.storage.catalogue import Catalogue, create_empty_table
from gazette.storage.files import delete_if_there
from gazette.storage.lock import write_lock
from gazette.storage.processed import ProcessedIndex
from gazette.storage.stem_table import StemTable
from gazette.storage.store import GLOBAL_PARTITION, VERSION_SCHEMA, ParquetStore, month_of
from gazette.tables import GLOBAL_TABLES, PAGE_TABLES, SCHEMAS

GLOBAL_SOURCES_FILE = ".global_sources.parquet"
# What the global tables were built from: a row per page, its official_mentions version and the
# people (official_id) it names, so that a page replaced or removed has only those resolved again.
# The people are read as a dictionary of the names in the lists, and typed as Parquet reads them
# back, so that a read needs no cast (a list of strings took 0.1-0.3 s to read at 100,000 pages).
PEOPLE = pa.list_(pa.field("element", pa.dictionary(pa.int32(), pa.string())))
GLOBAL_SOURCES_SCHEMA = VERSION_SCHEMA.append(pa.field("official_ids", PEOPLE))

__all__ = ["Warehouse", "create_empty_table", "page_stem"]


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
        self.store = ParquetStore(self.fs, self.base)
        self.catalogue = Catalogue(self.root, None if self.is_local else self.uri)

    @property
    def db_path(self) -> Path:
        return self.catalogue.db_path

    def table_dir(self, table: str) -> Path:
        """A table's folder, for a warehouse on this machine."""
        if not self.is_local:
            raise ValueError(f"{self.uri}: not on this machine; its tables are under {self.store.table_path(table)}")
        return Path(self.store.table_path(table))

    def lock(self, on_wait: Callable[[], None] | None = None) -> contextlib.AbstractContextManager[None]:
        """Hold the warehouse's write lock (gazette.storage.lock)."""
        return write_lock(self.root, on_wait)

    # -- page tables -----------------------------------------------------------------------------
    def write_page(self, source_path: str, rows: TableRows) -> dict[str, pa.Table]:
        """Replace one page's rows in every table of `rows`, its `pages` row last.

        A run killed while writing leaves the page as it was, or (killed between the
        renames) with its old `pages` row; either way `gazette run` redoes it next time,
        since its record of completed pages (`processed`) is only updated afterwards.
        """
        if unknown := set(rows) - set(PAGE_TABLES):
            raise ValueError(f"{sorted(unknown)} are not page tables")
        order = sorted(rows, key=lambda table: table == "pages")
        return self.store.write({table: rows[table] for table in order}, page_stem(source_path))

    def write_page_table(self, table: str, source_path: str, rows: list[AnyRow]) -> pa.Table:
        """Replace one page's rows of a page table (an empty list still writes a typed file).

        Returns the rows as written, an Arrow table with the table's schema.
        """
        if table not in PAGE_TABLES:
            raise ValueError(f"{table!r} is not a page table")
        return self.store.write({table: rows}, page_stem(source_path))[table]

    def stored_pages(self) -> set[str]:
        """File stems (page_stem) of the pages stored."""
        return self.store.stems("pages")

    def stored_among(self, stems: Iterable[str]) -> set[str]:
        """Those of these page stems that are stored (compared in Arrow: no set of every stored page)."""
        stems = set(stems)
        return (stems & set(self.store.landing("pages"))) | self.store.compacted("pages").holding(stems)

    def stored_page_array(self) -> pa.ChunkedArray:
        """stored_pages() as an Arrow array (store.stem_array)."""
        return self.store.stem_array("pages")

    def page_versions(self, table: str) -> pa.Table:
        """Which version of each page's rows a page table holds, kept through compaction:
        store.VERSION_SCHEMA (stem, size, mtime_ns), sorted by stem."""
        return self.store.versions(table)

    def read_table(self, table: str, stems: Iterable[str] | None = None) -> pa.Table:
        """A whole table, or only these pages' rows; an empty one with the table's schema when
        nothing is stored."""
        return self.store.read(table, stems)

    def read_batches(
        self, table: str, stems: Iterable[str] | None, rows: int, with_stem: bool = False
    ) -> Iterator[pa.Table]:
        """read_table in batches of whole pages of about `rows` rows, to bound memory; `with_stem`
        adds a column `stem` naming each row's page."""
        return self.store.batches(table, stems, rows, with_stem)

    def read_stem(self, table: str, stem: str) -> list[AnyRow]:
        """The rows one page (by its stem, see stored_pages) has in a table."""
        return self.store.read(table, [stem]).to_pylist()

    def read_page(self, table: str, source_path: str) -> list[AnyRow]:
        """One page's rows of a page table; FileNotFoundError says when it has none stored."""
        stem = page_stem(source_path)
        if stem not in self.store.stems(table):
            raise FileNotFoundError(
                f"{self.store.landing_file(table, stem)}: no {table} rows for page {source_path!r}; "
                f"materialise {table} first"
            )
        return self.read_stem(table, stem)

    def mark_deleted(self, stem: str, when: dt.datetime | None = None) -> bool:
        """Mark a stored page as gone from the inbox, keeping its rows; False if it already was."""
        rows = self.read_stem("pages", stem)
        if not rows:
            raise FileNotFoundError(f"{self.store.landing_file('pages', stem)}: page not stored")
        if all(row["deleted_at"] for row in rows):
            return False
        when = when or dt.datetime.now(dt.UTC)
        self.store.write({"pages": [{**row, "deleted_at": row["deleted_at"] or when} for row in rows]}, stem)
        return True

    def delete_stored(self, *stems: str) -> None:
        """Remove these pages from every page table, `pages` first."""
        self.store.remove(stems)

    # -- global tables -------------------------------------------------------------------------
    def write_global(self, table: str, rows: list[AnyRow] | pa.Table) -> pa.Table:
        """Replace a whole global table; what the global tables were built from is unknown until
        save_global_sources records it."""
        if table not in GLOBAL_TABLES:
            raise ValueError(f"{table!r} is not a global table")
        self._global_sources.mark_pending()
        return self.store.write({table: rows}, GLOBAL_PARTITION)[table]

    @property
    def _global_sources(self) -> StemTable:
        return StemTable(self.fs, f"{self.base}/{GLOBAL_SOURCES_FILE}")

    def global_sources(self, columns: list[str] | None = None) -> pa.Table | None:
        """What the global tables were last built from (GLOBAL_SOURCES_SCHEMA, or only these
        `columns`: page_versions of official_mentions, and the people each page names; null where
        kept by a version before 2026-11-30), or None if unknown (never built, or a write of them
        did not complete)."""
        columns = columns or GLOBAL_SOURCES_SCHEMA.names
        schema = pa.schema([GLOBAL_SOURCES_SCHEMA.field(name) for name in columns])

        def read_file(path: str) -> pa.Table:
            # Read as written, then checked (read_table's schema= took 10 times as long).
            stored = pq.read_schema(path, filesystem=self.fs).names
            people = ["official_ids.list.element"] if "official_ids" in stored else None
            table = pq.read_table(
                path, columns=[name for name in columns if name in stored], read_dictionary=people, filesystem=self.fs
            )
            if "official_ids" in columns and not people:
                table = table.append_column(schema.field("official_ids"), pa.nulls(table.num_rows, PEOPLE))
            return table.select(columns).cast(schema)

        return self._global_sources.read(read_file)

    def global_sources_take_change(self, changed: int) -> bool:
        """Whether the sources of this many pages changed since the sources were read are saved
        as a change, not whole (gazette.storage.stem_table)."""
        return self._global_sources.takes_change(changed)

    def save_global_sources(self, sources: pa.Table, changed: Collection[str] | None = None) -> None:
        """Record what the global tables were built from (GLOBAL_SOURCES_SCHEMA): whole, or the
        sources of the pages `changed` since they were read whole (if global_sources_take_change)."""
        if sources["mtime_ns"].null_count:
            return  # a file system without mtimes cannot tell a rewritten file: every refresh resolves all pages
        if changed is None:
            self._global_sources.save_whole(sources)
        else:
            self._global_sources.save_change(sources, changed)
        delete_if_there(self.fs, f"{self.base}/.global_sources.json")  # as written before 2026-11-29

    # -- a run's bookkeeping -------------------------------------------------------------------
    def processed(self) -> ProcessedIndex:
        """The processed index (gazette.storage.processed): what each page a run completed was
        built from. A cache that lets a run skip unchanged pages without reading every `pages`
        file; a missing or unreadable one only makes the next run redo every page."""
        return ProcessedIndex.read(self.fs, self.base)

    def save_processed(self, processed: ProcessedIndex) -> None:
        processed.save(self.fs, self.base)

    def check(self) -> tuple[set[str], list[str]]:
        """Find stored files that are missing, unreadable or not what was written, and remove them.

        Returns the stems of the pages to build again (those files' pages, and pages that some
        page table has no rows for) and one line per problem. A damaged global table is left
        to be resolved again from every page.
        """
        rebuild: set[str] = set()
        lines: list[str] = []
        for table, path, problem, damaged_stems in self.store.damaged():
            self.store.discard(table, path)
            rebuild |= set(damaged_stems)
            if table in GLOBAL_TABLES:
                self._global_sources.mark_pending()
            lines.append(f"{path}: {problem}; removed, its rows are built again")
        # Every page table holds the same pages when their landing files name the same pages and
        # their compacted files hold the same set (compared by its hash: at 100,000 pages, the
        # sets of every table's stems cost a second).
        landed = [set(self.store.landing(table)) for table in PAGE_TABLES]
        folded = {self.store.compacted(table).stems_digest for table in PAGE_TABLES}
        if len(folded) == 1 and all(stems == landed[0] for stems in landed):
            return rebuild, lines
        held = {table: pc.unique(self.store.stem_array(table)) for table in PAGE_TABLES}
        every = pc.unique(pa.chunked_array(held.values(), pa.string()))
        for table, stems in held.items():
            if len(stems) != len(every):
                missing = set(every.to_pylist()) - set(stems.to_pylist())
                rebuild |= missing
                lines.append(f"{self.store.table_path(table)}: no rows for {len(missing)} stored pages; built again")
        return rebuild, lines

    # -- compaction and the catalogue ----------------------------------------------------------
    def _months(self) -> dict[str, str]:
        """stem -> issue month of each landed page (of any page table), which groups its rows in
        compacted files: from its landing `pages` file, else (folded there already) its footer."""
        landed = set().union(*(self.store.landing(table) for table in PAGE_TABLES))
        pages = self.store.landing("pages")
        months = self.store.compacted("pages").months(landed - set(pages))
        for stem, info in pages.items():
            dates = pq.read_table(info.path, columns=["issue_date"], filesystem=self.fs).column(0).to_pylist()
            months[stem] = month_of(dates[0] if dates else None)
        return months

    def compact(self, fold_at: int | None = None) -> int:
        """Fold landed pages into month files (gazette.storage.store); the caller holds the lock.
        A table's landing files are folded once there are `fold_at` of them ($GAZETTE_FOLD_AT,
        else store.FOLD_AT; 1 folds all). Returns the files folded."""
        return self.store.settle(self._months(), fold_at or store.fold_threshold())

    def refresh_duckdb(self, models: Iterable = ()) -> Path:
        """Make gazette.duckdb show the tables as stored now, and the SQL models (in dependency order).

        Pages that landed again after being folded are folded first, so that the snapshot
        holds each row once. Nothing is rebuilt when the files and definitions are unchanged.
        """
        self.store.settle(self._months(), fold_at=None)
        return self.catalogue.publish({table: self.store.files(table) for table in SCHEMAS}, models)
