"""Checks over the whole warehouse, where one page's partition cannot tell (run daily with the models)."""

import dagster as dg

from pipelines.defs.metadata import check_result
from pipelines.defs.resources import GazetteResource
from pipelines.defs.steps import articles, pages
from pipelines.quality import unique_key


@dg.asset_check(asset=pages, description="the same content is stored once, however many file names it came under")
def pages_stored_once(gazette: GazetteResource) -> dg.AssetCheckResult:
    return check_result(unique_key("pages", gazette.warehouse().read_table("pages")))


@dg.asset_check(asset=articles, description="no two articles of any pages share an article_id")
def articles_unique_across_pages(gazette: GazetteResource) -> dg.AssetCheckResult:
    return check_result(unique_key("articles", gazette.warehouse().read_table("articles")))


warehouse_checks = [pages_stored_once, articles_unique_across_pages]
