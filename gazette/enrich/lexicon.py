"""jieba, set up once per process for the enrich step.

Its part-of-speech tagger (jieba.posseg) reads the tagged dictionary when first imported, and its
keyword extractor (jieba.analyse) the IDF table, about 2.5 s together: both are imported on first
use, so that a process that enriches no article (`gazette sql`, a run with nothing new, Dagster's
other steps) never pays for them.
"""

from __future__ import annotations

import logging
from functools import cache
from typing import TYPE_CHECKING

import jieba

from gazette.user_cache import use_user_cache

if TYPE_CHECKING:
    import jieba.posseg


@cache
def segmenter() -> jieba.Tokenizer:
    """jieba's default tokenizer with its dictionary loaded (about a second, once)."""
    jieba.setLogLevel(logging.WARNING)
    use_user_cache()
    jieba.initialize()
    return jieba.dt


@cache
def word_tags() -> dict[str, str]:
    """Each word of jieba's dictionary with its part-of-speech tag (ns a place, nr a person's name)."""
    return _tagger().word_tag_tab


def pos_tagged(text: str) -> list[jieba.posseg.pair]:
    """`text` cut into words with their part-of-speech flags (jieba.posseg)."""
    return list(_tagger().cut(text))


def tagged_word(word: str, flag: str) -> jieba.posseg.pair:
    """A word with its part-of-speech flag, as pos_tagged gives them."""
    import jieba.posseg

    return jieba.posseg.pair(word, flag)


@cache
def _tagger() -> jieba.posseg.POSTokenizer:
    segmenter()  # posseg shares the default dictionary; load it once, quietly
    import jieba.posseg

    return jieba.posseg.dt
