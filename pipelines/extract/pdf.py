"""Page PDFs with a text layer: the characters with their positions, into text in reading order.

1. Characters with their boxes, sizes and faces (text_layer.py). The text layer is checked first:
   too few CJK characters, or too many with no Unicode mapping (fonts without ToUnicode), and the
   file is refused in one line.
2. Lines into blocks in reading order (layout.py: XY-cut, headlines widened over their columns,
   vertical headlines read before what they head).
3. Blocks into paragraphs and articles (printed.py): the regions carry each line's article and
   part, so split takes the articles as the layout gives them.

Every line of the text keeps its box (`regions`), so each article gets the box it covers.
"""

from __future__ import annotations

import hashlib
from collections import Counter
from pathlib import Path

import pypdfium2 as pdfium

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
from pipelines.extract.layout import body_sizes, place_vertical_headlines, widen_headlines, xy_cut
from pipelines.extract.masthead import read_masthead
from pipelines.extract.printed import page_text, paragraphs
from pipelines.extract.text_layer import Line, page_chars, page_rules, text_lines
from pipelines.rows import PageFormat, Region
from pipelines.text import is_cjk, to_simplified

FORMAT: PageFormat = "pdf"
MAX_UNMAPPED_SHARE = 0.05  # characters with no Unicode mapping: a font without ToUnicode, text unusable


def body_face(lines: list[Line]) -> str:
    """The face most CJK characters of the page are set in."""
    faces = Counter(c.face for line in lines for c in line.chars if is_cjk(c.text))
    return faces.most_common(1)[0][0] if faces else ""


def read_lines(lines: list[Line], rules, source: str) -> tuple[str, list[Region], list[str]]:
    """A page's lines into its text, regions and notes (the layout reader, for PDFs and scans alike)."""
    bodies = body_sizes(lines)
    widen_headlines(lines, bodies, rules)
    blocks = place_vertical_headlines(xy_cut(lines, bodies[0], rules), bodies[0])
    return page_text(paragraphs(blocks, bodies, body_face(lines)), source)


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
    regions: list[Region] = []
    texts: list[str] = []
    warnings: list[str] = []
    dims = None
    counts: Counter = Counter()
    offset = articles_before = 0
    for number in range(len(document)):
        page = document[number]
        dims = dims or (page.get_width(), page.get_height())
        chars, page_counts = page_chars(page)
        counts += page_counts
        lines = text_lines(chars)
        source = f"page {number + 1}" if len(document) > 1 else name
        text, page_regions, notes = read_lines(lines, page_rules(page), source) if lines else ("", [], [])
        warnings += [f"{name}: {note}" for note in notes]
        texts.append(text)
        for region in page_regions:  # the page's articles numbered on from the pages before
            region["raw_start"] += offset
            region["raw_end"] += offset
            region["article"] = region["article"] and region["article"] + articles_before
        articles_before = max((r["article"] or 0 for r in regions + page_regions), default=0)
        regions += page_regions
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
