"""Data-quality checks on the warehouse tables, as plain functions on Arrow tables.

Each check returns a `CheckOutcome`; the Dagster assets turn them into asset
check results (visible in the UI beside every materialisation), and the tests
call them directly. A check names what failed and shows a few offending rows.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cache

import polars as pl
import pyarrow as pa

from gazette.enrich.appointment_rules import appointment_rules
from gazette.offsets import raw_offsets
from gazette.rows import AnyRow
from gazette.tables import PRIMARY_KEYS

EXAMPLES = 3


@dataclass(frozen=True)
class CheckOutcome:
    name: str
    table: str
    description: str
    failures: int
    examples: list[AnyRow] = field(default_factory=list)  # failing rows of the checked table

    @property
    def passed(self) -> bool:
        return self.failures == 0


def _frame(data: pa.Table) -> pl.DataFrame:
    """An Arrow table as a polars DataFrame (from_arrow also takes arrays, hence its wider type)."""
    frame = pl.from_arrow(data)
    assert isinstance(frame, pl.DataFrame)
    return frame


def _outcome(name: str, table: str, description: str, failing: pl.DataFrame) -> CheckOutcome:
    return CheckOutcome(name, table, description, failing.height, failing.head(EXAMPLES).to_dicts())


def unique_key(table: str, data: pa.Table) -> CheckOutcome:
    """No two rows share the table's primary key."""
    key = list(PRIMARY_KEYS[table])
    repeated = _frame(data.select(key)).group_by(key).len().filter(pl.col("len") > 1)
    return _outcome(f"unique_{'_'.join(key)}", table, f"no two rows share {', '.join(key)}", repeated)


def non_empty(table: str, data: pa.Table, *columns: str) -> CheckOutcome:
    """Every row has a value in each of `columns` (not null, not blank)."""
    frame = _frame(data)

    def blank(column: str) -> pl.Expr:
        dtype = frame.schema[column]
        if dtype == pl.String:
            return pl.col(column).is_null() | (pl.col(column).str.strip_chars() == "")
        if isinstance(dtype, pl.List):
            return pl.col(column).is_null() | (pl.col(column).list.len() == 0)
        return pl.col(column).is_null() | (pl.col(column).cast(pl.Float64, strict=False).is_nan().fill_null(False))

    failing = frame.filter(pl.any_horizontal(blank(column) for column in columns)).select(
        [*PRIMARY_KEYS[table], *columns]
    )
    return _outcome(f"{'_and_'.join(columns)}_present", table, f"every row has {' and '.join(columns)}", failing)


def offsets_inside_page(table: str, data: pa.Table, page_texts: pa.Table) -> CheckOutcome:
    """0 <= char_start < char_end <= length of the page's cleaned text (raw offsets: of its raw text)."""
    lengths = _frame(page_texts.select(["page_id", "clean_text", "raw_text"])).select(
        "page_id",
        pl.col("clean_text").str.len_chars().alias("clean_len"),
        pl.col("raw_text").str.len_chars().alias("raw_len"),
    )
    frame = _frame(data).join(lengths, on="page_id", how="left")
    outside = (
        pl.col("clean_len").is_null()
        | (pl.col("char_start") < 0)
        | (pl.col("char_start") >= pl.col("char_end"))
        | (pl.col("char_end") > pl.col("clean_len"))
    )
    if "raw_char_start" in frame.columns:
        outside |= (
            (pl.col("raw_char_start") < 0)
            | (pl.col("raw_char_start") >= pl.col("raw_char_end"))
            | (pl.col("raw_char_end") > pl.col("raw_len"))
        )
    failing = frame.filter(outside).select([*PRIMARY_KEYS[table], "char_start", "char_end", "clean_len"])
    return _outcome("offsets_inside_page", table, "every span lies inside its page's text", failing)


def offsets_map_back(page_texts: pa.Table) -> CheckOutcome:
    """Every cleaned character has one offset, and each points into the raw text.

    (Not necessarily in order: cleaning may move a headline printed after its body.)"""
    rows = []
    for page in page_texts.select(["page_id", "clean_text", "raw_text", "raw_offset_runs"]).to_pylist():
        runs, clean_len = page["raw_offset_runs"] or [], len(page["clean_text"] or "")
        starts = [run["clean"] for run in runs]
        ordered = starts == sorted(set(starts)) and (not runs or (starts[0] == 0 and starts[-1] < clean_len))
        offsets = raw_offsets(runs, clean_len) if ordered else []
        rows.append(
            {
                "page_id": page["page_id"],
                "clean_len": clean_len,
                "raw_len": len(page["raw_text"] or ""),
                "offsets": len(offsets) if ordered else -1,
                "lowest": min(offsets, default=0),
                "highest": max(offsets, default=-1),
            }
        )
    frame = pl.DataFrame(
        rows,
        schema={
            name: pl.Utf8 if name == "page_id" else pl.Int64
            for name in ("page_id", "clean_len", "raw_len", "offsets", "lowest", "highest")
        },
    )
    failing = frame.filter(
        (pl.col("offsets") != pl.col("clean_len")) | (pl.col("lowest") < 0) | (pl.col("highest") >= pl.col("raw_len"))
    )
    return _outcome("offsets_map_back", "page_texts", "every cleaned character maps to a raw character", failing)


@cache
def _exclusive_members() -> list[tuple[str, int]]:
    """(post, its exclusive_posts group), longest post first (副书记 before 书记)."""
    groups = appointment_rules().exclusive_posts
    return sorted(((post, i) for i, group in enumerate(groups) for post in group), key=lambda m: -len(m[0]))


def exclusive_post(title: str) -> tuple[str, int, str] | None:
    """(body, group, post) of a title ending in an exclusive_posts member: 市委副书记 -> (市委, i, 副书记)."""
    for post, group in _exclusive_members():
        if title.endswith(post):
            return title[: -len(post)], group, post
    return None


def incompatible(title_a: str, title_b: str) -> bool:
    """Two titles one person cannot hold at once: one body, two members of one exclusive group."""
    a, b = exclusive_post(title_a), exclusive_post(title_b)
    return bool(a and b and a[:2] == b[:2] and a[2] != b[2])


def post_collisions(official_posts: pa.Table) -> CheckOutcome:
    """Suspected collisions: one official_id (one name in one jurisdiction) holding two titles no
    one holds at once (副市长 and 市长 of one city, appointments.yaml's exclusive_posts) in
    overlapping periods. Periods that only touch (removed from one post the day the next is
    printed) do not overlap; undated titles are not compared."""
    frame = _frame(official_posts.select(["official_id", "name", "title", "first_seen", "last_seen"]))
    dated = frame.filter(pl.col("first_seen").is_not_null())
    pairs = dated.join(dated, on="official_id", suffix="_b").filter(
        (pl.col("title") < pl.col("title_b"))
        & (pl.col("first_seen") < pl.col("last_seen_b"))
        & (pl.col("first_seen_b") < pl.col("last_seen"))
    )
    failing = pairs.filter(
        pl.struct("title", "title_b").map_elements(
            lambda pair: incompatible(pair["title"], pair["title_b"]), return_dtype=pl.Boolean
        )
    ).select("official_id", "name", "title", "first_seen", "last_seen", "title_b", "first_seen_b", "last_seen_b")
    failing = failing.sort("official_id", "title", "title_b")
    return _outcome(
        "no_suspected_collisions",
        "official_posts",
        "no one name in one jurisdiction holds incompatible posts (副市长 and 市长) in overlapping periods",
        failing,
    )


def page_checks(tables: dict[str, pa.Table], page_texts: pa.Table | None = None) -> list[CheckOutcome]:
    """The checks for whichever page or global tables are given (rows of one page, or of all pages).

    `page_texts` (the same pages' texts) enables the offset checks on articles and page_blocks.
    """
    texts = tables.get("page_texts", page_texts)
    per_table = {
        "pages": lambda data: [non_empty("pages", data, "sha256", "partition_key")],
        "page_texts": lambda data: [offsets_map_back(data)],
        "articles": lambda data: (
            [non_empty("articles", data, "headline"), non_empty("articles", data, "body")]
            + ([offsets_inside_page("articles", data, texts)] if texts is not None else [])
        ),
        "page_blocks": lambda data: [offsets_inside_page("page_blocks", data, texts)] if texts is not None else [],
        "official_mentions": lambda data: [non_empty("official_mentions", data, "name", "title")],
        "economic_figures": lambda data: [non_empty("economic_figures", data, "value", "unit")],
        "officials": lambda data: [non_empty("officials", data, "name", "titles")],
        "appointments": lambda data: [non_empty("appointments", data, "name", "sentence")],
    }
    outcomes = []
    for table, data in tables.items():
        outcomes.append(unique_key(table, data))
        outcomes += per_table.get(table, lambda _: [])(data)
    return outcomes
