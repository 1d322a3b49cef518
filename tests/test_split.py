"""Split: the right articles on every seed page, whatever its shape, and nothing lost."""

import re

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pipelines.clean import clean_page
from pipelines.extract import read_page
from pipelines.split import split_page
from tests.helpers import SEEDS, gold_for, needs_gold, norm


def split_text(raw: str, page_id: str = "p"):
    return split_page({"page_id": page_id, "issue_date": None}, clean_page(raw))


def split_seed(seed):
    page = read_page(seed)
    return split_page(page.row, clean_page(page.text))


@needs_gold
@pytest.mark.parametrize("seed", SEEDS, ids=lambda p: p.name[:3])
def test_articles_and_headlines_match_gold(seed):
    gold = gold_for(seed)
    articles = split_seed(seed).articles
    assert len(articles) == len(gold["articles"])
    found = {norm(a["headline"]) for a in articles}
    expected = [norm(g["headline"]) for g in gold["articles"]]
    hits = sum(h in found for h in expected)
    assert hits / len(expected) >= 0.85, sorted(set(expected) - found)


@needs_gold
@pytest.mark.parametrize("seed", SEEDS, ids=lambda p: p.name[:3])
def test_bylines_body_bounds_and_types_match_gold(seed):
    by_headline = {norm(a["headline"]): a for a in split_seed(seed).articles}
    checked = 0
    for g in gold_for(seed)["articles"]:
        a = by_headline.get(norm(g["headline"]))
        if a is None:
            continue
        checked += 1
        for role in ("reporters", "correspondents", "photographers"):
            assert sorted(a[role]) == sorted(g[role]), (g["headline"], role)
        assert a["type"] == g["type"], g["headline"]
        assert norm(a["body"]).startswith(norm(g["body_start"])[:10]), g["headline"]
        assert norm(a["body"]).endswith(norm(g["body_end"])[-10:]), g["headline"]
    assert checked >= len(gold_for(seed)["articles"]) - 1


@pytest.mark.parametrize("seed", SEEDS, ids=lambda p: p.name[:3])
def test_every_character_belongs_to_exactly_one_article_or_block(seed):
    page = read_page(seed)
    cleaned = clean_page(page.text)
    pieces = split_page(page.row, cleaned)
    owner = [None] * len(cleaned.text)
    for line, who in zip(cleaned.lines, pieces.owners, strict=False):
        for k in range(line.start, line.end):
            assert owner[k] is None
            owner[k] = who
    assert all(o is not None for o, ch in zip(owner, cleaned.text, strict=False) if ch != "\n")
    for block in pieces.blocks:  # blocks never take a line of an article
        assert all(
            owner[k].startswith("block:")
            for k in range(block["char_start"], block["char_end"])
            if cleaned.text[k] != "\n"
        )
    assert {o for o in owner if o} == {f"article:{a['ordinal']}" for a in pieces.articles} | {
        f"block:{b['kind']}" for b in pieces.blocks
    }


def test_boilerplate_is_kept_as_blocks_not_articles():
    blocks = {(b["kind"], b["text"].split("\n")[0]) for seed in SEEDS for b in split_seed(seed).blocks}
    kinds = {k for k, _ in blocks}
    assert {"masthead", "promo", "weather", "copyright", "ad"} <= kinds
    headlines = {norm(a["headline"]) for seed in SEEDS for a in split_seed(seed).articles}
    assert not any("客户端" in h or "友情提醒" in h or "招生" in h for h in headlines)


def test_commentary_signature_and_photo_credits():
    articles = {a["headline"]: a for a in split_seed(next(p for p in SEEDS if p.name.startswith("004"))).articles}
    commentary = articles["让新时代双拥之花更加绚丽"]
    assert (commentary["type"], commentary["signature"]) == ("commentary", "言成声")
    photo = articles["打造未来社区"]
    assert (photo["type"], photo["photographers"], photo["reporters"]) == ("photo", ["王强", "纪亚千"], [])


def test_kicker_that_reports_a_speech_sits_above_the_headline():
    articles = split_seed(next(p for p in SEEDS if p.name.startswith("001"))).articles
    traffic = next(a for a in articles if a["kicker"])
    assert traffic["kicker"].endswith("强调") and traffic["headline"].startswith("掀起")


def test_page_with_one_article():
    pieces = split_text(
        "调研城市建设工作\n\n■记者 王小明\n\n本报讯 昨天，市委书记调研城市建设工作。\n\n他强调，要建设高品质城市。\n"
    )
    [article] = pieces.articles
    assert (article["headline"], article["reporters"], article["dateline"]) == ("调研城市建设工作", ["王小明"], "昨天")
    assert article["body"] == "本报讯昨天，市委书记调研城市建设工作。\n他强调，要建设高品质城市。"


def test_page_that_is_all_ads_has_no_article():
    pieces = split_text(
        "平湖发布\n\n扫一扫 看视频\n\n嘉兴市交通学校\n地址：平湖市当湖街道青年大道111号\n招生热线：8508717\n"
    )
    assert pieces.articles == []
    assert {b["kind"] for b in pieces.blocks} == {"promo", "ad"}


# ------------------------------------------------------------ robustness properties

PARAGRAPH_PAGE = next(p for p in SEEDS if p.name.startswith("003")).read_text(encoding="utf-8")


def headlines_of(raw: str) -> list[tuple]:
    return [(norm(a["headline"]), tuple(a["reporters"]), norm(a["body"])[:20]) for a in split_text(raw).articles]


def rewrap(raw: str, width: int) -> str:
    """Break every paragraph of running text every `width` characters, as a PDF column does."""
    out = []
    for line in raw.split("\n"):
        if len(line) > 45:
            out.append("\n".join(line[k : k + width] for k in range(0, len(line), width)))
        else:
            out.append(line)
    return "\n".join(out)


@settings(max_examples=8, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(width=st.integers(min_value=10, max_value=18))
def test_rewrapping_a_page_at_another_width_gives_the_same_articles(width):
    assert headlines_of(rewrap(PARAGRAPH_PAGE, width)) == headlines_of(PARAGRAPH_PAGE)


@settings(max_examples=5, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(spaces=st.sampled_from([" ", "  ", "\u3000"]))
def test_spacing_out_every_character_gives_the_same_articles(spaces):
    def space_out(line: str) -> str:
        if re.match(r"^[■\s]*(记\s*者|通\s*讯\s*员|摄\s*影)", line):
            return line  # credit lines keep their own spacing
        return spaces.join(line)

    spaced = "\n".join(space_out(line) for line in PARAGRAPH_PAGE.split("\n"))
    assert headlines_of(spaced) == headlines_of(PARAGRAPH_PAGE)
