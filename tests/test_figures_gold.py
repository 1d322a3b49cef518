"""The seeds' figures against their gold labels' metric, period and subject (score.py matches
figures by value only). data/seed_figures_gold.json holds the figures of ../shared/gold, the
seeds' hand labels, with each page's issue date as printed or inferred there (page 004 prints
none; its labels place it in April 2023, and a period needs only the year)."""

import json
import shutil

import duckdb
import pytest

from pipelines.cli import main
from pipelines.warehouse import Warehouse
from tests.helpers import REPO

GOLD = json.loads((REPO / "tests" / "data" / "seed_figures_gold.json").read_text(encoding="utf-8"))


def names_the_quantity(metric: str | None, labelled: str) -> bool:
    """The metric and the label share a run of characters at least half as long as the label."""
    if not metric:
        return False
    metric, labelled = (x.replace("“", "").replace("”", "") for x in (metric, labelled))
    longest = max(
        (n for i in range(len(metric)) for n in range(1, len(metric) - i + 1) if metric[i : i + n] in labelled),
        default=0,
    )
    return longest >= max(2, (len(labelled) + 1) // 2)


@pytest.fixture(scope="module")
def scores(tmp_path_factory) -> dict[str, float]:
    root = tmp_path_factory.mktemp("gold")
    inbox = root / "inbox"
    inbox.mkdir()
    manifest = ["file,issue_date,edition,issue_no,paper"]
    for name, page in GOLD.items():
        shutil.copy(REPO / "seeds" / name, inbox / name)
        manifest.append(f"{name},{page['issue_date']},,,pinghu")
    (inbox / "manifest.csv").write_text("\n".join(manifest) + "\n", encoding="utf-8")
    warehouse = Warehouse(root / "warehouse")
    assert main(["run", "--input", str(inbox), "--warehouse", str(warehouse.root)]) == 0
    with duckdb.connect(str(warehouse.db_path), read_only=True) as con:
        rows = con.sql(
            "SELECT p.source_path, f.value_normalized, f.metric, f.period, f.subject FROM economic_figures f "
            "JOIN articles a USING (article_id) JOIN pages p ON p.page_id = a.page_id"
        ).fetchall()
    hits = {"metric": 0, "period": 0, "subject": 0}
    matched = 0
    for name, page in GOLD.items():
        unused = [r for r in rows if r[0].endswith(name)]
        for gold in page["economic_figures"]:
            found = next((r for r in unused if f"{r[1]:.6g}" == f"{gold['value_normalized']:.6g}"), None)
            if found is None:
                continue
            unused.remove(found)
            matched += 1
            hits["metric"] += names_the_quantity(found[2], gold["metric"])
            hits["period"] += found[3] == gold["period"]
            hits["subject"] += bool(found[4]) and names_the_quantity(found[4], gold["subject"])
    assert matched == sum(len(page["economic_figures"]) for page in GOLD.values())
    return {field: n / matched for field, n in hits.items()}


def test_periods_are_the_labelled_ones(scores):
    assert scores["period"] >= 0.9


def test_metrics_name_the_labelled_quantity(scores):
    assert scores["metric"] >= 0.65


def test_subjects_name_the_labelled_one(scores):
    assert scores["subject"] >= 0.4


def test_the_quantity_measure_tells_a_name_from_a_place():
    assert names_the_quantity("人才资源总量", "人才资源总量增长")
    assert not names_the_quantity("平湖市", "人才资源总量")
    assert not names_the_quantity(None, "人才资源总量")
