"""A page version as the inbox holds it: its files (InboxFile), the page they make (PageSource),
its content hash and its partition key.

The inbox finds them, the steps read them, storage records what a page was built from: they are
defined here, below all three.
"""

from __future__ import annotations

import functools
import hashlib
from dataclasses import dataclass
from pathlib import Path

KEY_SEPARATOR = "@"


def page_key(source_path: str, sha256: str) -> str:
    """A page version's partition key: its path in the inbox and the start of its content hash.

    The same bytes under the same path always get the same key; a changed file gets a new one.
    """
    return f"{source_path}{KEY_SEPARATOR}{sha256[:12]}"


def source_path_of(key: str) -> str:
    """The page (its path in the inbox) a partition key names a version of."""
    return key.rsplit(KEY_SEPARATOR, 1)[0]


def source_sha256(members: list[tuple[str, str]]) -> str:
    """The content hash of a page made of several files: one file's own hash, else a hash of
    every (name, hash) pair, so adding, removing or changing a file changes it."""
    if len(members) == 1:
        return members[0][1]
    digest = hashlib.sha256()
    for member, sha in sorted(members):
        digest.update(f"{member}\0{sha}\n".encode())
    return digest.hexdigest()


@dataclass(frozen=True)
class InboxFile:
    location: Path | str  # where it is (a walk gives a string, making no Path object per file)
    sha256: str
    size: int
    mtime_ns: int
    name: str  # the path relative to the inbox root, '/'-separated: what names the page

    @functools.cached_property
    def path(self) -> Path:
        return Path(self.location)

    @property
    def key(self) -> str:
        return page_key(self.name, self.sha256)

    @property
    def stat(self) -> tuple[int, int]:
        """What changes while a file is still being written."""
        return self.size, self.mtime_ns


@dataclass(frozen=True)
class PageSource:
    """One printed page as the inbox holds it: a page file, or the saved e-paper files of one 版.

    It answers what the run and the sensor ask of a file (name, sha256, key, stat, path).
    """

    name: str  # the file's name, or the page's (上饶日报_2024-01-01_01版, in its files' folder)
    files: tuple[InboxFile, ...]

    @functools.cached_property  # asked several times a page by each run, at 100,000 pages a run
    def sha256(self) -> str:
        if len(self.files) == 1:
            return self.files[0].sha256  # source_sha256 of one file, without building its list
        return source_sha256([(file.name, file.sha256) for file in self.files])

    @functools.cached_property
    def key(self) -> str:
        return page_key(self.name, self.sha256)

    @property
    def stat(self) -> tuple[tuple[int, int], ...]:
        """What changes while any of its files is still being written, or when one is added."""
        return tuple(file.stat for file in self.files)

    @property
    def path(self) -> Path:
        """The file, or (several files) the page's name in their folder: what messages name."""
        first = self.files[0].path
        return (
            first if len(self.files) == 1 and self.files[0].name == self.name else first.parent / Path(self.name).name
        )

    @property
    def size(self) -> int:
        return sum(file.size for file in self.files)

    @property
    def mtime_ns(self) -> int:
        return max(file.mtime_ns for file in self.files)

    @property
    def members(self) -> list[tuple[str, Path]]:
        return [(file.name, file.path) for file in self.files]

    @property
    def root(self) -> Path:
        """The inbox folder its files' names are relative to."""
        first = self.files[0]
        return first.path.parents[first.name.count("/")]
