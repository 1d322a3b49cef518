"""One row of each warehouse table as a TypedDict, and the kinds its string columns take.

`gazette/tables/` (SCHEMAS) stays the source of truth for the columns and their Arrow types:
tests/test_rows.py fails when a TypedDict here and its schema disagree on a column or its type.
Columns a step does not fill are NotRequired (storage writes them as null).

A page has one name for each thing it is, used the same way everywhere:
- `source_path`: the page in the inbox (its path there); the warehouse stores its rows under
  `page_stem(source_path)` (gazette.warehouse), so a new version replaces the old one's rows;
- `sha256`: one version of its bytes; `partition_key` (`source_path@sha256[:12]`, extract.page_key)
  names that version as a Dagster partition;
- `page_id`: the page's content wherever it lies (the same bytes under two names are one page);
  every other table points at it.
"""

from __future__ import annotations

import datetime as dt
from typing import Any, Literal, NotRequired, TypedDict

from gazette.offsets import OffsetRun

# Rows by table name, as the steps hand them to storage: each list holds its table's row type (ROW_TYPES).
TableRows = dict[str, list[Any]]

# A row of whichever table, as the generic storage code handles it (gazette/storage, warehouse.py,
# tables.to_arrow): the table is a name known only at run time, so the row cannot be one TypedDict;
# SCHEMAS checks its columns when it becomes Arrow. Step code casts a row read back from storage
# to its table's TypedDict.
AnyRow = dict[str, Any]

# ---------------------------------------------------------------- kinds

# pages.format: what the file is, judged by its content; pages.text_source: where its text came from.
PageFormat = Literal["text", "markdown", "html", "pdf", "image"]
TextSource = Literal["file", "layer", "ocr"]
# articles.type (split/articles.py article_type).
ArticleType = Literal["news", "brief", "feature", "commentary", "photo", "notice"]
# page_blocks.kind: the boilerplate kinds of clean/markers.yaml, a fragment no article took, and an
# e-paper picture caption (split/given.py).
BlockKind = Literal["masthead", "promo", "weather", "copyright", "ad", "fragment", "caption"]
# official_mentions.status: what the article says of the person's post (enrich/officials/mentions.py).
MentionStatus = Literal["serving", "acting", "former", "appointed", "removed"]
# appointments.event: the change of office (enrich/appointments.yaml).
AppointmentEvent = Literal[
    "appointed", "acting", "concurrent", "removed", "resigned", "elected", "nominated", "transferred", "retired"
]
# page_texts.regions kind: a part of an e-paper article (extract/epaper.py; `author` holds the trailer's
# author, no printed text), or a PDF line (extract/pdf.py: `headline`, `subheadline` by font size, else `line`).
RegionKind = Literal["kicker", "headline", "subheadline", "body", "caption", "author", "jump", "line"]
# places.kind: the kinds of place suffix in enrich/places.yaml.
PlaceKind = Literal["town", "street", "village", "community", "zone"]

# ---------------------------------------------------------------- per-page tables


class PageRow(TypedDict):
    page_id: str
    source_path: str
    sha256: str
    format: PageFormat
    text_source: TextSource
    ocr_confidence: NotRequired[float | None]
    paper: str | None
    issue_date: dt.date | None
    issue_date_source: str | None
    issue_no: int | None
    edition: str | None
    page_no: str | None
    page_name: str | None
    char_count: int
    ingested_at: dt.datetime
    partition_key: str
    encoding: str | None  # None for a PDF (no text encoding)
    paper_source: str | None
    layout: NotRequired[str]  # set after cleaning (pipeline.read_and_clean)
    rules_version: NotRequired[str]
    warnings: list[str]
    deleted_at: NotRequired[dt.datetime | None]  # set by storage when the file leaves the inbox
    paper_name: str | None
    source_files: list[str]
    page_width: float | None
    page_height: float | None
    inbox: NotRequired[str]  # set by the run (or the Dagster asset) that read it


class Region(TypedDict):
    """Where a span of an e-paper or PDF page's raw text came from (page_texts.regions)."""

    article: int | None
    kind: RegionKind
    raw_start: int
    raw_end: int
    source: str | None
    box: list[float] | None
    value: str | None


class PageTextRow(TypedDict):
    page_id: str
    raw_text: str
    clean_text: str
    raw_offset_runs: list[OffsetRun]
    regions: list[Region]


class ArticleRow(TypedDict):
    article_id: str
    page_id: str
    issue_date: dt.date | None
    ordinal: int
    headline: str | None
    kicker: str | None
    subheadline: str | None
    type: ArticleType
    dateline: str | None
    body: str
    body_chars: int
    reporters: list[str]
    correspondents: list[str]
    photographers: list[str]
    char_start: int
    char_end: int
    signature: str | None
    raw_char_start: int | None
    raw_char_end: int | None
    author: NotRequired[str | None]  # e-paper and PDF pages (split/given.py)
    captions: NotRequired[list[str]]
    source_file: NotRequired[str | None]
    box: NotRequired[list[float] | None]
    # The 版 a jump line names (extract/jumps.py): 下转第2版 -> continued_to "2", 上接第1版 -> continued_from "1".
    continued_to: NotRequired[str | None]
    continued_from: NotRequired[str | None]


class PageBlockRow(TypedDict):
    page_id: str
    ordinal: int
    kind: BlockKind
    text: str
    char_start: int
    char_end: int


class OfficialMentionRow(TypedDict):
    article_id: str
    official_id: str
    name: str
    title: str
    jurisdiction: str | None
    role: str | None
    first_char_offset: int
    page_id: str | None
    issue_date: dt.date | None
    titles: list[str]
    posts: list[str]
    mention_count: int
    status: MentionStatus
    congress_member: bool


class EconomicFigureRow(TypedDict):
    figure_id: str
    article_id: str
    text: str
    metric: str | None
    value: float
    unit: str
    value_normalized: float | None
    normalized_unit: str | None
    growth_pct: float | None
    share_pct: float | None
    period: str | None
    subject: str | None
    page_id: str | None
    issue_date: dt.date | None
    approximate: bool
    char_offset: int
    value_low: float | None
    value_high: float | None


class ArticleTopicRow(TypedDict):
    article_id: str
    topic: str
    score: float
    method: str
    page_id: str | None
    issue_date: dt.date | None


class ArticleKeywordRow(TypedDict):
    article_id: str
    keyword: str
    weight: float
    rank: int
    page_id: str | None
    issue_date: dt.date | None


class PlaceRow(TypedDict):
    article_id: str
    place: str
    kind: PlaceKind
    mention_count: int
    page_id: str | None
    issue_date: dt.date | None


class AppointmentRow(TypedDict):
    article_id: str
    page_id: str | None
    issue_date: dt.date | None
    name: str
    event: AppointmentEvent
    post: str | None
    public_office: bool
    sentence: str
    char_offset: int
    official_id: str
    jurisdiction: str | None
    effective: dt.date | None
    title: str | None


# ---------------------------------------------------------------- tables rebuilt from every page


class OfficialRow(TypedDict):
    official_id: str
    name: str
    titles: list[str]
    jurisdiction: str | None
    first_seen: dt.date | None
    last_seen: dt.date | None
    article_count: int
    serving_article_count: int
    apart: str | None  # why an official with no jurisdiction is no other official of its name
    mention_ids: list[str]  # the official_ids its mentions carry: its own, and a joined placeless one


class OfficialTitleRow(TypedDict):
    official_id: str
    title: str
    first_seen: dt.date | None
    last_seen: dt.date | None
    first_article_id: str


# The row type of each table of gazette.tables.SCHEMAS.
ROW_TYPES: dict[str, type] = {
    "pages": PageRow,
    "page_texts": PageTextRow,
    "articles": ArticleRow,
    "page_blocks": PageBlockRow,
    "official_mentions": OfficialMentionRow,
    "officials": OfficialRow,
    "official_titles": OfficialTitleRow,
    "economic_figures": EconomicFigureRow,
    "article_topics": ArticleTopicRow,
    "article_keywords": ArticleKeywordRow,
    "places": PlaceRow,
    "appointments": AppointmentRow,
}
