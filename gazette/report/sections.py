"""The report's sections: each runs its queries (sql/report/, gazette.report.queries) on
gazette.duckdb's models and views, and returns its HTML and charts."""

from __future__ import annotations

from collections import Counter

from gazette.report.charts import (
    Charts,
    figure_count_chart,
    figure_value_chart,
    official_labels,
    official_roles_chart,
    officials_chart,
    topic_heatmap_chart,
    topic_trend_chart,
)
from gazette.report.html import (
    UNKNOWN_MONTH,
    cut_note,
    escaped,
    fmt_number,
    html_table,
    month_label,
    month_order,
    rows_table,
    section,
)
from gazette.report.queries import one_line, rows_of

TOP_OFFICIALS = 20  # officials in the charts
TOP_METRICS = 25  # metrics in the figure-count chart
NO_METRIC = "(no metric)"  # the table's label for figures whose metric was not read
METRICS_PER_UNIT = 12  # metrics per unit in the figure-value chart
UNITS = 6  # units in the figure-value chart
ROWS = 40  # rows in each table
# Every chart and table is cut to a fixed size, whatever the warehouse's: what the report embeds
# (and its time and memory) grows with the number of months shown, not with the pages stored.
TREND_MONTHS = 60  # months in the topic charts: the latest five years
FIGURES_PER_METRIC = 80  # points per metric in the figure-value chart (a fixed sample beyond that)


def officials_section(con, charts: Charts) -> str:
    officials = rows_of(con, "top_officials", rows=max(TOP_OFFICIALS, ROWS))
    official_labels(officials)
    top = officials[:TOP_OFFICIALS]
    order = [row["label"] for row in top]
    label = {row["official_id"]: row["label"] for row in top}
    roles = rows_of(con, "official_roles", official_ids=list(label))
    for row in roles:
        row["label"] = label[row.pop("official_id")]
    every_month = rows_of(con, "officials_by_month")  # one row a month: a few hundred for decades
    monthly = every_month[:ROWS][::-1]
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
        cut_note(len(monthly), len(every_month), "months", one_line("officials_by_month")),
        "<h3>Officials</h3>",
        rows_table(
            officials[:ROWS],
            {
                "name": "name",
                "jurisdiction": "jurisdiction",
                "titles": "titles",
                "articles": "article_count",
                "pages": "page_count",
                "first seen": "first_seen",
                "last seen": "last_seen",
            },
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
    trends = rows_of(con, "recent_topic_trends", months=TREND_MONTHS)
    for row in trends:
        row["month"] = month_label(row["month"])
    months = month_order([row["month"] for row in trends])
    totals: Counter[str] = Counter()
    for row in trends:
        totals[row["topic"]] += row["article_count"]
    topics = [topic for topic, _ in sorted(totals.items(), key=lambda item: (-item[1], item[0] or ""))]
    keywords = rows_of(con, "recent_keywords", rows=ROWS)
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
    by_metric = rows_of(con, "figures_by_metric")  # one row a metric and unit: a few hundred at most
    named = [row for row in by_metric if row["metric"] is not None]  # a figure with no metric is no bar
    unnamed = sum(row["n"] for row in by_metric if row["metric"] is None)
    counts = [dict(row, periods="、".join(p for p in row["periods"] if p)) for row in named[:TOP_METRICS]]
    by_metric = [dict(row, metric=row["metric"] or NO_METRIC) for row in by_metric]
    figures = rows_of(
        con, "figure_values", units=UNITS, metrics_per_unit=METRICS_PER_UNIT, per_metric=FIGURES_PER_METRIC
    )
    for row in figures:
        row["issue_date"] = row["issue_date"] and row["issue_date"].isoformat()
    quoted = rows_of(con, "recent_figures", rows=ROWS)
    parts = [
        "<h3>Figures quoted per metric</h3>",
        charts.figure(
            "figure-counts",
            figure_count_chart(counts) if counts else None,
            f"The {len(counts)} metrics quoted most often, coloured by normalised unit"
            + (f"; {unnamed} figures whose metric could not be read are not charted." if unnamed else "."),
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
        rows_table(
            by_metric[:ROWS],
            {
                "metric": "metric",
                "unit": "normalized_unit",
                "figures": "n",
                "sum": "sum_value",
                "min": "min_value",
                "max": "max_value",
                "periods": "periods",
            },
        ),
        cut_note(min(len(by_metric), ROWS), len(by_metric), "metrics", one_line("figures_by_metric")),
        "<h3>As quoted</h3>",
        rows_table(
            quoted,
            {
                "issue": "issue_date",
                "as written": "text",
                "metric": "metric",
                "value": "value_normalized",
                "unit": "normalized_unit",
                "growth %": "growth_pct",
                "period": "period",
                "subject": "subject",
                "article": "headline",
            },
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
    articles = rows_of(con, "recent_articles", rows=ROWS)
    table = rows_table(
        articles,
        {
            "issue": "issue_date",
            "edition": "edition",
            "page file": "page",
            "#": "ordinal",
            "headline": "headline",
            "type": "type",
            "reporters": "reporters",
            "characters": "body_chars",
            "officials named": "officials",
            "topics": "topics",
        },
    )
    return section(
        "articles", "Recent articles", f"The {len(articles)} most recent articles (undated pages last).", [table]
    )


def summary_of(con) -> tuple[str, str]:
    [row] = rows_of(con, "summary")
    items = [
        ("pages", row["pages"]),
        ("articles", row["articles"]),
        ("officials", row["officials"]),
        ("economic figures", row["figures"]),
        ("dated pages", row["dated"]),
    ]
    summary = "".join(
        f"<div><dt>{escaped(label)}</dt><dd>{escaped(fmt_number(value))}</dd></div>" for label, value in items
    )
    if row["first_issue"]:
        span = f"issues from {row['first_issue']:%Y-%m-%d} to {row['last_issue']:%Y-%m-%d}"
    else:
        span = "no dated issues"
    return summary, span
