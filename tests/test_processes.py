"""Processes a run starts die with it, Ctrl-C stops it cleanly, and jieba's cache is the user's own.

These start real `gazette run` processes and signal them, as a user (or the OOM killer) would.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from benchmarks.corpus import write_corpus
from gazette.run import POOL_MIN_PAGES
from tests.helpers import REPO

# The corpus is written once (a module fixture), so its tests run in one process under make test.
pytestmark = pytest.mark.xdist_group("test_processes")

RUN = [sys.executable, "-m", "gazette.cli", "run"]
PAGES = POOL_MIN_PAGES + 20  # enough for the worker pool


def children(pid: int) -> list[int]:
    """The live processes whose parent is `pid` (zombies are dead)."""
    found = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == pid and fields[0] != "Z":
            found.append(int(stat.parent.name))
    return found


def alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


def is_worker(pid: int) -> bool:
    try:
        return b"spawn_main" in Path(f"/proc/{pid}/cmdline").read_bytes()
    except OSError:
        return False


def wait_for(condition, timeout: float = 60.0) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.1)
    return False


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("corpus")
    write_corpus(folder, PAGES)
    return folder


def start_run(corpus: Path, warehouse: Path) -> subprocess.Popen:
    return subprocess.Popen(
        [*RUN, "--input", str(corpus), "--warehouse", str(warehouse), "--workers", "2"],
        cwd=REPO,
        # a run that hangs is sent SIGABRT (hung), and Python prints where each of its threads stood
        env={**os.environ, "PYTHONFAULTHANDLER": "1"},
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        # Ctrl-C as at a terminal, even where this test's own process was started ignoring it
        preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL),
    )


def hung(run: subprocess.Popen) -> str:
    """The end of what a run that does not stop printed, with the stack of each of its threads."""
    run.send_signal(signal.SIGABRT)
    _, err = run.communicate()
    return err[-6000:]


def workers_of(run: subprocess.Popen) -> list[int]:
    """The run's two worker processes, once both are there."""
    workers: list[int] = []

    def both_started() -> bool:
        workers[:] = [pid for pid in children(run.pid) if is_worker(pid)]
        return len(workers) == 2

    assert wait_for(both_started), "the run never started its two workers"
    return workers


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc")
def test_kill_9_of_a_run_takes_its_workers_along(corpus, tmp_path):
    run = start_run(corpus, tmp_path / "warehouse")
    try:
        workers = workers_of(run)
        time.sleep(1.0)  # let them start on pages
        os.kill(run.pid, signal.SIGKILL)
        run.wait()
        assert wait_for(lambda: not any(alive(pid) for pid in workers), timeout=10), "workers outlived the run"
    finally:
        for pid in [run.pid, *children(run.pid)]:
            if alive(pid):
                os.kill(pid, signal.SIGKILL)


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc")
def test_ctrl_c_stops_a_run_with_workers_at_once_in_one_line(corpus, tmp_path):
    """(That what was written stays whole is tested in test_cli, without processes.)"""
    run = start_run(corpus, tmp_path / "warehouse")
    workers = workers_of(run)
    time.sleep(1.0)
    os.kill(run.pid, signal.SIGINT)
    try:
        _, err = run.communicate(timeout=30)
    except subprocess.TimeoutExpired:
        pytest.fail(f"the run went on 30 s after Ctrl-C; where it stood:\n{hung(run)}")
    assert run.returncode == 130
    assert "Traceback" not in err and err.splitlines()[-1].startswith("gazette: interrupted;"), err
    assert not any(alive(pid) for pid in workers)


def test_jieba_cache_goes_to_a_folder_of_the_users_own(tmp_path):
    """A shared temp folder whose jieba.cache the user cannot replace (another user's) prints no traceback."""
    shared = tmp_path / "shared-tmp"
    (shared / "jieba.cache").mkdir(parents=True)  # stands for a file this user may not replace
    home = tmp_path / "home"
    home.mkdir()
    env = {**os.environ, "TMPDIR": str(shared), "HOME": str(home)}
    env.pop("XDG_CACHE_HOME", None)
    page = REPO / "seeds" / sorted(path.name for path in (REPO / "seeds").glob("*.txt"))[0]
    result = subprocess.run(
        [sys.executable, "-c", f"from gazette.pipeline import process_page; process_page({str(page)!r})"],
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr and "Dump cache file failed" not in result.stderr, result.stderr
    assert (home / ".cache" / "gazette" / "jieba.cache").is_file()


def test_a_run_with_nothing_new_never_loads_jiebas_tagger_or_keyword_table(stored_seeds, warehouse):
    """jieba.posseg and jieba.analyse read their tables when imported (2-3 s): only a process that
    enriches an article imports them."""
    script = (
        "import sys; from gazette.cli import main; "
        f"code = main(['run', '--input', {str(stored_seeds)!r}, '--warehouse', {str(warehouse.root)!r}]); "
        "print(code, sorted(name for name in sys.modules if name in ('jieba.posseg', 'jieba.analyse')))"
    )
    done = subprocess.run([sys.executable, "-c", script], cwd=REPO, capture_output=True, text=True)
    *printed, result = done.stdout.splitlines()
    assert result == "0 []", done.stdout + done.stderr
    assert "0 pages processed (5 unchanged)" in printed[-1]
