"""A bookkeeping table keyed by page stem, saved as the changes since it was written whole
(the processed index, the global sources): at 100,000 pages a run that adds one page writes
its rows, not the 100,000 others again (0.1 s a table).

    <name>.parquet                the base: the whole table; its footer names the last change it holds
    <name>.changes/<n>.parquet    change n: the rows of the stems its footer lists (a stem listed
                                  without rows was dropped)
    <name>.pending                the table no longer says what it describes (see mark_pending)

A read applies to the base the changes after its last one, in order. Once FOLD_AT changes
wait, or a change would hold an eighth of the table, the table is saved whole as the new
base, and the changes it holds are removed after it: killed in between, the next read skips
the changes the base holds. Every file is written atomically (gazette.storage.files), so a
reader sees each change or the base before or after, never half of one. Reads and saves are
made under the warehouse's lock.
"""

from __future__ import annotations

import contextlib
import json
from collections.abc import Callable, Collection

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.fs as pafs
import pyarrow.parquet as pq

from gazette.storage.files import delete_if_there, write_atomically
from gazette.storage.store import among

STEMS_KEY = b"gazette.stems"  # a change's footer: the stems whose rows it replaces (JSON)
THROUGH_KEY = b"gazette.changes_through"  # the base's footer: the last change it holds
FOLD_AT = 16  # changes kept before the table is written whole: each read applies them all

Reader = Callable[[str], pa.Table]  # one file (the base or a change) as the table's schema


class StemTable:
    def __init__(self, fs: pafs.FileSystem, path: str):
        self.fs, self.path = fs, path
        name = path.removesuffix(".parquet")
        self.changes_dir, self.pending_path = f"{name}.changes", f"{name}.pending"

    def read(self, read_file: Reader) -> pa.Table | None:
        """The table as saved (`read_file` reads one of its files, with a column `stem`); None
        if it is missing, pending, or a file of it is unreadable."""
        if self.fs.get_file_info(self.pending_path).type != pafs.FileType.NotFound:
            return None
        through = self._through()
        if through is None:
            return None
        try:
            base = read_file(self.path)
            later = [
                (self._stems(path), read_file(path)) for number, path in self._changes().items() if number > through
            ]
        except (OSError, pa.ArrowException, ValueError, KeyError, TypeError):
            return None
        return _applied(base, later)

    def takes_change(self, changed: int) -> bool:
        """Whether a change of this many stems is saved as a change: the base is readable, fewer
        than FOLD_AT changes wait, and it holds less than an eighth of the base's rows. Else the
        table is saved whole."""
        base = self._base()
        return base is not None and len(self._changes()) < FOLD_AT and changed * 8 < base.num_rows

    def save_change(self, rows: pa.Table, changed: Collection[str]) -> None:
        """Save the rows of the stems `changed` since the table was read (whole and intact, and
        takes_change) as the next change. The table is no longer pending."""
        if changed:
            number = max([self._through() or 0, *self._changes()]) + 1
            metadata = {STEMS_KEY: json.dumps(sorted(changed)).encode()}
            self._write(f"{self.changes_dir}/{number:09d}.parquet", rows.replace_schema_metadata(metadata))
        delete_if_there(self.fs, self.pending_path)

    def save_whole(self, table: pa.Table) -> None:
        """Save the whole table as the new base, and remove the changes it holds. The table is no
        longer pending."""
        changes = self._changes()
        last = max(changes, default=self._through() or 0)
        self._write(self.path, table.replace_schema_metadata({THROUGH_KEY: str(last).encode()}))
        for number, path in changes.items():  # in order: killed half-way, the rest are skipped
            if number <= last:
                delete_if_there(self.fs, path)
        delete_if_there(self.fs, self.pending_path)

    def mark_pending(self) -> None:
        """The table no longer says what it describes (a write of that is under way): reads give
        None until the next save."""
        self.fs.create_dir(self.pending_path.rpartition("/")[0], recursive=True)
        with self.fs.open_output_stream(self.pending_path):
            pass

    # -- files ---------------------------------------------------------------------------------
    def _changes(self) -> dict[int, str]:
        """number -> path of each change, in order."""
        numbered = {}
        for info in self.fs.get_file_info(pafs.FileSelector(self.changes_dir, allow_not_found=True)):
            number, _, suffix = info.base_name.partition(".")
            if info.type == pafs.FileType.File and suffix == "parquet" and number.isdigit():
                numbered[int(number)] = info.path
        return dict(sorted(numbered.items()))

    def _base(self) -> pq.FileMetaData | None:
        """The base's footer; None without a readable base."""
        with contextlib.suppress(OSError, pa.ArrowException, ValueError):
            return pq.read_metadata(self.path, filesystem=self.fs)
        return None

    def _through(self) -> int | None:
        """The last change the base holds; None without a readable base."""
        base = self._base()
        with contextlib.suppress(ValueError):
            return None if base is None else int((base.metadata or {}).get(THROUGH_KEY, b"0"))
        return None

    def _stems(self, path: str) -> list[str]:
        return json.loads((pq.read_schema(path, filesystem=self.fs).metadata or {})[STEMS_KEY])

    def _write(self, path: str, table: pa.Table) -> None:
        # Snappy: written by every run that changes a page; zstd took twice as long.
        write_atomically(self.fs, path, lambda temp: pq.write_table(table, temp, filesystem=self.fs))


def _applied(base: pa.Table, changes: list[tuple[list[str], pa.Table]]) -> pa.Table:
    """The base with each change's stems replaced by its rows, in order (the base filtered once)."""
    replaced: set[str] = set()  # by a later change
    parts = []
    for stems, rows in reversed(changes):
        parts.append(rows.filter(pc.invert(among(rows["stem"], replaced))) if replaced else rows)
        replaced.update(stems)
    gone = among(base["stem"], replaced)
    if pc.any(gone).as_py():  # else the changes only added pages: the base is not copied
        base = base.filter(pc.invert(gone))
    return pa.concat_tables([base, *reversed(parts)])
