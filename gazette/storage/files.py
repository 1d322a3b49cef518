"""Atomic files on a pyarrow file system: written beside the target under a hidden temp name,
then moved over it, so a reader sees the old file or the new one, never half of one.

Temp names start with "." and do not end in ".parquet", so neither the store's listings
nor a DuckDB glob pick them up.
"""

from __future__ import annotations

import contextlib
import json
import uuid
from collections.abc import Callable
from typing import Any

import pyarrow.fs as pafs


def temp_beside(target: str) -> str:
    folder, _, name = target.rpartition("/")
    return f"{folder}/.{name}.{uuid.uuid4().hex}.tmp"


def delete_if_there(fs: pafs.FileSystem, path: str) -> None:
    with contextlib.suppress(FileNotFoundError):
        fs.delete_file(path)


def write_atomically(fs: pafs.FileSystem, target: str, write: Callable[[str], None]) -> None:
    """`write(temp)` writes the new content; it then replaces `target` in one move."""
    fs.create_dir(target.rpartition("/")[0], recursive=True)
    temp = temp_beside(target)
    try:
        write(temp)
        fs.move(temp, target)
    finally:
        delete_if_there(fs, temp)


def read_json(fs: pafs.FileSystem, path: str) -> dict[str, Any] | None:
    """A bookkeeping file; None when missing or unreadable."""
    try:
        with fs.open_input_stream(path) as stream:
            data = json.loads(stream.read().decode("utf-8"))
    except (OSError, ValueError):
        return None
    return data if isinstance(data, dict) else None


def write_json(fs: pafs.FileSystem, path: str, data: dict[str, Any]) -> None:
    def write(temp: str) -> None:
        with fs.open_output_stream(temp) as stream:
            stream.write(json.dumps(data, ensure_ascii=False, sort_keys=True).encode("utf-8"))

    write_atomically(fs, path, write)
