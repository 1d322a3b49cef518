"""The YAML rule files of the enrich step, each read once per process, and jieba set up once."""

from __future__ import annotations

import logging
from functools import cache
from typing import Any

import jieba
import jieba.posseg

from gazette.rules import load_rules
from gazette.user_cache import use_user_cache


def rules(name: str) -> dict[str, Any]:
    """The parsed rule file `<name>.yaml` next to this module."""
    return load_rules("gazette.enrich", f"{name}.yaml")


@cache
def segmenter() -> jieba.Tokenizer:
    """jieba's default tokenizer with its dictionary loaded (about a second, once)."""
    jieba.setLogLevel(logging.WARNING)
    use_user_cache()
    jieba.initialize()
    return jieba.dt


def pos_tagged(text: str) -> list[jieba.posseg.pair]:
    """`text` cut into words with their part-of-speech flags (jieba.posseg)."""
    segmenter()  # posseg shares the default dictionary; load it once, quietly
    return list(jieba.posseg.cut(text))
