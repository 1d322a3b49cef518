"""Scans: page images and image-only PDF pages, read by OCR into text in reading order.

1. The page as a grey image: an image file decoded, or a PDF page rendered at DPI.
2. Straightened: the small rotation of a scan is the angle at which the rows of ink line up best
   (the projection profile, measured on a reduced copy), and the page is turned back by it.
3. Lines by the OCR engine (rapidocr-onnxruntime: PP-OCRv4 detection and recognition, weights in
   its wheel, loaded once per process). Each detected box is cropped from the straightened page
   and recognised; a tall narrow box is a vertical headline, cut into its glyphs and read as one
   row. No direction classifier: pages are upright once straightened.
4. The same layout reader as page PDFs (printed.read_lines), the box height standing for the font
   size: heights within a few per cent of one another are taken as one size, as a text layer
   gives one size to one font.

Every line keeps its box and the engine's confidence; the page's `ocr_confidence` is their mean,
and lines under LOW_CONFIDENCE are named, with where they are, in a page warning.
"""

from __future__ import annotations

import hashlib
import re
import statistics
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

import cv2
import numpy as np

from gazette.extract.base import (
    ExtractedPage,
    ManifestEntries,
    PageError,
    check_chinese,
    page_id_for,
    page_row,
    read_within,
    settle_issue,
)
from gazette.extract.masthead import read_masthead
from gazette.extract.printed import read_lines
from gazette.extract.printed_rules import printed_rules
from gazette.extract.text_layer import Char, Line, Rule
from gazette.rows import PageFormat
from gazette.text import to_simplified

FORMAT: PageFormat = "image"
MAX_IMAGE_BYTES = 60 * 1024 * 1024  # a 400-dpi colour scan of a broadsheet page as TIFF
DPI = 200  # image-only PDF pages are rendered at this resolution
MAX_SKEW = 2.0  # degrees: a larger turn is no scanner's slip, and is left alone
SKEW_WIDTH = 1200  # pixels: the reduced copy the skew is measured on
MIN_CONFIDENCE = 0.5  # a line the engine is less sure of is noise (speckle, a picture's texture)
LOW_CONFIDENCE = 0.8  # a line under this is kept and named in a page warning
SAME_SIZE = 0.08  # box heights within this share of one another are one font size
INK = 128  # a grey level darker than this is ink
INK_ROW = 0.02  # a row of a line's box with this share of its width in ink holds glyphs
RULE_MIN_PIXELS = 100  # a rule is at least this long, and a RULE_SHARE of the page's shorter side
RULE_SHARE = 12
RULE_INK = 200  # a hairline rule, blurred by the scan, is lighter than type
RULE_THICKNESS = 8  # pixels: a line of ink this thin and that long is a rule
VERTICAL = 2.5  # a box this many times taller than wide is a vertical line
ENGINE_THREADS = 2  # onnxruntime threads per worker process (workers are processes already)
ENGINE_PARAMETERS: dict[str, Any] = {
    "use_cls": False,
    "max_side_len": 4000,  # the engine would shrink a 200-dpi page: small body text would be lost
    "det_limit_type": "max",
    "det_limit_side_len": 2400,
    "rec_batch_num": 16,
    # Lines recognised at 32 pixels high, not the model's 48: a quarter of the time, and on a
    # degraded 200-dpi scan the same similarity (benchmarks/pages.py).
    "rec_img_shape": [3, 32, 320],
    "intra_op_num_threads": ENGINE_THREADS,
    "inter_op_num_threads": 1,
}

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


@cache
def engine() -> Any:
    """The OCR engine, loaded once per process (its weights ship in the wheel: no download)."""
    from rapidocr_onnxruntime import RapidOCR

    return RapidOCR(**ENGINE_PARAMETERS)


def skew(grey: np.ndarray) -> float:
    """The page's rotation in degrees (counter-clockwise positive), within ±MAX_SKEW: the angle
    that makes the rows of ink sharpest, coarse then fine."""
    scale = min(1.0, SKEW_WIDTH / grey.shape[1])
    small = cv2.resize(grey, None, fx=scale, fy=scale, interpolation=cv2.INTER_AREA)
    ink = (small < 160).astype(np.float32)
    centre = (ink.shape[1] / 2, ink.shape[0] / 2)

    def sharpness(angle: float) -> float:
        turned = cv2.warpAffine(ink, cv2.getRotationMatrix2D(centre, angle, 1.0), ink.shape[::-1])
        rows = turned.sum(axis=1)
        return float(np.square(np.diff(rows)).sum())

    best = max(np.arange(-MAX_SKEW, MAX_SKEW + 1e-6, 0.2), key=sharpness)
    return float(max(np.arange(best - 0.2, best + 0.2 + 1e-6, 0.04), key=sharpness))


def straighten(grey: np.ndarray, angle: float) -> np.ndarray:
    """The page turned back by `angle` degrees, white where the turn uncovers the border."""
    if abs(angle) < 0.02:
        return grey
    centre = (grey.shape[1] / 2, grey.shape[0] / 2)
    matrix = cv2.getRotationMatrix2D(centre, angle, 1.0)
    return cv2.warpAffine(grey, matrix, grey.shape[::-1], flags=cv2.INTER_LINEAR, borderValue=255)


def image_rules(grey: np.ndarray, scale: float) -> list[Rule]:
    """The page's rules (long thin lines of ink, across or down), in page coordinates: the layout
    parts columns along them, as it does along a PDF's drawn rules."""
    ink = (grey < RULE_INK).astype(np.uint8)
    length = max(RULE_MIN_PIXELS, min(grey.shape) // RULE_SHARE)
    rules = []
    for kernel, across in ((np.ones((length, 1), np.uint8), (1, 3)), (np.ones((1, length), np.uint8), (3, 1))):
        # widened by a pixel each side first: what is left of the turn bends a hairline by a pixel or two
        widened = cv2.dilate(ink, np.ones(across, np.uint8))
        opened = cv2.morphologyEx(widened, cv2.MORPH_OPEN, kernel)
        count, _, stats, _ = cv2.connectedComponentsWithStats(opened, connectivity=8)
        for x, y, w, h, _ in stats[1:count]:
            if min(w, h) <= RULE_THICKNESS:
                rules.append(Rule(x * scale, y * scale, (x + w) * scale, (y + h) * scale))
    return rules


def detect(grey: np.ndarray) -> list[Box]:
    """The boxes of the page's text lines (x0, top, x1, bottom, in pixels)."""
    boxes, _ = engine().text_det(cv2.cvtColor(grey, cv2.COLOR_GRAY2BGR))
    if boxes is None:
        return []
    out = []
    for quad in boxes:
        xs, ys = quad[:, 0], quad[:, 1]
        out.append((float(xs.min()), float(ys.min()), float(xs.max()), float(ys.max())))
    return out


def _crop(grey: np.ndarray, box: Box) -> np.ndarray:
    """A line's image as the recogniser reads it: a vertical line's glyphs set side by side."""
    x0, top, x1, bottom = (round(v) for v in box)
    crop = grey[max(top, 0) : bottom, max(x0, 0) : x1]
    width = crop.shape[1]
    if crop.shape[0] >= VERTICAL * width and width:
        cells = [crop[at : at + width] for at in range(0, crop.shape[0] - width // 2, width)]
        crop = np.hstack([np.pad(c, ((0, width - c.shape[0]), (0, 0)), constant_values=255) for c in cells])
    return cv2.cvtColor(crop, cv2.COLOR_GRAY2BGR)


def recognise(grey: np.ndarray, boxes: list[Box]) -> list[tuple[str, float]]:
    """Each box's text and the engine's confidence in it."""
    if not boxes:
        return []
    results, _ = engine().text_rec([_crop(grey, box) for box in boxes])
    return [(str(text), float(score)) for text, score, *_ in results]


def ink_height(grey: np.ndarray, box: Box) -> float:
    """The height of the ink in a line's box: its glyphs' height, which the detector's box (padded
    by an amount that varies with the line's length) only approximates."""
    x0, top, x1, bottom = (round(v) for v in box)
    crop = grey[max(top, 0) : bottom, max(x0, 0) : x1]
    if not crop.size:
        return float(bottom - top)
    rows = np.flatnonzero((crop < INK).sum(axis=1) >= max(2, INK_ROW * crop.shape[1]))
    return float(rows[-1] - rows[0] + 1) if len(rows) else float(bottom - top)


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


def ocr_page(grey: np.ndarray, scale: float, timings: Timings | None = None) -> tuple[list[Line], list[Rule]]:
    """A page image's text lines and rules, straightened and read by the engine, in page coordinates."""
    timings = timings or Timings()
    if not (grey < INK).any():  # a blank page
        return [], []
    with timings.part("deskew"):
        grey = straighten(grey, skew(grey))
        rules = image_rules(grey, scale)
    with timings.part("detection"):
        boxes = detect(grey)
    with timings.part("recognition"):
        texts = recognise(grey, boxes)
    found = []
    for box, (text, score) in zip(boxes, texts, strict=True):
        vertical = box[3] - box[1] >= VERTICAL * (box[2] - box[0])
        size = box[2] - box[0] if vertical else ink_height(grey, box)
        found.append(Found(box, text, score, size, vertical))
    return engine_lines(found, scale), rules


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


def decode_image(path: Path, content: bytes) -> np.ndarray:
    """A page image as grey pixels (the first frame of a TIFF); PageError when it does not decode."""
    grey = cv2.imdecode(np.frombuffer(content, np.uint8), cv2.IMREAD_GRAYSCALE)
    if grey is None or grey.size == 0:
        raise PageError(path, "not a readable image (JPEG, PNG or TIFF)")
    return grey


def read_image(
    path: Path,
    *,
    name: str | None = None,
    manifest: ManifestEntries | None = None,
    timings: Timings | None = None,
) -> ExtractedPage:
    """Read a page image by OCR into page text in reading order (coordinates in pixels)."""
    path = Path(path)
    name = name or path.name
    content = read_within(path, MAX_IMAGE_BYTES, "page image")
    timings = timings or Timings()
    with timings.part("decode"):
        grey = decode_image(path, content)
    lines, rules = ocr_page(grey, 1.0, timings)
    with timings.part("layout"):
        text, regions = read_lines(lines, rules, name)
    if not text.strip():
        raise PageError(path, "no text found by OCR")
    check_chinese(path, text)
    warnings = [f"{name}: {note}" for note in low_confidence(lines)]
    simplified = to_simplified(text)
    facts = settle_issue(path, name, read_masthead(simplified), manifest or {}, simplified)
    warnings += [f"{name}: {w}" for w in facts.issue.warnings]
    row = page_row(name, page_id_for(content), hashlib.sha256(content).hexdigest(), FORMAT, "ocr", facts, text)
    row["layout"] = "ocr-columns"
    row["ocr_confidence"] = mean_confidence(lines)
    row["page_width"], row["page_height"] = float(grey.shape[1]), float(grey.shape[0])
    row["warnings"] = warnings
    return ExtractedPage(row=row, text=text, warnings=warnings, regions=regions)
