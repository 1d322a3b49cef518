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

from gazette.rows import ArticleRow, EconomicFigureRow
from gazette.text import HAN

from .lexicon import pos_tagged, segmenter
from .metrics import metric_rules
from .numerals import NUMBER, Numeral, read_numeral
from .periods import figure_period, period_mentions
from .places import find_places, place_rules
from .text import CLAUSE_BREAK, PUNCT_BREAK, SENTENCE_BREAK, Field, clause_end, clause_start, fields
from .units import unit_rules

WIDE_BREAK = CLAUSE_BREAK - {"、"}  # 风、光等清洁能源总发电量 is one metric
METRIC_POS = ("n", "vn", "nz", "nt", "ns", "nr", "l", "j", "b", "a", "eng", "ng")


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
    units, metrics = asdict(unit_rules()), asdict(metric_rules())  # both checked when read
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
        "synonyms_longest": longest(synonyms),
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
    after = text[r.end : clause_end(text, r.end, PUNCT_BREAK | {"、"})]
    if any(w in before + after for w in c["not_counted_nouns"].get(r.unit, [])):
        return False
    # The noun after the count says what is counted (3个方面, 6个项目); with none (项目4个，)
    # the clause before does.
    needed = c["counted_nouns"].get(r.unit)
    return not needed or any(w in (after or before) for w in needed)


def _metric(text: str, region_start: int, r: Reading) -> str | None:
    """What the number measures: the noun phrase the clause ends with before the number (新增光伏装机,
    规上工业总产值), after the subject, the period and the words that frame it (我市, 一季度, 实现,
    共, 已); its last word written the metrics.yaml way (规模以上工业总产值 → 规上工业总产值). A count
    names what it counts after the unit (集聚了8家企业 → 集聚企业). None when only a place, a pronoun
    or a frame word is left."""
    lex = _lexicon()
    phrase = text[region_start : r.start]
    for marker in lex["from_markers"]:  # 总量从2003年的4.32万人: the metric ends at 从
        phrase = phrase.split(marker)[0] if marker in phrase else phrase
    phrase = _without_fillers(phrase[max([end for _, end in period_mentions(phrase)], default=0) :])
    synonym = next((w for w in lex["synonyms_longest"] if phrase.endswith(w)), "")
    head = _after_frame(phrase.removesuffix(synonym) if synonym else phrase)
    metric = head + lex["synonyms"][synonym] if synonym else _without_fillers(head)
    after = text[r.end : clause_end(text, r.end, PUNCT_BREAK | {"、"})]
    counted = _counted_noun(after) if r.unit in lex["counted_units"] else ""
    metric = (metric + counted).lstrip(lex["metric_closers"])
    rate_words = {*lex["growth_words"], *lex["decline_words"]}
    if (
        len(metric.strip('“”"（）()')) < 2
        or pos_tagged(metric)[-1].flag in ("ns", "r")
        or metric.rstrip("到至") in rate_words  # 从4.3万人增长到12.5万人: the quantity named before
    ):
        return None  # nothing, or a place or pronoun (我市, 平湖市) where the quantity should be
    return metric


def _without_fillers(phrase: str) -> str:
    """`phrase` without the fillers that end it (达到, 只有, 的); a one-character filler only as a
    word of its own (约 ends 签约, not a filler)."""
    fillers = _lexicon()["metric_fillers"]
    while phrase:
        last = pos_tagged(phrase)[-1].word
        filler = next((f for f in fillers if phrase.endswith(f) and (len(f) > 1 or last == f)), None)
        if not filler:
            return phrase
        phrase = phrase.removesuffix(filler)
    return phrase


def _after_frame(phrase: str) -> str:
    """The part of `phrase` after its subject, period and frame words: after the last place or
    organisation named, the last period, the last pronoun, preposition or frame word (实现, 共, 已),
    and after the noun a determiner opens (该地块已撤离关停 → 撤离关停)."""
    lex = _lexicon()
    cut = max([end for _, end in period_mentions(phrase)], default=0)
    cut = max([cut, *(pos + len(place) for place, _, pos in find_places(phrase))])
    cut = max([cut, *(m.end() for m in lex["organisation_re"].finditer(phrase))])
    pos, words = 0, pos_tagged(phrase)
    for i, w in enumerate(words):
        pos += len(w.word)
        if w.word in lex["metric_openers"] or w.flag in ("r", "p", "t"):
            cut = max(cut, pos)
            if w.word in lex["determiners"] and i + 1 < len(words):
                cut = max(cut, pos + len(words[i + 1].word))
    rest = phrase[cut:]
    return rest.lstrip("的") if rest.strip('“”"（）()') else ""


def _counted_noun(after: str) -> str:
    """The noun phrase after a count's unit, what it counts: nouns, with the verb that qualifies them
    before the first noun (7家未签约企业进行… → 未签约企业; 8户已经拆除厂房 → 拆除厂房)."""
    words = pos_tagged(after)
    run: list[Any] = []
    quoted = False
    for i, w in enumerate(words):
        if not run and w.word in _lexicon()["metric_openers"]:
            continue
        quoted = w.word == "“" or (quoted and w.word != "”")
        noun_before = any(x.flag.startswith(("n", "j")) for x in words[i - len(run) : i])
        if not quoted and w.word != "”" and w.flag.startswith(("v", "d")) and noun_before:
            break
        run.append(w)
    while run and not run[-1].flag.startswith(METRIC_POS):
        run.pop()
    return "".join(w.word for w in run) if _noun_run(run) or any(w.flag.startswith("n") for w in run) else ""


def _noun_run(words) -> list[str]:
    """The leading words that are nouns, adjectives of a noun, or inside quotes (“低散乱”企业)."""
    run, quoted = [], False
    for w in words:
        if w.word in '“”"':
            quoted = w.word == "“" or (w.word == '"' and not quoted)
        elif not (quoted or w.flag.startswith(METRIC_POS)):
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


def _subject(text: str, r: Reading, home_city: str | None) -> str | None:
    """Who the figure is about: the nearest place (places.yaml, or its short name: 独山港 of 独山港镇)
    or organisation (浙江传化天松新材料有限公司) named before it in the paragraph, else the paper's own
    city when the sentence says 全市/我市 (none on a page of no known or a national paper)."""
    lex = _lexicon()
    before = text[clause_start(text, r.start, {"\n"}) : r.start]
    if named := _named(before, _short_names(text)):
        return named
    sentence = text[clause_start(text, r.start, SENTENCE_BREAK) : r.start]
    return home_city if any(w in sentence for w in lex["home_subject_words"]) else None


def _short_names(text: str) -> list[str]:
    """The places of `text` written without their suffix (独山港 for 独山港镇, 独山港经济开发区): a text
    that names 独山港镇 once may call it 独山港 after; not when the short name is a common word
    (新华 of 新华村, 东湖 of 东湖街道)."""
    rules = place_rules()
    suffixes = sorted(rules.suffixes, key=len, reverse=True)
    places = {place for place, _, _ in find_places(text)}
    short = {place.removesuffix(next(x for x in suffixes if place.endswith(x))) for place in places}
    return sorted(name for name in short if segmenter().FREQ.get(name, 0) < rules.common_word_freq)


def _named(before: str, short: list[str]) -> str | None:
    """The nearest place or organisation named in `before`: places by their full or short name."""
    lex = _lexicon()
    named = [(pos, place) for place, _, pos in find_places(before)]
    named += [(m.start(), m.group(0).lstrip(lex["subject_openers"])) for m in lex["organisation_re"].finditer(before)]
    named += [(m.start(), name) for name in short for m in re.finditer(re.escape(name), before)]
    return max(named)[1] if named else None


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
        region_start = clause_start(text, r.start, PUNCT_BREAK)
        if previous and previous.end > region_start:
            region_start = previous.end  # 生产总值35.1亿元，增长3.1%: the metric is not shared text
        metric = _metric(text, region_start, r)
        same_sentence = previous is not None and not set(text[previous.end : r.start]) & SENTENCE_BREAK
        if metric is None and same_sentence and out[-1]["normalized_unit"] == normalized_unit:
            metric = out[-1]["metric"]  # 生产总值突破千亿元，达到1012.8亿元: the same quantity again
        growth = share = None
        if normalized_unit == "percent":
            kind = _percent_kind(text, r)
            growth = value_normalized if kind == "growth" else -value_normalized if kind == "decline" else None
            share = value_normalized if kind == "share" else None
            clause = text[clause_start(text, r.start) : r.start]
            whole = _without_fillers(clause.removeprefix("占"))
            if kind == "share" and clause.startswith("占") and _after_frame(whole):
                metric = f"占{whole}比重"  # 占全市规上工业总产值的23.9%: the share of the whole it names
            elif (
                kind
                and out
                and out[-1]["metric"]
                and (metric is None or clause.startswith(tuple(lex[f"{kind}_words"])))
            ):
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
                "period": figure_period(text[clause_start(text, r.start, {"\n"}) : r.start], article.get("issue_date")),
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
