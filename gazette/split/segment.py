"""Split a cleaned page into articles and non-article blocks.

A newspaper page is a sequence of bodies, headline lines and credit lines.
On a Markdown or paragraph page the headline comes first; on PDF-column text it
often comes *after* its body, with the credit line before or after it. So each
cleaned line is first classified (boilerplate, byline, headline candidate, body
paragraph), then the page is segmented by dynamic programming: every article is
one run of body paragraphs with its headline lines on one side and its bylines
around them, and the segmentation with the lowest cost (costs in layout.yaml)
wins. 本报讯 always opens a new article. Lines no article can take become
`page_blocks` rows, so every character of the page is accounted for.

The parts: roles.py classifies the lines, partition.py finds the lowest-cost
segmentation, articles.py reads each segment as an articles row; this module puts a
page's articles and blocks together.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal, NewType

from gazette.clean import CleanedPage
from gazette.rows import ArticleRow, BlockKind, PageBlockRow, PageRow
from gazette.split.articles import CreditColumn, Credits, article_type, build_article, find_dateline, parse_byline
from gazette.split.partition import segment
from gazette.split.roles import BODY_KINDS, Item, classify

# The splitter's names that the given-articles split (given.py) and explain import from here.
__all__ = [
    "BODY_KINDS",
    "CreditColumn",
    "Credits",
    "Owner",
    "SplitPage",
    "article_owner",
    "article_type",
    "block_owner",
    "classify",
    "find_dateline",
    "parse_byline",
    "split_page",
]


# Who a cleaned line belongs to: "article:<ordinal>" or "block:<kind>" (article_owner, block_owner).
Owner = NewType("Owner", str)


def article_owner(ordinal: int) -> Owner:
    return Owner(f"article:{ordinal}")


def block_owner(kind: BlockKind | Literal[""]) -> Owner:
    return Owner(f"block:{kind}")


@dataclass
class SplitPage:
    articles: list[ArticleRow]
    blocks: list[PageBlockRow]
    owners: list[Owner] = field(default_factory=list)  # per cleaned line


def split_page(page_row: PageRow, cleaned: CleanedPage) -> SplitPage:
    """The articles and blocks of a cleaned page; `page_row` is its pages row (page_id, issue_date)."""
    items = classify(cleaned)
    owner_of: dict[int, Owner] = {}
    articles: list[ArticleRow] = []
    orphans: list[Item] = []
    for seg in segment(items, cleaned.layout):
        if any(it.kind in BODY_KINDS for it in seg):
            article = build_article(page_row, len(articles) + 1, seg, cleaned.raw_offsets)
            articles.append(article)
            owner_of.update({id(it.line): article_owner(article["ordinal"]) for it in seg})
        else:
            orphans += seg
    for it in orphans:
        it.kind, it.block_kind = "boilerplate", "fragment"
    blocks = _blocks(page_row["page_id"], [it for it in items if it.kind == "boilerplate"])
    owner_of.update({id(it.line): block_owner(it.block_kind) for it in items if it.kind == "boilerplate"})
    owners = [owner_of[id(line)] for line in cleaned.lines]
    return SplitPage(articles, blocks, owners)


def _blocks(page_id: str, items: list[Item]) -> list[PageBlockRow]:
    """Consecutive boilerplate lines of one kind form one block."""
    items = sorted(items, key=lambda it: it.line.start)
    blocks: list[PageBlockRow] = []
    next_line = -1  # where the line after the last block's last line starts
    for it in items:
        kind = it.block_kind
        assert kind, "a boilerplate item has its block kind"
        if blocks and blocks[-1]["kind"] == kind and next_line == it.line.start:
            blocks[-1]["text"] += "\n" + it.text
            blocks[-1]["char_end"] = it.line.end
        else:
            blocks.append(
                {
                    "page_id": page_id,
                    "ordinal": len(blocks) + 1,
                    "kind": kind,
                    "text": it.text,
                    "char_start": it.line.start,
                    "char_end": it.line.end,
                }
            )
        next_line = it.line.end + 1
    return blocks
