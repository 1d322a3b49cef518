"""`make bench-pages`: how well, and how fast, pages as printed are read.

    .venv/bin/python -m benchmarks.pages                 # 12 adversarial PDFs
    .venv/bin/python -m benchmarks.pages --pdfs 40

PDFs: adversarial pages drawn by tests/printed_pages.py (articles running on across columns,
digits in a second font, CID fonts that are not embedded, pictures with captions, a vertical
headline, an advertisement, jump lines, credits, the editors' line), each read by
`process_page`; every printed body is scored by difflib's ratio against the stored body of
its headline, whitespace removed. Prints the mean and the minimum, and the worst articles.
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
    from pipelines.pipeline import process_page
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


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pdfs", type=int, default=12, help="adversarial page PDFs to draw and read")
    args = parser.parse_args(argv)
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # tests/ draws the pages
    with tempfile.TemporaryDirectory() as workdir:
        started = time.perf_counter()
        scores = pdf_scores(args.pdfs, Path(workdir))
        seconds = time.perf_counter() - started
    values = [score for score, _, _ in scores]
    print(f"## Printed PDFs ({args.pdfs} pages, {len(values)} articles, {seconds / args.pdfs:.2f} s a page)\n")
    print(f"body similarity: mean {statistics.mean(values):.3f}, min {min(values):.3f}")
    for score, seed, headline in sorted(scores)[:5]:
        print(f"- {score:.3f} page {seed}: {headline}")


if __name__ == "__main__":
    main()
