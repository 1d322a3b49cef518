"""ENRICH: officials, economic figures, topics, keywords and places from articles.

    officials.py + titles.yaml   officials named with a title, a 市领导 list or 习近平总书记
    registry.py                  resolve_officials: one row per person across pages
    figures.py + units.yaml      number + unit figures, exclusions, percentages, ranges
               + metrics.yaml    metric synonyms, growth/share words, periods, subjects
    topics.py + topics.yaml      topic taxonomy scores and jieba TF-IDF keywords
    places.py + places.yaml      towns, streets, villages, communities, zones
    lexicon.py, text.py          YAML loading (once per process), jieba, text helpers

What counts as a title, a unit or a topic lives in the YAML files, so it can be read
and changed without touching code. Nothing here reads gold labels or downloads
anything; jieba's bundled dictionary is the only model.
"""

from __future__ import annotations

from collections import defaultdict

from .figures import article_figures
from .officials import article_officials
from .places import article_places
from .registry import resolve_officials
from .text import full_text
from .topics import article_keywords, article_topics, keywords

__all__ = ["ENRICHMENT_TABLES", "enrich_articles", "resolve_officials"]

ENRICHMENT_TABLES = ("official_mentions", "economic_figures", "article_topics", "article_keywords", "places")


def enrich_articles(articles: list[dict]) -> dict[str, list[dict]]:
    """Rows for official_mentions, economic_figures, article_topics, article_keywords and
    places. Articles of one page are read together: a name confirmed in one article
    (张东和指出) settles where the same name ends in another."""
    page_texts: dict = defaultdict(list)
    for a in articles:
        page_texts[a.get("page_id")].append(full_text(a))
    page_text = {page: "\n".join(texts) for page, texts in page_texts.items()}
    out: dict[str, list[dict]] = {table: [] for table in ENRICHMENT_TABLES}
    for a in articles:
        text = full_text(a)
        top = keywords(text)
        out["official_mentions"] += article_officials(a, page_text[a.get("page_id")])
        out["economic_figures"] += article_figures(a)
        out["article_topics"] += article_topics(a, top)
        out["article_keywords"] += article_keywords(a, top)
        out["places"] += article_places(a, text)
    return out
