"""The role each line of a cleaned page can play in an article, and the rules the splitter reads.

Each cleaned line becomes an Item: boilerplate (masthead, promo, weather, ad, copyright), a
byline or signature, a headline candidate, or a body paragraph (a lead when it opens with 本报讯).
Heading lines set between two paragraphs of one article (section heads, labels, closing notes)
are read as body lines, so they open no article.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Literal

from gazette.clean import CleanedPage, CleanLine, ends_sentence, markers, starts_news_lead
from gazette.extract.jumps import jump_line
from gazette.rows import BlockKind
from gazette.split.rules import layout
from gazette.split.runs import model, model_runs, opens_article, page_gaps, run_features


@lru_cache(maxsize=1)
def patterns() -> dict[str, re.Pattern]:
    rules = layout()
    return {
        "speech_kicker": rules.headline.speech_kicker,
        "dateline": rules.dateline.pattern,
        "edition": re.compile(markers().edition_line),
        "salutation": re.compile(markers().salutation),
        "dateline_credit": re.compile(markers().dateline_credit),
        "author_note": re.compile(markers().author_note),
        "interior_heading": re.compile("|".join(f"(?:{g})" for g in markers().interior_heading.values())),
        "closing_line": re.compile("|".join(f"(?:{markers().interior_heading[g]})" for g in markers().closing_line)),
    }


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
    opens: bool = False  # in a run of heading lines the run model read as opening the article after it

    @property
    def text(self) -> str:
        return self.line.text


# The roles of the lines that make an article's body.
BODY_KINDS: tuple[ItemKind, ...] = ("body", "lead")


def _boilerplate_kind(line: CleanLine, index: int) -> BlockKind | Literal[""]:
    text = line.text
    m = markers()
    for kind, words in m.boilerplate.items():
        if len(text) > 30 and (kind in ("masthead", "promo") or (kind == "ad" and "。" in text)):
            continue  # a long line mentioning 客户端, or sentences mentioning 广告 or 联系电话, are article text
        if any(w in text for w in words):
            return kind  # markers.yaml `boilerplate` is keyed by BlockKind, checked when read
    if index < 12 and (patterns()["edition"].match(text) or re.fullmatch(r"[A-Z ]{4,}", text)):
        return "masthead"
    return ""


def classify(cleaned: CleanedPage, absorb: bool = True) -> list[Item]:
    """Each cleaned line with its role; `absorb=False` leaves heading lines between paragraphs as read."""
    rules = layout().headline
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
        elif jump_line(text):
            items.append(Item("body", line))  # 下转第2版, 上接第1版: its article's (build_article takes it out)
        elif starts_news_lead(text):
            # On a page that indents paragraphs, headings open articles and a roundup's items may each
            # open with a dateline, so an indented lead may sit inside an article.
            items.append(Item("lead", line, inline=inline))
        elif inline:
            items.append(Item("body", line))  # an indented paragraph, however short: a section head, a caption
        elif patterns()["salutation"].match(text):
            items.append(Item("body", line))  # 同志们，朋友们： opens a speech or a letter
        elif cleaned.columns and _cut_at_column_end(line):
            items.append(Item("body", line))  # running text stopped mid-sentence at a column's end: it jumps on
        elif cleaned.indented and len(text) <= rules.indented_page_max_chars and not re.search(r"[。；]", text):
            items.append(Item("headline", line))  # unindented among indented paragraphs: 丰收啦！ is a headline
        elif len(text) <= rules.max_chars and not re.search(r"[。！？；]", text) and not ends_sentence(text):
            items.append(Item("headline", line))
        elif (
            cleaned.columns and line.raw_lines == 1 and len(text) <= rules.column_max_chars and not ends_sentence(text)
        ):
            items.append(Item("headline", line))  # one line wider than the column: set across it
        else:
            items.append(Item("body", line))
    items = _spread_ads(items)
    return _absorb_interior_heads(items, cleaned) if absorb else items


def _cut_at_column_end(line: CleanLine) -> bool:
    """A paragraph of running text (a comma in it) whose every line fills its column, the last one too:
    it stops mid-sentence where the column ends and goes on elsewhere (下转, the next column's block),
    so however short, it is no heading."""
    return (
        line.raw_lines >= 2
        and line.last_width >= line.raw_width - 1
        and "，" in line.text
        and not ends_sentence(line.text)
    )


def _packs_paragraphs(items: list[Item], cleaned: CleanedPage) -> bool:
    """Does the page set paragraphs one under another, keeping blank lines for between articles?"""
    bodies = [k for k, it in enumerate(items[:-1]) if it.kind in BODY_KINDS]
    packed = sum(1 for k in bodies if items[k + 1].line.block == items[k].line.block)
    share = layout().interior_heads.packed_page_share
    return cleaned.layout == "paragraphs" and len(bodies) >= 2 and packed >= share * len(bodies)


def interior_head_score(item: Item, previous: Item, packed: bool) -> float:
    """How strongly a heading line between two paragraphs reads as part of the article around it."""
    rules = layout().interior_heads
    weights = rules.weights
    text = item.text
    score = 0.0
    if patterns()["interior_heading"].search(text):
        score += weights.grammar
    if packed and previous.line.block == item.line.block:
        score += weights.same_block
    if len(text) <= rules.short_max_chars:
        score += weights.short
    return score


def _absorb_interior_heads(items: list[Item], cleaned: CleanedPage) -> list[Item]:
    """Section heads, labels, captions and credits set between two paragraphs stay in the article.

    A run of heading and credit lines with a paragraph on each side is absorbed when every
    heading line in it scores at least the threshold (interior_heads in layout.yaml): it then
    reads as a body line (a credit keeps its role, set in the text), so it opens no article.
    """
    if cleaned.indented:
        return items  # the page indents its paragraphs: an unindented line between two is a heading
    threshold = layout().interior_heads.threshold
    packed = _packs_paragraphs(items, cleaned)
    seq = [it for it in items if it.kind != "boilerplate"]
    _absorb_by_model(seq, cleaned)
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
            closing < end and seq[closing].kind == "headline" and patterns()["closing_line"].search(seq[closing].text)
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
                or patterns()["interior_heading"].search(it.text)  # a picture credit: 本报记者 某某摄
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


def _close_articles(seq: list[Item]) -> None:
    """Closing lines (a credit, a source, an author's note) heading a run after a paragraph end its article."""
    for k in range(1, len(seq)):
        after_text = seq[k - 1].kind in BODY_KINDS or seq[k - 1].interior
        if after_text and seq[k].kind == "headline" and patterns()["closing_line"].search(seq[k].text):
            seq[k].kind, seq[k].interior = "body", True


@dataclass
class JudgedRun:
    """A run of heading lines between two paragraphs (seq[start:end]), its signals and the run model's verdict."""

    start: int
    end: int
    features: dict[str, float]
    opens: float  # the probability that it opens an article

    @property
    def inside(self) -> bool:
        return self.opens < model().threshold


def judge_runs(seq: list[Item], cleaned: CleanedPage) -> list[JudgedRun]:
    """On column text, closing lines end their articles, then the run model judges each run left."""
    if not cleaned.columns:
        return []
    _close_articles(seq)
    gaps = page_gaps(seq, cleaned)
    judged = []
    for start, end in model_runs(seq, cleaned):
        features = run_features(seq, start, end, cleaned, gaps)
        judged.append(JudgedRun(start, end, features, opens_article(features)))
    return judged


def _absorb_by_model(seq: list[Item], cleaned: CleanedPage) -> None:
    """Runs of heading lines the run model (runs.py) reads as inside their article become body lines; the
    lines of a run it reads as opening one are marked so (Item.opens)."""
    for run in judge_runs(seq, cleaned):
        for it in seq[run.start : run.end]:
            if run.inside:
                it.kind, it.interior = "body", True
            else:
                it.opens = True


def _spread_ads(items: list[Item]) -> list[Item]:
    """An ad is a whole printed block: school name, address and slogan go with its hotline line."""
    ad_blocks = {it.line.block for it in items if it.block_kind == "ad"}
    for it in items:
        if it.line.block in ad_blocks and it.kind != "boilerplate":
            it.kind, it.block_kind = "boilerplate", "ad"
    return items
