"""Split a page whose extract step knows where its text came from (e-paper HTML, page PDFs).

- E-paper pages: the markup gives each article (one article page is one article), so nothing
  is guessed. Each region of the raw text (kicker, headline, subheadline, body, caption) is
  found again in the cleaned text through `raw_offsets`; credits and datelines printed inside
  the body (本报讯（记者 王强）) are still read, as are credit lines of their own.
- PDF pages: the text is cut as any Markdown page is (segment.py); each article then gets the
  box of the PDF lines it covers and the file it came from.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import replace
from functools import lru_cache
from typing import cast

from gazette.clean import CleanedPage, byline_pattern, markers
from gazette.clean.page import byline_names
from gazette.extract.founder import rules as epaper_rules
from gazette.extract.jumps import jump_line, take_jumps
from gazette.rows import ArticleRow, BlockKind, PageBlockRow, PageRow, Region
from gazette.split.segment import (
    BODY_KINDS,
    CreditColumn,
    Credits,
    Owner,
    SplitPage,
    article_owner,
    article_type,
    block_owner,
    classify,
    find_dateline,
    parse_byline,
    split_page,
)

ARTICLE_PARTS = ("kicker", "headline", "subheadline", "body")


def split_extracted(page_row: PageRow, cleaned: CleanedPage, regions: Sequence[Region] | None) -> SplitPage:
    """Articles and blocks of a page: as its markup gives them, else cut from its text."""
    regions = regions or []
    if any(region.get("article") for region in regions):
        return split_regions(page_row, cleaned, regions)
    pieces = split_page(page_row, cleaned)
    if regions:  # a PDF page: its articles' boxes, and credits printed inside the body, as on e-paper pages
        attach_boxes(pieces.articles, regions)
        for article in pieces.articles:
            for column, names in inline_credits(article["body"]).items():
                article[column] += [name for name in names if name not in article[column]]
            _headline_by_size(article, cleaned)
    return pieces


def _headline_by_size(article: ArticleRow, cleaned: CleanedPage) -> None:
    """On a PDF page the headline is the line set largest (`## `): a smaller line the split took for
    the headline (an editors' line over it) becomes the kicker, the lines under it the subheadline."""
    inside = [line for line in cleaned.lines if article["char_start"] <= line.start < article["char_end"]]
    largest = [line.text for line in inside if line.kind == "heading" and line.level == 2]
    parts = [article["kicker"], article["headline"], article["subheadline"]]
    if not largest or article["headline"] in largest or largest[0] not in parts:
        return
    at = parts.index(largest[0])
    before, after = [p for p in parts[:at] if p], [p for p in parts[at + 1 :] if p]
    article["kicker"], article["headline"] = "".join(before) or None, largest[0]
    article["subheadline"] = "".join(after) or None


def attach_boxes(articles: Sequence[ArticleRow], regions: Sequence[Region]) -> None:
    """Give each article the box covering the regions (PDF lines) its raw span overlaps, and their file."""
    for article in articles:
        start, end = article["raw_char_start"], article["raw_char_end"]
        if start is None or end is None:
            continue
        covered = [r for r in regions if r.get("box") and r["raw_start"] < end and r["raw_end"] > start]
        if covered:
            article["box"] = _union(cast(list[list[float]], [r["box"] for r in covered]))  # each has a box
            article["source_file"] = covered[0]["source"]


def _union(boxes: list[list[float]]) -> list[float]:
    return [min(b[0] for b in boxes), min(b[1] for b in boxes), max(b[2] for b in boxes), max(b[3] for b in boxes)]


@lru_cache(maxsize=1)
def _credit_roles() -> re.Pattern:
    roles = "|".join(map(re.escape, sorted(markers().byline_roles, key=len, reverse=True)))
    return re.compile(rf"(?P<role>{roles})\s*[:：]?\s*(?P<names>[^:：]*?)(?=\s*(?:{roles})|$)")


def inline_credits(body: str) -> dict[CreditColumn, list[str]]:
    """Credits in parentheses at the start of a body: 本报太原11月5日讯（记者 王强 通讯员 李明）."""
    credits: dict[CreditColumn, list[str]] = {"reporters": [], "correspondents": [], "photographers": []}
    head = body[: epaper_rules().inline_credit_search_chars]
    for group in re.finditer(epaper_rules().inline_credit, head):
        for credit in _credit_roles().finditer(group["inner"].strip()):
            column: CreditColumn = markers().byline_roles[credit["role"]]
            credits[column] += [n for n in byline_names(credit["names"]) if n not in credits[column]]
    return credits


def split_regions(page_row: PageRow, cleaned: CleanedPage, regions: Sequence[Region]) -> SplitPage:
    """One article per article ordinal of the regions; captions become `caption` blocks."""
    spans = sorted((r["raw_start"], r["raw_end"], k) for k, r in enumerate(regions) if r["raw_end"] > r["raw_start"])
    region_of: list[int | None] = [None] * len(cleaned.raw_offsets)
    cursor = 0
    for index, raw in enumerate(cleaned.raw_offsets):
        while cursor < len(spans) and spans[cursor][1] <= raw:
            cursor += 1
        if cursor < len(spans) and spans[cursor][0] <= raw:
            region_of[index] = spans[cursor][2]
    chars: dict[int, list[int]] = defaultdict(list)  # region index -> its cleaned characters
    for index, region in enumerate(region_of):
        if region is not None:
            chars[region].append(index)
    by_article: dict[int, list[int]] = defaultdict(list)
    for k, span in enumerate(regions):
        if span["article"] is not None:  # e-paper regions: each has its article; a PDF's masthead has none
            by_article[span["article"]].append(k)
    items = classify(cleaned)
    articles: list[ArticleRow] = []
    blocks: list[PageBlockRow] = []
    owner_at: dict[int, Owner] = {}
    for ordinal in sorted(by_article):
        members = by_article[ordinal]
        text_of = {
            kind: "".join(cleaned.text[i] for k in members if regions[k]["kind"] == kind for i in chars[k]).strip()
            or None
            for kind in ARTICLE_PARTS[:3]
        }
        body_at = [i for k in members if regions[k]["kind"] == "body" for i in chars[k]]
        if not body_at:
            continue
        article_at = sorted(i for k in members if regions[k]["kind"] in ARTICLE_PARTS for i in chars[k])
        start, end = article_at[0], article_at[-1] + 1
        jumps = take_jumps(cleaned.text[min(body_at) : max(body_at) + 1])
        body = jumps.body
        for jump in (
            jump_line(cleaned.text[chars[k][0] : chars[k][-1] + 1])
            for k in members
            if regions[k]["kind"] == "jump" and chars[k]
        ):
            if jump and jump.way == "onward":
                jumps = replace(jumps, continued_to=jumps.continued_to or jump.page)
            elif jump:
                jumps = replace(jumps, continued_from=jumps.continued_from or jump.page)
        credits = cast(Credits, inline_credits(body))  # all three columns, as inline_credits starts them
        body_lines = [it for it in items if min(body_at) <= it.line.start and it.line.end <= max(body_at) + 1]
        for item in body_lines:
            if item.kind == "byline" and byline_pattern().match(item.text):
                role, names = parse_byline(item.text)
                credits[role] += [n for n in names if n not in credits[role]]
        first = regions[members[0]]
        author = next((regions[k]["value"] for k in members if regions[k]["kind"] == "author"), None)
        headline = text_of["headline"]
        article: ArticleRow = {
            "article_id": f"{page_row['page_id']}-{len(articles) + 1:03d}",
            "page_id": page_row["page_id"],
            "issue_date": page_row.get("issue_date"),
            "ordinal": len(articles) + 1,
            "headline": headline,
            "kicker": text_of["kicker"],
            "subheadline": text_of["subheadline"],
            "type": article_type(headline, [it for it in body_lines if it.kind in BODY_KINDS], credits, None),
            "dateline": find_dateline(body),
            "body": body,
            "body_chars": len(body),
            **credits,
            "char_start": start,
            "char_end": end,
            "signature": None,
            "raw_char_start": cleaned.raw_offsets[start],
            "raw_char_end": cleaned.raw_offsets[end - 1] + 1,
            "author": author,
            "captions": [],
            "source_file": first["source"],
            "box": first["box"],
            "continued_to": jumps.continued_to,
            "continued_from": jumps.continued_from,
        }
        for k in members:
            if regions[k]["kind"] == "caption" and chars[k]:
                caption = cleaned.text[chars[k][0] : chars[k][-1] + 1]
                article["captions"].append(caption)
                blocks.append(
                    {
                        "page_id": page_row["page_id"],
                        "ordinal": len(blocks) + 1,
                        "kind": "caption",
                        "text": caption,
                        "char_start": chars[k][0],
                        "char_end": chars[k][-1] + 1,
                    }
                )
                owner_at[chars[k][0]] = block_owner("caption")
        owner_at[start] = article_owner(article["ordinal"])
        articles.append(article)
    for k, unowned in enumerate(regions):  # a printed page's lines of no article: its masthead, labels
        kind = unowned.get("value")
        if unowned["article"] is None and kind in ("masthead", "fragment") and chars[k]:
            blocks.append(
                {
                    "page_id": page_row["page_id"],
                    "ordinal": len(blocks) + 1,
                    "kind": cast(BlockKind, kind),
                    "text": cleaned.text[chars[k][0] : chars[k][-1] + 1],
                    "char_start": chars[k][0],
                    "char_end": chars[k][-1] + 1,
                }
            )
            owner_at[chars[k][0]] = block_owner(cast(BlockKind, kind))
    owners: list[Owner] = []
    current = block_owner("fragment")
    for line in cleaned.lines:
        current = next((owner for at, owner in owner_at.items() if line.start <= at < line.end), current)
        owners.append(current)
    return SplitPage(articles, blocks, owners)
