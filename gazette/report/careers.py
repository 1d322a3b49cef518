"""The report's careers section: posts held over time by the most-named officials, and the
latest appointments and removals (the official_posts model and the appointments table).

Kept apart from the report's other sections; gazette.report.build_report calls
`careers_section` with its DuckDB connection and chart collector.
"""

from __future__ import annotations

from typing import Any

import duckdb

from gazette.enrich.title_rules import title_rules
from gazette.quality import post_collisions
from gazette.report.charts import Charts, altair_module, finish, official_labels
from gazette.report.html import rows_table, section
from gazette.report.queries import rows_of
from gazette.report.sections import ROWS

TOP_CAREERS = 15  # officials in the timeline
POSTS_EACH = 6  # posts per official in the timeline: those printed in the most articles
SEEN_ONLY = "seen in reports"  # a post no printed appointment opened


def group_head() -> str:
    """The head of a leaders' list (市领导, 市四套班子领导同志), as a regex anchored at a title's end:
    enrich's titles.yaml's group grammar ends in these (read when a report is made)."""
    titles = title_rules()
    return f"{titles.group_head}({titles.honorific})?$"


def careers(
    con: duckdb.DuckDBPyConnection, top: int = TOP_CAREERS, posts_each: int = POSTS_EACH
) -> list[dict[str, Any]]:
    """official_posts rows with dates, of the `top` officials named in the most articles
    (mentions and appointments), most-named first; each person's `posts_each` posts printed in
    the most articles, in order of first_seen.
    The head of a leaders' list (市领导A、B) is not a post: those rows are left out."""
    return rows_of(con, "careers", group_head=group_head(), top=top, posts_each=posts_each)


def career_chart(posts: list[dict[str, Any]]) -> dict[str, Any]:
    """One row per (official, post), a bar from the first to the last issue that printed it;
    a post seen in one issue only is a dot. Coloured by how the post opened."""
    alt = altair_module()
    data = [
        {
            "row": f"{post['label']} · {post['title']}",
            "label": post["label"],
            "title": post["title"],
            "first_seen": post["first_seen"].isoformat(),
            "last_seen": post["last_seen"].isoformat(),
            "opened": post["opened_by"] or SEEN_ONLY,
            "closed": post["closed_by"] or "",
            "articles": post["articles"],
        }
        for post in posts
    ]
    return finish(
        alt.Chart(alt.Data(values=data))
        .mark_rule(strokeWidth=9, strokeCap="round")
        .encode(
            x=alt.X(
                "first_seen:T",
                title="issue date",
                axis=alt.Axis(format="%Y-%m", labelAngle=0),
                scale=alt.Scale(padding=12),  # a dot on the first or last day is drawn whole
            ),
            x2="last_seen:T",
            y=alt.Y("row:N", title=None, sort=[row["row"] for row in data]),
            color=alt.Color("opened:N", title="post opened by", scale=alt.Scale(scheme="tableau10")),
            tooltip=[
                alt.Tooltip("label:N", title="official"),
                alt.Tooltip("title:N", title="post"),
                alt.Tooltip("first_seen:T", title="first seen", format="%Y-%m-%d"),
                alt.Tooltip("last_seen:T", title="last seen", format="%Y-%m-%d"),
                alt.Tooltip("opened:N", title="opened by"),
                alt.Tooltip("closed:N", title="closed by"),
                alt.Tooltip("articles:Q", title="articles"),
            ],
        )
        .properties(width=620, height=alt.Step(20))
    )


def careers_section(con: duckdb.DuckDBPyConnection, charts: Charts) -> str:
    posts = careers(con)
    people = [dict(row) for row in {row["official_id"]: row for row in posts}.values()]
    official_labels(people)  # one label per person, the jurisdiction added where names repeat
    label = {row["official_id"]: row["label"] for row in people}
    for row in posts:
        row["label"] = label[row["official_id"]]
    latest = rows_of(con, "latest_appointments", rows=ROWS)
    [undated] = rows_of(con, "undated_posts")
    collisions = post_collisions(con.table("official_posts").to_arrow_table()).failures
    parts = [
        "<h3>Posts held over time</h3>",
        charts.figure(
            "careers",
            career_chart(posts) if posts else None,
            f"Posts of the {len(people)} most-named officials (at most {POSTS_EACH} each, those printed in the "
            "most articles): each bar runs from the "
            "first to the last issue that gave them the post (a dot: one issue), coloured by the printed "
            "appointment that opened it.",
            empty="No dated posts yet.",
        ),
        "<h3>Latest appointments and removals</h3>",
        rows_table(
            latest,
            {
                "issue": "issue_date",
                "effective": "effective",
                "event": "event",
                "name": "name",
                "post": "post",
                "jurisdiction": "jurisdiction",
                "sentence": "sentence",
                "article": "headline",
            },
            empty="No appointment, removal or election reported yet.",
        ),
    ]
    return section(
        "careers",
        "Careers",
        "From the official_posts model and the appointments table. One person is one name in one "
        "jurisdiction: two people sharing both are one career here. "
        f"Suspected collisions (one name holding incompatible posts in overlapping periods): {collisions}. "
        f"Posts seen only on undated pages, left out of the timeline: {undated['posts']}.",
        parts,
    )
