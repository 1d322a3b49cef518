"""What economic figures are not: amounts in court and legal notices, and metrics that name nothing.

A court's notice (公告: 本院受理原告…诉被告…, 判决…, 公告送达…) lists a case's claims, costs
and debts; enrich keeps no economic figure from it. A metric is a noun phrase: a "metric" that
is only function words (并以, 共与) or a word of counting up (计, 合计) is none, and the figure is
kept without one. Rules in notices.yaml.
"""

from __future__ import annotations

from functools import cache
from typing import Any

from gazette.rows import ArticleRow, EconomicFigureRow

from .lexicon import pos_tagged, rules
from .text import full_text


@cache
def _rules() -> dict[str, Any]:
    return rules("notices")


def is_legal_notice(text: str) -> bool:
    """Whether a text is a court or legal notice: it uses enough distinct words of procedure."""
    found = _rules()
    return sum(marker in text for marker in found["legal_markers"]) >= found["legal_markers_min"]


def names_something(metric: str) -> bool:
    """Whether a metric is a noun phrase, not only function words or a word of counting up."""
    found = _rules()
    if metric in found["counting_words"]:
        return False
    words = [w for w in pos_tagged(metric) if w.word.strip()]
    return not all(w.flag.startswith(tuple(found["function_pos"])) for w in words)


def reported_figures(article: ArticleRow, figures: list[EconomicFigureRow]) -> list[EconomicFigureRow]:
    """An article's economic figures as reporting: none from a legal notice, and no metric that names nothing."""
    if is_legal_notice(full_text(article)):
        return []
    for figure in figures:
        if figure["metric"] and not names_something(figure["metric"]):
            figure["metric"] = None
    return figures
