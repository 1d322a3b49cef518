"""Towns, streets, villages, communities and development zones named in a text."""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from functools import cache, lru_cache

from gazette.rows import ArticleRow, PlaceKind, PlaceRow
from gazette.rules import typed_rules
from gazette.text import is_cjk

from .lexicon import segmenter


@dataclass(frozen=True)
class PlaceRules:
    """places.yaml."""

    suffixes: dict[str, PlaceKind | None]  # what a suffix says the place is; None: a collective word, no place
    stop_chars: str  # characters that cannot open a place name
    not_places: tuple[str, ...]  # endings that are no named place
    common_word_freq: int  # a suffix inside a jieba word this frequent is part of that word


def place_rules() -> PlaceRules:
    """places.yaml, checked when read (once per process)."""
    return typed_rules(PlaceRules, "gazette.enrich", "places.yaml")


@cache
def _lexicon() -> tuple[re.Pattern, PlaceRules]:
    r = place_rules()
    suffixes = sorted(r.suffixes, key=len, reverse=True)
    return re.compile("|".join(suffixes)), r


# An article's text is read for places by its places, its figures' subjects and its titles' places:
# remembered, its jieba segmentation (a third of enrich's time) is done once.
@lru_cache(maxsize=512)
def find_places(text: str) -> tuple[tuple[str, PlaceKind, int], ...]:
    """((place, kind, position), ...) in order. The name before a suffix is 2-3 characters
    starting at a jieba word boundary, with no preposition or determiner in it; the
    suffix must end a jieba word and not sit inside a common one (农村, 城镇, 镇容)."""
    suffix_re, r = _lexicon()
    tokenizer = segmenter()
    spans = [(start, end) for _, start, end in tokenizer.tokenize(text)]
    starts = {s for s, _ in spans}
    token_start_at_end = {e: s for s, e in spans}
    out = []
    for m in suffix_re.finditer(text):
        s, e = m.span()
        kind = r.suffixes[m.group(0)]
        token_start = token_start_at_end.get(e)
        if kind is None or token_start is None:
            continue
        if token_start < s and tokenizer.FREQ.get(text[token_start:e], 0) >= r.common_word_freq:
            continue
        # Prefer a name that starts at a jieba word boundary; failing that, one that follows
        # a conjunction jieba glued onto it (钟埭街道和平湖经济技术开发区 → 平湖).
        for strict, length in ((True, 3), (True, 2), (False, 3), (False, 2)):
            begins = s - length
            name = text[max(begins, 0) : s]
            at_boundary = begins in starts if strict else begins > 0 and text[begins - 1] in r.stop_chars
            place = name + m.group(0)
            if (
                begins >= 0
                and at_boundary
                and all(is_cjk(c) for c in name)
                and not set(name) & set(r.stop_chars)
                and not r.suffixes.keys() & set(name)
                and not any(place.endswith(w) for w in r.not_places)
            ):
                out.append((place, kind, begins))
                break
    return tuple(out)


def article_places(article: ArticleRow, text: str) -> list[PlaceRow]:
    """places rows: one per distinct place, with how often the article names it."""
    found = find_places(text)
    kinds = {place: kind for place, kind, _ in found}
    counts = Counter(place for place, _, _ in found)
    return [
        {
            "article_id": article.get("article_id"),
            "place": place,
            "kind": kinds[place],
            "mention_count": n,
            "page_id": article.get("page_id"),
            "issue_date": article.get("issue_date"),
        }
        for place, n in counts.items()
    ]
