"""A folder of page files into the warehouse: what `gazette run` does.

Only what changed is processed. A page is skipped when the warehouse holds it and
the last run built it from the same bytes, the same manifest entry and the same
rules (`rules_version`); changing a lexicon or a step therefore redoes every page.
A bad file is reported in one line naming it and the batch goes on; what the
warehouse already holds for that file stays as it was. A file rejected again as it was
rejected before is counted, not printed again (gazette.rejections).
"""

from __future__ import annotations

import datetime as dt
import functools
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import cast

import pyarrow as pa
import pyarrow.compute as pc

from gazette import extract, inbox, rejections
from gazette.errors import one_line
from gazette.models import load_models
from gazette.officials_step import refresh_officials
from gazette.papers.sharing import shared_paper
from gazette.pipeline import (
    manifest_with_paper,
    no_paper_warning,
    note_missing_date,
    process_page,
    rules_version,
    shared_paper_warning,
)
from gazette.rows import PageRow, TableRows
from gazette.storage.processed import BuiltFrom, ProcessedIndex, among, manifest_json
from gazette.warehouse import Warehouse, page_stem
from gazette.workers import worker_pool


@dataclass
class RunReport:
    input_dir: Path
    files: int = 0  # page files found
    processed: int = 0  # pages (re)built this run
    unchanged: int = 0  # pages skipped: already built from this content and these rules
    articles: int = 0  # of the processed pages
    figures: int = 0
    warnings: int = 0  # pages.warnings lines of the processed pages (what a step could not do, doubtful dates)
    officials: int = 0  # people in the warehouse after the run
    errors: list[str] = field(default_factory=list)  # one line per newly rejected file (or lost page), naming it
    # Files rejected before as they are now: one line each, summarised as `rejected_since` says.
    still_rejected: list[str] = field(default_factory=list)
    rejected_since: str | None = None
    notices: list[str] = field(default_factory=list)  # duplicates, deletions, page warnings
    timings: dict[str, float] = field(default_factory=dict)  # seconds per step, summed over pages


# A worker process takes seconds to start (imports, jieba's dictionary): below this many
# pages to process, one process is faster.
POOL_MIN_PAGES = 40
# Pages written in one transaction: a commit to the lake costs about the same for one page or
# many (a statement per table), and a run stopped meanwhile loses at most the pages of one
# batch, built again by the next run. WRITE_EVERY_S bounds how long a page waits to be written.
WRITE_BATCH = 64
WRITE_EVERY_S = 10.0


def _process(
    source: inbox.PageSource, manifest: extract.ManifestEntries, root: Path
) -> tuple[TableRows | None, str | None, dict[str, float]]:
    """(rows, None, timings) for one page of the inbox `root`, or (None, one-line reason, timings) if it is rejected."""
    timings: dict[str, float] = {}
    try:
        return process_page(source, manifest=manifest, root=root, timings=timings), None, timings
    except Exception as exc:  # a bad page is reported; the other pages still go in
        return None, one_line(exc).removeprefix(f"{source.path.name}: "), timings  # step errors often name the file


def _process_source(
    source: inbox.PageSource, manifest: extract.ManifestEntries, root: Path
) -> tuple[inbox.PageSource, TableRows | None, str | None, dict[str, float]]:
    return source, *_process(source, manifest, root)


def _page_rows(
    todo: list[inbox.PageSource], manifest: extract.ManifestEntries, root: Path, workers: int
) -> Iterator[tuple[inbox.PageSource, TableRows | None, str | None, dict[str, float]]]:
    """(file, rows, reason, timings) for each page of `todo`, on `workers` processes when there are many.

    Workers only compute rows; the caller writes them, so what is written and
    recorded as done stays in one process.
    """
    if workers < 2 or len(todo) < POOL_MIN_PAGES:
        for file in todo:
            yield file, *_process(file, manifest, root)
        return
    with worker_pool(workers) as pool:
        yield from pool.imap_unordered(functools.partial(_process_source, manifest=manifest, root=root), todo)


def run_folder(
    input_dir: Path,
    warehouse: Warehouse,
    *,
    prune: bool = False,
    workers: int = 1,
    track: Callable[[Iterable, int], Iterable] = lambda items, total: items,
    on_wait: Callable[[], None] | None = None,
) -> RunReport:
    """Bring the warehouse up to date with the page files of `input_dir`.

    `workers` processes compute the pages when there are at least POOL_MIN_PAGES
    of them; `track(items, total)` wraps the pages as they complete (a progress bar);
    `on_wait` is called if another run holds the warehouse lock and this one waits.
    """
    report = RunReport(Path(input_dir))
    inbox_root = str(report.input_dir.resolve())
    with warehouse.lock(on_wait):
        snapshot_at_start = warehouse.snapshot()
        if old := warehouse.old_layout():
            report.notices.append(
                f"{old}: tables in the layout before DuckLake; this run builds them again from "
                f"{report.input_dir} into the lake. Remove {old} once the new tables hold what you expect"
            )
        processed = warehouse.processed()
        # Stored files that are gone, unreadable or not as written: their pages are built again.
        damaged, problems = warehouse.check()
        report.notices += problems
        processed.forget(damaged)
        plan = _plan(report, warehouse, processed)
        if plan is None:  # an empty or mistyped folder: leave the warehouse alone, mark nothing deleted
            return report
        rejected = dict.fromkeys(report.errors, "")  # files that could not be read: known by their message
        if damaged and (lost := sorted(damaged - plan.stems())):
            report.errors += [
                f"{stem}: stored rows lost and its page file is not in {report.input_dir}: "
                "put the file back and run again, or --prune to drop the page"
                for stem in lost
            ]

        to_build = [file for file in plan.pages_read if file.name in plan.to_build]

        waiting: dict[str, TableRows] = {}  # pages built, written by the next write_waiting
        last_write = time.perf_counter()

        def write_waiting() -> None:
            nonlocal last_write
            started = last_write = time.perf_counter()
            if waiting:
                warehouse.write_pages(waiting, processed)  # the pages and their records, in one transaction
                waiting.clear()
            report.timings["write"] = report.timings.get("write", 0.0) + time.perf_counter() - started

        def store(file: inbox.PageSource, rows: TableRows) -> None:
            page = rows["pages"][0]
            page["inbox"] = inbox_root
            note_missing_date(page, file.name)
            waiting[file.name] = rows
            processed.record(plan.stem_of[file.name], file, plan.to_build[file.name])
            report.processed += 1
            report.articles += len(rows["articles"])
            report.figures += len(rows["economic_figures"])
            report.notices += [f"{report.input_dir}/{warning}" for warning in page["warnings"]]
            report.warnings += len(page["warnings"])
            if len(waiting) >= WRITE_BATCH or time.perf_counter() - last_write > WRITE_EVERY_S:
                write_waiting()

        without_paper: list[tuple[inbox.PageSource, TableRows]] = []  # stored once the folder's papers are known
        papers: list[tuple[dt.date | None, str | None]] = []
        try:
            for file, rows, reason, timings in track(
                _page_rows(to_build, plan.manifest, report.input_dir, workers), len(to_build)
            ):
                for step, seconds in timings.items():
                    report.timings[step] = report.timings.get(step, 0.0) + seconds
                if reason is not None:
                    report.errors.append(f"{file.path}: {reason}")
                    rejected[report.errors[-1]] = file.sha256
                    continue
                if rows["pages"][0]["paper"] is None:
                    without_paper.append((file, rows))
                    continue
                papers.append((rows["pages"][0]["issue_date"], rows["pages"][0]["paper"]))
                store(file, rows)
            for file, rows in _with_shared_papers(without_paper, papers, plan, warehouse, report.input_dir):
                store(file, rows)
            for file, rows in _stored_taking_papers(papers, plan, warehouse, report.input_dir):
                store(file, rows)
                report.unchanged -= 1  # counted unchanged by the plan, built again after all
            write_waiting()
            _retire_gone_pages(warehouse, report, processed, plan, prune, inbox_root)
        except KeyboardInterrupt:
            write_waiting()  # the pages built before Ctrl-C are whole: kept
            raise
        finally:
            if waiting:  # a run stopped by an error: what it built is lost, and built again next time
                processed.forget(plan.stem_of[name] for name in waiting)
            warehouse.save_processed(processed)  # what completed stays completed, even after a crash
        _settle_rejections(report, warehouse, inbox_root, rejected)

        started = time.perf_counter()
        # A run that wrote nothing (nor another machine meanwhile) leaves compaction to the next that writes.
        if warehouse.snapshot() != snapshot_at_start:
            warehouse.compact()
        warehouse.expire_snapshots()
        report.timings["compact"] = time.perf_counter() - started
        started = time.perf_counter()
        report.officials = refresh_officials(warehouse)["officials"].num_rows
        warehouse.refresh_duckdb(load_models())
        report.timings["officials+models"] = time.perf_counter() - started
    return report


def _settle_rejections(report: RunReport, warehouse: Warehouse, inbox_root: str, rejected: dict[str, str]) -> None:
    """Move the rejections that earlier runs already reported, for the same content, out of report.errors."""
    settled = rejections.settle(warehouse.root, inbox_root, rejected)
    still = set(settled.still)
    report.errors = [line for line in report.errors if line not in still]
    report.still_rejected, report.rejected_since = settled.still, settled.since


def _with_shared_papers(
    pages: list[tuple[inbox.PageSource, TableRows]],
    papers: list[tuple[dt.date | None, str | None]],
    plan: InboxPlan,
    warehouse: Warehouse,
    root: Path,
) -> Iterator[tuple[inbox.PageSource, TableRows]]:
    """The pages that name no paper, each built again with the paper the other pages of its
    folder name (papers.sharing: this run's `papers`, and the stored pages of the inbox), or
    left without one; either way with a warning saying what manifest.csv may state."""
    if pages:
        papers = papers + [(page["issue_date"], page["paper"]) for page in _stored_pages(plan, warehouse)]
    for file, rows in pages:
        paper = shared_paper(rows["pages"][0]["issue_date"], papers)
        rebuilt = _built_with_paper(file, paper, plan, root) if paper is not None else None
        if rebuilt is None:
            rows["pages"][0]["warnings"].append(no_paper_warning(file.name))
        yield file, rows if rebuilt is None else rebuilt


def _stored_taking_papers(
    papers: list[tuple[dt.date | None, str | None]], plan: InboxPlan, warehouse: Warehouse, root: Path
) -> Iterator[tuple[inbox.PageSource, TableRows]]:
    """The stored pages with no paper, unchanged, that take the paper this run's pages name
    (`papers`) now, with the other stored pages of the inbox, built again with it."""
    unchanged = [file for file in plan.pages_read if file.name not in plan.to_build]
    stored = [file for file in unchanged if plan.stem_of.get(file.name) in plan.paperless]
    if not stored or not any(paper for _, paper in papers):
        return
    others = _stored_pages(plan, warehouse)
    papers = papers + [(page["issue_date"], page["paper"]) for page in others]  # a disagreement counts
    dates = {page_stem(page["source_path"]): page["issue_date"] for page in others}
    for file in stored:
        paper = shared_paper(dates.get(plan.stem_of[file.name]), papers)
        if paper is not None and (rows := _built_with_paper(file, paper, plan, root)) is not None:
            entry = extract.manifest_entry(plan.manifest, file.name)
            plan.to_build[file.name] = BuiltFrom(file.sha256, rules_version(), manifest_json(entry))
            yield file, rows


def _stored_pages(plan: InboxPlan, warehouse: Warehouse) -> list[dict]:
    """source_path, issue_date and paper of the inbox's stored pages not built in this run: held,
    or looked at and found unchanged."""
    built = {plan.stem_of[name] for name in plan.to_build if name in plan.stem_of}
    others = sorted(plan.stems() - built)
    columns = ["source_path", "issue_date", "paper"]
    return warehouse.read_table("pages", others).select(columns).to_pylist() if others else []


def _built_with_paper(file: inbox.PageSource, paper: str, plan: InboxPlan, root: Path) -> TableRows | None:
    """The page built again as of `paper`, with the warning that its folder gave it; None if it fails."""
    rows, reason, _ = _process(file, manifest_with_paper(plan.manifest, paper), root)
    if rows is None or reason is not None:
        return None
    rows["pages"][0]["warnings"].append(shared_paper_warning(file.name, paper))
    return rows


@dataclass
class InboxPlan:
    """What a run does with the inbox's distinct pages."""

    manifest: extract.ManifestEntries
    # Pages whose files are as recorded, built under these rules and the folder's manifest entry:
    # left as they are without a look at their files (processed.HELD_COLUMNS of a row per file).
    unchanged_files: pa.Table
    pages_read: list[inbox.PageSource]  # the other distinct pages, whose files were read
    stem_of: dict[str, str]  # page name -> stem, of the pages read (a duplicate is in neither)
    to_build: dict[str, BuiltFrom]  # page name -> what it is built from now, of the pages read that are built
    paperless: set[str]  # the stems of the stored pages with no paper, read to see if they take one now

    def stems(self) -> set[str]:
        """The stems of every distinct page of the inbox."""
        return set(self.stem_of.values()) | set(pc.unique(self.unchanged_files["stem"]).to_pylist())


def _plan(report: RunReport, warehouse: Warehouse, processed: ProcessedIndex) -> InboxPlan | None:
    """Which of the inbox's pages to build (None if the folder holds no page file at all), with
    its problems, duplicates and skipped entries in `report`.

    The walk's stat of every file is compared with the processed index in Arrow: at 100,000 pages,
    a run that adds one page builds no record, hash or page object for the others (only their
    names and stats). A page with a manifest entry of its own is always looked at; the others'
    entry is the folder's.
    """
    listing = inbox.page_files(report.input_dir)
    manifest = extract.read_manifest(report.input_dir)
    rules = rules_version()
    folder_entry = manifest_json(extract.manifest_entry(manifest.entries, ""))
    walked = listing.table()
    held = processed.held(walked, rules, folder_entry, warehouse.stored_page_array(), manifest.entries)
    # A page stored with no paper may take the one a new page of its folder names (papers.sharing):
    # when any file is new or changed, such pages are looked at, and built again if they take one.
    paperless: set[str] = set()
    if walked.num_rows > held.num_rows:
        paperless = warehouse.paperless_pages(str(report.input_dir.resolve()))
        held = held.filter(pc.invert(among(held["stem"], paperless)))
    # The other files: hashed unless their size and mtime are those recorded, grouped into pages.
    to_read = listing.to_read(walked.filter(pc.invert(pc.is_in(walked["file"], value_set=held["file"]))))
    known = processed.files(name for name, _ in to_read)
    files, unreadable = inbox.read_files(listing, to_read, known)
    report.files = len(pc.unique(held["file"])) + len(files) + len(listing.errors) + len(unreadable)
    if not report.files:
        return None
    report.errors += listing.errors + unreadable
    report.notices += listing.skipped
    unique, duplicates, still_held = _distinct_pages(files, held, processed, listing, report.notices)
    report.notices += [f"{copy.path}: same content as {kept.name}; stored once" for copy, kept in duplicates]
    report.errors += manifest.problems
    if manifest.entries:  # the inbox's page files (those it could read) and pages, by name
        names = {file.name for file in files} | {page.name for page in unique}
        report.notices += _rows_of_no_page(report.input_dir, manifest, names, held)
    held = still_held

    # A page looked at is built again unless stored and built from what it would be built from now.
    recorded = processed.pages(file.name for file in unique)
    stems = {file.name: recorded[file.name][0] if file.name in recorded else page_stem(file.name) for file in unique}
    stored = warehouse.stored_among(stems.values())
    restat = {file.name for file in files if known.get(file.name) != (file.size, file.mtime_ns, file.sha256)}
    todo: dict[str, BuiltFrom] = {}
    for file in unique:
        built_now = BuiltFrom(file.sha256, rules, manifest_json(extract.manifest_entry(manifest.entries, file.name)))
        if stems[file.name] not in stored or recorded.get(file.name, (None, None))[1] != built_now:
            todo[file.name] = built_now
        elif not restat.isdisjoint(member.name for member in file.files):
            processed.record(stems[file.name], file, built_now)  # its files' stat refreshed for the next scan
    report.unchanged = len(pc.unique(held["stem"])) + len(unique) - len(todo)
    return InboxPlan(manifest.entries, held, unique, stems, todo, paperless)


HTML_FILE = r"(?i)\.html?[ .]*$"  # an e-paper file's name (extract.FORMATS), for Arrow


def _distinct_pages(
    files: list[inbox.InboxFile],
    held: pa.Table,
    processed: ProcessedIndex,
    listing: inbox.Listing,
    notices: list[str],
) -> tuple[list[inbox.PageSource], list[tuple[inbox.PageSource, inbox.PageSource]], pa.Table]:
    """The distinct pages of `files` (inbox.page_sources, then inbox.split_duplicates), the
    duplicates among them, and the held pages left held; pictures passed over are told in `notices`.

    A held page is looked at with the files after all when one of them joins it (an e-paper file
    added to its page) or has its content (which name keeps it is decided among them all).
    """
    while True:
        passed_over: list[str] = []
        sources = inbox.page_sources(files, processed.pages_of_files(f.name for f in files), passed_over)
        named = among(held["page"], (source.name for source in sources))
        joined = pc.or_(named, among(held["sha256"], (s.sha256 for s in sources)))
        if any(
            source.name == source.files[0].name and extract.page_format(source.name) == "image" for source in sources
        ):
            # A picture alone may be part of a stored e-paper page: their markup says (inbox.page_of_picture).
            joined = pc.or_(joined, pc.match_substring_regex(held["file"], HTML_FILE))
        involved = set(held.filter(joined)["page"].to_pylist())
        if not involved:
            break
        files = sorted(
            files
            + [
                inbox.InboxFile(
                    listing.path(row["file"]), row["file_sha256"], row["size"], row["mtime_ns"], row["file"]
                )
                for row in processed.rows("page", involved)
            ],
            key=lambda file: file.name,
        )
        held = held.filter(pc.invert(among(held["page"], involved)))
    notices += passed_over
    unique, duplicates = inbox.split_duplicates(sources)
    return unique, duplicates, held


def _rows_of_no_page(input_dir: Path, manifest: extract.Manifest, names: set[str], held: pa.Table) -> list[str]:
    """A line for each manifest row that names no page of the inbox (now or any more). A page is
    named by its file, or (an e-paper page of several files) by the page's name: `names` holds both
    for the pages looked at, `held` for the others."""
    rows = [name for name in manifest.entries if name not in names and name != extract.FOLDER_ROW]
    named = held.filter(pc.or_(among(held["file"], rows), among(held["page"], rows)))
    names_held = set(named["file"].to_pylist()) | set(named["page"].to_pylist())
    return [
        f"{input_dir / extract.MANIFEST}: line {manifest.lines[name]}: {name} is not a page file of the inbox"
        for name in rows
        if name not in names_held
    ]


def _from_inbox(page: PageRow, inbox_root: str) -> bool:
    """Was this stored page read from the inbox folder `inbox_root`?

    Pages stored before `pages.inbox` existed say it by their source path (read
    from the working folder); one that says neither is left alone.
    """
    if page.get("inbox"):
        return page["inbox"] == inbox_root
    source = page.get("source_path")
    return bool(source) and Path(inbox_root) in Path(str(source)).resolve().parents


def _retire_gone_pages(
    warehouse: Warehouse,
    report: RunReport,
    processed: ProcessedIndex,
    plan: InboxPlan,
    prune: bool,
    inbox_root: str,
) -> None:
    """Settle the stored pages of this inbox whose file name is no longer among the folder's distinct pages.

    - its content is now under another name (a renamed file, or a name that now
      holds a copy of another file): removed, since that content is stored once;
    - otherwise the file is gone: marked deleted in `pages` (rows kept), or removed with `prune`.

    Pages read from other inbox folders (a warehouse fed by one inbox per paper) are left as they are.
    """
    stored = warehouse.stored_page_array()
    in_inbox = pc.or_(pc.is_in(stored, value_set=plan.unchanged_files["stem"]), among(stored, plan.stem_of.values()))
    gone = sorted(set(stored.filter(pc.invert(in_inbox)).to_pylist()))
    if not gone:
        return
    kept_by_content = dict(
        zip(plan.unchanged_files["sha256"].to_pylist(), plan.unchanged_files["page"].to_pylist(), strict=True)
    )
    kept_by_content |= {file.sha256: file.name for file in plan.pages_read}
    removed = []
    for stem in gone:
        [page] = cast(list[PageRow], warehouse.read_stem("pages", stem))
        if not _from_inbox(page, inbox_root):
            continue
        now_under = kept_by_content.get(page["sha256"])
        if now_under or prune:
            removed.append(stem)
            processed.forget([stem])
            reason = f"its content is stored as {now_under}" if now_under else f"no longer in {report.input_dir}"
            report.notices.append(f"{stem}: removed from the warehouse ({reason})")
        elif warehouse.mark_deleted(stem):
            processed.forget([stem])  # if the file comes back, it is built again and unmarked
            report.notices.append(
                f"{stem}: file no longer in {report.input_dir}; "
                "marked deleted in pages (rows kept; --prune removes them)"
            )
    if removed:
        warehouse.delete_stored(*removed)  # one rewrite of each compacted file they were folded into
