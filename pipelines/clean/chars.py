"""Characters before cleaning: invisible ones out, traditional ones simplified, offsets kept.

- Invisible characters (Unicode format characters: zero-width space and joiners
  U+200B-U+200D, word joiner U+2060, a byte-order mark inside the text U+FEFF, soft
  hyphen U+00AD, direction marks) print nothing but split numbers and names for every
  later step (`5<U+200B>2.3亿元` would read as 2.3亿元): they are removed.
- A page written in traditional characters is converted to simplified (OpenCC's t2s,
  its phrase table included), so that the rules, written in simplified characters, read
  億元 and 仲旭東 too. The conversion keeps every character in place; the original text
  stays in `page_texts.raw_text`, which `raw_offsets` point into. A simplified page is
  left alone: t2s would also change characters simplified text uses (乾, 覆, 坏).
"""

from __future__ import annotations

import collections
import re
import unicodedata
from dataclasses import dataclass
from functools import cache
from typing import TYPE_CHECKING

import opencc

from pipelines.clean.hanzi import traditional_only
from pipelines.text import is_cjk

if TYPE_CHECKING:
    from pipelines.clean.page import CleanedPage


@cache
def _invisible() -> re.Pattern:
    """Every format character (category Cf) of the Basic Multilingual Plane, as one character class."""
    chars = "".join(chr(code) for code in range(0x10000) if unicodedata.category(chr(code)) == "Cf")
    return re.compile(f"[{re.escape(chars)}]")


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


@dataclass
class PreparedText:
    """The text cleaning works on, and where each of its characters is in the raw text."""

    text: str
    raw_index: list[int] | None  # raw index of each character of text; None when they are the same

    def trace_back(self, page: CleanedPage) -> CleanedPage:
        """The cleaned page with its offsets (into self.text) turned into offsets into the raw text."""
        if self.raw_index is not None:
            index = [*self.raw_index, self.raw_index[-1] + 1 if self.raw_index else 0]
            page.raw_offsets = [index[i] for i in page.raw_offsets]
            for line in page.lines:
                line.pairs = [(char, index[i]) for char, i in line.pairs]
        return page


def prepare(raw_text: str) -> PreparedText:
    invisible = _invisible()
    if invisible.search(raw_text) is None:
        return PreparedText(to_simplified(raw_text), None)
    raw_index = [i for i, char in enumerate(raw_text) if not invisible.match(char)]
    return PreparedText(to_simplified("".join(raw_text[i] for i in raw_index)), raw_index)
