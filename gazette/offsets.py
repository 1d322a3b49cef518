"""Offsets from the cleaned page text back into the raw text, stored as runs.

Cleaning keeps most characters and drops or replaces a few, so the map from a clean
offset to a raw offset is a few runs of consecutive offsets: a run (clean, raw) says
that clean offsets from `clean` up to the next run's map to raw + (offset - clean).
Stored that way (`page_texts.raw_offset_runs`), the map costs bytes in proportion to
the changes cleaning made, not to the text. In SQL, gazette.duckdb's macro
`raw_offset(raw_offset_runs, clean_offset)` maps one offset.
"""

from __future__ import annotations

import bisect
from typing import TypedDict


class OffsetRun(TypedDict):
    clean: int
    raw: int


def offset_runs(raw_offsets: list[int]) -> list[OffsetRun]:
    """The runs of a per-character offset list (raw_offsets[i]: raw index of clean character i)."""
    runs: list[OffsetRun] = []
    for clean, raw in enumerate(raw_offsets):
        if not runs or raw != runs[-1]["raw"] + clean - runs[-1]["clean"]:
            runs.append({"clean": clean, "raw": raw})
    return runs


def raw_offset(runs: list[OffsetRun], clean_offset: int) -> int:
    """The raw offset of one clean offset."""
    run = runs[bisect.bisect_right([run["clean"] for run in runs], clean_offset) - 1]
    return run["raw"] + clean_offset - run["clean"]


def raw_offsets(runs: list[OffsetRun], length: int) -> list[int]:
    """The per-character list again, for a clean text of `length` characters."""
    bounds = [run["clean"] for run in runs[1:]] + [length]
    return [run["raw"] + i for run, end in zip(runs, bounds, strict=True) for i in range(end - run["clean"])]
