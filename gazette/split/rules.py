"""The splitter's rule files as typed dataclasses, checked when read: layout.yaml (what a headline,
a dateline and an article type look like, the segmentation's costs) and run_model.yaml (the weights
of the run model, written by benchmarks/train_runs.py)."""

from __future__ import annotations

import re
from dataclasses import dataclass

from gazette.rules import RuleError, typed_rules


@dataclass(frozen=True)
class HeadlineRules:
    max_chars: int  # a longer line without 。 is a body fragment
    column_max_chars: int  # on column text, one line wider than its column is a headline up to here
    indented_page_max_chars: int  # where paragraphs are indented, an unindented line is a heading up to here
    kicker_max_chars: int  # a first line longer than this is an 引题 (kicker) above the headline
    subheadline_min_chars: int  # a second line longer than this is a 副题 (subheadline)
    speech_kicker: re.Pattern[str]  # an 引题 that reports who said it


@dataclass(frozen=True)
class SegmentCosts:
    """The cost of each way of reading a run of items as one article (see partition.py)."""

    no_headline: float
    headlines_both_sides: float
    extra_headline_line: float
    extra_byline_group: float
    orphan_headline_line: float
    orphan_byline: float
    credit_inside_body: float
    split_headline_from_byline: float
    split_headline_block: float
    markdown_heading_after_body: float
    headline_after_body_in_paragraphs: float
    opening_run_after_body: float


@dataclass(frozen=True)
class DatelineRules:
    search_chars: int  # of a body's opening, to look for its dateline in
    pattern: re.Pattern[str]


@dataclass(frozen=True)
class TypeRules:
    notice_words: tuple[str, ...]
    commentary_words: tuple[str, ...]
    brief_max_chars: int


@dataclass(frozen=True)
class InteriorWeights:
    grammar: float
    same_block: float
    short: float


@dataclass(frozen=True)
class InteriorHeads:
    threshold: float
    packed_page_share: float
    short_max_chars: int
    weights: InteriorWeights


@dataclass(frozen=True)
class Layout:
    headline: HeadlineRules
    segment_costs: SegmentCosts
    dateline: DatelineRules
    types: TypeRules
    interior_heads: InteriorHeads


@dataclass(frozen=True)
class RunModel:
    """A logistic model: the probability that a run opens an article is the logistic of the sum of each
    signal's value times its weight; below `threshold` the run is read as inside its article."""

    threshold: float
    weights: dict[str, float]


def layout() -> Layout:
    """layout.yaml, checked when read (once per process)."""
    return typed_rules(Layout, "gazette.split", "layout.yaml")


def run_model(signals: frozenset[str]) -> RunModel:
    """run_model.yaml, checked when read: every weight is one of `signals`, and every signal has one."""
    model = typed_rules(RunModel, "gazette.split", "run_model.yaml")
    if set(model.weights) != signals:
        unknown, missing = sorted(set(model.weights) - signals), sorted(signals - set(model.weights))
        raise RuleError(f"gazette/split/run_model.yaml: weights: unknown {unknown}, missing {missing}")
    if not 0.0 < model.threshold < 1.0:
        raise RuleError(f"gazette/split/run_model.yaml: threshold: a probability expected, not {model.threshold}")
    return model
