"""docs/tables.md is generated from gazette/tables/ and sql/: it must say what the code says."""

import re
import subprocess

import pytest

from gazette import docs
from gazette.cli import main
from gazette.tables import COLUMN_DOCS, CONTRACT_COLUMNS, CONTRACT_MODELS, SCHEMAS, TABLE_DOCS
from tests.conftest import skip_summary
from tests.helpers import REPO, SHARED

CONTRACT = SHARED / "CONTRACT.md"
needs_contract = pytest.mark.skipif(not CONTRACT.exists(), reason=f"{CONTRACT} not found (set GAZETTE_SHARED)")

REGENERATE = f"regenerate it with `.venv/bin/{docs.COMMAND}` (then commit docs/tables.md)"


def test_every_table_and_column_is_described():
    assert set(TABLE_DOCS) == set(SCHEMAS), "TABLE_DOCS in gazette/tables/descriptions.py must describe every table"
    for table, schema in SCHEMAS.items():
        described = set(COLUMN_DOCS.get(table, {}))
        missing, stale = set(schema.names) - described, described - set(schema.names)
        assert not missing, f"describe {table}.{sorted(missing)} in COLUMN_DOCS (gazette/tables/descriptions.py)"
        assert not stale, f"COLUMN_DOCS describes {table}.{sorted(stale)}, which SCHEMAS no longer has"
        assert all(COLUMN_DOCS[table].values()), f"{table}: a column has an empty description"


def test_the_table_reference_is_up_to_date():
    reference = REPO / docs.DOC
    current = reference.read_text(encoding="utf-8") if reference.exists() else ""
    assert current == docs.render(), f"{reference} is out of date: {REGENERATE}"


def test_the_check_command_agrees(capsys):
    assert docs.main(["--check", "--out", str(REPO / docs.DOC)]) == 0, capsys.readouterr().err


def test_the_readme_sql_examples_print_what_the_readme_shows(seed_pages, warehouse, capsys):
    """Each ```sql block of the README, run with `gazette sql` on a warehouse built from the
    seeds, prints exactly the table pasted under it."""
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    examples = re.findall(r"```sql\n(.*?)```\n```\n(.*?)```", readme, re.S)
    assert len(examples) >= 5
    assert main(["run", "--input", str(seed_pages), "--warehouse", str(warehouse.root)]) == 0
    capsys.readouterr()
    for sql, shown in examples:
        assert main(["sql", sql.strip(), "--format", "table", "--warehouse", str(warehouse.root)]) == 0, sql
        assert capsys.readouterr().out.strip() == shown.strip(), f"the README's output is out of date for: {sql}"


def _outside_brackets(text: str) -> list[tuple[int, str]]:
    """(bracket depth, character) for each character of the text."""
    depth, out = 0, []
    for char in text:
        depth += char in "(（"
        out.append((depth, char))
        depth -= char in ")）"
    return out


def _contract_columns(text: str) -> dict[str, list[str]]:
    """table -> the columns CONTRACT.md lists for it: the ': a, b (note, more), c.' after each
    '`table` - ...' heading, up to its first full stop outside brackets."""
    out = {}
    for match in re.finditer(r"^`(\w+)` - .*?\n: (.*?)(?=\n\n|\Z)", text, flags=re.M | re.S):
        listed = match[2] + " "
        items, current = [], ""
        for i, (depth, char) in enumerate(_outside_brackets(listed)):
            if depth == 0 and char == "." and listed[i + 1] in " \n":
                break
            if depth == 0 and char == ",":
                items.append(current)
                current = ""
            else:
                current += char
        items.append(current)
        out[match[1]] = [re.match(r"\s*([a-z_0-9]+)", item)[1] for item in items if item.strip()]
    return out


@needs_contract
def test_the_contract_held_in_the_repo_is_the_shared_one():
    text = CONTRACT.read_text(encoding="utf-8")
    assert _contract_columns(text) == CONTRACT_COLUMNS
    models = re.search(r"At least: (.*?)(?:\n\n|\Z)", text, flags=re.S)[1]
    assert set(re.findall(r"`(\w+)`", models)) == set(CONTRACT_MODELS)


DOCS = [REPO / "README.md", REPO / "CHANGELOG.md", *sorted((REPO / "docs").glob("*.md"))]


def test_the_readme_is_a_quickstart():
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    assert len(readme.splitlines()) <= 300
    assert "![" in readme and (REPO / "docs" / "report.png").exists()
    assert "make ui PORT=" in readme.replace("\n", " ")


@pytest.mark.parametrize("doc", DOCS, ids=lambda path: path.name)
def test_every_link_of_the_docs_points_at_a_file_of_the_repo(doc):
    text = re.sub(r"```.*?```", "", doc.read_text(encoding="utf-8"), flags=re.S)
    for target in re.findall(r"\]\(([^)\s]+)\)", text):
        assert "://" not in target, f"{doc.name}: {target} is outside the repo"
        path = (doc.parent / target.split("#")[0]).resolve() if not target.startswith("#") else doc
        assert path.is_relative_to(REPO) and path.exists(), f"{doc.name}: {target} is not a file of the repo"


def test_the_makefile_and_the_docs_agree_on_how_long_make_bench_takes():
    makefile = (REPO / "Makefile").read_text(encoding="utf-8")
    [duration] = re.findall(r"benchmarks/run\.py; ([\d-]+ hours)", makefile)
    for doc in ("README.md", "docs/performance.md"):
        assert f"{duration})" in (REPO / doc).read_text(encoding="utf-8") or f"{duration};" in (REPO / doc).read_text(
            encoding="utf-8"
        ), f"{doc} does not say make bench takes {duration}"


def test_make_ui_takes_a_port():
    shown = subprocess.run(
        ["make", "--no-print-directory", "-n", "ui", "PORT=3123"], cwd=REPO, capture_output=True, text=True, check=True
    )
    [command] = [line for line in shown.stdout.splitlines() if "dagster dev" in line]
    assert command.endswith("dagster dev -m gazette.definitions --port 3123")


def test_make_test_says_in_one_line_why_tests_were_skipped():
    line = skip_summary(["gold labels not found", "no chromium", "gold labels not found"])
    assert line == "3 skipped: 2 × gold labels not found; 1 × no chromium"
