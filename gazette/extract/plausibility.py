"""How plausible a decoding is as Chinese text: the share of common characters among its letters.

A page decoded with the wrong codec (Big5 bytes read as GB18030, random high bytes)
still decodes, but into rare characters, kana, Greek and Cyrillic: about half or
less of its letters are common Chinese characters (gazette/hanzi.py), where
a real page has 95% or more.
"""

from __future__ import annotations

import collections

from gazette.hanzi import common_chars

FULL_WIDTH_LATIN = range(0xFF21, 0xFF5B)  # Ａ-ｚ: letters a Chinese page prints, not Chinese characters


def plausibility(text: str) -> float:
    """Share of common Chinese characters among the non-ASCII letters of `text` (1.0 when it has none)."""
    common, letters, known = common_chars(), 0, 0
    for char, count in collections.Counter(text).items():  # each distinct character once
        if char > "\x7f" and char.isalpha() and ord(char) not in FULL_WIDTH_LATIN:
            letters += count
            known += count if char in common else 0
    return known / letters if letters else 1.0
