"""The report's charts: Vega-Lite specs built with Altair, and the Vega JavaScript the page inlines."""

from __future__ import annotations

import functools
from collections import Counter
from typing import Any

from gazette.report.html import FONT_CSS, escaped


@functools.cache
def altair_module():
    import altair as alt  # imported on first use: `gazette run` and `gazette sql` never pay for it

    return alt


def finish(chart) -> dict[str, Any]:
    """A chart's Vega-Lite spec, with the report's fonts."""
    return chart.configure(font=FONT_CSS).configure_view(stroke=None).to_dict()


def official_labels(rows: list[dict[str, Any]]) -> None:
    """Give each official row a `label`: the name, plus the jurisdiction (then the id) where names repeat."""
    names = Counter(row["name"] for row in rows)
    for row in rows:
        row["label"] = row["name"] if names[row["name"]] == 1 else f"{row['name']}（{row['jurisdiction'] or '?'}）"
    labels = Counter(row["label"] for row in rows)
    for row in rows:
        if labels[row["label"]] > 1:
            row["label"] = f"{row['label']} {row['official_id'][:6]}"


def officials_chart(officials: list[dict[str, Any]]) -> dict[str, Any]:
    alt = altair_module()
    data = [
        {k: row[k] for k in ("label", "jurisdiction", "article_count", "page_count")}
        | {
            "titles": "、".join(row["titles"] or []),
            "first_seen": row["first_seen"] and row["first_seen"].isoformat(),
            "last_seen": row["last_seen"] and row["last_seen"].isoformat(),
        }
        for row in officials
    ]
    return finish(
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


def official_roles_chart(roles: list[dict[str, Any]], order: list[str]) -> dict[str, Any]:
    alt = altair_module()
    return finish(
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


def topic_trend_chart(trends: list[dict[str, Any]], months: list[str]) -> dict[str, Any]:
    alt = altair_module()
    return finish(
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


def topic_heatmap_chart(trends: list[dict[str, Any]], months: list[str], topics: list[str]) -> dict[str, Any]:
    alt = altair_module()
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
    return finish(alt.layer(cells, labels).properties(width=alt.Step(64), height=alt.Step(22)))


def figure_count_chart(counts: list[dict[str, Any]]) -> dict[str, Any]:
    alt = altair_module()
    return finish(
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


def figure_value_chart(figures: list[dict[str, Any]]) -> dict[str, Any]:
    alt = altair_module()
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
    return finish(
        alt.FacetChart(
            data=alt.Data(values=figures),
            spec=points,
            facet=alt.Facet("normalized_unit:N", title=None, header=alt.Header(labelFontWeight="bold")),
            columns=1,
        ).resolve_scale(x="independent", y="independent")
    )


class Charts:
    """Collects chart specs; `figure` places one chart's element in the page."""

    def __init__(self) -> None:
        self.specs: dict[str, dict[str, Any]] = {}  # element id -> its Vega-Lite spec

    def figure(self, name: str, spec: dict[str, Any] | None, caption: str, empty: str = "No data yet.") -> str:
        if spec is None:
            return f'<p class="note">{escaped(empty)}</p>'
        chart_id = f"chart-{name}"
        self.specs[chart_id] = spec
        return (
            f'<figure class="chart"><div id="{escaped(chart_id)}" class="vega-chart" role="img" '
            f'aria-label="{escaped(caption)}"></div><figcaption>{escaped(caption)}</figcaption></figure>'
        )


@functools.cache
def vega_javascript() -> str:
    """Vega, Vega-Lite (the version Altair writes) and vega-embed as one script, from vl-convert-python."""
    import vl_convert

    alt = altair_module()
    # The stub marks `snippet` required; the default one (globals vegaEmbed, vegaLite, vega) is what we need.
    bundle = vl_convert.javascript_bundle(vl_version="_".join(alt.SCHEMA_VERSION.split(".")[:2]))  # type: ignore[call-arg]
    if "</script" in bundle.lower() or "<!--" in bundle:
        raise ValueError("the vl-convert JavaScript bundle cannot be inlined in a <script> element")
    return bundle
