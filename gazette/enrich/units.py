"""units.yaml as a dataclass: the units a figure ends in, the numerals and words around them (read by figures.py)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from gazette.rules import typed_rules

# What a word before, inside or after a quantity says of it: 近10亿 is at most, 10余亿 odd (more than).
Bound = Literal["at_most", "more_than", "about", "odd"]


@dataclass(frozen=True)
class Doublings:
    unit: str  # 番: 翻一番
    before: tuple[str, ...]  # the verbs it follows
    most: int  # more doublings than this are no growth a report states


@dataclass(frozen=True)
class Counts:
    """When a count (家, 户, 个, 人) is a figure."""

    digits_only: tuple[str, ...]  # counted only when written in digits
    counted_nouns: dict[str, tuple[str, ...]]  # unit -> the nouns after it that make it a figure
    not_counted_nouns: dict[str, tuple[str, ...]]  # unit -> the nouns after it that make it none
    multiplier_required: tuple[str, ...]  # counted only with 万 or 亿


@dataclass(frozen=True)
class UnitRules:
    units: dict[str, tuple[str, int | float]]  # unit as written -> (normalised unit, factor)
    prefix_units: dict[str, str]  # 百分之五 -> %
    half_units: tuple[str, ...]
    half_words: tuple[str, ...]
    doublings: Doublings
    single_numeral_units: tuple[str, ...]
    not_numbers: tuple[str, ...]  # words a numeral character opens that are no number (千方百计)
    unit_word_starts: dict[str, tuple[str, ...]]  # unit -> characters after it that make it a word (成果)
    vague_before: tuple[str, ...]
    multipliers: dict[str, int]
    excluded_units: tuple[str, ...]  # a number before these is no figure (dates, ages, ordinals)
    counts: Counts
    range_connectors: tuple[str, ...]
    approximate_before: dict[str, Bound]
    approximate_inside: dict[str, Bound]
    approximate_after: dict[str, Bound]
    ordinal_markers: tuple[str, ...]


def unit_rules() -> UnitRules:
    """units.yaml, checked when read (once per process)."""
    return typed_rules(UnitRules, "gazette.enrich", "units.yaml")
