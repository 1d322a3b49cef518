"""The seed pages' figures carry the metric, period and subject the gold labels give them (matching
rules: tests/figures_gold.py)."""

from functools import cache

from tests.figures_gold import Scored, scored_seeds


@cache
def scored() -> list[Scored]:
    return scored_seeds()


def share(right: list[bool]) -> float:
    return sum(right) / len(right)


def test_every_labelled_figure_is_found():
    assert all(s.row is not None for s in scored())


def test_period_is_the_printed_one():
    assert share([s.period_right for s in scored()]) >= 0.90


def test_metric_names_the_labelled_quantity():
    assert share([s.metric_contained for s in scored()]) >= 0.90
    assert share([s.metric_right for s in scored()]) >= 0.85  # and covers at least half of it


def test_subject_where_the_label_has_one():
    assert share([s.subject_right for s in scored() if s.label["subject"]]) >= 0.80
