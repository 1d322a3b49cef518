"""Numbers as Chinese news writes them, read exactly (Decimal) and never raising.

Arabic digits (ASCII or full-width, 1,200 with thousands commas, 5.6) and Chinese
numerals (三千五百, 十二, 二〇一九, 五点六, 三万五千, and the spoken 三千五 for 3500),
including the approximate ranges a reporter writes by naming two neighbouring digits
(一两千 = 1000 to 2000, 五六十 = 50 to 60, 十五六 = 15 to 16, 七八百 = 700 to 800).
A run of numerals that is none of these (三五, 十十, 百千) reads as None: a word,
not a number.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from decimal import Decimal

DIGITS = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
UNITS = {"十": 10, "百": 100, "千": 1000}
BIG_UNITS = {"亿": 10**8, "万": 10**4}  # largest first: a numeral is split at 亿, then at 万

# Digits in either width (enrich may see text that cleaning's NFKC has not), with thousands commas (1,200).
_ARABIC = r"(?<![0-9０-９.．A-Za-z])(?:[0-9０-９]{1,3}(?:,[0-9]{3})+|[0-9０-９]+)(?:[.．][0-9０-９]+)?"
_CN_DIGIT = "零〇一二两三四五六七八九"
_CN_RUN = f"[{_CN_DIGIT}十百千]+"
# 万/亿 inside a Chinese numeral (三万五千, 一亿两千万) belong to it; at its end (七八百万, 三亿) they
# are a multiplier, read by the caller like the 万 of 35.1万.
_CHINESE = f"{_CN_RUN}(?:亿{_CN_RUN}(?:万(?:{_CN_RUN})?)?|万{_CN_RUN})?(?:点[{_CN_DIGIT}]+)?"
NUMBER = re.compile(f"{_ARABIC}|{_CHINESE}")


@dataclass(frozen=True)
class Numeral:
    """A number as written: `value` (the low end of a written range), `high` (the range's
    high end, else None) and `step`, the place of its last written digit (2900 → 100,
    6 → 1, 1.5 → 0.1), which bounds 2900多 (2900 to 3000)."""

    value: Decimal
    high: Decimal | None
    step: Decimal
    chinese: bool  # written in Chinese numerals
    single: bool  # one character (一, 两, 百, 千): a numeral only where the words around say so


def read_numeral(written: str) -> Numeral | None:
    """The number a NUMBER match stands for, or None when the numerals form no number."""
    if not NUMBER.fullmatch(written):
        return None
    if written[0] not in _CN_DIGIT + "十百千":
        text = unicodedata.normalize("NFKC", written).replace(",", "")
        try:
            value = Decimal(text)
        except ArithmeticError:
            return None
        return Numeral(value, None, _arabic_step(text), chinese=False, single=False)
    whole, _, fraction = written.partition("点")
    if fraction and any(ch not in DIGITS for ch in fraction):
        return None
    low_text, high_text = _range_ends(whole)
    low = _chinese_integer(low_text)
    high = _chinese_integer(high_text) if high_text else None
    if low is None or (high_text and high is None):
        return None
    value, step = low
    if fraction:
        if high_text:
            return None  # 五六点三 is no number
        value += Decimal("0." + "".join(str(DIGITS[ch]) for ch in fraction))
        step = Decimal(1).scaleb(-len(fraction))
    return Numeral(value, high[0] if high else None, step, chinese=True, single=len(written) == 1)


def _arabic_step(text: str) -> Decimal:
    whole, dot, fraction = text.partition(".")
    if dot:
        return Decimal(1).scaleb(-len(fraction))
    stripped = whole.rstrip("0")
    return Decimal(1).scaleb(len(whole) - len(stripped)) if stripped else Decimal(1)


def _range_ends(whole: str) -> tuple[str, str | None]:
    """(low, high) spellings of a numeral naming two neighbouring digits (七八百 → 七百, 八百),
    or (whole, None) when it names one number. A run of bare digits (二〇一九) is positional."""
    for i in range(len(whole) - 1):
        a, b = whole[i], whole[i + 1]
        if a in DIGITS and b in DIGITS and DIGITS[a] and DIGITS[b] == DIGITS[a] + 1:
            if not any(ch in UNITS or ch in BIG_UNITS for ch in whole) and len(whole) > 2:
                return whole, None  # 一二三: digit by digit
            return whole[:i] + a + whole[i + 2 :], whole[:i] + b + whole[i + 2 :]
    return whole, None


def _chinese_integer(text: str) -> tuple[Decimal, Decimal] | None:
    """(value, step) of a Chinese integer numeral, or None when it is not well formed."""
    if text and all(ch in DIGITS for ch in text):
        if len(text) == 1:
            return Decimal(DIGITS[text]), Decimal(1)
        if len(text) == 2 and "零" not in text and "〇" not in text:
            return None  # 三五: a word (三五成群), not a number
        return Decimal("".join(str(DIGITS[ch]) for ch in text)), Decimal(1)  # 二〇一九
    value, step, rest, below = 0, 1, text, None
    for big, size in BIG_UNITS.items():
        head, found, rest_after = rest.partition(big)
        if not found:
            continue
        section = _section(head)
        if section is None:
            return None
        value, step, rest, below = value + section[0] * size, section[1] * size, rest_after, size
    if rest[:1] in ("零", "〇") and below:
        rest, below = rest[1:], None  # 一亿零五: the zero says no place is skipped silently
    if rest in DIGITS and below:
        place = below // 10  # 三万五: 35000, the spoken form
        return Decimal(value + DIGITS[rest] * place), Decimal(place)
    if rest:
        section = _section(rest)
        if section is None:
            return None
        value, step = value + section[0], section[1]
    return Decimal(value), Decimal(step)


def _section(text: str) -> tuple[int, int] | None:
    """(value, step) of a numeral below 万 (三千五百二十, 十二, 一千零五, 三千五 = 3500)."""
    total, digit, last_unit, step, after_zero = 0, None, None, 1, False
    for ch in text:
        if ch in DIGITS:
            if digit is not None:
                return None  # 三五: two digits with no unit between
            if DIGITS[ch] == 0:
                if last_unit is None:
                    return None
                after_zero = True
                continue
            digit = DIGITS[ch]
        else:
            unit = UNITS[ch]
            if last_unit is not None and unit >= last_unit:
                return None  # 十百, 百千: places must fall
            if digit is None:
                if last_unit is not None and not after_zero:
                    return None
                digit = 1  # 十二, 百 alone, 一千零十
            total += digit * unit
            step, last_unit, digit, after_zero = unit, unit, None, False
    if digit is not None:
        # 三千五: 3500, the spoken form
        place = last_unit // 10 if last_unit and last_unit >= 100 and not after_zero else 1
        total += digit * place
        step = place
    elif last_unit is None:
        return None
    return total, step
