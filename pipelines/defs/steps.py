"""The page steps as partitioned assets, one page file (version) per partition.

Each asset reads its upstream rows for this page from the warehouse Parquet,
runs one step function (docs/step-api.md), replaces this page's rows in the
tables it owns (stored under the file's name, so a new version of a file
replaces the old) and reports pipelines.quality checks on what it wrote;
`officials` then resolves people across every page.
"""

import dagster as dg
import pyarrow as pa

from pipelines.clean import clean_page
from pipelines.defs.metadata import check_results, check_specs, column_schema, table_metadata
from pipelines.defs.partitions import page_partitions
from pipelines.defs.resources import GazetteResource
from pipelines.enrich import ENRICHMENT_TABLES, enrich_articles
from pipelines.extract import file_name_of
from pipelines.pipeline import page_text_row, read_and_clean, refresh_officials, rules_version
from pipelines.quality import page_checks
from pipelines.split import split_page
from pipelines.tables import GLOBAL_TABLES, to_arrow
from pipelines.warehouse import Warehouse, partition_file

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
# Assets that rewrite whole-warehouse files run one at a time (dagster.yaml limits every pool to 1);
# the warehouse lock file guards them against `gazette run` too.
WAREHOUSE_POOL = "warehouse"

AFTER_PAGES = dg.AutomationCondition.eager().without(~dg.AutomationCondition.any_deps_missing())


def _write_page(
    context: dg.AssetExecutionContext,
    warehouse: Warehouse,
    rows: dict[str, list[dict]],
    page_texts: pa.Table | None = None,
) -> dg.MaterializeResult:
    """Store this partition's rows of each table; report counts, a preview and the quality checks.

    `page_texts` (this page's text) lets the checks test that offsets lie inside the page.
    """
    written = warehouse.write_page(file_name_of(context.partition_key), rows)
    return dg.MaterializeResult(
        metadata=table_metadata({table: written[table] for table in rows}),
        check_results=check_results(context.asset_key.path[-1], page_checks(written, page_texts)),
    )


def _page_asset(name: str, tables: list[str], **kwargs):
    """@asset for one page step: partitioned by page, Parquet out, the main table's columns shown.

    Its code version is the step code's and rule files' fingerprint, so after a
    lexicon or taxonomy change the UI shows every page as changed (backfill to apply).
    """
    return dg.asset(
        name=name,
        partitions_def=page_partitions,
        kinds={"python", "polars", "parquet"},
        tags={"gazette/partitioned_by": "page"},
        code_version=rules_version(),
        check_specs=check_specs(name, tables),
        metadata={"dagster/column_schema": column_schema(tables[0])},
        **kwargs,
    )


@_page_asset("pages", ["pages"], group_name="ingest")
def pages(context: dg.AssetExecutionContext, gazette: GazetteResource) -> dg.MaterializeResult:
    """One row per page file: content hash, format, issue date and number, layout (pipelines.extract).

    A partition whose file has left the inbox keeps its rows and gets `deleted_at`.
    """
    key, warehouse = context.partition_key, gazette.warehouse()
    path = gazette.page_file(key)
    if not path.is_file():
        try:
            warehouse.mark_deleted(partition_file(path.name))
        except FileNotFoundError:  # never stored either
            raise FileNotFoundError(f"{path}: page file not found in the inbox") from None
        context.log.warning(f"{path}: file left the inbox; page marked deleted (rows kept)")
        marked = {"pages": to_arrow("pages", warehouse.read_partition("pages", path.name))}
        return dg.MaterializeResult(
            metadata={**table_metadata(marked), "deleted": True},
            check_results=check_results("pages", page_checks(marked)),
        )
    page, _ = read_and_clean(path)
    if page.row["partition_key"] != key:
        raise ValueError(f"{path}: changed since partition {key} was added; the sensor adds the new version")
    for warning in page.warnings:
        context.log.warning(warning)
    page.row["inbox"] = str(gazette.inbox.resolve())
    return _write_page(context, warehouse, {"pages": [page.row]})


@_page_asset("page_texts", ["page_texts"], group_name="ingest", deps=[pages])
def page_texts(context: dg.AssetExecutionContext, gazette: GazetteResource) -> dg.MaterializeResult:
    """The decoded and the cleaned page text, and the map between their offsets (pipelines.clean)."""
    path = gazette.page_file(context.partition_key)
    page, cleaned = read_and_clean(path)
    if page.row["partition_key"] != context.partition_key:
        raise ValueError(f"{path}: changed since partition {context.partition_key} was added")
    return _write_page(context, gazette.warehouse(), {"page_texts": [page_text_row(page, cleaned)]})


@_page_asset("articles", ["articles", "page_blocks"], group_name="articles", deps=[pages, page_texts])
def articles(context: dg.AssetExecutionContext, gazette: GazetteResource) -> dg.MaterializeResult:
    """One row per article of the page, and every block the page was cut into (pipelines.split)."""
    warehouse, stored_as = gazette.warehouse(), file_name_of(context.partition_key)
    [page] = warehouse.read_partition("pages", stored_as)
    [text] = warehouse.read_partition("page_texts", stored_as)
    # Splitting needs the cleaned lines, not only the text: cleaning again is cheap and deterministic.
    split = split_page(page, clean_page(text["raw_text"]))
    return _write_page(
        context,
        warehouse,
        {"articles": split.articles, "page_blocks": split.blocks},
        page_texts=to_arrow("page_texts", [text]),
    )


@_page_asset("enrichment", list(ENRICHMENT_TABLES), group_name="enrich", deps=[articles])
def enrichment(context: dg.AssetExecutionContext, gazette: GazetteResource) -> dg.MaterializeResult:
    """Officials named, economic figures, topics, keywords and places of each article (pipelines.enrich)."""
    warehouse = gazette.warehouse()
    enriched = enrich_articles(warehouse.read_partition("articles", file_name_of(context.partition_key)))
    return _write_page(context, warehouse, {table: enriched[table] for table in ENRICHMENT_TABLES})


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
