"""SPLIT: a cleaned page into articles and page blocks (see segment.py; given.py for pages whose markup
gives the articles; gazette/explain.py shows the cut)."""

from gazette.split.given import split_extracted
from gazette.split.segment import SplitPage, classify, split_page

__all__ = ["SplitPage", "classify", "split_extracted", "split_page"]
