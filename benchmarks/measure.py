"""How a benchmark measures a process: wall seconds, exit status, CPU seconds and peak memory,
its worker processes included (benchmarks/run.py)."""

from __future__ import annotations

import contextlib
import os
import subprocess
import threading
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent


def _descendants(pid: int) -> list[int]:
    parents: dict[int, list[int]] = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        parents.setdefault(int(fields[1]), []).append(int(stat.parent.name))
    out, todo = [], [pid]
    while todo:
        out.append(todo.pop())
        todo += parents.get(out[-1], [])
    return out


def _rss_kib(pids: list[int]) -> int:
    page_kib = os.sysconf("SC_PAGE_SIZE") // 1024
    total = 0
    for pid in pids:
        with contextlib.suppress(OSError, IndexError, ValueError):
            total += int(Path(f"/proc/{pid}/statm").read_text().split()[1]) * page_kib
    return total


def measured(args: list[str], log: Path) -> dict:
    """Run a command to the end: wall seconds, exit status, peak memory.

    Peak memory is the larger of the kernel's peak RSS for the process (wait4, which
    also covers its children one at a time) and the peak of the summed RSS of the
    process and all its descendants, sampled every 0.2 s (for workers running at once).
    """
    env = {**os.environ, "BENCH_SPAWNED_AT": repr(time.time())}
    started = time.perf_counter()
    with open(log, "wb") as out:
        proc = subprocess.Popen(args, cwd=REPO, env=env, stdout=out, stderr=subprocess.STDOUT)
        peak, done = [0], threading.Event()

        def sample() -> None:
            while not done.wait(0.2):
                peak[0] = max(peak[0], _rss_kib(_descendants(proc.pid)))

        sampler = threading.Thread(target=sample, daemon=True)
        sampler.start()
        _, status, usage = os.wait4(proc.pid, 0)
        wall = time.perf_counter() - started
        done.set()
        sampler.join()
        proc.returncode = os.waitstatus_to_exitcode(status)
    return {
        "wall_s": wall,
        "rc": proc.returncode,
        "peak_rss_mib": max(usage.ru_maxrss, peak[0]) / 1024,
        "cpu_s": usage.ru_utime + usage.ru_stime,
        "log": str(log),
    }
