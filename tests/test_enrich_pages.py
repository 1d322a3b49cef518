"""Enrich on whole seed pages: scored against gold (tests/gold) with the scorer's own rules, every
article gets a topic, and every row fits its table's schema."""

from functools import cache

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from gazette.clean import clean_page
from gazette.enrich import enrich_articles
from gazette.enrich.places import find_places
from gazette.extract import read_page
from gazette.papers import profile
from gazette.split import split_page
from gazette.tables import SCHEMAS, to_arrow
from tests.helpers import SEEDS, article, f1, figure_hits, gold_for, norm

TABLES = ("official_mentions", "economic_figures", "article_topics", "article_keywords", "places")


@cache
def enriched(seed):
    page = read_page(seed)
    articles = split_page(page.row, clean_page(page.text)).articles
    return articles, enrich_articles(articles, profile(page.row["paper"]))


@pytest.mark.parametrize("seed", SEEDS, ids=lambda p: p.name[:3])
def test_officials_and_figures_match_gold(seed):
    gold = gold_for(seed)
    _, rows = enriched(seed)
    names = {norm(m["name"]) for m in rows["official_mentions"]}
    gold_names = {norm(o["name"]) for o in gold["officials"]}
    assert f1(len(names & gold_names), len(names), len(gold_names)) >= 0.9, (
        sorted(gold_names - names),
        sorted(names - gold_names),
    )
    figures = rows["economic_figures"]
    hits = figure_hits(gold["economic_figures"], figures)
    assert f1(hits, len(figures), len(gold["economic_figures"])) >= 0.85


@pytest.mark.parametrize("seed", SEEDS, ids=lambda p: p.name[:3])
def test_every_article_gets_topics_and_keywords(seed):
    articles, rows = enriched(seed)
    topics = {t["topic"] for t in rows["article_topics"]}
    assert {a["article_id"] for a in articles} == {t["article_id"] for t in rows["article_topics"]}
    assert all(t["method"] in ("keywords", "keywords+tfidf", "fallback") for t in rows["article_topics"])
    assert len(topics) >= 2  # a page is not all one topic
    per_article = [sum(k["article_id"] == a["article_id"] for k in rows["article_keywords"]) for a in articles]
    assert all(1 <= n <= 8 for n in per_article)


@pytest.mark.parametrize("seed", SEEDS, ids=lambda p: p.name[:3])
def test_rows_fit_the_table_schemas(seed):
    _, rows = enriched(seed)
    for table in TABLES:
        assert all(set(r) == set(SCHEMAS[table].names) for r in rows[table]), table
        assert to_arrow(table, rows[table]).num_rows == len(rows[table])


def test_topics_follow_the_text():
    [farm] = enrich_articles(
        [article("会议强调，要切实抓好耕地保护，推进土地综合整治和高标准农田建设。", headline="耕地保护推进会召开")]
    )["article_topics"][:1]
    assert farm["topic"] == "农业与耕地"
    [blank] = enrich_articles([article("天气晴好。", type="photo")])["article_topics"]
    assert blank["method"] == "fallback"


def test_places_and_their_kinds():
    text = "在独山港镇韩家庙村的千亩花卉基地，钟埭街道和平湖经济技术开发区的农村、城镇各镇街道"
    found = {place: kind for place, kind, _ in find_places(text)}
    assert found == {"独山港镇": "town", "韩家庙村": "village", "钟埭街道": "street", "平湖经济技术开发区": "zone"}


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.text(
        alphabet=st.sampled_from(list("市委书记长副领导、等出席参加王李张军华平镇村万亿元家个%0123456789.，。 ")),
        max_size=80,
    )
)
def test_any_text_gets_a_topic_and_valid_rows(body):
    rows = enrich_articles([article(body)])
    assert len(rows["article_topics"]) >= 1
    for m in rows["official_mentions"]:
        assert 2 <= len(m["name"]) <= 4 and m["mention_count"] >= 1
    for f in rows["economic_figures"]:
        assert f["value_normalized"] >= 0
        assert body[f["char_offset"]].isdigit()  # offsets point at the number in the body
