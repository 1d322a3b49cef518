"""A wheel built from the checkout works outside it: every SQL model and rule file ships inside."""

import json
import subprocess
import sys
import zipfile

import pytest

from gazette.models import load_models
from tests.helpers import REPO

# One process builds the wheel in the checkout (make test runs the tests on several: --dist loadgroup).
pytestmark = pytest.mark.xdist_group("test_packaging")

# Run in a fresh interpreter whose only copy of `gazette` is the installed wheel.
PROBE = """
import json, sys
import gazette
from gazette.models import load_models
from gazette.enrich.title_rules import title_rules
from gazette.report import TEMPLATE
from gazette.report.queries import REPORT_SQL_DIR
print(json.dumps({
    "package": gazette.__file__,
    "models": sorted(model.name for model in load_models()),
    "titles": bool(title_rules().posts),
    "template": TEMPLATE.exists(),
    "report_queries": sorted(path.name for path in REPORT_SQL_DIR.glob("*.sql")),
}))
"""


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> str:
    out = tmp_path_factory.mktemp("wheel")
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "-q", "--no-deps", "--no-build-isolation", "-w", str(out), str(REPO)],
        check=True,
        capture_output=True,
    )
    [built] = out.glob("gazette-*.whl")
    return str(built)


def test_the_wheel_carries_every_model_and_rule_file(wheel):
    names = set(zipfile.ZipFile(wheel).namelist())
    for model in load_models():
        assert f"gazette/sql/{model.path.name}" in names
    assert {f"gazette/sql/report/{path.name}" for path in (REPO / "sql" / "report").glob("*.sql")} <= names
    rule_files = {path.relative_to(REPO).as_posix() for path in (REPO / "gazette").rglob("*.yaml")}
    assert rule_files and rule_files <= names


def test_the_installed_wheel_finds_every_model_outside_the_checkout(wheel, tmp_path):
    site = tmp_path / "site"
    subprocess.run(
        [sys.executable, "-m", "pip", "install", "--quiet", "--no-deps", "--target", str(site), wheel],
        check=True,
        capture_output=True,
    )
    probe = subprocess.run(
        [sys.executable, "-c", PROBE],
        cwd=tmp_path,
        env={"PYTHONPATH": str(site), "PATH": "/usr/bin:/bin"},
        check=True,
        capture_output=True,
        text=True,
    )
    found = json.loads(probe.stdout)
    assert found["package"].startswith(str(site))
    assert found["models"] == sorted(model.name for model in load_models())
    assert found["titles"] and found["template"]
    assert found["report_queries"] == sorted(path.name for path in (REPO / "sql" / "report").glob("*.sql"))
