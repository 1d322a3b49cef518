"""`make bench`: gazette's throughput, marginal cost, incremental cost and SQL model times.

    .venv/bin/python -m benchmarks.run                    # the issue's sizes: 100, 1,000, 10,000 pages
    .venv/bin/python -m benchmarks.run --quick            # 50 and 200 pages, 100,000 articles: ~2 minutes
    .venv/bin/python -m benchmarks.run --sizes 100,1000 --sql-articles 200000 --markdown out.md

Every measurement runs `gazette run` itself, in a fresh process, on synthetic corpora
made from seeds/ (benchmarks/corpus.py), through benchmarks/probe.py, which only adds a
stopwatch to each step; the time and peak memory are those of the whole process.

1. Throughput of each step and end to end, per corpus size.
2. Marginal cost per page of `gazette run` (the slope between the smallest and the
   largest corpus, so start-up is left out and reported apart) next to the naive pass
   a user would write instead (benchmarks/naive.py), on the same pages, in the same run.
3. Incremental cost: one new page added to the folder of a 10-page warehouse and to
   the folder of the largest one, `gazette run` again on each (the median of five such runs,
   taken in turns).
4. Every SQL model on a synthetic warehouse of a million articles written as compacting
   writes it (benchmarks/sql_models.py), next to the same SQL over one file per table, and
   the peak memory of the largest `gazette run`.
5. `gazette run --workers N` against `--workers 1` on the same pages (N: one per CPU).
6. Storage: bytes of Parquet per input byte and files per table of each warehouse
   `gazette run` built (compacting included), and `gazette report`'s time, peak memory
   and file size on the largest of them and on the SQL warehouse.
7. Dagster: pages dropped into the inbox while the daemon runs (benchmarks/dagster_inbox.py),
   until every page is materialised, next to `gazette run` (default workers) on the same pages.
8. At scale: the largest warehouse copied up to --scale-pages pages (benchmarks/replicate.py:
   each page's rows again under a page file of its own, in compacted files, with the run's
   bookkeeping), then its storage, one new page, every model and the report on it.
   `--scale-only WORKDIR` runs this section alone on a kept --workdir.
9. Scans read by OCR as users get them: page images drawn at 200 dpi and degraded as
   `make bench-pages` draws them (benchmarks/pages.py), `gazette run` on their folder (default
   workers; start-up and the engine's loading included), and the same run in one process
   through the probe, for the extract step (the OCR) apart. Needs a CJK font (fontconfig).

Prints one Markdown report of tables (benchmarks/report.py); --markdown and --json also save it.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import math
import os
import platform
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from benchmarks.corpus import write_corpus
from benchmarks.measure import measured
from benchmarks.pages import draw_degraded_scan, scan_font
from benchmarks.report import INCREMENTAL_SMALL, report, scale_report
from gazette.warehouse import Warehouse

REPO = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
INCREMENTAL_TRIALS = 5  # one run takes a few seconds: the median keeps a hiccup of the machine out
NAIVE_PAGES = 1000  # the naive pass reads the largest corpus up to this size


def gazette_command(
    pages: Path, warehouse: Path, *options: str, launcher: tuple[str, ...] = ("gazette.cli",)
) -> list[str]:
    """`gazette run --input pages --warehouse warehouse [options]` as a process's arguments;
    `launcher`: the module (and its arguments) that runs gazette's command line."""
    return [PYTHON, "-m", *launcher, "run", "--input", str(pages), "--warehouse", str(warehouse), *options]


def gazette_run(pages: Path, warehouse: Path, work: Path, label: str) -> dict:
    """`gazette run --input pages --warehouse warehouse --workers 1` through the probe (one process,
    so that the probe's stopwatches see every step; section 5 times the worker processes)."""
    probe = work / f"probe-{label}.json"
    result = measured(
        gazette_command(pages, warehouse, "--workers", "1", launcher=("benchmarks.probe", str(probe))),
        work / f"gazette-{label}.log",
    )
    result.update(json.loads(probe.read_text(encoding="utf-8")) if probe.exists() else {"steps": {}})
    result["log_tail"] = Path(result["log"]).read_text(encoding="utf-8", errors="replace").strip().splitlines()[-3:]
    if result["rc"] not in (0, None):
        print(f"bench: gazette run {pages} exited {result['rc']}: {' | '.join(result['log_tail'])}", file=sys.stderr)
    return result


def storage(warehouse: Path, pages: Path) -> dict:
    """Bytes of Parquet of the current snapshot (data and delete files; files kept for time
    travel not counted) per input byte, and files per table."""
    lake = Warehouse(warehouse).lake
    files = {table: [Path(name) for pair in pairs for name in pair if name] for table, pairs in lake.files().items()}
    sizes = {table: sum(path.stat().st_size for path in paths) for table, paths in files.items()}
    input_bytes = sum(path.stat().st_size for path in pages.iterdir() if path.is_file())
    return {
        "input_bytes": input_bytes,
        "parquet_bytes": sum(sizes.values()),
        "bytes_per_table": sizes,
        "files_per_table": {table: len(paths) for table, paths in files.items()},
    }


def gazette_report(warehouse: Path, work: Path, label: str) -> dict:
    """`gazette report` on a warehouse: time, peak memory, file size."""
    out = work / f"report-{label}.html"
    result = measured(
        [PYTHON, "-m", "gazette.cli", "report", "--warehouse", str(warehouse), "--out", str(out)],
        work / f"report-{label}.log",
    )
    result["mb"] = out.stat().st_size / 1e6 if out.exists() else None
    return result


def _linked_subset(source: list[Path], folder: Path) -> Path:
    """A folder holding the given page files as hard links (no copy, same bytes)."""
    folder.mkdir(parents=True, exist_ok=True)
    for path in source:
        os.link(path, folder / path.name)
    return folder


def one_new_page(warehouses: list[tuple[Path, Path]], new_page: Path, work: Path, label: str) -> list[dict]:
    """`gazette run` after adding one page to each (folder, warehouse), the median of INCREMENTAL_TRIALS
    runs each, the page removed again (`--prune`) after each run.

    The warehouses take turns, so that the machine's drift (its speed varies by a third from
    one minute to the next) touches each alike, and their ratio is that of the code."""
    trials: list[list[dict]] = [[] for _ in warehouses]
    for trial in range(INCREMENTAL_TRIALS):
        for runs, (folder, warehouse) in zip(trials, warehouses, strict=True):
            os.link(new_page, folder / new_page.name)
            runs.append(gazette_run(folder, warehouse, work, f"{label}-{warehouse.name}-{trial}"))
            (folder / new_page.name).unlink()  # and out of the warehouse again, for the next trial
            subprocess.run(
                gazette_command(folder, warehouse, "--prune"),
                cwd=REPO,
                capture_output=True,
                check=True,
            )
    medians = []
    for runs in trials:
        runs.sort(key=lambda run: run["wall_s"])
        medians.append({**runs[len(runs) // 2], "trials_s": [run["wall_s"] for run in runs]})
    return medians


def at_scale(work: Path, largest: int, pages: int, new_page: Path) -> dict:
    """Section 8: the largest warehouse `gazette run` built, copied up to `pages` pages
    (benchmarks/replicate.py), and what a user gets at that size: its storage, one new page (in
    turns with one into the 10-page warehouse), every model (and the same SQL over one file per
    table), the report."""
    copies = math.ceil(pages / largest)
    source, inbox = work / "warehouse" / str(largest), work / "corpus" / str(largest)
    target, target_inbox = work / "warehouse" / f"scale{pages}", work / "corpus" / f"scale{pages}"
    out: dict = {"source_pages": largest, "copies": copies}
    for built_before in (target, target_inbox):  # by an earlier --scale-only on this workdir
        shutil.rmtree(built_before, ignore_errors=True)
    out["build"] = measured(
        [PYTHON, "-m", "benchmarks.replicate", str(source), str(inbox), str(target), str(target_inbox), str(copies)],
        work / "scale-build.log",
    )
    if out["build"]["rc"] != 0:
        raise RuntimeError(f"benchmarks.replicate exited {out['build']['rc']}: see {work / 'scale-build.log'}")
    out["pages"] = largest * copies
    out["storage"] = storage(target, target_inbox)
    small = (work / "corpus" / f"inc{INCREMENTAL_SMALL}", work / "warehouse" / f"inc{INCREMENTAL_SMALL}")
    out["incremental_small"], out["incremental"] = one_new_page(
        [small, (target_inbox, target)], new_page, work, "scale-inc"
    )
    models = work / "scale-models.json"
    out["models"] = measured(
        [PYTHON, "-m", "benchmarks.sql_models", str(models), "--root", str(target), "--existing"],
        work / "scale-models.log",
    )
    if models.exists():
        out["models"].update(json.loads(models.read_text(encoding="utf-8")))
    out["report"] = gazette_report(target, work, f"scale{pages}")
    return out


# ---------------------------------------------------------------- measurements


def bench(
    sizes: list[int],
    sql_articles: int,
    work: Path,
    seed: int = 0,
    workers: int = 0,
    dagster_pages: int = 0,
    scale_pages: int = 0,
    scans: int = 0,
    log=print,
) -> dict:
    sizes = sorted(set(sizes))
    results: dict = {
        "sizes": sizes,
        "runs": {},
        "started": dt.datetime.now().isoformat(timespec="seconds"),
        "machine": machine(),
        "load_before": os.getloadavg(),
    }
    began = time.perf_counter()

    log(f"bench: writing {sizes[-1]:,} synthetic pages (seed {seed}) to {work / 'corpus'}")
    started = time.perf_counter()
    corpus = write_corpus(work / "corpus" / "all", sizes[-1], seed=seed)
    new_page = write_corpus(work / "corpus" / "new", 1, seed=seed, start=sizes[-1] + 1)[0]
    results["corpus_s"] = time.perf_counter() - started
    folders = {n: _linked_subset(corpus[:n], work / "corpus" / str(n)) for n in sizes}

    # 1. every size, one fresh warehouse each
    for n in sizes:
        log(f"bench: gazette run on {n:,} pages")
        results["runs"][n] = gazette_run(folders[n], work / "warehouse" / str(n), work, f"{n}")
        results["runs"][n]["storage"] = storage(work / "warehouse" / str(n), folders[n])
    log(f"bench: gazette report on {sizes[-1]:,} pages")
    results["report"] = {f"{sizes[-1]:,} pages": gazette_report(work / "warehouse" / str(sizes[-1]), work, "pages")}

    # 2. the naive pass on the same pages
    naive_n = max([n for n in sizes if n <= NAIVE_PAGES] or [sizes[0]])
    log(f"bench: naive pass on {naive_n:,} pages")
    out = work / "naive.json"
    results["naive"] = measured([PYTHON, "-m", "benchmarks.naive", str(out), str(folders[naive_n])], work / "naive.log")
    results["naive"].update(json.loads(out.read_text(encoding="utf-8")))

    # 5. `gazette run --workers N`: the page steps on worker processes, end to end
    if workers:
        pool = {}
        for n_workers in sorted({1, workers}):
            log(f"bench: gazette run --workers {n_workers} on {naive_n:,} pages")
            pool[n_workers] = measured(
                gazette_command(folders[naive_n], work / "warehouse" / f"pool{n_workers}", "--workers", str(n_workers)),
                work / f"pool{n_workers}.log",
            )
            pool[n_workers]["pages"] = naive_n
        results["pool"] = pool
    # 3. one new page into a small and into the largest warehouse
    small = _linked_subset(corpus[:INCREMENTAL_SMALL], work / "corpus" / f"inc{INCREMENTAL_SMALL}")
    small_wh = work / "warehouse" / f"inc{INCREMENTAL_SMALL}"
    log(f"bench: incremental, one new page into {INCREMENTAL_SMALL} and into {sizes[-1]:,} pages")
    results["incremental_build"] = gazette_run(small, small_wh, work, f"inc{INCREMENTAL_SMALL}-build")
    largest = (folders[sizes[-1]], work / "warehouse" / str(sizes[-1]))
    results["incremental"] = dict(
        zip(
            (INCREMENTAL_SMALL, sizes[-1]),
            one_new_page([(small, small_wh), largest], new_page, work, "inc"),
            strict=True,
        )
    )

    # 8. the largest warehouse copied up to `scale_pages` pages: storage, one new page, models, report
    if scale_pages > sizes[-1]:
        log(f"bench: the {sizes[-1]:,}-page warehouse copied up to {scale_pages:,} pages")
        results["scale"] = at_scale(work, sizes[-1], scale_pages, new_page)

    # 4. SQL models on a synthetic warehouse built from the naive-size warehouse's articles
    if sql_articles:
        log(f"bench: SQL models on {sql_articles:,} articles")
        out = work / "sql.json"
        results["sql"] = measured(
            [
                PYTHON,
                "-m",
                "benchmarks.sql_models",
                str(out),
                "--root",
                str(work / "sql"),
                "--templates",
                str(work / "warehouse" / str(naive_n)),
                "--articles",
                str(sql_articles),
            ],
            work / "sql.log",
        )
        if out.exists():
            results["sql"].update(json.loads(out.read_text(encoding="utf-8")))
        results["sql"]["articles"] = sql_articles
        log(f"bench: gazette report on {sql_articles:,} articles")
        results["report"][f"{sql_articles:,} articles"] = gazette_report(work / "sql", work, "sql")
    # 6. Dagster: the same pages dropped into the inbox of a running daemon, and `gazette run` on them
    if dagster_pages:
        folder = _linked_subset(corpus[:dagster_pages], work / "corpus" / f"dagster{dagster_pages}")
        log(f"bench: Dagster, {dagster_pages:,} pages dropped into the inbox")
        out = work / "dagster.json"
        results["dagster"] = measured(
            [
                PYTHON,
                "-m",
                "benchmarks.dagster_inbox",
                str(out),
                "--corpus",
                str(folder),
                "--pages",
                str(dagster_pages),
                "--work",
                str(work / "dagster"),
            ],
            work / "dagster.log",
        )
        if out.exists():
            results["dagster"].update(json.loads(out.read_text(encoding="utf-8")))
        results["dagster"]["cli"] = measured(
            gazette_command(folder, work / "warehouse" / f"dagster-cli{dagster_pages}"),
            work / "dagster-cli.log",
        )
    # 9. scans read by OCR through `gazette run`
    if scans:
        log(f"bench: {scans} scans drawn and read by OCR")
        results["ocr"] = ocr_runs(work, scans)
    results["load_after"] = os.getloadavg()
    results["total_s"] = time.perf_counter() - began
    return results


def ocr_runs(work: Path, scans: int) -> dict:
    """Section 9: `gazette run` on a folder of drawn scans, as users run it and in one process."""
    from tests.fonts import cjk_font

    if cjk_font() is None:
        return {"skipped": "no CJK font listed by fontconfig to draw scans with"}
    folder = work / "corpus" / "scans"
    folder.mkdir(parents=True)
    font = scan_font(None)
    for seed in range(scans):
        draw_degraded_scan(seed, folder / f"scan_{seed:02d}.png", font)
    return {
        "pages": scans,
        "font": f"{font[0].name} face {font[1]}",
        "default": measured(gazette_command(folder, work / "warehouse" / "scans"), work / "scans.log"),
        "one_process": gazette_run(folder, work / "warehouse" / "scans-probe", work, "scans"),
    }


def machine() -> dict:
    mem = next(
        (
            int(line.split()[1])
            for line in Path("/proc/meminfo").read_text().splitlines()
            if line.startswith("MemTotal:")
        ),
        0,
    )
    return {
        "cpus": os.cpu_count(),
        "mem_gib": round(mem / 2**20, 1),
        "python": platform.python_version(),
        "platform": platform.platform(terse=True),
    }


def scale_only(work: Path, pages: int, markdown: Path | None) -> int:
    """Section 8 alone, on a kept workdir: its largest warehouse and its new page (its 10-page
    warehouse built first if it has none)."""
    largest = max(int(path.name) for path in (work / "warehouse").iterdir() if path.name.isdigit())
    [new_page] = (work / "corpus" / "new").iterdir()
    small_wh = work / "warehouse" / f"inc{INCREMENTAL_SMALL}"
    if not small_wh.exists():
        corpus = sorted((work / "corpus" / str(largest)).iterdir())
        small = _linked_subset(corpus[:INCREMENTAL_SMALL], work / "corpus" / f"inc{INCREMENTAL_SMALL}")
        gazette_run(small, small_wh, work, f"inc{INCREMENTAL_SMALL}-build")
    text = "\n".join(scale_report(at_scale(work, largest, pages, new_page)))
    print(text)
    if markdown:
        markdown.write_text(text + "\n", encoding="utf-8")
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="100,1000,10000", help="corpus sizes in pages (default: 100,1000,10000)")
    parser.add_argument("--quick", action="store_true", help="50 and 200 pages, 100,000 SQL articles (~2 min)")
    parser.add_argument("--sql-articles", type=int, help="articles of the SQL warehouse (default 1,000,000; 0 skips)")
    parser.add_argument("--seed", type=int, default=0, help="synthetic corpus seed")
    parser.add_argument(
        "--workers",
        type=int,
        default=os.cpu_count() or 1,
        help="worker processes for section 5 (default: one per CPU; 0 skips it)",
    )
    parser.add_argument(
        "--dagster-pages",
        type=int,
        help="pages dropped into a running Dagster's inbox for section 6 (default 100, 20 with --quick; 0 skips it)",
    )
    parser.add_argument(
        "--scale-pages",
        type=int,
        help="copy the largest warehouse up to this many pages for section 8 (default 100,000, 1,000 with --quick; "
        "0 skips it)",
    )
    parser.add_argument(
        "--scale-only",
        type=Path,
        metavar="WORKDIR",
        help="run only section 8, on the corpora and warehouses a --workdir run kept there",
    )
    parser.add_argument(
        "--scans", type=int, help="page images read by OCR for section 9 (default 6, 2 with --quick; 0 skips it)"
    )
    parser.add_argument("--workdir", type=Path, help="keep corpora and warehouses here (default: a temp dir, removed)")
    parser.add_argument("--markdown", type=Path, help="also write the report here")
    parser.add_argument("--json", type=Path, help="also write every measurement here")
    args = parser.parse_args(argv)
    sizes = [50, 200] if args.quick else [int(s.replace("_", "")) for s in args.sizes.split(",") if s.strip()]
    sql_articles = args.sql_articles if args.sql_articles is not None else 100_000 if args.quick else 1_000_000
    dagster_pages = args.dagster_pages if args.dagster_pages is not None else 20 if args.quick else 100
    scale_pages = args.scale_pages if args.scale_pages is not None else 1000 if args.quick else 100_000
    scans = args.scans if args.scans is not None else 2 if args.quick else 6
    if args.scale_only:
        return scale_only(args.scale_only, scale_pages, args.markdown)
    if not sizes or min(sizes) < 1:
        parser.error("--sizes: positive page counts, e.g. 100,1000")
    work = args.workdir or Path(tempfile.mkdtemp(prefix="gazette-bench-"))
    if args.workdir and work.exists() and any(work.iterdir()):
        parser.error(f"--workdir {work}: not empty")
    work.mkdir(parents=True, exist_ok=True)
    try:
        results = bench(
            sizes,
            sql_articles,
            work,
            args.seed,
            args.workers,
            min(dagster_pages, max(sizes)),
            scale_pages,
            scans,
            log=lambda line: print(line, file=sys.stderr, flush=True),
        )
    finally:
        if not args.workdir:
            shutil.rmtree(work, ignore_errors=True)
    text = report(results)
    print(text)
    if args.markdown:
        args.markdown.write_text(text + "\n", encoding="utf-8")
    if args.json:
        args.json.write_text(json.dumps(results, indent=1, default=str), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
