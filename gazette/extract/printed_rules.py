"""printed.yaml as a dataclass: the lines of a printed page (page PDFs, OCR'd scans) that are no
article's text, or that belong to one in a way their place alone does not show (read by printed.py,
jumps.py and ocr.py)."""

from __future__ import annotations

import re
from dataclasses import dataclass, fields
from functools import cache

from gazette.rules import RuleError, typed_rules

FILE = "gazette/extract/printed.yaml"


@dataclass(frozen=True)
class JumpGrammar:
    """A jump line: an article goes on on another page (下转第2版) or goes on from one (上接第1版)."""

    onward: str  # the words of a jump to the article's rest: 下转
    back: str  # the words of a jump from the article's start: 上接
    page: str  # the 版 named, its number in the group `page`: 第2版, A3版, 第二版


@dataclass(frozen=True)
class OcrNoise:
    """Marks a speck beside a line is read as, at its start and at its end."""

    leading: re.Pattern[str]
    trailing: re.Pattern[str]


@dataclass(frozen=True)
class PrintedRules:
    editor_role: re.Pattern[str]  # one role of the editors' line, with its colon: 责任编辑：
    editor_roles_min: int  # a paragraph with this many roles is the editors' line
    folio: tuple[re.Pattern[str], ...]  # the page's number, date, weekday: each a whole paragraph
    jump: JumpGrammar
    credit: re.Pattern[str]  # a bracketed credit on a line of its own
    caption_size: float  # in body sizes: a paragraph set this much smaller is a caption
    heading_by_face_max_chars: int
    ocr_noise: OcrNoise


@cache
def printed_rules() -> PrintedRules:
    """printed.yaml, checked when read (once per process): types, patterns, and the jump grammar's
    parts, each a pattern of its own (they are joined into one), the page's with its group `page`."""
    rules = typed_rules(PrintedRules, "gazette.extract", "printed.yaml")
    for part in fields(JumpGrammar):
        try:
            pattern = re.compile(getattr(rules.jump, part.name))
        except re.error as exc:
            raise RuleError(f"{FILE}: jump.{part.name}: not a regular expression: {exc}") from exc
        if part.name == "page" and "page" not in pattern.groupindex:
            raise RuleError(f"{FILE}: jump.page: a pattern with the group page expected")
    return rules
