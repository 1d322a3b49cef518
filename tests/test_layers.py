"""The import contract of `make lint` ([tool.importlinter] in pyproject.toml) holds, and bites.

lint-imports checks copies of the package: one as it is, which keeps the contract, and one with
an import (or a module) added against each contract, whose every breach must be named.
"""

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.helpers import REPO

LINT_IMPORTS = Path(sys.executable).with_name("lint-imports")


def lint_imports(root: Path) -> subprocess.CompletedProcess:
    return subprocess.run(
        [LINT_IMPORTS, "--config", root / "pyproject.toml", "--no-cache", "--no-logo"],
        cwd=root,
        env={"PYTHONPATH": str(root), "PATH": "", "COLUMNS": "200"},  # no line wrapped in a message
        capture_output=True,
        text=True,
        timeout=120,
    )


def copy_of_the_package(folder: Path) -> Path:
    """A copy of the package and its contract, which lint-imports reads instead of the checkout's."""
    shutil.copy(REPO / "pyproject.toml", folder / "pyproject.toml")
    shutil.copytree(REPO / "gazette", folder / "gazette", symlinks=True, ignore=shutil.ignore_patterns("*.pyc"))
    return folder


def add_lines(module: Path, *lines: str) -> None:
    module.write_text(module.read_text(encoding="utf-8") + "\n" + "\n".join(lines) + "\n", encoding="utf-8")


def test_the_package_keeps_its_contract(tmp_path):
    result = lint_imports(copy_of_the_package(tmp_path))
    assert result.returncode == 0, result.stdout + result.stderr
    assert "0 broken" in result.stdout


@pytest.fixture(scope="module")
def broken(tmp_path_factory) -> subprocess.CompletedProcess:
    """lint-imports on a copy of the package with one import (or module) that breaks each contract."""
    package = copy_of_the_package(tmp_path_factory.mktemp("broken")) / "gazette"
    # A step importing the CLI, inside a function.
    add_lines(package / "split" / "segment.py", "def _run():", "    import gazette.cli  # noqa")
    # An earlier step importing a later one, under TYPE_CHECKING.
    add_lines(
        package / "clean" / "chars.py",
        "from typing import TYPE_CHECKING",
        "if TYPE_CHECKING:",
        "    from gazette.split import SplitPage  # noqa",
    )
    add_lines(package / "enrich" / "places.py", "from gazette.warehouse import Warehouse  # noqa")
    add_lines(package / "extract" / "base.py", "def _read():", "    from gazette.extract import page  # noqa")
    (package / "helpers.py").write_text('"""A module in no layer."""\n', encoding="utf-8")
    return lint_imports(package.parent)


def test_a_broken_contract_fails_make_lint(broken):
    assert broken.returncode != 0


@pytest.mark.parametrize(
    "message",
    [
        "gazette.split is not allowed to import gazette.cli",  # inside a function
        "gazette.clean is not allowed to import gazette.split",  # under TYPE_CHECKING
        "gazette.enrich is not allowed to import gazette.warehouse",  # a step importing storage
        "No cycles are allowed in gazette.extract",  # base.py <-> page.py
        "gazette.helpers",  # a module in no layer
    ],
)
def test_each_breach_is_named(broken, message):
    assert message in broken.stdout, broken.stdout
