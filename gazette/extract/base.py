"""What the page readers share (text, e-paper and PDF: page.py, epaper.py, pdf.py): the page they
produce (ExtractedPage) and the error they raise (PageError), decoding, the inbox's names and keys,
manifest.csv, and the settling of a page's issue, paper and number into its `pages` row.

Bad input is refused with a `PageError` whose message is one line naming the file, so a batch can
report it and go on with the other pages.
"""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import io
import os
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

from gazette.extract.file_name import read_file_name
from gazette.extract.masthead import IssueInfo, estimate_from_datelines
from gazette.extract.plausibility import plausibility
from gazette.page_source import page_key
from gazette.papers import choose_paper
from gazette.rows import PageFormat, PageRow, Region, TextSource
from gazette.text import is_cjk

MAX_PAGE_BYTES = 5 * 1024 * 1024  # a newspaper page is ~20 KB of text; 5 MB is not a page
MIN_CJK_SHARE = 0.2  # of non-space characters, for a page of a Chinese newspaper
# The one table of what the inbox takes as a page: file suffix (any case) -> format.
FORMATS: dict[str, PageFormat] = {
    ".md": "markdown",
    ".markdown": "markdown",
    ".txt": "text",
    ".htm": "html",  # saved e-paper pages (extract/epaper.py)
    ".html": "html",
    ".pdf": "pdf",  # page PDFs; pages without a usable text layer read by OCR (extract/pdf.py)
    ".jpg": "image",  # scans and pictures of pages, read by OCR (extract/scan.py)
    ".jpeg": "image",
    ".png": "image",
    ".tif": "image",
    ".tiff": "image",
}
MANIFEST = "manifest.csv"  # at the inbox root: file,issue_date,edition,issue_no,page_no,paper (any may be blank)
# Columns a manifest may have; `file` is the page's path relative to the inbox root.
MANIFEST_COLUMNS = ("file", "issue_date", "edition", "issue_no", "page_no", "paper")
MANIFEST_ISSUE_NO = re.compile(r"^(?:总?第)?(\d+)期?$")  # 12, 第12期, 总第5262期
# Decodings tried, in order, on a file without a byte-order mark; the first plausible one is taken.
TEXT_ENCODINGS = ("utf-8-sig", "gb18030", "big5hkscs")
UTF16_ENCODINGS = ("utf-16-le", "utf-16-be")  # a file with NUL bytes and no byte-order mark
MIN_PLAUSIBILITY = 0.7  # share of common characters: real pages 0.95 or more, wrong decodings 0.5 or less
FOLDER_ROW = "*"  # a manifest row for every page of the folder: its `paper` is the folder's default
# What manifest.csv says of one page: column -> its checked, non-blank value (issue_date as YYYY-MM-DD,
# edition, issue_no as digits, page_no, paper); manifest_entry adds `folder_paper`, the folder's default.
ManifestEntry = dict[str, str]
# A manifest's entries: page name (path in the inbox, or FOLDER_ROW) -> its entry (Manifest.entries).
ManifestEntries = dict[str, ManifestEntry]


class PageError(ValueError):
    """A page file that cannot be ingested; str() is one line naming the file."""

    def __init__(self, path: Path | str, reason: str):
        super().__init__(f"{Path(path).name}: {reason}")
        self.path, self.reason = Path(path), reason


@dataclass
class ExtractedPage:
    row: PageRow
    text: str  # decoded text, newlines normalised to \n
    warnings: list[str] = field(default_factory=list)  # one line each, naming the file
    # Where parts of the text came from (e-paper and PDF pages; see tables.REGION): each with
    # article (ordinal when the markup gives the article, else None), kind, raw_start, raw_end,
    # source (file or PDF page), box (x0, y0, x1, y1 in page coordinates) and value.
    regions: list[Region] = field(default_factory=list)


def read_within(path: Path, limit: int, what: str) -> bytes:
    """The file's bytes, or a PageError naming it when it cannot be read or is over `limit` bytes
    for one `what` (page, page PDF, page image): a huge file is refused before it is read."""
    try:
        size = path.stat().st_size
    except OSError as exc:
        raise PageError(path, f"cannot read: {exc.strerror}") from exc
    if size > limit:
        raise PageError(path, f"too large for one {what} ({size / 1e6:.1f} MB > {limit / 1e6:.0f} MB)")
    return path.read_bytes()


def page_id_for(content: bytes) -> str:
    """Stable page id: the content hash, so the same page under two names is one page."""
    return hashlib.sha256(content).hexdigest()[:16]


def page_format(name: str) -> PageFormat | None:
    """The format of a file name's suffix in FORMATS, in any case and whatever trails it
    (`PAGE.TXT`, `page.txt `); None for a file that is not a page."""
    return FORMATS.get(os.path.splitext(name.rstrip(" ."))[1].lower())


def decode(path: Path, content: bytes) -> tuple[str, str]:
    """(text, encoding): UTF-16 with a byte-order mark; else the first of UTF-8, GB18030 and Big5
    (UTF-16 LE/BE when the file has NUL bytes) that decodes into plausible Chinese text.

    A wrong codec often decodes without error (Big5 bytes as GB18030) into rare characters,
    so each decoding is judged by the share of common Chinese characters (plausibility.py).
    """
    if not content.strip():
        raise PageError(path, "empty file")
    if content[:2] in (b"\xff\xfe", b"\xfe\xff"):
        try:
            return content.decode("utf-16"), "utf-16"
        except UnicodeDecodeError as exc:
            raise PageError(path, f"truncated or invalid UTF-16 text ({exc.reason} at byte {exc.start})") from exc
    has_nul = b"\x00" in content[:4096]
    best: tuple[float, str] | None = None
    for encoding in UTF16_ENCODINGS if has_nul else TEXT_ENCODINGS:
        try:
            text = content.decode(encoding)
        except UnicodeDecodeError:
            continue
        score = plausibility(text)
        if score >= MIN_PLAUSIBILITY:
            return text, encoding.removesuffix("-sig")
        best = max(best, (score, encoding)) if best else (score, encoding)
    if has_nul:
        raise PageError(path, "binary file (NUL bytes), not page text")
    if best is None:
        raise PageError(path, "not valid UTF-8, GB18030 or Big5 text")
    raise PageError(
        path,
        f"does not read as Chinese text: decoded as {best[1].removesuffix('-sig')}, at best, "
        f"{best[0]:.0%} of its letters are common Chinese characters (a page has over {MIN_PLAUSIBILITY:.0%})",
    )


def check_chinese(path: Path, text: str) -> None:
    visible = [c for c in text if not c.isspace()]
    cjk = sum(map(is_cjk, visible))
    if not visible or cjk / len(visible) < MIN_CJK_SHARE:
        raise PageError(path, f"no Chinese page text ({cjk} CJK characters of {len(visible)})")


@dataclass
class Manifest:
    """A folder's manifest.csv, checked: what it states per page, and what is wrong with it."""

    entries: ManifestEntries = field(default_factory=dict)  # page name -> its valid, non-blank values
    lines: dict[str, int] = field(default_factory=dict)  # page name -> its line in the file
    problems: list[str] = field(default_factory=list)  # one line each, naming the file and the line


def read_manifest(folder: Path) -> Manifest:
    """The user's statements about the pages of an inbox, from manifest.csv at its root.

    Decoded like a page; a header without `file` makes the whole file ignored; an unknown
    column, a repeated page (the first line is kept), a value that is not a date or an
    issue number is left out and reported. A page name is its path relative to the folder.
    """
    path, manifest = Path(folder) / MANIFEST, Manifest()
    if not path.is_file():
        return manifest
    try:
        text, _ = decode(path, path.read_bytes())
    except (OSError, PageError) as exc:
        manifest.problems.append(
            f"{path}: {exc.reason if isinstance(exc, PageError) else exc.strerror}; manifest ignored"
        )
        return manifest
    reader = csv.reader(io.StringIO(text))
    header = [column.strip().lower() for column in next(reader, [])]
    if "file" not in header:
        manifest.problems.append(
            f"{path}: header {','.join(header)!r} has no 'file' column "
            f"(expected {','.join(MANIFEST_COLUMNS)}); manifest ignored"
        )
        return manifest
    for column in header:
        if column not in MANIFEST_COLUMNS or header.count(column) > 1:
            reason = "repeated" if column in MANIFEST_COLUMNS else f"unknown (expected {','.join(MANIFEST_COLUMNS)})"
            manifest.problems.append(f"{path}: column {column!r} {reason}; its values ignored")
    for values in reader:
        line = reader.line_num
        if not any(value.strip() for value in values):
            continue
        if len(values) > len(header):
            manifest.problems.append(f"{path}: line {line}: more values than columns; the extra ones ignored")
        row = {
            column: value.strip() for column, value in zip(header, values, strict=False) if header.count(column) == 1
        }
        name = row.get("file", "").replace("\\", "/").removeprefix("./")
        if not name:
            manifest.problems.append(f"{path}: line {line}: no file name; line ignored")
        elif name in manifest.entries:
            manifest.problems.append(
                f"{path}: line {line}: {name} already on line {manifest.lines[name]}; line ignored"
            )
        else:
            manifest.entries[name], manifest.lines[name] = _checked_entry(path, line, row, manifest.problems), line
    return manifest


def _checked_entry(path: Path, line: int, row: dict[str, str], problems: list[str]) -> ManifestEntry:
    """A manifest line's known, non-blank values in canonical form; each bad value reported and left out."""
    entry = {column: value for column, value in row.items() if column in MANIFEST_COLUMNS[1:] and value}
    if "issue_date" in entry:
        try:
            entry["issue_date"] = dt.date.fromisoformat(entry["issue_date"]).isoformat()
        except ValueError:
            problems.append(f"{path}: line {line}: issue_date {entry.pop('issue_date')!r} is not a YYYY-MM-DD date")
    if "issue_no" in entry:
        number = MANIFEST_ISSUE_NO.match(unicodedata.normalize("NFKC", entry["issue_no"]).replace(" ", ""))
        if number:
            entry["issue_no"] = str(int(number.group(1)))
        else:
            problems.append(f"{path}: line {line}: issue_no {entry.pop('issue_no')!r} is not an issue number")
    return entry


def manifest_entry(manifest: ManifestEntries, file_name: str) -> ManifestEntry | None:
    """What manifest.csv says about one page: its own row, and the folder's default paper."""
    entry, folder = manifest.get(file_name), manifest.get(FOLDER_ROW)
    if folder and folder.get("paper"):
        return {**(entry or {}), "folder_paper": folder["paper"]}
    return entry


def page_name(path: Path, root: Path) -> str:
    """A page's name: its path relative to the inbox root, '/'-separated (its file name if outside)."""
    relative = Path(os.path.relpath(path, root))
    return path.name if relative.parts[:1] == ("..",) else relative.as_posix()


@dataclass
class PageFacts:
    """What a page's own words (masthead or markup), its name, manifest.csv and the paper profiles
    settle about it together (settle_issue)."""

    issue: IssueInfo  # date (and where it came from), issue number, edition; its warnings
    paper: str | None  # profile id
    paper_source: str | None  # manifest, folder, markup or masthead
    page_no: str | None  # the manifest's, else what the page says, else the file name's
    entry: ManifestEntry  # the page's manifest entry (manifest_entry)


def page_row(
    name: str, page_id: str, sha256: str, page_format: PageFormat, text_source: TextSource, facts: PageFacts, text: str
) -> PageRow:
    """The `pages` row every reader (text, e-paper, PDF) starts from: what `facts` settled, the
    page's name and hashes; the reader then sets what only it knows (encoding, files, size)."""
    return {
        "page_id": page_id,
        "source_path": name,
        "sha256": sha256,
        "format": page_format,
        "text_source": text_source,
        "ocr_confidence": None,
        "paper": facts.paper,
        "paper_source": facts.paper_source,
        "issue_date": facts.issue.date,
        "issue_date_source": facts.issue.date_source,
        "issue_no": facts.issue.issue_no,
        "edition": facts.issue.edition,
        "page_no": facts.page_no,
        "char_count": len(text),
        "ingested_at": dt.datetime.now(dt.UTC),
        "partition_key": page_key(name, sha256),
        "encoding": None,
        "paper_name": None,
        "page_name": None,
        "source_files": [name],
        "page_width": None,
        "page_height": None,
        "warnings": [f"{name}: {warning}" for warning in facts.issue.warnings],
    }


def settle_issue(
    path: Path,
    name: str,
    issue: IssueInfo,
    manifest: ManifestEntries,
    text: str,
    *,
    printed_paper: str | None = None,
    page_no: str | None = None,
    masthead: bool = True,
) -> PageFacts:
    """Settle a page's issue, paper and page number, for every kind of page (text, e-paper, PDF).

        `issue` is what the page itself says (read_masthead, or an e-paper's markup); `text` is the
        (simplified) text whose masthead and datelines may be read; `printed_paper` is the paper's name
        as an e-paper's markup prints it, `page_no` its 版次; `masthead=False` when the text's first lines
    are no masthead (an e-paper page's text begins with a headline). Precedence of the date: manifest, the page
        itself (masthead or markup), the file name, the datelines. Raises PageError when the manifest
        names a paper no profile has.
    """
    from_name = read_file_name(name)
    issue.warnings += from_name.warnings
    if issue.date is None and from_name.date is not None:
        issue.date, issue.date_source = from_name.date, "file_name"
    elif from_name.date not in (None, issue.date):
        said = issue.date_source or "masthead"
        issue.warnings.append(f"its name says {from_name.date}, its {said} {issue.date}; the {said}'s date kept")
    entry = manifest_entry(manifest, name) or {}
    issue = _apply_manifest(issue, entry)
    try:
        paper, paper_source = choose_paper(
            path, text if masthead else "", entry.get("paper"), entry.get("folder_paper"), printed=printed_paper
        )
    except ValueError as exc:
        raise PageError(path, f"{MANIFEST}: {exc}") from exc
    if paper is None and printed_paper:
        issue.warnings.append(f"its paper {printed_paper} (as printed) has no profile in gazette/papers; paper unknown")
    if issue.date is None and (estimate := estimate_from_datelines(text)):
        (issue.date, note), issue.date_source = estimate, "dateline"
        issue.warnings.append(note)
    return PageFacts(issue, paper, paper_source, entry.get("page_no") or page_no or from_name.page_no, entry)


def _apply_manifest(issue: IssueInfo, entry: ManifestEntry) -> IssueInfo:
    """The manifest's values (checked by read_manifest) over what the page says; a date it overrides is warned."""
    if entry.get("issue_date"):
        date = dt.date.fromisoformat(entry["issue_date"])
        if issue.date not in (None, date):
            said = (issue.date_source or "masthead").replace("_", " ")
            issue.warnings.append(f"its manifest says {date}, its {said} {issue.date}; the manifest's date kept")
        issue.date, issue.date_source = date, "manifest"
    if entry.get("edition"):
        issue.edition = entry["edition"]
    if entry.get("issue_no"):
        issue.issue_no = int(entry["issue_no"])
    return issue
