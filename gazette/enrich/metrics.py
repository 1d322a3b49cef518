"""metrics.yaml as a dataclass: how a figure's metric and subject are read (read by figures.py)."""

from __future__ import annotations

from dataclasses import dataclass

from gazette.rules import typed_rules


@dataclass(frozen=True)
class MetricRules:
    metrics: dict[str, tuple[str, ...]]  # canonical metric -> the ways papers write it
    growth_words: tuple[str, ...]
    decline_words: tuple[str, ...]
    share_words: tuple[str, ...]
    metric_fillers: tuple[str, ...]  # words that end a clause before its number but are no part of the metric
    metric_openers: tuple[str, ...]  # words after the subject that open the metric (实现, 共, 已)
    metric_closers: str  # punctuation left before a metric (”, ）)
    determiners: tuple[str, ...]  # 该地块: a determiner opens the subject's noun
    from_markers: tuple[str, ...]  # 总量从…增长到…: the metric ends here
    counted_units: tuple[str, ...]  # a count names what follows its unit (8家企业)
    organisation_suffixes: tuple[str, ...]
    subject_openers: str  # characters that open a clause before an organisation's name
    home_subject_words: tuple[str, ...]  # 全市, 我市: the paper's own city


def metric_rules() -> MetricRules:
    """metrics.yaml, checked when read (once per process)."""
    return typed_rules(MetricRules, "gazette.enrich", "metrics.yaml")
