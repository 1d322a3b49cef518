"""What a Chinese character is, and its simplified form, defined once for every step.

A text written in traditional characters is converted to simplified with OpenCC's t2s (its
phrase table included), character for character, so that rules written in simplified characters
read 億元 and 仲旭東 too. A simplified text is left alone: t2s would also change characters
simplified text uses (乾, 覆, 坏).
"""

from __future__ import annotations

import collections
from functools import cache

import opencc

from gazette.hanzi import traditional_only

# The CJK Unified Ideographs block (一 … 鿿) as the body of a regex character class: nearly every
# character a newspaper prints. Patterns in code and rule files use this range.
HAN = r"\u4e00-\u9fff"


def is_cjk(ch: str) -> bool:
    """A Chinese character: a unified ideograph, in extension A, a compatibility ideograph or in the
    supplementary planes (extensions B and later)."""
    if len(ch) != 1:
        return False
    code = ord(ch)
    return (  # commonest first
        0x4E00 <= code <= 0x9FFF or 0x3400 <= code <= 0x4DBF or 0xF900 <= code <= 0xFAFF or 0x20000 <= code <= 0x2FFFF
    )


@cache
def _t2s() -> opencc.OpenCC:
    return opencc.OpenCC("t2s")


# Share of a page's CJK characters that are traditional only: simplified pages 0.2% at most,
# traditional ones 25% or more (the dev pages, as they are and converted with OpenCC s2t).
TRADITIONAL_SHARE = 0.05


def reads_traditional(text: str) -> bool:
    counts, traditional = collections.Counter(text), traditional_only()
    cjk = sum(count for char, count in counts.items() if is_cjk(char))
    return cjk > 0 and sum(counts[char] for char in traditional.intersection(counts)) >= TRADITIONAL_SHARE * cjk


def to_simplified(text: str) -> str:
    """A traditional text with its characters as simplified, character for character (same length);
    any other text as it is.

    Where a phrase of the table would change the length, that line is converted one character at a time.
    """
    if not reads_traditional(text):
        return text
    converted = _t2s().convert(text)
    if len(converted) == len(text):
        return converted
    return "".join(_one_for_one(line) for line in text.splitlines(keepends=True))


def _one_for_one(line: str) -> str:
    converted = _t2s().convert(line)
    if len(converted) == len(line):
        return converted
    return "".join(simple if len(simple := _t2s().convert(char)) == 1 else char for char in line)
