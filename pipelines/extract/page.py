"""Extract: read one page file into text plus a `pages` row.

Bad input is refused with a `PageError` whose message is one line naming the
file, so a batch can report it and go on with the other pages.
"""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
from dataclasses import dataclass, field
from pathlib import Path

from pipelines.extract.masthead import IssueInfo, estimate_from_datelines, read_masthead

MAX_PAGE_BYTES = 5 * 1024 * 1024  # a newspaper page is ~20 KB of text; 5 MB is not a page
MIN_CJK_SHARE = 0.2  # of non-space characters, for a page of a Chinese newspaper
FORMATS = {
    ".md": "markdown",
    ".markdown": "markdown",
    ".txt": "text",
    ".htm": "html",  # saved e-paper pages (extract/epaper.py)
    ".html": "html",
    ".pdf": "pdf",  # page PDFs with a text layer (extract/pdf.py)
}
MANIFEST = "manifest.csv"  # beside the pages: file,issue_date,edition,issue_no (any column may be blank)


class PageError(ValueError):
    """A page file that cannot be ingested; str() is one line naming the file."""

    def __init__(self, path: Path | str, reason: str):
        super().__init__(f"{Path(path).name}: {reason}")
        self.path, self.reason = Path(path), reason


@dataclass
class ExtractedPage:
    row: dict  # a `pages` row (see pipelines/tables.py)
    text: str  # decoded text, newlines normalised to \n
    warnings: list[str] = field(default_factory=list)  # one line each, naming the file
    # Where parts of the text came from (e-paper and PDF pages; see tables.REGION): each a dict with
    # article (ordinal when the markup gives the article, else None), kind, raw_start, raw_end,
    # source (file or PDF page), box (x0, y0, x1, y1 in page coordinates) and value.
    regions: list[dict] = field(default_factory=list)


def page_id_for(content: bytes) -> str:
    """Stable page id: the content hash, so the same page under two names is one page."""
    return hashlib.sha256(content).hexdigest()[:16]


KEY_SEPARATOR = "@"


def page_key(file_name: str, sha256: str) -> str:
    """A page's partition key: its file name and the start of its content hash.

    The same bytes under the same name always get the same key; a changed file gets a new one.
    """
    return f"{file_name}{KEY_SEPARATOR}{sha256[:12]}"


def file_name_of(key: str) -> str:
    """The file name a partition key was made from."""
    return key.rsplit(KEY_SEPARATOR, 1)[0]


def decode(path: Path, content: bytes) -> tuple[str, str]:
    """(text, encoding): UTF-8 (with or without BOM), UTF-16 with BOM, else GB18030."""
    if not content.strip():
        raise PageError(path, "empty file")
    if content[:2] in (b"\xff\xfe", b"\xfe\xff"):
        try:
            return content.decode("utf-16"), "utf-16"
        except UnicodeDecodeError as exc:
            raise PageError(path, f"truncated or invalid UTF-16 text ({exc.reason} at byte {exc.start})") from exc
    if b"\x00" in content[:4096]:
        raise PageError(path, "binary file (NUL bytes), not page text")
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            text = content.decode(encoding)
        except UnicodeDecodeError:
            continue
        return text, "utf-8" if encoding == "utf-8-sig" else encoding
    raise PageError(path, "not valid UTF-8 or GB18030 text")


def check_chinese(path: Path, text: str) -> None:
    visible = [c for c in text if not c.isspace()]
    cjk = sum("\u4e00" <= c <= "\u9fff" for c in visible)
    if not visible or cjk / len(visible) < MIN_CJK_SHARE:
        raise PageError(path, f"no Chinese page text ({cjk} CJK characters of {len(visible)})")


def detect_format(path: Path, text: str) -> str:
    fmt = FORMATS.get(path.suffix.lower())
    if fmt is None:
        raise PageError(path, f"unsupported file type {path.suffix or '(none)'}; expected {', '.join(FORMATS)}")
    if fmt == "text" and any(line.startswith(("## ", "### ")) for line in text.splitlines()):
        return "markdown"
    return fmt


def load_manifest(folder: Path) -> dict[str, dict]:
    """The user's corrections for the pages of a folder: file name -> {issue_date, edition, issue_no}."""
    path = Path(folder) / MANIFEST
    if not path.exists():
        return {}
    with path.open(encoding="utf-8-sig", newline="") as f:
        return {
            row["file"].strip(): {k: (v or "").strip() for k, v in row.items()}
            for row in csv.DictReader(f)
            if (row.get("file") or "").strip()
        }


def read_page(path: Path, *, manifest: dict | None = None, name: str | None = None) -> ExtractedPage:
    """Read and validate a page file: text or Markdown here, an e-paper HTML file or a page PDF
    by their own readers (epaper.py, pdf.py).

    `manifest` (file name -> overrides) states or corrects date, edition and issue number;
    by default it is read from manifest.csv beside the page. `name` is the file's name in
    the inbox (its path there, for a file in a subfolder); by default its file name.
    """
    path = Path(path)
    name = name or path.name
    if manifest is None:
        manifest = load_manifest(path.parent)
    if FORMATS.get(path.suffix.lower()) == "html":
        from pipelines.extract.epaper import read_epaper

        return read_epaper(name, [(name, path)], manifest=manifest)
    if FORMATS.get(path.suffix.lower()) == "pdf":
        from pipelines.extract.pdf import read_pdf

        return read_pdf(path, name=name, manifest=manifest)
    try:
        size = path.stat().st_size
    except OSError as exc:
        raise PageError(path, f"cannot read: {exc.strerror}") from exc
    if size > MAX_PAGE_BYTES:
        raise PageError(path, f"too large for one page ({size / 1e6:.1f} MB > {MAX_PAGE_BYTES / 1e6:.0f} MB)")
    content = path.read_bytes()
    text, encoding = decode(path, content)
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    check_chinese(path, text)
    issue = read_masthead(text)
    issue = _apply_manifest(path, issue, manifest.get(name))
    if issue.date is None and (estimate := estimate_from_datelines(text)):
        (issue.date, note), issue.date_source = estimate, "dateline"
        issue.warnings.append(note)
    sha256 = hashlib.sha256(content).hexdigest()
    row = {
        "page_id": page_id_for(content),
        "source_path": str(path),
        "sha256": sha256,
        "format": detect_format(path, text),
        "issue_date": issue.date,
        "issue_date_source": issue.date_source,
        "issue_no": issue.issue_no,
        "edition": issue.edition,
        "char_count": len(text),
        "ingested_at": dt.datetime.now(dt.UTC),
        "partition_key": page_key(name, sha256),
        "encoding": encoding,
    }
    row["warnings"] = [f"{path.name}: {warning}" for warning in issue.warnings]
    return ExtractedPage(row=row, text=text, warnings=row["warnings"])


def _apply_manifest(path: Path, issue: IssueInfo, entry: dict | None) -> IssueInfo:
    if not entry:
        return issue
    if entry.get("issue_date"):
        try:
            issue.date, issue.date_source = dt.date.fromisoformat(entry["issue_date"]), "manifest"
        except ValueError as exc:
            raise PageError(path, f"{MANIFEST}: issue_date {entry['issue_date']!r} is not a YYYY-MM-DD date") from exc
    if entry.get("edition"):
        issue.edition = entry["edition"]
    if entry.get("issue_no"):
        issue.issue_no = int(entry["issue_no"])
    return issue
