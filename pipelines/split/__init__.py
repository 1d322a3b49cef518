"""SPLIT: a cleaned page into articles and page blocks (see segment.py; given.py for pages whose markup
gives the articles; pipelines/explain.py shows the cut)."""

from pipelines.split.given import split_extracted
from pipelines.split.segment import SplitPage, classify, split_page

__all__ = ["SplitPage", "classify", "split_extracted", "split_page"]
