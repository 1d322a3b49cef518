"""The seeds' gold labels held in tests/gold are the shared ones, and tests/helpers.py scores as the shared
scorer does (both checked where ../shared sits beside the checkout)."""

import importlib.util
import itertools
import json

import pytest

from tests.helpers import GOLD_DIR, SEEDS, SHARED, f1, figure_hits, gold_for

SCORER = SHARED / "eval" / "score.py"
needs_shared = pytest.mark.skipif(not SCORER.exists(), reason=f"no scorer at {SCORER} (set GAZETTE_SHARED)")


def test_every_seed_has_its_gold_labels():
    assert sorted(path.stem for path in GOLD_DIR.glob("*.json")) == [seed.stem for seed in SEEDS]
    assert all(gold_for(seed)["source"] == seed.name for seed in SEEDS)


@needs_shared
def test_the_gold_held_in_the_repo_is_the_shared_one():
    for path in sorted((SHARED / "gold").glob("*.json")):
        held = GOLD_DIR / path.name
        assert held.exists(), f"copy {path} into tests/gold"
        assert json.loads(held.read_text(encoding="utf-8")) == json.loads(path.read_text(encoding="utf-8")), path.name


@needs_shared
def test_the_helpers_score_as_the_scorer_does():
    spec = importlib.util.spec_from_file_location("score", SCORER)
    scorer = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(scorer)
    for hits, predicted, gold in itertools.product(range(4), range(4), range(4)):
        if hits <= min(predicted, gold):
            assert round(f1(hits, predicted, gold), 4) == scorer.prf(hits, predicted, gold)["f1"]
    figures = [figure for seed in SEEDS for figure in gold_for(seed)["economic_figures"]]
    as_written = [{**figure, "value_normalized": None} for figure in figures[::3]]  # matched by value and unit
    for seed in SEEDS:
        gold = gold_for(seed)["economic_figures"]
        for predicted in (figures, as_written, gold[::2]):
            assert figure_hits(gold, predicted) == scorer.count_figure_matches(gold, predicted)
