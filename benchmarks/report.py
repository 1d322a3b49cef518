"""The Markdown report of `make bench`, from the measurements benchmarks/run.py takes.

One function per section (numbered as in run.py's docstring); `report` puts them together,
and `scale_report` is section 8 alone (`--scale-only`).
"""

from __future__ import annotations

# The steps the probe times on every page.
PAGE_STEPS = ("extract", "clean", "split", "enrich", "write")
# The goals each figure is held against (met, or **not met**, in the report).
GOALS = {
    "marginal_ratio": 1.0,
    "incremental_ratio": 1.5,
    "model_s": 2.0,
    "model_vs_one_file": 1.5,
    "model_small_s": 0.05,
    "peak_rss_mib": 2048,
    "parquet_per_input": 1.0,
    "report_mb": 5.0,
    "dagster_cli_ratio": 2.0,  # Dagster within twice the CLI's time ...
    "dagster_fixed_s": 30.0,  # ... plus a fixed start-up under this
}
# The small warehouse one new page is added to (sections 3 and 8), as its large one's yardstick.
INCREMENTAL_SMALL = 10


def _n(x: float) -> str:
    """1234567 -> 1.23 M, 45678 -> 45.7 k."""
    for scale, unit in ((1e6, " M"), (1e3, " k")):
        if abs(x) >= scale:
            return f"{x / scale:.3g}{unit}"
    return f"{x:.3g}"


def _cell(seconds: float, pages: int, chars: int) -> str:
    if not seconds:
        return "–"
    return f"{seconds:.2f} s · {pages / seconds:,.0f} pages/s · {_n(chars / seconds)} chars/s"


def _table(header: list[str], rows: list[list[str]]) -> str:
    lines = ["| " + " | ".join(header) + " |", "|" + "|".join("---" for _ in header) + "|"]
    return "\n".join(lines + ["| " + " | ".join(row) + " |" for row in rows])


def _marginal(results: dict) -> tuple[float, float]:
    """(seconds per page, fixed seconds) of `gazette run` from the smallest and largest sizes."""
    runs = results["runs"]
    lo, hi = min(runs), max(runs)
    if lo == hi:
        steps = runs[lo]["steps"]
        per_page = sum(steps.get(s, 0) for s in PAGE_STEPS) / max(runs[lo]["pages"], 1)
    else:
        per_page = (runs[hi]["wall_s"] - runs[lo]["wall_s"]) / (hi - lo)
    return per_page, runs[lo]["wall_s"] - lo * per_page


def _model_goal(x: dict) -> str:
    if x["rows"] is None:
        return ""
    fast = x["median_s"] < GOALS["model_small_s"]
    near = x.get("one_file_median_s") and x["median_s"] <= GOALS["model_vs_one_file"] * x["one_file_median_s"]
    return "yes" if x["max_s"] < GOALS["model_s"] and (fast or near) else "**no**"


def report(results: dict) -> str:
    """The whole report: a header line, then every section the results hold."""
    out = _header(results)
    out += _throughput(results["runs"])
    out += _marginal_cost(results)
    out += _incremental(results["incremental"])
    if "sql" in results:
        out += _sql_models(results["sql"], results["runs"])
    if results.get("pool"):
        out += _workers(results["pool"])
    out += _storage(results)
    if results.get("dagster"):
        out += dagster_report(results["dagster"])
    if results.get("scale"):
        out += scale_report(results["scale"])
    if results.get("ocr"):
        out += _ocr(results["ocr"])
    out += [f"Whole benchmark: {results['total_s'] / 60:.1f} min."]
    return "\n".join(out)


def _header(results: dict) -> list[str]:
    """When, on what machine, under what load."""
    m = results["machine"]
    return [
        f"gazette benchmarks, {results['started']}: {m['cpus']} CPUs, {m['mem_gib']} GiB, Python {m['python']}, "
        f"{m['platform']}; load average {results['load_before'][0]:.1f} before, "
        f"{results['load_after'][0]:.1f} after; corpus written in {results['corpus_s']:.0f} s.",
        "",
    ]


def _throughput(runs: dict) -> list[str]:
    """Section 1: each step's time at each corpus size, and what a run spends once."""
    header = ["step"] + [f"{n:,} pages ({_n(runs[n]['chars'])} chars)" for n in runs]
    rows = [
        [step] + [_cell(runs[n]["steps"].get(step, 0), runs[n]["pages"], runs[n]["chars"]) for n in runs]
        for step in PAGE_STEPS
    ]
    rows.append(
        ["officials + models (once a run)"]
        + [f"{runs[n]['steps'].get('officials', 0) + runs[n]['steps'].get('models', 0):.2f} s" for n in runs]
    )
    rows.append(["compact (once a run)"] + [f"{runs[n]['steps'].get('compact', 0):.2f} s" for n in runs])
    rows.append(
        ["start-up: interpreter + imports, jieba dictionary"]
        + [
            f"{runs[n]['interpreter_s'] + runs[n]['imports_s']:.2f} s, {runs[n]['steps'].get('dictionary', 0):.2f} s"
            for n in runs
        ]
    )
    rows.append(
        ["other (scanning, hashing, bookkeeping)"]
        + [f"{runs[n]['main_s'] - sum(runs[n]['steps'].values()):.2f} s" for n in runs]
    )
    rows.append(
        ["**end to end** (wall, start-up included)"]
        + [_cell(runs[n]["wall_s"], runs[n]["pages"], runs[n]["chars"]) for n in runs]
    )
    rows.append(["ms per page, end to end"] + [f"{runs[n]['wall_s'] / max(n, 1) * 1000:.0f} ms" for n in runs])
    rows.append(["peak memory (RSS)"] + [f"{runs[n]['peak_rss_mib']:,.0f} MiB" for n in runs])
    return ["### 1. Throughput per step (`gazette run`, one process)", "", _table(header, rows), ""]


def _marginal_cost(results: dict) -> list[str]:
    """Section 2: the cost of one more page, next to the naive pass's."""
    runs = results["runs"]
    per_page, fixed = _marginal(results)
    naive = results["naive"]
    naive_page = naive["pages_s"] / max(naive["pages"], 1)
    lo, hi = min(runs), max(runs)
    ratio = per_page / naive_page if naive_page else float("nan")
    r = runs[lo]
    return [
        "### 2. Marginal cost per page: `gazette run` vs the naive pass",
        "",
        _table(
            ["", "fixed start-up", "per page", "pages/s", "measured on"],
            [
                [
                    "`gazette run`: extract, clean, split, enrich, write",
                    f"{fixed:.1f} s",
                    f"{per_page * 1000:.0f} ms",
                    f"{1 / per_page:.1f}",
                    f"slope between {lo:,} and {hi:,} pages" if lo != hi else f"{lo:,} pages, steps only",
                ],
                [
                    "naive pass: jieba POS tagging of the whole page + one figure regex",
                    f"{naive['imports_s'] + naive['dictionary_s']:.1f} s",
                    f"{naive_page * 1000:.0f} ms",
                    f"{1 / naive_page:.1f}",
                    f"{naive['pages']:,} pages",
                ],
                ["**gazette / naive**", "", f"**{ratio:.2f}** (goal ≤ {GOALS['marginal_ratio']:g})", "", ""],
            ],
        ),
        "",
        f"`gazette run`'s fixed part at {lo:,} pages: interpreter and imports "
        f"{r['interpreter_s'] + r['imports_s']:.1f} s, jieba dictionary {r['steps'].get('dictionary', 0):.1f} s, "
        f"officials + DuckDB models {r['steps'].get('officials', 0) + r['steps'].get('models', 0):.1f} s.",
        "",
    ]


def _incremental(inc: dict) -> list[str]:
    """Section 3: one new page into the small and into the largest warehouse."""
    small, large = min(inc), max(inc)
    inc_ratio = inc[large]["wall_s"] / inc[small]["wall_s"]
    return [
        "### 3. Incremental: one new page, `gazette run` on the whole folder again",
        "",
        f"Median of {len(inc[small]['trials_s'])} runs, each adding the page (then removed with `--prune`), "
        "the two warehouses in turns.",
        "",
        _table(
            ["warehouse before", "pages processed", "wall", "every run", "of which officials + models", "peak memory"],
            [
                [
                    f"{n:,} pages",
                    f"{inc[n]['pages']:,}",
                    f"{inc[n]['wall_s']:.2f} s",
                    ", ".join(f"{wall:.2f}" for wall in inc[n]["trials_s"]) + " s",
                    f"{inc[n]['steps'].get('officials', 0) + inc[n]['steps'].get('models', 0):.2f} s",
                    f"{inc[n]['peak_rss_mib']:,.0f} MiB",
                ]
                for n in (small, large)
            ]
            + [
                [
                    f"**ratio {large:,} / {small:,}**",
                    "",
                    f"**{inc_ratio:.2f}** (goal ≤ {GOALS['incremental_ratio']:g})",
                    "",
                    "",
                    "",
                ]
            ],
        ),
        "",
    ]


def _sql_models(sql: dict, runs: dict) -> list[str]:
    """Section 4: every SQL model on the synthetic warehouse, and the largest run's peak memory."""
    out = [f"### 4. SQL models on {sql['articles']:,} synthetic articles", ""]
    if "models" not in sql:
        out += [f"failed (exit {sql['rc']}); see {sql['log']}", ""]
    else:
        out += [
            ", ".join(f"{table} {_n(count)}" for table, count in sql["rows"].items())
            + f" rows; built in {sql['build_s']:.0f} s.",
            "",
            _table(
                [
                    "model",
                    "rows",
                    "first run",
                    "median of 3",
                    "one file per table",
                    "ratio",
                    f"< {GOALS['model_s']:g} s; ≤ {GOALS['model_vs_one_file']:g}× or < "
                    f"{GOALS['model_small_s'] * 1000:g} ms",
                ],
                [
                    [
                        f"`{x['model']}`" if x["rows"] is not None else x["model"],
                        f"{x['rows']:,}" if x["rows"] is not None else "",
                        f"{x['first_s']:.3f} s",
                        f"{x['median_s']:.3f} s",
                        f"{x['one_file_median_s']:.3f} s" if "one_file_median_s" in x else "",
                        f"{x['median_s'] / x['one_file_median_s']:.2f}×" if x.get("one_file_median_s") else "",
                        _model_goal(x),
                    ]
                    for x in sql["models"]
                ],
            ),
            "",
            "Files per table: "
            + ", ".join(f"{table} {n}" for table, n in sql.get("files_per_table", {}).items())
            + ".",
            "",
        ]
    hi = max(runs)
    peak = runs[hi]["peak_rss_mib"]
    out += [
        f"Peak memory of `gazette run` on {hi:,} pages: {peak:,.0f} MiB "
        f"(goal < {GOALS['peak_rss_mib'] / 1024:g} GiB: "
        f"{'met' if peak < GOALS['peak_rss_mib'] else '**not met**'}).",
        "",
    ]
    return out


def _workers(pool: dict) -> list[str]:
    """Section 5: `gazette run --workers N` against one worker, on the same pages."""
    base = pool[min(pool)]
    return [
        "### 5. `gazette run --workers N` (end to end, start-up included)",
        "",
        _table(
            ["workers", "pages", "wall", "ms per page", "speed-up", "peak memory"],
            [
                [
                    f"{w}",
                    f"{p['pages']:,}",
                    f"{p['wall_s']:.1f} s",
                    f"{p['wall_s'] / p['pages'] * 1000:.0f} ms",
                    f"{base['wall_s'] / p['wall_s']:.2f}×",
                    f"{p['peak_rss_mib']:,.0f} MiB",
                ]
                for w, p in pool.items()
            ],
        ),
        "",
    ]


def _ocr(ocr: dict) -> list[str]:
    """Section 9: scans read by OCR through `gazette run`, seconds a page."""
    title = "### 9. Scans read by OCR: `gazette run` on page images (200 dpi, 3 columns, turned, blurred, speckled)"
    if "skipped" in ocr:
        return [title, "", f"Skipped: {ocr['skipped']}.", ""]
    pages, default, one = ocr["pages"], ocr["default"], ocr["one_process"]
    extract = one["steps"].get("extract", 0.0)
    rows = [
        ["`gazette run` (default workers)", f"{default['wall_s']:.1f} s", f"{default['wall_s'] / pages:.2f} s", "", ""],
        [
            "`gazette run --workers 1`",
            f"{one['wall_s']:.1f} s",
            f"{one['wall_s'] / pages:.2f} s",
            f"{extract / pages:.2f} s",
            f"{(one['wall_s'] - extract) / pages:.2f} s",
        ],
    ]
    for row, run in zip(rows, (default, one), strict=True):
        row.insert(3, f"{run['cpu_s'] / pages:.2f} s")
    for row, run in zip(rows, (default, one), strict=True):
        row.append(f"{run['peak_rss_mib']:,.0f} MiB")
        if run["rc"] not in (0, None):
            row[0] += f" (exit {run['rc']})"
    return [
        title,
        "",
        f"{pages} drawn pages, font {ocr['font']}; wall and CPU time with start-up and the OCR engine's loading "
        "(on a shared machine the CPU seconds say what a page costs).",
        "",
        _table(
            ["run", "wall", "s per page", "CPU s per page", "extract (OCR) s/page", "the rest s/page", "peak memory"],
            rows,
        ),
        "",
    ]


def _storage(results: dict) -> list[str]:
    """Section 6: Parquet bytes and files of each warehouse, and `gazette report`'s cost."""
    runs = results["runs"]
    hi = max(runs)
    out = [
        "### 6. Storage and the report",
        "",
        _table(
            ["warehouse", "input", "Parquet", f"per input byte (goal ≤ {GOALS['parquet_per_input']:g})", "files"],
            [
                [
                    f"{n:,} pages",
                    f"{r['storage']['input_bytes'] / 1e6:,.1f} MB",
                    f"{r['storage']['parquet_bytes'] / 1e6:,.1f} MB",
                    f"{r['storage']['parquet_bytes'] / max(r['storage']['input_bytes'], 1):.2f}",
                    ", ".join(f"{t} {c}" for t, c in r["storage"]["files_per_table"].items()),
                ]
                for n, r in runs.items()
                if "storage" in r
            ],
        ),
        "",
    ]
    big = runs[hi].get("storage")
    if big:
        out += [
            f"Bytes per table at {hi:,} pages: "
            + ", ".join(
                f"{t} {b / 1e6:,.1f} MB" for t, b in sorted(big["bytes_per_table"].items(), key=lambda i: -i[1])
            )
            + ".",
            "",
        ]
    out += [
        _table(
            ["`gazette report` on", "wall", "peak memory", f"file (goal < {GOALS['report_mb']:g} MB)"],
            [
                [
                    label,
                    f"{r['wall_s']:.1f} s",
                    f"{r['peak_rss_mib']:,.0f} MiB",
                    f"{r['mb']:.2f} MB" if r["mb"] else "failed",
                ]
                for label, r in results.get("report", {}).items()
            ],
        ),
        "",
    ]
    return out


def scale_report(scale: dict) -> list[str]:
    """Section 8: the goals at the copied warehouse's size."""
    pages, store, small = scale["pages"], scale["storage"], scale["incremental_small"]
    out = [
        f"### 8. At {pages:,} pages: the {scale['source_pages']:,}-page warehouse copied {scale['copies']} times",
        "",
        f"Built by `benchmarks/replicate.py` in {scale['build']['wall_s']:.0f} s: each page's rows again under a "
        "page file of its own, in the compacted files of their issue year, with the run's bookkeeping.",
        "",
    ]
    inc = scale["incremental"]
    rows = [
        [
            "Parquet per input byte",
            f"{store['parquet_bytes'] / 1e6:,.0f} MB for {store['input_bytes'] / 1e6:,.0f} MB: "
            f"**{store['parquet_bytes'] / max(store['input_bytes'], 1):.2f}**",
            f"≤ {GOALS['parquet_per_input']:g}",
        ],
        ["files per table", ", ".join(f"{t} {c}" for t, c in store["files_per_table"].items()), ""],
        [
            f"one new page (median of {len(inc['trials_s'])}, in turns with one into {INCREMENTAL_SMALL})",
            f"{inc['wall_s']:.2f} s ({', '.join(f'{w:.2f}' for w in inc['trials_s'])} s), peak "
            f"{inc['peak_rss_mib']:,.0f} MiB, against {small['wall_s']:.2f} s "
            f"({', '.join(f'{w:.2f}' for w in small['trials_s'])} s): "
            f"**{inc['wall_s'] / small['wall_s']:.2f}×** one into {INCREMENTAL_SMALL}",
            f"≤ {GOALS['incremental_ratio']:g}× one into {INCREMENTAL_SMALL}",
        ],
    ]
    report = scale["report"]
    rows.append(
        [
            "`gazette report`",
            f"{report['wall_s']:.1f} s, peak {report['peak_rss_mib']:,.0f} MiB, "
            + (f"{report['mb']:.2f} MB" if report["mb"] else "failed"),
            f"< {GOALS['peak_rss_mib'] / 1024:g} GiB, < {GOALS['report_mb']:g} MB",
        ]
    )
    out += [_table(["", "measured", "goal"], rows), ""]
    models = scale["models"].get("models")
    if models:
        out += [
            _table(
                ["model", "rows", "first run", "median of 3", "one file per table", "goal met"],
                [
                    [
                        f"`{x['model']}`" if x["rows"] is not None else x["model"],
                        "" if x["rows"] is None else f"{x['rows']:,}",
                        f"{x['first_s']:.2f} s",
                        f"{x['median_s']:.2f} s",
                        f"{x['one_file_median_s']:.2f} s" if x.get("one_file_median_s") else "",
                        _model_goal(x),
                    ]
                    for x in models
                ],
            ),
            "",
        ]
    return out


def dagster_report(dagster: dict) -> list[str]:
    """Section 7: the wait from dropping pages into the inbox to their materialisation, and its parts."""
    out = [f"### 7. Dagster: {dagster['pages']:,} pages dropped into the inbox of a running `dagster-daemon`", ""]
    if "pages_s" not in dagster:
        return [*out, f"failed: {dagster.get('error', 'exit ' + str(dagster['rc']))}", ""]
    cli = dagster["cli"]["wall_s"]
    runs = [run for run in dagster["runs"] if run["started_s"] is not None and run["ended_s"] is not None]
    if not runs:
        return [*out, "failed: no page_job run had started and ended when the pages were stored", ""]
    asked = min(run["asked_s"] for run in runs)
    started = min(run["started_s"] for run in runs)
    run_s = max(run["ended_s"] for run in runs) - started
    fixed = started  # until the first run's process started: the sensor's ticks, the queue
    goal = GOALS["dagster_cli_ratio"] * cli + GOALS["dagster_fixed_s"]
    out += [
        _table(
            ["", "seconds"],
            [
                ["`gazette run` on the same pages (default workers, start-up included)", f"{cli:.1f}"],
                ["Dagster: dropped → every page's enrichment stored", f"**{dagster['pages_s']:.1f}**"],
                ["… of which: until the sensor asked for runs (files hold still for a tick)", f"{asked:.1f}"],
                ["… until the first run's process started (run queue, launch)", f"{started - asked:.1f}"],
                [f"… the runs ({len(runs)} ended, side by side; imports, jieba, four steps)", f"{run_s:.1f}"],
                ["Dagster: dropped → officials and the models follow", f"{dagster.get('officials_s') or 0:.1f}"],
                ["daemon start (not counted above)", f"{dagster['daemon_start_s']:.1f}"],
            ],
        ),
        "",
        f"Goal: within {GOALS['dagster_cli_ratio']:g}× the CLI plus a fixed start-up under "
        f"{GOALS['dagster_fixed_s']:g} s, i.e. {goal:.0f} s: "
        f"{'met' if dagster['pages_s'] <= goal else '**not met**'}; the runs alone take "
        f"{run_s / cli:.1f}× the CLI, the fixed part before them is {fixed:.0f} s.",
        "",
    ]
    return out
