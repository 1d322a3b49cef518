"""pipelines/rules.py: one loader for every YAML rule file shipped in the package."""

from pathlib import Path

import pytest

import pipelines
from pipelines.clean import markers
from pipelines.rules import load_rules

PACKAGE = Path(pipelines.__file__).parent
RULE_FILES = sorted(PACKAGE.rglob("*.yaml"))


def test_there_are_rule_files():
    assert len(RULE_FILES) >= 10


@pytest.mark.parametrize("path", RULE_FILES, ids=lambda p: p.relative_to(PACKAGE).as_posix())
def test_every_rule_file_loads_as_a_mapping(path):
    package = ".".join(("pipelines", *path.parent.relative_to(PACKAGE).parts))
    assert isinstance(load_rules(package, path.name), dict)


def test_a_rule_file_is_read_once_and_shared():
    assert load_rules("pipelines.clean", "markers.yaml") is markers()
