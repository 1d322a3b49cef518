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
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any, Literal, NewType, TypedDict, cast

from pipelines.clean import CleanedPage, CleanLine, byline_pattern, ends_sentence, markers, starts_news_lead
from pipelines.rows import ArticleRow, ArticleType, BlockKind, PageBlockRow, PageRow
from pipelines.rules import load_rules

# ---------------------------------------------------------------- rules


def layout() -> dict[str, Any]:
    return load_rules("pipelines.split", "layout.yaml")


@lru_cache(maxsize=1)
def _patterns() -> dict[str, re.Pattern]:
    rules = layout()
    return {
        "speech_kicker": re.compile(rules["headline"]["speech_kicker"]),
        "dateline": re.compile(rules["dateline"]["pattern"]),
        "edition": re.compile(markers()["edition_line"]),
        "salutation": re.compile(markers()["salutation"]),
        "dateline_credit": re.compile(markers()["dateline_credit"]),
        "author_note": re.compile(markers()["author_note"]),
        "interior_heading": re.compile("|".join(f"(?:{g})" for g in markers()["interior_heading"].values())),
        "closing_line": re.compile(
            "|".join(f"(?:{markers()['interior_heading'][g]})" for g in markers()["closing_line"])
        ),
    }


NAME = re.compile(r"[\u4e00-\u9fff·]{2,6}")  # a name in a credit list

# The articles column a credited name goes in (markers.yaml `byline_roles` maps each role word to one).
CreditColumn = Literal["reporters", "correspondents", "photographers"]


class Credits(TypedDict):
    """The names an article credits, by the articles column each goes in."""

    reporters: list[str]
    correspondents: list[str]
    photographers: list[str]


# ---------------------------------------------------------------- items


# The role a cleaned line can play in an article; lead is a body line opening with 本报讯.
ItemKind = Literal["body", "lead", "headline", "byline", "signature", "boilerplate"]


@dataclass
class Item:
    """A cleaned line with the role it can play in an article."""

    kind: ItemKind
    line: CleanLine
    block_kind: BlockKind | Literal[""] = ""  # for boilerplate: masthead, promo, weather, copyright, ad, fragment
    # A credit or lead indented like a paragraph on a page that indents them: set in the running
    # text (a second reporter's section, a letter's signature, a roundup's items), so it may sit
    # between two bodies.
    inline: bool = False
    interior: bool = False  # a heading line read as part of the article around it (a section head, a label)

    @property
    def text(self) -> str:
        return self.line.text


def _boilerplate_kind(line: CleanLine, index: int) -> BlockKind | Literal[""]:
    text = line.text
    m = markers()
    for kind, words in m["boilerplate"].items():
        if len(text) > 30 and (kind in ("masthead", "promo") or (kind == "ad" and "。" in text)):
            continue  # a long line mentioning 客户端, or sentences mentioning 广告 or 联系电话, are article text
        if any(w in text for w in words):
            return cast(BlockKind, kind)  # a key of markers.yaml `boilerplate` (tests/test_rows.py)
    if index < 12 and (_patterns()["edition"].match(text) or re.fullmatch(r"[A-Z ]{4,}", text)):
        return "masthead"
    return ""


def classify(cleaned: CleanedPage) -> list[Item]:
    rules = layout()["headline"]
    items: list[Item] = []
    for index, line in enumerate(cleaned.lines):
        text = line.text
        inline = cleaned.indented and line.indent
        if line.kind == "byline":
            items.append(Item("byline", line, inline=inline))
        elif line.kind == "signature":
            items.append(Item("signature", line, inline=inline))
        elif line.kind == "heading":
            items.append(Item("headline", line))
        elif kind := _boilerplate_kind(line, index):
            items.append(Item("boilerplate", line, kind))
        elif starts_news_lead(text):
            # On a page that indents paragraphs, headings open articles and a roundup's items may each
            # open with a dateline, so an indented lead may sit inside an article.
            items.append(Item("lead", line, inline=inline))
        elif inline:
            items.append(Item("body", line))  # an indented paragraph, however short: a section head, a caption
        elif _patterns()["salutation"].match(text):
            items.append(Item("body", line))  # 同志们，朋友们： opens a speech or a letter
        elif cleaned.indented and len(text) <= rules["indented_page_max_chars"] and not re.search(r"[。；]", text):
            items.append(Item("headline", line))  # unindented among indented paragraphs: 丰收啦！ is a headline
        elif len(text) <= rules["max_chars"] and not re.search(r"[。！？；]", text) and not ends_sentence(text):
            items.append(Item("headline", line))
        else:
            items.append(Item("body", line))
    return _absorb_interior_heads(_spread_ads(items), cleaned)


def _packs_paragraphs(items: list[Item], cleaned: CleanedPage) -> bool:
    """Does the page set paragraphs one under another, keeping blank lines for between articles?"""
    bodies = [k for k, it in enumerate(items[:-1]) if it.kind in BODY_KINDS]
    packed = sum(1 for k in bodies if items[k + 1].line.block == items[k].line.block)
    share = layout()["interior_heads"]["packed_page_share"]
    return cleaned.layout == "paragraphs" and len(bodies) >= 2 and packed >= share * len(bodies)


def interior_head_score(item: Item, previous: Item, packed: bool) -> float:
    """How strongly a heading line between two paragraphs reads as part of the article around it."""
    rules = layout()["interior_heads"]
    weights = rules["weights"]
    text = item.text
    score = 0.0
    if _patterns()["interior_heading"].search(text):
        score += weights["grammar"]
    if packed and previous.line.block == item.line.block:
        score += weights["same_block"]
    if len(text) <= rules["short_max_chars"]:
        score += weights["short"]
    return score


def _absorb_interior_heads(items: list[Item], cleaned: CleanedPage) -> list[Item]:
    """Section heads, labels, captions and credits set between two paragraphs stay in the article.

    A run of heading and credit lines with a paragraph on each side is absorbed when every
    heading line in it scores at least the threshold (interior_heads in layout.yaml): it then
    reads as a body line (a credit keeps its role, set in the text), so it opens no article.
    """
    if cleaned.indented:
        return items  # the page indents its paragraphs: an unindented line between two is a heading
    threshold = layout()["interior_heads"]["threshold"]
    packed = _packs_paragraphs(items, cleaned)
    seq = [it for it in items if it.kind != "boilerplate"]
    k = 0
    while k < len(seq):
        if seq[k].kind in BODY_KINDS or k == 0 or seq[k - 1].kind not in BODY_KINDS:
            k += 1
            continue
        end = k
        while end < len(seq) and seq[end].kind in ("headline", "byline", "signature"):
            end += 1
        closing = k
        while (
            closing < end and seq[closing].kind == "headline" and _patterns()["closing_line"].search(seq[closing].text)
        ):
            seq[closing].kind, seq[closing].interior = "body", True  # （作者为…）, ——某某, 某某摄 end their article
            closing += 1
        if closing > k:
            continue
        run = seq[k:end]
        closed = end < len(seq) and seq[end].kind == "body"
        if (
            closed
            and not any(it.line.kind == "heading" for it in run)  # a Markdown heading is always a headline
            and all(
                interior_head_score(it, seq[i - 1], packed) >= threshold
                for i, it in enumerate(run, k)
                if it.kind == "headline"
            )
            and all(
                it.kind == "headline"
                or it.inline
                or it.line.block == seq[k - 1].line.block
                or _patterns()["interior_heading"].search(it.text)  # a picture credit: 本报记者 某某摄
                for it in run
            )
        ):
            for it in run:
                if it.kind == "headline":
                    it.kind, it.interior = "body", True
                else:
                    it.inline = True
        k = end
    return items


def _spread_ads(items: list[Item]) -> list[Item]:
    """An ad is a whole printed block: school name, address and slogan go with its hotline line."""
    ad_blocks = {it.line.block for it in items if it.block_kind == "ad"}
    for it in items:
        if it.line.block in ad_blocks and it.kind != "boilerplate":
            it.kind, it.block_kind = "boilerplate", "ad"
    return items


# ---------------------------------------------------------------- segmentation

BODY_KINDS: tuple[ItemKind, ...] = ("body", "lead")


def _segment_cost(seg: list[Item], page_layout: str) -> float | None:
    """Cost of reading `seg` as one article (None if it cannot be one)."""
    cost = layout()["segment_costs"]
    body_at = [k for k, it in enumerate(seg) if it.kind in BODY_KINDS]
    if not body_at:
        return sum(cost["orphan_headline_line"] if it.kind == "headline" else cost["orphan_byline"] for it in seg)
    first, last = body_at[0], body_at[-1]
    inside = seg[first : last + 1]
    if any(it.kind not in BODY_KINDS and not it.inline for it in inside) or any(
        it.kind == "lead" and not it.inline for it in inside[1:]
    ):
        return None  # bodies are contiguous but for credits set in the text; 本报讯 opens an article
    pre = [it for it in seg[:first] if it.kind == "headline"]
    post = [it for it in seg[last + 1 :] if it.kind == "headline"]
    total = sum(cost["credit_inside_body"] for it in inside if it.kind not in BODY_KINDS)
    if pre and post:
        total += cost["headlines_both_sides"]
    if not pre and not post:
        total += cost["no_headline"]
    total += max(0, len(pre) + len(post) - 2) * cost["extra_headline_line"]
    total += max(0, _byline_groups(seg) - 1) * cost["extra_byline_group"]
    total += sum(cost["markdown_heading_after_body"] for it in post if it.line.kind == "heading")
    if post and page_layout != "narrow-columns":
        total += cost["headline_after_body_in_paragraphs"]
    return total


def _byline_groups(seg: list[Item]) -> int:
    """Credit groups: runs of byline lines printed in one block."""
    groups, previous = 0, None
    for it in seg:
        if (
            it.kind == "byline"
            and not it.inline
            and (previous is None or previous.kind != "byline" or previous.line.block != it.line.block)
        ):
            groups += 1
        previous = it
    return groups


def _boundary_cost(left: Item, right: Item) -> float:
    """Cost of starting a new article between two neighbouring items.

    Paragraphs of running text only part at 本报讯; a byline printed right under
    a headline (same block) goes with it.
    """
    if left.kind in BODY_KINDS and right.kind == "body":
        return float("inf")
    kinds = {left.kind, right.kind}
    if left.line.block == right.line.block and kinds == {"headline", "byline"}:
        return layout()["segment_costs"]["split_headline_from_byline"]
    return 0.0


def segment(items: list[Item], page_layout: str) -> list[list[Item]]:
    """Lowest-cost partition of the non-boilerplate items into articles and orphans."""
    seq = [it for it in items if it.kind != "boilerplate"]
    n = len(seq)
    # Articles can only part where the boundary cost is finite (never inside running text), so
    # the search runs over those cuts: a page of thousands of paragraphs has few of them.
    boundary = {k: _boundary_cost(seq[k - 1], seq[k]) for k in range(1, n)}
    cuts = [0, *(k for k in range(1, n) if boundary[k] != float("inf")), n]
    best: dict[int, float] = {0: 0.0}
    back: dict[int, int] = {}
    for jc in range(1, len(cuts)):
        j = cuts[jc]
        best[j] = float("inf")
        for ic in range(jc - 1, -1, -1):
            i = cuts[ic]
            cost = _segment_cost(seq[i:j], page_layout)
            if cost is None:
                break  # an invalid article stays invalid as it grows leftwards
            total = best[i] + cost + (boundary[i] if i else 0.0)
            if total < best[j]:
                best[j], back[j] = total, i
    segments, j = [], n
    while j > 0:
        segments.append(seq[back[j] : j])
        j = back[j]
    return segments[::-1]


# ---------------------------------------------------------------- articles


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


def headline_parts(lines: list[Item], after_body: bool) -> tuple[str | None, str | None, str | None]:
    """(kicker, headline, subheadline) from the ordered headline lines of one article."""
    rules = layout()["headline"]
    texts = [it.text for it in lines]
    if not texts:
        return None, None, None
    if len(texts) == 1:
        return None, texts[0], None
    if len(texts) > 2:
        return texts[0], texts[1], "".join(texts[2:])
    first, second = texts
    levels = [it.line.level for it in lines]
    if _patterns()["speech_kicker"].search(first):
        return first, second, None
    if all(levels) and levels[0] < levels[1]:
        return None, first, second  # ## headline, ### subheadline
    if len(second) > rules["subheadline_min_chars"]:
        return None, first, second
    if len(first) > rules["kicker_max_chars"] or after_body or len(second) >= len(first):
        return first, second, None
    return None, first, second


def parse_byline(text: str) -> tuple[CreditColumn, list[str]]:
    """('reporters'|'correspondents'|'photographers', names) from a cleaned credit line.

    A credit ending in 摄 (新华社记者 某某摄) is for the pictures.
    """
    match = byline_pattern().match(text)
    if match is None:
        raise ValueError(f"not a credit line: {text!r}")
    role = markers()["byline_roles"][re.sub(r"\s", "", match.group("role"))]
    names = match.group("names").split()
    if names and names[-1].endswith("摄") and len(names[-1]) > 1:
        role, names[-1] = "photographers", names[-1][:-1]
    return role, names


def parse_dateline_credit(text: str) -> dict[CreditColumn, list[str]]:
    """Names credited in brackets after a dateline: 本报北京1月31日电（记者 某某、某某 通讯员 某某）.

    Names before any role word are reporters; names part at 、，, spaces or a role word.
    """
    match = _patterns()["dateline_credit"].match(text)
    credits: dict[CreditColumn, list[str]] = {"reporters": [], "correspondents": [], "photographers": []}
    if not match:
        return credits
    roles = markers()["byline_roles"]
    role_word = "|".join(sorted(map(re.escape, roles), key=len, reverse=True))
    role: CreditColumn = "reporters"
    for token in re.split(rf"({role_word})|[、，,\s]+", match.group("credit")):
        if not token:
            continue
        if token in roles:
            role = roles[token]
        elif NAME.fullmatch(token):
            credits[role].append(token)
        else:
            return {"reporters": [], "correspondents": [], "photographers": []}  # not a list of names
    return credits


def author_note(text: str) -> str | None:
    """作者为某大学教授 from the bracketed note that closes a signed piece."""
    match = _patterns()["author_note"].match(text)
    return match.group("note") if match else None


def find_dateline(body: str) -> str | None:
    head = body[: layout()["dateline"]["search_chars"]]
    match = _patterns()["dateline"].search(head)
    return match.group(1) if match else None


def article_type(headline: str | None, body_items: list[Item], credits: Credits, signature: str | None) -> ArticleType:
    types = layout()["types"]
    has_lead = any(it.kind == "lead" for it in body_items)
    text = headline or ""
    body_chars = sum(len(it.text) for it in body_items)
    if any(w in text for w in types["notice_words"]):
        return "notice"
    if (signature and not has_lead) or any(w in text for w in types["commentary_words"]):
        return "commentary"
    if credits["photographers"] and not credits["reporters"] and not has_lead:
        return "photo"
    if has_lead and body_chars <= types["brief_max_chars"]:
        return "brief"
    if not has_lead and credits["reporters"]:
        return "feature"
    return "news"


def build_article(page_row: PageRow, ordinal: int, seg: list[Item], raw_offsets: list[int]) -> ArticleRow:
    body_items = [it for it in seg if it.kind in BODY_KINDS]
    first_body = seg.index(body_items[0])
    heads = [it for it in seg if it.kind == "headline"]
    after_body = bool(heads) and seg.index(heads[0]) > first_body
    kicker, headline, subheadline = headline_parts(heads, after_body)
    credits: Credits = {"reporters": [], "correspondents": [], "photographers": []}
    for it in seg:
        if it.kind == "byline":
            role, names = parse_byline(it.text)
            credits[role] += [n for n in names if n not in credits[role]]
    for lead in (it for it in body_items if it.kind == "lead"):  # a roundup credits each of its items
        for role, names in parse_dateline_credit(lead.text).items():
            credits[role] += [n for n in names if n not in credits[role]]
    signature = next((it.text.lstrip("■ ") for it in seg if it.kind == "signature"), None)
    if signature is None:
        signature = next((note for it in body_items[::-1] if (note := author_note(it.text))), None)
    body = "\n".join(it.text for it in body_items)
    start, end = seg[0].line.start, seg[-1].line.end
    return {
        "article_id": f"{page_row['page_id']}-{ordinal:03d}",
        "page_id": page_row["page_id"],
        "issue_date": page_row.get("issue_date"),
        "ordinal": ordinal,
        "headline": headline,
        "kicker": kicker,
        "subheadline": subheadline,
        "type": article_type(headline, body_items, credits, signature),
        "dateline": find_dateline(body),
        "body": body,
        "body_chars": len(body),
        "reporters": credits["reporters"],
        "correspondents": credits["correspondents"],
        "photographers": credits["photographers"],
        "char_start": start,
        "char_end": end,
        "signature": signature,
        "raw_char_start": raw_offsets[start] if start < len(raw_offsets) else None,
        "raw_char_end": raw_offsets[end - 1] + 1 if 0 < end <= len(raw_offsets) else None,
    }


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
