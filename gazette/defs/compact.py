"""Compacting the warehouse as an asset: the page files that landed folded into one file per issue year (per
month for page_texts), then shown in gazette.duckdb."""

import dagster as dg

from gazette.defs.resources import GazetteResource
from gazette.defs.steps import AFTER_PAGES, WAREHOUSE_POOL, enrichment
from gazette.models import load_models
from gazette.tables import PAGE_TABLES


class CompactConfig(dg.Config):
    fold_all: bool = False  # fold every page file now, not only once a table has the resource's fold_at of them


@dg.asset(
    deps=[enrichment],
    group_name="storage",
    kinds={"parquet", "duckdb"},
    automation_condition=AFTER_PAGES,
    pool=WAREHOUSE_POOL,
)
def compact(context: dg.AssetExecutionContext, config: CompactConfig, gazette: GazetteResource) -> dg.MaterializeResult:
    """The page tables' files compacted by issue year (gazette.storage.store), as `gazette run` ends."""
    warehouse = gazette.warehouse()
    with warehouse.lock(lambda: context.log.info("waiting for another run writing the warehouse")):
        folded = warehouse.compact(fold_at=1 if config.fold_all else gazette.fold_at)
        warehouse.refresh_duckdb(load_models())
    files = {f"files: {table}": len(warehouse.store.files(table)) for table in PAGE_TABLES}
    return dg.MaterializeResult(metadata={"page files folded": folded, **files})
