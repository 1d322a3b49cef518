"""What tests share besides fixtures (those are in conftest.py): the checkout, the seed pages, their gold
labels (tests/gold; the pipeline itself never reads gold) and the scorer's rules, article rows, and copies of
warehouses built once."""

from __future__ import annotations

import json
import os
import re
import shutil
import unicodedata
from pathlib import Path

from gazette.clean import clean_page
from gazette.models import load_models
from gazette.tables import SCHEMAS
from gazette.warehouse import Warehouse

REPO = Path(__file__).resolve().parent.parent
SEEDS = sorted((REPO / "seeds").glob("*.txt"))
# The seeds' gold labels, copied from the shared folder (tests/gold/README.md).
GOLD_DIR = REPO / "tests" / "gold"
# The shared folder (dev set, scorer, contract) sits beside the checkout, as in CI.
SHARED = Path(os.environ.get("GAZETTE_SHARED", REPO.parent / "shared"))


def gold_for(seed: Path) -> dict:
    return json.loads((GOLD_DIR / (seed.stem + ".json")).read_text(encoding="utf-8"))


def norm(text) -> str:
    """The scorer's comparison: width, whitespace and punctuation ignored."""
    return re.sub(r"[\s\u3000\W_]+", "", unicodedata.normalize("NFKC", str(text or "")))


def f1(hits: int, predicted: int, gold: int) -> float:
    """The scorer's F1 (../shared/eval/score.py `prf`): nothing predicted of nothing is perfect."""
    precision = hits / predicted if predicted else (1.0 if not gold else 0.0)
    recall = hits / gold if gold else 1.0
    return 2 * precision * recall / (precision + recall) if precision + recall else 0.0


def _significant(value) -> float | None:
    try:
        return float(f"{float(value):.4g}")
    except (TypeError, ValueError):
        return None


def same_figure(gold: dict, predicted: dict) -> bool:
    """The scorer's match: the same normalised value to four significant digits, or the same value
    and unit as written."""
    normalized = _significant(gold.get("value_normalized"))
    if normalized is not None and normalized == _significant(predicted.get("value_normalized")):
        return True
    value = _significant(gold.get("value"))
    return (
        value is not None
        and value == _significant(predicted.get("value"))
        and (norm(gold.get("unit")) == norm(predicted.get("unit")))
    )


def figure_hits(gold: list[dict], predicted: list[dict]) -> int:
    """Gold figures matched one to one, each to the first unused prediction it matches, as the scorer does."""
    unused, hits = list(predicted), 0
    for g in gold:
        match = next((i for i, p in enumerate(unused) if same_figure(g, p)), None)
        if match is not None:
            hits += 1
            del unused[match]
    return hits


def seed_paragraph(seed_prefix: str, phrase: str) -> str:
    """The cleaned paragraph of a seed page (the first whose name starts with
    `seed_prefix`; "" = any) that contains `phrase`."""
    for seed in SEEDS:
        if seed.name.startswith(seed_prefix):
            for paragraph in clean_page(seed.read_text(encoding="utf-8")).text.split("\n"):
                if phrase in paragraph:
                    return paragraph
    raise LookupError(f"no seed paragraph contains {phrase!r}")


def article(body: str, article_id: str = "a1", **fields) -> dict:
    return {
        "article_id": article_id,
        "page_id": "p1",
        "issue_date": None,
        "headline": "",
        "kicker": None,
        "subheadline": None,
        "type": "news",
        "body": body,
        "reporters": [],
        "correspondents": [],
        "photographers": [],
        "char_start": 0,
        **fields,
    }


def rows_without_times(warehouse) -> dict[str, list]:
    """Every table's rows, sorted, without the columns that record when a run happened."""
    out = {}
    for table in SCHEMAS:
        data = warehouse.read_table(table).drop_columns(
            [c for c in ("ingested_at", "source_path") if c in SCHEMAS[table].names]
        )
        out[table] = sorted(map(repr, data.to_pylist()))
    return out


def copy_warehouse(built: Warehouse, to: Warehouse) -> Warehouse:
    """`to`, made a copy of the warehouse `built` (for a test that starts where a build done once
    left off), its gazette.duckdb published for the copy as a run publishes it: a copy reads its own
    files once published (test_a_copied_or_moved_warehouse_reads_its_own_files_or_says_so)."""
    shutil.copytree(built.root, to.root, symlinks=True, dirs_exist_ok=True)
    to.refresh_duckdb(load_models())
    return to
