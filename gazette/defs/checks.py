"""Checks over the whole warehouse, where one page's partition cannot tell (run daily with the models)."""

import dagster as dg
import duckdb

from gazette.defs.metadata import check_result
from gazette.defs.resources import GazetteResource
from gazette.defs.steps import articles, pages
from gazette.quality import post_collisions, unique_key


@dg.asset_check(asset=pages, description="the same content is stored once, however many file names it came under")
def pages_stored_once(gazette: GazetteResource) -> dg.AssetCheckResult:
    return check_result(unique_key("pages", gazette.warehouse().read_table("pages")))


@dg.asset_check(asset=articles, description="no two articles of any pages share an article_id")
def articles_unique_across_pages(gazette: GazetteResource) -> dg.AssetCheckResult:
    return check_result(unique_key("articles", gazette.warehouse().read_table("articles")))


@dg.asset_check(
    asset=dg.AssetKey("official_posts"),
    description="one name in one jurisdiction holds no incompatible posts (副市长 and 市长) in overlapping "
    "periods; each suspected collision may be two people sharing a name (a warning, not an error)",
)
def official_posts_collisions(gazette: GazetteResource) -> dg.AssetCheckResult:
    with duckdb.connect(str(gazette.warehouse().db_path), read_only=True) as con:
        posts = con.sql("SELECT * FROM official_posts").to_arrow_table()
    return check_result(post_collisions(posts), severity=dg.AssetCheckSeverity.WARN)


warehouse_checks = [pages_stored_once, articles_unique_across_pages, official_posts_collisions]
