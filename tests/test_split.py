"""Split: the right articles on every seed page, whatever its shape, and nothing lost."""

import re

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from gazette.clean import clean_page
from gazette.extract import read_page
from gazette.split import split_page
from tests.helpers import SEEDS, gold_for, norm


def split_text(raw: str, page_id: str = "p"):
    return split_page({"page_id": page_id, "issue_date": None}, clean_page(raw))


def split_seed(seed):
    page = read_page(seed)
    return split_page(page.row, clean_page(page.text))


@pytest.mark.parametrize("seed", SEEDS, ids=lambda p: p.name[:3])
def test_articles_and_headlines_match_gold(seed):
    gold = gold_for(seed)
    articles = split_seed(seed).articles
    assert len(articles) == len(gold["articles"])
    found = {norm(a["headline"]) for a in articles}
    expected = [norm(g["headline"]) for g in gold["articles"]]
    hits = sum(h in found for h in expected)
    assert hits / len(expected) >= 0.85, sorted(set(expected) - found)


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


# ------------------------------------------------------------ headings inside an article

INDENT = "\u3000\u3000"
BODY_A = "今年以来，全县上下围绕目标任务，扎实推进各项工作，取得了明显成效，群众满意度持续提升。"
BODY_B = "下一步，县里将继续加大投入力度，完善工作机制，确保各项措施落到实处，让群众得到更多实惠。"
BODY_C = "这项工作涉及面广、政策性强，各部门要加强协调配合，形成工作合力，及时研究解决遇到的问题。"


def indented_page(*articles: tuple[list[str], list[str]]) -> str:
    """Headline lines flush left, paragraphs indented, a blank line between articles (as typeset)."""
    return "\n\n".join("\n".join(heads) + "\n\n" + "\n".join(INDENT + p for p in paras) for heads, paras in articles)


def packed_page(*articles: tuple[list[str], list[str]]) -> str:
    """The same with no indents: only blank lines tell articles apart."""
    return "\n\n".join("\n".join(heads) + "\n\n" + "\n".join(paras) for heads, paras in articles)


def spaced_page(*articles: tuple[list[str], list[str]]) -> str:
    """No indents and a blank line after every paragraph: only the heading's grammar is left."""
    return "\n\n".join("\n\n".join([*heads, *paras]) for heads, paras in articles)


INTERIOR_HEADS = {
    "numbered chapter": "第一章　总则",
    "numbered section": "一、完善工作机制",
    "bracketed number": "（一）加强组织领导",
    "bracket label": "【点评】",
    "quote attribution": "——@山村教师小李",
    "question label": "问：",
    "editor's note": "编者按",
    "related-reading box": "相关阅读",
    "link box": "知识链接",
    "photo caption": "本报记者 王小明摄",
    "picture credit": "制图：李华",
    "author note": "（作者为某大学教授）",
    "speaker label": "县农业农村局局长张伟：",
}


@pytest.mark.parametrize("page", [indented_page, packed_page, spaced_page], ids=["indented", "packed", "spaced"])
@pytest.mark.parametrize("head", INTERIOR_HEADS.values(), ids=INTERIOR_HEADS.keys())
def test_a_heading_inside_an_article_opens_no_new_article(page, head):
    raw = page((["全县推进乡村振兴工作"], [BODY_A, head, BODY_B]), (["城区老旧小区改造提速"], [BODY_C]))
    assert [a["headline"] for a in split_text(raw).articles] == ["全县推进乡村振兴工作", "城区老旧小区改造提速"]


@pytest.mark.parametrize("page", [indented_page, packed_page], ids=["indented", "packed"])
@pytest.mark.parametrize("head", ["变化", "成效", "产业兴旺带来新气象"])
def test_a_plain_section_head_inside_set_paragraphs_opens_no_new_article(page, head):
    """Without a grammar, the layout tells: an indented line, or one set right under a paragraph."""
    raw = page((["全县推进乡村振兴工作"], [BODY_A, head, BODY_B]), (["城区老旧小区改造提速"], [BODY_C]))
    [first, second] = split_text(raw).articles
    assert head in first["body"].split("\n") and second["headline"] == "城区老旧小区改造提速"


def test_a_plain_headline_between_spaced_paragraphs_still_opens_an_article():
    raw = spaced_page((["全县推进乡村振兴工作"], [BODY_A]), (["城区老旧小区改造提速"], [BODY_B]))
    assert [a["headline"] for a in split_text(raw).articles] == ["全县推进乡村振兴工作", "城区老旧小区改造提速"]


@pytest.mark.parametrize("page", [indented_page, packed_page], ids=["indented", "packed"])
def test_a_letter_or_speech_opens_with_its_salutation_in_the_body(page):
    raw = page(
        (["读者来信"], ["编辑同志：", BODY_A, BODY_B]), (["在全县工作会议上的讲话"], ["同志们，朋友们：", BODY_C])
    )
    articles = split_text(raw).articles
    assert [a["headline"] for a in articles] == ["读者来信", "在全县工作会议上的讲话"]
    assert articles[0]["body"].startswith("编辑同志：") and articles[1]["body"].startswith("同志们，朋友们：")


def test_a_column_banner_over_several_short_essays_is_one_article():
    """Convention (docs/splitting.md): the banner is the headline; each essay's title and author stay in its body."""
    raw = indented_page(
        (["来论"], ["小事也要用心办", "某市某区  王小明", BODY_A, "多听群众的意见", "某省某县  李华", BODY_B]),
        (["城区老旧小区改造提速"], [BODY_C]),
    )
    [banner, other] = split_text(raw).articles
    assert banner["headline"] == "来论" and "多听群众的意见" in banner["body"]
    assert other["headline"] == "城区老旧小区改造提速"


def test_roundup_items_opening_with_datelines_stay_under_their_banner_on_an_indented_page():
    raw = indented_page(
        (
            ["一周简报"],
            [
                "全县新建公路120公里",
                "本报北京1月31日电（记者王小明）" + BODY_A,
                "本报上海1月31日电（记者李华）" + BODY_B,
            ],
        ),
        (["城区老旧小区改造提速"], [BODY_C]),
    )
    [roundup, other] = split_text(raw).articles
    assert roundup["headline"] == "一周简报" and roundup["reporters"] == ["王小明", "李华"]
    assert other["headline"] == "城区老旧小区改造提速"


# ------------------------------------------------------------ bylines and datelines of other papers


def test_dateline_with_bracketed_credit_opens_a_report_and_names_its_reporters():
    raw = packed_page(
        (["全县推进乡村振兴工作"], [BODY_A]),
        (["城区老旧小区改造提速"], ["本报北京1月31日电（记者 赵小燕、钱明 通讯员 孙立）" + BODY_B, BODY_C]),
    )
    article = split_text(raw).articles[1]
    assert (article["reporters"], article["correspondents"]) == (["赵小燕", "钱明"], ["孙立"])
    assert article["dateline"] == "1月31日"


def test_a_dateline_opens_a_new_report_even_without_a_headline_line_between():
    raw = "全县推进乡村振兴工作\n\n" + BODY_A + "\n\n新华社北京1月31日电 " + BODY_B + "\n"
    articles = split_text(raw).articles
    assert len(articles) == 2 and articles[1]["body"].startswith("新华社北京1月31日电")
    assert articles[1]["dateline"] == "1月31日"


def test_a_bracket_after_a_dateline_that_names_no_one_credits_no_one():
    raw = packed_page((["城区老旧小区改造提速"], ["本报北京1月31日电（以下简称“新规”）" + BODY_B]))
    [article] = split_text(raw).articles
    assert (article["reporters"], article["correspondents"]) == ([], [])


@pytest.mark.parametrize(
    ("credit", "role", "names"),
    [
        ("本报记者 王小明", "reporters", ["王小明"]),
        ("本报记者 王小明 李华", "reporters", ["王小明", "李华"]),
        ("通讯员 孙立", "correspondents", ["孙立"]),
        ("人民日报记者 赵小燕", "reporters", ["赵小燕"]),
        ("本报驻某国记者 钱明", "reporters", ["钱明"]),
        ("新华社记者 周强摄", "photographers", ["周强"]),
    ],
)
def test_credit_lines_of_other_papers(credit, role, names):
    raw = "城区老旧小区改造提速\n\n" + credit + "\n\n" + BODY_A + "\n" + BODY_B + "\n"
    [article] = split_text(raw).articles
    assert article[role] == names and article["headline"] == "城区老旧小区改造提速"


def test_author_note_signs_a_commentary():
    raw = packed_page((["让基层减负落到实处"], [BODY_A, BODY_B, "（作者为某大学教授）"]))
    [article] = split_text(raw).articles
    assert (article["signature"], article["type"]) == ("作者为某大学教授", "commentary")


def test_a_page_that_prints_no_credit_or_dateline():
    raw = packed_page((["全县推进乡村振兴工作"], [BODY_A, BODY_B]), (["城区老旧小区改造提速"], [BODY_C]))
    for article in split_text(raw).articles:
        assert article["reporters"] == article["correspondents"] == article["photographers"] == []
        assert article["dateline"] is None and article["signature"] is None


# ------------------------------------------------------------ a page whose line breaks were lost


def test_a_page_on_one_line_is_split_into_its_articles():
    page = indented_page(
        (["全县推进乡村振兴工作"], [BODY_A, BODY_B]),
        (["城区老旧小区改造提速"], ["本报北京1月31日电（记者王小明）" + BODY_C, BODY_A]),
    )
    one_line = page.replace("\n", "") * 40  # about 9,000 characters, no break at all
    articles = split_text(one_line).articles
    assert len(articles) == 80
    assert [a["headline"] for a in articles[:2]] == ["全县推进乡村振兴工作", "城区老旧小区改造提速"]
    assert articles[1]["reporters"] == ["王小明"] and articles[0]["body"].split("\n") == [BODY_A, BODY_B]


def test_a_page_on_one_line_with_no_indents_is_split_at_sentences():
    one_line = "".join(f"第{k}批项目中，" + BODY_A + BODY_B + BODY_C for k in range(30))
    [article] = split_text(one_line).articles
    paragraphs = article["body"].split("\n")
    assert len(paragraphs) > 10 and all(p.endswith("。") for p in paragraphs)
    assert "".join(paragraphs) == one_line


def test_a_paragraph_that_mentions_an_advert_or_a_phone_line_is_no_advert():
    sentence = "据介绍，今年全县清理违规户外广告牌一百余块，群众可拨打联系电话反映问题，相关部门将及时处理并反馈结果。"
    raw = indented_page((["全县推进乡村振兴工作"], [BODY_A, sentence, BODY_B]), (["城区老旧小区改造提速"], [BODY_C]))
    articles = split_text(raw).articles
    assert [a["headline"] for a in articles] == ["全县推进乡村振兴工作", "城区老旧小区改造提速"]
    assert sentence in articles[0]["body"]


def test_an_unindented_headline_that_exclaims_opens_an_article_on_an_indented_page():
    raw = indented_page((["全县推进乡村振兴工作"], [BODY_A, BODY_C]), (["丰收啦！（田间地头）"], [BODY_B]))
    assert [a["headline"] for a in split_text(raw).articles] == ["全县推进乡村振兴工作", "丰收啦！（田间地头）"]
