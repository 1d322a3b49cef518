"""Pages dropped into the inbox while Dagster runs, until they are materialised (`make bench`, section 6).

    .venv/bin/python -m benchmarks.dagster_inbox OUT.json --pages 100 --work /tmp/x --corpus FOLDER

Starts `dagster-daemon run -m gazette.definitions` (what `make ui` runs besides the web
server: the inbox sensor, the run queue, the automation) on a fresh instance, an empty
inbox and an empty warehouse. Once the sensor ticks, copies the pages into the inbox and
waits until every page's enrichment is stored (the last page step), then until officials
follow. The page_job runs' own records split the wait into: until the sensor asked for a
run (it waits for files to hold still between two ticks), until the run started (queue,
new process), and the run itself (imports, jieba, the four steps on every page).
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import duckdb

from gazette.warehouse import Warehouse

REPO = Path(__file__).resolve().parent.parent
DAEMON = Path(sys.executable).with_name("dagster-daemon")
TIMEOUT_S = 900


def _written(warehouse: Path, table: str) -> int:
    """Pages written to a page table so far, as the lake's catalog says (0 before the first)."""
    lake = Warehouse(warehouse).lake
    try:
        return len(lake.written(table))
    except duckdb.Error:  # the catalog not created yet, or busy with a commit: asked again
        return 0
    finally:
        lake.close()


def _officials_since(warehouse: Path, when: float) -> bool:
    """Whether the lake committed a snapshot that changed officials after `when` (epoch seconds)."""
    lake = Warehouse(warehouse).lake
    try:
        return any(
            committed.timestamp() > when and "officials" in changes for _, committed, changes in lake.snapshots()
        )
    except duckdb.Error:
        return False
    finally:
        lake.close()


def _wait(condition, timeout: float = TIMEOUT_S, every: float = 0.2) -> float | None:
    """Seconds until `condition()` held (perf_counter), or None on timeout."""
    deadline = time.perf_counter() + timeout
    while time.perf_counter() < deadline:
        if condition():
            return time.perf_counter()
        time.sleep(every)
    return None


def measure(pages: list[Path], work: Path) -> dict:
    home, inbox, warehouse = work / "dagster_home", work / "inbox", work / "warehouse"
    for folder in (home, inbox):
        folder.mkdir(parents=True, exist_ok=True)
    shutil.copy(REPO / "config" / "dagster.yaml", home / "dagster.yaml")
    env = {
        **os.environ,
        "DAGSTER_HOME": str(home),
        "GAZETTE_INBOX": str(inbox),
        "GAZETTE_WAREHOUSE": str(warehouse),
    }
    log = work / "daemon.log"
    started = time.perf_counter()
    with open(log, "wb") as out:
        daemon = subprocess.Popen(
            [str(DAEMON), "run", "-m", "gazette.definitions"],
            cwd=REPO,
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    result: dict = {"pages": len(pages)}
    try:
        ready = _wait(lambda: "inbox_sensor" in log.read_text(errors="replace"), timeout=300)
        if ready is None:
            return {**result, "error": f"the daemon never ticked; see {log}"}
        result["daemon_start_s"] = ready - started
        dropped = time.perf_counter()
        dropped_wall = time.time()
        for page in pages:
            shutil.copy(page, inbox / page.name)
        enriched = _wait(lambda: _written(warehouse, "places") >= len(pages), every=1.0)
        if enriched is None:
            return {**result, "error": f"pages not materialised within {TIMEOUT_S} s; see {log}"}
        result["pages_s"] = enriched - dropped
        officials = _wait(lambda: _officials_since(warehouse, dropped_wall), timeout=300, every=1.0)
        result["officials_s"] = officials - dropped if officials else None
        # A page_job run ends (its last event) a moment after the pages it stored: wait for its end, a minute at most
        _wait(lambda: all(run["ended_s"] is not None for run in _runs(home, dropped_wall)), timeout=60, every=1.0)
        result["runs"] = _runs(home, dropped_wall)
    finally:
        os.killpg(daemon.pid, signal.SIGTERM)
        try:
            daemon.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(daemon.pid, signal.SIGKILL)
    return result


def _runs(home: Path, since: float) -> list[dict]:
    """The page_job runs: when each was asked for, started and ended, seconds after the drop."""
    os.environ["DAGSTER_HOME"] = str(home)
    import dagster as dg

    with dg.DagsterInstance.get() as instance:
        records = instance.get_run_records(dg.RunsFilter(job_name="page_job"))
        return sorted(
            (
                {
                    "asked_s": record.create_timestamp.timestamp() - since,
                    # None: not started, or not ended, when the pages were all stored
                    "started_s": record.start_time - since if record.start_time else None,
                    "ended_s": record.end_time - since if record.end_time else None,
                    "status": record.dagster_run.status.value,
                    "partitions": record.dagster_run.tags.get("dagster/asset_partition_range_start", "")
                    + ".."
                    + record.dagster_run.tags.get("dagster/asset_partition_range_end", ""),
                }
                for record in records
            ),
            key=lambda run: run["asked_s"],
        )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("--corpus", type=Path, required=True, help="folder of page files")
    parser.add_argument("--pages", type=int, default=100)
    parser.add_argument("--work", type=Path, required=True)
    args = parser.parse_args(argv)
    pages = sorted(args.corpus.glob("*.txt"))[: args.pages]
    args.out.write_text(json.dumps(measure(pages, args.work), indent=1), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
