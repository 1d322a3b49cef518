"""pipelines/text.py: what a Chinese character is."""

import re

from pipelines.text import HAN, is_cjk


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
