"""The reporting period of a figure: the one printed nearest before it in its sentence, else one
that opens its paragraph, resolved with the issue date (今年前两个月 -> 2024年1-2月).

The grammar is metrics.yaml's `periods`: a year (2019年, 今年, 去年), a part of one (上半年,
前三季度, 1至5月, 前两个月, 全年), or both, and 以来. A part with no year takes the year printed
earlier in its sentence (去年，…全年…), else the issue's; a relative year is always the issue's
(2003年…，去年产值: the year before the issue, not 2002). Comparison bases (去年同期) and dates
(今年3月) are not periods.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from functools import cache
from typing import Any

from .lexicon import rules
from .text import CLAUSE_BREAK

PERIOD_SENTENCE_BREAK = set("。！？!?\n")  # a period carries across ；: 今年一季度，…增长3.1%；规上…
MASK = "\x00"


@dataclass(frozen=True)
class Printed:
    """A period as printed in a sentence: where it starts, and its year, part and 以来."""

    start: int
    year: str | None
    part: str | None
    since: bool


@cache
def _grammar() -> dict[str, Any]:
    r = rules("metrics")["periods"]
    parts = "|".join([*r["parts"], r["months"], r["first_months"]])
    return {
        **r,
        "expr": re.compile(f"(?P<year>{'|'.join(r['years'])})?(?P<part>{parts})?(?P<since>{re.escape(r['since'])})?"),
        "not_periods": re.compile("|".join(r["not_periods"])),
        "months_re": re.compile(r["months"]),
        "first_months_re": re.compile(r["first_months"]),
        "openers": tuple(sorted(r["openers"], key=len, reverse=True)),
    }


def _opens_clause(text: str, start: int) -> bool:
    """`start` opens its clause, perhaps after an opener (在, 截至): 2022年我市…, ，去年产值…"""
    head = text[:start]
    for opener in _grammar()["openers"]:
        if head.endswith(opener):
            head = head[: -len(opener)]
            break
    return not head or head[-1] in CLAUSE_BREAK


def printed_periods(text: str) -> list[Printed]:
    """The periods printed in `text`, in order; a year alone only where it is the clause's time
    (opening the clause, or before 的 or a break), not inside a noun phrase (签订了2023年电网…)."""
    g = _grammar()
    masked = g["not_periods"].sub(lambda m: MASK * len(m.group(0)), text)
    out = []
    for m in g["expr"].finditer(masked):
        if not m.group(0):
            continue
        year, part, since = m.group("year"), m.group("part"), bool(m.group("since"))
        after = masked[m.end() :]
        timed = (
            _opens_clause(masked, m.start())
            or not after
            or after[0] in CLAUSE_BREAK
            or after.startswith(tuple(g["year_followers"]))
        )
        if year and not (part or since or timed):
            continue
        out.append(Printed(m.start(), year, part, since))
    return out


def _year(printed: str, issue_date: date | None) -> str:
    """A printed year as a year: 2019年, or 今年/去年 against the issue date (kept as printed without one)."""
    delta = _grammar()["relative_years"].get(printed)
    if delta is None:
        return printed
    return f"{issue_date.year + delta}年" if issue_date else printed


def _part(printed: str) -> str:
    """A part of a year, normalised: 1至5月份 -> 1-5月, 前两个月 -> 1-2月."""
    g = _grammar()
    if found := g["months_re"].fullmatch(printed):
        return f"{int(found.group(1))}-{int(found.group(2))}月"
    if found := g["first_months_re"].fullmatch(printed):
        count = found.group(1)
        months = int(count) if count.isdigit() else g["numerals"].get(count)
        return f"1-{months}月" if months else printed
    return printed


def _resolved(period: Printed, earlier: list[Printed], issue_date: date | None) -> str:
    year = period.year
    if year is None and period.part:
        year = next((p.year for p in reversed(earlier) if p.year), None)
    text = _year(year, issue_date) if year else (f"{issue_date.year}年" if issue_date else "")
    part = _part(period.part) if period.part else ""
    if part == _grammar()["whole_year"] and text:
        part = ""  # 去年全年: the year itself
    return text + part + (_grammar()["since"] if period.since else "")


def figure_period(text: str, pos: int, issue_date: date | None) -> str | None:
    """The period of the figure at `pos` in `text`, or None when none is printed for it."""
    sentence_start = pos
    while sentence_start > 0 and text[sentence_start - 1] not in PERIOD_SENTENCE_BREAK:
        sentence_start -= 1
    printed = printed_periods(text[sentence_start:pos])
    if printed:
        return _resolved(printed[-1], printed[:-1], issue_date)
    paragraph_start = text.rfind("\n", 0, sentence_start) + 1
    first_end = paragraph_start
    while first_end < sentence_start and text[first_end] not in PERIOD_SENTENCE_BREAK:
        first_end += 1
    opening = text[paragraph_start:first_end]
    topic = [p for p in printed_periods(opening) if _opens_clause(opening, p.start)]
    return _resolved(topic[0], [], issue_date) if topic and first_end < sentence_start else None
