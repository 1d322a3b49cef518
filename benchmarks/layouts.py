"""The split on the dev pages set in the layouts printed columns give: wrapped, packed, broken, credited, jumped.

    python -m benchmarks.layouts OUT [--dev ../shared/dev/rmrb] [--sample N] [--seeds 1,2,3]
                                     [--layouts asis,wrap,packed,...] [--month 2019-02]

Writes each layout of the dev pages (archive layout: headline block, blank line, indented
paragraphs) to `OUT/<layout>/pages/*.txt` with its `labels.json`, so `score_pages.py OUT/<layout>`
scores it like any folder, then splits every page in process (extract -> clean -> split) and
prints articles P/R/F1 by exactly score_pages.py's matching rule (imported, not copied) and the
split's milliseconds per page. OUT belongs outside the repository: the pages are the dev set's.

Layouts (each page gets its own column width, drawn from --widths by --seed):
- asis: the dev pages unchanged;
- wrap-sN: `wrap_pages.py --seed N` (widths 10-18), the shared harness's own layout;
- wide-sN: the same at widths 8-24;
- packed: no blank line between paragraphs, a blank line between articles only;
- headbreak: headlines wider than the column broken over lines like the body;
- credit: a credit line after the last paragraph (（记者 某某）, 据新华社电, （某某）, …);
- jump: two columns interleaved: an article's second half printed after the next article,
  as a column end followed by the next column's block reads.
"""

from __future__ import annotations

import argparse
import json
import random
import re
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

from benchmarks.dev_split import DEV, line, load_scorer, split_file

SURNAMES = "王李张刘陈杨黄赵周吴徐孙胡朱高林何郭马罗"
GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华"
Article = tuple[list[str], list[str]]  # headline lines, body paragraphs (indents stripped)


def read_articles(text: str) -> list[Article]:
    """A dev page's articles, read as wrap_pages.py reads them: an indented block is a body."""
    arts: list[Article] = []
    for block in (b for b in re.split(r"\n\s*\n", text.strip("\n")) if b.strip()):
        lines = [ln for ln in block.split("\n") if ln.strip()]
        if block.startswith("\u3000") and arts:
            arts[-1][1].extend(ln.strip(" \t\u3000\xa0") for ln in lines)
        else:
            arts.append(([ln.strip() for ln in lines], []))
    return arts


def wrap(text: str, width: int) -> list[str]:
    return [text[i : i + width] for i in range(0, len(text), width)] or [""]


def name(rng: random.Random) -> str:
    return rng.choice(SURNAMES) + "".join(rng.choice(GIVEN) for _ in range(rng.randint(1, 2)))


def credit_line(rng: random.Random) -> str:
    """A credit closing an article, from the grammar papers print them in."""
    forms = [
        lambda: f"（记者 {name(rng)}）",
        lambda: f"（本报记者 {name(rng)} {name(rng)}）",
        lambda: f"（新华社记者 {name(rng)}）",
        lambda: "据新华社电",
        lambda: f"（{name(rng)}）",
        lambda: "综合本报记者报道",
        lambda: f"（作者为{rng.choice(['北京大学', '某研究院', '中国社会科学院'])}教授）",
        lambda: f"本报记者 {name(rng)}摄",
    ]
    return rng.choice(forms)()


def render(arts: list[Article], rng: random.Random, width: int, layout: str, gap_by_article: bool = False) -> str:
    """One page of `arts` in `layout` at column `width`; `gap_by_article` draws the blank lines after each
    article anew (as wrap_pages.py does) instead of once for the page."""
    blocks: list[list[str]] = []  # printed blocks, a blank line between two
    for head, body in arts:
        head_lines = [w for h in head for w in wrap(h, width)] if layout == "headbreak" else head
        paras = [wrap(p, width) for p in body]
        if layout == "credit" and paras:
            credit = [credit_line(rng)]
            paras = [*paras[:-1], paras[-1] + credit] if rng.random() < 0.5 else [*paras, credit]
        if layout == "packed":
            blocks.append(head_lines + [ln for p in paras for ln in p])
        else:
            blocks += [head_lines, *paras]
        blocks.append([])  # an article's end: one or more blank lines
    if layout == "jump":
        blocks = jump(blocks, rng)
    # Blank lines after an article's end: as many as between paragraphs on some pages, more on others.
    page_gap = "\n" * (1 + rng.choice([1, 1, 2, 3]))
    text, gap = "", ""
    for block in blocks:
        if not block:
            gap = "\n" * (1 + rng.choice([1, 1, 2, 3])) if gap_by_article else page_gap
            continue
        text += (gap or "\n\n" if text else "") + "\n".join(block)
        gap = ""
    return text + "\n"


def jump(blocks: list[list[str]], rng: random.Random) -> list[list[str]]:
    """Cut the longest paragraph of a random article mid-way and print its rest after the next article."""
    ends = [k for k, b in enumerate(blocks) if not b]
    if len(ends) < 2:
        return blocks
    a = rng.randrange(len(ends) - 1)
    start = ends[a - 1] + 1 if a else 0
    longest = max(range(start + 1, ends[a]), key=lambda k: len(blocks[k]), default=None)
    if longest is None or len(blocks[longest]) < 2:
        return blocks
    lines = blocks[longest]
    cut = rng.randint(1, len(lines) - 1)
    rest = [lines[cut:], *blocks[longest + 1 : ends[a]]]
    return [*blocks[:longest], lines[:cut], *blocks[ends[a] : ends[a + 1] + 1], *rest, *blocks[ends[a + 1] + 1 :]]


def write_layout(dev: Path, out: Path, layout: str, names: list[str], seed: int) -> None:
    labels = json.loads((dev / "labels.json").read_text(encoding="utf-8"))
    (out / "pages").mkdir(parents=True, exist_ok=True)
    rng = random.Random(seed)
    for page in names:
        text = (dev / "pages" / page).read_text(encoding="utf-8")
        if layout != "asis":
            text = render(read_articles(text), rng, rng.randint(8, 24), layout)
        (out / "pages" / page).write_text(text, encoding="utf-8")
    (out / "labels.json").write_text(json.dumps({n: labels[n] for n in names}, ensure_ascii=False), encoding="utf-8")


def write_wrapped(dev: Path, out: Path, seed: int, widths: tuple[int, int], names: list[str]) -> None:
    """wrap_pages.py's own layout (every page, then the sample kept)."""
    script = dev.parent.parent / "eval" / "wrap_pages.py"
    command = [sys.executable, str(script), str(dev), str(out), "--seed", str(seed)]
    command += ["--min-width", str(widths[0]), "--max-width", str(widths[1])]
    subprocess.run(command, check=True, capture_output=True)
    labels = json.loads((out / "labels.json").read_text(encoding="utf-8"))
    for page in set(labels) - set(names):
        (out / "pages" / page).unlink()
    (out / "labels.json").write_text(json.dumps({n: labels[n] for n in names}, ensure_ascii=False), encoding="utf-8")


def score(folder: Path, scorer: Callable[[list[dict], list[dict]], int]) -> tuple[int, int, int, float]:
    labels = json.loads((folder / "labels.json").read_text(encoding="utf-8"))
    hits = predicted = true = 0
    started = time.perf_counter()
    for page in sorted(labels):
        got = split_file(folder / "pages" / page)
        want = labels[page]["articles"]
        hits, predicted, true = hits + scorer(got, want), predicted + len(got), true + len(want)
    return hits, predicted, true, 1000 * (time.perf_counter() - started) / max(len(labels), 1)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path, help="a folder outside the repository for the generated pages")
    parser.add_argument("--dev", type=Path, default=DEV)
    parser.add_argument("--sample", type=int, default=0, help="a random sample of N pages (fixed seed)")
    parser.add_argument("--month", help="only pages whose name starts with this (2019-10)")
    parser.add_argument("--seeds", default="1,2,3")
    parser.add_argument("--layouts", default="asis,wrap,wide,packed,headbreak,credit,jump")
    parser.add_argument("--reuse", action="store_true", help="score the pages already in OUT")
    args = parser.parse_args(argv)
    if not (args.dev / "labels.json").exists():
        print(f"layouts: no dev set at {args.dev} (labels.json missing); pass --dev", file=sys.stderr)
        return 2
    if args.out.resolve().is_relative_to(Path(__file__).resolve().parent.parent):
        print(f"layouts: {args.out} is inside the repository; the dev pages stay out of it", file=sys.stderr)
        return 2
    labels = json.loads((args.dev / "labels.json").read_text(encoding="utf-8"))
    names = sorted(n for n in labels if not args.month or n.startswith(args.month))
    if args.sample:
        names = sorted(random.Random(1).sample(names, min(args.sample, len(names))))
    seeds = [int(s) for s in args.seeds.split(",")]
    matcher = load_scorer(args.dev).match_articles
    totals = [0, 0, 0]
    for layout in args.layouts.split(","):
        runs = [(f"{layout}-s{s}", s) for s in seeds] if layout in ("wrap", "wide") else [(layout, seeds[0])]
        for label, seed in runs:
            folder = args.out / label
            if not args.reuse:
                if layout in ("wrap", "wide"):
                    write_wrapped(args.dev, folder, seed, (10, 18) if layout == "wrap" else (8, 24), names)
                else:
                    write_layout(args.dev, folder, layout, names, seed)
            hits, predicted, true, ms = score(folder, matcher)
            if layout != "asis":
                totals = [a + b for a, b in zip(totals, (hits, predicted, true), strict=True)]
            print(f"{line(f'{label:12s}', hits, predicted, true)} | {ms:.0f} ms a page", flush=True)
    print(line(f"{'all layouts':12s}", *totals))
    return 0


if __name__ == "__main__":
    sys.exit(main())
