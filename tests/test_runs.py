"""The run model: short lines between two paragraphs of column text, inside an article or opening one."""

from gazette.clean import clean_page
from gazette.clean.page import CleanLine
from gazette.explain import explain_page
from gazette.split import split_page
from gazette.split.partition import segment
from gazette.split.roles import Item, classify, judge_runs
from gazette.split.runs import opens_article

WIDTH = 12
FEATURE = [
    "老街新生",
    [
        "城西的老街曾经破旧不堪，下雨天满地泥水，住在这里的老人出门都要小心翼翼，年轻人大多搬走了。",
        "前年开始，区里对老街进行改造，铺上了青石板路，修好了排水管，还把沿街的老房子重新粉刷了一遍。",
        "改造后的老街",
        "如今老街上开起了茶馆、书店和手工作坊，周末游客络绎不绝，老街的居民说，老街终于又热闹起来了。",
        "搬回老街的年轻人",
        "在外地工作多年的小周今年搬回了老街，在自家老房子里开了一家咖啡馆，老街的生意一天比一天好。",
    ],
]
REPORT = [
    "全市春季植树活动启动",
    [
        "近日，全市春季义务植树活动在东郊林场启动，两千多名干部群众参加，当天栽下各类苗木一万余株。",
        "据介绍，今年全市计划新增造林面积三万亩，重点建设沿河生态廊道和城郊森林公园，改善城市环境。",
    ],
]


def wrapped(*articles: list, gap: str = "\n\n\n") -> str:
    """Articles as column text: every paragraph wrapped at WIDTH, a blank line after each, wider between."""

    def wrap(text: str) -> str:
        return "\n".join(text[i : i + WIDTH] for i in range(0, len(text), WIDTH))

    return gap.join(head + "\n\n" + "\n\n".join(wrap(p) for p in paras) for head, paras in articles) + "\n"


def test_subheads_of_a_feature_stay_in_it_and_the_next_report_opens_its_own_article():
    page = split_page({"page_id": "p", "issue_date": None}, clean_page(wrapped(FEATURE, REPORT)))
    assert [a["headline"] for a in page.articles] == ["老街新生", "全市春季植树活动启动"]
    assert "改造后的老街" in page.articles[0]["body"].split("\n")


def run_signals(raw: str) -> list[dict[str, float]]:
    cleaned = clean_page(raw)
    seq = [it for it in classify(cleaned, absorb=False) if it.kind != "boilerplate"]
    return [run.features for run in judge_runs(seq, cleaned)]


def test_a_subhead_shares_its_words_with_the_text_around_it_and_a_headline_follows_a_wider_gap():
    subhead, _, headline = run_signals(wrapped(FEATURE, REPORT))
    assert subhead["words_before"] > headline["words_before"]
    assert (subhead["wider_gap_before"], headline["wider_gap_before"]) == (0.0, 1.0)
    assert headline["opening_follows"] == 1.0 and subhead["opening_follows"] == 0.0
    assert opens_article(headline) > 0.5 > opens_article(subhead)


def test_a_run_followed_by_a_news_lead_is_left_to_the_segmenter():
    lead = ["植树节", ["本报讯 近日，全市春季义务植树活动在东郊林场启动，两千多名干部群众参加了活动。"]]
    assert len(run_signals(wrapped(FEATURE, lead))) == 2  # the feature's two subheads only


def split_wrapped(*articles: list) -> list[dict]:
    return split_page({"page_id": "p", "issue_date": None}, clean_page(wrapped(*articles))).articles


def test_a_credit_after_the_last_paragraph_closes_its_article_and_heads_no_other():
    for credit in ["（王伟）", "（本报记者 李华）", "据新华社电", "综合本报记者报道", "本报记者 张明摄影报道"]:
        report = [REPORT[0], [*REPORT[1], credit]]
        articles = split_wrapped(report, FEATURE)
        assert [a["headline"] for a in articles] == ["全市春季植树活动启动", "老街新生"], credit
        assert articles[0]["body"].endswith(credit.replace(" ", "")) or credit in articles[0]["body"]


def test_one_line_wider_than_the_column_is_a_headline_however_long():
    long_headline = (
        "城西老街改造完成青石板路排水管道和沿街老房子焕然一新周末游客络绎不绝沿街居民开的小店生意一天比一天好"
    )
    assert len(long_headline) > 45
    articles = split_wrapped(REPORT, [long_headline, FEATURE[1][:2]])
    assert [a["headline"] for a in articles] == ["全市春季植树活动启动", long_headline]


def test_explain_shows_each_runs_verdict_and_each_segments_cost(tmp_path):
    page = tmp_path / "wrapped.txt"
    page.write_text(wrapped(FEATURE, REPORT), encoding="utf-8")
    text = explain_page(page)
    assert "column text" in text
    verdicts = [line for line in text.splitlines() if "run model: p(opens)=" in line]
    assert len(verdicts) == 3  # two subheads, one headline
    assert sum("inside its article" in v for v in verdicts) == 2 and "opens an article" in verdicts[-1]
    assert text.count("segment cost") == 2


def test_a_subhead_at_the_paragraph_gap_of_a_page_that_sets_articles_wider_apart_is_marked_so():
    subhead, _, headline = run_signals(wrapped(FEATURE, REPORT))
    assert subhead["usual_gap_on_gapped_page"] == 1.0 and headline["usual_gap_on_gapped_page"] == 0.0
    flat = run_signals(wrapped(FEATURE, REPORT, gap="\n\n"))
    assert all(run["usual_gap_on_gapped_page"] == 0.0 for run in flat)  # no gap wider anywhere: no sign


def test_a_run_holding_a_credit_is_judged_by_the_model_with_the_credit_as_a_signal():
    credited = [REPORT[0] + "\n\n本报记者  李明", REPORT[1]]
    runs = run_signals(wrapped(FEATURE, credited))
    assert [run["credit"] for run in runs] == [0.0, 0.0, 1.0]
    assert opens_article(runs[-1]) > 0.5


def test_every_signal_of_a_run_has_a_weight_in_the_model_and_the_model_no_other():
    from gazette.split.runs import SIGNALS, model

    (signals, *_) = run_signals(wrapped(FEATURE, REPORT))
    assert set(signals) == SIGNALS == set(model().weights)


def test_a_headline_block_is_not_cut_to_leave_its_first_line_an_orphan():
    def item(kind: str, text: str, block: int) -> Item:
        return Item(kind, CleanLine("text", [(c, 0) for c in text], block))  # type: ignore[arg-type]

    heads = ["老街新生（城市漫步）", "改造后的老街游客络绎不绝", "年轻人搬回老街开起了咖啡馆", "老街的变化留住了烟火气"]
    items = [*(item("headline", h, 0) for h in heads), item("body", "城西的老街曾经破旧不堪。", 1)]
    assert [len(seg) for seg in segment(items, "narrow-columns")] == [5]


def test_a_no_break_space_counts_toward_the_width_a_line_was_wrapped_at():
    lead = "本报北京3月2日电\u00a0（记者李明）全市春季义务植树活动在东郊林场启动，两千多名干部群众参加。"
    paragraphs = [lead, *REPORT[1]]
    body = "\n\n".join("\n".join(p[i : i + 10] for i in range(0, len(p), 10)) for p in paragraphs)
    assert body.startswith("本报北京3月2日电\u00a0\n")  # the dateline alone fills the first line
    lines = [line.text for line in clean_page(f"{REPORT[0]}\n\n{body}\n").lines]
    assert lines[1].startswith("本报北京3月2日电") and lines[1].endswith("两千多名干部群众参加。")


def test_a_page_that_opens_with_the_end_of_an_article_still_has_its_runs_judged():
    carried_over = "\n".join(REPORT[1][1][i : i + WIDTH] for i in range(0, len(REPORT[1][1]), WIDTH))
    raw = carried_over + "\n\n\n" + wrapped(FEATURE, REPORT)
    assert len(run_signals(raw)) == 4  # the headline after the carried-over text, two subheads, the next headline
    page = split_page({"page_id": "p", "issue_date": None}, clean_page(raw))
    assert any("改造后的老街" in a["body"].split("\n") for a in page.articles)  # a subhead, inside its article
    assert "改造后的老街" not in [a["headline"] for a in page.articles]


def test_a_heading_wider_than_the_pages_column_on_one_line_was_set_across_it():
    subhead, _, headline = run_signals(wrapped(FEATURE, ["全市春季义务植树活动在东郊林场启动", REPORT[1]]))
    assert headline["across_column"] == 1.0 and subhead["across_column"] == 0.0
    assert headline["wrapped_head"] == 0.0
    broken = wrapped(FEATURE, ["全市春季义务植树活动在东郊\n林场启动", REPORT[1]]).replace("\n\n\n", "\n\n")
    last = run_signals(broken)[-1]
    assert last["across_column"] == 0.0


def test_a_subhead_longer_than_the_column_is_broken_as_its_paragraphs_are():
    feature = [FEATURE[0], [FEATURE[1][0], "老街改造以后的变化和新生活", FEATURE[1][1]]]
    (subhead,) = run_signals(wrapped(feature))
    assert subhead["wrapped_head"] == 1.0 and subhead["across_column"] == 0.0


def test_a_closing_note_or_a_credit_before_the_heading_lines_closes_the_article_above():
    for closing in ["（作者为某大学教授）", "据新华社电", "（王伟）"]:
        report = [REPORT[0], [*REPORT[1], closing]]
        after_closing, *subheads = run_signals(wrapped(report, FEATURE))
        assert after_closing["closing_before"] == 1.0, closing
        assert [run["closing_before"] for run in subheads] == [0.0, 0.0]
    raw = wrapped(FEATURE, REPORT).replace("\n\n\n全市", "\n\n本报记者 李明摄\n全市")
    signals = run_signals(raw)[-1]
    assert signals["credit_first"] == 1.0 and signals["credit_under_head"] == 0.0


def test_a_credit_under_heading_lines_and_a_heading_block_of_several_lines_are_marked():
    credited = ["老街新生\n改造后的老街游客络绎不绝\n本报记者 李明", REPORT[1]]
    (run,) = run_signals(wrapped(REPORT, credited))
    assert run["credit_under_head"] == 1.0 and run["credit_first"] == 0.0 and run["one_block"] == 1.0
    (single,) = run_signals(wrapped(REPORT, [FEATURE[0], REPORT[1]]))
    assert single["one_block"] == 0.0 and single["credit_under_head"] == 0.0


def test_heading_lines_the_model_reads_as_opening_an_article_head_the_text_after_them():
    def item(kind: str, text: str, block: int, opens: bool = False) -> Item:
        line = CleanLine("text", [(c, 0) for c in text], block)
        return Item(kind, line, opens=opens)  # type: ignore[arg-type]

    def parts(opens: bool) -> list[list[str]]:
        items = [
            item("headline", "全市春季植树活动启动", 0),
            item("body", "近日，全市春季义务植树活动在东郊林场启动。", 1),
            item("headline", "老街新生（城市漫步）", 2, opens),
            item("headline", "——城西老街改造纪事", 2, opens),
            item("headline", "核心阅读", 3, opens),
            item("body", "城西的老街曾经破旧不堪，如今游客络绎不绝。", 4),
        ]
        return [[it.text for it in seg] for seg in segment(items, "narrow-columns")]

    assert parts(opens=True) == [
        ["全市春季植树活动启动", "近日，全市春季义务植树活动在东郊林场启动。"],
        ["老街新生（城市漫步）", "——城西老街改造纪事", "核心阅读", "城西的老街曾经破旧不堪，如今游客络绎不绝。"],
    ]
    assert parts(opens=False)[0] == ["全市春季植树活动启动"]  # unjudged, the run could be the tail above


def test_running_text_stopped_mid_sentence_at_a_columns_end_is_no_heading():
    cut = "城西的老街曾经破旧不堪，下雨天满地泥水，住在这里"  # two full lines of the column, mid-sentence
    assert len(cut) == 2 * WIDTH
    report = [REPORT[0], [*REPORT[1], cut]]
    kinds = {it.text: it.kind for it in classify(clean_page(wrapped(report, FEATURE, gap="\n\n")))}
    assert kinds[cut] == "body"
    heading = cut.replace("，", "、")  # as long, no comma: a heading broken over the column's lines
    report = [REPORT[0], [*REPORT[1], heading]]
    kinds = {it.text: it.kind for it in classify(clean_page(wrapped(report, FEATURE, gap="\n\n")), absorb=False)}
    assert kinds[heading] == "headline"
