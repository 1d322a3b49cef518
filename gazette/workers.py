"""Worker processes for `gazette run --workers N` that never outlive the run.

- Killed with the run: on Linux each worker asks the kernel for SIGKILL when its
  parent dies (prctl PR_SET_PDEATHSIG), so `kill -9` of a run takes its workers
  along; elsewhere a thread in each worker watches the parent's pid.
- Ctrl-C is the parent's to handle: workers ignore SIGINT, and a run that stops
  early terminates its workers instead of waiting for the pages queued to them.
"""

from __future__ import annotations

import contextlib
import ctypes
import ctypes.util
import multiprocessing
import multiprocessing.pool
import os
import signal
import sys
import threading
import time
from collections.abc import Iterator

PR_SET_PDEATHSIG = 1  # <linux/prctl.h>
PARENT_POLL_S = 1.0  # how often the watchdog looks for the parent where prctl is missing


def _exit_when_orphaned(parent_pid: int) -> None:
    while os.getppid() == parent_pid:
        time.sleep(PARENT_POLL_S)
    os._exit(1)


def bind_to_parent(parent_pid: int) -> None:
    """Make this process die with `parent_pid`, and leave Ctrl-C to it (a pool initializer)."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    if sys.platform.startswith("linux"):
        libc = ctypes.CDLL(ctypes.util.find_library("c"), use_errno=True)
        if libc.prctl(PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0) != 0:
            raise OSError(ctypes.get_errno(), "prctl(PR_SET_PDEATHSIG) failed")
    else:
        threading.Thread(target=_exit_when_orphaned, args=(parent_pid,), daemon=True).start()
    if os.getppid() != parent_pid:  # the parent died before the request above was in place
        os._exit(1)


@contextlib.contextmanager
def worker_pool(workers: int) -> Iterator[multiprocessing.pool.Pool]:
    """A pool of `workers` fresh processes that die with this one; leaving it by an exception
    (Ctrl-C included) terminates them at once rather than letting them finish their queue."""
    pool = multiprocessing.get_context("spawn").Pool(workers, initializer=bind_to_parent, initargs=(os.getpid(),))
    try:
        yield pool
    except BaseException:
        pool.terminate()
        raise
    pool.close()
    pool.join()
