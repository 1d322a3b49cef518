"""The grammar of titles.yaml compiled once: its word lists as the sets and regexes the readers use,
and per paper the regexes of a title ([原] [jurisdiction] [body | department]... [代理] post) and
of a leaders' group head (市领导, 市四套班子领导)."""

from __future__ import annotations

import re
from dataclasses import asdict
from functools import cache, lru_cache
from typing import Any

from ..text import CLAUSE_BREAK
from ..title_rules import title_rules

ENUMERATION = "、"  # separates names in a list and titles in a chain
ETC = "等"  # closes a list before its head: A、B等市领导
CLAUSE_NOT_ENUMERATION = CLAUSE_BREAK - {ENUMERATION}


def _alternation(words) -> str:
    return "|".join(map(re.escape, sorted(words, key=len, reverse=True)))


@cache
def _lexicon() -> dict[str, Any]:
    """titles.yaml compiled into the regexes and sets the parser uses."""
    r = asdict(title_rules())  # checked when read
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
