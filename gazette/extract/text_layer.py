"""A page PDF's text layer: its characters with their boxes, sizes and faces, into text lines.

Characters come in content-stream order (pypdfium2; PDFium's generated line breaks only hint at
breaks). A text line is a run on one baseline with no wide gap; a headline set vertically, one
glyph per run, stacked, becomes one vertical line. A line's size and face are those of its
dominant CJK glyphs: digits and Latin text are often set in a second font, measured at another
size, and must not decide whether a line is a headline.
"""

from __future__ import annotations

import ctypes
import statistics
from collections import Counter
from dataclasses import dataclass, field

import pypdfium2.raw as pdfium_c

from gazette.text import is_cjk

UNMAPPED = {0, 0xFFFD, 0xFFFE, 0xFFFF}
RUN_GAP = 1.2  # in sizes: a wider gap inside a run of characters starts a new line (a gutter)
RULE_THICKNESS = 2.0  # points: a path this thin and long is a rule
RULE_MIN_LENGTH = 20.0


def is_unmapped(code: int) -> bool:
    return code in UNMAPPED or 0xE000 <= code <= 0xF8FF


@dataclass
class Char:
    text: str
    x0: float
    top: float
    x1: float
    bottom: float
    face: str = ""  # the font's name, subset prefix dropped

    @property
    def size(self) -> float:
        return self.bottom - self.top


@dataclass
class Line:
    chars: list[Char] = field(default_factory=list)
    vertical: bool = False
    reach: tuple[float, float] | None = None  # a headline's x-range widened over its article's columns
    confidence: float | None = None  # a line read by OCR: the engine's confidence

    @property
    def text(self) -> str:
        return "".join(c.text for c in self.chars)

    @property
    def box(self) -> tuple[float, float, float, float]:
        return (
            min(c.x0 for c in self.chars),
            min(c.top for c in self.chars),
            max(c.x1 for c in self.chars),
            max(c.bottom for c in self.chars),
        )

    def _dominant(self) -> list[Char]:
        cjk = [c for c in self.chars if is_cjk(c.text)]
        return cjk or self.chars

    @property
    def size(self) -> float:
        """The median size of the line's CJK glyphs (of all its glyphs where it has none)."""
        return statistics.median(c.x1 - c.x0 if self.vertical else c.size for c in self._dominant())

    @property
    def face(self) -> str:
        """The face most of the line's CJK glyphs are set in."""
        return Counter(c.face for c in self._dominant()).most_common(1)[0][0]

    @property
    def cut_box(self) -> tuple[float, float, float, float]:
        """The box XY-cut sees: a headline's covers the columns of its article (see layout.widen_headlines)."""
        x0, top, x1, bottom = self.box
        return (min(x0, self.reach[0]), top, max(x1, self.reach[1]), bottom) if self.reach else (x0, top, x1, bottom)


@dataclass
class Rule:
    x0: float
    top: float
    x1: float
    bottom: float


def _face(textpage, index: int, buffer: ctypes.Array) -> str:
    flags = ctypes.c_int()
    pdfium_c.FPDFText_GetFontInfo(textpage.raw, index, buffer, len(buffer), ctypes.byref(flags))
    name = buffer.value.decode("latin-1")
    return name.split("+", 1)[1] if "+" in name[:7] else name


def page_chars(page) -> tuple[list[Char | None], Counter]:
    """The page's characters in content-stream order (None where PDFium marks a break), and counts
    of visible, CJK and unmapped characters."""
    height = page.get_height()
    textpage = page.get_textpage()
    chars: list[Char | None] = []
    counts: Counter = Counter()
    buffer = ctypes.create_string_buffer(128)
    for i in range(textpage.count_chars()):
        code = pdfium_c.FPDFText_GetUnicode(textpage.raw, i)
        if pdfium_c.FPDFText_IsGenerated(textpage.raw, i) == 1:
            if chr(code) in "\r\n":
                chars.append(None)
            continue
        text = chr(code) if code and not is_unmapped(code) else "\ufffd"
        if text.isspace():
            continue
        counts["visible"] += 1
        counts["cjk"] += is_cjk(text)
        counts["unmapped"] += is_unmapped(code)
        left, bottom, right, top = textpage.get_charbox(i, loose=True)
        chars.append(Char(text, left, height - top, right, height - bottom, _face(textpage, i, buffer)))
    return chars, counts


def page_rules(page) -> list[Rule]:
    height = page.get_height()
    rules = []
    for obj in page.get_objects(filter=[pdfium_c.FPDF_PAGEOBJ_PATH], max_depth=4):
        left, bottom, right, top = obj.get_bounds()
        width, tall = right - left, top - bottom
        if (width <= RULE_THICKNESS and tall >= RULE_MIN_LENGTH) or (
            tall <= RULE_THICKNESS and width >= RULE_MIN_LENGTH
        ):
            rules.append(Rule(left, height - top, right, height - bottom))
    return rules


def _continues(last: Char, char: Char) -> bool:
    """Whether `char` goes on the run `last` ends: one baseline, no gutter between. A glyph of
    another script (a digit in the Latin face) may be measured at another size."""
    size = max(last.size, char.size)
    same_baseline = abs(char.bottom - last.bottom) < 0.35 * size or abs(
        (char.top + char.bottom) - (last.top + last.bottom)
    ) / 2 < 0.5 * min(last.size, char.size)
    ratio = char.size / max(last.size, 0.1)
    same_size = 0.8 < ratio < 1.25 or (0.7 < ratio < 1.4 and not (is_cjk(char.text) and is_cjk(last.text)))
    return same_baseline and same_size and -0.5 * size < char.x0 - last.x1 < RUN_GAP * size


def text_lines(chars: list[Char | None]) -> list[Line]:
    """Runs of characters on one baseline, in stream order; stacked single glyphs into vertical lines."""
    runs: list[Line] = []
    current = Line()
    for char in chars:
        if char is None:
            if current.chars:
                runs.append(current)
            current = Line()
            continue
        if current.chars and not _continues(current.chars[-1], char):
            runs.append(current)
            current = Line()
        current.chars.append(char)
    if current.chars:
        runs.append(current)
    lines: list[Line] = []
    for run in runs:
        previous = lines[-1] if lines else None
        if previous is not None and len(run.chars) == 1 and (len(previous.chars) == 1 or previous.vertical):
            above, glyph = previous.chars[-1], run.chars[0]
            width = glyph.x1 - glyph.x0
            if abs(glyph.x0 - above.x0) < 0.3 * width and -0.2 * width < glyph.top - above.bottom < 0.8 * width:
                previous.chars.append(glyph)
                previous.vertical = True
                continue
        lines.append(run)
    return lines
