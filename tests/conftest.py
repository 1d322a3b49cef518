"""Shared fixtures: a throw-away warehouse, a copy of the seed pages, the seeds' warehouse built once (and
copies of it), and the servers of tests/services.py."""

import shutil
from pathlib import Path

import pytest

from gazette.cli import main
from gazette.warehouse import Warehouse
from tests.helpers import REPO, copy_warehouse

# The servers some tests start for themselves: PostgreSQL and S3 (fixtures `postgres`, `s3`).
pytest_plugins = ["tests.services"]


# The modules whose tests take seconds each (they run gazette, often several times), heaviest first. xdist
# hands out the tests of a group (xdist_group) first, then the others in the order collected: these go
# out before the quick ones, so that the last tests each worker gets are short and both finish together.
SLOW_MODULES = [
    "test_reruns.py",
    "test_storage.py",
    "test_many_machines.py",
    "test_dagster.py",
    "test_cli.py",
    "test_shared_paper.py",
    "test_warehouse.py",
    "test_epaper.py",
    "test_models.py",
    "test_ocr.py",
]


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """The tests of SLOW_MODULES first, in that order; the others after them, as collected."""
    rank = {name: place for place, name in enumerate(SLOW_MODULES)}
    items.sort(key=lambda item: rank.get(item.path.name, len(SLOW_MODULES)))


@pytest.fixture
def warehouse(tmp_path) -> Warehouse:
    return Warehouse(tmp_path / "warehouse")


@pytest.fixture
def seed_pages(tmp_path) -> Path:
    """A private copy of seeds/, so a test may add or remove pages."""
    return Path(shutil.copytree(REPO / "seeds", tmp_path / "inbox"))


def skip_summary(reasons: list[str]) -> str:
    """One line: how many tests were skipped and why, the commonest reason first."""
    counts: dict[str, int] = {}
    for reason in reasons:
        counts[reason] = counts.get(reason, 0) + 1
    ranked = sorted(counts.items(), key=lambda item: (-item[1], item[0]))
    return f"{len(reasons)} skipped: " + "; ".join(f"{count} × {reason}" for reason, count in ranked)


def pytest_terminal_summary(terminalreporter) -> None:
    """Say why tests were skipped (pytest shows it only with -rs), in one line."""
    reasons = []
    for report in terminalreporter.stats.get("skipped", []):
        if isinstance(report.longrepr, tuple):  # (file, line, "Skipped: reason")
            reasons.append(str(report.longrepr[2]).removeprefix("Skipped: "))
    if reasons:
        terminalreporter.write_line(skip_summary(reasons))


@pytest.fixture(scope="session")
def seeds_warehouse(tmp_path_factory) -> Warehouse:
    """The seed pages built into a warehouse once per test process, for tests that only read it (gazette sql)
    or start from a copy of it (stored_seeds)."""
    root = tmp_path_factory.mktemp("seeds")
    inbox = Path(shutil.copytree(REPO / "seeds", root / "inbox"))
    warehouse = Warehouse(root / "warehouse")
    assert main(["run", "--input", str(inbox), "--warehouse", str(warehouse.root)]) == 0
    return warehouse


@pytest.fixture
def stored_seeds(seeds_warehouse, warehouse) -> Path:
    """The folder the seeds' warehouse was built from, with `warehouse` a copy of that warehouse: where
    `gazette run` on the seed pages leaves a test, without the run. The folder is set back to the seeds
    for each test, which may change it (a test process runs one test at a time)."""
    inbox = seeds_warehouse.root.parent / "inbox"
    shutil.rmtree(inbox)
    shutil.copytree(REPO / "seeds", inbox)  # with the seeds' times, as the warehouse recorded them
    copy_warehouse(seeds_warehouse, warehouse)
    return inbox
