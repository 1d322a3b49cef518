"""Extract: read one page file into text plus a `pages` row.

Text and Markdown pages are read here; an e-paper HTML file and a page PDF by their own readers
(epaper.py, pdf.py). What the readers share (the page, its errors, the manifest) is in base.py.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

from gazette.extract import markup
from gazette.extract.base import (
    FORMATS,
    MAX_PAGE_BYTES,
    MIN_CJK_SHARE,
    ExtractedPage,
    ManifestEntries,
    PageError,
    check_chinese,
    decode,
    page_format,
    page_id_for,
    page_name,
    page_row,
    read_manifest,
    read_within,
    settle_issue,
)
from gazette.extract.epaper import read_epaper
from gazette.extract.founder import NOT_FOUNDER
from gazette.extract.masthead import read_masthead
from gazette.extract.pdf import read_pdf
from gazette.rows import PageFormat
from gazette.text import is_cjk, to_simplified


def detect_format(path: Path, text: str) -> PageFormat:
    fmt = page_format(path.name)
    if fmt is None:
        raise PageError(path, f"unsupported file type {path.suffix or '(none)'}; expected {', '.join(FORMATS)}")
    if fmt == "text" and any(line.startswith(("## ", "### ")) for line in text.splitlines()):
        return "markdown"
    return fmt


def read_page(path: Path, *, manifest: ManifestEntries | None = None, root: Path | None = None) -> ExtractedPage:
    """Read and validate a page file of the inbox `root` (by default the page's folder): text or
    Markdown here, an e-paper HTML file, a page PDF or a page image by their own readers (epaper.py,
    pdf.py, scan.py).

    The page is named by its path relative to `root` (`source_path`, the partition key).
    `manifest` (page name -> values, see read_manifest) states or corrects date, edition, issue
    and page number; by default it is read from manifest.csv at `root`. The issue date comes
    from the manifest, else the masthead (the markup of an e-paper page), else the file name,
    else the datelines.
    """
    path = Path(path)
    root = Path(root) if root is not None else path.parent
    name = page_name(path, root)
    if manifest is None:
        manifest = read_manifest(root).entries
    fmt = page_format(path.name)
    if fmt == "html":
        return read_epaper(name, [(name, path)], manifest=manifest)
    if fmt == "pdf":
        return read_pdf(path, name=name, manifest=manifest)
    if fmt == "image":
        from gazette.extract.scan import read_image  # OpenCV and the engine load with the first scan

        return read_image(path, name=name, manifest=manifest)
    content = read_within(path, MAX_PAGE_BYTES, "page")
    text, encoding = decode(path, content)
    if markup.is_markup(text):  # HTML whatever the suffix says: read as HTML
        return _read_markup(path, name, text, manifest)
    text, stray_tags = markup.strip_tags(text)
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    check_chinese(path, text)
    simplified = to_simplified(text)  # the masthead and datelines of a traditional page read like any other
    facts = settle_issue(path, name, read_masthead(simplified), manifest, simplified)
    sha256 = hashlib.sha256(content).hexdigest()
    row = page_row(name, page_id_for(content), sha256, detect_format(path, text), "file", facts, text)
    row["encoding"] = encoding
    if stray_tags:
        row["warnings"].append(f"{name}: {stray_tags} HTML tag{'s' if stray_tags > 1 else ''} removed from the text")
    return ExtractedPage(row=row, text=text, warnings=row["warnings"])


def _read_markup(path: Path, name: str, html: str, manifest: ManifestEntries) -> ExtractedPage:
    """A text or Markdown file that holds HTML: a Founder e-paper page (or several) by the e-paper
    reader, other HTML by its printed text; refused when neither gives Chinese page text."""
    try:
        return read_epaper(name, [(name, path)], manifest=manifest)
    except PageError as exc:
        if exc.reason != NOT_FOUNDER:
            raise
    text = markup.html_text(html)
    visible = [c for c in text if not c.isspace()]
    cjk = sum(map(is_cjk, visible))
    if not visible or cjk / len(visible) < MIN_CJK_SHARE:
        raise PageError(
            path,
            f"HTML, not page text: not a Founder e-paper page, and its printed text is no Chinese page "
            f"({cjk} CJK characters of {len(visible)})",
        )
    simplified = to_simplified(text)
    facts = settle_issue(path, name, read_masthead(simplified), manifest, simplified)
    content = path.read_bytes()
    row = page_row(name, page_id_for(content), hashlib.sha256(content).hexdigest(), "html", "file", facts, text)
    return ExtractedPage(row=row, text=text, warnings=row["warnings"])
