"""One page through every step: extract -> clean -> split -> enrich.

The Dagster assets run these steps one asset at a time; the CLI runs them all
at once through `process_page`. Both call the same functions.
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import time
from collections.abc import Iterator
from pathlib import Path

import gazette
from gazette import clean, enrich, extract, inbox, papers, split
from gazette.errors import one_line
from gazette.extract.epaper import read_epaper
from gazette.offsets import offset_runs
from gazette.rows import ArticleRow, PageRow, PageTextRow, TableRows

STEP_PACKAGES = ("extract", "clean", "split", "enrich", "papers")
# Code and rules outside the step packages whose change also makes every stored page out of date: the
# table schemas, page keys, and the character tables, text helpers and rules loader the steps share.
SHARED_STEP_MODULES = ("tables", "text.py", "hanzi.py", "common_chars.yaml", "page_source.py", "rules.py")


def _code_files(path: Path) -> list[Path]:
    """The module (or rule file) at `path`, or every code and rule file of the package there."""
    if not path.is_dir():
        return [path]
    return [file for file in sorted(path.rglob("*")) if file.suffix in {".py", ".yaml", ".toml"}]


@functools.cache
def rules_version() -> str:
    """Fingerprint of the step code, its rule files (lexicons, taxonomy, layout costs, the user's own paper
    profiles) and the table schemas.

    A page processed under another fingerprint is out of date: `gazette run` redoes
    it, and the Dagster page assets carry it as their code version.
    """
    digest = hashlib.sha256()
    root = Path(gazette.__file__).parent
    for name in (*SHARED_STEP_MODULES, *STEP_PACKAGES):
        for path in _code_files(root / name):
            digest.update(path.relative_to(root).as_posix().encode() + b"\0" + path.read_bytes() + b"\0")
    for path in papers.user_profile_files():  # the user's own profiles (GAZETTE_PAPERS) are rules too
        digest.update(b"GAZETTE_PAPERS/" + path.name.encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()[:12]


def page_text_row(page: extract.ExtractedPage, cleaned: clean.CleanedPage) -> PageTextRow:
    return {
        "page_id": page.row["page_id"],
        "raw_text": page.text,
        "clean_text": cleaned.text,
        "raw_offset_runs": offset_runs(cleaned.raw_offsets),
        "regions": page.regions,
    }


@contextlib.contextmanager
def _timed(timings: dict[str, float] | None, step: str) -> Iterator[None]:
    started = time.perf_counter()
    yield
    if timings is not None:
        timings[step] = timings.get(step, 0.0) + time.perf_counter() - started


def _warn(page: extract.ExtractedPage, step: str, where: str, exc: Exception) -> None:
    """Record on the page (pages.warnings, one line naming the file) what a step could not do."""
    page.row["warnings"].append(f"{page.row['source_path']}: {step}: {where}: {type(exc).__name__}: {one_line(exc)}")


def read_page_source(
    source: Path | inbox.PageSource, *, manifest: extract.ManifestEntries | None = None, root: Path | None = None
) -> extract.ExtractedPage:
    """A page file of the inbox `root`, or the saved e-paper files of one printed page, read into one page.

    A page source is named by its path in the inbox already; its inbox root is where that name starts.
    """
    if not isinstance(source, inbox.PageSource):
        return extract.read_page(Path(source), manifest=manifest, root=root)
    root = Path(root) if root is not None else source.root
    # A saved page's pictures are part of it (inbox.page_of_picture) but are not read: its markup is the text.
    members = [(name, path) for name, path in source.members if extract.page_format(name) != "image"] or source.members
    if len(members) > 1 or members[0][0] != source.name:
        if manifest is None:
            manifest = extract.read_manifest(root).entries
        return read_epaper(source.name, members, manifest=manifest)
    return extract.read_page(members[0][1], manifest=manifest, root=root)


def read_and_clean(
    source: Path | inbox.PageSource,
    *,
    manifest: extract.ManifestEntries | None = None,
    root: Path | None = None,
    timings: dict[str, float] | None = None,
) -> tuple[extract.ExtractedPage, clean.CleanedPage]:
    """The page (a file of the inbox `root`, or an e-paper page of several files) decoded and cleaned;
    cleaning names the layout recorded in `pages`, unless the reader named it (the e-paper system,
    or PDF columns).

    Only a file that is no page (undecodable, not Chinese text) raises (extract.PageError).
    If cleaning fails, the page keeps its decoded text with no lines (so no articles) and a warning.
    """
    with _timed(timings, "extract"):
        page = read_page_source(source, manifest=manifest, root=root)
    with _timed(timings, "clean"):
        try:
            cleaned = clean.clean_page(page.text)
        except Exception as exc:  # a decodable page is never lost for its content
            _warn(page, "clean", "page stored without articles", exc)
            cleaned = clean.CleanedPage(page.text, list(range(len(page.text))))
    page.row["layout"] = page.row.get("layout") or cleaned.layout
    page.row["rules_version"] = rules_version()
    return page, cleaned


def process_page(
    source: Path | inbox.PageSource,
    *,
    manifest: extract.ManifestEntries | None = None,
    root: Path | None = None,
    timings: dict[str, float] | None = None,
) -> TableRows:
    """Rows for every per-page table (gazette.tables.PAGE_TABLES) from one page file of the inbox `root`
    (by default the file's folder; see extract.read_page), or one e-paper page of several files.

    `timings`, if given, gains the seconds spent in each step.
    """
    page, cleaned = read_and_clean(source, manifest=manifest, root=root, timings=timings)
    with _timed(timings, "split"):
        try:
            # A page whose reader says where its text came from (e-paper, PDF); else a text page, cut from its text.
            pieces = (
                split.split_extracted(page.row, cleaned, page.regions)
                if page.regions
                else split.split_page(page.row, cleaned)
            )
        except Exception as exc:  # the page and its text are still stored
            _warn(page, "split", "page stored without articles", exc)
            pieces = split.SplitPage([], [])
    with _timed(timings, "enrich"):
        enriched = enrich_contained(page, pieces.articles, papers.profile(page.row["paper"]))
    return {
        "pages": [page.row],
        "page_texts": [page_text_row(page, cleaned)],
        "articles": pieces.articles,
        "page_blocks": pieces.blocks,
        **enriched,
    }


def enrich_contained(
    page: extract.ExtractedPage, articles: list[ArticleRow], paper: papers.PaperProfile | None = None
) -> TableRows:
    """enrich_articles, with an article that makes it fail left unenriched (and named in a
    warning on the page) while the page's other articles are enriched together as usual."""
    try:
        return enrich.enrich_articles(articles, paper)
    except Exception:  # find the articles it fails on, below
        pass
    alone: dict[int, TableRows] = {}
    for article in articles:
        try:
            alone[id(article)] = enrich.enrich_articles([article], paper)
        except Exception as exc:
            _warn(page, "enrich", f"article {article.get('ordinal')} stored without enrichment", exc)
    kept = [article for article in articles if id(article) in alone]
    try:
        return enrich.enrich_articles(kept, paper)
    except Exception as exc:  # they fail only together: keep each one's rows from its own pass
        _warn(page, "enrich", "articles enriched one by one, without the rest of the page", exc)
        return {table: [row for a in kept for row in alone[id(a)][table]] for table in enrich.ENRICHMENT_TABLES}


def manifest_with_paper(manifest: extract.ManifestEntries, paper: str) -> extract.ManifestEntries:
    """`manifest` with `paper` as its folder's paper, as a line '*,…,<paper>' would state it."""
    return {**manifest, extract.FOLDER_ROW: {**manifest.get(extract.FOLDER_ROW, {}), "paper": paper}}


def manifest_hint(**values: str) -> str:
    """How manifest.csv states `values`: a line, and the header naming every column it parses under."""
    line = ",".join(values.get(column, "") for column in extract.MANIFEST_COLUMNS)
    return f"a line '{line}' in manifest.csv, under the header '{','.join(extract.MANIFEST_COLUMNS)}'"


def shared_paper_warning(name: str, paper: str) -> str:
    return (
        f"{name}: no paper printed on the page; {paper} taken from the other pages of its folder "
        f"({manifest_hint(file=extract.FOLDER_ROW, paper=paper)} says so)"
    )


def no_paper_warning(name: str) -> str:
    return (
        f"{name}: paper unknown, so its officials have no home jurisdiction: add "
        f"{manifest_hint(file=extract.FOLDER_ROW, paper='<paper>')} (papers: {', '.join(papers.profiles())})"
    )


def note_missing_date(row: PageRow, name: str) -> None:
    """A page with no issue date is told what manifest.csv may add, unless a warning says why already
    (a hint about manifest.csv names its issue_date column: no reason)."""
    reasons = [warning for warning in row["warnings"] if "manifest.csv" not in warning]
    if row["issue_date"] is None and not any("date" in warning for warning in reasons):
        row["warnings"].append(f"{name}: issue date unknown: add {manifest_hint(file=name, issue_date='<YYYY-MM-DD>')}")
