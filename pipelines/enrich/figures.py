"""Economic figures: a number, a unit (with 万/亿 written between), what it measures,
when and about whom.

A number is a figure only when a unit from units.yaml follows it; dates, ages,
durations, ordinals and headcounts are told apart by the word after the number
(年, 岁, 个月, 第…, 人次), which is how Chinese marks them.
"""

from __future__ import annotations

import hashlib
import math
import re
from dataclasses import asdict, dataclass
from decimal import Decimal
from functools import cache
from typing import Any

from pipelines.rows import ArticleRow, EconomicFigureRow
from pipelines.text import HAN

from .lexicon import pos_tagged, rules
from .numerals import NUMBER, Numeral, read_numeral
from .periods import figure_period
from .places import find_places
from .text import CLAUSE_BREAK, PUNCT_BREAK, SENTENCE_BREAK, Field, clause_end, clause_start, fields
from .units import unit_rules

WIDE_BREAK = CLAUSE_BREAK - {"、"}  # 风、光等清洁能源总发电量 is one metric
PHRASE_BREAK = CLAUSE_BREAK - set('“”"')  # a metric may hold a quoted name: 列入省“千项万亿”项目
METRIC_SKIPPED_AT_END = ("m", "t", "p", "uj")  # numerals, times, prepositions and 的 before a number
COUNT_UNIT = "count"  # units.yaml's normalised unit of 家, 户, 个, 人
METRIC_POS = ("n", "vn", "nz", "nt", "ns", "nr", "l", "j", "b", "an", "eng", "ng")


@dataclass
class Reading:
    """A number and the words around it that make it a quantity. `low`/`high` bound the
    value in the written unit (近千万元: high 1000, unit 万元) when the text bounds it."""

    start: int
    end: int
    value: Decimal
    multiplier: str
    unit: str
    approximate: bool
    chinese: bool = False
    low: Decimal | None = None
    high: Decimal | None = None
    range_high_start: int | None = None  # 5万至10万元: where the high end's own figure starts


@cache
def _lexicon() -> dict[str, Any]:
    units, metrics = asdict(unit_rules()), rules("metrics")  # units.yaml checked when read
    longest = lambda words: sorted(words, key=len, reverse=True)  # noqa: E731
    synonyms = {s: canon for canon, written in metrics["metrics"].items() for s in written}
    return {
        **units,
        **metrics,
        "unit_words": longest([*units["units"], *units["excluded_units"]]),
        "multiplier_words": longest(units["multipliers"]),
        "approximate_before_words": longest(units["approximate_before"]),
        "approximate_inside_words": longest(units["approximate_inside"]),
        "approximate_after_words": longest(units["approximate_after"]),
        "not_number_re": re.compile("|".join(map(re.escape, longest(units["not_numbers"])))),
        "synonym_re": re.compile("|".join(map(re.escape, longest(synonyms)))),
        "synonyms": synonyms,
        "organisation_re": re.compile(
            rf"[{HAN}]{{2,14}}?(?:" + "|".join(longest(metrics["organisation_suffixes"])) + ")"
        ),
    }


def _starting(text: str, pos: int, words: list[str]) -> str | None:
    return next((w for w in words if text.startswith(w, pos)), None)


def _ending(text: str, pos: int, words: list[str]) -> str | None:
    return next((w for w in words if text.endswith(w, 0, pos)), None)


def _skip_space(text: str, pos: int) -> int:
    return pos + 1 if pos < len(text) and text[pos] == " " else pos


def _read(text: str, number: re.Match) -> Reading | None:
    """The quantity a number starts, or None when no unit follows it.

    Order inside a quantity: [近]数[余|多][万|亿][余|多]单位[半][左右|以上], with a unit tried
    before a multiplier at each step, so 5250千米 is km and 8.4万千瓦 is 万 + kW; or
    百分之+数 (百分之五点六)."""
    lex = _lexicon()
    numeral = read_numeral(number.group(0))
    if numeral is None:
        return None
    start, bounds = number.start(), []
    prefix = _ending(text, start, list(lex["prefix_units"]))
    before = _ending(text, start - len(prefix or ""), lex["approximate_before_words"])
    if before:
        bounds.append(lex["approximate_before"][before])
    multiplier, pos = "", number.end()
    if prefix:
        unit, start = lex["prefix_units"][prefix], start - len(prefix)
    while not prefix:
        pos = _skip_space(text, pos)
        unit = _starting(text, pos, lex["unit_words"])
        if unit:
            break
        inside = _starting(text, pos, lex["approximate_inside_words"])
        mult = None if multiplier else _starting(text, pos, lex["multiplier_words"])
        if not (inside or mult):
            return _range_start(text, number, numeral, pos, multiplier, bounds)
        if inside:
            bounds.append(lex["approximate_inside"][inside])
        multiplier = multiplier or mult or ""
        pos += len(inside or mult or "")
    if unit in lex["excluded_units"] or (numeral.chinese and _ending(text, start, lex["vague_before"])):
        return None
    end = number.end() if prefix else pos + len(unit)
    if _starting(text, end, lex["unit_word_starts"].get(unit, [])):
        return None
    value = numeral.value
    if unit in lex["half_units"] and _starting(text, end, lex["half_words"]):
        value, end = value + Decimal("0.5"), end + 1
    if unit == lex["doublings"]["unit"] and not _ending(text, start, lex["doublings"]["before"]):
        return None  # 番 counts doublings only after 翻
    after = _starting(text, end, lex["approximate_after_words"])
    if after:
        bounds.append(lex["approximate_after"][after])
        end += len(after)
    if numeral.single and not (multiplier or bounds or prefix or unit in lex["single_numeral_units"]):
        return None  # 一元 in 单一元素, 千亩 in 千亩方: a lone numeral is a word, not a quantity
    low, high = _bounds(numeral, value, bounds)
    return Reading(
        start, end, value, multiplier, unit, bool(bounds) or numeral.high is not None, numeral.chinese, low, high
    )


def _bounds(numeral: Numeral, value: Decimal, bounds: list[str]) -> tuple[Decimal | None, Decimal | None]:
    """(low, high) the text sets on a value: a written range (五六十), 多/余 (up to one more
    of the last written digit), 逾/以上 (a floor) or 近 (a ceiling)."""
    if numeral.high is not None:
        return value, numeral.high
    if "odd" in bounds:
        return value, value + numeral.step
    return (value if "more_than" in bounds else None), (value if "at_most" in bounds else None)


def _range_start(
    text: str, number: re.Match, numeral: Numeral, pos: int, multiplier: str, bounds: list[str]
) -> Reading | None:
    """The low end of a range (5万至10万元, 5至10万元): a figure of its own, in the unit
    (and, when it has none, the multiplier) of the high end."""
    connector = _starting(text, pos, _lexicon()["range_connectors"])
    high_number = NUMBER.match(text, pos + len(connector)) if connector else None
    high = _read(text, high_number) if high_number else None
    if high_number is None or high is None:
        return None
    multipliers = _lexicon()["multipliers"]
    own = multiplier or high.multiplier
    high_value = high.value * Decimal(multipliers.get(high.multiplier, 1)) / Decimal(multipliers.get(own, 1))
    reading = Reading(number.start(), pos, numeral.value, own, high.unit, bool(bounds), numeral.chinese)
    reading.low, reading.high, reading.range_high_start = numeral.value, high_value, high_number.start()
    return reading


def _counts_something(text: str, r: Reading) -> bool:
    """Counting units (家/户/个/人) measure enterprises and projects, not meetings or people.

    A count in Chinese numerals is a set phrase (一家亲) unless the text marks it as an amount
    (近百家, 五六十家, 三万户); a count of people is a total only in 千, 万 or 亿 (逾千人)."""
    c = _lexicon()["counts"]
    if r.unit in c["digits_only"] and r.chinese and not (r.approximate or r.multiplier):
        return False
    if r.unit in c["multiplier_required"] and not (r.multiplier or (r.chinese and r.value >= 1000)):
        return False
    before = text[clause_start(text, r.start, PUNCT_BREAK) : r.start]
    after = text[r.end : clause_end(text, r.end, PUNCT_BREAK)]
    if any(w in before + after for w in c["not_counted_nouns"].get(r.unit, [])):
        return False
    # The noun after the count says what is counted (3个方面, 6个项目); with none (项目4个，)
    # the clause before does.
    needed = c["counted_nouns"].get(r.unit)
    return not needed or any(w in (after or before) for w in needed)


def _metric(text: str, region_start: int, r: Reading, counted: bool, previous_metric: str | None) -> str | None:
    """What the number measures: a known metric in the clause before it (normalised by
    metrics.yaml: 该项目总投资 → 总投资), else the words naming a quantity just before it
    (电力供应能力提升, 已腾退低效企业); a count adds the noun after it (集聚了8家企业 → 集聚企业,
    2个“五位一体”示范项目). Never a place, a pronoun or a clause: with none of these, no metric."""
    lex = _lexicon()
    hits = list(lex["synonym_re"].finditer(text, region_start, r.start))
    if hits:
        return lex["synonyms"][hits[-1].group(0)]
    phrase = text[max(region_start, clause_start(text, r.start, PHRASE_BREAK)) : r.start]
    for filler in lex["metric_fillers"]:
        phrase = phrase.removesuffix(filler)
    words = list(pos_tagged(phrase))
    while words and words[-1].flag.startswith(METRIC_SKIPPED_AT_END):
        words.pop()  # 人才资源总量|从2003年的: the time the figure is of, not the quantity
    if previous_metric and "".join(w.word for w in words) in lex["change_to_words"]:
        return previous_metric  # 人才资源总量从4.3万人增长到12.5万人: the same quantity, later
    before_words = _word_run(reversed(words), "”", "“")[::-1]
    after_words = _word_run(pos_tagged(text[r.end : clause_end(text, r.end, PHRASE_BREAK)]), "“", "”")
    if after_words and after_words[0].flag == "v":
        after_words = []  # 4.3万人|增长到…: a verb after a figure opens another phrase
    while after_words and not after_words[-1].flag.startswith(METRIC_POS):
        after_words.pop()  # 示范项目|签约: what the counted things do is not what they are
    if counted and after_words:  # 园区集聚了40家企业: the verb and what it counts, not who does it
        verbs = len(before_words)
        while verbs and before_words[verbs - 1].flag == "v":
            verbs -= 1
        before_words = before_words[verbs:]
    before, after = ("".join(w.word for w in run) for run in (before_words, after_words))
    metric = before + after if counted else before or after
    return metric if metric.strip('“”"') else None


def _word_run(words, opening: str, closing: str) -> list:
    """The words from the start of `words` that name a quantity: nouns, verbs, adjectives and
    quoted names (“五位一体”), up to a place, a pronoun or any other word (全市|人才资源总量,
    我们已经|签约, 将对|剩余)."""
    run = []
    quoted = False
    for w in words:
        if w.word == opening or quoted:
            quoted = w.word != closing
        elif _names_no_quantity(w) or not w.flag.startswith((*METRIC_POS, "v", "a")):
            break
        run.append(w)
    return run


def _names_no_quantity(word) -> bool:
    """A place (平湖市, 全市) or a pronoun (我们, 该): what a metric is about or who acts, not what it measures."""
    lex = _lexicon()
    return word.flag.startswith(("ns", "r")) or word.word in lex["home_subject_words"] or bool(find_places(word.word))


def _percent_kind(text: str, r: Reading) -> str | None:
    """growth, decline, share or None (a plain rate such as 完成率), from the clause before."""
    lex = _lexicon()
    clause = text[clause_start(text, r.start) : r.start]
    for kind in ("decline", "growth", "share"):
        if any(w in clause for w in lex[f"{kind}_words"]):
            return kind
    return None


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


def _figures_in(f: Field, article: ArticleRow, home_city: str | None) -> list[EconomicFigureRow]:
    lex = _lexicon()
    out: list[EconomicFigureRow] = []
    text, previous, range_low = f.text, None, None
    in_words = {i for m in lex["not_number_re"].finditer(text) for i in range(m.start(), m.end())}
    for number in NUMBER.finditer(text):
        if (previous and number.start() < previous.end) or number.start() in in_words:
            continue
        if any(text[: number.start()].endswith(m) for m in lex["ordinal_markers"]):
            continue
        r = _read(text, number)
        if r is None or not _counts_something(text, r):
            continue
        normalized_unit, factor = lex["units"][r.unit]
        scale = Decimal(lex["multipliers"].get(r.multiplier, 1)) * Decimal(str(factor))
        normalized = _normalized(r, scale, lex)
        if normalized is None:
            continue
        value_normalized, value_low, value_high = normalized
        if range_low and range_low[0] == r.start:  # the high end of 5万至10万元
            value_low, value_high = range_low[1], value_normalized
        range_low = (r.range_high_start, value_normalized) if r.range_high_start is not None else None
        region_start = clause_start(text, r.start, PHRASE_BREAK)
        if previous and previous.end > region_start:
            region_start = previous.end  # 生产总值35.1亿元，增长3.1%: the metric is not shared text
        same_sentence = out and previous and clause_start(text, r.start, SENTENCE_BREAK) < previous.start
        metric = _metric(
            text, region_start, r, normalized_unit == COUNT_UNIT, out[-1]["metric"] if same_sentence else None
        )
        growth = share = None
        if normalized_unit == "percent":
            kind = _percent_kind(text, r)
            growth = value_normalized if kind == "growth" else -value_normalized if kind == "decline" else None
            share = value_normalized if kind == "share" else None
            clause = text[clause_start(text, r.start) : r.start]
            named = lex["synonym_re"].search(clause)
            if kind == "share" and named:  # 占全市规上工业总产值的23.9%: the share of the total it names
                metric = f"{lex['synonyms'][named.group(0)]}占比"
            elif kind and out and out[-1]["metric"] and any(clause.startswith(w) for w in lex[f"{kind}_words"]):
                # 生产总值35.1亿元，增长3.1%: the growth of the figure just named (when it has a name)
                metric = f"{out[-1]['metric']}{'占比' if kind == 'share' else '增速'}"
        surface = text[clause_start(text, r.start, WIDE_BREAK) : r.end]
        out.append(
            {
                "figure_id": hashlib.sha1(f"{article.get('article_id')}|{f.name}|{r.start}".encode()).hexdigest()[:16],
                "article_id": article.get("article_id"),
                "text": surface,
                "metric": metric,
                "value": float(r.value),
                "unit": r.multiplier + r.unit,
                "value_normalized": value_normalized,
                "value_low": value_low,
                "value_high": value_high,
                "normalized_unit": normalized_unit,
                "growth_pct": growth,
                "share_pct": share,
                "period": figure_period(text, r.start, article.get("issue_date")),
                "subject": _subject(text, r, home_city),
                "page_id": article.get("page_id"),
                "issue_date": article.get("issue_date"),
                "approximate": r.approximate,
                "char_offset": f.offset(r.start),
            }
        )
        previous = r
    return out


def _normalized(r: Reading, scale: Decimal, lex: dict[str, Any]) -> tuple[float, float | None, float | None] | None:
    """(value, low, high) in the normalized unit, computed in decimal so 2.3亿 is exactly
    230000000; None for an impossible figure (翻一百番)."""
    if r.unit == lex["doublings"]["unit"]:
        if not 0 < r.value <= lex["doublings"]["most"]:
            return None
        growth = (2**r.value - 1) * scale  # 翻两番: ×4, a growth of 300%
        return float(growth), None, None
    value = float(r.value * scale)
    if not math.isfinite(value):
        return None
    low, high = (None if bound is None else float(bound * scale) for bound in (r.low, r.high))
    return value, low, high


def article_figures(article: ArticleRow, home_city: str | None = None) -> list[EconomicFigureRow]:
    """economic_figures rows for one article; `home_city` is the paper's (a 我市 figure's subject).
    A figure a headline repeats from the body (整治完成206.7%) is kept once, at its place in the body."""
    found = [row for f in fields(article) for row in _figures_in(f, article, home_city)]
    in_body = {(row["value"], row["unit"]) for row in found if row["char_offset"] >= 0}
    return [row for row in found if row["char_offset"] >= 0 or (row["value"], row["unit"]) not in in_body]
