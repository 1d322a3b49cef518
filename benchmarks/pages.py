"""`make bench-pages`: how well, and how fast, pages as printed are read.

    .venv/bin/python -m benchmarks.pages                 # 12 adversarial PDFs, 2 scans, 2 with a picture
    .venv/bin/python -m benchmarks.pages --pdfs 40 --scans 4 --font /path/to/another-cjk.ttc

PDFs: adversarial pages drawn by tests/printed_pages.py (articles running on across columns,
digits in a second font, CID fonts that are not embedded, pictures with captions, a vertical
headline, an advertisement, jump lines, credits, the editors' line), each read by
`process_page`; every printed body is scored by difflib's ratio against the stored body of
its headline, whitespace removed. Prints the mean and the minimum, and the worst articles.

Scans: a broadsheet page at 200 dpi in 3 columns (tests/scanned_pages.py), turned by up to
0.6 degrees, blurred and speckled, in a font the tests do not use where fontconfig lists one
(else the second face of theirs, or --font), read by `process_page` as a PNG; its bodies scored
the same way, and its headlines counted where found as printed. --picture-scans adds pages with
a picture story under the columns: a halftone photograph with a building's windows, its
headline set vertically beside it, its caption under both. Seconds a page, wall and CPU, and
what each part costs (decode, deskew, detection, recognition, layout); the OCR engine is loaded
before the clock starts (once per worker).
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path


def pdf_scores(count: int, workdir: Path) -> list[tuple[float, int, str]]:
    """(score, seed, headline) of every printed article on `count` drawn pages."""
    from gazette.pipeline import process_page
    from tests.printed_pages import body_scores, draw_printed_page

    scores = []
    for seed in range(count):
        path = workdir / f"printed_{seed}.pdf"
        known = draw_printed_page(path, seed)
        found = process_page(path)["articles"]
        scores += [
            (score, seed, truth.headline)
            for score, truth in zip(body_scores(found, known), known.articles, strict=True)
        ]
    return scores


def report_pdfs(count: int) -> None:
    with tempfile.TemporaryDirectory() as workdir:
        started = time.perf_counter()
        scores = pdf_scores(count, Path(workdir))
        seconds = time.perf_counter() - started
    values = [score for score, _, _ in scores]
    print(f"## Printed PDFs ({count} pages, {len(values)} articles, {seconds / count:.2f} s a page)\n")
    print(f"body similarity: mean {statistics.mean(values):.3f}, min {min(values):.3f}")
    for score, seed, headline in sorted(scores)[:5]:
        print(f"- {score:.3f} page {seed}: {headline}")


def scan_font(given: Path | None) -> tuple[Path, int]:
    """(font file, face): the one given, else a CJK font other than the tests', else the tests' second face."""
    import subprocess

    from tests.fonts import cjk_font

    if given:
        return given, 0
    tests_font = cjk_font()
    if tests_font is None:
        raise SystemExit("scans need a CJK font: none listed by fontconfig (give --font)")
    listed = subprocess.run(["fc-list", ":lang=zh", "file"], capture_output=True, text=True, check=False).stdout
    others = sorted({Path(line.strip().rstrip(":")) for line in listed.splitlines() if line.strip()} - {tests_font})
    return (others[0], 0) if others else (tests_font, 1)


def draw_degraded_scan(seed: int, path: Path, font: tuple[Path, int], picture_story: bool = False):
    """A broadsheet page drawn at 200 dpi in 3 columns (with a picture story under them), turned
    by up to 0.6 degrees, blurred and speckled, saved as `path` (PNG); its known articles."""
    import random

    from tests.scanned_pages import BROADSHEET_200DPI, degrade, draw_scan

    image, known = draw_scan(seed, BROADSHEET_200DPI, font[0], font[1], picture_story=picture_story)
    angle = random.Random(seed).uniform(-0.6, 0.6)
    degrade(image, seed, angle, blur=0.8, specks=0.0003).save(path)
    return known


def scan_scores(
    count: int, workdir: Path, font: tuple[Path, int], picture_story: bool = False
) -> tuple[list[tuple[float, int, str, bool]], list]:
    """(score, seed, headline, whether that headline was found) of every article on `count` drawn
    scans, and each scan's Timings."""
    from gazette.clean import clean_page
    from gazette.extract.ocr import Timings
    from gazette.extract.scan import engine, read_image
    from gazette.split import split_extracted
    from tests.printed_pages import body_scores, squeeze

    engine()  # loaded once per worker, before any page is timed
    scores, timings = [], []
    for seed in range(count):
        path = workdir / f"scan_{seed}.png"
        known = draw_degraded_scan(seed, path, font, picture_story)
        timing = Timings()
        with timing.part("page"):
            page = read_image(path, timings=timing)
        timings.append(timing)
        found = split_extracted(page.row, clean_page(page.text), page.regions).articles
        headlines = {squeeze(article["headline"] or "") for article in found}
        scores += [
            (score, seed, truth.headline, squeeze(truth.headline) in headlines)
            for score, truth in zip(body_scores(found, known), known.articles, strict=True)
        ]
    return scores, timings


def report_scans(scores: list[tuple[float, int, str, bool]], timings: list, font: tuple[Path, int], title: str) -> None:
    values = [score for score, *_ in scores]
    pages = len(timings)
    drawn = f"{pages} pages at 200 dpi, 3 columns, {len(values)} articles; font {font[0].name} face {font[1]}"
    print(f"\n## {title} ({drawn})\n")
    print(f"body similarity: mean {statistics.mean(values):.3f}, min {min(values):.3f}")
    print(f"headlines found as printed: {sum(found for *_, found in scores)} of {len(scores)}")
    for score, seed, headline, _ in sorted(scores)[:3]:
        print(f"- {score:.3f} scan {seed}: {headline}")
    missed = [f"scan {seed}: {headline}" for _, seed, headline, found in scores if not found]
    if missed:
        print(f"- headlines not found: {'; '.join(missed)}")
    print("\n| part | wall s/page | CPU s/page |\n|---|---|---|")
    for part in ["decode", "deskew", "detection", "recognition", "layout", "page"]:
        wall = statistics.mean(t.wall.get(part, 0.0) for t in timings)
        cpu = statistics.mean(t.cpu.get(part, 0.0) for t in timings)
        print(f"| {part} | {wall:.2f} | {cpu:.2f} |")


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pdfs", type=int, default=12, help="adversarial page PDFs to draw and read (0 skips them)")
    parser.add_argument("--scans", type=int, default=2, help="scanned pages to draw, degrade and read by OCR")
    parser.add_argument(
        "--picture-scans",
        type=int,
        default=2,
        help="scans with a picture story (a vertical headline) under the columns",
    )
    parser.add_argument("--font", type=Path, help="the scans' CJK font (default: one the tests do not use)")
    args = parser.parse_args(argv)
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # tests/ draws the pages
    if args.pdfs:
        report_pdfs(args.pdfs)
    for count, picture_story, title in (
        (args.scans, False, "Scans"),
        (args.picture_scans, True, "Scans with a picture"),
    ):
        if count:
            font = scan_font(args.font)
            with tempfile.TemporaryDirectory() as workdir:
                scanned, timings = scan_scores(count, Path(workdir), font, picture_story)
            report_scans(scanned, timings, font, title)


if __name__ == "__main__":
    main()
