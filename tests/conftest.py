"""Shared fixtures: a throw-away warehouse and a copy of the seed pages."""

import shutil
from pathlib import Path

import pytest

from pipelines.warehouse import Warehouse
from tests.helpers import REPO


@pytest.fixture
def warehouse(tmp_path) -> Warehouse:
    return Warehouse(tmp_path / "warehouse")


@pytest.fixture
def seed_pages(tmp_path) -> Path:
    """A private copy of seeds/, so a test may add or remove pages."""
    return Path(shutil.copytree(REPO / "seeds", tmp_path / "inbox"))
