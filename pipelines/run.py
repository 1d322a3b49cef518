"""A folder of page files into the warehouse: what `gazette run` does.

Only what changed is processed. A page is skipped when the warehouse holds it and
the last run built it from the same bytes, the same manifest entry and the same
rules (`rules_version`); changing a lexicon or a step therefore redoes every page.
A bad file is reported in one line naming it and the batch goes on; what the
warehouse already holds for that file stays as it was.
"""

from __future__ import annotations

import functools
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, cast

from pipelines import extract, inbox
from pipelines.errors import one_line
from pipelines.models import load_models
from pipelines.pipeline import process_page, refresh_officials, rules_version
from pipelines.rows import PageRow, TableRows
from pipelines.warehouse import Warehouse, page_stem
from pipelines.workers import worker_pool


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
    errors: list[str] = field(default_factory=list)  # one line per rejected file, naming it
    notices: list[str] = field(default_factory=list)  # duplicates, deletions, page warnings
    timings: dict[str, float] = field(default_factory=dict)  # seconds per step, summed over pages


# A worker process spends about 2.5 s starting (imports, jieba's dictionary): below this
# many pages to process, one process is faster.
POOL_MIN_PAGES = 40


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


def _processed(
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


def _built_from(record: dict[str, Any] | None) -> dict[str, Any] | None:
    """What a page was built from, out of its record in the processed index."""
    return record and {key: record.get(key) for key in ("sha256", "rules_version", "manifest")}


def _record(source: inbox.PageSource, built_from: dict[str, Any]) -> dict[str, Any]:
    """A page's record in the processed index: what it was built from, and its files' stats then."""
    return {
        **built_from,
        "file": source.name,
        "members": {file.name: [file.size, file.mtime_ns, file.sha256] for file in source.files},
    }


def _known_files(processed: dict[str, dict[str, Any]]) -> dict[str, tuple[int, int, str]]:
    """file name -> (size, mtime_ns, sha256) of every file the recorded pages were built from."""
    known = {}
    for entry in processed.values():
        if "members" in entry:
            known.update({name: tuple(stat) for name, stat in entry["members"].items()})
        elif "file" in entry and "size" in entry:  # a record written before pages had several files
            known[entry["file"]] = (entry["size"], entry["mtime_ns"], entry["sha256"])
    return known


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
        processed = warehouse.processed()
        # Stored files that are gone, unreadable or not as written: their pages are built again.
        damaged, problems = warehouse.check()
        report.notices += problems
        for stem in damaged:
            processed.pop(stem, None)
        stored = warehouse.stored_pages()
        # A file whose size and mtime are those recorded when its page was built is not hashed again.
        files, unreadable, skipped = inbox.scan(report.input_dir, known=_known_files(processed))
        report.files = len(files) + len(unreadable)
        if not report.files:  # an empty or mistyped folder: leave the warehouse alone, mark nothing deleted
            return report
        report.errors += unreadable
        report.notices += skipped
        # A page file, or the saved e-paper files of one printed page (see pipelines.inbox).
        pages_of = {
            f"{member}{extract.KEY_SEPARATOR}{stat[2]}": entry["file"]
            for entry in processed.values()
            for member, stat in entry.get("members", {}).items()
        }
        unique, duplicates = inbox.split_duplicates(inbox.page_sources(files, known=pages_of))
        report.notices += [f"{copy.path}: same content as {kept.name}; stored once" for copy, kept in duplicates]

        manifest = _checked_manifest(report, files, unique)
        built_from = {
            file.name: {
                "sha256": file.sha256,
                "rules_version": rules_version(),
                "manifest": extract.manifest_entry(manifest, file.name),
            }
            for file in unique
        }
        todo = [
            file
            for file in unique
            if not (
                page_stem(file.name) in stored
                and _built_from(processed.get(page_stem(file.name))) == built_from[file.name]
            )
        ]
        to_build = {file.name for file in todo}
        for file in unique:  # unchanged pages keep their record; its stat is refreshed for the next scan
            if file.name not in to_build:
                processed[page_stem(file.name)] = _record(file, built_from[file.name])
        report.unchanged = len(unique) - len(todo)
        if lost := sorted(damaged - {page_stem(file.name) for file in unique}):
            report.errors += [
                f"{stem}: stored rows lost and its page file is not in {report.input_dir}: "
                "put the file back and run again, or --prune to drop the page"
                for stem in lost
            ]

        try:
            for file, rows, reason, timings in track(_processed(todo, manifest, report.input_dir, workers), len(todo)):
                for step, seconds in timings.items():
                    report.timings[step] = report.timings.get(step, 0.0) + seconds
                if reason is not None:
                    report.errors.append(f"{file.path}: {reason}")
                    continue
                started = time.perf_counter()
                rows["pages"][0]["inbox"] = inbox_root
                warehouse.write_page(file.name, rows)
                report.timings["write"] = report.timings.get("write", 0.0) + time.perf_counter() - started
                processed[page_stem(file.name)] = _record(file, built_from[file.name])
                report.processed += 1
                report.articles += len(rows["articles"])
                report.figures += len(rows["economic_figures"])
                report.notices += [f"{report.input_dir}/{warning}" for warning in rows["pages"][0]["warnings"]]
                report.warnings += len(rows["pages"][0]["warnings"])
            _retire_gone_pages(warehouse, report, processed, unique, prune, inbox_root)
        finally:
            warehouse.save_processed(processed)  # what completed stays completed, even after a crash

        started = time.perf_counter()
        warehouse.compact()
        report.timings["compact"] = time.perf_counter() - started
        started = time.perf_counter()
        report.officials = refresh_officials(warehouse)["officials"].num_rows
        warehouse.refresh_duckdb(load_models())
        report.timings["officials+models"] = time.perf_counter() - started
    return report


def _checked_manifest(
    report: RunReport, files: list[inbox.InboxFile], sources: list[inbox.PageSource]
) -> extract.ManifestEntries:
    """The inbox's manifest entries; each problem with the manifest is an error, in one line; a line
    for a page that is not (or no longer) in the inbox is a notice. A page is named by its file,
    or (an e-paper page of several files) by the page's name."""
    manifest = extract.read_manifest(report.input_dir)
    report.errors += manifest.problems
    names = {file.name for file in files} | {source.name for source in sources}
    report.notices += [
        f"{report.input_dir / extract.MANIFEST}: line {manifest.lines[name]}: {name} is not a page file of the inbox"
        for name in manifest.entries
        if name not in names and name != extract.FOLDER_ROW
    ]
    return manifest.entries


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
    processed: dict[str, dict[str, Any]],
    unique: list[inbox.PageSource],
    prune: bool,
    inbox_root: str,
) -> None:
    """Settle the stored pages of this inbox whose file name is no longer among the folder's distinct pages.

    - its content is now under another name (a renamed file, or a name that now
      holds a copy of another file): removed, since that content is stored once;
    - otherwise the file is gone: marked deleted in `pages` (rows kept), or removed with `prune`.

    Pages read from other inbox folders (a warehouse fed by one inbox per paper) are left as they are.
    """
    kept_by_content = {file.sha256: file.name for file in unique}
    removed = []
    for stem in sorted(warehouse.stored_pages() - {page_stem(file.name) for file in unique}):
        [page] = cast(list[PageRow], warehouse.read_stem("pages", stem))
        if not _from_inbox(page, inbox_root):
            continue
        now_under = kept_by_content.get(page["sha256"])
        if now_under or prune:
            removed.append(stem)
            processed.pop(stem, None)
            reason = f"its content is stored as {now_under}" if now_under else f"no longer in {report.input_dir}"
            report.notices.append(f"{stem}: removed from the warehouse ({reason})")
        elif warehouse.mark_deleted(stem):
            processed.pop(stem, None)  # if the file comes back, it is built again and unmarked
            report.notices.append(
                f"{stem}: file no longer in {report.input_dir}; "
                "marked deleted in pages (rows kept; --prune removes them)"
            )
    if removed:
        warehouse.delete_stored(*removed)  # one rewrite of each month file they were folded into
