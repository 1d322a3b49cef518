"""Scans: page images and image-only PDF pages, read by OCR into text in reading order.

1. The page as a grey image: an image file decoded, or a PDF page rendered at ocr.DPI.
2. Straightened: the small rotation of a scan is the angle at which the rows of ink line up best
   (the projection profile, measured on a reduced copy), and the page is turned back by it.
3. Lines by the OCR engine (rapidocr-onnxruntime: PP-OCRv4 detection and recognition, weights in
   its wheel, loaded once per process). Each detected box is cropped from the straightened page
   and recognised; a tall narrow box is a vertical headline: the pieces the detector cut it into
   are joined again, and it is cut into its glyphs at the white rows between them and read as
   one row. No direction classifier: pages are upright once straightened. Pictures are found
   as what is left dense with ink once the text lines are taken out, and the lines the detector
   found inside them (a building's windows, a photograph's texture) are dropped.
4. The engine's lines as layout lines (ocr.py), then the same layout reader as page PDFs
   (printed.read_lines).

This module loads OpenCV, NumPy and onnxruntime: the readers import it only when they read a scan
(extract/page.py, pdf.py), so that `gazette --help` and runs over text pages do not pay for them.
"""

from __future__ import annotations

import hashlib
import statistics
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
from gazette.extract.ocr import Box, Found, Timings, engine_lines, low_confidence, mean_confidence
from gazette.extract.printed import read_lines
from gazette.extract.text_layer import Line, Rule
from gazette.rows import PageFormat
from gazette.text import to_simplified

FORMAT: PageFormat = "image"
MAX_IMAGE_BYTES = 60 * 1024 * 1024  # a 400-dpi colour scan of a broadsheet page as TIFF
MAX_SKEW = 2.0  # degrees: a larger turn is no scanner's slip, and is left alone
SKEW_WIDTH = 1200  # pixels: the reduced copy the skew is measured on
INK = 128  # a grey level darker than this is ink
INK_ROW = 0.02  # a row of a line's box with this share of its width in ink holds glyphs
RULE_MIN_PIXELS = 100  # a rule is at least this long, and a RULE_SHARE of the page's shorter side
RULE_SHARE = 12
RULE_INK = 200  # a hairline rule, blurred by the scan, is lighter than type
RULE_THICKNESS = 8  # pixels: a line of ink this thin and that long is a rule
VERTICAL = 2.5  # a box this many times taller than wide is a vertical line
UPRIGHT = 0.8  # a box at least this many times as tall as wide may be a glyph of a vertical line
PICTURE_CELL = 4  # a picture is looked for in cells of this share of a line's height
PICTURE_SIDE = 6.0  # in line heights: a picture is at least this wide and tall
PICTURE_INK = 0.15  # a picture's box is at least this share ink, its text lines taken out
WIDE_LINE = 1.5  # a line this many times wider (for its height) than the page's usual line is read alone
GLYPH_SHAPE = 1.2  # a glyph is at most this many times as tall as its line is wide
GLYPH_PART = 0.6  # a run of ink shorter than this share of the line's width is a part of a glyph
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
    return join_vertical_pieces(out)


def _vertical(box: Box) -> bool:
    return box[3] - box[1] >= VERTICAL * (box[2] - box[0])


def join_vertical_pieces(boxes: list[Box]) -> list[Box]:
    """The detector's boxes with each vertical line whole: upright boxes (a glyph alone, a piece of
    a vertical line) stacked in one column less than a glyph apart are joined, where together they
    make a vertical line."""
    upright = [b for b in boxes if b[3] - b[1] >= UPRIGHT * (b[2] - b[0])]
    out = [b for b in boxes if b[3] - b[1] < UPRIGHT * (b[2] - b[0])]
    groups: list[list[Box]] = []
    for box in sorted(upright, key=lambda b: b[1]):
        group = next((g for g in groups if _stacked(g[-1], box)), None)
        if group is None:
            groups.append([box])
        else:
            group.append(box)
    for group in groups:
        union = (min(b[0] for b in group), group[0][1], max(b[2] for b in group), max(b[3] for b in group))
        out += [union] if len(group) > 1 and _vertical(union) else group
    return out


def _stacked(above: Box, below: Box) -> bool:
    """Whether `below` stands under `above` in its column, less than a glyph's width away."""
    width = min(above[2] - above[0], below[2] - below[0])
    overlap = min(above[2], below[2]) - max(above[0], below[0])
    return overlap >= 0.5 * width and below[1] - above[3] < width


def _crop(grey: np.ndarray, box: Box) -> np.ndarray:
    """A line's image as the recogniser reads it: a vertical line's glyphs set side by side."""
    x0, top, x1, bottom = (round(v) for v in box)
    crop = grey[max(top, 0) : bottom, max(x0, 0) : x1]
    if crop.shape[1] and crop.shape[0] >= VERTICAL * crop.shape[1]:
        crop = _glyphs_in_a_row(crop)
    return cv2.cvtColor(crop, cv2.COLOR_GRAY2BGR)


def _glyphs_in_a_row(crop: np.ndarray) -> np.ndarray:
    """A vertical line's glyphs side by side: cut at its white rows, a small run of ink (a stroke of
    三, 花's 艹, a speck) joined to its nearer neighbour while the two make a glyph no taller than
    GLYPH_SHAPE times the ink's width, each glyph centred in a square cell."""
    ink = crop < INK
    columns = np.flatnonzero(ink.any(axis=0))
    if not len(columns):
        return crop
    width = int(columns[-1] - columns[0] + 1)
    runs: list[list[int]] = []
    for row in np.flatnonzero(ink.any(axis=1)):
        if runs and row == runs[-1][1]:
            runs[-1][1] = int(row) + 1
        else:
            runs.append([int(row), int(row) + 1])
    merged = True
    while merged:  # each small run joins its nearer neighbour, while the two make one glyph
        merged = False
        for k, (start, end) in enumerate(runs):
            if end - start >= GLYPH_PART * width:
                continue
            near = sorted(
                (runs[m][0] - end if m > k else start - runs[m][1], m)
                for m in (k - 1, k + 1)
                if 0 <= m < len(runs) and max(end, runs[m][1]) - min(start, runs[m][0]) <= GLYPH_SHAPE * width
            )
            if near:
                m = near[0][1]
                runs[min(k, m) : max(k, m) + 1] = [[min(start, runs[m][0]), max(end, runs[m][1])]]
                merged = True
                break
    side = max(width, *(end - start for start, end in runs)) + width // 4
    cells = []
    for start, end in runs:
        glyph = crop[start:end, columns[0] : columns[-1] + 1]
        top, left = (side - glyph.shape[0]) // 2, (side - glyph.shape[1]) // 2
        cell = np.full((side, side), 255, np.uint8)
        cell[top : top + glyph.shape[0], left : left + glyph.shape[1]] = glyph
        cells.append(cell)
    return np.hstack(cells)


def recognise(grey: np.ndarray, boxes: list[Box]) -> list[tuple[str, float]]:
    """Each box's text and the engine's confidence in it.

    The engine reads lines in batches taken in order of width, each padded to its widest line, and
    its cost grows faster than the width: a line far wider than the others (a caption across the
    page) is read in a batch of its own, not padding fifteen column lines to its width."""
    if not boxes:
        return []
    crops = [_crop(grey, box) for box in boxes]
    ratios = [crop.shape[1] / max(crop.shape[0], 1) for crop in crops]
    usual = statistics.median(ratios)
    wide = [k for k, ratio in enumerate(ratios) if ratio > WIDE_LINE * usual]
    read: dict[int, tuple[str, float]] = {}
    for group in ([k for k in range(len(crops)) if k not in wide], *([k] for k in wide)):
        if group:
            results, _ = engine().text_rec([crops[k] for k in group])
            read.update((k, (str(text), float(score))) for k, (text, score, *_) in zip(group, results, strict=True))
    return [read[k] for k in range(len(crops))]


def ink_height(grey: np.ndarray, box: Box) -> float:
    """The height of the ink in a line's box: its glyphs' height, which the detector's box (padded
    by an amount that varies with the line's length) only approximates."""
    x0, top, x1, bottom = (round(v) for v in box)
    crop = grey[max(top, 0) : bottom, max(x0, 0) : x1]
    if not crop.size:
        return float(bottom - top)
    rows = np.flatnonzero((crop < INK).sum(axis=1) >= max(2, INK_ROW * crop.shape[1]))
    return float(rows[-1] - rows[0] + 1) if len(rows) else float(bottom - top)


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
        pictures = picture_regions(grey, boxes)
        boxes = [box for box in boxes if not any(_inside(box, picture) for picture in pictures)]
    with timings.part("recognition"):
        texts = recognise(grey, boxes)
    found = []
    for box, (text, score) in zip(boxes, texts, strict=True):
        vertical = _vertical(box)
        size = box[2] - box[0] if vertical else ink_height(grey, box)
        found.append(Found(box, text, score, size, vertical))
    return engine_lines(found, scale), rules


def picture_regions(grey: np.ndarray, boxes: list[Box]) -> list[Box]:
    """The boxes of the page's pictures: with the text lines found taken out, the areas still dense
    with ink (a photograph's screen of dots), at least PICTURE_SIDE line heights each way."""
    heights = [box[3] - box[1] for box in boxes if not _vertical(box)]
    if not heights:
        return []
    line = statistics.median(heights)
    ink = (grey < INK).astype(np.uint8)
    for x0, top, x1, bottom in boxes:
        ink[max(round(top), 0) : round(bottom) + 1, max(round(x0), 0) : round(x1) + 1] = 0
    step = max(1, round(line / PICTURE_CELL))
    cells = cv2.resize(ink * 255, None, fx=1 / step, fy=1 / step, interpolation=cv2.INTER_AREA) > 0
    # opened first: a rule, a speck or what is left of a glyph is thinner than three cells
    kernel = np.ones((3, 3), np.uint8)
    solid = cv2.morphologyEx(cv2.morphologyEx(cells.astype(np.uint8), cv2.MORPH_OPEN, kernel), cv2.MORPH_CLOSE, kernel)
    count, _, stats, _ = cv2.connectedComponentsWithStats(solid, connectivity=8)
    pictures = []
    for x, y, w, h, _ in stats[1:count]:
        box = (float(x * step), float(y * step), float((x + w) * step), float((y + h) * step))
        if min(w, h) * step >= PICTURE_SIDE * line:
            share = ink[round(box[1]) : round(box[3]), round(box[0]) : round(box[2])].mean()
            if share >= PICTURE_INK:
                pictures.append(box)
    return pictures


def _inside(box: Box, picture: Box) -> bool:
    """Whether most of `box` lies within `picture`."""
    width = min(box[2], picture[2]) - max(box[0], picture[0])
    height = min(box[3], picture[3]) - max(box[1], picture[1])
    return width > 0 and height > 0 and width * height >= 0.5 * (box[2] - box[0]) * (box[3] - box[1])


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
