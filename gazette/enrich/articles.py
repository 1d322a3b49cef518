"""enrich_articles: every enrichment table's rows for the articles of one page."""

from __future__ import annotations

from collections import defaultdict

from gazette.enrich.appointments import article_appointments
from gazette.enrich.figures import article_figures
from gazette.enrich.notices import reported_figures
from gazette.enrich.officials import article_officials
from gazette.enrich.places import article_places
from gazette.enrich.text import full_text
from gazette.enrich.topics import article_keywords, article_topics, keywords
from gazette.papers import PaperProfile
from gazette.rows import ArticleRow, TableRows
from gazette.tables import ENRICHMENT_TABLES


def enrich_articles(articles: list[ArticleRow], paper: PaperProfile | None = None) -> TableRows:
    """Rows for official_mentions, economic_figures, article_topics, article_keywords, places
    and appointments. Articles of one page are read together: a name confirmed in one article
    (张东和指出) settles where the same name ends in another. `paper` is the page's profile
    (gazette.papers.profile(pages.paper)): a bare 市委书记 or 我市 is its home; None, none."""
    page_texts: defaultdict[str | None, list[str]] = defaultdict(list)  # page_id -> its articles' texts
    for a in articles:
        page_texts[a.get("page_id")].append(full_text(a))
    page_text = {page: "\n".join(texts) for page, texts in page_texts.items()}
    out: TableRows = {table: [] for table in ENRICHMENT_TABLES}
    for a in articles:
        text = full_text(a)
        top = keywords(text)
        mentions = article_officials(a, page_text[a.get("page_id")], paper)
        out["official_mentions"] += mentions
        figures = article_figures(a, paper.home.name if paper and paper.home else None)
        out["economic_figures"] += reported_figures(a, figures)
        out["article_topics"] += article_topics(a, top)
        out["article_keywords"] += article_keywords(a, top)
        out["places"] += article_places(a, text)
        out["appointments"] += article_appointments(a, page_text[a.get("page_id")], mentions, paper)
    return out
