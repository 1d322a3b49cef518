"""Jump lines: an article printed in parts, on several pages of one issue (下转第2版 ... 上接第1版).

A jump line is no part of the article's body; the article stores the 版 it goes on to
(`continued_to`) and the one it goes on from (`continued_from`), as printed, normalised (第二版 -> 2,
A03版 -> A3), and the model `article_continuations` pairs the parts. The grammar is printed.yaml's
`jump`: a jump stands on a line of its own, bracketed or not, or in brackets at the end (onward) or
the start (back) of a paragraph.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from typing import Literal

from gazette.extract.printed_rules import printed_rules

Way = Literal["onward", "back"]
NUMERALS = "一二三四五六七八九"


@dataclass(frozen=True)
class Jump:
    way: Way  # onward: the article goes on on `page`; back: it goes on from `page`
    page: str  # the 版 named: 2, A3


@dataclass(frozen=True)
class Jumps:
    """What an article's body says of its other parts, and the body without its jump lines."""

    body: str
    continued_to: str | None = None
    continued_from: str | None = None


@cache
def _patterns() -> tuple[re.Pattern, re.Pattern, re.Pattern]:
    grammar = printed_rules().jump
    way = rf"(?:(?P<onward>{grammar.onward})|(?P<back>{grammar.back}))"
    whole = re.compile(rf"[（(]?{way}{grammar.page}[）)]?")
    onward_at_end = re.compile(rf"[（(](?:{grammar.onward}){grammar.page}[）)]$")
    back_at_start = re.compile(rf"^[（(](?:{grammar.back}){grammar.page}[）)]")
    return whole, onward_at_end, back_at_start


def page_number(printed: str) -> str:
    """The 版 as printed, normalised: 第二版's 二 -> 2, a03 -> A3, 12 -> 12."""
    if printed[0] in NUMERALS + "十":
        tens, _, units = printed.rpartition("十")
        number = (NUMERALS.index(tens) + 1 if tens else 1) * 10 if "十" in printed else 0
        return str(number + (NUMERALS.index(units) + 1 if units else 0))
    letter = printed[0].upper() if printed[0].isalpha() else ""
    return letter + (printed[len(letter) :].lstrip("0") or "0")


def jump_line(text: str) -> Jump | None:
    """The jump a whole line is (whitespace ignored), or None."""
    found = _patterns()[0].fullmatch(re.sub(r"\s", "", text))
    if not found:
        return None
    return Jump("onward" if found["onward"] else "back", page_number(found["page"]))


def take_jumps(body: str) -> Jumps:
    """`body` (paragraphs one a line) without the jump lines at its ends, and the 版 they name."""
    paragraphs = body.split("\n")
    to = back = None
    while paragraphs and (jump := jump_line(paragraphs[-1])) and jump.way == "onward":
        to = to or jump.page
        paragraphs.pop()
    while paragraphs and (jump := jump_line(paragraphs[0])):
        if jump.way == "back":
            back = back or jump.page
        else:
            to = to or jump.page
        paragraphs.pop(0)
    _, onward_at_end, back_at_start = _patterns()
    if paragraphs and (found := onward_at_end.search(paragraphs[-1].rstrip())) and to is None:
        to = page_number(found["page"])
        paragraphs[-1] = paragraphs[-1].rstrip()[: found.start()].rstrip()
    if paragraphs and (found := back_at_start.match(paragraphs[0].lstrip())) and back is None:
        back = page_number(found["page"])
        paragraphs[0] = paragraphs[0].lstrip()[found.end() :].lstrip()
    return Jumps("\n".join(p for p in paragraphs if p), to, back)
