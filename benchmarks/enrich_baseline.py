"""Enrich vs. the baseline a user would write first, on the five seed pages.

Baseline: people = jieba.posseg tokens tagged `nr`; figures = one regex,
a number, an optional 万/亿 and a unit. Ours: gazette.enrich. Both read the same
articles (extract -> clean -> split) and are scored with ../shared/eval/score.py's
rules: officials as the set of names per page, figures matched by value_normalized
(4 significant digits) or value + unit. Prints precision/recall/F1 summed over pages.

    .venv/bin/python benchmarks/enrich_baseline.py
"""

from __future__ import annotations

import importlib.util
import json
import re
import sys
import time
from pathlib import Path

import jieba.posseg

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from gazette.clean import clean_page  # noqa: E402
from gazette.enrich import enrich_articles  # noqa: E402
from gazette.enrich.text import full_text  # noqa: E402
from gazette.extract import read_page  # noqa: E402
from gazette.split import split_page  # noqa: E402

SHARED = REPO.parent / "shared"
NAIVE_FIGURE = re.compile(r"(\d+(?:\.\d+)?)(万|亿)?(元|美元|%|亩|吨|千瓦时|千瓦|平方米|千米|家|个|户|人)")
MULTIPLIER = {None: 1, "万": 1e4, "亿": 1e8}


def load_scorer():
    spec = importlib.util.spec_from_file_location("score", SHARED / "eval" / "score.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def baseline(articles: list[dict]) -> dict[str, list[dict]]:
    text = "\n".join(full_text(a) for a in articles)
    names = {w.word for w in jieba.posseg.cut(text) if w.flag.startswith("nr")}
    figures = [
        {
            "value": float(m.group(1)),
            "unit": (m.group(2) or "") + m.group(3),
            "value_normalized": float(m.group(1)) * MULTIPLIER[m.group(2)],
        }
        for m in NAIVE_FIGURE.finditer(text)
    ]
    return {"official_mentions": [{"name": n} for n in names], "economic_figures": figures}


def main() -> None:
    score = load_scorer()
    totals = {(system, kind): [0, 0, 0] for system in ("baseline", "enrich") for kind in ("officials", "figures")}
    seconds = {"baseline": 0.0, "enrich": 0.0}
    for seed in sorted((REPO / "seeds").glob("*.txt")):
        gold = json.loads((SHARED / "gold" / f"{seed.stem}.json").read_text(encoding="utf-8"))
        page = read_page(seed)
        articles = split_page(page.row, clean_page(page.text)).articles
        gold_names = {score.norm(o["name"]) for o in gold["officials"]}
        for system, run in (("baseline", baseline), ("enrich", enrich_articles)):
            start = time.perf_counter()
            rows = run(articles)
            seconds[system] += time.perf_counter() - start
            names = {score.norm(m["name"]) for m in rows["official_mentions"]}
            figures = rows["economic_figures"]
            for kind, counts in (
                ("officials", (len(names & gold_names), len(names), len(gold_names))),
                (
                    "figures",
                    (
                        score.count_figure_matches(gold["economic_figures"], figures),
                        len(figures),
                        len(gold["economic_figures"]),
                    ),
                ),
            ):
                totals[(system, kind)] = [t + c for t, c in zip(totals[(system, kind)], counts, strict=False)]
    print(f"{'system':<10}{'table':<11}{'P':>7}{'R':>7}{'F1':>7}{'tp':>6}{'pred':>6}{'gold':>6}")
    for (system, kind), (tp, pred, gold_n) in totals.items():
        r = score.prf(tp, pred, gold_n)
        print(
            f"{system:<10}{kind:<11}{r['precision']:>7.2f}{r['recall']:>7.2f}{r['f1']:>7.2f}{tp:>6}{pred:>6}{gold_n:>6}"
        )
    print(
        f"time over 5 pages: baseline {seconds['baseline']:.2f}s, enrich {seconds['enrich']:.2f}s"
        " (jieba dictionary load included in the first)"
    )


if __name__ == "__main__":
    main()
