"""The column a block of printed text was set in, so a line's width says where its paragraph ends.

Text extracted from a printed page breaks every line at the column's width. A line that
fills the column runs on into the next; a shorter one ends its paragraph (or is a headline
or a credit); a wider one was never set in that column (a headline across columns). The
column is read from the page itself, per block: the upper quartile of the widths of a block
of several lines (most lines of a paragraph are full), or, for a block of one or two lines, the width
most of the page's lines share, when they do. Archive text, one line per paragraph, has
neither, and is left to the rules that do without.

Some pages wrap every line at exactly the same count, of characters or of display width (text
rewrapped by a program, a fixed-pitch export): there a line one character short of the column
already ends its paragraph, and a line one wider was never in it, so a headline block as wide as
the column is not run into the paragraph below. The page says which it is: nearly all its lines
that run on into another sit at the column's measure exactly.
"""

from __future__ import annotations

import itertools
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from typing import Literal, Protocol

WIDTH_SLACK = 3  # display units a block's width may differ from the page's and still be its column
# Characters a line of running text may fall short of its column, or exceed it: a paragraph's first line
# by its indent, a justified line before a word that would not break, a line of narrow-set punctuation.
# At most INDENT_CHARS, a quarter of a narrow column, and at least MIN_SLACK_CHARS.
INDENT_CHARS = 4
MIN_SLACK_CHARS = 2
SENTENCE_END_SLACK = 2  # a line ending a sentence this close to full may still run on
PAGE_COLUMN_SHARE = 0.3  # of the page's text lines at one width, for that width to be the page's column
PAGE_COLUMN_MIN_LINES = 5
BLOCK_MIN_LINES = 3  # a block this long has a column of its own
MIN_CUT_LINES = 2  # lines cut mid-sentence at the column's width, for a page to have columns
CUT_SHARE = 0.2  # of its text lines
EXACT_SHARE = 0.9  # of the lines that run on, at the column's measure, for a page to wrap at it exactly
EXACT_MIN_LINES = 8
EXACT_WIDTH_SLACK = 1  # display units: a half-width character more or less still fills a width-wrapped line

Measure = Literal["chars", "width", ""]


class ColumnLine(Protocol):
    @property
    def kind(self) -> str: ...
    @property
    def block(self) -> int: ...
    @property
    def raw_width(self) -> int: ...
    @property
    def last_chars(self) -> int: ...
    @property
    def text(self) -> str: ...


@dataclass(frozen=True)
class Column:
    """A column's width in display units (CJK = 2) and in characters: a page set by width prints
    more digits to a line, a text wrapped by count as many characters to each."""

    width: int
    chars: int
    exact: Measure = ""  # the measure the page wraps every line at exactly, if it does


def page_column(widths: Sequence[int]) -> int | None:
    """The width most of a page's text lines share, if enough of them do."""
    if not widths:
        return None
    width, count = Counter(widths).most_common(1)[0]
    return width if count >= max(PAGE_COLUMN_MIN_LINES, PAGE_COLUMN_SHARE * len(widths)) else None


def _block_measure(by_block: dict[int, list[int]]) -> dict[int, int]:
    """One measure (display width or characters) of each block's column, where it has one."""
    page = page_column([w for widths in by_block.values() for w in widths])
    columns: dict[int, int] = {}
    for block, widths in by_block.items():
        upper = sorted(widths)[(3 * len(widths)) // 4]  # most lines fill the column, the last falls short
        if page is not None and (len(widths) < BLOCK_MIN_LINES or abs(upper - page) <= WIDTH_SLACK):
            columns[block] = page
        elif len(widths) >= BLOCK_MIN_LINES:
            columns[block] = upper
    return columns


def block_columns(lines: Sequence[ColumnLine], ends_sentence: Callable[[str], bool]) -> dict[int, Column]:
    """The column of each block of text lines that has one (block index -> Column).

    A page whose lines all end a sentence is one paragraph a line, however alike their lengths:
    a column shows in lines cut mid-sentence at its width, so a page needs some of those.
    """
    widths: dict[int, list[int]] = {}
    chars: dict[int, list[int]] = {}
    for line in lines:
        if line.kind == "text":
            widths.setdefault(line.block, []).append(line.raw_width)
            chars.setdefault(line.block, []).append(line.last_chars)
    by_width, by_chars = _block_measure(widths), _block_measure(chars)
    columns = {b: Column(by_width[b], by_chars[b]) for b in by_width.keys() & by_chars.keys()}
    cut = sum(
        1
        for line in lines
        if line.kind == "text"
        and line.block in columns
        and line.last_chars >= columns[line.block].chars - 1
        and not ends_sentence(line.text)
    )
    if cut < max(MIN_CUT_LINES, CUT_SHARE * sum(map(len, widths.values()))):
        return {}
    exact = _exact_measure(lines, columns)
    return {block: replace(column, exact=exact) for block, column in columns.items()}


def _exact_measure(lines: Sequence[ColumnLine], columns: dict[int, Column]) -> Measure:
    """The measure (characters, display width) at which nearly every line of the page that runs on into
    the next line of its block sits exactly: the page was wrapped at a fixed count."""
    full = [
        (line.last_chars - columns[line.block].chars, line.raw_width - columns[line.block].width)
        for line, nxt in itertools.pairwise(lines)
        if line.kind == nxt.kind == "text" and line.block == nxt.block and line.block in columns
    ]
    if len(full) < EXACT_MIN_LINES:
        return ""
    if sum(1 for chars, _ in full if chars == 0) >= EXACT_SHARE * len(full):
        return "chars"
    if sum(1 for _, width in full if abs(width) <= EXACT_WIDTH_SLACK) >= EXACT_SHARE * len(full):
        return "width"
    return ""


def wider(width: int, chars: int, column: Column) -> bool:
    """Is a line this wide wider than its column, so never a line of a paragraph set in it?"""
    if column.exact == "chars":
        return chars > column.chars
    if column.exact == "width":
        return width > column.width + EXACT_WIDTH_SLACK
    slack = max(MIN_SLACK_CHARS, min(INDENT_CHARS, column.chars // 4))
    return chars > column.chars + slack and width > column.width + 2 * slack


def runs_on(width: int, chars: int, sentence_end: bool, column: Column) -> bool:
    """Does a line this wide (display units) and long (characters) run on into the next line of its block?

    A line ending a sentence short of the column ends its paragraph. Any other line runs on unless it
    is short of the column by more than a paragraph's indent (a headline, a label) or wider than the
    column by more than its punctuation explains (a headline set across columns). On a page wrapped at an
    exact measure, any line short of it or wider than it ends what it is in.
    """
    if column.exact == "chars":
        return chars == column.chars
    if column.exact == "width":
        return abs(width - column.width) <= EXACT_WIDTH_SLACK
    if sentence_end and chars < column.chars - SENTENCE_END_SLACK and width < column.width - 2 * SENTENCE_END_SLACK:
        return False
    slack = max(MIN_SLACK_CHARS, min(INDENT_CHARS, column.chars // 4))
    short = chars < column.chars - slack and width < column.width - 2 * slack
    wide = chars > column.chars + slack and width > column.width + 2 * slack
    return not short and not wide
