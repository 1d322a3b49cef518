"""jieba, set up once per process for the enrich step."""

from __future__ import annotations

import logging
from functools import cache

import jieba
import jieba.posseg

from gazette.user_cache import use_user_cache


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
