"""appointments.yaml as a dataclass: the grammar of personnel notices (read by appointments.py,
appointment_names.py and gazette.quality's post collisions)."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from typing import Literal

from gazette.rows import AppointmentEvent
from gazette.rules import typed_rules


@dataclass(frozen=True)
class FormRule:
    """One verb of a change of office and where its names and posts stand (see appointments.yaml)."""

    event: AppointmentEvent
    names: Literal["after", "before"]
    link: tuple[str, ...] = ()  # what separates names written after the verb from their posts
    post_end: tuple[str, ...] = ()  # a word that ends the posts (职务)
    posts: Literal["none"] | None = None  # "none": the form names no post (退休)
    named_official: bool = False  # only for names the article names with a title
    agent: str | None = None  # 被: the agent stands between it and the verb
    not_after: tuple[str, ...] = ()  # characters before the verb that make it part of a word
    ends_word: bool = False  # a word starts right after the verb (任|市长, not 任期)


@dataclass(frozen=True)
class AppointmentRules:
    forms: dict[str, FormRule]
    between: tuple[str, ...]  # patterns that may stand between a name and its verb
    place_phrases: tuple[str, ...]  # patterns of where the post is taken up, before the verb
    carry_openers: tuple[str, ...]
    event_ends: tuple[str, ...]  # carry openers that one word for an event may precede (毕业后)
    name_conjunctions: tuple[str, ...]  # join the last two names of a list before the verb (和)
    forms_of_address: tuple[str, ...]  # 大爷 in 李大爷: a surname and how one calls them, no name
    double_surnames: tuple[str, ...]
    name_joiners: str
    surname_not_as: tuple[str, ...]  # jieba's tags of a surname character read as a word of its own
    not_subject_after: tuple[str, ...]
    acting_prefixes: tuple[str, ...]
    name_annotations: tuple[str, ...]
    post_prefixes: tuple[str, ...]  # patterns cut from the start of a post (兼任的)
    former_post_openers: tuple[str, ...]  # 由/从 and the post left, between a name and its verb
    verb_particles: tuple[str, ...]  # skipped right after a verb whose names follow it (了)
    not_before: tuple[str, ...]  # what, right after a verb, makes it describe a post (兼任的)
    post_suffixes: tuple[str, ...]
    post_stops: tuple[str, ...]  # words that end the posts wherever they stand (后的: a time clause)
    post_notes: tuple[str, ...]  # patterns of a note after a post (a rank in brackets)
    respectively: str
    subject_pronouns: tuple[str, ...]
    marked_surnames: str
    extra_posts: tuple[str, ...]
    exclusive_posts: tuple[tuple[str, ...], ...]  # groups of posts one person holds one of at a time
    transliteration: str
    given_name_max_freq: int


@cache
def appointment_rules() -> AppointmentRules:
    """appointments.yaml, checked when read (once per process)."""
    return typed_rules(AppointmentRules, "gazette.enrich", "appointments.yaml")
