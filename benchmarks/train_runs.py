"""Fit the model of gazette/split/runs.py on generated layouts of the dev pages; validate on a month held out.

    python -m benchmarks.train_runs [--dev ../shared/dev/rmrb] [--train 2019-02] [--validate 2019-10]
                                    [--seeds 1,2,3] [--write]

Each dev page (archive layout) is set in the layouts of benchmarks/layouts.py (wrapped at widths
8-24, packed, headlines broken, credits added; the gap after an article drawn once for the page or
anew for each article) once per seed; every run of short lines between
two paragraphs is labelled by the page's labels.json (it opens an article when the paragraph
after it starts a true article's body, or one of its lines is a true headline or kicker), and a
logistic regression with an L2 penalty is fitted by Newton's method on the training month. It
prints the fit on both months; --write stores the weights in gazette/split/run_model.yaml.
The same arguments give the same weights.
"""

from __future__ import annotations

import argparse
import difflib
import json
import random
import re
import sys
from pathlib import Path

import numpy as np
import yaml

from benchmarks.dev_split import DEV
from benchmarks.layouts import read_articles, render
from gazette.clean import clean_page
from gazette.split.roles import classify, judge_runs

MODEL = Path(__file__).resolve().parent.parent / "gazette" / "split" / "run_model.yaml"
LAYOUTS = ("wrap", "packed", "headbreak", "credit")
PENALTY = 1.0


def labelled_runs(text: str, truth: list[dict]) -> list[tuple[dict[str, float], int]]:
    cleaned = clean_page(text)
    seq = [it for it in classify(cleaned, absorb=False) if it.kind != "boilerplate"]
    starts = {re.sub(r"\s", "", t["body_start"])[:8] for t in truth}
    titles = [t[key] for t in truth for key in ("headline", "kicker") if t.get(key)]
    out = []
    for run in judge_runs(seq, cleaned):
        opens = re.sub(r"\s", "", seq[run.end].text)[:8] in starts or any(
            difflib.SequenceMatcher(None, it.text, title).ratio() >= 0.6
            for it in seq[run.start : run.end]
            for title in titles
        )
        out.append((run.features, int(opens)))
    return out


def dataset(dev: Path, month: str, seeds: list[int]) -> tuple[list[str], np.ndarray, np.ndarray]:
    labels = json.loads((dev / "labels.json").read_text(encoding="utf-8"))
    rows: list[tuple[dict[str, float], int]] = []
    for name in sorted(n for n in labels if n.startswith(month)):
        articles = read_articles((dev / "pages" / name).read_text(encoding="utf-8"))
        for seed in seeds:
            rng = random.Random(f"{name}:{seed}")
            layout = LAYOUTS[seed % len(LAYOUTS)]
            page = render(articles, rng, rng.randint(8, 24), layout, gap_by_article=rng.random() < 0.5)
            rows += labelled_runs(page, labels[name]["articles"])
    names = sorted(rows[0][0]) if rows else []
    x = np.array([[f[n] for n in names] for f, _ in rows], dtype=float)
    y = np.array([label for _, label in rows], dtype=float)
    return names, x, y


def fit(x: np.ndarray, y: np.ndarray, penalty: float = PENALTY, steps: int = 50) -> np.ndarray:
    """Logistic regression by Newton's method, an L2 penalty on every weight."""
    w = np.zeros(x.shape[1])
    for _ in range(steps):
        p = 1 / (1 + np.exp(-np.clip(x @ w, -30, 30)))
        gradient = x.T @ (p - y) + penalty * w
        hessian = (x * (p * (1 - p))[:, None]).T @ x + penalty * np.eye(len(w))
        step = np.linalg.solve(hessian, gradient)
        w -= step
        if np.abs(step).max() < 1e-8:
            break
    return w


def report(label: str, x: np.ndarray, y: np.ndarray, w: np.ndarray, threshold: float) -> str:
    p = 1 / (1 + np.exp(-np.clip(x @ w, -30, 30)))
    guess = p >= threshold
    tp = float((guess & (y == 1)).sum())
    precision, recall = tp / max(guess.sum(), 1), tp / max((y == 1).sum(), 1)
    loss = -np.mean(y * np.log(p + 1e-12) + (1 - y) * np.log(1 - p + 1e-12))
    return (
        f"{label}: {len(y)} runs, {int(y.sum())} open an article | accuracy {np.mean(guess == y):.3f} "
        f"| opens P {precision:.3f} R {recall:.3f} | log loss {loss:.3f}"
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--dev", type=Path, default=DEV)
    parser.add_argument("--train", default="2019-02")
    parser.add_argument("--validate", default="2019-10")
    parser.add_argument("--seeds", default="1,2,3,4")
    parser.add_argument("--threshold", type=float, default=0.5, help="below this a run is read as inside")
    parser.add_argument("--write", action="store_true", help=f"store the weights in {MODEL.name}")
    args = parser.parse_args(argv)
    if not (args.dev / "labels.json").exists():
        print(f"train_runs: no dev set at {args.dev} (labels.json missing); pass --dev", file=sys.stderr)
        return 2
    seeds = [int(s) for s in args.seeds.split(",")]
    names, x, y = dataset(args.dev, args.train, seeds)
    _, xv, yv = dataset(args.dev, args.validate, seeds)
    w = fit(x, y)
    print(report(f"train {args.train}", x, y, w, args.threshold))
    print(report(f"validate {args.validate}", xv, yv, w, args.threshold))
    for name, weight in sorted(zip(names, w, strict=True), key=lambda nw: -abs(nw[1])):
        print(f"  {name:22s} {weight:+.3f}")
    if args.write:
        header = (
            "# Weights of the model in gazette/split/runs.py, written by\n"
            f"# python -m benchmarks.train_runs --train {args.train} --validate {args.validate} "
            f"--seeds {args.seeds} --threshold {args.threshold} --write\n"
        )
        weights = {name: round(float(weight), 4) for name, weight in zip(names, w, strict=True)}
        stored = {"threshold": args.threshold, "weights": weights}
        MODEL.write_text(header + yaml.safe_dump(stored, sort_keys=True), encoding="utf-8")
        print(f"weights written to {MODEL}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
