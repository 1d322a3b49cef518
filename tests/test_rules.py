"""gazette/rules.py: one loader for every YAML rule file, and rule files read into dataclasses, checked."""

import re
from dataclasses import dataclass, replace
from pathlib import Path

import pytest

import gazette
from gazette.clean import markers
from gazette.clean.page import Markers
from gazette.enrich.appointment_rules import AppointmentRules, appointment_rules
from gazette.enrich.notices import notice_rules
from gazette.enrich.places import place_rules
from gazette.enrich.title_rules import title_rules
from gazette.enrich.topics import topic_rules
from gazette.enrich.units import unit_rules
from gazette.extract.file_name import FileNameRules, file_name_rules
from gazette.extract.founder import rules as epaper_rules
from gazette.extract.printed_rules import JumpGrammar, PrintedRules, printed_rules
from gazette.hanzi import common_chars, traditional_only
from gazette.rules import RuleError, as_typed, load_rules, read_typed, typed_rules

PACKAGE = Path(gazette.__file__).parent
RULE_FILES = sorted(PACKAGE.rglob("*.yaml"))


def test_there_are_rule_files():
    assert len(RULE_FILES) >= 10


@pytest.mark.parametrize("path", RULE_FILES, ids=lambda p: p.relative_to(PACKAGE).as_posix())
def test_every_rule_file_loads_as_a_mapping(path):
    package = ".".join(("gazette", *path.parent.relative_to(PACKAGE).parts))
    assert isinstance(load_rules(package, path.name), dict)


def test_a_rule_file_is_read_once_and_shared():
    assert typed_rules(Markers, "gazette.clean", "markers.yaml") is markers()


@dataclass(frozen=True)
class Level:
    name: str
    weight: float = 1.0


@dataclass(frozen=True)
class Grammar:
    words: tuple[str, ...]
    levels: tuple[Level, ...]
    costs: dict[str, int]
    note: str | None = None


GRAMMAR = {"words": ["书记", "市长"], "levels": [{"name": "市", "weight": 2}], "costs": {"heading": 3}}


def test_a_rule_file_is_read_into_its_dataclass():
    grammar = as_typed(Grammar, GRAMMAR, "grammar.yaml")
    assert grammar == Grammar(("书记", "市长"), (Level("市", 2.0),), {"heading": 3})
    assert isinstance(grammar.levels[0].weight, float) and grammar.note is None


@pytest.mark.parametrize(
    ("data", "error"),
    [
        ({**GRAMMAR, "wrods": []}, r"^grammar\.yaml: wrods: unknown key \(known: words, levels, costs, note\)$"),
        ({k: v for k, v in GRAMMAR.items() if k != "costs"}, r"^grammar\.yaml: costs: missing$"),
        ({**GRAMMAR, "levels": [{"nmae": "市"}]}, r"^grammar\.yaml: levels\[0\]\.nmae: unknown key"),
        ({**GRAMMAR, "levels": [{}]}, r"^grammar\.yaml: levels\[0\]\.name: missing$"),
        ({**GRAMMAR, "words": "书记"}, r"^grammar\.yaml: words: a list expected, not str '书记'$"),
        ({**GRAMMAR, "words": ["书记", 3]}, r"^grammar\.yaml: words\[1\]: str expected, not int 3$"),
        ({**GRAMMAR, "costs": {"heading": "3"}}, r"^grammar\.yaml: costs\.heading: int expected"),
        ({**GRAMMAR, "costs": {"heading": True}}, r"^grammar\.yaml: costs\.heading: int expected, not bool"),
        ({**GRAMMAR, "note": 5}, r"^grammar\.yaml: note: str expected, not int 5$"),
        (["书记"], r"^grammar\.yaml: a mapping of keys expected, not list"),
        (None, r"^grammar\.yaml: a mapping of keys expected, not nothing$"),
    ],
)
def test_a_rule_file_that_is_not_what_its_dataclass_says_names_the_file_and_the_key(data, error):
    with pytest.raises(RuleError, match=error):
        as_typed(Grammar, data, "grammar.yaml")


def test_a_users_rule_file_is_read_from_its_path_with_the_fields_it_may_not_set(tmp_path):
    path = tmp_path / "grammar.yaml"
    path.write_text("levels: []\ncosts: {}\n", encoding="utf-8")
    assert read_typed(Grammar, path, words=("书记",)).words == ("书记",)
    path.write_text("words: []\nlevels: []\ncosts: {}\n", encoding="utf-8")
    with pytest.raises(RuleError, match=r"grammar\.yaml: words: not set in the file"):
        read_typed(Grammar, path, words=())
    path.write_text("words: [\n", encoding="utf-8")
    with pytest.raises(RuleError, match=r"grammar\.yaml: cannot be read: "):
        read_typed(Grammar, path)


def test_the_typed_rule_files_read_into_their_dataclasses():
    assert unit_rules().multipliers["亿"] == 10**8 and unit_rules().units["倍"] == ("percent", 100)
    assert unit_rules().approximate_after["左右"] == "about" and unit_rules().counts.multiplier_required
    assert topic_rules().topics and topic_rules().fallback_topic in topic_rules().topics
    assert epaper_rules().inline_credit_search_chars > 0 and "数字报" in epaper_rules().site_words
    assert place_rules().suffixes["村"] == "village" and place_rules().suffixes["镇街道"] is None
    assert notice_rules().legal_markers_min > 1 and "计" in notice_rules().counting_words
    assert title_rules().appointments["removed"].between == ("的", "") and title_rules().group_head == "领导"
    assert appointment_rules().forms["兼任"].event == "concurrent" and appointment_rules().forms["任命"].link == ("为",)
    assert ("市长", "副市长", "常务副市长", "代理市长") in appointment_rules().exclusive_posts


def test_a_form_of_an_unknown_event_names_appointments_yaml_and_the_key():
    data = {**load_rules("gazette.enrich", "appointments.yaml")}
    data["forms"] = {**data["forms"], "晋升为": {"event": "promoted", "names": "before"}}
    with pytest.raises(RuleError, match=r"^appointments.yaml: forms.晋升为.event: one of appointed"):
        as_typed(AppointmentRules, data, "appointments.yaml")


def test_the_printed_page_file_name_and_common_character_rules_are_typed_and_checked():
    assert printed_rules().jump.onward and printed_rules().folio[0].pattern.startswith("^")
    assert file_name_rules().dates[0].groupindex.keys() >= {"y", "m", "d"} and file_name_rules().separators
    assert "国" in common_chars() and "國" in common_chars() and "億" in traditional_only()


@pytest.mark.parametrize(
    ("data", "error"),
    [
        ({"credit": "[（("}, r"^printed\.yaml: credit: not a regular expression: "),
        ({"folio": ["^\\d+$", 3]}, r"^printed\.yaml: folio\[1\]: a pattern \(str\) expected, not int 3$"),
        ({"ocr_noise": {"leading": "^[，。]"}}, r"^printed\.yaml: ocr_noise\.trailing: missing$"),
    ],
)
def test_a_broken_pattern_names_the_file_and_the_key(data, error):
    good = load_rules("gazette.extract", "printed.yaml")
    with pytest.raises(RuleError, match=error):
        as_typed(PrintedRules, {**good, **data}, "printed.yaml")


def test_a_pattern_without_the_groups_its_reader_takes_names_the_file_and_the_key(monkeypatch):
    import gazette.extract.file_name as file_name
    import gazette.extract.printed_rules as printed

    no_groups = FileNameRules((re.compile(r"(\d{4})(\d\d)(\d\d)"),), re.compile(r"^\d+$"), "-_")
    monkeypatch.setattr(file_name, "typed_rules", lambda *_: no_groups)
    with pytest.raises(RuleError, match=r"^gazette/extract/file_names\.yaml: dates\[0\]: a pattern with the groups"):
        file_name_rules.__wrapped__()
    no_page = replace(printed_rules(), jump=JumpGrammar("下转", "上接", r"第(\d+)版"))
    monkeypatch.setattr(printed, "typed_rules", lambda *_: no_page)
    with pytest.raises(RuleError, match=r"^gazette/extract/printed\.yaml: jump\.page: a pattern with the group page"):
        printed_rules.__wrapped__()
