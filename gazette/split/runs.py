"""Does a run of short lines between two paragraphs open a new article, or sit inside the one around it?

On a page that marks nothing but line breaks (no indents, a blank line after every paragraph,
as text from a printed column comes), a subhead of a long feature, the short last line of a
quote, a credit and the headline of the next article all look alike: short lines with no
sentence end between two paragraphs. What tells them apart holds in any layout:
- what follows: a news lead (本报讯, a dateline), a credit, an opening that dates the report;
- the gap: more blank lines before the run than the page puts between its paragraphs, or, on a page
  that sets some articles apart by a wider gap, no more than between two paragraphs;
- the run's shape: how many lines, how long, a bracketed column name, a heading grammar, a credit
  (本报记者 某某) under its heading lines, as both a report and a section of a group feature print;
  heading lines printed as one block;
- the page's own column: a heading line wider than the column, on one line and with no sentence's
  punctuation, was set across it (a headline), one broken over lines was set in it as its paragraphs are;
- what closes the text above: a closing note or a source (（作者为…）, 据新华社电) before the run,
  or a credit opening it, ends the article above, so heading lines after it open the next;
- the text around it: whether the run's words come back in the text after it and before it;
- how much text the article above has had, and how much follows before the next run.

A logistic model over those signals gives the probability that the run opens an article; its
weights are data (run_model.yaml), fitted by benchmarks/train_runs.py on generated layouts of
the dev pages and validated on a month held out.
"""

from __future__ import annotations

import itertools
import math
import re
import statistics
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Protocol

from gazette.clean import CleanedPage, ends_sentence, markers, starts_news_lead
from gazette.clean.page import CleanLine
from gazette.split.rules import RunModel, run_model

REPORT_OPENING = re.compile(r"^.{0,12}?(\d{1,2}月\d{1,2}日|近日|日前|昨天|今天|今年以来|近年来|记者)")
RUNNING_TEXT_PUNCTUATION = re.compile(r"[，。；！？]")
BRACKETED_NAME = re.compile(r"[（(][^（）()]{2,16}[）)]$")
CONTEXT_CHARS = 400  # of text before and after a run, to look for its words in
HEADLINE_KINDS = ("headline", "byline", "signature")
BODY_KINDS = ("body", "lead")
# The names of the signals run_features gives, each with a weight in run_model.yaml.
SIGNALS = frozenset(
    {
        "bias", "one_line", "two_lines", "many_lines", "opening_follows", "wider_gap_before",
        "usual_gap_on_gapped_page", "wider_gap_after", "credit", "longest", "tiny", "bracketed_name",
        "dash_or_colon", "comma", "before_ends_sentence", "before_chars", "article_so_far", "text_after",
        "words_after", "words_before", "same_block", "across_column", "wrapped_head", "credit_under_head",
        "closing_before", "credit_first", "one_block",
    }
)  # fmt: skip


class RunItem(Protocol):
    @property
    def kind(self) -> str: ...
    @property
    def line(self) -> CleanLine: ...


@lru_cache(maxsize=1)
def model() -> RunModel:
    """run_model.yaml, its weights checked against the signals run_features gives."""
    return run_model(SIGNALS)


@lru_cache(maxsize=1)
def _closing() -> re.Pattern[str]:
    """The grammars of a line that closes an article (markers.yaml closing_line)."""
    grammars = markers().interior_heading
    return re.compile("|".join(f"(?:{grammars[kind]})" for kind in markers().closing_line))


@lru_cache(maxsize=1)
def _picture_credit() -> re.Pattern[str]:
    return re.compile(markers().interior_heading["picture_credit"])


def _bigrams(text: str) -> set[str]:
    return {text[i : i + 2] for i in range(len(text) - 1)}


def _overlap(run: str, context: str) -> float:
    words = _bigrams(run)
    return len(words & _bigrams(context)) / len(words) if words else 0.0


def head_runs(seq: Sequence[RunItem]) -> list[tuple[int, int]]:
    """(start, end) of each run of headline and credit lines with a paragraph on each side."""
    runs = []
    k = 1
    while k < len(seq):
        if seq[k].kind in HEADLINE_KINDS and seq[k - 1].kind in BODY_KINDS:
            end = k
            while end < len(seq) and seq[end].kind in HEADLINE_KINDS:
                end += 1
            if end < len(seq) and seq[end].kind in BODY_KINDS:
                runs.append((k, end))
            k = end
        else:
            k += 1
    return runs


def model_runs(seq: Sequence[RunItem], cleaned: CleanedPage) -> list[tuple[int, int]]:
    """The head runs the model judges: on a page of column text (lines broken at a column's width)
    that opens with a headline or with the end of an article carried over, runs of plain heading lines,
    with or without a credit, not followed by a news lead. A Markdown heading, a lone credit or a lead
    part articles by the segmenter's own rules, and so does a page that opens with a credit: it prints
    its headlines after their bodies."""
    if not cleaned.columns or not seq or seq[0].kind not in ("headline", *BODY_KINDS):
        return []
    return [
        (start, end)
        for start, end in head_runs(seq)
        if all(it.line.kind != "heading" for it in seq[start:end])
        and any(it.kind == "headline" for it in seq[start:end])
        and not starts_news_lead(seq[end].line.text)
    ]


def _gap(cleaned: CleanedPage, before: CleanLine, after: CleanLine) -> int:
    """Characters of the raw page between two cleaned lines: line breaks and indents, so blank lines."""
    offsets = cleaned.raw_offsets
    if not offsets or after.start >= len(offsets) or before.end == 0:
        return 1
    return offsets[after.start] - offsets[before.end - 1]


@dataclass(frozen=True)
class PageGaps:
    """The page's usual gap between two paragraphs in a row, whether any paragraph is followed by a
    wider one (the page sets some articles apart by more than its paragraphs), and its column's width
    (display units): the median widest line of the paragraphs it broke over lines, 0 when none."""

    usual: float
    wider_somewhere: bool
    column: float = 0.0


def page_gaps(seq: Sequence[RunItem], cleaned: CleanedPage) -> PageGaps:
    gaps = [
        _gap(cleaned, a.line, b.line)
        for a, b in itertools.pairwise(seq)
        if a.kind in BODY_KINDS and b.kind in BODY_KINDS
    ]
    usual = statistics.median(gaps) if gaps else 1.0
    wider = any(
        _gap(cleaned, a.line, b.line) > usual
        for a, b in itertools.pairwise(seq)
        if a.kind in BODY_KINDS and b.kind not in BODY_KINDS
    )
    broken = [it.line.raw_width for it in seq if it.kind in BODY_KINDS and it.line.raw_lines > 1]
    return PageGaps(usual, wider, statistics.median(broken) if broken else 0.0)


def _across(line: CleanLine, column: float) -> bool:
    """Was a heading line set across the column: on one line, wider than it, with no sentence's punctuation
    (running text set unbroken has its commas)?"""
    return line.raw_lines == 1 and line.raw_width > column + 2 and not RUNNING_TEXT_PUNCTUATION.search(line.text)


def run_features(
    seq: Sequence[RunItem], start: int, end: int, cleaned: CleanedPage, gaps: PageGaps
) -> dict[str, float]:
    """The signals of the run seq[start:end] (see the module's docstring), by name."""
    heads = [it.line.text for it in seq[start:end] if it.kind == "headline"]
    text = "".join(heads)
    before = seq[start - 1].line.text
    after = seq[end].line.text
    previous = ""
    k = start - 1
    while k >= 0 and seq[k].kind in BODY_KINDS and len(previous) < CONTEXT_CHARS:
        previous = seq[k].line.text + previous
        k -= 1
    k = start - 1
    since_head = 0
    while k >= 0 and seq[k].kind in BODY_KINDS:
        since_head += len(seq[k].line.text)
        k -= 1
    following = ""
    k = end
    while k < len(seq) and seq[k].kind in BODY_KINDS and len(following) < 4 * CONTEXT_CHARS:
        following += seq[k].line.text
        k += 1
    gap_before = _gap(cleaned, seq[start - 1].line, seq[start].line)
    gap_after = _gap(cleaned, seq[end - 1].line, seq[end].line)
    longest = max((len(h) for h in heads), default=0)
    run = seq[start:end]
    head_lines = [it.line for it in run if it.kind == "headline"]
    first_head = next((k for k, it in enumerate(run) if it.kind == "headline"), len(run))
    return {
        "bias": 1.0,
        "one_line": float(len(heads) == 1),
        "two_lines": float(len(heads) == 2),
        "many_lines": float(len(heads) >= 3),
        "opening_follows": float(bool(REPORT_OPENING.match(after))),
        "wider_gap_before": float(gap_before > gaps.usual),
        "usual_gap_on_gapped_page": float(gaps.wider_somewhere and gap_before <= gaps.usual),
        "wider_gap_after": float(gap_after > gaps.usual),
        "credit": float(any(it.kind != "headline" for it in seq[start:end])),
        "longest": min(longest, 40) / 20,
        "tiny": float(longest <= 5),
        "bracketed_name": float(any(BRACKETED_NAME.search(h) for h in heads)),
        "dash_or_colon": float(any(h.endswith(("——", "：", ":")) for h in heads)),
        "comma": float(any("，" in h for h in heads)),
        "before_ends_sentence": float(ends_sentence(before)),
        "before_chars": math.log1p(len(before)) / 6,
        "article_so_far": math.log1p(since_head) / 8,
        "text_after": math.log1p(len(following)) / 8,
        "words_after": _overlap(text, following[: 2 * CONTEXT_CHARS]),
        "words_before": _overlap(text, previous[-CONTEXT_CHARS:]),
        "same_block": float(seq[start - 1].line.block == seq[start].line.block),
        "across_column": float(gaps.column > 0 and any(_across(ln, gaps.column) for ln in head_lines)),
        "wrapped_head": float(any(ln.raw_lines > 1 for ln in head_lines)),
        "credit_under_head": float(
            any(it.kind != "headline" and not _picture_credit().search(it.line.text) for it in run[first_head:])
        ),
        "closing_before": float(bool(_closing().search(before))),
        "credit_first": float(run[0].kind != "headline"),
        "one_block": float(len(head_lines) > 1 and len({ln.block for ln in head_lines}) == 1),
    }


def opens_article(features: dict[str, float]) -> float:
    """The model's probability that a run with these features opens an article."""
    weights = model().weights
    z = sum(weights[name] * value for name, value in features.items())
    return 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, z))))


def reasons(features: dict[str, float], count: int = 3) -> list[tuple[str, float]]:
    """The signals that weigh most in the model's verdict on a run, with their weight times value."""
    weights = model().weights
    parts = [(name, weights[name] * value) for name, value in features.items() if name != "bias"]
    return sorted(parts, key=lambda part: -abs(part[1]))[:count]
