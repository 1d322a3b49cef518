"""What economic figures are not: amounts in court and legal notices, and metrics that name nothing.

A court's notice (公告: 本院受理原告…诉被告…, 判决…, 公告送达…) lists a case's claims, costs
and debts; enrich keeps no economic figure from it. A metric is a noun phrase: a "metric" that
is only function words (并以, 共与) or a word of counting up (计, 合计) is none, and the figure is
kept without one. Rules in notices.yaml.
"""

from __future__ import annotations

from dataclasses import dataclass

from gazette.rows import ArticleRow, EconomicFigureRow
from gazette.rules import typed_rules

from .lexicon import pos_tagged
from .text import full_text


@dataclass(frozen=True)
class NoticeRules:
    """notices.yaml: the words of procedure that make a legal notice, and what a metric may not be."""

    legal_markers: tuple[str, ...]
    legal_markers_min: int  # a text with at least this many distinct legal_markers is a notice
    function_pos: tuple[str, ...]  # jieba's tags of words that name nothing on their own
    counting_words: tuple[str, ...]


def notice_rules() -> NoticeRules:
    """notices.yaml, checked when read (once per process)."""
    return typed_rules(NoticeRules, "gazette.enrich", "notices.yaml")


def is_legal_notice(text: str) -> bool:
    """Whether a text is a court or legal notice: it uses enough distinct words of procedure."""
    found = notice_rules()
    return sum(marker in text for marker in found.legal_markers) >= found.legal_markers_min


def names_something(metric: str) -> bool:
    """Whether a metric is a noun phrase, not only function words or a word of counting up."""
    found = notice_rules()
    if metric in found.counting_words:
        return False
    words = [w for w in pos_tagged(metric) if w.word.strip()]
    return not all(w.flag.startswith(found.function_pos) for w in words)


def reported_figures(article: ArticleRow, figures: list[EconomicFigureRow]) -> list[EconomicFigureRow]:
    """An article's economic figures as reporting: none from a legal notice, and no metric that names nothing."""
    if is_legal_notice(full_text(article)):
        return []
    for figure in figures:
        if figure["metric"] and not names_something(figure["metric"]):
            figure["metric"] = None
    return figures
