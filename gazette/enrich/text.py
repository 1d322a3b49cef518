"""Where enrich looks in an article, and small facts about Chinese running text."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from gazette.rows import ArticleRow

HEADLINE_FIELDS: tuple[Literal["kicker", "headline", "subheadline"], ...] = ("kicker", "headline", "subheadline")
# Characters that end a clause or a quotation, in both widths (cleaning writes the
# full-width forms in CJK context, but a headline or a test may carry either).
CLAUSE_BREAK = set("，。；：！？、,.;:!?“”\"‘’'（）()《》【】「」—…\n ■")
SENTENCE_BREAK = set("。！？!?；;\n")
# Punctuation between clauses only: quotes and brackets sit inside a phrase (2个“五位一体”示范项目).
PUNCT_BREAK = set("，。；：！？,;:!?\n")


@dataclass(frozen=True)
class Field:
    """One searchable text of an article; `offset` maps its positions into the body (-1: a headline)."""

    name: str
    text: str

    def offset(self, pos: int) -> int:
        return pos if self.name == "body" else -1


def fields(article: ArticleRow) -> list[Field]:
    """Headline fields first, then the body: the order a reader meets them."""
    out = [Field(name, article.get(name) or "") for name in HEADLINE_FIELDS]
    out.append(Field("body", article.get("body") or ""))
    return [f for f in out if f.text]


def full_text(article: ArticleRow) -> str:
    return "\n".join(f.text for f in fields(article))


def clause_start(text: str, pos: int, breaks: set[str] = CLAUSE_BREAK) -> int:
    """Index just after the last break before `pos`."""
    i = pos
    while i > 0 and text[i - 1] not in breaks:
        i -= 1
    return i


def clause_end(text: str, pos: int, breaks: set[str] = CLAUSE_BREAK) -> int:
    i = pos
    while i < len(text) and text[i] not in breaks:
        i += 1
    return i
