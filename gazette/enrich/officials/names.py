"""Where a name ends. A name has no delimiter in Chinese text, so where it ends is read from what
follows it (a verb such as 主持/强调, punctuation, 、) and, when two readings fit, from how the same
string behaves elsewhere on the page (张东和来平 → 张东和, since 张东和指出 occurs too)."""

from __future__ import annotations

import re
from functools import lru_cache

from gazette.text import is_cjk

from ..lexicon import pos_tagged, segmenter, word_tags
from ..text import CLAUSE_BREAK, clause_start
from .grammar import CLAUSE_NOT_ENUMERATION, ENUMERATION, _lexicon


class NameReader:
    """Reads names out of text, using the whole page to settle where a name ends."""

    def __init__(self, page_text: str):
        self.page_text = page_text
        self.lex = _lexicon()
        self._support: dict[str, int] = {}

    def follower_strength(self, text: str, end: int) -> int:
        """2: punctuation, end of text, a digit (李军5日), a verb like 主持 or a post (周军波副市长)
        follows; 1: a one-character word; 0: neither."""
        if end >= len(text) or text[end] in CLAUSE_BREAK or text[end].isdigit():
            return 2
        if any(text.startswith(f, end) for f in self.lex["strong_followers"]) or self.lex["post_re"].match(text, end):
            return 2
        return 1 if text[end] in self.lex["weak_followers"] else 0

    def support(self, name: str) -> int:
        """How often the page writes `name` followed by strong evidence that it ends there, or by a
        one-character verb that itself closes the clause (李军说，)."""
        if name not in self._support:
            text = self.page_text
            self._support[name] = sum(
                self.follower_strength(text, m.end()) == 2
                or (
                    self.follower_strength(text, m.end()) == 1
                    and (m.end() + 1 >= len(text) or text[m.end() + 1] in CLAUSE_BREAK)
                )
                for m in re.finditer(re.escape(name), text)
            )
        return self._support[name]

    def plausible(self, name: str) -> bool:
        """Shaped like a person's name: 2-4 CJK characters opening with a surname, and not
        a word jieba's dictionary knows as a common noun or verb (信箱 after 局长)."""
        if not (
            2 <= len(name) <= 4
            and all(is_cjk(c) for c in name)
            and name[0] in self.lex["surnames"]
            and name not in self.lex["not_names"]
        ):
            return False
        return not self._common_word(name)

    def _common_word(self, word: str) -> bool:
        """A word jieba knows well and not as a name (近日 in 李军近日来到)."""
        common = segmenter().FREQ.get(word, 0) >= self.lex["common_word_freq"]
        return common and not word_tags().get(word, "").startswith("nr")

    def name_at(self, text: str, pos: int) -> str | None:
        """The name starting at `pos`, or None when what follows a title is not a name.

        Readings are ranked by how clearly the text says the name ends there, then by
        how often the page confirms it, then by length (three characters is commonest).
        A reading that swallows a one-character verb (李军说, 徐峰就, 张兵来平) loses to the
        shorter one unless the page confirms it more often (张东和 in 张东和来平 / 张东和指出).
        A reading that a body follows is part of a longer title (长乐村|党总支书记), not a name."""
        readings = {}
        for length in (2, 3, 4):
            name = text[pos : pos + length]
            if len(name) == length and self.plausible(name):
                strength = self.follower_strength(text, pos + length)
                if length == 4 and (strength < 2 or self._common_word(name[2:])):
                    continue  # four-character names are rare: not 李军近日(来到)
                if strength:
                    readings[name] = (strength, self.support(name), -abs(length - 3))
        for name in sorted(readings, key=len, reverse=True):
            for shorter in (name[:n] for n in range(2, len(name))):
                if (
                    shorter in readings
                    and name[len(shorter)] in self.lex["weak_followers"]
                    and (readings[name][1] < 2 or readings[name][1] <= readings[shorter][1])
                ):
                    del readings[name]
                    break
        if readings:
            return max(readings, key=lambda name: readings[name])
        # Nothing after the name says where it ends (市长李军近日…): jieba's person tag decides.
        first = next(iter(pos_tagged(text[pos : pos + 8])), None)
        if not (first and first.flag.startswith("nr") and self.plausible(first.word)):
            return None
        after = pos + len(first.word)
        return None if self.lex["body_re"].match(text, after) or self.lex["post_re"].match(text, after) else first.word

    def name_before(self, text: str, end: int) -> str | None:
        """The name that ends at `end` (习近平|总书记), from jieba's last word before it."""
        start = clause_start(text, end, CLAUSE_NOT_ENUMERATION)
        words = segmenter().lcut(text[start:end])
        return words[-1] if words and self.plausible(words[-1]) else None

    def name_ending(self, text: str, end: int) -> str | None:
        """The name that ends at `end` when a verb follows it (赵国强|辞去): three characters, else two, else four."""
        for length in (3, 2, 4):
            if end - length >= 0 and self.plausible(text[end - length : end]):
                return text[end - length : end]
        return None

    def names_at(self, text: str, pos: int) -> list[tuple[str, int]]:
        """A list of names from `pos`: 王小明、李建国、陈红梅 (a name that a title follows ends it)."""
        names = []
        while name := self.name_at(text, pos):
            names.append((name, pos))
            pos += len(name)
            if not text.startswith(ENUMERATION, pos) or self.lex["post_re"].match(text, pos + 1):
                break
            pos += 1
        return names


@lru_cache(maxsize=8)
def _reader(page_text: str) -> NameReader:
    return NameReader(page_text)
