"""Which inbox files the last runs rejected, so a re-run repeats only what is news.

A rejection is its one-line message (the file and the reason) and, for a page that was read,
the content hash it was rejected with. A re-run that rejects a file again with the same message
and the same content says so in one summary line instead of printing it again, and only a new
or changed rejection makes the run fail. A file that cannot be read at all is "the same" while
its message is.

The record is a small JSON file beside gazette.duckdb (always on this machine), one entry per
inbox folder, rewritten whole by each run (written beside and renamed: a crash leaves the old one).
"""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import os
from dataclasses import dataclass, field
from pathlib import Path

FILE = ".rejected.json"


@dataclass
class Rejections:
    """This run's rejections, settled against the record of the runs before."""

    new: list[str] = field(default_factory=list)  # rejected now, and not (or not as it is) before: printed
    still: list[str] = field(default_factory=list)  # rejected before as they are now: summarised
    since: str | None = None  # when the earliest of `still` was first rejected (ISO, UTC, to the minute)


def _now() -> str:
    return dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M UTC")


def _read(path: Path) -> dict[str, dict[str, dict[str, str]]]:
    """The record; a missing or unreadable one is empty (every rejection is then printed once more)."""
    try:
        record = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return record if isinstance(record, dict) else {}


def _write(path: Path, record: dict) -> None:
    temp = path.with_name(f"{path.name}.{os.getpid()}.tmp")
    try:
        temp.write_text(json.dumps(record, ensure_ascii=False, indent=1, sort_keys=True), encoding="utf-8")
        os.replace(temp, path)
    finally:
        with contextlib.suppress(FileNotFoundError):
            temp.unlink()


def settle(folder: Path, inbox: str, rejected: dict[str, str], now: str | None = None) -> Rejections:
    """Compare this run's rejections of the inbox `inbox` (message -> content hash, "" when the file
    could not be read) with those recorded in `folder`, and record this run's in their place."""
    path = folder / FILE
    record = _read(path)
    before = record.get(inbox, {})
    now = now or _now()
    settled, kept = Rejections(), {}
    for message, sha256 in rejected.items():
        earlier = before.get(message)
        if isinstance(earlier, dict) and earlier.get("sha256") == sha256 and earlier.get("since"):
            settled.still.append(message)
            kept[message] = earlier
        else:
            settled.new.append(message)
            kept[message] = {"sha256": sha256, "since": now}
    settled.since = min((kept[message]["since"] for message in settled.still), default=None)
    if kept or inbox in record:
        if kept:
            record[inbox] = kept
        else:
            del record[inbox]
        _write(path, record)
    return settled
