"""Page PDFs with a text layer: the characters with their positions, into text in reading order.

1. Characters with their boxes and font sizes (pypdfium2; PDFium's generated spaces and line
   breaks only hint at breaks). The text layer is checked first: too few CJK characters, or too
   many with no Unicode mapping (fonts without ToUnicode), and the file is refused in one line.
2. Characters into text lines: runs in content-stream order on one baseline with no wide gap.
   A headline set vertically, one glyph per run, stacked, becomes one line.
3. Reading order by recursive XY-cut over the lines' boxes: a region is cut along its widest
   white, a band across the page (between stacked blocks) or a gutter down it (between
   columns); a column rule lets a narrow gutter cut too. Pieces are read top to bottom, left
   to right.
4. Lines into paragraphs: a new paragraph at an indented line or after a short one; a block
   whose first line is not indented continues the paragraph the previous block left open (a
   paragraph running on into the next column). A line in a font well above the body size is a
   headline (`## ` in the page text), one somewhat above it a 引题/副题 (`### `); split then
   reads the text as it reads Markdown.

Every line of the text keeps its box (`regions`), so each article gets the box it covers.
"""

from __future__ import annotations

import hashlib
import statistics
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c

from pipelines.extract.base import (
    MAX_PAGE_BYTES,
    MIN_CJK_SHARE,
    ExtractedPage,
    ManifestEntries,
    PageError,
    page_id_for,
    page_row,
    settle_issue,
)
from pipelines.extract.masthead import read_masthead
from pipelines.rows import PageFormat, Region
from pipelines.text import is_cjk, to_simplified

FORMAT: PageFormat = "pdf"
MAX_UNMAPPED_SHARE = 0.05  # characters with no Unicode mapping: a font without ToUnicode, text unusable
# Sizes relative to the body text's size (the size most characters are set in).
HEADLINE_SIZE = 1.7
SUBHEADLINE_SIZE = 1.3
# Distances in units of the body size.
RUN_GAP = 1.2  # a wider gap inside a run of characters starts a new line (a gutter)
COLUMN_GAP = 0.6  # the narrowest white gutter between columns
BLOCK_GAP = 0.9  # the narrowest white band between stacked blocks
INDENT = 1.0  # a paragraph's first line starts this much right of its block
SHORT_LINE = 1.5  # a line ending this much left of its block's right edge ends a paragraph
WIDEST_SHARE = 0.7
HEADLINE_REACH = 6.0  # in body sizes: a line this close over a body line stands over it in its column
NEXT_LINE = 2.5  # a column's first line this close under a headline is its article's
LINE_PITCH = 1.6  # in body sizes: the most one line of a column lies below the one before
MAX_SPANNING = 3  # lines set across the columns of a region (a headline, its kicker and subheadline)
MIN_WHITE = 0.3  # points: the narrowest white band that still separates two lines
RULE_THICKNESS = 2.0  # points: a path this thin and long is a rule
RULE_MIN_LENGTH = 20.0

UNMAPPED = {0, 0xFFFD, 0xFFFE, 0xFFFF}


def _is_unmapped(code: int) -> bool:
    return code in UNMAPPED or 0xE000 <= code <= 0xF8FF


@dataclass
class Char:
    text: str
    x0: float
    top: float
    x1: float
    bottom: float

    @property
    def size(self) -> float:
        return self.bottom - self.top


@dataclass
class Line:
    chars: list[Char] = field(default_factory=list)
    vertical: bool = False
    reach: tuple[float, float] | None = None  # a headline's x-range widened over its article's columns

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

    @property
    def size(self) -> float:
        sizes = [c.x1 - c.x0 if self.vertical else c.size for c in self.chars]
        return statistics.median(sizes)

    @property
    def cut_box(self) -> tuple[float, float, float, float]:
        """The box XY-cut sees: a headline's covers the columns of its article (see widen_headlines)."""
        x0, top, x1, bottom = self.box
        return (min(x0, self.reach[0]), top, max(x1, self.reach[1]), bottom) if self.reach else (x0, top, x1, bottom)


@dataclass
class Rule:
    x0: float
    top: float
    x1: float
    bottom: float


def _chars(page) -> tuple[list[Char | None], Counter]:
    """The page's characters in content-stream order (None where PDFium marks a break), and counts
    of visible, CJK and unmapped characters."""
    height = page.get_height()
    textpage = page.get_textpage()
    chars: list[Char | None] = []
    counts: Counter = Counter()
    for i in range(textpage.count_chars()):
        code = pdfium_c.FPDFText_GetUnicode(textpage.raw, i)
        if pdfium_c.FPDFText_IsGenerated(textpage.raw, i) == 1:
            if chr(code) in "\r\n":
                chars.append(None)
            continue
        text = chr(code) if code and not _is_unmapped(code) else "\ufffd"
        if text.isspace():
            continue
        counts["visible"] += 1
        counts["cjk"] += is_cjk(text)
        counts["unmapped"] += _is_unmapped(code)
        left, bottom, right, top = textpage.get_charbox(i, loose=True)
        chars.append(Char(text, left, height - top, right, height - bottom))
    return chars, counts


def _rules(page) -> list[Rule]:
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


def _lines(chars: list[Char | None]) -> list[Line]:
    """Runs of characters on one baseline, in stream order; stacked single glyphs into vertical lines."""
    runs: list[Line] = []
    current = Line()
    for char in chars:
        if char is None:
            if current.chars:
                runs.append(current)
            current = Line()
            continue
        if current.chars:
            last = current.chars[-1]
            size = max(last.size, char.size)
            same_baseline = abs((char.top + char.bottom) - (last.top + last.bottom)) / 2 < 0.5 * size
            same_size = 0.8 < char.size / max(last.size, 0.1) < 1.25
            gap = char.x0 - last.x1
            if not (same_baseline and same_size and -0.5 * size < gap < RUN_GAP * size):
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


def _gaps(spans: list[tuple[float, float]], minimum: float) -> list[tuple[float, float]]:
    """White intervals at least `minimum` wide between the union of `spans`."""
    gaps, reach = [], None
    for start, end in sorted(spans):
        if reach is not None and start - reach >= minimum:
            gaps.append((reach, start))
        reach = end if reach is None else max(reach, end)
    return gaps


def _ruled(gaps_all: list[tuple[float, float]], rules: list[tuple[float, float, Rule]], extent: float):
    """The narrow gaps a rule runs through for at least half the region."""
    return [(a, b) for a, b in gaps_all if any(a <= at <= b and length >= extent / 2 for at, length, _ in rules)]


def xy_cut(lines: list[Line], body: float, rules: Sequence[Rule] = ()) -> list[list[Line]]:
    """The lines as blocks in reading order (recursive XY-cut; see the module docstring)."""
    if len(lines) <= 1:
        return [lines] if lines else []
    boxes = [line.cut_box for line in lines]
    x0, top = min(b[0] for b in boxes), min(b[1] for b in boxes)
    x1, bottom = max(b[2] for b in boxes), max(b[3] for b in boxes)
    inside = [r for r in rules if r.x0 >= x0 - 1 and r.x1 <= x1 + 1 and r.top >= top - 1 and r.bottom <= bottom + 1]
    across = [((r.top + r.bottom) / 2, r.x1 - r.x0, r) for r in inside if r.x1 - r.x0 > r.bottom - r.top]
    down = [((r.x0 + r.x1) / 2, r.bottom - r.top, r) for r in inside if r.bottom - r.top > r.x1 - r.x0]
    vertical_spans = [(b[1], b[3]) for b in boxes]
    horizontal_spans = [(b[0], b[2]) for b in boxes]
    bands = _gaps(vertical_spans, BLOCK_GAP * body) or _ruled(_gaps(vertical_spans, MIN_WHITE), across, x1 - x0)
    gutters = _gaps(horizontal_spans, COLUMN_GAP * body) or _ruled(
        _gaps(horizontal_spans, MIN_WHITE), down, bottom - top
    )
    if gutters:  # a band right under headlines parts them from their bodies: the gutters go first
        bands = [band for band in bands if not _under_headlines(band, lines, boxes, body)]
    # Cut along the widest white first: the band between stacked articles is wider than a gutter.
    widest_band = max((b - a for a, b in bands), default=0.0)
    widest_gutter = max((b - a for a, b in gutters), default=0.0)
    # Only the whites nearly as wide as the widest are cut at this level; narrower ones wait for
    # the pieces (the band under side-by-side headlines waits until the gutter between them is cut).
    if bands and widest_band >= widest_gutter:
        cuts, axis = [(a + b) / 2 for a, b in bands if b - a >= WIDEST_SHARE * widest_band], 1
    elif gutters:
        cuts, axis = [(a + b) / 2 for a, b in gutters if b - a >= WIDEST_SHARE * widest_gutter], 0
    else:
        # No band and no gutter: a line spans the columns (a headline set close over them).
        # Cut above and below the widest lines until the rest shows its gutters.
        cuts, axis = _spanning_cuts(lines, boxes, body), 1
        if not cuts:
            return [sorted(lines, key=lambda line: (line.box[1], line.box[0]))]
    pieces: list[list[Line]] = [[] for _ in range(len(cuts) + 1)]
    for line, box in zip(lines, boxes, strict=True):
        centre = (box[axis] + box[axis + 2]) / 2
        pieces[sum(centre > cut for cut in cuts)].append(line)
    pieces = [piece for piece in pieces if piece]
    if len(pieces) == 1:  # the cut ran past every line: nothing more to separate
        return [sorted(lines, key=lambda line: (line.box[1], line.box[0]))]
    return [block for piece in pieces for block in xy_cut(piece, body, rules)]


def widen_headlines(lines: list[Line], bodies: list[float]) -> None:
    """Widen each headline over the columns of its article.

    A short headline is centred over its article: without this, the gutters of its article's
    columns run past it, and XY-cut would read a column before the headline above it. The
    columns of an article start just under its headline; those under the headline are its own,
    and it takes the columns beside them in pairs, one on each side, as a centred headline
    stands over them, until a column is another headline's.
    """
    body = bodies[0]
    heads = [line for line in lines if not line.vertical and relative_size(line.size, bodies) >= SUBHEADLINE_SIZE]
    if not heads:
        return
    head_ids = {id(h) for h in heads}
    box = {id(line): line.box for line in lines}

    def overlaps(a, b) -> bool:
        return box[id(a)][0] < box[id(b)][2] and box[id(b)][0] < box[id(a)][2]

    def over(line) -> list[Line]:
        top = box[id(line)][1]
        return [
            o
            for o in lines
            if o is not line and top - HEADLINE_REACH * body <= box[id(o)][3] <= top + 1 and overlaps(o, line)
        ]

    # A column's first line: nothing but headlines over it.
    tops = [
        line
        for line in lines
        if id(line) not in head_ids and not line.vertical and all(id(o) in head_ids for o in over(line))
    ]
    # A column's first line may be short (a paragraph's last words): take the column's width from
    # the lines right under it.
    width = {}
    for line in tops:
        x0, top, x1, _ = box[id(line)]
        below = [b for b in box.values() if top <= b[1] <= top + 2 * LINE_PITCH * body and b[0] < x1 and x0 < b[2]]
        width[id(line)] = (min(b[0] for b in below), max(b[2] for b in below))

    def under(line, head) -> bool:
        return width[id(line)][0] < box[id(head)][2] and box[id(head)][0] < width[id(line)][1]

    claimed: set[int] = set()
    taken: dict[int, list[Line]] = {}
    rows: dict[int, list[Line]] = {}

    def free(line, head) -> bool:  # not taken, nor under a headline of another article
        return id(line) not in claimed and not any(
            h is not head and not overlaps(h, head) and overlaps(h, line) and h in over(line) for h in heads
        )

    ordered = sorted(heads, key=lambda h: (-h.size, box[id(h)][1]))
    for head in ordered:  # the columns under each headline, then its neighbours in pairs
        bottom = box[id(head)][3]
        row = rows[id(head)] = sorted(
            (line for line in tops if 0 <= box[id(line)][1] - bottom <= NEXT_LINE * body),
            key=lambda line: box[id(line)][0],
        )
        core = [line for line in row if under(line, head) and id(line) not in claimed]
        if not core:
            continue
        first, last = row.index(core[0]), row.index(core[-1])
        taken[id(head)] = row[first : last + 1]
        while first > 0 and last < len(row) - 1 and free(row[first - 1], head) and free(row[last + 1], head):
            first, last = first - 1, last + 1
            taken[id(head)] += [row[first], row[last]]
        claimed.update(id(line) for line in taken[id(head)])
    for head in ordered:  # then on one side alone, where the other has no column left (an empty column)
        if id(head) not in taken:
            continue
        row, mine = rows[id(head)], taken[id(head)]
        first, last = min(row.index(line) for line in mine), max(row.index(line) for line in mine)
        while last == len(row) - 1 and first > 0 and free(row[first - 1], head):
            first -= 1
            mine.append(row[first])
            claimed.add(id(row[first]))
        while first == 0 and last < len(row) - 1 and free(row[last + 1], head):
            last += 1
            mine.append(row[last])
            claimed.add(id(row[last]))
        head.reach = (min(width[id(line)][0] for line in mine), max(width[id(line)][1] for line in mine))


def _under_headlines(band: tuple[float, float], lines: list[Line], boxes: list, body: float) -> bool:
    """Whether the lines just over a white band are headlines (set larger than the body)."""
    above = [line for line, box in zip(lines, boxes, strict=True) if band[0] - body <= box[3] <= band[0] + 0.5]
    return bool(above) and all(line.size >= SUBHEADLINE_SIZE * body or line.vertical for line in above)


def _spanning_cuts(lines: list[Line], boxes: list, body: float) -> list[float]:
    heads = [k for k in range(len(lines)) if lines[k].size >= SUBHEADLINE_SIZE * body]
    by_width = sorted(heads, key=lambda k: boxes[k][0] - boxes[k][2]) + [k for k in range(len(lines)) if k not in heads]
    for count in range(1, min(MAX_SPANNING, len(heads), len(lines) - 1) + 1):
        rest = [boxes[k] for k in by_width[count:]]
        if _gaps([(b[0], b[2]) for b in rest], COLUMN_GAP * body):
            cuts = {edge for k in by_width[:count] for edge in (boxes[k][1] - MIN_WHITE, boxes[k][3] + MIN_WHITE)}
            top, bottom = min(b[1] for b in boxes), max(b[3] for b in boxes)
            return sorted(cut for cut in cuts if top < cut < bottom)
    return []


BODY_SHARE = 0.1  # a size at least this share of the characters is set in is a body size


def body_sizes(lines: list[Line]) -> list[float]:
    """The sizes body text is set in (a page may set its notices smaller than its news), smallest first."""
    sizes: Counter = Counter()
    for line in lines:
        if not line.vertical:
            sizes[round(line.size * 2) / 2] += len(line.chars)
    total = sum(sizes.values())
    return sorted(size for size, count in sizes.items() if count >= BODY_SHARE * total) or [10.0]


def relative_size(size: float, bodies: list[float]) -> float:
    """A line's size over the body size it is nearest above."""
    below = [body for body in bodies if body <= size * 1.05]
    return size / (max(below) if below else bodies[0])


@dataclass
class Paragraph:
    level: int  # 0 body, 2 headline, 3 kicker or subheadline
    lines: list[Line]
    open: bool = False  # its last line runs to the block's edge: it may go on in the next block


def paragraphs(blocks: list[list[Line]], bodies: list[float]) -> list[Paragraph]:
    body = bodies[0]
    out: list[Paragraph] = []
    for block in blocks:
        edge_left = min(line.box[0] for line in block)
        edge_right = max(line.box[2] for line in block)
        for at, line in enumerate(block):
            ratio = relative_size(line.size, bodies)
            level = 2 if ratio >= HEADLINE_SIZE or line.vertical else 3 if ratio >= SUBHEADLINE_SIZE else 0
            previous = out[-1] if out else None
            indented = line.box[0] > edge_left + INDENT * body
            if level:
                if previous and previous.level == level and at > 0:
                    previous.lines.append(line)
                else:
                    out.append(Paragraph(level, [line]))
                continue
            if previous is not None and previous.level == 0 and previous.open and not indented:
                previous.lines.append(line)
            else:
                out.append(Paragraph(0, [line]))
            out[-1].open = line.box[2] >= edge_right - SHORT_LINE * body
    return out


def page_text(paras: list[Paragraph], source: str) -> tuple[str, list[Region]]:
    """The page as Markdown-like text (`## ` headline, `### ` kicker or subheadline) and each
    PDF line's span in it with its box."""
    parts: list[str] = []
    regions: list[Region] = []
    at = 0
    for para in paras:
        prefix = "#" * para.level + " " if para.level else ""
        at += len(prefix)
        text = prefix
        for line in para.lines:
            box = [round(v, 1) for v in line.box]
            regions.append(
                {
                    "article": None,
                    "kind": "headline" if para.level == 2 else "subheadline" if para.level else "line",
                    "raw_start": at,
                    "raw_end": at + len(line.text),
                    "source": source,
                    "box": box,
                    "value": None,
                }
            )
            text += line.text
            at += len(line.text)
        parts.append(text)
        at += 2
    return "\n\n".join(parts) + "\n", regions


def read_pdf(path: Path, *, name: str | None = None, manifest: ManifestEntries | None = None) -> ExtractedPage:
    """Read a page PDF into page text in reading order; PageError (one line) when it has no usable text layer."""
    path = Path(path)
    name = name or path.name
    size = path.stat().st_size
    if size > 8 * MAX_PAGE_BYTES:  # page PDFs carry their pictures: 3 MB is common
        raise PageError(path, f"too large for one page PDF ({size / 1e6:.1f} MB)")
    content = path.read_bytes()
    try:
        document = pdfium.PdfDocument(content)
    except pdfium.PdfiumError as exc:
        raise PageError(path, f"not a readable PDF ({exc})") from exc
    regions: list[Region]
    texts, regions, warnings, dims = [], [], [], None
    counts: Counter = Counter()
    offset = 0
    for number in range(len(document)):
        page = document[number]
        dims = dims or (page.get_width(), page.get_height())
        chars, page_counts = _chars(page)
        counts += page_counts
        lines = _lines(chars)
        bodies = body_sizes(lines)
        widen_headlines(lines, bodies)
        blocks = xy_cut(lines, bodies[0], _rules(page))
        text, page_regions = page_text(paragraphs(blocks, bodies), f"page {number + 1}" if len(document) > 1 else name)
        texts.append(text)
        regions += [{**r, "raw_start": r["raw_start"] + offset, "raw_end": r["raw_end"] + offset} for r in page_regions]
        offset += len(text) + 1
    if len(document) > 1:
        warnings.append(f"{name}: {len(document)} pages in one PDF, read one after the other as one page")
    visible = counts["visible"]
    if not visible or counts["cjk"] / visible < MIN_CJK_SHARE or counts["unmapped"] / visible > MAX_UNMAPPED_SHARE:
        raise PageError(
            path,
            f"no usable text layer (OCR is not supported): {counts['cjk']} CJK and {counts['unmapped']} "
            f"unmapped of {visible} characters",
        )
    text = "\n".join(texts)
    simplified = to_simplified(text)
    facts = settle_issue(path, name, read_masthead(simplified), manifest or {}, simplified)
    warnings += [f"{name}: {w}" for w in facts.issue.warnings]
    sha256 = hashlib.sha256(content).hexdigest()
    row = page_row(name, page_id_for(content), sha256, FORMAT, "layer", facts, text)
    row["layout"] = "pdf-columns"
    row["page_width"] = round(dims[0], 1) if dims else None
    row["page_height"] = round(dims[1], 1) if dims else None
    row["warnings"] = warnings
    return ExtractedPage(row=row, text=text, warnings=warnings, regions=regions)
