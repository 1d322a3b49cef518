"""`gazette run` with a stopwatch on each step: how the benchmark runs the CLI.

    python -m benchmarks.probe OUT.json run --input DIR --warehouse DIR

Wraps the step functions (extract, clean, split, enrich), the warehouse writes, the
officials and DuckDB refreshes and jieba's dictionary load where they are defined,
before the CLI imports them, then calls `gazette.cli.main(argv)` unchanged: what is
timed is whatever `gazette run` does. At exit it writes OUT.json: seconds per step,
pages and characters read, import time, and the CLI's exit status.
The wrappers cost about a microsecond per call.
"""

from __future__ import annotations

import time

STARTED = time.time()  # as early as possible: the parent passes its own clock in BENCH_SPAWNED_AT

import functools  # noqa: E402
import json  # noqa: E402
import os  # noqa: E402
import sys  # noqa: E402
from collections import defaultdict  # noqa: E402


def _timed(stats: dict, step: str, fn, on_result=None):
    """fn, adding its own seconds to stats['steps'][step]: a timed step called inside another
    (jieba's dictionary loading on the first page) counts for itself only, and a step
    calling itself (write_page -> write_page_table) counts once."""
    stack = stats["_stack"]  # [step, seconds spent in nested timed steps] per active call

    @functools.wraps(fn)
    def wrapper(*args, **kwargs):
        if any(frame[0] == step for frame in stack):
            return fn(*args, **kwargs)
        frame = [step, 0.0]
        stack.append(frame)
        started = time.perf_counter()
        try:
            result = fn(*args, **kwargs)
        finally:
            elapsed = time.perf_counter() - started
            stack.pop()
            if stack:
                stack[-1][1] += elapsed
            stats["steps"][step] += elapsed - frame[1]
            stats["calls"][step] += 1
        if on_result is not None:
            on_result(result)
        return result

    return wrapper


def install(stats: dict) -> None:
    """Put the stopwatches in place (before gazette.officials_step or the CLI's run code is imported)."""
    import jieba

    from gazette import clean, enrich, extract, split
    from gazette import warehouse as warehouse_module

    def count_page(page) -> None:
        stats["pages"] += 1
        stats["chars"] += len(page.text)

    extract.read_page = _timed(stats, "extract", extract.read_page, count_page)
    clean.clean_page = _timed(stats, "clean", clean.clean_page)
    split.split_page = _timed(stats, "split", split.split_page)
    enrich.enrich_articles = _timed(stats, "enrich", enrich.enrich_articles)
    Warehouse = warehouse_module.Warehouse
    for method in ("write_page", "write_page_table"):
        if hasattr(Warehouse, method):
            setattr(Warehouse, method, _timed(stats, "write", getattr(Warehouse, method)))
    Warehouse.refresh_duckdb = _timed(stats, "models", Warehouse.refresh_duckdb)
    Warehouse.compact = _timed(stats, "compact", Warehouse.compact)
    jieba.Tokenizer.initialize = _timed(stats, "dictionary", jieba.Tokenizer.initialize)
    jieba.initialize = _timed(stats, "dictionary", jieba.dt.initialize)  # jieba binds it at import

    from gazette import officials_step

    officials_step.refresh_officials = _timed(stats, "officials", officials_step.refresh_officials)


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    out, cli_args = argv[0], argv[1:]
    stats: dict = {
        "steps": defaultdict(float),
        "calls": defaultdict(int),
        "_stack": [],
        "pages": 0,
        "chars": 0,
        "rc": None,
    }
    spawned = float(os.environ.get("BENCH_SPAWNED_AT", STARTED))
    stats["interpreter_s"] = STARTED - spawned
    started = time.perf_counter()
    install(stats)
    from gazette import cli

    stats["imports_s"] = time.perf_counter() - started
    started = time.perf_counter()
    try:
        stats["rc"] = cli.main(cli_args)
    finally:
        stats["main_s"] = time.perf_counter() - started
        stats.pop("_stack")
        with open(out, "w", encoding="utf-8") as f:
            json.dump(stats, f)
    return stats["rc"]


if __name__ == "__main__":
    sys.exit(main())
