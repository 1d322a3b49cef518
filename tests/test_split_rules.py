"""The splitter's rule files, read as typed dataclasses and checked when read."""

import pytest

from gazette.rules import RuleError, as_typed
from gazette.split.rules import DatelineRules, Layout, RunModel, layout, run_model


def test_layout_yaml_reads_as_typed_rules():
    rules = layout()
    assert isinstance(rules, Layout)
    assert rules.headline.kicker_max_chars > 0 and rules.segment_costs.no_headline > 0
    assert "公告" in rules.types.notice_words


def test_a_rule_file_with_an_unknown_or_mistyped_key_is_an_error_naming_the_file_and_key():
    with pytest.raises(RuleError, match=r"run_model.yaml: weights.bias: float expected"):
        as_typed(RunModel, {"threshold": 0.5, "weights": {"bias": "high"}}, "gazette/split/run_model.yaml")
    with pytest.raises(RuleError, match=r"layout.yaml: headline: missing"):
        as_typed(Layout, {}, "gazette/split/layout.yaml")


def test_a_run_model_whose_weights_do_not_name_the_signals_is_refused():
    with pytest.raises(RuleError, match=r"weights: unknown \[.*'bias'.*\], missing \['a_signal_it_lacks'\]"):
        run_model(frozenset({"one_line", "a_signal_it_lacks"}))


def test_a_pattern_in_layout_yaml_that_does_not_compile_is_an_error_of_its_key():
    with pytest.raises(RuleError, match=r"layout.yaml: pattern: not a regular expression"):
        as_typed(DatelineRules, {"search_chars": 160, "pattern": "(\\d月"}, "gazette/split/layout.yaml")
