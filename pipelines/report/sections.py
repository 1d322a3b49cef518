"""The report's sections: each reads gazette.duckdb (models and views) and returns its HTML and charts."""

from __future__ import annotations

from collections import Counter

import duckdb

from pipelines.report.charts import (
    Charts,
    figure_count_chart,
    figure_value_chart,
    official_labels,
    official_roles_chart,
    officials_chart,
    topic_heatmap_chart,
    topic_trend_chart,
)
from pipelines.report.html import UNKNOWN_MONTH, cut_note, e, fmt_number, html_table, month_label, month_order, section

TOP_OFFICIALS = 20  # officials in the charts
TOP_METRICS = 25  # metrics in the figure-count chart
METRICS_PER_UNIT = 12  # metrics per unit in the figure-value chart
UNITS = 6  # units in the figure-value chart
ROWS = 40  # rows in each table
# Every chart and table is cut to a fixed size, whatever the warehouse's: what the report embeds
# (and its time and memory) grows with the number of months shown, not with the pages stored.
TREND_MONTHS = 60  # months in the topic charts: the latest five years
FIGURES_PER_METRIC = 80  # points per metric in the figure-value chart (a fixed sample beyond that)


def rows_of(con: duckdb.DuckDBPyConnection, sql: str, params: list | None = None) -> list[dict]:
    cursor = con.execute(sql, params or [])
    names = [column[0] for column in cursor.description]
    return [dict(zip(names, row, strict=False)) for row in cursor.fetchall()]


def officials_section(con, charts: Charts) -> str:
    officials = rows_of(con, "SELECT * FROM official_article_counts LIMIT ?", [max(TOP_OFFICIALS, ROWS)])
    official_labels(officials)
    top = officials[:TOP_OFFICIALS]
    order = [row["label"] for row in top]
    label = {row["official_id"]: row["label"] for row in top}
    roles = rows_of(
        con,
        """
        SELECT official_id, role, sum(articles)::BIGINT AS articles
        FROM official_activity_by_month WHERE official_id IN (SELECT unnest(?::VARCHAR[]))
        GROUP BY ALL""",
        [list(label)],
    )
    for row in roles:
        row["label"] = label[row.pop("official_id")]
    monthly_sql = """
        SELECT month, count(DISTINCT official_id) AS officials, sum(articles)::BIGINT AS mentions
        FROM official_activity_by_month GROUP BY month"""
    monthly = rows_of(
        con,
        f"SELECT *, count(*) OVER () AS total FROM ({monthly_sql}) ORDER BY month DESC NULLS FIRST LIMIT ?",
        [ROWS],
    )[::-1]
    parts = [
        "<h3>Who is named most</h3>",
        charts.figure(
            "officials",
            officials_chart(top) if top else None,
            f"The {len(top)} officials named in the most articles, coloured by jurisdiction.",
        ),
        "<h3>What they were doing</h3>",
        charts.figure(
            "official-roles",
            official_roles_chart(roles, order) if roles else None,
            "Articles per official and role (主持 chaired, 讲话 spoke, 出席 attended, 调研 inspected, …); "
            "(none) where the article names no role.",
        ),
        "<h3>Officials by month</h3>",
        html_table(
            ["month", "officials named", "official-article pairs"],
            [[month_label(row["month"]), row["officials"], row["mentions"]] for row in monthly],
        ),
        cut_note(len(monthly), monthly[0]["total"] if monthly else 0, "months", " ".join(monthly_sql.split())),
        "<h3>Officials</h3>",
        html_table(
            ["name", "jurisdiction", "titles", "articles", "pages", "first seen", "last seen"],
            [
                [
                    row["name"],
                    row["jurisdiction"],
                    row["titles"],
                    row["article_count"],
                    row["page_count"],
                    row["first_seen"],
                    row["last_seen"],
                ]
                for row in officials[:ROWS]
            ],
        ),
    ]
    return section(
        "officials",
        "Officials' activity",
        "From the official_article_counts and official_activity_by_month models: one person per "
        "official_id (two people sharing a name stay apart).",
        parts,
    )


def topics_section(con, charts: Charts) -> str:
    trends = rows_of(
        con,
        """
        SELECT topic, month, article_count, avg_score FROM topic_trends
        WHERE month IS NULL OR month > (SELECT max(month) FROM topic_trends) - to_months(?)""",
        [TREND_MONTHS],
    )
    for row in trends:
        row["month"] = month_label(row["month"])
    months = month_order([row["month"] for row in trends])
    totals: Counter[str] = Counter()
    for row in trends:
        totals[row["topic"]] += row["article_count"]
    topics = [topic for topic, _ in sorted(totals.items(), key=lambda item: (-item[1], item[0] or ""))]
    keywords = rows_of(
        con,
        "SELECT month, rank, keyword, articles, weight FROM top_keywords_by_month "
        "ORDER BY month DESC NULLS LAST, rank LIMIT ?",
        [ROWS],
    )
    parts = [
        "<h3>Articles per topic and month</h3>",
        charts.figure(
            "topic-trends",
            topic_trend_chart(trends, months) if trends else None,
            f"Articles per month of issue, stacked by topic (an article may have several topics); "
            f"at most the latest {TREND_MONTHS} months (all of them: the topic_trends model).",
        ),
        charts.figure(
            "topic-heatmap",
            topic_heatmap_chart(trends, months, topics) if trends else None,
            "The same counts as a grid: topics by month.",
        ),
        "<h3>Strongest keywords</h3>",
        html_table(
            ["month", "rank", "keyword", "articles", "weight"],
            [
                [month_label(row["month"]), row["rank"], row["keyword"], row["articles"], row["weight"]]
                for row in keywords
            ],
        ),
    ]
    return section(
        "topics",
        "Topic trends over time",
        f"From the topic_trends and top_keywords_by_month models. Pages whose issue date is unknown "
        f"are counted under “{UNKNOWN_MONTH}”.",
        parts,
    )


def figures_section(con, charts: Charts) -> str:
    by_metric = rows_of(
        con,
        "SELECT coalesce(metric, '(no metric)') AS metric, normalized_unit, n, sum_value, "
        "min_value, max_value, periods, count(*) OVER () AS total FROM economic_figures_by_metric LIMIT ?",
        [max(TOP_METRICS, ROWS)],
    )
    counts = [dict(row, periods="、".join(p for p in row["periods"] if p)) for row in by_metric[:TOP_METRICS]]
    figures = rows_of(
        con,
        """
        WITH f AS (
            SELECT f.*,
                   dense_rank() OVER (ORDER BY unit_n DESC, f.normalized_unit) AS unit_rank,
                   dense_rank() OVER (PARTITION BY f.normalized_unit ORDER BY metric_n DESC, f.metric) AS metric_rank,
                   row_number() OVER (PARTITION BY f.normalized_unit, f.metric ORDER BY hash(f.figure_id)) AS pick
            FROM (SELECT *, count(*) OVER (PARTITION BY normalized_unit) AS unit_n,
                         count(*) OVER (PARTITION BY normalized_unit, metric) AS metric_n
                  FROM economic_figures WHERE metric IS NOT NULL AND value_normalized > 0) AS f
        ), shown AS (SELECT * FROM f WHERE unit_rank <= ? AND metric_rank <= ? AND pick <= ?)
        SELECT s.text, s.metric, s.value_normalized, s.normalized_unit, s.period, s.subject, a.headline,
               s.issue_date
        FROM shown AS s LEFT JOIN articles AS a USING (article_id)
        ORDER BY s.unit_rank, s.metric_rank, s.value_normalized""",
        [UNITS, METRICS_PER_UNIT, FIGURES_PER_METRIC],
    )
    for row in figures:
        row["issue_date"] = row["issue_date"] and row["issue_date"].isoformat()
    quoted = rows_of(
        con,
        """
        SELECT f.issue_date, f.text, f.metric, f.value_normalized, f.normalized_unit, f.growth_pct,
               f.period, f.subject, a.headline
        FROM economic_figures AS f LEFT JOIN articles AS a USING (article_id)
        ORDER BY f.issue_date DESC NULLS LAST, f.page_id, f.char_offset LIMIT ?""",
        [ROWS],
    )
    parts = [
        "<h3>Figures quoted per metric</h3>",
        charts.figure(
            "figure-counts",
            figure_count_chart(counts) if counts else None,
            f"The {len(counts)} metrics quoted most often, coloured by normalised unit.",
        ),
        "<h3>Values per metric</h3>",
        charts.figure(
            "figure-values",
            figure_value_chart(figures) if figures else None,
            f"The positive figures of the most frequent metrics (a fixed sample of {FIGURES_PER_METRIC} "
            "where a metric has more), one panel per unit (values of different units are never "
            "compared); hover a point for the sentence it came from.",
        ),
        "<h3>By metric and unit</h3>",
        html_table(
            ["metric", "unit", "figures", "sum", "min", "max", "periods"],
            [
                [
                    row["metric"],
                    row["normalized_unit"],
                    row["n"],
                    row["sum_value"],
                    row["min_value"],
                    row["max_value"],
                    row["periods"],
                ]
                for row in by_metric[:ROWS]
            ],
        ),
        cut_note(
            min(len(by_metric), ROWS),
            by_metric[0]["total"] if by_metric else 0,
            "metrics",
            "SELECT * FROM economic_figures_by_metric",
        ),
        "<h3>As quoted</h3>",
        html_table(
            ["issue", "as written", "metric", "value", "unit", "growth %", "period", "subject", "article"],
            [
                [
                    row["issue_date"],
                    row["text"],
                    row["metric"],
                    row["value_normalized"],
                    row["normalized_unit"],
                    row["growth_pct"],
                    row["period"],
                    row["subject"],
                    row["headline"],
                ]
                for row in quoted
            ],
        ),
    ]
    return section(
        "figures",
        "Economic figures by metric",
        "From the economic_figures table and the economic_figures_by_metric model. Values are "
        "normalised (亿元 → CNY, 万千瓦时 → kWh, …); 亿 = 10⁸, 万 = 10⁴.",
        parts,
    )


def articles_section(con) -> str:
    articles = rows_of(
        con,
        """
        WITH a AS (  -- the articles shown first, then only their officials and topics
            SELECT a.issue_date, p.edition, p.partition_key AS page, a.ordinal, a.headline, a.type,
                   a.reporters, a.body_chars, a.article_id
            FROM articles AS a LEFT JOIN pages AS p USING (page_id)
            ORDER BY a.issue_date DESC NULLS LAST, p.partition_key, a.ordinal
            LIMIT ?),
             o AS (SELECT article_id, list_sort(list_distinct(list(name))) AS officials
                   FROM official_mentions WHERE article_id IN (SELECT article_id FROM a) GROUP BY ALL),
             t AS (SELECT article_id, list(topic ORDER BY score DESC, topic) AS topics
                   FROM article_topics WHERE article_id IN (SELECT article_id FROM a) GROUP BY ALL)
        SELECT a.*, o.officials, t.topics
        FROM a LEFT JOIN o USING (article_id) LEFT JOIN t USING (article_id)
        ORDER BY a.issue_date DESC NULLS LAST, a.page, a.ordinal""",
        [ROWS],
    )
    table = html_table(
        [
            "issue",
            "edition",
            "page file",
            "#",
            "headline",
            "type",
            "reporters",
            "characters",
            "officials named",
            "topics",
        ],
        [
            [
                row["issue_date"],
                row["edition"],
                row["page"],
                row["ordinal"],
                row["headline"],
                row["type"],
                row["reporters"],
                row["body_chars"],
                row["officials"],
                row["topics"],
            ]
            for row in articles
        ],
    )
    return section(
        "articles", "Recent articles", f"The {len(articles)} most recent articles (undated pages last).", [table]
    )


def summary_of(con) -> tuple[str, str]:
    row = rows_of(
        con,
        """
        SELECT (SELECT count(*) FROM pages) AS pages,
               (SELECT count(issue_date) FROM pages) AS dated,
               (SELECT min(issue_date) FROM pages) AS first_issue,
               (SELECT max(issue_date) FROM pages) AS last_issue,
               (SELECT count(*) FROM articles) AS articles,
               (SELECT count(*) FROM officials) AS officials,
               (SELECT count(*) FROM economic_figures) AS figures""",
    )[0]
    items = [
        ("pages", row["pages"]),
        ("articles", row["articles"]),
        ("officials", row["officials"]),
        ("economic figures", row["figures"]),
        ("dated pages", row["dated"]),
    ]
    summary = "".join(f"<div><dt>{e(label)}</dt><dd>{e(fmt_number(value))}</dd></div>" for label, value in items)
    if row["first_issue"]:
        span = f"issues from {row['first_issue']:%Y-%m-%d} to {row['last_issue']:%Y-%m-%d}"
    else:
        span = "no dated issues"
    return summary, span
