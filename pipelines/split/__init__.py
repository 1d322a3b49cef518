"""SPLIT: a cleaned page into articles and page blocks (see segment.py; explain.py shows the cut)."""

from pipelines.split.segment import SplitPage, classify, split_page

__all__ = ["SplitPage", "classify", "split_page"]
