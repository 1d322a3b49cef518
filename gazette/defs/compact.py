"""Compacting the warehouse as an asset: the small data files the page steps wrote merged
(`Lake.compact`), then shown in gazette.duckdb."""

import dagster as dg

from gazette.defs.resources import GazetteResource
from gazette.defs.steps import AFTER_PAGES, WAREHOUSE_POOL, enrichment
from gazette.models import load_models


@dg.asset(
    deps=[enrichment],
    group_name="storage",
    kinds={"parquet", "duckdb"},
    automation_condition=AFTER_PAGES,
    pool=WAREHOUSE_POOL,
)
def compact(context: dg.AssetExecutionContext, gazette: GazetteResource) -> dg.MaterializeResult:
    """The page tables' small files merged (`Lake.compact`), as `gazette run` ends."""
    warehouse = gazette.warehouse()
    with warehouse.lock(lambda: context.log.info("waiting for another run writing the warehouse")):
        folded = warehouse.compact()
        warehouse.refresh_duckdb(load_models())
    return dg.MaterializeResult(metadata={"data files merged away": folded})
