"""The pass a user would write instead of gazette, timed: stock jieba POS tagging of each
whole page (people = words tagged nr*) plus one regex for figures. Nothing is written.

    python -m benchmarks.naive OUT.json PAGE_DIR [--limit N]

OUT.json: seconds to import jieba and to load its dictionary (the fixed start-up), and
seconds spent on the pages themselves (the marginal cost), with pages and characters.
"""

from __future__ import annotations

import time

STARTED = time.perf_counter()

import argparse  # noqa: E402
import json  # noqa: E402
import logging  # noqa: E402
import re  # noqa: E402
from pathlib import Path  # noqa: E402

import jieba  # noqa: E402
import jieba.posseg  # noqa: E402

# The same figure regex as benchmarks/enrich_baseline.py: a number, an optional 万/亿, a unit.
NAIVE_FIGURE = re.compile(r"(\d+(?:\.\d+)?)(万|亿)?(元|美元|%|亩|吨|千瓦时|千瓦|平方米|千米|家|个|户|人)")
SUFFIXES = (".txt", ".md", ".markdown")


def naive_pass(text: str) -> tuple[set[str], list[tuple[str, str, str]]]:
    """(people, figures) of one page: jieba's nr* words and every regex match."""
    people = {w.word for w in jieba.posseg.cut(text) if w.flag.startswith("nr")}
    return people, [m.groups() for m in NAIVE_FIGURE.finditer(text)]


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("pages", type=Path)
    parser.add_argument("--limit", type=int)
    args = parser.parse_args(argv)
    imports_s = time.perf_counter() - STARTED
    started = time.perf_counter()
    jieba.setLogLevel(logging.WARNING)
    jieba.initialize()
    dictionary_s = time.perf_counter() - started
    files = sorted(p for p in args.pages.iterdir() if p.suffix in SUFFIXES)[: args.limit]
    chars = people = figures = 0
    started = time.perf_counter()
    for path in files:
        text = path.read_text(encoding="utf-8")
        found, quoted = naive_pass(text)
        chars, people, figures = chars + len(text), people + len(found), figures + len(quoted)
    pages_s = time.perf_counter() - started
    args.out.write_text(
        json.dumps(
            {
                "imports_s": imports_s,
                "dictionary_s": dictionary_s,
                "pages_s": pages_s,
                "pages": len(files),
                "chars": chars,
                "people": people,
                "figures": figures,
            }
        ),
        encoding="utf-8",
    )


if __name__ == "__main__":
    main()
