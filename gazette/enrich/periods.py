"""The reporting period of a figure: the one printed nearest before it in its paragraph, resolved
with the issue date (今年前两个月 → 2024年1-2月, 去年 → the year before the issue, 上月 → its month).

A span printed without a year (全年, 上半年) takes the year printed earlier in its sentence
(2019年，…全年…), else the issue's. 去年 always counts from the issue, never from a year printed
earlier: papers write 去年 for the year before the one they are printed in.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from functools import cache
from typing import Any

from gazette.rules import typed_rules
from gazette.text import HAN

from .numerals import read_numeral
from .text import SENTENCE_BREAK, clause_start

HAN_RE = re.compile(f"[{HAN}]")


@dataclass
class Mention:
    start: int
    end: int
    year: str | None  # as printed: 2019年, 今年
    span: str | None  # as written by the spans of periods.yaml, "" for the whole year
    month_delta: int | None = None  # 上月: -1
    as_of: str = ""  # 截至: the figure is a stock on that date


@dataclass(frozen=True)
class PeriodRules:
    """periods.yaml: how papers print a reporting period."""

    absolute_year: str  # a pattern: 2019年
    relative_years: dict[str, int]  # 去年 -> -1
    spans: tuple[tuple[str, str], ...]  # (pattern, how the period writes it)
    year_only_spans: tuple[tuple[str, str], ...]  # spans printed only after a year (以来, 底)
    relative_months: dict[str, int]  # 上月 -> -1
    not_the_figures_before: tuple[str, ...]  # a period after these is a comparison base or a means
    attributive_after: tuple[str, ...]  # a year alone after these names the word after it
    as_of_date: tuple[str, ...]  # 截至 a date
    as_of_now: tuple[str, ...]  # 截至目前: a stock on the day of writing


@cache
def _grammar() -> dict[str, Any]:
    g = typed_rules(PeriodRules, "gazette.enrich", "periods.yaml")
    spans = [(re.compile(p), form) for p, form in g.spans]
    year_only = [(re.compile(p), form) for p, form in g.year_only_spans]
    longest = lambda words: sorted(words, key=len, reverse=True)  # noqa: E731
    year = "|".join([g.absolute_year, *map(re.escape, longest(g.relative_years))])
    span = "|".join(p.pattern for p, _ in [*spans, *year_only])
    months = "|".join(map(re.escape, longest(g.relative_months)))
    as_of = "|".join(map(re.escape, g.as_of_date))
    return {
        "relative_years": g.relative_years,
        "relative_months": g.relative_months,
        "attributive_after": g.attributive_after,
        "spans": spans,
        "year_only": year_only,
        "mention_re": re.compile(f"(?P<month>{months})|(?P<as_of>{as_of})?(?P<year>{year})?(?P<span>{span})?"),
        "not_the_figures": longest(g.not_the_figures_before),
        "as_of_now_re": re.compile("|".join(map(re.escape, g.as_of_now))),
    }


def _span_form(written: str, with_year: bool) -> str | None:
    g = _grammar()
    for pattern, form in [*g["spans"], *(g["year_only"] if with_year else [])]:
        m = pattern.fullmatch(written)
        if m:
            months = read_numeral(m.group(1)) if "{n}" in form else None
            n = int(months.value) if months else 0
            return form.format(None, *m.groups(), n=n)
    return None


def _mentions(text: str) -> list[Mention]:
    g = _grammar()
    out = []
    for m in g["mention_re"].finditer(text):
        if m.group("month"):
            out.append(Mention(m.start(), m.end(), None, None, g["relative_months"][m.group("month")]))
            continue
        year, written = m.group("year"), m.group("span")
        if written:
            span = _span_form(written, bool(year))
            if span is not None:
                out.append(Mention(m.start(), m.end(), year, span, as_of=m.group("as_of") or ""))
        elif year and not re.match(r"[\d月]", text[m.end() : m.end() + 1]):  # 2023年5月8日 is a date
            out.append(Mention(m.start(), m.end(), year, None))
    return out


def period_mentions(text: str) -> list[tuple[int, int]]:
    """(start, end) of each period and each as-of-now word (截至目前) printed in `text`."""
    g = _grammar()
    return [(m.start, m.end) for m in _mentions(text)] + [m.span() for m in g["as_of_now_re"].finditer(text)]


def _year(written: str | None, issue_date: date | None) -> str | None:
    """2019年 as printed, 去年 from the issue's year (as printed when the issue date is unknown)."""
    if written is None:
        return None
    delta = _grammar()["relative_years"].get(written)
    if delta is None:
        return written
    return f"{issue_date.year + delta}年" if issue_date else written


def figure_period(paragraph: str, issue_date: date | None) -> str | None:
    """The period of a figure whose paragraph reads `paragraph` up to the figure."""
    g = _grammar()
    mentions = _mentions(paragraph)
    for i in range(len(mentions) - 1, -1, -1):
        m = mentions[i]
        if g["as_of_now_re"].search(paragraph, m.end):
            return None
        if any(paragraph.endswith(w, 0, m.start) for w in g["not_the_figures"]):
            continue
        attributive = m.span is None and any(paragraph.endswith(w, 0, m.start) for w in g["attributive_after"])
        if attributive and HAN_RE.match(paragraph, m.end):
            continue  # 签订了2023年电网建设责任书: the year names the document, not the figure's period
        if m.month_delta is not None:
            if issue_date is None:
                return paragraph[m.start : m.end]
            months = issue_date.year * 12 + issue_date.month - 1 + m.month_delta
            return f"{months // 12}年{months % 12 + 1}月"
        sentence_start = clause_start(paragraph, m.start, SENTENCE_BREAK)
        earlier = [e for e in mentions[:i] if e.start >= sentence_start and e.year and e.span is None]
        year = _year(m.year, issue_date) or (_year(earlier[-1].year, issue_date) if earlier else None)
        if year is None and issue_date:
            year = f"{issue_date.year}年"
        span = m.span or ""
        if span == "同期":
            span = next((e.span for e in reversed(mentions[:i]) if e.span and e.span != "同期"), "")
        if year is None:
            return paragraph[m.start : m.end]
        return m.as_of + year + span
    return None
