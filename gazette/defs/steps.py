"""The page steps as partitioned assets, one page file (version) per partition.

Each asset reads its upstream rows for this page from the warehouse Parquet,
runs one step function (docs/step-api.md), replaces this page's rows in the
tables it owns (stored under the file's name, so a new version of a file
replaces the old) and reports gazette.quality checks on what it wrote;
`officials` then resolves people across every page.
"""

import dataclasses
import datetime as dt
import functools
import warnings
from collections import OrderedDict
from collections.abc import Callable
from pathlib import Path
from typing import cast

import dagster as dg
import pyarrow as pa

from gazette import extract
from gazette.clean import CleanedPage, clean_page
from gazette.defs.metadata import check_results, check_specs, column_schema, table_metadata, table_total
from gazette.defs.partitions import page_partitions
from gazette.defs.resources import GazetteResource
from gazette.enrich import ENRICHMENT_TABLES, enrich_articles
from gazette.errors import one_line
from gazette.extract import ExtractedPage, source_path_of
from gazette.models import load_models
from gazette.officials_step import refresh_officials
from gazette.papers import profile
from gazette.papers.sharing import shared_paper
from gazette.pipeline import (
    manifest_with_paper,
    no_paper_warning,
    note_missing_date,
    page_text_row,
    read_and_clean,
    rules_version,
    shared_paper_warning,
)
from gazette.quality import page_checks
from gazette.rows import ArticleRow, PageRow, PageTextRow, TableRows
from gazette.split import split_extracted
from gazette.tables import GLOBAL_TABLES, to_arrow
from gazette.warehouse import Warehouse, page_stem

# The asset that writes each warehouse table (a SQL model reading a table depends on it).
WRITTEN_BY = {
    "pages": "pages",
    "page_texts": "page_texts",
    "articles": "articles",
    "page_blocks": "articles",
    **{table: "enrichment" for table in ENRICHMENT_TABLES},
    **{table: "officials" for table in GLOBAL_TABLES},
}


# Officials and models follow whenever pages land (eager), even while some page is rejected
# (eager alone waits until every partition upstream exists, and a bad page never will).
# Assets that rewrite whole-warehouse files run one at a time (config/dagster.yaml limits every pool to 1);
# the warehouse lock file guards them against `gazette run` too.
WAREHOUSE_POOL = "warehouse"

AFTER_PAGES = dg.AutomationCondition.eager().without(~dg.AutomationCondition.any_deps_missing())


def _page_results(
    context: dg.AssetExecutionContext,
    warehouse: Warehouse,
    step: Callable[[str], TableRows | None],
) -> dg.MaterializeResult:
    """Run `step` for each page (partition key) of this run and store each page's rows as it goes.

    A run covers one page or a batch of them (the sensor asks for one run per tick,
    BackfillPolicy.single_run for backfills). A page whose step fails is logged in one
    line naming its file and left out, the others are stored: the step fails only
    when no page of the run could be done. `step` returns None for a page to skip.
    Metadata: rows written by this run, the whole table's rows, a preview, the checks.
    """
    written: dict[str, list[pa.Table]] = {}
    texts: list[pa.Table] = []
    failed: list[str] = []
    keys = context.partition_keys
    for key in keys:
        try:
            rows = step(key)
        except Exception as exc:
            if len(keys) == 1:
                raise
            failed.append(f"{key}: {one_line(exc)}")
            context.log.error(failed[-1])
            continue
        if rows is None:
            continue
        page_texts = rows.pop(PAGE_TEXTS_FOR_CHECKS, None)
        for table, data in warehouse.write_page(source_path_of(key), rows).items():
            written.setdefault(table, []).append(data)
        if page_texts is not None:
            texts.append(to_arrow("page_texts", page_texts))
    if failed and len(failed) == len(keys):
        raise RuntimeError(f"every page of the run failed; the first: {failed[0]}")
    tables = {table: pa.concat_tables(parts) for table, parts in written.items()}
    name = context.asset_key.path[-1]
    metadata = (
        table_metadata(tables, totals={table: table_total(warehouse, table) for table in tables}) if tables else {}
    )
    if len(keys) > 1:
        metadata.update({"pages": len(keys), "pages failed": dg.MetadataValue.json(failed)})
    return dg.MaterializeResult(
        metadata=metadata,
        check_results=check_results(name, page_checks(tables, pa.concat_tables(texts) if texts else None))
        if tables
        else [],
    )


# A step's rows may carry this page's page_texts row under this key: the checks test offsets against it.
PAGE_TEXTS_FOR_CHECKS = "_page_texts_for_checks"


# BackfillPolicy is beta in Dagster 1.13: said once here, not in every process's log.
warnings.filterwarnings("ignore", message="Parameter `backfill_policy`", category=dg.BetaWarning)


def _page_asset(name: str, tables: list[str], **kwargs):
    """@asset for one page step: partitioned by page, Parquet out, the main table's columns shown.

    Its code version is the step code's and rule files' fingerprint, so after a
    lexicon or taxonomy change the UI shows every page as changed (backfill to apply).
    A run may hold many pages (BackfillPolicy.single_run): one process for all of them.
    """
    return dg.asset(
        name=name,
        partitions_def=page_partitions,
        backfill_policy=dg.BackfillPolicy.single_run(),
        kinds={"python", "polars", "parquet"},
        tags={"gazette/partitioned_by": "page"},
        code_version=rules_version(),
        check_specs=check_specs(name, tables),
        metadata={"dagster/column_schema": column_schema(tables[0])},
        **kwargs,
    )


# Pages a run keeps decoded and cleaned, so that pages, page_texts and articles clean each page
# once (a third of a page's time); the sensor's runs hold at most this many pages.
RUN_PAGES = 50


# By (inbox, partition key): the same page file in two inboxes is two pages.
_read_in_this_run: OrderedDict[tuple[str, str], tuple[tuple, ExtractedPage, CleanedPage]] = OrderedDict()


def _refresh_views(context: dg.AssetExecutionContext, warehouse: Warehouse) -> None:
    """Make gazette.duckdb show the pages as stored now (live ones in the tables' views)."""
    with warehouse.lock(lambda: context.log.info("waiting for another run writing the warehouse")):
        warehouse.refresh_duckdb(load_models())


def _stats(paths: list[Path]) -> tuple | None:
    """(path, size, mtime) of each file, None if one is gone: whether a page read earlier is still this one."""
    try:
        return tuple((str(path), path.stat().st_size, path.stat().st_mtime_ns) for path in paths)
    except OSError:
        return None


def _read_this_version(gazette: GazetteResource, key: str) -> tuple[ExtractedPage, CleanedPage]:
    """The page (file, or e-paper files) of this partition, decoded and cleaned; an error if it changed since.

    Kept for the next steps of the run, by partition key, while its files' paths, sizes
    and mtimes stay those it was read with: then they are only statted, not listed and hashed again.
    """
    cached = _read_in_this_run.get((gazette.inbox_dir, key))
    if cached is None or _stats([Path(path) for path, _, _ in cached[0]]) != cached[0]:
        source = gazette.page_source(key)
        if source is None:
            raise FileNotFoundError(f"{gazette.page_file(key)}: page file not found in the inbox")
        page, cleaned = read_and_clean(source, root=gazette.inbox)
        if page.row["partition_key"] != key:
            raise ValueError(f"{source.path}: changed since partition {key} was added; the sensor adds the new version")
        seen = tuple((str(f.path.resolve()), f.size, f.mtime_ns) for f in source.files)
        _read_in_this_run[(gazette.inbox_dir, key)] = cached = (seen, page, cleaned)
        while len(_read_in_this_run) > RUN_PAGES:
            _read_in_this_run.popitem(last=False)
    _, page, cleaned = cached
    return dataclasses.replace(page, row=page.row.copy()), cleaned


def _cleaned(gazette: GazetteResource, key: str, raw_text: str) -> CleanedPage:
    """The stored raw text of this partition cleaned: this run's own cleaning of it, or cleaned again."""
    cached = _read_in_this_run.get((gazette.inbox_dir, key))
    return cached[2] if cached is not None and cached[1].text == raw_text else clean_page(raw_text)


def _stored_version(warehouse: Warehouse, key: str, context: dg.AssetExecutionContext) -> PageRow | None:
    """This partition's stored `pages` row, or None (logged) when `pages` did not store this version."""
    [page] = cast(list[PageRow], warehouse.read_page("pages", source_path_of(key)))
    if page["partition_key"] != key:
        context.log.warning(f"{key}: pages holds another version of this file ({page['partition_key']}); skipped")
        return None
    return page


@_page_asset("pages", ["pages"], group_name="ingest")
def pages(context: dg.AssetExecutionContext, gazette: GazetteResource) -> dg.MaterializeResult:
    """One row per page file: content hash, format, issue date and number, layout (gazette.extract).

    A partition whose file has left the inbox keeps its rows and gets `deleted_at`.
    """
    warehouse, inbox_root = gazette.warehouse(), str(gazette.inbox.resolve())

    def step(key: str) -> TableRows:
        name = source_path_of(key)
        try:
            page, _ = _read_this_version(gazette, key)
        except FileNotFoundError:  # the page's file left the inbox
            try:
                warehouse.mark_deleted(page_stem(name))
            except FileNotFoundError:  # never stored either
                raise FileNotFoundError(f"{gazette.inbox / name}: page file not found in the inbox") from None
            context.log.warning(f"{gazette.inbox / name}: file left the inbox; page marked deleted (rows kept)")
            marked.append(name)
            return {"pages": warehouse.read_page("pages", name)}
        for warning in page.warnings:
            context.log.warning(warning)
        known = len(page.row["warnings"])
        if page.row["paper"] is None:
            page = _with_folder_paper(gazette, key, page, folder_papers())
        note_missing_date(page.row, name)
        for warning in page.row["warnings"][known:]:
            context.log.warning(warning)
        page.row["inbox"] = inbox_root
        return {"pages": [page.row]}

    @functools.cache
    def folder_papers() -> list[tuple[dt.date | None, str | None]]:
        return _folder_papers(gazette, warehouse, context.partition_keys)

    marked: list[str] = []
    result = _page_results(context, warehouse, step)
    if marked:  # a deleted file's run is `pages` alone: its page leaves the views as that run ends
        _refresh_views(context, warehouse)
    return result


def _folder_papers(
    gazette: GazetteResource, warehouse: Warehouse, keys: list[str]
) -> list[tuple[dt.date | None, str | None]]:
    """(issue date, paper) of the inbox's pages, as `gazette run` sees them (papers.sharing): the
    pages of this run, read now, and the live pages stored before from the same inbox."""
    papers = []
    for key in keys:
        try:
            page, _ = _read_this_version(gazette, key)
        except Exception:  # a page that cannot be read names no paper; its own step reports why
            continue
        papers.append((page.row["issue_date"], page.row["paper"]))
    names = {source_path_of(key) for key in keys}
    stored = warehouse.read_table("pages").select(["source_path", "inbox", "deleted_at", "issue_date", "paper"])
    inbox_root = str(gazette.inbox.resolve())
    papers += [
        (row["issue_date"], row["paper"])
        for row in stored.to_pylist()
        if row["inbox"] == inbox_root and row["deleted_at"] is None and row["source_path"] not in names
    ]
    return papers


def _with_folder_paper(
    gazette: GazetteResource, key: str, page: ExtractedPage, papers: list[tuple[dt.date | None, str | None]]
) -> ExtractedPage:
    """A page that names no paper built again with the one its folder's other pages name, as
    `gazette run` does; either way with the warning saying what manifest.csv may state."""
    name = source_path_of(key)
    paper = shared_paper(page.row["issue_date"], papers)
    source = gazette.page_source(key) if paper is not None else None
    if paper is None or source is None:
        page.row["warnings"].append(no_paper_warning(name))
        return page
    manifest = manifest_with_paper(extract.read_manifest(gazette.inbox).entries, paper)
    rebuilt, cleaned = read_and_clean(source, manifest=manifest, root=gazette.inbox)
    seen = tuple((str(f.path.resolve()), f.size, f.mtime_ns) for f in source.files)
    _read_in_this_run[(gazette.inbox_dir, key)] = (seen, rebuilt, cleaned)  # what the next steps of the run read
    rebuilt = dataclasses.replace(rebuilt, row={**rebuilt.row, "warnings": list(rebuilt.row["warnings"])})
    rebuilt.row["warnings"].append(shared_paper_warning(name, paper))
    return rebuilt


@_page_asset("page_texts", ["page_texts"], group_name="ingest", deps=[pages])
def page_texts(context: dg.AssetExecutionContext, gazette: GazetteResource) -> dg.MaterializeResult:
    """The decoded and the cleaned page text, and the map between their offsets (gazette.clean)."""

    def step(key: str) -> TableRows:
        page, cleaned = _read_this_version(gazette, key)
        return {"page_texts": [page_text_row(page, cleaned)]}

    return _page_results(context, gazette.warehouse(), step)


@_page_asset("articles", ["articles", "page_blocks"], group_name="articles", deps=[pages, page_texts])
def articles(context: dg.AssetExecutionContext, gazette: GazetteResource) -> dg.MaterializeResult:
    """One row per article of the page, and every block the page was cut into (gazette.split)."""
    warehouse = gazette.warehouse()

    def step(key: str) -> TableRows | None:
        page = _stored_version(warehouse, key, context)
        if page is None:
            return None
        [text] = cast(list[PageTextRow], warehouse.read_page("page_texts", source_path_of(key)))
        # Splitting needs the cleaned lines, not only the text: the run's own cleaning, or cleaning again.
        # E-paper pages carry their articles in `regions` (the markup gives them); PDF pages their lines' boxes.
        split = split_extracted(page, _cleaned(gazette, key, text["raw_text"]), text["regions"])
        return {"articles": split.articles, "page_blocks": split.blocks, PAGE_TEXTS_FOR_CHECKS: [text]}

    return _page_results(context, warehouse, step)


@_page_asset("enrichment", list(ENRICHMENT_TABLES), group_name="enrich", deps=[articles])
def enrichment(context: dg.AssetExecutionContext, gazette: GazetteResource) -> dg.MaterializeResult:
    """Officials named, economic figures, topics, keywords, places and appointments of each article."""
    warehouse = gazette.warehouse()

    def step(key: str) -> TableRows | None:
        if (page := _stored_version(warehouse, key, context)) is None:
            return None
        articles = cast(list[ArticleRow], warehouse.read_page("articles", source_path_of(key)))
        enriched = enrich_articles(articles, profile(page["paper"]))
        return {table: enriched[table] for table in ENRICHMENT_TABLES}

    result = _page_results(context, warehouse, step)
    _refresh_views(context, warehouse)  # the last step of page_job: its pages can be queried once it ends
    return result


@dg.asset(
    deps=[enrichment],
    group_name="enrich",
    kinds={"python", "polars", "parquet"},
    metadata={"dagster/column_schema": column_schema("officials")},
    check_specs=check_specs("officials", list(GLOBAL_TABLES)),
    automation_condition=AFTER_PAGES,
    pool=WAREHOUSE_POOL,
)
def officials(context: dg.AssetExecutionContext, gazette: GazetteResource) -> dg.MaterializeResult:
    """One row per distinct person across all pages, and the titles each held (resolve_officials)."""
    warehouse = gazette.warehouse()
    with warehouse.lock(lambda: context.log.info("waiting for another run writing the warehouse")):
        written = refresh_officials(warehouse)
    return dg.MaterializeResult(
        metadata=table_metadata(written), check_results=check_results("officials", page_checks(written))
    )


page_assets = [pages, page_texts, articles, enrichment]
