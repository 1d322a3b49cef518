"""Page PDFs: the characters of their text layer with their positions, into text in reading order.

1. Characters with their boxes, sizes and faces (text_layer.py). Each page's text layer is checked
   first: a page with too few CJK characters, or too many with no Unicode mapping (fonts without
   ToUnicode), is a scan, and is rendered and read by OCR instead (scan.py).
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

from gazette.extract.base import (
    MAX_PAGE_BYTES,
    MIN_CJK_SHARE,
    ExtractedPage,
    ManifestEntries,
    PageError,
    page_id_for,
    page_row,
    read_within,
    settle_issue,
)
from gazette.extract.masthead import read_masthead
from gazette.extract.ocr import DPI, Timings, low_confidence, mean_confidence
from gazette.extract.printed import read_lines
from gazette.extract.text_layer import Line, Rule, page_chars, page_rules, text_lines
from gazette.rows import PageFormat, Region
from gazette.text import is_cjk, to_simplified

FORMAT: PageFormat = "pdf"
MAX_UNMAPPED_SHARE = 0.05  # characters with no Unicode mapping: a font without ToUnicode, text unusable


def usable(counts: Counter) -> bool:
    """Whether a page's text layer (its counts of visible, CJK and unmapped characters) can be read."""
    visible = counts["visible"]
    return (
        bool(visible)
        and counts["cjk"] / visible >= MIN_CJK_SHARE
        and counts["unmapped"] / visible <= MAX_UNMAPPED_SHARE
    )


def scanned_lines(page, timings: Timings | None = None) -> tuple[list[Line], list[Rule]]:
    """A page with no usable text layer, rendered at ocr.DPI and read by OCR: its lines and rules
    in page coordinates (points)."""
    from gazette.extract.scan import ocr_page  # OpenCV and the engine load with the first scan

    timings = timings or Timings()
    with timings.part("render"):
        grey = page.render(scale=DPI / 72, grayscale=True).to_numpy()
    return ocr_page(grey, 72 / DPI, timings)


def read_pdf(
    path: Path, *, name: str | None = None, manifest: ManifestEntries | None = None, timings: Timings | None = None
) -> ExtractedPage:
    """Read a page PDF into page text in reading order, its pages without a usable text layer by OCR;
    PageError (one line) when neither its text layer nor OCR gives Chinese text."""
    path = Path(path)
    name = name or path.name
    content = read_within(path, 8 * MAX_PAGE_BYTES, "page PDF")  # page PDFs carry their pictures: 3 MB is common
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
    ocr: list[Line] = []
    for number in range(len(document)):
        page = document[number]
        dims = dims or (page.get_width(), page.get_height())
        chars, page_counts = page_chars(page)
        counts += page_counts
        source = f"page {number + 1}" if len(document) > 1 else name
        if usable(page_counts):
            text, page_regions = read_lines(text_lines(chars), page_rules(page), source)
        else:
            lines, rules = scanned_lines(page, timings)
            ocr += lines
            text, page_regions = read_lines(lines, rules, source)
            warnings += [
                f"{name}: {source}: {note}" if len(document) > 1 else f"{name}: {note}"
                for note in low_confidence(lines)
            ]
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
    found = "".join(texts)
    if sum(map(is_cjk, found)) < MIN_CJK_SHARE * sum(not c.isspace() for c in found) or not found.strip():
        raise PageError(
            path,
            f"no Chinese text in its text layer ({counts['cjk']} CJK and {counts['unmapped']} unmapped of "
            f"{counts['visible']} characters) nor found by OCR ({sum(map(is_cjk, found))} CJK characters)",
        )
    text = "\n".join(texts)
    simplified = to_simplified(text)
    facts = settle_issue(path, name, read_masthead(simplified), manifest or {}, simplified)
    warnings += [f"{name}: {w}" for w in facts.issue.warnings]
    sha256 = hashlib.sha256(content).hexdigest()
    row = page_row(name, page_id_for(content), sha256, FORMAT, "ocr" if ocr else "layer", facts, text)
    row["layout"] = "pdf-columns"
    row["ocr_confidence"] = mean_confidence(ocr)
    row["page_width"] = round(dims[0], 1) if dims else None
    row["page_height"] = round(dims[1], 1) if dims else None
    row["warnings"] = warnings
    return ExtractedPage(row=row, text=text, warnings=warnings, regions=regions)
