"""Article splitting on the dev set, in process: extract -> clean -> split (no enrich), scored.

    python -m benchmarks.dev_split [--dev ../shared/dev/rmrb] [--sample N] [--worst K] [--month 2019-02]
                                   [--flat]

Reads the dev pages (`pages/*.txt` and `labels.json`, see the folder's README) at run
time; nothing of them is kept in the repository. A predicted article matches a true one
by exactly the rule of `score_pages.py` (its `match_articles` is imported from the
folder's `../../eval/score_pages.py`, not copied). Prints precision, recall and F1 over
all pages, per month (the first seven characters of the file name) and the pages with the
most unmatched articles. Unlike `score_pages.py` it never rejects a page for what enrich
does, so it measures the split alone. `--flat` strips every line's indent first, as a
source that loses them would (OCR, copied text): what the heading grammars do alone.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import random
import re
import sys
import time
from collections import defaultdict
from pathlib import Path
from types import ModuleType

from gazette import clean, extract, split

REPO = Path(__file__).resolve().parent.parent
DEV = REPO.parent / "shared" / "dev" / "rmrb"


def load_scorer(dev: Path) -> ModuleType:
    """score_pages.py beside the dev folder (shared/eval/), imported as a module."""
    path = dev.parent.parent / "eval" / "score_pages.py"
    spec = importlib.util.spec_from_file_location("score_pages", path)
    if spec is None or spec.loader is None or not path.exists():
        raise FileNotFoundError(path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


INDENT = re.compile(r"^[ \t\u3000\u00a0]+", re.MULTILINE)


def split_file(path: Path, flat: bool = False) -> list[dict]:
    page = extract.read_page(path)
    text = INDENT.sub("", page.text) if flat else page.text
    return split.split_page(page.row, clean.clean_page(text)).articles


def prf(hits: int, predicted: int, true: int) -> tuple[float, float, float]:
    p, r = hits / max(predicted, 1), hits / max(true, 1)
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def line(label: str, hits: int, predicted: int, true: int) -> str:
    p, r, f1 = prf(hits, predicted, true)
    return f"{label}: articles P {p:.2f} R {r:.2f} F1 {f1:.2f} ({hits} matched, {predicted} predicted, {true} true)"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--dev", type=Path, default=DEV, help="the dev folder (pages/ and labels.json)")
    parser.add_argument("--sample", type=int, default=0, help="a random sample of N pages (fixed seed)")
    parser.add_argument("--month", help="only pages whose name starts with this (2019-02)")
    parser.add_argument("--worst", type=int, default=10)
    parser.add_argument("--flat", action="store_true", help="strip every line's indent first")
    args = parser.parse_args(argv)
    if not (args.dev / "labels.json").exists():
        print(f"dev_split: no dev set at {args.dev} (labels.json missing); pass --dev", file=sys.stderr)
        return 2
    scorer = load_scorer(args.dev)
    labels = json.loads((args.dev / "labels.json").read_text(encoding="utf-8"))
    names = sorted(n for n in labels if not args.month or n.startswith(args.month))
    if args.sample:
        names = sorted(random.Random(1).sample(names, min(args.sample, len(names))))
    totals: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0])
    worst = []
    started = time.perf_counter()
    for name in names:
        got = split_file(args.dev / "pages" / name, args.flat)
        want = labels[name]["articles"]
        hits = scorer.match_articles(got, want)
        for key in ("all", name[:7]):
            totals[key] = [a + b for a, b in zip(totals[key], (hits, len(got), len(want)), strict=True)]
        worst.append((len(want) + len(got) - 2 * hits, name, hits, len(got), len(want)))
    seconds = time.perf_counter() - started
    for _, name, hits, got, want in sorted(worst, reverse=True)[: args.worst]:
        print(f"  {name}: {hits} of {want} true articles matched, {got} predicted")
    for key in sorted(k for k in totals if k != "all"):
        print(line(key, *totals[key]))
    print(line(f"pages {len(names)}", *totals["all"]) + f" | {1000 * seconds / max(len(names), 1):.0f} ms a page")
    return 0


if __name__ == "__main__":
    sys.exit(main())
