"""`gazette report`: the warehouse as one self-contained HTML file.

    gazette report --warehouse warehouse --out warehouse/report.html

Three sections, each with Vega-Lite charts (built with Altair) and tables:
officials' activity, topic trends over time, economic figures by metric, then
the most recent articles. The data is read through DuckDB, read-only, from the
warehouse's gazette.duckdb (its views and SQL models).

Self-contained: the Vega, Vega-Lite and vega-embed JavaScript is inlined from
the `vl-convert-python` package (`vl_convert.javascript_bundle`), the chart
data is inlined as JSON, and a Content-Security-Policy forbids any fetch, so
the file opens anywhere without a network. Every piece of page text put into
HTML goes through `html.escape`; the JSON inside <script> has "<", ">" and "&"
\\u-escaped, so no text can close the element.
"""

from __future__ import annotations

import datetime as dt
import functools
import html
import json
import sys
from collections import Counter
from importlib.metadata import version as package_version
from pathlib import Path
from string import Template
from typing import Any

import duckdb

from pipelines.errors import one_line
from pipelines.live import live_pages_only
from pipelines.warehouse import Warehouse

TEMPLATE = Path(__file__).with_name("template.html")

# CJK-capable fonts first (macOS, Windows, Linux), so Chinese renders in the page and the charts alike.
FONTS = (
    "PingFang SC",
    "Hiragino Sans GB",
    "Microsoft YaHei",
    "Noto Sans CJK SC",
    "Source Han Sans SC",
    "WenQuanYi Micro Hei",
    "Helvetica Neue",
    "Arial",
)
FONT_CSS = ", ".join(f'"{font}"' for font in FONTS) + ", sans-serif"

UNKNOWN_MONTH = "date unknown"
TOP_OFFICIALS = 20  # officials in the charts
TOP_METRICS = 25  # metrics in the figure-count chart
METRICS_PER_UNIT = 12  # metrics per unit in the figure-value chart
UNITS = 6  # units in the figure-value chart
ROWS = 40  # rows in each table
# Every chart and table is cut to a fixed size, whatever the warehouse's: what the report embeds
# (and its time and memory) grows with the number of months shown, not with the pages stored.
TREND_MONTHS = 60  # months in the topic charts: the latest five years
FIGURES_PER_METRIC = 80  # points per metric in the figure-value chart (a fixed sample beyond that)


# ---------------------------------------------------------------- escaping


def e(value: Any) -> str:
    """Text for HTML (element content or a quoted attribute): everything escaped."""
    return html.escape("" if value is None else str(value), quote=True)


def script_json(value: Any) -> str:
    """JSON that is safe inside a <script> element: "</script>", "<!--" and the like cannot occur."""
    text = json.dumps(value, ensure_ascii=False, separators=(",", ":"), default=_json_default)
    # "<", ">" and "&" only occur inside JSON strings, where \\u escapes mean the same characters.
    return (
        text.replace("<", "\\u003c")
        .replace(">", "\\u003e")
        .replace("&", "\\u0026")
        .replace("\u2028", "\\u2028")
        .replace("\u2029", "\\u2029")
    )


def _json_default(value: Any) -> Any:
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    raise TypeError(f"not JSON serialisable: {type(value).__name__}")


# ---------------------------------------------------------------- formatting


def fmt_number(value: float | int | None) -> str:
    """A number as a Chinese reader writes it: 亿 (1e8) and 万 (1e4) for large values."""
    if value is None:
        return ""
    if isinstance(value, int):
        return f"{value:,}"
    magnitude = abs(value)
    if magnitude >= 1e8:
        return f"{value / 1e8:,.2f}".rstrip("0").rstrip(".") + "亿"
    if magnitude >= 1e4:
        return f"{value / 1e4:,.2f}".rstrip("0").rstrip(".") + "万"
    return f"{value:,.2f}".rstrip("0").rstrip(".")


def _cell(value: Any) -> tuple[str, str]:
    """(escaped text, css class) for one table cell."""
    if value is None or value == [] or value == "":
        return "—", "empty"
    if isinstance(value, bool):
        return ("yes" if value else "no"), ""
    if isinstance(value, (int, float)):
        return e(fmt_number(value)), "num"
    if isinstance(value, (list, tuple)):
        return e("、".join(str(item) for item in value if item is not None)), ""
    if isinstance(value, (dt.date, dt.datetime)):
        return e(value.isoformat()), "date"
    return e(value), ""


def html_table(headers: list[str], rows: list[list[Any]], empty: str = "Nothing to show yet.") -> str:
    """An HTML table; every header and cell is escaped here, in one place."""
    if not rows:
        return f'<p class="note">{e(empty)}</p>'
    numeric = [all(isinstance(row[i], (int, float)) or row[i] is None for row in rows) for i in range(len(headers))]
    head = "".join(f'<th class="num">{e(h)}</th>' if numeric[i] else f"<th>{e(h)}</th>" for i, h in enumerate(headers))
    body = []
    for row in rows:
        cells = []
        for value in row:
            text, css = _cell(value)
            cells.append(f'<td class="{css}">{text}</td>' if css else f"<td>{text}</td>")
        body.append("<tr>" + "".join(cells) + "</tr>")
    return f'<div class="table-wrap"><table><thead><tr>{head}</tr></thead><tbody>{"".join(body)}</tbody></table></div>'


def month_label(month: dt.date | None) -> str:
    return month.strftime("%Y-%m") if month else UNKNOWN_MONTH


def month_order(labels: list[str]) -> list[str]:
    """Months in time order, undated last."""
    return sorted(set(labels), key=lambda label: (label == UNKNOWN_MONTH, label))


# ---------------------------------------------------------------- data


def cut_note(shown: int, total: int, what: str, query: str) -> str:
    """The note under a table or chart that shows `shown` of `total`; empty when nothing was cut."""
    if total <= shown:
        return ""
    return f'<p class="note">{e(f"{shown:,} of {total:,} {what} shown; all of them: gazette sql {query!r}")}</p>'


def _rows(con: duckdb.DuckDBPyConnection, sql: str, params: list | None = None) -> list[dict]:
    cursor = con.execute(sql, params or [])
    names = [column[0] for column in cursor.description]
    return [dict(zip(names, row, strict=False)) for row in cursor.fetchall()]


def _official_labels(rows: list[dict]) -> None:
    """Give each official row a `label`: the name, plus the jurisdiction (then the id) where names repeat."""
    names = Counter(row["name"] for row in rows)
    for row in rows:
        row["label"] = row["name"] if names[row["name"]] == 1 else f"{row['name']}（{row['jurisdiction'] or '?'}）"
    labels = Counter(row["label"] for row in rows)
    for row in rows:
        if labels[row["label"]] > 1:
            row["label"] = f"{row['label']} {row['official_id'][:6]}"


# ---------------------------------------------------------------- charts


@functools.cache
def _altair():
    import altair as alt  # imported on first use: `gazette run` and `gazette sql` never pay for it

    return alt


def _finish(chart) -> dict:
    """A chart's Vega-Lite spec, with the report's fonts."""
    return chart.configure(font=FONT_CSS).configure_view(stroke=None).to_dict()


def officials_chart(officials: list[dict]) -> dict:
    alt = _altair()
    data = [
        {k: row[k] for k in ("label", "jurisdiction", "article_count", "page_count")}
        | {
            "titles": "、".join(row["titles"] or []),
            "first_seen": row["first_seen"] and row["first_seen"].isoformat(),
            "last_seen": row["last_seen"] and row["last_seen"].isoformat(),
        }
        for row in officials
    ]
    return _finish(
        alt.Chart(alt.Data(values=data))
        .mark_bar()
        .encode(
            x=alt.X("article_count:Q", title="articles naming them", axis=alt.Axis(tickMinStep=1)),
            y=alt.Y("label:N", title=None, sort=[row["label"] for row in officials]),
            color=alt.Color("jurisdiction:N", title="jurisdiction"),
            tooltip=[
                alt.Tooltip("label:N", title="official"),
                alt.Tooltip("jurisdiction:N"),
                alt.Tooltip("titles:N"),
                alt.Tooltip("article_count:Q", title="articles"),
                alt.Tooltip("page_count:Q", title="pages"),
                alt.Tooltip("first_seen:N", title="first seen"),
                alt.Tooltip("last_seen:N", title="last seen"),
            ],
        )
        .properties(width=620, height=alt.Step(18))
    )


def official_roles_chart(roles: list[dict], order: list[str]) -> dict:
    alt = _altair()
    return _finish(
        alt.Chart(alt.Data(values=roles))
        .mark_rect()
        .encode(
            x=alt.X("role:N", title="what the article says they did", sort="-color", axis=alt.Axis(labelAngle=0)),
            y=alt.Y("label:N", title=None, sort=order),
            color=alt.Color("articles:Q", title="articles", scale=alt.Scale(scheme="blues")),
            tooltip=[
                alt.Tooltip("label:N", title="official"),
                alt.Tooltip("role:N"),
                alt.Tooltip("articles:Q", title="articles"),
            ],
        )
        .properties(width=alt.Step(44), height=alt.Step(18))
    )


def topic_trend_chart(trends: list[dict], months: list[str]) -> dict:
    alt = _altair()
    return _finish(
        alt.Chart(alt.Data(values=trends))
        .mark_bar()
        .encode(
            x=alt.X("month:O", title="month of issue", sort=months, axis=alt.Axis(labelAngle=0)),
            y=alt.Y("article_count:Q", title="articles", stack="zero"),
            color=alt.Color("topic:N", title="topic", scale=alt.Scale(scheme="tableau20")),
            order=alt.Order("article_count:Q", sort="descending"),
            tooltip=[
                alt.Tooltip("month:O"),
                alt.Tooltip("topic:N"),
                alt.Tooltip("article_count:Q", title="articles"),
                alt.Tooltip("avg_score:Q", title="mean score", format=".2f"),
            ],
        )
        .properties(width=alt.Step(max(40, 560 // max(1, len(months)))), height=300)
    )


def topic_heatmap_chart(trends: list[dict], months: list[str], topics: list[str]) -> dict:
    alt = _altair()
    base = alt.Chart(alt.Data(values=trends)).encode(
        x=alt.X("month:O", title="month of issue", sort=months, axis=alt.Axis(labelAngle=0)),
        y=alt.Y("topic:N", title=None, sort=topics),
    )
    cells = base.mark_rect().encode(
        color=alt.Color("article_count:Q", title="articles", scale=alt.Scale(scheme="greens")),
        tooltip=[alt.Tooltip("month:O"), alt.Tooltip("topic:N"), alt.Tooltip("article_count:Q", title="articles")],
    )
    dark = 0.6 * max(row["article_count"] for row in trends)  # white figures on the darker cells
    labels = base.mark_text(baseline="middle").encode(
        text=alt.Text("article_count:Q"),
        color=alt.condition(alt.datum.article_count > dark, alt.value("white"), alt.value("black")),
    )
    return _finish(alt.layer(cells, labels).properties(width=alt.Step(64), height=alt.Step(22)))


def figure_count_chart(counts: list[dict]) -> dict:
    alt = _altair()
    return _finish(
        alt.Chart(alt.Data(values=counts))
        .mark_bar()
        .encode(
            x=alt.X("n:Q", title="figures quoted", axis=alt.Axis(tickMinStep=1)),
            y=alt.Y("metric:N", title=None, sort="-x"),
            color=alt.Color("normalized_unit:N", title="unit"),
            tooltip=[
                alt.Tooltip("metric:N"),
                alt.Tooltip("normalized_unit:N", title="unit"),
                alt.Tooltip("n:Q", title="figures"),
                alt.Tooltip("periods:N"),
            ],
        )
        .properties(width=560, height=alt.Step(18))
    )


def figure_value_chart(figures: list[dict]) -> dict:
    alt = _altair()
    points = (
        alt.Chart()
        .mark_circle(size=70, opacity=0.75)
        .encode(
            x=alt.X("value_normalized:Q", title="value (normalised, log scale)", scale=alt.Scale(type="log")),
            y=alt.Y("metric:N", title=None),
            color=alt.Color("normalized_unit:N", title="unit", legend=None),
            tooltip=[
                alt.Tooltip("text:N", title="as written"),
                alt.Tooltip("metric:N"),
                alt.Tooltip("value_normalized:Q", title="value", format=",.4~g"),
                alt.Tooltip("normalized_unit:N", title="unit"),
                alt.Tooltip("period:N"),
                alt.Tooltip("subject:N"),
                alt.Tooltip("headline:N", title="article"),
                alt.Tooltip("issue_date:N", title="issue"),
            ],
        )
        .properties(width=560, height=alt.Step(16))
    )
    return _finish(
        alt.FacetChart(
            data=alt.Data(values=figures),
            spec=points,
            facet=alt.Facet("normalized_unit:N", title=None, header=alt.Header(labelFontWeight="bold")),
            columns=1,
        ).resolve_scale(x="independent", y="independent")
    )


# ---------------------------------------------------------------- sections


def _section(anchor: str, title: str, intro: str, parts: list[str]) -> str:
    return (
        f'<section id="{e(anchor)}"><h2>{e(title)}</h2><p class="note">{e(intro)}</p>' + "".join(parts) + "</section>"
    )


class _Charts:
    """Collects chart specs; `figure` places one chart's element in the page."""

    def __init__(self) -> None:
        self.specs: dict[str, dict] = {}

    def figure(self, name: str, spec: dict | None, caption: str, empty: str = "No data yet.") -> str:
        if spec is None:
            return f'<p class="note">{e(empty)}</p>'
        chart_id = f"chart-{name}"
        self.specs[chart_id] = spec
        return (
            f'<figure class="chart"><div id="{e(chart_id)}" class="vega-chart" role="img" '
            f'aria-label="{e(caption)}"></div><figcaption>{e(caption)}</figcaption></figure>'
        )


def _officials_section(con, charts: _Charts) -> str:
    officials = _rows(con, "SELECT * FROM official_article_counts LIMIT ?", [max(TOP_OFFICIALS, ROWS)])
    _official_labels(officials)
    top = officials[:TOP_OFFICIALS]
    order = [row["label"] for row in top]
    label = {row["official_id"]: row["label"] for row in top}
    roles = _rows(
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
    monthly = _rows(
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
    return _section(
        "officials",
        "Officials' activity",
        "From the official_article_counts and official_activity_by_month models: one person per "
        "official_id (two people sharing a name stay apart).",
        parts,
    )


def _topics_section(con, charts: _Charts) -> str:
    trends = _rows(
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
    keywords = _rows(
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
    return _section(
        "topics",
        "Topic trends over time",
        f"From the topic_trends and top_keywords_by_month models. Pages whose issue date is unknown "
        f"are counted under “{UNKNOWN_MONTH}”.",
        parts,
    )


def _figures_section(con, charts: _Charts) -> str:
    by_metric = _rows(
        con,
        "SELECT coalesce(metric, '(no metric)') AS metric, normalized_unit, n, sum_value, "
        "min_value, max_value, periods, count(*) OVER () AS total FROM economic_figures_by_metric LIMIT ?",
        [max(TOP_METRICS, ROWS)],
    )
    counts = [dict(row, periods="、".join(p for p in row["periods"] if p)) for row in by_metric[:TOP_METRICS]]
    figures = _rows(
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
    quoted = _rows(
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
    return _section(
        "figures",
        "Economic figures by metric",
        "From the economic_figures table and the economic_figures_by_metric model. Values are "
        "normalised (亿元 → CNY, 万千瓦时 → kWh, …); 亿 = 10⁸, 万 = 10⁴.",
        parts,
    )


def _articles_section(con) -> str:
    articles = _rows(
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
    return _section(
        "articles", "Recent articles", f"The {len(articles)} most recent articles (undated pages last).", [table]
    )


def _summary(con) -> tuple[str, str]:
    row = _rows(
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


# ---------------------------------------------------------------- the page


@functools.cache
def vega_javascript() -> str:
    """Vega, Vega-Lite (the version Altair writes) and vega-embed as one script, from vl-convert-python."""
    import vl_convert

    alt = _altair()
    # The stub marks `snippet` required; the default one (globals vegaEmbed, vegaLite, vega) is what we need.
    bundle = vl_convert.javascript_bundle(vl_version="_".join(alt.SCHEMA_VERSION.split(".")[:2]))  # type: ignore[call-arg]
    if "</script" in bundle.lower() or "<!--" in bundle:
        raise ValueError("the vl-convert JavaScript bundle cannot be inlined in a <script> element")
    return bundle


def build_report(warehouse: Warehouse) -> str:
    """The report on a warehouse as one HTML document (a str)."""
    if not warehouse.db_path.exists():
        raise FileNotFoundError(f"{warehouse.db_path}: no database yet; run `gazette run` first")
    alt = _altair()
    charts = _Charts()
    with duckdb.connect(str(warehouse.db_path), read_only=True) as con, alt.data_transformers.disable_max_rows():
        live_pages_only(con)  # pages whose file left the inbox are not counted
        summary, span = _summary(con)
        from pipelines.report.careers import careers_section  # its own module, imported once this one is

        sections = [
            _officials_section(con, charts),
            careers_section(con, charts),
            _topics_section(con, charts),
            _figures_section(con, charts),
            _articles_section(con),
        ]
    import vl_convert

    generated = dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M UTC")
    return Template(TEMPLATE.read_text(encoding="utf-8")).substitute(
        title=e("gazette report"),
        lede=e(f"Warehouse {warehouse.root} · {span} · generated {generated}."),
        summary=summary,
        sections="\n".join(sections),
        chart_count=len(charts.specs),
        specs_json=script_json(charts.specs),
        font_css=FONT_CSS,
        vega_bundle=vega_javascript(),
        vega_version=e(vl_convert.get_vega_version()),
        vegalite_version=e(alt.SCHEMA_VERSION.lstrip("v")),
        vegaembed_version=e(vl_convert.get_vega_embed_version()),
        vlconvert_version=e(package_version("vl-convert-python")),
    )


def write_report(warehouse: Warehouse, out: Path) -> Path:
    """Write the report to `out` (its folder is created); return the path."""
    out = Path(out)
    text = build_report(warehouse)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(text, encoding="utf-8")
    return out


def report_command(warehouse: Warehouse, out: Path | None) -> int:
    """`gazette report`: write the file and say where; 2 when there is no warehouse yet."""
    out = Path(out) if out else warehouse.root / "report.html"
    try:
        path = write_report(warehouse, out)
    except FileNotFoundError as exc:
        print(f"gazette: {exc}", file=sys.stderr)
        return 2
    except duckdb.Error as exc:
        print(f"gazette: report: {one_line(exc)}", file=sys.stderr)
        return 1
    print(f"gazette: report ({path.stat().st_size / 1e6:.1f} MB) -> {path}")
    return 0
