"""Officials named in an article: a title chain before a name (or a bare post after it), a leaders'
group with its names, an appointment or a removal, gathered into one row per (article, person)."""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field

from gazette.papers import PaperProfile
from gazette.rows import ArticleRow, MentionStatus, OfficialMentionRow

from ..text import HEADLINE_FIELDS, SENTENCE_BREAK, Field, clause_start, fields
from .grammar import CLAUSE_NOT_ENUMERATION, ENUMERATION, ETC, _alternation, _grammar, _lexicon
from .names import NameReader, _reader
from .titles import (
    PaperAndHeadline,
    Place,
    Title,
    _forward_titles,
    _jurisdiction,
    _sentence_before,
    _title_chain,
    _title_start,
    own_post,
    parse_title,
)

Status = MentionStatus
# When an article gives one person titles of several kinds, the row's status is the most telling.
STATUS_RANK: dict[Status, int] = {"removed": 0, "appointed": 1, "acting": 2, "former": 3, "serving": 4}


def official_id(name: str, jurisdiction: str | None) -> str:
    """Stable id of a person: one name in one jurisdiction is one person across issues."""
    return hashlib.sha1(f"{name}|{jurisdiction or ''}".encode()).hexdigest()[:16]


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


def _titled_mentions(reader: NameReader, f: Field, index: int, context: PaperAndHeadline) -> list[Mention]:
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
            out += _name_before_post(reader, text, match, index, context)
            continue
        if not _public_office(text, match.end()):
            continue
        titles = _title_chain(text, match.end(), context)
        if not titles:
            continue
        list_end = names[-1][1] + len(names[-1][0])
        role = _role_after(text, list_end)
        out += [_mention(name, titles, (index, at), role) for name, at in names]
    return out


def _name_before_post(
    reader: NameReader, text: str, post: re.Match, index: int, context: PaperAndHeadline
) -> list[Mention]:
    """周军波副市长为…: a bare post right after a name (no place or body before the post)."""
    name = reader.name_before(text, post.start())
    if not name or reader.follower_strength(text, post.end()) == 0:
        return []
    start = _title_start(text, post.end(), context)
    if start is not None and start < post.start():  # 党工委|书记: the word before the post is part of its title
        return []
    title = parse_title(post.group(0), context, before=_sentence_before(text, post.start() - len(name)))
    if not title or not _public_office(text, post.start() - len(name)):
        return []
    return [_mention(name, [title], (index, post.start() - len(name)), _role_after(text, post.end()))]


def _group_mentions(reader: NameReader, f: Field, index: int, context: PaperAndHeadline) -> list[Mention]:
    """市领导A、B参加 (names after the head) and A、B等市四套班子领导出席 (names before it)."""
    text, out = f.text, []
    for match in _grammar(tuple(context.shorts))["group_re"].finditer(text):
        head = match.group(0)
        place = _jurisdiction(match, context, None, _sentence_before(text, match.start()))
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


def _appointment_mentions(reader: NameReader, f: Field, index: int, context: PaperAndHeadline) -> list[Mention]:
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
            out += _event(text, pos + len(between), names, index, event, context)
        for trigger in re.finditer(_alternation(forms["after_name"]), text):
            end = trigger.start()
            end -= len(lex["honorific"]) if text[:end].endswith(lex["honorific"]) else 0
            name = reader.name_ending(text, end)
            if name:
                out += _event(text, trigger.end(), [(name, end - len(name))], index, event, context)
    return out


def _event(
    text: str, pos: int, names: list[tuple[str, int]], index: int, event: Status, context: PaperAndHeadline
) -> list[Mention]:
    titles, end = _forward_titles(text, pos, context)
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


def article_officials(
    article: ArticleRow, page_text: str, paper: PaperProfile | None = None
) -> list[OfficialMentionRow]:
    """official_mentions rows for one article; `page_text` is every article of the page,
    `paper` the page's profile (None: no known paper, so no home jurisdiction)."""
    reader = _reader(page_text)
    credits = (article.get("reporters"), article.get("correspondents"), article.get("photographers"))
    bylines = {n for names in credits for n in names or []}
    texts = fields(article)
    context = PaperAndHeadline(paper, "\n".join(article.get(name) or "" for name in HEADLINE_FIELDS))
    found = [
        m
        for i, f in enumerate(texts)
        for m in _titled_mentions(reader, f, i, context)
        + _group_mentions(reader, f, i, context)
        + _appointment_mentions(reader, f, i, context)
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
