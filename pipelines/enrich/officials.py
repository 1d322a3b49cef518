"""Officials named in an article: a title chain before a name, a leaders' enumeration,
or a title after the name; one row per (article, person).

A name has no delimiter in Chinese text, so where it ends is read from what follows it
(a verb such as 主持/强调, punctuation, 、) and, when two readings fit, from how the same
string behaves elsewhere on the page (张东和来平 → 张东和, since 张东和指出 occurs too).
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from functools import cache, lru_cache

import jieba.posseg

from .lexicon import rules, segmenter
from .text import CLAUSE_BREAK, SENTENCE_BREAK, Field, clause_start, fields, is_cjk

ENUMERATION = "、"  # separates names in a list and titles in a chain
ETC = "等"  # closes a list before its head: A、B等市领导
CLAUSE_NOT_ENUMERATION = CLAUSE_BREAK - {ENUMERATION}


def official_id(name: str, jurisdiction: str) -> str:
    """Stable id of a person: one name in one jurisdiction is one person across issues."""
    return hashlib.sha1(f"{name}|{jurisdiction}".encode()).hexdigest()[:16]


@dataclass
class Mention:
    """One titled occurrence of a name (or one name of an enumeration)."""

    name: str
    titles: list[str]
    jurisdiction: str
    explicit: bool  # the jurisdiction is printed (嘉兴市…), not assumed from a bare title
    where: tuple[int, int]  # (field index, position) in reading order
    role: str | None


@dataclass
class Person:
    name: str
    jurisdiction: str
    titles: list[str] = field(default_factory=list)
    roles: list[str] = field(default_factory=list)
    anchors: list[tuple[int, int]] = field(default_factory=list)


@cache
def _lexicon() -> dict:
    """titles.yaml compiled into the regexes and sets the parser uses."""
    r = rules("titles")
    by_length = lambda words: sorted(words, key=len, reverse=True)  # noqa: E731
    followers = by_length(r["name_followers"])
    role_of = {verb: role for role, verbs in r["roles"].items() for verb in verbs}
    return {
        **r,
        "post_re": re.compile("|".join(map(re.escape, by_length(r["posts"])))),
        "post_end_re": re.compile("(?:" + "|".join(map(re.escape, by_length(r["posts"]))) + ")$"),
        "group_re": re.compile("|".join(map(re.escape, by_length(r["group_titles"])))),
        "place_re": re.compile(
            r"^[\u4e00-\u9fff]{2,5}?(?:" + "|".join(by_length(r["jurisdiction_place_suffixes"])) + ")"
        ),
        "strong_followers": [f for f in followers if len(f) > 1],
        "weak_followers": {f for f in followers if len(f) == 1},
        "surnames": set(r["surnames"]),
        "role_re": re.compile("|".join(map(re.escape, by_length(role_of)))),
        "role_of": role_of,
        "role_rank": {role: i for i, role in enumerate(r["roles"])},
    }


class NameReader:
    """Reads names out of text, using the whole page to settle where a name ends."""

    def __init__(self, page_text: str):
        self.page_text = page_text
        self.lex = _lexicon()
        self._support: dict[str, int] = {}

    def follower_strength(self, text: str, end: int) -> int:
        """2: punctuation, end of text or a verb like 主持 follows; 1: a one-character word; 0: neither."""
        if end >= len(text) or text[end] in CLAUSE_BREAK:
            return 2
        if any(text.startswith(f, end) for f in self.lex["strong_followers"]):
            return 2
        return 1 if text[end] in self.lex["weak_followers"] else 0

    def support(self, name: str) -> int:
        """How often the page writes `name` followed by strong evidence that it ends there."""
        if name not in self._support:
            self._support[name] = sum(
                self.follower_strength(self.page_text, m.end()) == 2
                for m in re.finditer(re.escape(name), self.page_text)
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
        return common and not jieba.posseg.dt.word_tag_tab.get(word, "").startswith("nr")

    def name_at(self, text: str, pos: int) -> str | None:
        """The name starting at `pos`, or None when what follows a title is not a name.

        Readings are ranked by how clearly the text says the name ends there, then by
        how often the page confirms it, then by length (three characters is commonest).
        A reading that swallows a one-character verb (李军说, 徐峰就, 张兵来平) loses to the
        shorter one unless the page confirms it more often (张东和 in 张东和来平 / 张东和指出)."""
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
            return max(readings, key=readings.get)
        # Nothing after the name says where it ends (市长李军近日…): jieba's person tag decides.
        first = next(iter(_tagged(text[pos : pos + 8])), None)
        return first.word if first and first.flag.startswith("nr") and self.plausible(first.word) else None

    def name_before(self, text: str, end: int) -> str | None:
        """The name that ends at `end` (习近平|总书记), from jieba's last word before it."""
        start = clause_start(text, end, CLAUSE_NOT_ENUMERATION)
        words = segmenter().lcut(text[start:end])
        return words[-1] if words and self.plausible(words[-1]) else None


def _tagged(text: str) -> list:
    segmenter()  # posseg shares the default dictionary; load it once, quietly
    return list(jieba.posseg.cut(text))


def _jurisdiction(title: str, post: str, previous: str | None) -> tuple[str, bool]:
    """(jurisdiction, printed?) of one title; `previous` is the one before it in the chain."""
    lex = _lexicon()
    home = lex["home_city"]
    prefix = title[: len(title) - len(post)]
    for start, place in lex["jurisdiction_prefixes"]:
        if prefix.startswith(start):
            if place == "chain":
                return (previous or home), False
            return (home, True) if place == "home" else (place, True)
    match = lex["place_re"].match(prefix)
    if match:
        return match.group(0), True
    if post in lex["post_jurisdictions"]:
        return lex["post_jurisdictions"][post], True
    return (previous or home), False


def _trim_title(title: str) -> str:
    """The title without the clause opener before it (由市委书记 → 市委书记), cut back to
    its jurisdiction when it ran into the sentence before it."""
    lex = _lexicon()
    if len(title) > lex["max_title_chars"]:
        starts = [i for prefix, _ in lex["jurisdiction_prefixes"] if (i := title.find(prefix)) >= 0]
        title = title[min(starts) :] if starts else title[-lex["max_title_chars"] :]
    for word in sorted(lex["title_lead_words"], key=len, reverse=True):
        if title.startswith(word) and len(title) > len(word):
            return title[len(word) :]
    return title


def _role_after(text: str, pos: int) -> str | None:
    lex = _lexicon()
    window = text[pos : pos + lex["role_window"]]
    for i, ch in enumerate(window):
        if ch in SENTENCE_BREAK:
            window = window[:i]
            break
    match = lex["role_re"].search(window)
    return lex["role_of"][match.group(0)] if match else None


def _public_office(text: str, name_start: int) -> bool:
    """False when the clause before the name places the post in a company (城投集团党委副书记)."""
    clause = text[clause_start(text, name_start, CLAUSE_NOT_ENUMERATION) : name_start]
    return not any(word in clause for word in _lexicon()["not_public_bodies"])


def _title_chain(text: str, post_match: re.Match) -> list[tuple[str, str]]:
    """[(title, post)] of the chain ending at this post: 嘉兴市委副书记、市长 → two titles."""
    lex = _lexicon()
    chain = []
    end, post = post_match.end(), post_match.group(0)
    while True:
        start = clause_start(text, end)
        chain.append((_trim_title(text[start:end]), post))
        if start == 0 or text[start - 1] != ENUMERATION:
            break
        end = start - 1
        previous = lex["post_end_re"].search(text[clause_start(text, end) : end])
        if not previous:
            break
        post = previous.group(0)
    return chain[::-1]


def _titled_mentions(reader: NameReader, f: Field, index: int) -> list[Mention]:
    lex = _lexicon()
    text, out = f.text, []
    for match in lex["post_re"].finditer(text):
        post = match.group(0)
        if post in lex["titles_after_name"]:
            name = reader.name_before(text, match.start())
            if name:
                # 习近平总书记 is cited (his speeches, his Thought), not reported acting: no role.
                out.append(
                    Mention(
                        name, [post], lex["titles_after_name"][post], True, (index, match.start() - len(name)), None
                    )
                )
            continue
        name = reader.name_at(text, match.end())
        if not name or not _public_office(text, match.end()):
            continue
        titles, jurisdiction, explicit = [], None, False
        for title, title_post in _title_chain(text, match):
            jurisdiction, printed = _jurisdiction(title, title_post, jurisdiction)
            explicit = explicit or printed
            titles.append(title)
        out.append(
            Mention(
                name, titles, jurisdiction, explicit, (index, match.end()), _role_after(text, match.end() + len(name))
            )
        )
    return out


def _enumerated_mentions(reader: NameReader, f: Field, index: int) -> list[Mention]:
    """市领导A、B参加 (names after the head) and A、B等市领导出席 (names before it)."""
    lex = _lexicon()
    text, out = f.text, []
    for match in lex["group_re"].finditer(text):
        head = match.group(0)
        place = lex["group_titles"][head]
        jurisdiction = lex["home_city"] if place == "home" else place
        names: list[tuple[str, int]] = []
        pos = match.end()
        while name := reader.name_at(text, pos):
            names.append((name, pos))
            pos += len(name)
            if not text.startswith(ENUMERATION, pos):
                break
            pos += 1
        list_end = pos
        if match.start() > 0 and text[match.start() - 1] == ETC:
            list_end = match.end()
            end = match.start() - 1
            while True:
                start = clause_start(text, end)
                if reader.plausible(text[start:end]):
                    names.append((text[start:end], start))
                if start == 0 or text[start - 1] != ENUMERATION:
                    break
                end = start - 1
        role = _role_after(text, list_end)
        out += [Mention(name, [head], jurisdiction, True, (index, at), role) for name, at in names]
    return out


def _people(mentions: list[Mention]) -> list[Person]:
    """Titled mentions grouped into people: a mention whose jurisdiction is only assumed
    joins the latest person of that name (副市长林万乐 after 嘉兴市副市长林万乐)."""
    people: list[Person] = []
    for m in sorted(mentions, key=lambda m: m.where):
        same_name = [p for p in people if p.name == m.name]
        match = next((p for p in same_name if p.jurisdiction == m.jurisdiction), None)
        if match is None and not m.explicit and same_name:
            match = same_name[-1]
        if match is None:
            match = Person(m.name, m.jurisdiction)
            people.append(match)
        match.titles += [t for t in m.titles if t not in match.titles]
        match.roles += [m.role] if m.role else []
        match.anchors.append(m.where)
    return people


def _owner(people: list[Person], where: tuple[int, int]) -> Person:
    """Who an occurrence of a name means: the person of that name introduced most
    recently before it (李军说 after 常务副队长李军), else the first one."""
    before = [(max(a for a in p.anchors if a <= where), i) for i, p in enumerate(people) if min(p.anchors) <= where]
    return people[max(before)[1]] if before else people[0]


@lru_cache(maxsize=8)
def _reader(page_text: str) -> NameReader:
    return NameReader(page_text)


def article_officials(article: dict, page_text: str) -> list[dict]:
    """official_mentions rows for one article; `page_text` is every article of the page."""
    reader = _reader(page_text)
    bylines = {n for key in ("reporters", "correspondents", "photographers") for n in article.get(key) or []}
    texts = fields(article)
    people = _people(
        [
            m
            for i, f in enumerate(texts)
            for m in _titled_mentions(reader, f, i) + _enumerated_mentions(reader, f, i)
            if m.name not in bylines
        ]
    )
    counts = {id(p): 0 for p in people}
    first_offset = {id(p): -1 for p in people}
    # Every occurrence of a name counts, titled or bare (李军在会上指出).
    for i, f in enumerate(texts):
        for name in {p.name for p in people}:
            for occurrence in re.finditer(re.escape(name), f.text):
                owner = _owner([p for p in people if p.name == name], (i, occurrence.start()))
                counts[id(owner)] += 1
                if first_offset[id(owner)] < 0:
                    first_offset[id(owner)] = f.offset(occurrence.start())
    rank = _lexicon()["role_rank"]
    return [
        {
            "article_id": article.get("article_id"),
            "official_id": official_id(p.name, p.jurisdiction),
            "name": p.name,
            "title": max(p.titles, key=len),  # the most specific title the article gives
            "jurisdiction": p.jurisdiction,
            "role": min(p.roles, key=rank.__getitem__) if p.roles else None,
            "first_char_offset": first_offset[id(p)],
            "page_id": article.get("page_id"),
            "issue_date": article.get("issue_date"),
            "titles": p.titles,
            "mention_count": counts[id(p)],
        }
        for p in people
    ]
