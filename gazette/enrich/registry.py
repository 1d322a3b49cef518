"""One row per distinct person across every page, built from official_mentions.

Resolving folds mentions into what is already known, so a run that adds pages only
reads the new pages' mentions and the resolved tables, never every page again:
`resolve_officials(new, known=resolve_officials(old))` equals `resolve_officials(old + new)`
as long as `new` comes from pages that `old` does not.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from gazette.rows import OfficialMentionRow, OfficialRow, OfficialTitleRow, TableRows

SERVING = ("serving", "acting")  # official_mentions.status values that count in serving_article_count
# Where a title was first seen, in sort order (_first_key): (undated, issue date, article_id, position).
FirstKey = tuple[bool, dt.date, str, int]


def _first_key(issue_date: dt.date | None, article_id: str, position: int) -> FirstKey:
    """Where a title was first seen: the earliest dated issue (undated last), then the article,
    then its place among the titles of that mention (副书记 before 市长 in 市委副书记、市长李军)."""
    return issue_date is None, issue_date or dt.date.min, article_id, position


def _earlier(a: dt.date | None, b: dt.date | None) -> dt.date | None:
    return min(a, b) if a and b else a or b


def _later(a: dt.date | None, b: dt.date | None) -> dt.date | None:
    return max(a, b) if a and b else a or b


@dataclass
class _Title:
    first_key: FirstKey
    first_seen: dt.date | None
    last_seen: dt.date | None

    def seen(self, key: FirstKey, issue_date: dt.date | None) -> None:
        self.first_key = min(self.first_key, key)
        self.first_seen = _earlier(self.first_seen, issue_date)
        self.last_seen = _later(self.last_seen, issue_date)


@dataclass
class _Person:
    name: str
    jurisdiction: str | None
    first_seen: dt.date | None = None
    last_seen: dt.date | None = None
    known_articles: int = 0  # articles counted before this fold
    known_serving: int = 0
    new_articles: set[str] = field(default_factory=set)
    new_serving: set[str] = field(default_factory=set)  # articles naming them as serving in an office
    titles: dict[str, _Title] = field(default_factory=dict)

    def seen(self, title: str, key: FirstKey, issue_date: dt.date | None) -> None:
        if title in self.titles:
            self.titles[title].seen(key, issue_date)
        else:
            self.titles[title] = _Title(key, issue_date, issue_date)


def _known_people(known: TableRows) -> dict[str, _Person]:
    """People as resolved before; a title's key comes from its first article and its place in `titles`."""
    title_rows = {(row["official_id"], row["title"]): row for row in known["official_titles"]}
    people = {}
    for row in known["officials"]:
        oid = row["official_id"]
        person = people[oid] = _Person(
            row["name"],
            row["jurisdiction"],
            row["first_seen"],
            row["last_seen"],
            row["article_count"],
            row.get("serving_article_count") or 0,
        )
        for position, title in enumerate(row["titles"]):
            seen = title_rows[(oid, title)]
            person.titles[title] = _Title(
                _first_key(seen["first_seen"], seen["first_article_id"], position),
                seen["first_seen"],
                seen["last_seen"],
            )
    return people


def serving(mention: OfficialMentionRow) -> bool:
    """Named as holding an office now: serving or acting, not only as a congress or CPPCC member.
    (Mentions stored before statuses existed count as serving.)"""
    return (mention.get("status") or "serving") in SERVING and not mention.get("congress_member")


@dataclass(frozen=True)
class Namesake:
    """One official (an official_id of official_mentions) of a name that one with no place shares."""

    official_id: str
    jurisdiction: str | None
    posts: frozenset[str]  # its titles as posts of its jurisdiction (official_mentions.posts)
    homes: frozenset[str] = frozenset()  # with no place: the home jurisdictions of its pages' papers


def join_placeless(name: str, namesakes: list[Namesake]) -> tuple[dict[str, str], dict[str, str]]:
    """(joined, apart) for the officials named `name`: an official with no jurisdiction joins the
    single one with a jurisdiction that holds one of its posts in the home of its pages' paper
    (joined: its official_id -> that one's); else it stays apart, and apart says why."""
    placed = [n for n in namesakes if n.jurisdiction]
    joined, apart = {}, {}
    for official in namesakes:
        if official.jurisdiction:
            continue
        holders = [n for n in placed if n.posts & official.posts]
        at_home = [n for n in holders if n.jurisdiction in official.homes]
        places = "、".join(sorted({n.jurisdiction or "" for n in at_home or holders}))
        if len(at_home) == 1:
            joined[official.official_id] = at_home[0].official_id
        elif not holders:
            apart[official.official_id] = f"no place; no official named {name} with its titles has one"
        elif at_home:
            apart[official.official_id] = f"no place; {len(at_home)} officials named {name} hold its titles ({places})"
        else:
            home = "、".join(sorted(official.homes)) or "none: no paper with a home"
            apart[official.official_id] = (
                f"no place; the officials named {name} with its titles ({places}) are not in its paper's home ({home})"
            )
    return joined, apart


def resolve_officials(mentions: list[OfficialMentionRow], known: TableRows | None = None) -> TableRows:
    """officials and official_titles rows for `mentions` plus the people already `known`
    (officials and official_titles rows resolved from other pages).

    The official_id in each mention already identifies the person (name + jurisdiction),
    so resolving is grouping by it; titles keep the order they were first seen in
    (副市长 before 市长 after a promotion).
    """
    people = _known_people(known) if known else {}
    for m in mentions:
        person = people.get(m["official_id"])
        if person is None:
            person = people[m["official_id"]] = _Person(m["name"], m["jurisdiction"])
        day = m.get("issue_date")
        person.first_seen, person.last_seen = _earlier(person.first_seen, day), _later(person.last_seen, day)
        person.new_articles.add(m["article_id"])
        if serving(m):
            person.new_serving.add(m["article_id"])
        for position, title in enumerate(m.get("titles") or [m["title"]]):
            person.seen(title, _first_key(day, m["article_id"], position), day)

    officials: list[OfficialRow]
    titles: list[OfficialTitleRow]
    officials, titles = [], []
    for oid, person in people.items():
        ordered = sorted(person.titles, key=lambda title: person.titles[title].first_key)
        officials.append(
            {
                "official_id": oid,
                "name": person.name,
                "titles": ordered,
                "jurisdiction": person.jurisdiction,
                "first_seen": person.first_seen,
                "last_seen": person.last_seen,
                "article_count": person.known_articles + len(person.new_articles),
                "serving_article_count": person.known_serving + len(person.new_serving),
                "apart": None,  # why one with no place stays apart: settled with its namesakes (join_placeless)
                "mention_ids": [oid],  # with the id of a placeless namesake it joins (gazette.officials_step)
            }
        )
        for title in ordered:
            seen = person.titles[title]
            titles.append(
                {
                    "official_id": oid,
                    "title": title,
                    "first_seen": seen.first_seen,
                    "last_seen": seen.last_seen,
                    "first_article_id": seen.first_key[2],
                }
            )
    return {"officials": officials, "official_titles": titles}
