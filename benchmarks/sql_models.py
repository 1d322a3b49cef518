"""Every SQL model of sql/ timed on a synthetic warehouse of a million articles.

    python -m benchmarks.sql_models OUT.json --root DIR --templates WAREHOUSE [--articles 1000000]

The warehouse is built directly in the lake, in the tables' schemas (gazette.tables), a month
of pages a transaction (benchmarks/lake_load.py), then compacted as `gazette run` ends. Every article is a copy of a
real article of the `--templates` warehouse (one `gazette run` made from the synthetic
corpus) with its own id, page and issue date, together with that article's official
mentions, figures, topics, keywords and places, so the tables keep the ratios and
the value distributions the pipeline produces (people, metrics, keywords recur as they
do in the template). Seven articles a page; issue dates spread over ten years. Article
bodies are cut to 60 characters and page_texts is left empty: no model reads them.
officials and official_titles are recomputed from the copied mentions.

Then gazette.duckdb is refreshed (Warehouse.refresh_duckdb with load_models()) and
each model is run `--repeats` times with every row fetched into Arrow
(`SELECT * FROM model`), so DuckDB cannot skip work; the same SQL is then timed over a
copy holding one file per table, the layout the models cannot beat by much.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import math
import random
import statistics
import time
from pathlib import Path

import duckdb
import polars as pl
import pyarrow.parquet as pq

from benchmarks.lake_load import append_pages
from gazette.models import load_models
from gazette.tables import SCHEMAS
from gazette.warehouse import Warehouse

ARTICLES_PER_PAGE = 7
FIRST_DAY = dt.date(2015, 1, 1)
DAYS = 3652  # ten years of issues
BODY_CHARS = 60
ARTICLE_CHILDREN = ("official_mentions", "economic_figures", "article_topics", "article_keywords", "places")
ARTICLE_COLUMNS = ("article_id", "page_id", "issue_date")


class _Writer:
    """Writes the synthetic rows into the lake a month of pages at a time, as a run's batches do."""

    def __init__(self, warehouse: Warehouse):
        self.warehouse = warehouse

    def write(self, table: str, month: str, frame: pl.DataFrame) -> int:
        frame = frame.with_columns(stem=pl.format("{}.txt", "page_id")).sort("stem", maintain_order=True)
        data = frame.to_arrow()
        append_pages(self.warehouse, table, data, data["stem"])
        return data.num_rows


def build(root: Path, n_articles: int, templates: Warehouse, seed: int = 0) -> dict[str, int]:
    """Write the synthetic warehouse under root; return the rows written per table."""
    warehouse = Warehouse(root)
    writer = _Writer(warehouse)
    rng = random.Random(seed)
    t_articles = pl.from_arrow(templates.read_table("articles")).with_row_index("t")
    t_pages = pl.from_arrow(templates.read_table("pages")).with_row_index("tp")
    if t_articles.is_empty():
        raise SystemExit(f"{templates.root}: no articles to copy")
    ids = t_articles.select("article_id", "t")
    children = {
        table: pl.from_arrow(templates.read_table(table)).join(ids, on="article_id").drop(ARTICLE_COLUMNS)
        for table in ARTICLE_CHILDREN
    }
    t_blocks = (
        pl.from_arrow(templates.read_table("page_blocks"))
        .join(t_pages.select("page_id", "tp"), on="page_id")
        .drop("page_id")
    )
    articles = t_articles.drop(*ARTICLE_COLUMNS, "ordinal").with_columns(pl.col("body").str.slice(0, BODY_CHARS))
    pages = t_pages.drop("page_id", "issue_date", "issue_no", "partition_key", "source_path", "sha256")

    n_pages = math.ceil(n_articles / ARTICLES_PER_PAGE)
    pages_per_day = math.ceil(n_pages / DAYS)
    rows = dict.fromkeys(["pages", "page_blocks", "articles", *ARTICLE_CHILDREN], 0)
    seen: list[pl.DataFrame] = []
    for month, first_page, last_page in _months(n_pages, pages_per_day):
        last_article = min(last_page * ARTICLES_PER_PAGE, n_articles)
        n = last_article - first_page * ARTICLES_PER_PAGE
        new = pl.DataFrame(
            {
                "i": pl.int_range(first_page * ARTICLES_PER_PAGE, last_article, eager=True),
                "t": pl.Series(rng.choices(range(t_articles.height), k=n), dtype=pl.UInt32),
            }
        ).with_columns(
            page_no=pl.col("i") // ARTICLES_PER_PAGE, ordinal=(pl.col("i") % ARTICLES_PER_PAGE + 1).cast(pl.Int32)
        )
        new = new.with_columns(
            page_id=pl.format("s{}", pl.col("page_no").cast(pl.String).str.zfill(7)),
            issue_date=pl.lit(FIRST_DAY) + pl.duration(days=pl.col("page_no") // pages_per_day),
        ).with_columns(article_id=pl.format("{}-{}", "page_id", pl.col("ordinal").cast(pl.String).str.zfill(3)))
        keys = new.select("t", *ARTICLE_COLUMNS)
        rows["articles"] += writer.write("articles", month, new.join(articles, on="t", how="left"))
        for table, template in children.items():
            frame = keys.join(template, on="t")
            if table == "economic_figures":
                frame = frame.with_columns(
                    figure_id=pl.format(
                        "{}-{}", "article_id", pl.int_range(pl.len()).over("article_id").cast(pl.String)
                    )
                )
            if table == "official_mentions":
                seen.append(
                    frame.group_by("official_id").agg(
                        first_seen=pl.col("issue_date").min(),
                        last_seen=pl.col("issue_date").max(),
                        article_count=pl.col("article_id").n_unique(),
                    )
                )
            rows[table] += writer.write(table, month, frame)
        page_rows = (
            new.group_by("page_no", "page_id", "issue_date")
            .agg()
            .sort("page_no")
            .with_columns(
                tp=pl.Series(rng.choices(range(t_pages.height), k=new["page_no"].n_unique()), dtype=pl.UInt32),
                issue_no=pl.col("page_no") // pages_per_day,
                partition_key=pl.format("{}.txt", "page_id"),
                source_path=pl.format("synthetic/{}.txt", "page_id"),
                sha256=pl.col("page_id"),
            )
        )
        rows["pages"] += writer.write("pages", month, page_rows.join(pages, on="tp", how="left"))
        rows["page_blocks"] += writer.write(
            "page_blocks", month, page_rows.select("tp", "page_id").join(t_blocks, on="tp")
        )

    warehouse.compact()
    people = (
        pl.concat(seen)
        .group_by("official_id")
        .agg(pl.col("first_seen").min(), pl.col("last_seen").max(), pl.col("article_count").sum())
    )
    officials = pl.from_arrow(templates.read_table("officials")).drop("first_seen", "last_seen", "article_count")
    officials = officials.join(people, on="official_id")
    titles = (
        pl.from_arrow(templates.read_table("official_titles"))
        .drop("first_seen", "last_seen")
        .join(officials.select("official_id", "first_seen", "last_seen"), on="official_id")
    )
    for table, frame in (("officials", officials), ("official_titles", titles)):
        rows[table] = warehouse.write_global(table, frame.select(SCHEMAS[table].names).to_dicts()).num_rows
    return rows


def _months(n_pages: int, pages_per_day: int) -> list[tuple[str, int, int]]:
    """(issue month, first page, end page) of the synthetic pages, a month at a time."""
    out = []
    for first in range(0, n_pages, pages_per_day):
        month = (FIRST_DAY + dt.timedelta(days=first // pages_per_day)).strftime("%Y-%m")
        if out and out[-1][0] == month:
            out[-1] = (month, out[-1][1], min(first + pages_per_day, n_pages))
        else:
            out.append((month, first, min(first + pages_per_day, n_pages)))
    return out


def _timed(con: duckdb.DuckDBPyConnection, sql: str, repeats: int) -> tuple[int, list[float]]:
    seconds = []
    for _ in range(repeats):
        started = time.perf_counter()
        result = con.execute(sql)
        table = result.to_arrow_table() if hasattr(result, "to_arrow_table") else result.fetch_arrow_table()
        seconds.append(time.perf_counter() - started)
    return table.num_rows, seconds


def time_models(root: Path, repeats: int = 3) -> list[dict]:
    """Refresh gazette.duckdb with every model of sql/, then run each model `repeats` times, fetching
    every row, each time also over a copy holding one file per table (what the layout costs), the two
    interleaved so that a change in the machine's load falls on both alike."""
    warehouse = Warehouse(root)
    models = load_models()
    started = time.perf_counter()
    warehouse.refresh_duckdb(models)
    results = [{"model": "(refresh gazette.duckdb: views)", "rows": None, "seconds": [time.perf_counter() - started]}]
    one_file = root / "one-file-per-table"
    one_file.mkdir(exist_ok=True)
    with duckdb.connect(str(warehouse.db_path), read_only=True) as con, duckdb.connect() as single:
        for table in SCHEMAS:
            path = one_file / f"{table}.parquet"
            pq.write_table(warehouse.read_table(table), path, compression="zstd")
            single.execute(f"CREATE VIEW \"{table}\" AS SELECT * FROM read_parquet('{path}')")
        for model in models:
            single.execute(f'CREATE VIEW "{model.name}" AS {model.sql}')
        for model in models:
            query = f'SELECT * FROM "{model.name}"'
            timed = [(_timed(con, query, 1), _timed(single, query, 1)) for _ in range(repeats)]
            results.append(
                {
                    "model": model.name,
                    "rows": timed[0][0][0],
                    "seconds": [ours[1][0] for ours, _ in timed],
                    "one_file_median_s": statistics.median(theirs[1][0] for _, theirs in timed),
                }
            )
    for r in results:
        r["first_s"], r["median_s"], r["max_s"] = r["seconds"][0], statistics.median(r["seconds"]), max(r["seconds"])
    return results


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("--root", type=Path, required=True, help="where to build the synthetic warehouse")
    parser.add_argument("--templates", type=Path, help="a warehouse whose articles are copied")
    parser.add_argument("--existing", action="store_true", help="time the models on the warehouse at --root as it is")
    parser.add_argument("--articles", type=int, default=1_000_000)
    parser.add_argument("--repeats", type=int, default=3)
    args = parser.parse_args(argv)
    if args.existing == bool(args.templates):
        parser.error("either --templates (build a warehouse at --root) or --existing")
    started = time.perf_counter()
    rows = {} if args.existing else build(args.root, args.articles, Warehouse(args.templates))
    build_s = time.perf_counter() - started
    results = time_models(args.root, args.repeats)
    lake = Warehouse(args.root).lake
    files = {table: len(pairs) for table, pairs in lake.files().items()}
    args.out.write_text(
        json.dumps({"rows": rows, "build_s": build_s, "models": results, "files_per_table": files}), encoding="utf-8"
    )


if __name__ == "__main__":
    main()
