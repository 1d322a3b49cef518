"""Economic figures: units, multipliers, approximations, percentages and exclusions."""

from datetime import date

import pytest

from gazette.enrich.figures import article_figures
from tests.figures_gold import metric_names
from tests.helpers import article, seed_paragraph


def figures(body: str, **fields) -> list[dict]:
    return article_figures(article(body, **fields))


def by_value(rows: list[dict]) -> dict[float, dict]:
    return {r["value_normalized"]: r for r in rows}


def test_quarterly_report_figures():
    rows = by_value(figures(seed_paragraph("004", "35.1亿元"), issue_date=date(2023, 4, 20)))
    gdp = rows[3510000000]
    assert (gdp["metric"], gdp["value"], gdp["unit"], gdp["normalized_unit"]) == ("生产总值", 35.1, "亿元", "CNY")
    assert gdp["period"] == "2023年一季度"
    assert gdp["subject"] == "独山港经济开发区"
    assert rows[3.1]["growth_pct"] == 3.1 and rows[3.1]["share_pct"] is None
    assert rows[40.2]["share_pct"] == 40.2 and rows[40.2]["growth_pct"] is None
    assert 26.4e8 in rows  # 固定资产投资 … 位列全市第一: the ranking itself is no figure
    assert len(rows) == 7


def test_units_with_multipliers():
    rows = by_value(figures(seed_paragraph("001", "8.4万千瓦")))
    assert rows[84000]["normalized_unit"] == "kW"
    assert rows[2020000000]["normalized_unit"] == "kWh"
    assert rows[177.9]["growth_pct"] == 177.9
    assert rows[8.2]["share_pct"] == 8.2
    assert rows[10]["approximate"]  # 10%以上
    assert not any(r["unit"].endswith("千伏") for r in rows.values())  # 220千伏线路送出工程


def test_km_mu_and_money():
    rows = by_value(figures(seed_paragraph("000", "5250千米")))
    assert rows[5250]["normalized_unit"] == "km"  # 千米 is a unit, not 千 × 米
    assert rows[151500000]["metric"] == "总投资"
    mu = by_value(figures(seed_paragraph("000", "4万余亩")))[40000]
    assert (mu["normalized_unit"], mu["approximate"], mu["unit"]) == ("mu", True, "万亩")


def test_counts_of_enterprises_and_projects():
    rows = figures(seed_paragraph("004", "6个项目"))
    assert {(r["value"], r["unit"]) for r in rows} >= {(100, "家"), (30, "个"), (6, "个"), (4, "个")}
    assert [r["approximate"] for r in rows if r["value"] == 100] == [True]


def test_times_and_ratios():
    rows = by_value(figures(seed_paragraph("002", "2.6倍")))
    times = rows[260]
    assert (times["value"], times["unit"], times["normalized_unit"], times["growth_pct"]) == (2.6, "倍", "percent", 260)
    assert rows[159800]["normalized_unit"] == "count"  # 15.98万人: a talent total
    rate = by_value(figures(seed_paragraph("002", "完成率高达167%")))[167]
    assert rate["growth_pct"] is None and rate["share_pct"] is None


@pytest.mark.parametrize(
    "phrase",
    [
        "专项执法行动85次",  # enforcement actions
        "8个2023年",  # Party-building projects
        "20多年",  # a duration
        "5A级",  # a grade
        "第121期",  # an ordinal
        "600余人次",  # people-times
        "近1700户",  # households
        "7个月",  # a duration in 个
        "8个省级公共文化",  # creation units, not projects
    ],
)
def test_excluded_numbers(phrase):
    body = seed_paragraph("", phrase)
    start = body.index(phrase)
    assert not [r for r in figures(body) if start <= r["char_offset"] < start + len(phrase)]


def test_chinese_numerals_and_ranges():
    rows = figures("全年实现销售二十多亿元，单一元素不算，投资5万至10万元。")
    values = sorted(r["value_normalized"] for r in rows)
    assert values == [50000, 100000, 2000000000]  # a range is two figures; 一元 in 单一元素 is none
    assert [r["approximate"] for r in rows if r["value_normalized"] == 2e9] == [True]


def test_people_times_and_months_are_not_counts():
    rows = figures("服务群众3万人次，历时3个月，建成项目3个。")
    assert [(r["value"], r["unit"]) for r in rows] == [(3, "个")]


def test_headline_repeat_is_kept_once():
    rows = figures("今年前三季度，整治完成嘉兴下达目标的206.7%。", subheadline="我市整治完成206.7%")
    assert len(rows) == 1 and rows[0]["char_offset"] >= 0


@pytest.mark.parametrize(
    ("sentence", "period"),
    [
        ("今年前两个月，全县完成工业投资8.6亿元。", "2024年1-2月"),
        ("2005年，全镇工业产值只有9亿元。去年，全镇工业产值达到86亿元。", "2023年"),  # 去年 counts from the issue
        ("2021年，全县新增市场主体1.2万户，全年实现税收收入25.6亿元。", "2021年"),  # the sentence's year
        ("上半年，全市实现营业收入4.8亿元，比去年同期增长12%。", "2024年上半年"),  # 去年同期 is the base
        ("截至5月底，全市累计发放贷款32.5亿元。", "截至2024年5月底"),
        ("今年3月，街道成立工作组。截至目前，已签约企业15家。", None),  # a stock counted today
        ("上月，全市社会消费品零售总额完成42.5亿元。", "2024年5月"),
        ("会上签订了2023年安全生产责任书，签约项目12个。", None),  # the year names the document
    ],
)
def test_period_as_printed(sentence, period):
    rows = figures(sentence, issue_date=date(2024, 6, 18))
    assert rows[-1]["period"] == period


@pytest.mark.parametrize(
    ("sentence", "metric"),
    [
        ("1-5月，全县实现农业总产值12.4亿元。", "农业总产值"),
        ("该项目总投资12.5亿元。", "总投资"),
        ("一季度，全区一般公共预算收入完成58.7亿元。", "一般公共预算收入"),
        ("我市37亿元。", None),  # a place is no metric
        ("我们已经完成了3.2亿元。", None),  # nor a pronoun and a verb
    ],
)
def test_metric_names_the_quantity(sentence, metric):
    assert figures(sentence, issue_date=date(2024, 6, 18))[0]["metric"] == metric


def test_a_count_names_what_follows_its_unit():
    metric = figures("园区集聚了40余家“专精特新”企业，其中8户已经拆除厂房。")[0]["metric"]
    assert metric_names("“专精特新”企业", metric) and metric.endswith("集聚“专精特新”企业")


def test_the_subject_is_a_place_by_its_short_name_in_its_paragraph():
    body = (
        "泗溪镇召开一季度经济形势分析会。\n"
        "一季度，泗溪共引进项目12个，完成合同外资3000万美元。\n"
        "会议要求，全年力争实到外资8000万美元。"
    )
    rows = by_value(figures(body, issue_date=date(2024, 4, 20)))
    assert rows[12]["subject"] == "泗溪"  # 泗溪镇, written without its suffix
    assert rows[80000000]["subject"] is None  # its paragraph names none: no subject guessed


def test_a_short_name_that_is_a_common_word_names_no_place():
    rows = by_value(figures("新华村召开大会。\n新华社报道，全国新增企业30家。", issue_date=date(2024, 4, 20)))
    assert rows[30]["subject"] != "新华"
