"""One page through every step: extract -> clean -> split -> enrich.

The Dagster assets run these steps one asset at a time; the CLI runs them all
at once through `process_page`. Both call the same functions.
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import time
from collections.abc import Iterator
from pathlib import Path

import pyarrow as pa
import pyarrow.compute as pc

import pipelines
from pipelines import clean, enrich, extract, inbox, papers, split
from pipelines.errors import one_line
from pipelines.extract.epaper import read_epaper
from pipelines.offsets import offset_runs
from pipelines.rows import ArticleRow, PageTextRow, TableRows
from pipelines.storage.store import VERSION_SCHEMA
from pipelines.tables import GLOBAL_TABLES, to_arrow
from pipelines.warehouse import GLOBAL_SOURCES_SCHEMA, Warehouse

STEP_PACKAGES = ("extract", "clean", "split", "enrich", "papers")
# Code and rules outside the step packages whose change also makes every stored page out of date: the
# table schemas, page keys, and the character tables, text helpers and rules loader the steps share.
SHARED_STEP_MODULES = ("tables", "text.py", "hanzi.py", "common_chars.yaml", "page_source.py", "rules.py")


def _code_files(path: Path) -> list[Path]:
    """The module (or rule file) at `path`, or every code and rule file of the package there."""
    if not path.is_dir():
        return [path]
    return [file for file in sorted(path.rglob("*")) if file.suffix in {".py", ".yaml", ".toml"}]


@functools.cache
def rules_version() -> str:
    """Fingerprint of the step code, its rule files (lexicons, taxonomy, layout costs) and the table schemas.

    A page processed under another fingerprint is out of date: `gazette run` redoes
    it, and the Dagster page assets carry it as their code version.
    """
    digest = hashlib.sha256()
    root = Path(pipelines.__file__).parent
    for name in (*SHARED_STEP_MODULES, *STEP_PACKAGES):
        for path in _code_files(root / name):
            digest.update(path.relative_to(root).as_posix().encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()[:12]


def page_text_row(page: extract.ExtractedPage, cleaned: clean.CleanedPage) -> PageTextRow:
    return {
        "page_id": page.row["page_id"],
        "raw_text": page.text,
        "clean_text": cleaned.text,
        "raw_offset_runs": offset_runs(cleaned.raw_offsets),
        "regions": page.regions,
    }


@contextlib.contextmanager
def _timed(timings: dict[str, float] | None, step: str) -> Iterator[None]:
    started = time.perf_counter()
    yield
    if timings is not None:
        timings[step] = timings.get(step, 0.0) + time.perf_counter() - started


def _warn(page: extract.ExtractedPage, step: str, where: str, exc: Exception) -> None:
    """Record on the page (pages.warnings, one line naming the file) what a step could not do."""
    page.row["warnings"].append(f"{page.row['source_path']}: {step}: {where}: {type(exc).__name__}: {one_line(exc)}")


def read_page_source(
    source: Path | inbox.PageSource, *, manifest: extract.ManifestEntries | None = None, root: Path | None = None
) -> extract.ExtractedPage:
    """A page file of the inbox `root`, or the saved e-paper files of one printed page, read into one page.

    A page source is named by its path in the inbox already; its inbox root is where that name starts.
    """
    if not isinstance(source, inbox.PageSource):
        return extract.read_page(Path(source), manifest=manifest, root=root)
    root = Path(root) if root is not None else source.root
    if len(source.files) > 1 or source.files[0].name != source.name:
        if manifest is None:
            manifest = extract.read_manifest(root).entries
        return read_epaper(source.name, source.members, manifest=manifest)
    return extract.read_page(source.files[0].path, manifest=manifest, root=root)


def read_and_clean(
    source: Path | inbox.PageSource,
    *,
    manifest: extract.ManifestEntries | None = None,
    root: Path | None = None,
    timings: dict[str, float] | None = None,
) -> tuple[extract.ExtractedPage, clean.CleanedPage]:
    """The page (a file of the inbox `root`, or an e-paper page of several files) decoded and cleaned;
    cleaning names the layout recorded in `pages`, unless the reader named it (the e-paper system,
    or PDF columns).

    Only a file that is no page (undecodable, not Chinese text) raises (extract.PageError).
    If cleaning fails, the page keeps its decoded text with no lines (so no articles) and a warning.
    """
    with _timed(timings, "extract"):
        page = read_page_source(source, manifest=manifest, root=root)
    with _timed(timings, "clean"):
        try:
            cleaned = clean.clean_page(page.text)
        except Exception as exc:  # a decodable page is never lost for its content
            _warn(page, "clean", "page stored without articles", exc)
            cleaned = clean.CleanedPage(page.text, list(range(len(page.text))))
    page.row["layout"] = page.row.get("layout") or cleaned.layout
    page.row["rules_version"] = rules_version()
    return page, cleaned


def process_page(
    source: Path | inbox.PageSource,
    *,
    manifest: extract.ManifestEntries | None = None,
    root: Path | None = None,
    timings: dict[str, float] | None = None,
) -> TableRows:
    """Rows for every per-page table (pipelines.tables.PAGE_TABLES) from one page file of the inbox `root`
    (by default the file's folder; see extract.read_page), or one e-paper page of several files.

    `timings`, if given, gains the seconds spent in each step.
    """
    page, cleaned = read_and_clean(source, manifest=manifest, root=root, timings=timings)
    with _timed(timings, "split"):
        try:
            # A page whose reader says where its text came from (e-paper, PDF); else a text page, cut from its text.
            pieces = (
                split.split_extracted(page.row, cleaned, page.regions)
                if page.regions
                else split.split_page(page.row, cleaned)
            )
        except Exception as exc:  # the page and its text are still stored
            _warn(page, "split", "page stored without articles", exc)
            pieces = split.SplitPage([], [])
    with _timed(timings, "enrich"):
        enriched = enrich_contained(page, pieces.articles, papers.profile(page.row["paper"]))
    return {
        "pages": [page.row],
        "page_texts": [page_text_row(page, cleaned)],
        "articles": pieces.articles,
        "page_blocks": pieces.blocks,
        **enriched,
    }


def enrich_contained(
    page: extract.ExtractedPage, articles: list[ArticleRow], paper: papers.PaperProfile | None = None
) -> TableRows:
    """enrich_articles, with an article that makes it fail left unenriched (and named in a
    warning on the page) while the page's other articles are enriched together as usual."""
    try:
        return enrich.enrich_articles(articles, paper)
    except Exception:  # find the articles it fails on, below
        pass
    alone: dict[int, TableRows] = {}
    for article in articles:
        try:
            alone[id(article)] = enrich.enrich_articles([article], paper)
        except Exception as exc:
            _warn(page, "enrich", f"article {article.get('ordinal')} stored without enrichment", exc)
    kept = [article for article in articles if id(article) in alone]
    try:
        return enrich.enrich_articles(kept, paper)
    except Exception as exc:  # they fail only together: keep each one's rows from its own pass
        _warn(page, "enrich", "articles enriched one by one, without the rest of the page", exc)
        return {table: [row for a in kept for row in alone[id(a)][table]] for table in enrich.ENRICHMENT_TABLES}


# Mentions resolved at a time (whole pages): about 150 MB of Python rows.
MENTION_BATCH_ROWS = 100_000
# The official_mentions columns enrich.resolve_officials reads: only these become Python rows
# (half the time of every column, at 100,000 mentions a batch).
RESOLVED_FROM = (
    "official_id",
    "name",
    "jurisdiction",
    "issue_date",
    "article_id",
    "status",
    "congress_member",
    "titles",
    "title",
)


def refresh_officials(warehouse: Warehouse) -> dict[str, pa.Table]:
    """Bring officials and official_titles up to date with every stored page's mentions (kept pages too).

    Resolving is grouping mentions by official_id, so only the people a changed page names
    are resolved again, and a run costs the same at 10 or 100,000 pages:
    - a page added since the tables were built is folded in;
    - a page replaced or removed since has the people it named (the global sources keep each
      page's official_ids) resolved again from every page that names them.
    Unknown sources (never built, a write that did not complete) resolve every page.
    """
    mentions = warehouse.page_versions("official_mentions")
    # Without the people: a run that changes no page, or only adds pages, reads no more.
    versions = warehouse.global_sources(VERSION_SCHEMA.names)
    since, gone = None, []
    if versions is not None:
        replaced_or_removed = versions.join(mentions, keys=VERSION_SCHEMA.names, join_type="left anti")
        if replaced_or_removed.num_rows == 0 and versions.num_rows == mentions.num_rows:
            return {table: warehouse.read_table(table) for table in GLOBAL_TABLES}
        gone = replaced_or_removed["stem"].to_pylist()
        since = _changed_since(warehouse.global_sources(), gone) if gone else (versions, pa.array([], pa.string()))
    if since is None:
        kept, people = GLOBAL_SOURCES_SCHEMA.empty_table(), pa.array([], pa.string())
        resolved = {table: to_arrow(table, []) for table in GLOBAL_TABLES}
    else:
        kept, people = since
        resolved = {
            table: data.filter(pc.invert(pc.is_in(data["official_id"], value_set=people)))
            for table, data in ((table, warehouse.read_table(table)) for table in GLOBAL_TABLES)
        }
    # A batch of whole pages at a time: folding pages in equals resolving them at once
    # (tests/test_enrich_officials.py), and memory stays that of one batch at 100,000 pages.
    if len(people):
        naming = pc.is_in(pc.list_flatten(kept["official_ids"]), value_set=people)
        again = kept["stem"].take(pc.unique(pc.list_parent_indices(kept["official_ids"]).filter(naming))).to_pylist()
        for batch in warehouse.read_batches("official_mentions", again, MENTION_BATCH_ROWS) if again else ():
            resolved = _fold_in(batch.filter(pc.is_in(batch["official_id"], value_set=people)), resolved)
    added = mentions.filter(pc.invert(pc.is_in(mentions["stem"], value_set=kept["stem"])))
    # The sources are saved as the change of the pages gone and added, or whole (stem_table).
    changed = None if since is None else {*gone, *added["stem"].to_pylist()}
    if changed is not None and not warehouse.global_sources_take_change(len(changed)):
        changed = None
        if "official_ids" not in kept.column_names:  # pages only added: the others' people, read now
            kept = _with_people(warehouse.global_sources(), kept)
    people_of: dict[str, list[str]] = {}
    stems = None if since is None else added["stem"].to_pylist()  # None: every page
    for batch in warehouse.read_batches("official_mentions", stems, MENTION_BATCH_ROWS, True) if stems != [] else ():
        resolved = _fold_in(batch.drop_columns(["stem"]), resolved)
        named = batch.group_by("stem").aggregate([("official_id", "distinct")])
        people_of |= zip(named["stem"].to_pylist(), named["official_id_distinct"].to_pylist(), strict=True)
    written = {table: warehouse.write_global(table, resolved[table]) for table in GLOBAL_TABLES}
    added = added.append_column(
        GLOBAL_SOURCES_SCHEMA.field("official_ids"),
        pa.array(
            [people_of.get(stem, []) for stem in added["stem"].to_pylist()],
            GLOBAL_SOURCES_SCHEMA.field("official_ids").type,
        ),
    )
    warehouse.save_global_sources(added if changed is not None else pa.concat_tables([kept, added]), changed)
    return written


def _with_people(sources: pa.Table | None, kept: pa.Table) -> pa.Table:
    """The sources of the pages `kept` (VERSION_SCHEMA) with the people each names, as `sources`
    says (GLOBAL_SOURCES_SCHEMA, whose pages they are), or unknown (null) when unreadable."""
    if sources is not None and sources.num_rows == kept.num_rows:
        return sources
    people = GLOBAL_SOURCES_SCHEMA.field("official_ids")
    return kept.append_column(people, pa.nulls(kept.num_rows, people.type))


def _changed_since(built_from: pa.Table | None, gone: list[str]) -> tuple[pa.Table, pa.Array] | None:
    """The sources of the pages still as the global tables were built from them, and the people
    that the pages `gone` since (replaced or removed: their stems) named, as strings; None if the
    sources are unreadable, or if a page is gone and they do not say whom every page names (sources
    kept before 2026-11-30)."""
    if built_from is None or (len(gone) and built_from["official_ids"].null_count):
        return None  # who else names the people of the changed pages is not known
    changed = pc.is_in(built_from["stem"], value_set=pa.array(gone, pa.string()))
    people = pc.unique(pc.list_flatten(built_from.filter(changed)["official_ids"]))
    return built_from.filter(pc.invert(changed)), people.cast(pa.string())


def _fold_in(added: pa.Table, stored: dict[str, pa.Table]) -> dict[str, pa.Table]:
    """The global tables with these mentions (whole pages) folded in: only the people they name
    are resolved again; everyone else's rows are kept as they are."""
    named = {
        table: pc.is_in(data["official_id"], value_set=pc.unique(added["official_id"]))
        for table, data in stored.items()
    }
    resolved = enrich.resolve_officials(
        added.select(RESOLVED_FROM).combine_chunks().to_pylist(),  # rows of whole pages, read in slices
        {table: data.filter(named[table]).to_pylist() for table, data in stored.items()},
    )
    return {
        table: pa.concat_tables([data.filter(pc.invert(named[table])), to_arrow(table, resolved[table])])
        for table, data in stored.items()
    }
