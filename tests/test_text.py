"""gazette/text.py: what a Chinese character is, and its simplified form."""

import re

from gazette.text import HAN, is_cjk, to_simplified


def test_chinese_characters_of_every_block_are_cjk():
    for ch in ("一", "鿿", "\u3400", "\uf900", "\U00020000"):  # unified, extension A, compatibility, extension B
        assert is_cjk(ch), repr(ch)


def test_latin_digits_punctuation_and_longer_strings_are_not_cjk():
    for text in ("a", "1", "，", "。", "■", "", "一二"):
        assert not is_cjk(text), repr(text)


def test_the_regex_class_is_the_unified_block():
    han = re.compile(f"[{HAN}]+")
    assert han.fullmatch("平湖市")
    assert not han.search("abc，。\u3400")


def test_a_traditional_text_is_simplified_character_for_character():
    text = "國務院總理會見東方來賓，談兩國經濟。"
    assert to_simplified(text) == "国务院总理会见东方来宾，谈两国经济。"


def test_a_simplified_text_is_left_as_it_is_even_where_t2s_would_change_it():
    text = "乾隆年间，天翻地覆，这里的人们说起来。"
    assert to_simplified(text) == text
