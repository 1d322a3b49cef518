"""E-paper HTML into pages: the saved files of one paper, date and 版 form one printed page.

A Founder e-paper publishes one file per article (`content_N.htm[l]`) and, per printed page,
a layout page (`node_N.htm`) listing the page's articles with their hotspots. A reader saves
some or all of them, as a site mirror (`html/2024-11/06/…`) or a flat folder. Each file says
which page it belongs to (paper, date, 版次: founder.read_founder); `page_identity` turns that
into the page's name, and the inbox groups files by it (gazette.inbox.page_sources).
`read_epaper` reads one such group into one `pages` row and its text, with one region per
part of each article (kicker, headline, subheadline, body, caption), so the split step takes
the articles as the markup gives them instead of guessing.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import posixpath
import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import cast
from urllib.parse import unquote

from gazette.extract import markup
from gazette.extract.base import (
    ExtractedPage,
    ManifestEntries,
    PageError,
    check_chinese,
    decode,
    page_id_for,
    page_row,
    settle_issue,
)
from gazette.extract.founder import Box, EpaperArticle, FounderFile, page_number_key, read_founder, rules
from gazette.extract.masthead import IssueInfo
from gazette.page_source import page_key, source_sha256
from gazette.rows import PageFormat, Region, RegionKind
from gazette.text import to_simplified

HTML_SUFFIXES = (".htm", ".html")
FORMAT: PageFormat = "html"


@dataclass(frozen=True)
class PageIdentity:
    """Which printed page a saved e-paper file belongs to."""

    folder: str  # the file's folder in the inbox ("" at the top)
    paper: str | None
    date: dt.date
    page_no: str
    # The inbox names of the pictures it shows or links (its page image), where they are inside the inbox.
    pictures: tuple[str, ...] = field(default=(), compare=False)

    @property
    def name(self) -> str:
        """The page's name in the inbox, its partition and its stored file: 上饶日报_2024-01-01_01版."""
        base = f"{self.paper or 'epaper'}_{self.date.isoformat()}_{self.page_no}版"
        return posixpath.join(self.folder, base) if self.folder else base


def parse_file(name: str, path: Path) -> FounderFile:
    """One saved file, decoded and read (PageError, one line naming it, when it cannot be)."""
    text, _ = decode(Path(name), path.read_bytes())
    return read_founder(name, text)


@lru_cache(maxsize=65536)
def _identity(name: str, path: str, sha256: str) -> PageIdentity | None:
    try:
        info = parse_file(name, Path(path))
    except (PageError, OSError):
        return None  # read on its own, it is rejected with its reason
    if info.date is None or not info.page_no:
        return None
    folder = posixpath.dirname(name)
    return PageIdentity(folder, info.paper, info.date, info.page_no, _inbox_names(folder, info.pictures))


def _inbox_names(folder: str, references: list[str]) -> tuple[str, ...]:
    """Where relative references from a file in `folder` lead inside the inbox (`../../../page/01.jpg`
    from `html/2023-10/10` is `page/01.jpg`); a web address, an absolute path or one leading out is left out."""
    names = []
    for reference in references:
        if "://" in reference or reference.startswith(("/", "data:")):
            continue
        name = posixpath.normpath(posixpath.join(folder, unquote(reference)))
        if name.split("/", 1)[0] != "..":
            names.append(name)
    return tuple(dict.fromkeys(names))


def page_identity(name: str, path: Path, sha256: str) -> PageIdentity | None:
    """The printed page a saved e-paper file belongs to; None if it does not say (then it is a page
    of its own). Cached by content, so a sensor tick does not parse unchanged files again."""
    return _identity(name, str(path), sha256)


def _sort_key(content_id: str | None) -> tuple[int, str]:
    return (int(content_id), "") if content_id and content_id.isdigit() else (1 << 62, content_id or "")


def read_epaper(
    name: str, members: list[tuple[str, Path]], *, manifest: ManifestEntries | None = None
) -> ExtractedPage:
    """Read the saved files of one printed page (`members`: (name in the inbox, path)) into one page.

    Articles come in the layout page's order (its title list or hotspots), else in the
    order of the page map the article pages repeat, else by article number. The same
    article saved twice is read once. Raises PageError when no file holds an article.
    """
    manifest = manifest or {}
    files: list[FounderFile] = []
    contents: list[bytes] = []
    encodings: list[str] = []
    warnings: list[str] = []
    for member, path in sorted(members):
        content = path.read_bytes()
        contents.append(content)
        text, encoding = decode(Path(member), content)
        encodings.append(encoding)
        pieces, notes = _read_pieces(member, text)
        files += pieces
        warnings += notes
    layouts = [f for f in files if f.kind == "layout"]
    order = next((f.order for f in layouts if f.order), None) or next((f.order for f in files if f.order), [])
    rank = {content: at for at, content in enumerate(order)}
    articles, seen = [], set()
    read = [(info, info.article) for info in files if info.article is not None]
    for info, article in sorted(read, key=lambda pair: _sort_key(pair[1].content_id)):
        key = article.content_id or info.source
        if key in seen:
            warnings.append(f"{info.source}: the same article as another file ({key}); read once")
            continue
        seen.add(key)
        articles.append(article)
    articles.sort(key=lambda a: (rank.get(a.content_id or "", len(rank)), _sort_key(a.content_id)))
    if not articles:
        listed = len(order)
        raise PageError(name, f"layout page only: none of the {listed} articles it lists is in the inbox")
    boxes: dict[str, Box] = {}
    for info in layouts + [f for f in files if f.kind == "article"]:
        for content_id, box in info.boxes.items():
            boxes.setdefault(content_id, box)
    first = layouts[0] if layouts else files[0]
    page_no = next((f.page_no for f in files if f.page_no), None)
    number = page_number_key(page_no) if page_no else None
    page_name = next((f.page_name for f in files if f.page_name), None) or next(
        (f.page_names[number] for f in files if number and number in f.page_names), None
    )
    dated = next((f for f in files if f.date), None)
    printed = next((f.paper for f in files if f.paper), None)
    if dated and any(f.date and f.date != dated.date for f in files):
        warnings.append(f"{name}: its files name different dates; {dated.date} kept")

    text, regions = _assemble(articles, boxes)
    check_chinese(Path(name), text)
    hashes = [(member, hashlib.sha256(c).hexdigest()) for (member, _), c in zip(sorted(members), contents, strict=True)]
    combined = source_sha256(hashes)
    issue = IssueInfo(date=dated.date, date_source=dated.date_source) if dated else IssueInfo()
    if printed and (match := re.search(rules().edition_in_paper, printed)):
        issue.edition = match["edition"]
    # The paper as printed, else what manifest.csv or the folder says; the text's first lines are
    # headlines, not a masthead, so it is not searched for a paper's name.
    facts = settle_issue(
        sorted(members)[0][1],
        name,
        issue,
        manifest,
        to_simplified(text),
        printed_paper=printed,
        page_no=page_no,
        masthead=False,
    )
    warnings += [f"{name}: {warning}" for warning in facts.issue.warnings]
    row = page_row(first.source, page_id_for(combined.encode()), combined, FORMAT, "file", facts, text)
    row["partition_key"] = page_key(name, combined)
    row["encoding"] = encodings[0] if len(set(encodings)) == 1 else ",".join(sorted(set(encodings)))
    row["paper_name"] = printed
    row["page_name"] = page_name
    row["source_files"] = [member for member, _ in sorted(members)]
    row["page_width"] = first.image_size[0] if first.image_size else None
    row["page_height"] = first.image_size[1] if first.image_size else None
    row["layout"] = first.system
    row["warnings"] = warnings
    return ExtractedPage(row=row, text=text, warnings=warnings, regions=regions)


def _read_pieces(member: str, html: str) -> tuple[list[FounderFile], list[str]]:
    """The saved pages one file holds (a crawler may append many: markup.fragments), each read,
    and the warnings: each piece's own, those dropped (not Founder pages) and the printed pages
    they span. Raises the first piece's PageError when none can be read."""
    pieces = markup.fragments(html)
    if len(pieces) == 1:
        info = read_founder(member, html)
        return [info], [f"{member}: {w}" for w in info.warnings]
    read, dropped, warnings = [], [], []
    for piece in pieces:
        try:
            info = read_founder(member, piece, fragment=True)
        except PageError as exc:
            dropped.append(exc)
            continue
        read.append(info)
        warnings += [f"{member}: {w}" for w in info.warnings]
    if not read:
        raise dropped[0]
    if dropped:
        reasons = sorted({exc.reason for exc in dropped})
        warnings.append(f"{member}: {len(dropped)} of {len(pieces)} saved pieces dropped: {'; '.join(reasons)}")
    printed = sorted({info.page_no for info in read if info.page_no}, key=page_number_key)
    if len(printed) > 1:
        articles = sum(info.article is not None for info in read)
        warnings.append(
            f"{member}: {articles} articles of {len(printed)} printed pages ({', '.join(printed)}), "
            "saved into one file; read as one page"
        )
    return read, warnings


def _assemble(articles: list[EpaperArticle], boxes: dict[str, Box]) -> tuple[str, list[Region]]:
    """The page's text, article after article, and one region per part of each article.

    Every part is a paragraph of its own (blank lines between), so cleaning keeps them apart.
    """
    parts: list[str] = []
    regions: list[Region] = []
    at = 0
    for ordinal, article in enumerate(articles, start=1):
        box = boxes.get(article.content_id or "")
        pieces: list[tuple[RegionKind, str | None]] = [
            ("kicker", article.kicker),
            ("headline", article.headline),
            ("subheadline", article.subheadline),
        ]
        pieces += [("body", p) for p in article.paragraphs] + [("caption", c) for c in article.captions]
        for kind, value in pieces:
            if not value:
                continue
            regions.append(
                {
                    "article": ordinal,
                    "kind": kind,
                    "raw_start": at,
                    "raw_end": at + len(value),
                    "source": article.source,
                    "box": list(box) if box else None,
                    "value": None,
                }
            )
            parts.append(value)
            at += len(value) + 2
        if article.author:  # the trailer's author is not printed text: a region with no span holds it
            regions.append(
                cast(  # mypy does not read a `|` of two dict literals as one Region
                    Region,
                    {"article": ordinal, "kind": "author", "raw_start": at, "raw_end": at, "source": article.source}
                    | {"box": None, "value": article.author},
                )
            )
    return "\n\n".join(parts) + "\n", regions
