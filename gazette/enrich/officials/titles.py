"""A title read as the grammar of titles.yaml, and the place where it holds office.

A title is [原] [jurisdiction] [body | department]... [代理] post, so it never runs into the text
before it. Its jurisdiction is the place it prints, else the paper's own of that level (the page's
profile, gazette/papers), else a place of that level the sentence or headline names; a page of no
known paper never borrows one. A chain of titles (嘉兴市委副书记、市长) is read back from its last
post, or forward from where an appointment says it starts."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from gazette.papers import Jurisdiction, PaperProfile

from ..lexicon import segmenter, word_tags
from ..places import find_places
from ..text import SENTENCE_BREAK, clause_end, clause_start
from .grammar import CLAUSE_NOT_ENUMERATION, ENUMERATION, _alternation, _grammar, _lexicon

PLACE_KINDS = {"town": None, "street": "街道", "village": "村", "community": "社区", "zone": "开发区"}


@dataclass(frozen=True)
class Place:
    name: str | None  # None: not known
    level: str | None  # a level word of titles.yaml `levels` (市, 县, 镇, …); 中央 for the centre
    printed: bool = False  # the title prints it (嘉兴市委…, 我市领导), not assumed from a bare title


@dataclass
class Title:
    """One parsed title of a chain (市人大常委会副主任)."""

    text: str  # as written, without a former marker (原): 代理市长 stays 代理市长
    post: str
    former: bool
    acting: bool
    jurisdiction: Place


@dataclass(frozen=True)
class PaperAndHeadline:
    """What a title's jurisdiction is read against: the page's paper and the article's headline."""

    paper: PaperProfile | None
    headline: str

    @property
    def shorts(self) -> dict[str, Jurisdiction]:
        return {j.short: j for j in self.paper.jurisdictions if j.short} if self.paper else {}

    def own(self, level: str) -> Jurisdiction | None:
        """The paper's own jurisdiction of a level word (市 → 平湖市 for a 县级市's paper)."""
        if not self.paper:
            return None
        kinds = _lexicon()["levels"].get(level, [])
        return next((j for j in self.paper.jurisdictions if j.level in kinds), None)


def _level_of(place: str) -> str | None:
    """The level word of a printed place (嘉兴市 → 市, 独山港镇 → 镇)."""
    suffix = _lexicon()["suffix_of_place_re"].search(place)
    return _lexicon()["place_suffixes"][suffix.group(0)] if suffix else None


@lru_cache(maxsize=256)
def named_places(text: str, paper: PaperProfile | None = None) -> list[tuple[int, str, str]]:
    """[(position, place, level word)] that a text names: a dictionary place name with a level
    suffix (东莞市, 山西省), a paper's short name (嘉兴), a town, street, village or zone (places.py)."""
    lex = _lexicon()
    tags = word_tags()
    segmenter()
    out = []
    for suffix in re.finditer(_alternation(lex["place_suffixes"]), text):
        for length in (4, 3, 2):
            name = text[max(suffix.start() - length, 0) : suffix.start()]
            if len(name) == length and tags.get(name, "").startswith("ns"):
                out.append((suffix.start() - length, name + suffix.group(0), lex["place_suffixes"][suffix.group(0)]))
                break
    for place, kind, pos in find_places(text):
        level = PLACE_KINDS.get(kind) or _level_of(place)
        if level:
            out.append((pos, place, level))
    if paper:
        for j in paper.jurisdictions:
            for found in re.finditer(re.escape(j.short or j.name), text):
                level = next((w for w, kinds in lex["levels"].items() if j.level in kinds), None)
                if level:
                    out.append((found.start(), j.name, level))
    return sorted(out)


def _title_match(text: str, context: PaperAndHeadline) -> re.Match | None:
    """`text` matched by the title grammar, unless a verb of a report sits before its post."""
    match = _grammar(tuple(context.shorts))["title_re"].fullmatch(text)
    if not match:
        return None
    lead = text[match.end("former") if match.group("former") else 0 : match.start("post")]
    return None if any(word in lead for word in _lexicon()["clause_words"]) else match


def own_post(title: str, jurisdiction: str | None) -> str:
    """A title as a post of the jurisdiction it is held in: 平湖市副市长 -> 副市长 and 平湖市委书记 ->
    市委书记 in 平湖市, so one post printed with or without its place is one post."""
    if not jurisdiction or not title.startswith(jurisdiction) or len(title) == len(jurisdiction):
        return title
    rest = title[len(jurisdiction) :]
    bodies = _lexicon()["own_post_bodies"]
    return jurisdiction[-1] + rest if any(rest.startswith(body) for body in bodies) else rest


def _printed(match: re.Match) -> bool:
    """The title opens with a jurisdiction (嘉兴市, 市, 中央), not with a body or its post."""
    return any(match.groupdict().get(g) for g in ("central", "places", "own", "short", "bare"))


def parse_title(text: str, context: PaperAndHeadline, previous: Place | None = None, before: str = "") -> Title | None:
    """`text` read as one title, or None when it is not one (it holds a verb or another clause).

    `previous` is the jurisdiction of the title before it in a chain; `before` the text of the
    sentence before it, where a bare level word (市委书记) may find the place it means."""
    match = _title_match(text, context)
    if not match:
        return None
    written = text[match.end("former") :] if match.group("former") else text
    return Title(
        written,
        match.group("post"),
        bool(match.group("former")),
        bool(match.group("acting")),
        _jurisdiction(match, context, previous, before),
    )


def _jurisdiction(match: re.Match, context: PaperAndHeadline, previous: Place | None, before: str) -> Place:
    """Where a parsed title (or group head) holds office; see the module's docstring."""
    lex = _lexicon()
    groups = match.groupdict()
    if groups.get("central"):
        return Place("中央", "中央", True)
    if groups.get("places"):
        last = lex["place_re"].findall(groups["places"])[-1]
        return Place(last, _level_of(last), True)
    if groups.get("short"):
        j = context.shorts[groups["short"]]
        return Place(j.name, next((w for w, kinds in lex["levels"].items() if j.level in kinds), None), True)
    if groups.get("own"):
        level = lex["level_words"][groups["own"][1:]]
        own = context.own(level)
        return Place(own.name, level, True) if own else _named(level, context, before)
    level = lex["level_words"][groups["bare"]] if groups.get("bare") else lex["post_levels"].get(groups.get("post"))
    if level is None:  # no level said: the office of the title before it, else the paper's own city
        if previous:
            return previous
        home = context.paper.home if context.paper else None
        return Place(home.name, None) if home else Place(None, None)
    if previous and previous.level == level:
        return previous
    own = context.own(level)
    return Place(own.name, level) if own else _named(level, context, before)


def _named(level: str, context: PaperAndHeadline, before: str) -> Place:
    """The nearest place of this level named before the title in its sentence, else in the headline."""
    for text in (before, context.headline):
        found = [name for _, name, lv in named_places(text, context.paper) if lv == level]
        if found:
            return Place(found[-1], level)
    return Place(None, level)


def _sentence_before(text: str, pos: int) -> str:
    return text[clause_start(text, pos, SENTENCE_BREAK) : pos]


def _opens_title(text: str, start: int, clause: int) -> bool:
    """Whether a title may start here: at the clause's start, at a former marker (原), or after
    a word that ends another clause (由, 的, a digit, 会见)."""
    lex = _lexicon()
    return (
        start == clause
        or text[start] in lex["former_markers"]
        or text[start - 1] in lex["not_in_names"]
        or any(text.endswith(word, clause, start) for word in lex["clause_words"])
    )


def _title_start(text: str, end: int, context: PaperAndHeadline) -> int | None:
    """Where the title that ends at `end` (the end of a post) starts: the longest that starts
    where a title may (_opens_title), else the shortest with a jurisdiction (…保驾护航市委常委
    → 市委常委), else the shortest; None when no stretch of the clause parses as one."""
    clause = clause_start(text, end)
    parsed = [(start, match) for start in range(clause, end) if (match := _title_match(text[start:end], context))]
    opened = [start for start, _ in parsed if _opens_title(text, start, clause)]
    placed = [start for start, match in parsed if _printed(match)]
    starts = opened[:1] or placed[-1:] or [start for start, _ in parsed][-1:]
    return starts[0] if starts else None


def _title_chain(text: str, post_end: int, context: PaperAndHeadline) -> list[Title]:
    """The titles of the chain ending at this post: 嘉兴市委副书记、市长 → two titles,
    the second in the first's city. The chain's first title says whether all are former (原)."""
    pieces = []
    end = post_end
    while (start := _title_start(text, end, context)) is not None:
        pieces.append((start, end))
        if start == 0 or text[start - 1] != ENUMERATION or not _lexicon()["post_end_re"].search(text, 0, start - 1):
            break
        end = start - 1
    titles: list[Title] = []
    for start, end in reversed(pieces):
        previous = titles[-1].jurisdiction if titles else None
        parsed = parse_title(text[start:end], context, previous, _sentence_before(text, pieces[-1][0]))
        if parsed:
            titles.append(parsed)
    if titles and titles[0].former:
        for t in titles:
            t.former = True
    return titles


def _forward_titles(text: str, pos: int, context: PaperAndHeadline) -> tuple[list[Title], int]:
    """(titles, end) of the title chain that starts at `pos` (任命张三为|市委常委、副市长)."""
    lex = _lexicon()
    limit = clause_end(text, pos, CLAUSE_NOT_ENUMERATION)
    titles: list[Title] = []
    end = pos
    while True:
        best = None
        for post in lex["post_re"].finditer(text, end, limit):
            previous = titles[-1].jurisdiction if titles else None
            parsed = parse_title(text[end : post.end()], context, previous, _sentence_before(text, pos))
            if parsed:
                best = (parsed, post.end())
        if best is None:
            return titles, end
        titles.append(best[0])
        end = best[1]
        if not text.startswith(ENUMERATION, end):
            return titles, end
        end += 1
        if not lex["post_re"].search(text, end, limit):
            return titles, end - 1
