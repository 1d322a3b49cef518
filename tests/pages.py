"""Seed pages and their gold labels, for tests (the pipeline itself never reads gold)."""
from __future__ import annotations

import json
import re
import unicodedata
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
SEEDS = sorted((REPO / "seeds").glob("*.txt"))
GOLD_DIR = REPO.parent / "shared" / "gold"


def gold_for(seed: Path) -> dict | None:
    path = GOLD_DIR / (seed.stem + ".json")
    return json.loads(path.read_text(encoding="utf-8")) if path.exists() else None


def norm(text) -> str:
    """The scorer's comparison: width, whitespace and punctuation ignored."""
    return re.sub(r"[\s\u3000\W_]+", "", unicodedata.normalize("NFKC", str(text or "")))
