"""titles.yaml as a dataclass: the grammar of officials' titles, names and public offices (read by
officials/, offices.py, appointments and the report's careers section)."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from typing import Literal

from gazette.rules import typed_rules


@dataclass(frozen=True)
class AppointmentPhrases:
    """Where a name stands in a report of a change of office (任命张三为…, 张三辞去…)."""

    before_name: tuple[str, ...]  # verbs written before the name (任命)
    between: tuple[str, ...]  # what separates the name from the title ("" = nothing)
    after_name: tuple[str, ...]  # verbs written after the name (当选为)


@dataclass(frozen=True)
class TitleRules:
    posts: tuple[str, ...]  # posts that end a title
    congress_posts: tuple[str, ...]  # a seat in a congress or CPPCC, not an office
    post_levels: dict[str, str]  # the level a post names by itself (副省长: 省)
    titles_after_name: dict[str, str]  # title written after its name -> its jurisdiction (总书记: 中央)
    levels: dict[str, tuple[str, ...]]  # level word -> the profile levels it means
    level_words: dict[str, str]  # a level word as it opens a title -> its level
    own_markers: tuple[str, ...]  # 我市, 本县
    place_suffixes: dict[str, str]  # a place's suffix -> its level
    not_in_place_names: str
    central: tuple[str, ...]
    bodies: tuple[str, ...]
    department_suffixes: tuple[str, ...]
    not_in_names: str
    clause_words: tuple[str, ...]
    group_middles: tuple[str, ...]
    group_head: str  # 领导 of 市领导
    own_post_bodies: tuple[str, ...]
    not_public_bodies: tuple[str, ...]
    public_bodies: tuple[str, ...]
    public_posts: tuple[str, ...]
    appointments: dict[Literal["appointed", "removed"], AppointmentPhrases]
    removal_ends: tuple[str, ...]
    honorific: str  # 同志
    former_markers: tuple[str, ...]
    acting_marker: str
    name_followers: tuple[str, ...]
    surnames: str
    common_word_freq: int
    not_names: tuple[str, ...]
    roles: dict[str, tuple[str, ...]]  # role -> the verbs that say it, most prominent role first
    role_window: int


@cache
def title_rules() -> TitleRules:
    """titles.yaml, checked when read (once per process)."""
    return typed_rules(TitleRules, "gazette.enrich", "titles.yaml")
