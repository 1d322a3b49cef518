"""Officials named in an article: a title chain before a name (or a bare post after it),
a leaders' group with its names, an appointment or a removal; one row per (article, person).

A title is parsed as a grammar (titles.yaml): [原] [jurisdiction] [body | department]... [代理]
post, so it never runs into the text before it. Its jurisdiction is the place it prints,
else the paper's own of that level (the page's profile, pipelines/papers), else a place
of that level the sentence or headline names; a page of no known paper never borrows one.

A name has no delimiter in Chinese text, so where it ends is read from what follows it
(a verb such as 主持/强调, punctuation, 、) and, when two readings fit, from how the same
string behaves elsewhere on the page (张东和来平 → 张东和, since 张东和指出 occurs too).
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from functools import cache, lru_cache
from typing import Any

import jieba.posseg

from pipelines.papers import Jurisdiction, PaperProfile
from pipelines.rows import ArticleRow, MentionStatus, OfficialMentionRow
from pipelines.text import is_cjk

from .lexicon import pos_tagged, rules, segmenter
from .places import find_places
from .text import CLAUSE_BREAK, HEADLINE_FIELDS, SENTENCE_BREAK, Field, clause_end, clause_start, fields

ENUMERATION = "、"  # separates names in a list and titles in a chain
ETC = "等"  # closes a list before its head: A、B等市领导
CLAUSE_NOT_ENUMERATION = CLAUSE_BREAK - {ENUMERATION}

Status = MentionStatus
# When an article gives one person titles of several kinds, the row's status is the most telling.
STATUS_RANK: dict[Status, int] = {"removed": 0, "appointed": 1, "acting": 2, "former": 3, "serving": 4}
PLACE_KINDS = {"town": None, "street": "街道", "village": "村", "community": "社区", "zone": "开发区"}


def official_id(name: str, jurisdiction: str | None) -> str:
    """Stable id of a person: one name in one jurisdiction is one person across issues."""
    return hashlib.sha1(f"{name}|{jurisdiction or ''}".encode()).hexdigest()[:16]


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


@dataclass
class Mention:
    """One titled occurrence of a name (or one name of a list)."""

    name: str
    titles: list[str]
    jurisdiction: str | None
    explicit: bool  # the jurisdiction is printed (嘉兴市…), not assumed from a bare title
    where: tuple[int, int]  # (field index, position) in reading order
    role: str | None
    status: Status = "serving"
    congress: bool = False  # every title is a congress or CPPCC seat (人大代表, 执行主席)


@dataclass
class Person:
    name: str
    jurisdiction: str | None
    titles: list[str] = field(default_factory=list)
    roles: list[str] = field(default_factory=list)
    anchors: list[tuple[int, int]] = field(default_factory=list)
    status_of: dict[str, Status] = field(default_factory=dict)
    congress: bool = True


def _alternation(words) -> str:
    return "|".join(map(re.escape, sorted(words, key=len, reverse=True)))


@cache
def _lexicon() -> dict[str, Any]:
    """titles.yaml compiled into the regexes and sets the parser uses."""
    r = rules("titles")
    followers = sorted(r["name_followers"], key=len, reverse=True)
    role_of = {verb: role for role, verbs in r["roles"].items() for verb in verbs}
    # A character of a department or place name: anything but a break, a letter or one of not_in_names.
    name_char = f"[^\\s{re.escape(r['not_in_names'])}{re.escape(''.join(CLAUSE_BREAK))}a-zA-Z]"
    place_name_char = (
        f"[^\\s{re.escape(r['not_in_names'] + r['not_in_place_names'])}{re.escape(''.join(CLAUSE_BREAK))}a-zA-Z]"
    )
    place = f"{place_name_char}{{2,5}}?(?:{_alternation(r['place_suffixes'])})"
    return {
        **r,
        "post_re": re.compile(_alternation(r["posts"])),
        "post_end_re": re.compile(f"(?:{_alternation(r['posts'])})$"),
        "place": place,
        "place_re": re.compile(place),
        "suffix_of_place_re": re.compile(f"(?:{_alternation(r['place_suffixes'])})$"),
        "unit": f"(?:{_alternation(r['bodies'])}|{name_char}{{1,10}}?(?:{_alternation(r['department_suffixes'])}))",
        "strong_followers": [f for f in followers if len(f) > 1],
        "weak_followers": {f for f in followers if len(f) == 1},
        "clause_words": sorted(
            {w for w in [*r["clause_words"], *followers, *role_of] if len(w) > 1} - set(r["posts"]), key=len
        ),
        "surnames": set(r["surnames"]),
        "role_re": re.compile(_alternation(role_of)),
        "role_of": role_of,
        "role_rank": {role: i for i, role in enumerate(r["roles"])},
        "body_re": re.compile(f"(?:{_alternation([b for b in r['bodies'] if len(b) > 1])})"),
    }


@lru_cache(maxsize=16)
def _grammar(shorts: tuple[str, ...]) -> dict[str, Any]:
    """The title and group-head regexes for a paper whose jurisdictions are written `shorts` (嘉兴)."""
    lex = _lexicon()
    jurisdiction = "|".join(
        [
            f"(?P<central>{_alternation(lex['central'])})",
            f"(?P<places>(?:{lex['place']})+)",
            f"(?P<own>(?:{_alternation(lex['own_markers'])})(?:{_alternation(lex['level_words'])}))",
            *([f"(?P<short>{_alternation(shorts)})"] if shorts else []),
            f"(?P<bare>{_alternation(lex['level_words'])})",
        ]
    )
    title = (
        f"(?P<former>{_alternation(lex['former_markers'])})?(?:{jurisdiction})?(?P<units>{lex['unit']}*?)"
        f"(?P<acting>{re.escape(lex['acting_marker'])})?(?P<post>{_alternation(lex['posts'])})"
    )
    group = (
        f"(?:{jurisdiction})(?:{_alternation(lex['group_middles'])})?{re.escape(lex['group_head'])}"
        f"(?:{re.escape(lex['honorific'])})?"
    )
    return {"title_re": re.compile(title), "group_re": re.compile(group)}


@dataclass(frozen=True)
class Setting:
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
    tags = jieba.posseg.dt.word_tag_tab
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
        return common and not jieba.posseg.dt.word_tag_tab.get(word, "").startswith("nr")

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


def _title_match(text: str, setting: Setting) -> re.Match | None:
    """`text` matched by the title grammar, unless a verb of a report sits before its post."""
    match = _grammar(tuple(setting.shorts))["title_re"].fullmatch(text)
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


def parse_title(text: str, setting: Setting, previous: Place | None = None, before: str = "") -> Title | None:
    """`text` read as one title, or None when it is not one (it holds a verb or another clause).

    `previous` is the jurisdiction of the title before it in a chain; `before` the text of the
    sentence before it, where a bare level word (市委书记) may find the place it means."""
    match = _title_match(text, setting)
    if not match:
        return None
    written = text[match.end("former") :] if match.group("former") else text
    return Title(
        written,
        match.group("post"),
        bool(match.group("former")),
        bool(match.group("acting")),
        _jurisdiction(match, setting, previous, before),
    )


def _jurisdiction(match: re.Match, setting: Setting, previous: Place | None, before: str) -> Place:
    """Where a parsed title (or group head) holds office; see the module's docstring."""
    lex = _lexicon()
    groups = match.groupdict()
    if groups.get("central"):
        return Place("中央", "中央", True)
    if groups.get("places"):
        last = lex["place_re"].findall(groups["places"])[-1]
        return Place(last, _level_of(last), True)
    if groups.get("short"):
        j = setting.shorts[groups["short"]]
        return Place(j.name, next((w for w, kinds in lex["levels"].items() if j.level in kinds), None), True)
    if groups.get("own"):
        level = lex["level_words"][groups["own"][1:]]
        own = setting.own(level)
        return Place(own.name, level, True) if own else _named(level, setting, before)
    level = lex["level_words"][groups["bare"]] if groups.get("bare") else lex["post_levels"].get(groups.get("post"))
    if level is None:  # no level said: the office of the title before it, else the paper's own city
        if previous:
            return previous
        home = setting.paper.home if setting.paper else None
        return Place(home.name, None) if home else Place(None, None)
    if previous and previous.level == level:
        return previous
    own = setting.own(level)
    return Place(own.name, level) if own else _named(level, setting, before)


def _named(level: str, setting: Setting, before: str) -> Place:
    """The nearest place of this level named before the title in its sentence, else in the headline."""
    for text in (before, setting.headline):
        found = [name for _, name, lv in named_places(text, setting.paper) if lv == level]
        if found:
            return Place(found[-1], level)
    return Place(None, level)


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


def _title_start(text: str, end: int, setting: Setting) -> int | None:
    """Where the title that ends at `end` (the end of a post) starts: the longest that starts
    where a title may (_opens_title), else the shortest with a jurisdiction (…保驾护航市委常委
    → 市委常委), else the shortest; None when no stretch of the clause parses as one."""
    clause = clause_start(text, end)
    parsed = [(start, match) for start in range(clause, end) if (match := _title_match(text[start:end], setting))]
    opened = [start for start, _ in parsed if _opens_title(text, start, clause)]
    placed = [start for start, match in parsed if _printed(match)]
    starts = opened[:1] or placed[-1:] or [start for start, _ in parsed][-1:]
    return starts[0] if starts else None


def _title_chain(text: str, post_end: int, setting: Setting) -> list[Title]:
    """The titles of the chain ending at this post: 嘉兴市委副书记、市长 → two titles,
    the second in the first's city. The chain's first title says whether all are former (原)."""
    pieces = []
    end = post_end
    while (start := _title_start(text, end, setting)) is not None:
        pieces.append((start, end))
        if start == 0 or text[start - 1] != ENUMERATION or not _lexicon()["post_end_re"].search(text, 0, start - 1):
            break
        end = start - 1
    titles: list[Title] = []
    for start, end in reversed(pieces):
        previous = titles[-1].jurisdiction if titles else None
        parsed = parse_title(text[start:end], setting, previous, _sentence_before(text, pieces[-1][0]))
        if parsed:
            titles.append(parsed)
    if titles and titles[0].former:
        for t in titles:
            t.former = True
    return titles


def _forward_titles(text: str, pos: int, setting: Setting) -> tuple[list[Title], int]:
    """(titles, end) of the title chain that starts at `pos` (任命张三为|市委常委、副市长)."""
    lex = _lexicon()
    limit = clause_end(text, pos, CLAUSE_NOT_ENUMERATION)
    titles: list[Title] = []
    end = pos
    while True:
        best = None
        for post in lex["post_re"].finditer(text, end, limit):
            previous = titles[-1].jurisdiction if titles else None
            parsed = parse_title(text[end : post.end()], setting, previous, _sentence_before(text, pos))
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


def _status(titles: list[Title], event: Status | None = None) -> Status:
    if event:
        return event
    if any(t.former for t in titles):
        return "former"
    return "acting" if any(t.acting for t in titles) else "serving"


def _mention(
    name: str, titles: list[Title], where: tuple[int, int], role: str | None, event: Status | None = None
) -> Mention:
    place = titles[-1].jurisdiction
    congress = all(t.post in _lexicon()["congress_posts"] for t in titles)
    printed = place.name is not None and place.printed
    return Mention(name, [t.text for t in titles], place.name, printed, where, role, _status(titles, event), congress)


def _titled_mentions(reader: NameReader, f: Field, index: int, setting: Setting) -> list[Mention]:
    """A title chain and the names after it (副主任王小明、李建国参加), or a bare post after a name
    (周军波副市长), or 习近平总书记."""
    lex = _lexicon()
    text, out = f.text, []
    for match in lex["post_re"].finditer(text):
        post = match.group(0)
        if post in lex["titles_after_name"]:
            name = reader.name_before(text, match.start())
            if name:
                place = Place(lex["titles_after_name"][post], "中央", True)
                title = Title(post, post, False, False, place)
                out.append(_mention(name, [title], (index, match.start() - len(name)), None))
            continue
        names = reader.names_at(text, match.end())
        if not names:
            out += _name_before_post(reader, text, match, index, setting)
            continue
        if not _public_office(text, match.end()):
            continue
        titles = _title_chain(text, match.end(), setting)
        if not titles:
            continue
        list_end = names[-1][1] + len(names[-1][0])
        role = _role_after(text, list_end)
        out += [_mention(name, titles, (index, at), role) for name, at in names]
    return out


def _name_before_post(reader: NameReader, text: str, post: re.Match, index: int, setting: Setting) -> list[Mention]:
    """周军波副市长为…: a bare post right after a name (no place or body before the post)."""
    name = reader.name_before(text, post.start())
    if not name or reader.follower_strength(text, post.end()) == 0:
        return []
    start = _title_start(text, post.end(), setting)
    if start is not None and start < post.start():  # 党工委|书记: the word before the post is part of its title
        return []
    title = parse_title(post.group(0), setting, before=_sentence_before(text, post.start() - len(name)))
    if not title or not _public_office(text, post.start() - len(name)):
        return []
    return [_mention(name, [title], (index, post.start() - len(name)), _role_after(text, post.end()))]


def _group_mentions(reader: NameReader, f: Field, index: int, setting: Setting) -> list[Mention]:
    """市领导A、B参加 (names after the head) and A、B等市四套班子领导出席 (names before it)."""
    text, out = f.text, []
    for match in _grammar(tuple(setting.shorts))["group_re"].finditer(text):
        head = match.group(0)
        place = _jurisdiction(match, setting, None, _sentence_before(text, match.start()))
        title = Title(head, _lexicon()["group_head"], False, False, place)
        names = reader.names_at(text, match.end())
        list_end = names[-1][1] + len(names[-1][0]) if names else match.end()
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
        out += [_mention(name, [title], (index, at), role) for name, at in names]
    return out


def _appointment_mentions(reader: NameReader, f: Field, index: int, setting: Setting) -> list[Mention]:
    """任命张三(同志)为<title>, 张三当选为<title>, 免去张三的<title>职务, 张三辞去<title>职务."""
    lex = _lexicon()
    text, out = f.text, []
    for event, forms in lex["appointments"].items():
        for trigger in re.finditer(_alternation(forms["before_name"]), text):
            names = reader.names_at(text, trigger.end())
            if not names:
                continue
            pos = names[-1][1] + len(names[-1][0])
            pos += len(lex["honorific"]) if text.startswith(lex["honorific"], pos) else 0
            bare = lex["post_re"].match(text, pos)  # 周军波副市长为…代理市长
            pos = bare.end() if bare else pos
            between = next(
                (w for w in sorted(forms["between"], key=len, reverse=True) if text.startswith(w, pos)), None
            )
            if between is None:
                continue
            out += _event(text, pos + len(between), names, index, event, setting)
        for trigger in re.finditer(_alternation(forms["after_name"]), text):
            end = trigger.start()
            end -= len(lex["honorific"]) if text[:end].endswith(lex["honorific"]) else 0
            name = reader.name_ending(text, end)
            if name:
                out += _event(text, trigger.end(), [(name, end - len(name))], index, event, setting)
    return out


def _event(
    text: str, pos: int, names: list[tuple[str, int]], index: int, event: Status, setting: Setting
) -> list[Mention]:
    titles, end = _forward_titles(text, pos, setting)
    if not titles:
        return []
    if event == "removed":
        closing = next((w for w in _lexicon()["removal_ends"] if text.startswith(w, end)), None)
        if closing is None:
            return []
        end += len(closing)
    role = _role_after(text, end)
    return [_mention(name, titles, (index, at), role, event) for name, at in names if _public_office(text, at)]


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
        for t in m.titles:
            if t not in match.titles:
                match.titles.append(t)
            if STATUS_RANK[m.status] < STATUS_RANK[match.status_of.get(t, "serving")] or t not in match.status_of:
                match.status_of[t] = m.status
        match.congress = match.congress and m.congress
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


def article_officials(
    article: ArticleRow, page_text: str, paper: PaperProfile | None = None
) -> list[OfficialMentionRow]:
    """official_mentions rows for one article; `page_text` is every article of the page,
    `paper` the page's profile (None: no known paper, so no home jurisdiction)."""
    reader = _reader(page_text)
    credits = (article.get("reporters"), article.get("correspondents"), article.get("photographers"))
    bylines = {n for names in credits for n in names or []}
    texts = fields(article)
    setting = Setting(paper, "\n".join(article.get(name) or "" for name in HEADLINE_FIELDS))
    found = [
        m
        for i, f in enumerate(texts)
        for m in _titled_mentions(reader, f, i, setting)
        + _group_mentions(reader, f, i, setting)
        + _appointment_mentions(reader, f, i, setting)
        if m.name not in bylines
    ]
    people = _people(found)
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
    rows: list[OfficialMentionRow] = []
    for p in people:
        title = max(p.titles, key=lambda t: (STATUS_RANK[p.status_of[t]] < STATUS_RANK["serving"], len(t)))
        rows.append(
            {
                "article_id": article.get("article_id"),
                "official_id": official_id(p.name, p.jurisdiction),
                "name": p.name,
                "title": title,  # the most specific title the article gives, an appointment's first
                "jurisdiction": p.jurisdiction,
                "role": min(p.roles, key=rank.__getitem__) if p.roles else None,
                "first_char_offset": first_offset[id(p)],
                "page_id": article.get("page_id"),
                "issue_date": article.get("issue_date"),
                "titles": p.titles,
                "posts": [own_post(t, p.jurisdiction) for t in p.titles],
                "mention_count": counts[id(p)],
                "status": p.status_of[title],
                "congress_member": p.congress,
            }
        )
    return rows
