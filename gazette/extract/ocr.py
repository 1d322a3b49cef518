"""OCR lines into layout lines: what the engine reads of a scan (scan.py), as lines with boxes for
the layout reader of printed pages (printed.read_lines), with the engine's confidence.

The box height stands for the font size: heights within a few per cent of one another are taken as
one size, as a text layer gives one size to one font. Every line keeps its confidence; a page's
`ocr_confidence` is their mean, and lines under LOW_CONFIDENCE are named, with where they are, in a
page warning. This module imports no image library, so that pages of text never load one.
"""

from __future__ import annotations

import re
import statistics
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field

from gazette.extract.printed_rules import printed_rules
from gazette.extract.text_layer import Char, Line

DPI = 200  # image-only PDF pages are rendered at this resolution
MIN_CONFIDENCE = 0.5  # a line the engine is less sure of is noise (speckle, a picture's texture)
LOW_CONFIDENCE = 0.8  # a line under this is kept and named in a page warning
SAME_SIZE = 0.08  # box heights within this share of one another are one font size

Box = tuple[float, float, float, float]


@dataclass
class Timings:
    """Seconds spent in each part of reading a scan, wall clock and this process's CPU (on a
    shared machine the CPU seconds say what a part costs; benchmarks/pages.py reports both)."""

    wall: dict[str, float] = field(default_factory=dict)
    cpu: dict[str, float] = field(default_factory=dict)

    @contextmanager
    def part(self, name: str) -> Iterator[None]:
        wall, cpu = time.perf_counter(), time.process_time()
        try:
            yield
        finally:
            self.wall[name] = self.wall.get(name, 0.0) + time.perf_counter() - wall
            self.cpu[name] = self.cpu.get(name, 0.0) + time.process_time() - cpu


def _sizes(heights: list[float]) -> list[float]:
    """Each height snapped to the median of its run of near-equal heights (one font size)."""
    order = sorted(range(len(heights)), key=heights.__getitem__)
    snapped = heights[:]
    run: list[int] = []
    for k in [*order, None]:
        if k is None or (run and heights[k] > heights[run[0]] * (1 + SAME_SIZE)):
            size = statistics.median(heights[i] for i in run) if run else 0.0
            for i in run:
                snapped[i] = size
            run = []
        if k is not None:
            run.append(k)
    return snapped


def despeckled(text: str) -> str:
    """A line's text without spaces and without the marks specks at its ends are read as (printed.yaml)."""
    noise = printed_rules().ocr_noise
    return noise.trailing.sub("", noise.leading.sub("", re.sub(r"\s", "", text)))


@dataclass
class Found:
    """A line as the engine found it: its box (pixels), text, confidence, and its glyphs' size."""

    box: Box
    text: str
    confidence: float
    size: float
    vertical: bool


def engine_lines(found: list[Found], scale: float) -> list[Line]:
    """The engine's lines as layout lines in page coordinates (pixels times `scale`): each glyph an
    equal share of its box (a vertical line's, of its height), all glyphs of one size."""
    kept = [f for f in found if despeckled(f.text) and f.confidence >= MIN_CONFIDENCE]
    lines = []
    for line, size in zip(kept, _sizes([f.size for f in kept]), strict=True):
        x0, top, x1, bottom = (v * scale for v in line.box)
        size *= scale
        glyphs = list(despeckled(line.text))
        chars = []
        for k, glyph in enumerate(glyphs):
            if line.vertical:
                step, mid = (bottom - top) / len(glyphs), (x0 + x1) / 2
                chars.append(Char(glyph, mid - size / 2, top + k * step, mid + size / 2, top + (k + 1) * step))
            else:
                step, mid = (x1 - x0) / len(glyphs), (top + bottom) / 2
                chars.append(Char(glyph, x0 + k * step, mid - size / 2, x0 + (k + 1) * step, mid + size / 2))
        lines.append(Line(chars=chars, vertical=line.vertical and len(chars) > 1, confidence=line.confidence))
    return lines


def low_confidence(lines: list[Line]) -> list[str]:
    """A warning naming the lines read with low confidence and where they are."""
    low = [line for line in lines if line.confidence is not None and line.confidence < LOW_CONFIDENCE]
    if not low:
        return []
    places = "; ".join(
        f"({line.box[0]:.0f},{line.box[1]:.0f}) {line.confidence:.2f} '{line.text[:12]}'" for line in low[:10]
    )
    more = f" and {len(low) - 10} more" if len(low) > 10 else ""
    return [f"{len(low)} OCR lines under confidence {LOW_CONFIDENCE} at (x,y): {places}{more}"]


def mean_confidence(lines: list[Line]) -> float | None:
    scores = [line.confidence for line in lines if line.confidence is not None]
    return round(statistics.mean(scores), 4) if scores else None
