"""Shared fixtures: a throw-away warehouse, a copy of the seed pages, and the seeds' warehouse built once."""

import shutil
from pathlib import Path

import pytest

from pipelines.cli import main
from pipelines.warehouse import Warehouse
from tests.helpers import REPO


@pytest.fixture
def warehouse(tmp_path) -> Warehouse:
    return Warehouse(tmp_path / "warehouse")


@pytest.fixture
def seed_pages(tmp_path) -> Path:
    """A private copy of seeds/, so a test may add or remove pages."""
    return Path(shutil.copytree(REPO / "seeds", tmp_path / "inbox"))


@pytest.fixture(scope="session")
def seeds_warehouse(tmp_path_factory) -> Warehouse:
    """The seed pages built into a warehouse once per test process, for tests that only read it (gazette sql)."""
    root = tmp_path_factory.mktemp("seeds")
    inbox = Path(shutil.copytree(REPO / "seeds", root / "inbox"))
    warehouse = Warehouse(root / "warehouse")
    assert main(["run", "--input", str(inbox), "--warehouse", str(warehouse.root)]) == 0
    return warehouse
