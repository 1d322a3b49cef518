"""Seed pages and their gold labels, for tests (the pipeline itself never reads gold)."""

from __future__ import annotations

import json
import os
import re
import unicodedata
from pathlib import Path

import pytest

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
