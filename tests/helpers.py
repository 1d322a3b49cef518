"""What tests share besides fixtures (those are in conftest.py): the checkout, the seed pages and their gold
labels (the pipeline itself never reads gold), the columns the contract promises, and article rows."""

from __future__ import annotations

import json
import os
import re
import unicodedata
from pathlib import Path

import pytest

from pipelines.clean import clean_page

REPO = Path(__file__).resolve().parent.parent
SEEDS = sorted((REPO / "seeds").glob("*.txt"))
# The shared folder (gold labels, scorer) sits beside the checkout, as in CI.
SHARED = Path(os.environ.get("GAZETTE_SHARED", REPO.parent / "shared"))
GOLD_DIR = SHARED / "gold"
SCORER = SHARED / "eval" / "score.py"
needs_gold = pytest.mark.skipif(
    not (GOLD_DIR.is_dir() and SCORER.exists()), reason=f"gold labels not found at {SHARED} (set GAZETTE_SHARED)"
)


def gold_for(seed: Path) -> dict | None:
    path = GOLD_DIR / (seed.stem + ".json")
    return json.loads(path.read_text(encoding="utf-8")) if path.exists() else None


def norm(text) -> str:
    """The scorer's comparison: width, whitespace and punctuation ignored."""
    return re.sub(r"[\s\u3000\W_]+", "", unicodedata.normalize("NFKC", str(text or "")))


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
