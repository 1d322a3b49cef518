"""Economic figures: a number, a unit (with 万/亿 written between), what it measures,
when and about whom.

A number is a figure only when a unit from units.yaml follows it; dates, ages,
durations, ordinals and headcounts are told apart by the word after the number
(年, 岁, 个月, 第…, 人次), which is how Chinese marks them.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from datetime import date
from functools import cache

import cn2an
import jieba.posseg

from .lexicon import rules, segmenter
from .places import find_places
from .text import CLAUSE_BREAK, PUNCT_BREAK, SENTENCE_BREAK, Field, clause_end, clause_start, fields

# ASCII digits (cleaning applies NFKC) or a run of Chinese numerals (二十, 三千, 十二点五).
NUMBER = re.compile(r"(?<![\d.A-Za-z])\d+(?:\.\d+)?|[零〇一二两三四五六七八九十百千]+(?:点[零〇一二三四五六七八九]+)?")
WIDE_BREAK = CLAUSE_BREAK - {"、"}  # 风、光等清洁能源总发电量 is one metric
METRIC_POS = ("n", "vn", "nz", "nt", "ns", "nr", "l", "j", "b", "an", "eng", "ng")


@dataclass
class Reading:
    """A number and the words around it that make it a quantity."""

    start: int
    end: int
    value: float
    multiplier: str
    unit: str
    approximate: bool


@cache
def _lexicon() -> dict:
    units, metrics = rules("units"), rules("metrics")
    longest = lambda words: sorted(words, key=len, reverse=True)  # noqa: E731
    synonyms = {s: canon for canon, written in metrics["metrics"].items() for s in written}
    return {
        **units,
        **metrics,
        "unit_words": longest([*units["units"], *units["excluded_units"]]),
        "multiplier_words": longest(units["multipliers"]),
        "synonym_re": re.compile("|".join(map(re.escape, longest(synonyms)))),
        "synonyms": synonyms,
        "period_res": [re.compile(p) for p in metrics["periods"]],
        "organisation_re": re.compile(
            r"[\u4e00-\u9fff]{2,14}?(?:" + "|".join(longest(metrics["organisation_suffixes"])) + ")"
        ),
    }


def _starting(text: str, pos: int, words: list[str]) -> str | None:
    return next((w for w in words if text.startswith(w, pos)), None)


def _skip_space(text: str, pos: int) -> int:
    return pos + 1 if pos < len(text) and text[pos] == " " else pos


def _read(text: str, number: re.Match) -> Reading | None:
    """The quantity a number starts, or None when no unit follows it.

    Order inside a quantity: [近]数[余|多][万|亿][余|多]单位[左右|以上], with a unit tried
    before a multiplier at each step, so 5250千米 is km and 8.4万千瓦 is 万 + kW."""
    lex = _lexicon()
    before = text[: number.start()]
    approximate = any(before.endswith(w) for w in lex["approximate_before"])
    multiplier, pos = "", number.end()
    while True:
        pos = _skip_space(text, pos)
        unit = _starting(text, pos, lex["unit_words"])
        if unit:
            break
        inside = _starting(text, pos, lex["approximate_inside"])
        mult = None if multiplier else _starting(text, pos, lex["multiplier_words"])
        if not (inside or mult):
            return _range_start(text, number, pos, multiplier, approximate)
        approximate |= bool(inside)
        multiplier = multiplier or mult or ""
        pos += len(inside or mult)
    if unit in lex["excluded_units"]:
        return None
    end = pos + len(unit)
    after = _starting(text, end, lex["approximate_after"])
    if after:
        approximate, end = True, end + len(after)
    digits = number.group(0)
    if not digits[0].isdigit():
        if len(digits) < 2 and not multiplier:
            return None  # 一元 in 单一元素, 千亩 in 千亩方: a lone numeral is a word, not a quantity
        value = float(cn2an.cn2an(digits, "smart"))
    else:
        value = float(digits)
    return Reading(number.start(), end, value, multiplier, unit, approximate)


def _range_start(text: str, number: re.Match, pos: int, multiplier: str, approximate: bool) -> Reading | None:
    """The low end of a range (5万至10万元, 5至10万元): a figure of its own, in the unit
    (and, when it has none, the multiplier) of the high end."""
    connector = _starting(text, pos, _lexicon()["range_connectors"])
    high_number = NUMBER.match(text, pos + len(connector)) if connector else None
    high = _read(text, high_number) if high_number else None
    if high is None:
        return None
    low = float(number.group(0)) if number.group(0)[0].isdigit() else float(cn2an.cn2an(number.group(0), "smart"))
    return Reading(number.start(), pos, low, multiplier or high.multiplier, high.unit, approximate)


def _counts_something(text: str, r: Reading, digits: bool) -> bool:
    """Counting units (家/户/个/人) measure enterprises and projects, not meetings or people."""
    c = _lexicon()["counts"]
    if r.unit in c["digits_only"] and not digits:
        return False
    if r.unit in c["multiplier_required"] and not r.multiplier:
        return False
    before = text[clause_start(text, r.start, PUNCT_BREAK) : r.start]
    after = text[r.end : clause_end(text, r.end, PUNCT_BREAK)]
    if any(w in before + after for w in c["not_counted_nouns"].get(r.unit, [])):
        return False
    # The noun after the count says what is counted (3个方面, 6个项目); with none (项目4个，)
    # the clause before does.
    needed = c["counted_nouns"].get(r.unit)
    return not needed or any(w in (after or before) for w in needed)


def _metric(text: str, region_start: int, r: Reading) -> str | None:
    """What the number measures: a known metric in the clause before it (normalised by
    metrics.yaml: 该项目总投资 → 总投资), else jieba's run of nouns just before it, else the
    noun after a count (2个“五位一体”示范项目)."""
    lex = _lexicon()
    hits = list(lex["synonym_re"].finditer(text, region_start, r.start))
    if hits:
        return lex["synonyms"][hits[-1].group(0)]
    phrase = text[max(region_start, clause_start(text, r.start)) : r.start]
    for filler in lex["metric_fillers"]:
        phrase = phrase.removesuffix(filler)
    nouns = _noun_run(reversed(list(_tagged(phrase))))[::-1]
    if nouns:
        return "".join(nouns)
    after = _noun_run(_tagged(text[r.end : clause_end(text, r.end)]))
    return "".join(after) or phrase or None


def _tagged(text: str) -> list:
    segmenter()  # posseg shares the default dictionary; make sure it is loaded quietly
    return list(jieba.posseg.cut(text))


def _noun_run(words) -> list[str]:
    """The leading words that are nouns (or quotes around a named programme)."""
    run = []
    for w in words:
        if not (w.flag.startswith(METRIC_POS) or w.word in '“”"'):
            break
        run.append(w.word)
    return run if "".join(run).strip('“”"') else []


def _percent_kind(text: str, r: Reading) -> str | None:
    """growth, decline, share or None (a plain rate such as 完成率), from the clause before."""
    lex = _lexicon()
    clause = text[clause_start(text, r.start) : r.start]
    for kind in ("decline", "growth", "share"):
        if any(w in clause for w in lex[f"{kind}_words"]):
            return kind
    return None


def _period(text: str, r: Reading, issue_date: date | None) -> str | None:
    """The reporting period named nearest before the figure in its paragraph, with
    今年/去年 turned into years when the issue date is known."""
    lex = _lexicon()
    paragraph = text[clause_start(text, r.start, {"\n"}) : r.start]
    for pattern in lex["period_res"]:
        found = list(pattern.finditer(paragraph))
        if found:
            period = found[-1].group(0)
            break
    else:
        return None
    if issue_date:
        for word, delta in lex["relative_years"].items():
            period = period.replace(word, f"{issue_date.year + delta}年")
        if not re.match(r"\d{4}年", period):
            period = f"{issue_date.year}年{period}"
    return period


def _subject(text: str, r: Reading, home_city: str | None) -> str | None:
    """Who the figure is about: the nearest place (places.yaml) or organisation (浙江传化天松
    新材料有限公司) named before it in the paragraph, else the paper's own city when the
    sentence says 全市/我市 (none on a page of no known or a national paper)."""
    lex = _lexicon()
    before = text[clause_start(text, r.start, {"\n"}) : r.start]
    named = [(pos, place) for place, _, pos in find_places(before)]
    named += [(m.start(), m.group(0).lstrip(lex["subject_openers"])) for m in lex["organisation_re"].finditer(before)]
    if named:
        return max(named)[1]
    sentence = text[clause_start(text, r.start, SENTENCE_BREAK) : r.start]
    return home_city if any(w in sentence for w in lex["home_subject_words"]) else None


def _figures_in(f: Field, article: dict, home_city: str | None) -> list[dict]:
    lex = _lexicon()
    text, out, previous = f.text, [], None
    for number in NUMBER.finditer(text):
        if previous and number.start() < previous.end:
            continue
        if any(text[: number.start()].endswith(m) for m in lex["ordinal_markers"]):
            continue
        r = _read(text, number)
        if r is None or not _counts_something(text, r, number.group(0)[0].isdigit()):
            continue
        normalized_unit, factor = lex["units"][r.unit]
        value_normalized = r.value * lex["multipliers"].get(r.multiplier, 1) * factor
        region_start = clause_start(text, r.start, WIDE_BREAK)
        if previous and previous.end > region_start:
            region_start = previous.end  # 生产总值35.1亿元，增长3.1%: the metric is not shared text
        metric = _metric(text, region_start, r)
        growth = share = None
        if normalized_unit == "percent":
            kind = _percent_kind(text, r)
            growth = value_normalized if kind == "growth" else -value_normalized if kind == "decline" else None
            share = value_normalized if kind == "share" else None
            clause = text[clause_start(text, r.start) : r.start]
            if kind and out and any(clause.startswith(w) for w in lex[f"{kind}_words"]):
                # 生产总值35.1亿元，增长3.1%: the growth of the figure just named
                metric = f"{out[-1]['metric']}{'占比' if kind == 'share' else '增速'}"
        surface = text[clause_start(text, r.start, WIDE_BREAK) : r.end]
        out.append(
            {
                "figure_id": hashlib.sha1(f"{article.get('article_id')}|{f.name}|{r.start}".encode()).hexdigest()[:16],
                "article_id": article.get("article_id"),
                "text": surface,
                "metric": metric,
                "value": r.value,
                "unit": r.multiplier + r.unit,
                "value_normalized": value_normalized,
                "normalized_unit": normalized_unit,
                "growth_pct": growth,
                "share_pct": share,
                "period": _period(text, r, article.get("issue_date")),
                "subject": _subject(text, r, home_city),
                "page_id": article.get("page_id"),
                "issue_date": article.get("issue_date"),
                "approximate": r.approximate,
                "char_offset": f.offset(r.start),
            }
        )
        previous = r
    return out


def article_figures(article: dict, home_city: str | None = None) -> list[dict]:
    """economic_figures rows for one article; `home_city` is the paper's (a 我市 figure's subject).
    A figure a headline repeats from the body (整治完成206.7%) is kept once, at its place in the body."""
    found = [row for f in fields(article) for row in _figures_in(f, article, home_city)]
    in_body = {(row["value"], row["unit"]) for row in found if row["char_offset"] >= 0}
    return [row for row in found if row["char_offset"] >= 0 or (row["value"], row["unit"]) not in in_body]
