"""A printed page's lines, in reading order, into paragraphs and articles (page PDFs and OCR'd scans).

1. Lines into paragraphs: a new paragraph at an indented line or after a short one; a block
   whose first line is not indented continues the paragraph the previous block left open (a
   paragraph running on into the next column). A line set well above the body size is a
   headline (`## ` in the page text), one somewhat above it a 引题/副题 (`### `); so is a short
   line of body size in another face (a notice's title in 黑体): a heading by weight.
2. Paragraphs that are not an article's text, by the rules of printed.yaml: the editors' line and
   the folio (the masthead's), jump lines (下转第N版, 上接第N版: the article's, kept out of its body,
   jumps.py), a bracketed credit (its article's), a caption (set smaller than the body).
3. Articles: the layout decides them, as it decides them for the reader. A run of headings opens
   an article at its first paragraph; a column's first line that is no heading continues the
   article above it; the headline is the last run of headings of one size, the smaller heading
   before it the kicker, after it the subheadline; larger headings before it label the section.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

from gazette.extract.jumps import jump_line
from gazette.extract.layout import (
    HEADLINE_SIZE,
    SUBHEADLINE_SIZE,
    body_sizes,
    place_vertical_headlines,
    relative_size,
    widen_headlines,
    xy_cut,
)
from gazette.extract.printed_rules import printed_rules
from gazette.extract.text_layer import Line, Rule
from gazette.rows import Region, RegionKind
from gazette.text import is_cjk

INDENT = 1.0  # in body sizes: a paragraph's first line starts this much right of its block
SHORT_LINE = 1.5  # in body sizes: a line ending this much left of its block's right edge ends a paragraph
FOLIO_TRAILING = "，。,.、·"  # a folio line ends in no mark: one there is a speck (OCR)
SAME_HEADLINE = 0.15  # headings within this share of one size are one headline set on several lines

Role = Literal["body", "caption", "credit", "jump", "editors", "folio"]


@dataclass
class Paragraph:
    level: int  # 0 body, 2 headline, 3 kicker or subheadline
    lines: list[Line]
    open: bool = False  # its last line runs to the block's edge: it may go on in the next block
    role: Role = "body"
    by_face: bool = False  # a heading by its face, not its size

    @property
    def text(self) -> str:
        return "".join(line.text for line in self.lines)


def _heading_by_face(line: Line, body_face: str, right_edge: float, body: float) -> bool:
    """A short line of body size in a face other than the body's, ending short of its block's edge."""
    text = line.text
    return (
        bool(body_face)
        and line.face != body_face
        and sum(map(is_cjk, text)) >= 2
        and len(text) <= printed_rules().heading_by_face_max_chars
        and not re.search(r"[。，；！？]|[:：]$", text)  # a sentence, or a salutation opening a letter's body
        and line.box[2] < right_edge - SHORT_LINE * body
    )


def paragraphs(blocks: list[list[Line]], bodies: list[float], body_face: str = "") -> list[Paragraph]:
    body = bodies[0]
    out: list[Paragraph] = []
    for block in blocks:
        edge_left = min(line.box[0] for line in block)
        edge_right = max(line.box[2] for line in block)
        for at, line in enumerate(block):
            ratio = relative_size(line.size, bodies)
            level = 2 if ratio >= HEADLINE_SIZE or line.vertical else 3 if ratio >= SUBHEADLINE_SIZE else 0
            by_face = not level and _heading_by_face(line, body_face, edge_right, body)
            level = level or (3 if by_face else 0)
            previous = out[-1] if out else None
            indented = line.box[0] > edge_left + INDENT * body
            if level:
                if previous and previous.level == level and at > 0 and previous.by_face == by_face:
                    previous.lines.append(line)
                else:
                    out.append(Paragraph(level, [line], by_face=by_face))
                continue
            if _masthead_line(line):  # a paragraph of its own, wherever the layout reads it
                out.append(Paragraph(0, [line]))
                continue
            if previous is not None and previous.level == 0 and previous.open and not indented:
                previous.lines.append(line)
            else:
                out.append(Paragraph(0, [line]))
            out[-1].open = line.box[2] >= edge_right - SHORT_LINE * body
    for para in out:  # a run of lines in another face is a caption or a passage set apart, not a heading
        if para.by_face and len(para.lines) > 1:
            para.level, para.by_face = 0, False
    for para in out:
        para.role = _role(para, bodies)
    return out


def _masthead_line(line: Line) -> bool:
    text = re.sub(r"\s", "", line.text)
    found = printed_rules()
    return len(found.editor_role.findall(text)) >= found.editor_roles_min or any(
        pattern.fullmatch(text.rstrip(FOLIO_TRAILING)) for pattern in found.folio
    )


def _role(para: Paragraph, bodies: list[float]) -> Role:
    text = re.sub(r"\s", "", para.text)
    found = printed_rules()
    if len(found.editor_role.findall(text)) >= found.editor_roles_min:
        return "editors"
    if any(pattern.fullmatch(text.rstrip(FOLIO_TRAILING)) for pattern in found.folio):
        return "folio"
    if para.level:
        return "body"
    if jump_line(text):
        return "jump"
    if found.credit.fullmatch(text):
        return "credit"
    if all(line.size < found.caption_size * bodies[0] for line in para.lines):
        return "caption"
    return "body"


@dataclass
class Placed:
    """A paragraph's place in the page's articles: the article's ordinal (None: not an article's)
    and the part it is (a region kind)."""

    article: int | None
    kind: RegionKind
    block: str | None = None  # a paragraph of no article: the page block it is (masthead)


def _headings(heads: list[Paragraph], ordinal: int) -> list[Placed]:
    """kicker, headline and subheadline among a run of headings (see the module docstring)."""
    largest = [k for k, para in enumerate(heads) if para.level == 2]
    if largest and largest[-1] + 1 < len(heads) and heads[largest[-1] + 1].by_face:
        # A notice's title (a heading by weight) under a larger heading: that one labels the section.
        return [Placed(None, "line", "fragment")] * (largest[-1] + 1) + _headings(heads[largest[-1] + 1 :], ordinal)
    if not largest:
        return [Placed(ordinal, "headline" if k == 0 else "subheadline") for k in range(len(heads))]
    last = largest[-1]
    size = heads[last].lines[0].size
    first = last
    while first > 0 and heads[first - 1].level == 2 and abs(heads[first - 1].lines[0].size / size - 1) < SAME_HEADLINE:
        first -= 1
    kicker = first
    while kicker > 0 and heads[kicker - 1].level == 3:
        kicker -= 1
    placed = []
    for k in range(len(heads)):
        if k < kicker:
            placed.append(Placed(None, "line", "fragment"))
        elif k < first:
            placed.append(Placed(ordinal, "kicker"))
        elif k <= last:
            placed.append(Placed(ordinal, "headline"))
        else:
            placed.append(Placed(ordinal, "subheadline"))
    return placed


def place(paras: list[Paragraph]) -> list[Placed]:
    """Each paragraph's article and part (see the module docstring)."""
    placed: list[Placed | None] = [None] * len(paras)
    pending: list[int] = []  # the run of headings waiting for the text they head
    ordinal = 0
    current: int | None = None

    def open_article() -> int:
        nonlocal ordinal, pending
        ordinal += 1
        for k, where in zip(pending, _headings([paras[k] for k in pending], ordinal), strict=True):
            placed[k] = where
        pending = []
        return ordinal

    for k, para in enumerate(paras):
        if para.role in ("editors", "folio"):  # the masthead: headings over it head nothing
            placed[k] = Placed(None, "line", "masthead")
            above = [at for at in pending if paras[at].lines[-1].box[3] <= para.lines[0].box[1]]
            for at in above:
                placed[at] = Placed(None, "line", "fragment")
            pending = [at for at in pending if at not in above]
        elif para.level:
            pending.append(k)
        elif para.role == "jump":
            jump = jump_line(para.text)
            if jump and jump.way == "back":  # 上接第1版 under a headline: its article, on from that page
                current = open_article()
            placed[k] = Placed(current, "jump")
        elif para.role == "caption":
            current = open_article() if pending else current
            placed[k] = Placed(current, "caption")
        else:
            if pending or current is None:
                current = open_article()
            placed[k] = Placed(current, "body")
    for k in pending:  # headings heading nothing: labels
        placed[k] = Placed(None, "line", "fragment")
    return [where or Placed(None, "line", "fragment") for where in placed]


def page_text(paras: list[Paragraph], source: str) -> tuple[str, list[Region]]:
    """The page as Markdown-like text (`## ` headline, `### ` kicker or subheadline), and each line's
    span in it with its box, article and part."""
    parts: list[str] = []
    regions: list[Region] = []
    at = 0
    for para, where in zip(paras, place(paras), strict=True):
        prefix = "#" * para.level + " " if para.level else ""
        at += len(prefix)
        text = prefix
        for line in para.lines:
            regions.append(
                {
                    "article": where.article,
                    "kind": where.kind,
                    "raw_start": at,
                    "raw_end": at + len(line.text),
                    "source": source,
                    "box": [round(v, 1) for v in line.box],
                    "value": where.block,
                }
            )
            text += line.text
            at += len(line.text)
        parts.append(text)
        at += 2
    return "\n\n".join(parts) + "\n", regions


def body_face(lines: list[Line]) -> str:
    """The face most CJK characters of the page are set in."""
    faces = Counter(c.face for line in lines for c in line.chars if is_cjk(c.text))
    return faces.most_common(1)[0][0] if faces else ""


def read_lines(lines: list[Line], rules: Sequence[Rule], source: str) -> tuple[str, list[Region]]:
    """A page's lines into its text and regions (the layout reader, for PDFs and scans alike)."""
    if not lines:
        return "", []
    bodies = body_sizes(lines)
    widen_headlines(lines, bodies, rules)
    blocks = place_vertical_headlines(xy_cut(lines, bodies[0], rules), bodies[0])
    return page_text(paragraphs(blocks, bodies, body_face(lines)), source)
