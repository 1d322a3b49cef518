"""Characters before cleaning: invisible ones out, traditional ones simplified, offsets kept.

- Invisible characters (Unicode format characters: zero-width space and joiners
  U+200B-U+200D, word joiner U+2060, a byte-order mark inside the text U+FEFF, soft
  hyphen U+00AD, direction marks) print nothing but split numbers and names for every
  later step (`5<U+200B>2.3亿元` would read as 2.3亿元): they are removed.
- A page written in traditional characters is converted to simplified (gazette.text's
  to_simplified), so that the rules, written in simplified characters, read it too. The
  conversion keeps every character in place; the original text stays in
  `page_texts.raw_text`, which `raw_offsets` point into.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import cache

from gazette.text import to_simplified


@cache
def _invisible() -> re.Pattern:
    """Every format character (category Cf) of the Basic Multilingual Plane, as one character class."""
    chars = "".join(chr(code) for code in range(0x10000) if unicodedata.category(chr(code)) == "Cf")
    return re.compile(f"[{re.escape(chars)}]")


@dataclass
class PreparedText:
    """The text cleaning works on, and where each of its characters is in the raw text."""

    text: str
    raw_index: list[int] | None  # raw index of each character of text; None when they are the same


def prepare(raw_text: str) -> PreparedText:
    invisible = _invisible()
    if invisible.search(raw_text) is None:
        return PreparedText(to_simplified(raw_text), None)
    raw_index = [i for i, char in enumerate(raw_text) if not invisible.match(char)]
    return PreparedText(to_simplified("".join(raw_text[i] for i in raw_index)), raw_index)
