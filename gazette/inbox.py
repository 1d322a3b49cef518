"""The inbox folder: which page files it holds, by content, and which of them a run must process.

Plain functions shared by `gazette run` and the Dagster sensor.

- The inbox is read with its subfolders (archives file pages by date: `20190226/01.txt`).
  A page is named by its path relative to the inbox root, '/'-separated, so
  `20190226/01.txt` and `20190227/01.txt` are two pages. Which files are pages is
  decided by one table, `gazette.extract.FORMATS` (suffixes in any case).
  Hidden entries (names starting with ".": editors' and copy tools' temp files) are
  passed over; anything else that is not a page is reported in one line, never silently.
- A page's partition key is that name plus the start of its content hash
  (`20190226/01.txt@1a2b3c4d5e6f`): the same bytes under the same name always get the
  same key, and a changed file gets a new one, so runs go to new or changed files only.
- The warehouse stores a page under its name (`Warehouse.write_page`, which makes a
  file-system-safe stem of it), so a changed file's rows replace the old ones instead
  of sitting beside them.
- The same bytes under two names are one page (`page_id` is the content hash):
  the first name in sorted order is stored, the others are reported as duplicates.
- The unit of all this is a page source (`page_sources`): one page file, or the saved
  e-paper HTML files of one printed page (one paper, date and 版), which each file names
  in its markup (gazette.extract.epaper). Such a page is named after what it is
  (`上饶日报_2024-01-01_01版`), its content hash covers every file's name and hash, so
  adding, changing or removing any of its files re-runs the page, and its files must
  all hold still before it runs. Everything below takes page sources; a text page is a
  source of one file under its own name and hash, exactly as before. The files of an
  e-paper page keep their names (paths in the inbox, `html/2024-11/06/content_279424.htm`,
  so a saved site mirror can be dropped in whole), and the page's name is in their folder
  (`html/2024-11/06/上饶日报_2024-11-06_01版`). A picture the page shows (its page image), or
  one in the folder a browser saved the page's pictures in, is one of its files, not a page
  (page_of_picture); a page image alone is a page, read by OCR.
"""

from __future__ import annotations

import hashlib
import os
from collections import defaultdict
from collections.abc import Iterable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from stat import S_ISREG
from typing import cast

import pyarrow as pa
import pyarrow.fs as pafs

from gazette import extract
from gazette.extract import KEY_SEPARATOR, source_path_of
from gazette.extract.epaper import page_identity
from gazette.extract.file_name import read_file_name
from gazette.page_source import InboxFile, PageSource

PAGE_SUFFIXES = tuple(extract.FORMATS)
LOCAL_FILES = pafs.LocalFileSystem()
# The walk's stats are shared among threads (at most this many), each given this many files at least.
STAT_THREADS, STAT_SHARE_FILES = 8, 5_000


@dataclass
class Listing:
    """What a walk through the inbox found.

    Its page files are three parallel lists, in the order walked (at 100,000 files, a dict
    entry and a tuple per file cost a quarter of a second a run): `table()` gives them to Arrow.
    """

    root: str  # the folder walked, as given
    names: list[str] = field(default_factory=list)  # each page file's name: its path in the inbox, '/'-separated
    sizes: list[int] = field(default_factory=list)  # its size, as the walk saw it
    mtimes_ns: list[int] = field(default_factory=list)  # its mtime
    vanished: list[str] = field(default_factory=list)  # page files gone before their stat: read_files reports them
    errors: list[str] = field(default_factory=list)  # page files that cannot be read: one line each, naming it
    skipped: list[str] = field(default_factory=list)  # entries that are not pages: one line each, naming it

    @property
    def within(self) -> str:
        """What a page file's name is put after to give its path (none under ".", as pathlib writes them)."""
        return "" if self.root == "." else self.root.rstrip("/") + "/"

    def path(self, name: str) -> str:
        """Where a page file of the listing is, as walked."""
        return self.within + name

    def to_read(self, walked: pa.Table | None = None) -> list[tuple[str, tuple[int, int] | None]]:
        """What read_files takes: (name, (size, mtime_ns)) of these walked files (rows of table(),
        every one by default), and (name, None) of the files gone before their stat, by name."""
        if walked is None:
            names, sizes, mtimes_ns = self.names, self.sizes, self.mtimes_ns
        else:
            names, sizes, mtimes_ns = (walked[column].to_pylist() for column in ("file", "size", "mtime_ns"))
        stats = zip(sizes, mtimes_ns, strict=True)
        return sorted([*zip(names, stats, strict=True), *((name, None) for name in self.vanished)])

    def table(self) -> pa.Table:
        """The page files with a stat: file (name), size, mtime_ns."""
        return pa.table(
            [pa.array(self.names, pa.string()), pa.array(self.sizes, pa.int64()), pa.array(self.mtimes_ns, pa.int64())],
            names=["file", "size", "mtime_ns"],
        )


def page_files(folder: Path | str) -> Listing:
    """The page files of a folder and its subfolders (the suffixes gazette.extract reads), in the order walked.

    Symbolic links are followed; a broken one, a loop or a folder reached twice is reported, not fatal.
    """
    listing, folders_seen = Listing(str(folder)), set()
    found: list[str] = []  # the page files' names, to stat all at once

    def report(path: str, name: str, reason: str) -> None:
        # A page that cannot be read is an error; anything else passed over is a notice.
        (listing.errors if extract.page_format(name) else listing.skipped).append(f"{path}: {reason}")

    def walk(directory: str, prefix: str) -> None:
        try:
            identity = (stat := os.stat(directory)).st_dev, stat.st_ino
            if identity in folders_seen:
                listing.skipped.append(f"{directory}: folder already read (a symbolic link back into the inbox)")
                return
            folders_seen.add(identity)
            with os.scandir(directory) as scanned:  # knows each entry's type without a stat
                entries = list(scanned)
        except OSError as exc:
            listing.errors.append(f"{directory}: cannot read folder: {exc.strerror}")
            return
        within = "" if directory == "." else directory.rstrip("/") + "/"  # paths as pathlib writes them
        for entry in entries:  # the common case first, in as few calls as can be: 100,000 files a run
            name = entry.name
            if name.startswith("."):
                continue
            try:
                is_file = entry.is_file()
                is_folder = not is_file and entry.is_dir()
            except OSError as exc:  # a symbolic link loop (ELOOP), or no permission to look
                report(within + name, name, f"cannot read: {exc.strerror}")
                continue
            # A name with a page suffix as it is is a page (no dot leads it): page_format is for the rest.
            if is_file and (name.lower().endswith(PAGE_SUFFIXES) or extract.page_format(name)):
                found.append(prefix + name)
            elif is_file:
                if not (name == extract.MANIFEST and not prefix):
                    report(within + name, name, f"not a page file ({', '.join(extract.FORMATS)}); skipped")
            elif is_folder:
                walk(within + name, f"{prefix}{name}/")
            else:
                report(within + name, name, "broken symbolic link" if entry.is_symlink() else "not a regular file")

    walk(str(folder), "")
    within = listing.within
    try:  # a page is named by its path: one that is not UTF-8 (a byte that was not decoded) cannot be stored
        "".join(found).encode()
    except UnicodeEncodeError:
        undecodable = {name for name in found if not _is_utf8(name)}
        for name in sorted(undecodable):
            shown = os.fsencode(within + name).decode("utf-8", "backslashreplace")
            listing.errors.append(f"{shown}: file name is not UTF-8; rename it to read the page")
        found = [name for name in found if name not in undecodable]
    sizes, mtimes_ns = _stats([within + name for name in found])
    if None in sizes:  # gone since, or no longer a file
        listing.vanished = [name for name, size in zip(found, sizes, strict=True) if size is None]
        kept = [i for i, size in enumerate(sizes) if size is not None]
        found, sizes, mtimes_ns = [found[i] for i in kept], [sizes[i] for i in kept], [mtimes_ns[i] for i in kept]
    listing.names, listing.sizes, listing.mtimes_ns = found, cast(list[int], sizes), cast(list[int], mtimes_ns)
    return listing


def _is_utf8(name: str) -> bool:
    try:
        name.encode()
    except UnicodeEncodeError:
        return False
    return True


def _stats(paths: list[str]) -> tuple[list[int | None], list[int | None]]:
    """The size and mtime_ns of each file, None for one that is gone or no longer a file.

    Arrow stats them without holding the GIL, a share of them on each CPU (100,000 files: 0.23 s
    on two, 0.35 s on one, against 0.6 s for an os.DirEntry.stat() each); a name it cannot take,
    or an error other than a file gone, has them stat one by one.
    """
    shares = max(1, min(os.cpu_count() or 1, STAT_THREADS, len(paths) // STAT_SHARE_FILES))
    size = -(-len(paths) // shares) or 1
    try:
        with ThreadPoolExecutor(shares) as threads:
            parts = threads.map(LOCAL_FILES.get_file_info, [paths[i : i + size] for i in range(0, len(paths), size)])
            infos = [info for part in parts for info in part]
        return [info.size for info in infos], [info.mtime_ns for info in infos]  # a folder's size is None
    except (OSError, UnicodeError, pa.ArrowException):
        pass
    sizes: list[int | None] = []
    mtimes_ns: list[int | None] = []
    for path in paths:
        try:
            stat = os.stat(path)
        except OSError:
            sizes.append(None)
            mtimes_ns.append(None)
            continue
        regular = S_ISREG(stat.st_mode)
        sizes.append(stat.st_size if regular else None)
        mtimes_ns.append(stat.st_mtime_ns if regular else None)
    return sizes, mtimes_ns


def file_sha256(path: Path | str) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as stream:
        for block in iter(lambda: stream.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def scan(
    folder: Path, known: dict[str, tuple[int, int, str]] | None = None
) -> tuple[list[InboxFile], list[str], list[str]]:
    """The page files of `folder` with their content hashes, one error line per page file that
    cannot be read, and one line per entry passed over because it is not a page.

    `known` maps page name -> (size, mtime_ns, sha256) from an earlier scan: a file
    whose size and mtime are unchanged is not read again.
    """
    listing = page_files(folder)
    files, errors = read_files(listing, listing.to_read(), known)
    return files, listing.errors + errors, listing.skipped


def read_files(
    listing: Listing,
    walked: Iterable[tuple[str, tuple[int, int] | None]],
    known: dict[str, tuple[int, int, str]] | None = None,
) -> tuple[list[InboxFile], list[str]]:
    """These page files of a listing, given as (name, (size, mtime_ns) as walked, or None where the
    walk found the file gone), with their content hashes (unless `known`, see scan), in that order,
    and one error line per file that cannot be read."""
    files, errors = [], []
    known = known or {}
    for name, stat in walked:
        path = listing.path(name)
        try:
            if stat is None:
                stat = (status := os.stat(path)).st_size, status.st_mtime_ns
            size, mtime_ns = stat
            cached = known.get(name)
            sha256 = cached[2] if cached and cached[:2] == (size, mtime_ns) else file_sha256(path)
        except OSError as exc:  # vanished or unreadable between listing and reading
            errors.append(f"{path}: cannot read: {exc.strerror}")
            continue
        files.append(InboxFile(path, sha256, size, mtime_ns, name))
    return files, errors


def page_sources(
    files: list[InboxFile], known: dict[tuple[str, str], str] | None = None, notices: list[str] | None = None
) -> list[PageSource]:
    """The printed pages the files make, by name: e-paper files grouped by the page their markup
    names (paper, date, 版, in one folder); every other file, and an e-paper file that names no
    page, is a page of its own; a picture that is part of a saved page (page_of_picture) joins it.

    `known` maps (name, sha256) of files seen before to the name of the page they made, so
    unchanged e-paper files are not parsed again (10 ms each). The pictures of a saved mirror
    that are part of no page are passed over with a line each in `notices`.
    """
    known = known or {}
    pages: dict[str, str] = {}  # file name -> the name of the page it is part of
    pictures: list[InboxFile] = []
    for file in files:
        page = known.get((file.name, file.sha256))
        file_format = extract.page_format(file.name)
        if page is None and file_format == "image":
            pictures.append(file)
            continue
        if page is None and file_format == "html":
            identity = page_identity(file.name, file.path, file.sha256)
            page = identity.name if identity else None
        pages[file.name] = page or file.name
    if pictures:
        shown = _pictures_shown(files, known)
        grouped = (name.split("/") for name, page in pages.items() if page != name)  # e-paper files
        mirrors = {"/".join(parts[:at]) for parts in grouped for at, part in enumerate(parts[:-1]) if part == "html"}
        for picture in pictures:
            page = page_of_picture(picture.name, pages, shown, mirrors)
            if page is not None:
                pages[picture.name] = page
            elif notices is not None:
                notices.append(f"{picture.path}: a picture of a saved e-paper site that no saved page shows; skipped")
    groups: dict[str, list[InboxFile]] = defaultdict(list)
    for file in files:
        if file.name in pages:
            groups[pages[file.name]].append(file)
    return sorted(
        (PageSource(name, tuple(sorted(members, key=lambda f: f.name))) for name, members in groups.items()),
        key=lambda source: source.name,
    )


def _pictures_shown(files: list[InboxFile], known: dict[tuple[str, str], str]) -> dict[str, str]:
    """picture name -> the page of the first e-paper file (by name) that shows or links it. Each
    e-paper file's markup is read (once per content in a process), known or not: only new pictures
    need it."""
    shown: dict[str, str] = {}
    for file in sorted(files, key=lambda f: f.name):
        if extract.page_format(file.name) == "html" and (identity := page_identity(file.name, file.path, file.sha256)):
            for picture in identity.pictures:
                shown.setdefault(picture, known.get((file.name, file.sha256), identity.name))
    return shown


def page_of_picture(name: str, pages: dict[str, str], shown: dict[str, str], mirrors: set[str]) -> str | None:
    """The page a picture is part of, by the first rule that holds:

    - an e-paper page of the inbox shows or links it (its page image): that page;
    - it is in the folder a browser saves a page's pictures in (`p_files/` beside `p.htm`): p's page;
    - it is in the `page/` folder of a saved site mirror (beside an `html/` folder of e-paper pages):
      None, part of the site but of no page;
    - else its own name: the picture is a page of its own (a scan).
    """
    if name in shown:
        return shown[name]
    parts = name.split("/")
    for at, part in enumerate(parts[:-1]):
        if part.endswith("_files"):
            saved = "/".join([*parts[:at], part.removesuffix("_files")])
            page = next((pages[saved + suffix] for suffix in (".htm", ".html") if saved + suffix in pages), None)
            if page is not None:
                return page
        if part == "page" and "/".join(parts[:at]) in mirrors:
            return None
    return name


def source_stats(sources: list[PageSource], seen: dict[str, tuple[int, int]]) -> dict[str, tuple]:
    """Each source's stat as it was when its files were last seen (`seen`: file name -> size, mtime)."""
    return {source.name: tuple(tuple(seen.get(file.name, ())) for file in source.files) for source in sources}


def split_duplicates(files: list[PageSource]) -> tuple[list[PageSource], list[tuple[PageSource, PageSource]]]:
    """The files with distinct content (first name of each content kept), and (duplicate, kept) pairs."""
    first_by_content: dict[str, PageSource] = {}
    unique, duplicates = [], []
    for file in sorted(files, key=lambda f: f.name):
        kept = first_by_content.setdefault(file.sha256, file)
        if kept is file:
            unique.append(file)
        else:
            duplicates.append((file, kept))
    return unique, duplicates


def root_of(page: Path, inbox: Path | None = None) -> Path:
    """The inbox a page file is in, as a run over it would have it (for a page named outside a run):
    `inbox` when the page is inside it; else the nearest folder above the page that holds a
    manifest.csv; else the nearest from which the page's path names a date (`2024/03/15/01.txt`);
    else the page's own folder."""
    page = Path(page).resolve()
    if inbox is not None and page.is_relative_to(Path(inbox).resolve()):
        return Path(inbox)
    for folder in page.parents:
        if (folder / extract.MANIFEST).is_file():
            return folder
    for folder in page.parents:
        if read_file_name(page.relative_to(folder).as_posix()).date is not None:
            return folder
    return page.parent


def _content(key: str) -> str:
    """The content-hash part of a partition key."""
    return key.rsplit(KEY_SEPARATOR, 1)[1]


@dataclass
class TickPlan:
    """What one look at the inbox asks for (see plan_tick)."""

    to_run: list[PageSource] = field(default_factory=list)  # new or changed: (add a partition and) run the page
    deleted: list[str] = field(default_factory=list)  # keys whose file left: mark the page deleted
    obsolete: list[str] = field(default_factory=list)  # keys of older versions of files now run again
    duplicates: list[tuple[PageSource, str]] = field(default_factory=list)  # (copy, name holding that content)
    waiting: list[str] = field(default_factory=list)  # names still being written
    requested: dict[str, str] = field(default_factory=dict)  # file name -> key of its latest version run


def plan_tick(
    files: list[PageSource], previous_stats: dict[str, tuple], requested: dict[str, str], known_keys: set[str]
) -> TickPlan:
    """Decide what a sensor tick requests, from the files now in the inbox.

    - A file is settled when its size and mtime are what the previous tick saw;
      one still being written waits for a later tick.
    - `requested` maps each file name to the key last run for it; a settled file
      whose key differs (new, changed, or back after being deleted) is run.
    - A file with the content of another file already run, under another name
      that is still in the inbox, is a duplicate: reported, not run.
    - A file name that was run and is no longer in the inbox is deleted.
    """
    plan = TickPlan(requested=dict(requested))
    present = {file.name for file in files}
    for name in sorted(set(requested) - present):
        plan.deleted.append(plan.requested.pop(name))

    for file in sorted(files, key=lambda f: f.name):
        if previous_stats.get(file.name) != file.stat:
            plan.waiting.append(file.name)
            continue
        if plan.requested.get(file.name) == file.key and file.key in known_keys:
            continue
        holder = next(
            (name for name, key in plan.requested.items() if name != file.name and _content(key) == _content(file.key)),
            None,
        )
        if holder is not None:
            plan.duplicates.append((file, holder))
            continue
        plan.to_run.append(file)
        plan.requested[file.name] = file.key
        plan.obsolete += sorted(key for key in known_keys if source_path_of(key) == file.name and key != file.key)
    return plan
