"""Topics and keywords of an article: weighted keyword hits from topics.yaml, reinforced
by jieba's TF-IDF keywords, with a fallback so every article has a topic."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from typing import TYPE_CHECKING

from gazette.rows import ArticleKeywordRow, ArticleRow, ArticleTopicRow
from gazette.rules import typed_rules

from .lexicon import segmenter, word_tags
from .text import HEADLINE_FIELDS

if TYPE_CHECKING:
    import jieba.analyse


@dataclass(frozen=True)
class TopicRules:
    """topics.yaml: the taxonomy, how its hits are weighed, and what makes an article keyword."""

    topics: dict[str, dict[str, float]]  # topic -> {keyword: weight}
    headline_weight: float  # a keyword in the headline counts this many times
    tfidf_weight: float  # times jieba's TF-IDF weight of a top keyword of the topic
    keep_ratio: float  # topics scoring at least this share of the best one's score are kept
    max_topics: int
    min_score: float  # below it, the fallback decides
    fallback_by_type: dict[str, str]  # article type -> topic
    fallback_topic: str
    keywords_per_article: int
    keyword_pos: frozenset[str]  # jieba part-of-speech tags a keyword may have
    stop_words: frozenset[str]


def topic_rules() -> TopicRules:
    """topics.yaml, checked when read (once per process)."""
    return typed_rules(TopicRules, "gazette.enrich", "topics.yaml")


@cache
def _extractor() -> jieba.analyse.TFIDF:
    segmenter()  # load the dictionary once, quietly
    import jieba.analyse  # reads its IDF table when imported (lexicon's docstring)

    return jieba.analyse.default_tfidf


def keywords(text: str) -> list[tuple[str, float]]:
    """The article's top keywords by TF-IDF, stop-words, numbers and other parts of speech left out.

    A word's part of speech is its tag in jieba's dictionary: tagging the whole text
    (jieba.posseg, an HMM over every unknown run) would cost most of a page's time, and
    words the dictionary does not know are mostly names, which belong to officials.
    """
    r = topic_rules()
    extractor, tag_of = _extractor(), word_tags()
    ranked = [
        (w, weight)
        for w, weight in extractor.extract_tags(text, topK=None, withWeight=True)
        if tag_of.get(w) in r.keyword_pos
    ]
    # jieba weighs count × idf / (count of every word); as with allowPOS, count only the words kept:
    # the sum of weight / idf over them is their share of all words.
    share = sum(weight / extractor.idf_freq.get(w, extractor.median_idf) for w, weight in ranked) or 1.0
    kept = [
        (w, weight / share)
        for w, weight in ranked
        if w not in r.stop_words and len(w) > 1 and not any(c.isdigit() for c in w)
    ]
    return kept[: r.keywords_per_article]


def topic_scores(article: ArticleRow, top_keywords: list[tuple[str, float]]) -> tuple[dict[str, float], str]:
    """({topic: score}, method) for one article."""
    r = topic_rules()
    headline = "".join(article.get(f) or "" for f in HEADLINE_FIELDS)
    body = article.get("body") or ""
    scores, boosted = {}, set()
    for topic, words in r.topics.items():
        hits = sum(w * (body.count(k) + r.headline_weight * headline.count(k)) for k, w in words.items())
        boost = sum(weight for k, weight in top_keywords if k in words)
        scores[topic] = hits + r.tfidf_weight * boost
        if boost:
            boosted.add(topic)
    best = max(scores.values(), default=0)
    if best < r.min_score:
        topic = r.fallback_by_type.get(article.get("type") or "", r.fallback_topic)
        return {topic: 1.0}, "fallback"
    ranked = sorted(((s, t) for t, s in scores.items() if s >= r.keep_ratio * best), reverse=True)
    kept = {t: round(s / best, 4) for s, t in ranked[: r.max_topics]}
    return kept, "keywords+tfidf" if boosted & kept.keys() else "keywords"


def article_topics(article: ArticleRow, top_keywords: list[tuple[str, float]]) -> list[ArticleTopicRow]:
    scores, method = topic_scores(article, top_keywords)
    return [
        {
            "article_id": article.get("article_id"),
            "topic": topic,
            "score": score,
            "method": method,
            "page_id": article.get("page_id"),
            "issue_date": article.get("issue_date"),
        }
        for topic, score in scores.items()
    ]


def article_keywords(article: ArticleRow, top_keywords: list[tuple[str, float]]) -> list[ArticleKeywordRow]:
    return [
        {
            "article_id": article.get("article_id"),
            "keyword": word,
            "weight": round(weight, 6),
            "rank": rank,
            "page_id": article.get("page_id"),
            "issue_date": article.get("issue_date"),
        }
        for rank, (word, weight) in enumerate(top_keywords, start=1)
    ]
