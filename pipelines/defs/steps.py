"""The page steps as partitioned assets, one page file per partition.

Each asset reads its upstream rows for this page from the warehouse Parquet,
runs one step function (docs/step-api.md) and replaces this page's partition
of the tables it owns; `officials` then resolves people across every page.
"""
import dagster as dg
import pyarrow as pa

from pipelines.clean import clean_page
from pipelines.defs.metadata import column_schema, table_metadata, unique_key_check
from pipelines.defs.partitions import page_partitions
from pipelines.defs.resources import GazetteResource
from pipelines.enrich import ENRICHMENT_TABLES, enrich_articles
from pipelines.pipeline import page_text_row, read_and_clean, refresh_officials
from pipelines.split import split_page
from pipelines.tables import GLOBAL_TABLES
from pipelines.warehouse import Warehouse

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
AFTER_PAGES = dg.AutomationCondition.eager().without(~dg.AutomationCondition.any_deps_missing())


def _write_page(warehouse: Warehouse, partition_key: str, rows: dict[str, list[dict]]) -> dict[str, pa.Table]:
    return {table: warehouse.write_partition(table, partition_key, table_rows) for table, table_rows in rows.items()}


def _page_asset(group_name: str, main_table: str, **kwargs):
    """@asset for one page step: partitioned by page, Parquet out, the main table's columns shown."""
    return dg.asset(partitions_def=page_partitions, group_name=group_name, kinds={"python", "parquet"},
                    metadata={"dagster/column_schema": column_schema(main_table)}, **kwargs)


@_page_asset("ingest", "pages")
def pages(context: dg.AssetExecutionContext, gazette: GazetteResource) -> dg.MaterializeResult:
    """One row per page file: content hash, format, issue date and number, layout (pipelines.extract)."""
    key = context.partition_key
    page, _ = read_and_clean(gazette.page_file(key), partition_key=key)
    return dg.MaterializeResult(metadata=table_metadata(_write_page(gazette.warehouse(), key, {"pages": [page.row]})))


@_page_asset("ingest", "page_texts", deps=[pages])
def page_texts(context: dg.AssetExecutionContext, gazette: GazetteResource) -> dg.MaterializeResult:
    """The decoded and the cleaned page text, and the map between their offsets (pipelines.clean)."""
    key = context.partition_key
    warehouse = gazette.warehouse()
    [stored] = warehouse.read_partition("pages", key)
    page, cleaned = read_and_clean(gazette.page_file(key), partition_key=key)
    if page.row["sha256"] != stored["sha256"]:
        raise ValueError(f"{gazette.page_file(key)}: changed since `pages` was materialised; materialise pages again")
    rows = {"page_texts": [page_text_row(page, cleaned)]}
    return dg.MaterializeResult(metadata=table_metadata(_write_page(warehouse, key, rows)))


@_page_asset("articles", "articles", deps=[pages, page_texts],
             check_specs=[dg.AssetCheckSpec("unique_article_id", asset="articles")])
def articles(context: dg.AssetExecutionContext, gazette: GazetteResource) -> dg.MaterializeResult:
    """One row per article of the page, and every block the page was cut into (pipelines.split)."""
    key = context.partition_key
    warehouse = gazette.warehouse()
    [page] = warehouse.read_partition("pages", key)
    [text] = warehouse.read_partition("page_texts", key)
    # Splitting needs the cleaned lines, not only the text: cleaning again is cheap and deterministic.
    split = split_page(page, clean_page(text["raw_text"]))
    written = _write_page(warehouse, key, {"articles": split.articles, "page_blocks": split.blocks})
    return dg.MaterializeResult(metadata=table_metadata(written),
                                check_results=[unique_key_check(written["articles"], "article_id")])


@_page_asset("enrich", "official_mentions", deps=[articles],
             check_specs=[dg.AssetCheckSpec("unique_figure_id", asset="enrichment")])
def enrichment(context: dg.AssetExecutionContext, gazette: GazetteResource) -> dg.MaterializeResult:
    """Officials named, economic figures, topics, keywords and places of each article (pipelines.enrich)."""
    key = context.partition_key
    warehouse = gazette.warehouse()
    enriched = enrich_articles(warehouse.read_partition("articles", key))
    written = _write_page(warehouse, key, {table: enriched[table] for table in ENRICHMENT_TABLES})
    return dg.MaterializeResult(metadata=table_metadata(written),
                                check_results=[unique_key_check(written["economic_figures"], "figure_id")])


@dg.asset(deps=[enrichment], group_name="enrich", kinds={"python", "parquet"},
          metadata={"dagster/column_schema": column_schema("officials")},
          check_specs=[dg.AssetCheckSpec("unique_official_id", asset="officials")],
          automation_condition=AFTER_PAGES)
def officials(gazette: GazetteResource) -> dg.MaterializeResult:
    """One row per distinct person across all pages, and the titles each held (resolve_officials)."""
    written = refresh_officials(gazette.warehouse())
    return dg.MaterializeResult(metadata=table_metadata(written),
                                check_results=[unique_key_check(written["officials"], "official_id")])


page_assets = [pages, page_texts, articles, enrichment]

