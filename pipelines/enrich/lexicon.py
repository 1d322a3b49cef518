"""The YAML rule files of the enrich step, each read once per process, and jieba set up once."""

from __future__ import annotations

import logging
from functools import cache
from pathlib import Path

import jieba
import yaml

from pipelines.user_cache import use_user_cache

HERE = Path(__file__).parent


@cache
def rules(name: str) -> dict:
    """The parsed rule file `<name>.yaml` next to this module."""
    return yaml.safe_load((HERE / f"{name}.yaml").read_text(encoding="utf-8"))


@cache
def segmenter() -> jieba.Tokenizer:
    """jieba's default tokenizer with its dictionary loaded (about a second, once)."""
    jieba.setLogLevel(logging.WARNING)
    use_user_cache()
    jieba.initialize()
    return jieba.dt
