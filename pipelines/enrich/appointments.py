"""Changes of office reported in an article: appointed, removed, elected, resigned, acting,
nominated, transferred, retired; one row per (person, event, post).

The grammar is appointments.yaml: each verb says where its names stand (任命张三为…: after;
张三辞去…: before) and what separates them from the posts. Names are read with the officials'
NameReader and identified by the officials' rule (official_id of name + jurisdiction, the
jurisdiction read from the post the way officials/titles.py reads a title), so an appointment and the
mentions of the same person share an official_id.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from functools import cache
from typing import Any, cast, get_args

from pipelines.papers import PaperProfile
from pipelines.rows import AppointmentEvent, AppointmentRow, ArticleRow, OfficialMentionRow

from .lexicon import rules
from .officials import (
    CLAUSE_NOT_ENUMERATION,
    ENUMERATION,
    PaperAndHeadline,
    _lexicon,
    _reader,
    official_id,
    own_post,
    parse_title,
)
from .text import PUNCT_BREAK, SENTENCE_BREAK, clause_start, fields

Event = AppointmentEvent
EVENTS: tuple[str, ...] = get_args(Event)

# A date the sentence states: 2023年6月15日, or 6月15日 in the issue's year.
FULL_DATE = re.compile(r"(?<!\d)((?:19|20)\d{2})年(\d{1,2})月(\d{1,2})日")
MONTH_DAY = re.compile(r"(?<![\d年])(\d{1,2})月(\d{1,2})日")


@dataclass(frozen=True)
class Form:
    verb: str
    event: Event
    names_after: bool
    links: tuple[str, ...]  # what separates the names from the posts (names after the verb)
    post_end: tuple[str, ...]
    has_posts: bool
    named_official: bool  # only for names the article's official_mentions hold


@cache
def _grammar() -> dict[str, Any]:
    """appointments.yaml compiled: the forms longest verb first, the post vocabulary."""
    r = rules("appointments")
    forms = [
        Form(
            verb,
            spec["event"],
            spec["names"] == "after",
            tuple(spec.get("link", [])),
            tuple(spec.get("post_end", [])),
            spec.get("posts") != "none",
            spec.get("named_official", False),
        )
        for verb, spec in r["forms"].items()
    ]
    unknown = {f.event for f in forms} - set(EVENTS)
    if unknown:
        raise ValueError(f"appointments.yaml: unknown events {sorted(unknown)}")
    posts = sorted(set(_lexicon()["posts"]) | set(r["extra_posts"]), key=len, reverse=True)
    return {
        **r,
        "forms": sorted(forms, key=lambda f: len(f.verb), reverse=True),
        "verb_re": re.compile("|".join(re.escape(f.verb) for f in sorted(forms, key=lambda f: -len(f.verb)))),
        "post_end_re": re.compile("(?:" + "|".join(map(re.escape, posts)) + ")$"),
        "between": sorted(r["between"], key=len, reverse=True),
    }


def _clean_post(post: str) -> str | None:
    """The post without trailing 候选人/一职…, or None when it does not end in a known post."""
    g = _grammar()
    post = post.strip()
    for suffix in sorted(g["post_suffixes"], key=len, reverse=True):
        if post.endswith(suffix) and len(post) > len(suffix):
            post = post[: -len(suffix)]
    return post if g["post_end_re"].search(post) else None


def _acting(post: str | None) -> bool:
    """An ad-interim post: 代理 right before the post word (代理市长, 平湖市代理市长)."""
    if not post:
        return False
    found = _grammar()["post_end_re"].search(post)
    return found is not None and any(post[: found.start()].endswith(p) for p in _grammar()["acting_prefixes"])


def _is_name(reader, name: str) -> bool:
    """Shaped like a name to the officials' reader, no title in it (原局长, 老书记), and not four
    characters opening with a common word (连续三届 before 当选为)."""
    if not reader.plausible(name) or _lexicon()["post_re"].search(name):
        return False
    return len(name) < 4 or not reader._common_word(name[:2])


def _names(reader, segment: str) -> list[str] | None:
    """The names of a list (A、B、C), annotations such as （女） dropped; None unless all are names."""
    for note in _grammar()["name_annotations"]:
        segment = segment.replace(note, "")
    names = segment.split(ENUMERATION)
    return names if all(_is_name(reader, n) for n in names) else None


def _posts(text: str) -> list[str]:
    """Posts joined by 、 (副市长、代理市长), each cleaned; unknown ones dropped."""
    return [post for piece in text.split(ENUMERATION) if (post := _clean_post(piece))]


def _region_end(text: str, start: int, form: Form) -> int:
    """Where the posts after `start` end: the clause's end, or the first `post_end` word before it."""
    end = start
    while end < len(text) and text[end] not in PUNCT_BREAK:
        end += 1
    for word in form.post_end:
        found = text.find(word, start, end)
        if found >= 0:
            end = found
    return end


def _after(reader, text: str, start: int, form: Form) -> list[tuple[list[str], list[str]]]:
    """[(names, posts)] for a verb whose names follow it: 任命A、B为X；C为Y / 免去A的X职务."""
    end = _region_end(text, start, form)
    region = text[start:end]
    if not form.has_posts:
        names = _names(reader, region)
        return [(names, [])] if names else []
    for link in form.links:
        if link:
            for cut in (m.start() for m in re.finditer(re.escape(link), region)):
                names = _names(reader, region[:cut])
                if names:
                    return _continued(reader, names, region[cut + len(link) :], link)
        else:  # nothing between the name and the post (免去张三副市长职务): the name's own end decides
            read = reader.name_at(region, 0)
            for name in [read] if read else [region[:n] for n in (3, 2, 4)]:
                if _is_name(reader, name) and (posts := _posts(region[len(name) :])):
                    return [([name], posts)]
    return []


def _continued(reader, names: list[str], rest: str, link: str) -> list[tuple[list[str], list[str]]]:
    """The posts of `names`, and further pairs in the same list: 任命A为X、B为Y."""
    pairs: list[tuple[list[str], list[str]]] = [(names, [])]
    posts: list[str] = []
    for piece in rest.split(ENUMERATION):
        head, _, tail = piece.partition(link)
        more = _names(reader, head) if tail else None
        if more:
            pairs[-1][1].extend(posts)
            pairs.append((more, []))
            posts = [p] if (p := _clean_post(tail)) else []
        elif post := _clean_post(piece):
            posts.append(post)
    pairs[-1][1].extend(posts)
    return [(n, p) for n, p in pairs if p]


def _before(reader, text: str, verb_start: int, verb_end: int, form: Form) -> list[tuple[list[str], list[str]]]:
    """[(name, posts)] for a verb written after its name: 张三辞去X职务, 李四全票当选为Y."""
    end = verb_start
    for word in _grammar()["between"]:  # 张三同志辞去, 李四全票当选为
        if text.endswith(word, 0, end):
            end -= len(word)
            break
    clause = text[clause_start(text, end, CLAUSE_NOT_ENUMERATION) : end]
    # The whole clause when it is a name (，冯某某当选为: jieba may cut a surname off), else jieba's last word.
    name = clause if _is_name(reader, clause) else reader.name_before(text, end)
    if not name:
        candidates = [text[end - n : end] for n in (3, 2) if end >= n]
        name = next((c for c in candidates if reader.plausible(c)), None)
    if not name or not _is_name(reader, name):
        return []
    if not form.has_posts:
        return [([name], [])]
    posts = _posts(text[verb_end : _region_end(text, verb_end, form)])
    return [([name], posts)] if posts else []


def _sentence(text: str, pos: int) -> str:
    """The sentence around `pos`."""
    start = pos
    while start > 0 and text[start - 1] not in SENTENCE_BREAK:
        start -= 1
    end = pos
    while end < len(text) and text[end] not in SENTENCE_BREAK:
        end += 1
    return text[start : end + 1 if end < len(text) else end].strip()


def effective_date(sentence: str, issue_date: dt.date | None) -> dt.date | None:
    """The first date the sentence states (a month and day take the issue's year), else None."""
    found = FULL_DATE.search(sentence)
    try:
        if found:
            return dt.date(*map(int, found.groups()))
        found = MONTH_DAY.search(sentence)
        if found and issue_date:
            return dt.date(issue_date.year, int(found.group(1)), int(found.group(2)))
    except ValueError:  # 2月30日: not a date
        return None
    return None


def _where(name: str, post: str | None, known: dict[str, str | None], context: PaperAndHeadline) -> str | None:
    """The person's jurisdiction: the one the post prints (平湖市代理市长), else the one this
    article's mentions give the name, else the one officials/titles.py reads for the bare post."""
    title = parse_title(post, context) if post else None
    if title is None:
        home = context.paper.home if context.paper else None
        return known.get(name) or (home.name if home else None)
    place = title.jurisdiction
    return place.name if place.printed else known.get(name, place.name)


def article_appointments(
    article: ArticleRow,
    page_text: str,
    mentions: list[OfficialMentionRow] | None = None,
    paper: PaperProfile | None = None,
) -> list[AppointmentRow]:
    """appointments rows for one article; `page_text` is every article of the page (it settles where
    names end, as for officials), `mentions` its official_mentions rows (jurisdictions of names),
    `paper` the page's profile (a bare post's jurisdiction)."""
    reader = _reader(page_text)
    context = PaperAndHeadline(paper, article.get("headline") or "")
    g = _grammar()
    forms = {f.verb: f for f in g["forms"]}
    known = {m["name"]: m["jurisdiction"] for m in mentions or []}
    rows: dict[tuple[str, Event, str | None], AppointmentRow] = {}  # (official_id, event, post) -> its row
    for f in fields(article):
        text, pos = f.text, 0
        while found := g["verb_re"].search(text, pos):
            form = forms[found.group(0)]
            if form.names_after:
                pairs = _after(reader, text, found.end(), form)
            else:
                pairs = _before(reader, text, found.start(), found.end(), form)
            pos = found.end() if pairs else found.start() + 1
            sentence = _sentence(text, found.start())
            for names, posts in pairs:
                for name in [n for n in names if n in known or not form.named_official]:
                    for post in cast(list[str | None], posts) or [None]:
                        event: Event = "acting" if form.event == "appointed" and _acting(post) else form.event
                        jurisdiction = _where(name, post, known, context)
                        key = (official_id(name, jurisdiction), event, post)
                        rows.setdefault(
                            key,
                            {
                                "article_id": article.get("article_id"),
                                "name": name,
                                "official_id": key[0],
                                "event": event,
                                "post": post,
                                # Until the posts are classed (titles.yaml), a post is read only where an
                                # official's title grammar reads it, and so is a public office.
                                "public_office": True,
                                "title": own_post(post, jurisdiction) if post else None,
                                "jurisdiction": jurisdiction,
                                "effective": effective_date(sentence, article.get("issue_date")),
                                "sentence": sentence,
                                "page_id": article.get("page_id"),
                                "issue_date": article.get("issue_date"),
                                "char_offset": f.offset(found.start()),
                            },
                        )
    return list(rows.values())
