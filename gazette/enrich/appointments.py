"""Changes of office reported in an article: appointed, removed, elected, resigned, acting,
nominated, transferred, retired; one row per (person, event, post).

The grammar is appointments.yaml: each verb says where its names stand (任命张三为…: after;
张三辞去…: before; 当选…主任的张三: after the post) and what separates them from the posts; a
clause with no name continues the sentence's subject (免去张三…职务，改任…). Names are read with
the officials' NameReader, checked word by word in appointment_names.py, and identified by the
officials' rule (official_id of name + jurisdiction, the
jurisdiction read from the post the way officials/titles.py reads a title), so an appointment and the
mentions of the same person share an official_id.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import asdict, dataclass
from functools import cache
from typing import Any, cast, get_args

from gazette.papers import PaperProfile
from gazette.rows import AppointmentEvent, AppointmentRow, ArticleRow, OfficialMentionRow

from .appointment_names import (
    glued_to_next_word,
    is_dotted_name,
    is_marked_name,
    is_name,
    is_transliterated,
    name_after,
    name_opening,
    names_before,
    opens_without_subject,
    strip_annotations,
    strip_leading_time,
    whole_word,
)
from .appointment_rules import appointment_rules
from .offices import public_office
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
from .officials.names import NameReader
from .text import PUNCT_BREAK, SENTENCE_BREAK, clause_end, clause_start, fields

Event = AppointmentEvent
EVENTS: tuple[str, ...] = get_args(Event)

# A date the sentence states: 2023年6月15日, or 6月15日 in the issue's year.
FULL_DATE = re.compile(r"(?<!\d)((?:19|20)\d{2})年(\d{1,2})月(\d{1,2})日")
MONTH_DAY = re.compile(r"(?<![\d年])(\d{1,2})月(\d{1,2})日")
CONJUNCTION = "和"  # joins two posts only when both sides end in a post word
CONCURRENT = "兼"  # 军长兼政治委员: the post after it is held concurrently; it marks that post in a list
OPENING, CLOSING = set("（("), set("）)")
ELLIPSIS = "…"  # ends a list of posts as a clause break does (…任服务中心经理……从一名员工)
CARRY_CLAUSES = 3  # how many clauses back a subject still carries to a clause without one
POSSESSIVE = "的"  # 当选村委会主任的张三: the name after the post
LIST_CONTINUES = set("，；,;")  # what may separate the clauses of one list of appointments
NOTICE_COLON = "："  # may open the list after its verb (决定任命：张三为…)
LINE_SPACE = set("\n \u3000\t")  # a notice prints its list one line each (任命：\n张三为…；\n李四为…)


@dataclass(frozen=True)
class Form:
    verb: str
    event: Event
    names_after: bool
    links: tuple[str, ...]  # what separates the names from the posts (names after the verb)
    post_end: tuple[str, ...]
    has_posts: bool
    named_official: bool  # only for names the article's official_mentions hold
    agent: str | None  # 被: the agent stands between 被 and the verb (张三被镇党委任命为)
    not_after: frozenset[str]  # a character before the verb that makes it part of a word (担任)
    ends_word: bool  # a word of the sentence starts right after the verb (任|市长, not 任期, 兼顾)


Pair = tuple[list[str], list[str]]  # names and the posts they take


@cache
def _grammar() -> dict[str, Any]:
    """appointments.yaml compiled: the forms longest verb first, the post vocabulary."""
    typed = appointment_rules()  # checked when read: an unknown event or key names the file
    r = asdict(typed)
    forms = [
        Form(
            verb,
            spec.event,
            spec.names == "after",
            spec.link,
            spec.post_end,
            spec.posts != "none",
            spec.named_official,
            spec.agent,
            frozenset(spec.not_after),
            spec.ends_word,
        )
        for verb, spec in typed.forms.items()
    ]
    posts = sorted(set(_lexicon()["posts"]) | set(r["extra_posts"]), key=len, reverse=True)
    return {
        **r,
        "forms": sorted(forms, key=lambda f: len(f.verb), reverse=True),
        "verb_re": re.compile("|".join(re.escape(f.verb) for f in sorted(forms, key=lambda f: -len(f.verb)))),
        "post_end_re": re.compile("(?:" + "|".join(map(re.escape, posts)) + ")$"),
        "post_note_re": re.compile("|".join(r["post_notes"])),
        "post_prefix_re": re.compile("^(?:" + "|".join(r["post_prefixes"]) + ")"),
    }


def _clean_post(post: str) -> str | None:
    """The post without trailing 候选人/一职/职务…, or None when it does not end in a known post."""
    g = _grammar()
    post = g["post_prefix_re"].sub("", g["post_note_re"].sub("", post.strip()))
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


def _names(reader: NameReader, segment: str) -> list[str] | None:
    """The names of a list (A、B、C), annotations such as （女） and 同志 dropped; None unless all are
    names (a name the notice marks with an annotation may have a rarer surname)."""
    names = []
    for piece in segment.split(ENUMERATION):
        name = strip_annotations(piece)
        marked = name != piece and is_marked_name(reader, name)
        if not (is_name(reader, name) or marked or is_transliterated(name) or is_dotted_name(reader, name)):
            return None
        names.append(name)
    return names


def _respectively(pairs: list[Pair]) -> list[Pair]:
    """张三、李四分别当选为主席、副主席: each name with the post in its place; nothing when the
    counts differ (a wrong pairing is worse than none)."""
    names, posts = pairs[0] if len(pairs) == 1 else ([], [])
    return [([n], [p]) for n, p in zip(names, posts, strict=True)] if len(names) == len(posts) > 1 else []


def _posts(text: str) -> list[str]:
    """Posts joined by 、 (副市长、代理市长), or by 和 or 兼 when both sides end in a post word (发展和改革局
    局长 is one post), each cleaned; unknown ones dropped. A post after 兼 keeps it as a mark
    (军长、兼政治委员): it is held concurrently."""
    posts = []
    for piece in text.split(ENUMERATION):
        first, joined, second = piece.partition(CONCURRENT)
        if joined and first and (held := _clean_post(first)) and (added := _clean_post(second)):
            posts.extend(_joined(held) + [CONCURRENT + p for p in _joined(added)])
        elif post := _clean_post(piece):
            posts.extend(_joined(post))
    return posts


def _joined(post: str) -> list[str]:
    """Two posts joined by 和 when both sides end in a post word, else the one post."""
    halves = post.split(CONJUNCTION)
    return halves if len(halves) == 2 and all(_clean_post(h) == h for h in halves) else [post]


def _region_end(text: str, start: int, form: Form) -> int:
    """Where the posts after `start` end: the clause's end, or the first `post_end` word before it."""
    end, depth = start, 0  # a comma inside brackets breaks nothing: 张三（女，满族）为…
    while end < len(text) and (depth or text[end] not in PUNCT_BREAK) and text[end] not in SENTENCE_BREAK | {ELLIPSIS}:
        depth = max(0, depth + (text[end] in OPENING) - (text[end] in CLOSING))
        end += 1
    for word in (*form.post_end, *_grammar()["post_stops"]):
        found = text.find(word, start, end)
        if found >= 0:
            end = found
    return end


def _after(reader: NameReader, text: str, start: int, form: Form, subject: list[str]) -> list[Pair]:
    """[(names, posts)] for a verb whose names follow it: 任命A、B为X；C为Y / 免去A的X职务 / 免去其X职务
    (其: the sentence's subject); a clause after it in the same form continues the list (任命A为X，B为Y).
    A colon may open the list (决定任命：A为X), and the list may stand one pair a line."""
    start += next((len(p) for p in _grammar()["verb_particles"] if text.startswith(p, start)), 0)
    start += text.startswith(NOTICE_COLON, start)
    while start < len(text) and text[start] in LINE_SPACE:
        start += 1
    end = _region_end(text, start, form)
    region = text[start:end]
    if not form.has_posts:
        names = _names(reader, region)
        return [(names, [])] if names else []
    g = _grammar()
    pronoun = next((p for p in g["subject_pronouns"] if region.startswith(p)), None)
    if pronoun and subject:
        rest = region[len(pronoun) :]
        link = next((k for k in form.links if k and rest.startswith(k)), "")
        return [(subject, posts)] if (posts := _posts(rest[len(link) :])) else []
    for link in form.links:
        if link:
            for cut in (m.start() for m in re.finditer(re.escape(link), region)):
                head = region[:cut]
                paired = head.endswith(g["respectively"])
                names = _names(reader, head[: -len(g["respectively"])] if paired else head)
                if names and whole_word(region, 0, cut):
                    pairs = _continued(reader, names, region[cut + len(link) :], link)
                    if paired:
                        return _respectively(pairs)
                    return pairs + _following(reader, text, clause_end(text, end, PUNCT_BREAK), form, link)
        else:  # nothing between the name and the post (免去张三同志副市长职务): the name's own end decides
            read = reader.name_at(region, 0)
            for name in [read] if read else [region[:n] for n in (3, 2)]:
                rest = strip_annotations(region[len(name) :]) if is_name(reader, name) else ""
                if rest and (posts := _posts(rest)):
                    return [([name], posts)]
    return []


def _following(reader: NameReader, text: str, end: int, form: Form, link: str) -> list[Pair]:
    """Clauses after a list that go on in its form, names, link, posts (选举张三为主任，李四、王五为副主任)."""
    pairs: list[Pair] = []
    while end < len(text) and text[end] in LIST_CONTINUES | LINE_SPACE:
        while end + 1 < len(text) and text[end + 1] in LINE_SPACE:
            end += 1
        clause_stop = _region_end(text, end + 1, form)
        clause = text[end + 1 : clause_stop]
        head, found, tail = clause.partition(link)
        names = _names(reader, head) if found and head else None
        posts = _posts(tail) if names and whole_word(clause, 0, len(head)) else []
        if not posts:
            break
        pairs.append((cast(list[str], names), posts))
        end = clause_end(text, clause_stop, PUNCT_BREAK)
    return pairs


def _continued(reader: NameReader, names: list[str], rest: str, link: str) -> list[Pair]:
    """The posts of `names`, and further pairs in the same list: 任命A为X、B为Y."""
    pairs: list[Pair] = [(names, [])]
    posts: list[str] = []
    for piece in rest.split(ENUMERATION):
        head, _, tail = piece.partition(link)
        more = _names(reader, head) if tail else None
        if more:
            pairs[-1][1].extend(posts)
            pairs.append((more, []))
            posts = _posts(tail)
        else:
            posts.extend(_posts(piece))
    pairs[-1][1].extend(posts)
    return [(n, p) for n, p in pairs if p]


def _before(
    reader: NameReader, text: str, sentence_start: int, verb: tuple[int, int], form: Form, carried: list[str]
) -> list[Pair]:
    """[(names, posts)] for a verb written after its name: 张三辞去X职务, 李四全票当选为Y, 王五被镇党委
    任命为Y; with no name before the verb, the name after the post (当选Y的赵六) or the subject the
    sentence carries (免去张三…职务，改任Y)."""
    head = text[sentence_start : verb[0]]
    if form.agent:  # 被<agent>任命为: the name stands before 被
        cut = head.rfind(form.agent)
        if cut < 0 or any(c in PUNCT_BREAK for c in head[cut:]):
            return []
        head = head[:cut]
    for word in _grammar()["former_post_openers"]:  # 张三由副市长调任…: the post left stands between
        cut = head.rfind(word)
        if cut >= 0 and _clean_post(head[cut + len(word) :]):
            head = head[:cut]
    region = text[verb[1] : _region_end(text, verb[1], form)]
    names = names_before(reader, head)
    clause_head = head[clause_start(head, len(head), CLAUSE_NOT_ENUMERATION) :]
    if not names and opens_without_subject(clause_head):
        for cut in (m.start() for m in re.finditer(POSSESSIVE, region)):
            if (posts := _posts(region[:cut])) and (name := name_after(reader, region, cut + 1)):
                return [([name], posts)]
        names = carried or _opening_subject(reader, head[: len(head) - len(clause_head)])
    if not names:
        return []
    pairs = [(names, _posts(region) if form.has_posts else [])]
    if _grammar()["respectively"] in head[head.rfind(names[-1]) :]:
        return _respectively(pairs)
    # A pair without posts still names the sentence's subject (张三调任某州，任州委书记).
    return pairs


def _opening_subject(reader: NameReader, earlier: str) -> list[str]:
    """The name opening (or ending, as an apposition) the nearest earlier clause of the sentence
    that has one: the subject a clause without one continues (张三在…工作，同时兼任…); else a name
    that is the sentence's whole first clause, however far back (张三，男，1975年生，…，拟任…)."""
    clauses = [c for c in re.split(f"[{re.escape(''.join(PUNCT_BREAK))}]", earlier) if c]
    for clause in reversed(clauses[-CARRY_CLAUSES:]):
        if not _opens_with_change(clause) and (name := name_opening(reader, clause)):
            return [name]
    topic = strip_annotations(clauses[0].strip()) if clauses else ""
    return [topic] if is_name(reader, topic) else []


def _opens_with_change(clause: str) -> bool:
    """The clause opens with a verb of the grammar and its posts (任红15军政治委员: 任 and a post, not a
    name 任红); when the verb comes again later (任长霞任局长) the opening is a name."""
    body = strip_leading_time(clause)
    g = _grammar()
    forms = {f.verb: f for f in g["forms"]}
    found = g["verb_re"].match(body)
    again = (
        [m for m in g["verb_re"].finditer(body, found.end()) if body[m.start() - 1] not in forms[m.group()].not_after]
        if found
        else []
    )
    return bool(found and not again and _posts(body[found.end() :]))


def _sentence_start(text: str, pos: int) -> int:
    start = pos
    while start > 0 and text[start - 1] not in SENTENCE_BREAK:
        start -= 1
    return start


def _sentence(text: str, pos: int) -> str:
    """The sentence around `pos`."""
    start = _sentence_start(text, pos)
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


def _post_event(marked: str | None, event: Event) -> tuple[str | None, Event]:
    """The post without the mark of a concurrent one, and its event: a concurrent post of an
    appointment is `concurrent`, an ad-interim one `acting`."""
    if marked and marked.startswith(CONCURRENT):
        return marked[len(CONCURRENT) :], "concurrent" if event in ("appointed", "transferred") else event
    return marked, "acting" if event == "appointed" and _acting(marked) else event


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
        carried: tuple[int, list[str]] = (-1, [])  # (sentence start, the names its last change named)
        while found := g["verb_re"].search(text, pos):
            form = forms[found.group(0)]
            start = _sentence_start(text, found.start())
            subject = carried[1] if carried[0] == start else []
            if (
                (found.start() and text[found.start() - 1] in form.not_after)
                or text.startswith(g["not_before"], found.end())
                or (form.ends_word and glued_to_next_word(text, found.end()))
            ):
                pairs = []
            elif form.names_after:
                pairs = _after(reader, text, found.end(), form, subject)
            else:
                pairs = _before(reader, text, start, found.span(), form, subject)
            if pairs:
                carried = (start, pairs[-1][0])
            pairs = [(names, posts) for names, posts in pairs if posts or not form.has_posts]
            pos = found.end() if pairs else found.start() + 1
            sentence = _sentence(text, found.start())
            clause = text[clause_start(text, found.start(), PUNCT_BREAK) : clause_end(text, found.end(), PUNCT_BREAK)]
            for names, posts in pairs:
                for name in [n for n in names if n in known or not form.named_official]:
                    for marked in cast(list[str | None], posts) or [None]:
                        post, event = _post_event(marked, form.event)
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
                                "public_office": public_office(post, clause) if post else form.named_official,
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
