"""A bookkeeping table keyed by page stem, saved as the changes since it was written whole
(the processed index, the global sources): at 100,000 pages a run that adds one page writes
its rows, not the 100,000 others again (0.1 s a table).

    <name>.parquet                the base: the whole table; its footer names the last change it holds
    <name>.changes/<n>.parquet    change n: the rows of the stems its footer lists (a stem listed
                                  without rows was dropped)
    <name>.pending                the table no longer says what it describes (see mark_pending)

A read applies to the base the changes after its last one, in order. Once FOLD_AT changes
wait, or a change would hold an eighth of the table, the table is written whole as the new
base, and the changes it holds are removed after it: killed in between, the next read skips
the changes the base holds. Every file is written atomically (pipelines.storage.files), so a
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

from pipelines.storage.files import delete_if_there, write_atomically
from pipelines.storage.store import among

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

    def save(self, table: pa.Table, changed: Collection[str] | None) -> None:
        """Save the table (with a column `stem`): as one change, the rows of the stems `changed`
        since it was read whole and intact; whole when `changed` is None (not read, or read
        unreadable), FOLD_AT changes wait, or the change would hold an eighth of the table.
        The table is no longer pending."""
        changes = self._changes()
        through = self._through()
        if changed is not None and through is not None and len(changes) < FOLD_AT and len(changed) * 8 < len(table):
            if changed:
                rows = table.filter(among(table["stem"], changed))
                number = max([through, *changes]) + 1
                metadata = {STEMS_KEY: json.dumps(sorted(changed)).encode()}
                self._write(f"{self.changes_dir}/{number:09d}.parquet", rows.replace_schema_metadata(metadata))
        else:
            last = max(changes, default=through or 0)
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

    def _through(self) -> int | None:
        """The last change the base holds; None without a readable base."""
        with contextlib.suppress(OSError, pa.ArrowException, ValueError):
            metadata = pq.read_schema(self.path, filesystem=self.fs).metadata or {}
            return int(metadata.get(THROUGH_KEY, b"0"))
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
    kept = base.filter(pc.invert(among(base["stem"], replaced))) if replaced else base
    return pa.concat_tables([kept, *reversed(parts)])
