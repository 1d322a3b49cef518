"""Chinese numbers in the forms reports use: ranges, bounds, 百分之, 成, 翻番, 倍, 万亿, full-width
digits, and words that only look like numbers. Every sentence here is made up for the test."""

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from gazette.enrich.figures import article_figures
from gazette.enrich.numerals import NUMBER, read_numeral
from tests.helpers import article


def figures(body: str) -> list[dict]:
    return article_figures(article(body))


def only(body: str) -> dict:
    [row] = figures(body)
    return row


def reading(row: dict) -> tuple:
    return (
        row["value"],
        row["unit"],
        row["value_normalized"],
        row["normalized_unit"],
        row["value_low"],
        row["value_high"],
        row["approximate"],
    )


# ---------------------------------------------------------------- the numeral grammar


@pytest.mark.parametrize(
    ("written", "value", "high", "step"),
    [
        ("三千五百二十", "3520", None, "10"),
        ("十二", "12", None, "1"),
        ("百", "100", None, "100"),  # bare 百 (近百家)
        ("千", "1000", None, "1000"),  # bare 千 (逾千人)
        ("一千零五", "1005", None, "1"),
        ("三千五", "3500", None, "100"),  # the spoken form
        ("三万五千", "35000", None, "1000"),
        ("一亿两千万", "120000000", None, "10000000"),
        ("二〇一九", "2019", None, "1"),
        ("五点六", "5.6", None, "0.1"),
        ("一两千", "1000", "2000", "1000"),  # a range named by two neighbouring digits
        ("五六十", "50", "60", "10"),
        ("七八百", "700", "800", "100"),
        ("四五十", "40", "50", "10"),
        ("十五六", "15", "16", "1"),
        ("一百五六十", "150", "160", "10"),
        ("2900", "2900", None, "100"),
        ("1,200", "1200", None, "100"),
        ("１２．５", "12.5", None, "0.1"),  # full-width digits and point
    ],
)
def test_numerals_read_exactly(written, value, high, step):
    numeral = read_numeral(written)
    assert numeral is not None
    assert numeral.value == Decimal(value)
    assert numeral.high == (Decimal(high) if high else None)
    assert numeral.step == Decimal(step)


@pytest.mark.parametrize("written", ["三五", "十十", "百千", "五六点三", "1.2.3", "NaN", "", "十万元", "一点"])
def test_malformed_numerals_read_as_none(written):
    assert read_numeral(written) is None


@given(st.text(alphabet="零〇一二两三四五六七八九十百千万亿点0123456789.．,０５", max_size=12))
def test_any_run_of_numerals_reads_as_a_number_or_none(written):
    numeral = read_numeral(written)
    if numeral is not None:
        assert numeral.value >= 0 and numeral.step > 0
        assert numeral.high is None or numeral.high > numeral.value
    for match in NUMBER.finditer(written):
        read_numeral(match.group(0))


def test_a_trailing_wan_or_yi_is_left_to_the_multiplier():
    assert [m.group(0) for m in NUMBER.finditer("七八百万元，三亿元，三万五千元")] == ["七八百", "三", "三万五千"]


# ---------------------------------------------------------------- approximate ranges


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        ("全年投资一两千万元。", (1000, "万元", 1e7, "CNY", 1e7, 2e7, True)),
        ("年产值五六十亿元。", (50, "亿元", 5e9, "CNY", 5e9, 6e9, True)),
        ("项目投资七八百万元。", (700, "万元", 7e6, "CNY", 7e6, 8e6, True)),
        ("村里每户增收四五十元。", (40, "元", 40, "CNY", 40, 50, True)),
    ],
)
def test_approximate_ranges(body, expected):
    assert reading(only(body)) == expected


def test_a_range_with_a_connector_bounds_both_ends():
    low, high = figures("单个项目补助5万至10万元。")
    assert (low["value_normalized"], low["value_low"], low["value_high"]) == (50000, 50000, 100000)
    assert (high["value_normalized"], high["value_low"], high["value_high"]) == (100000, 50000, 100000)


# ---------------------------------------------------------------- lower and upper bounds


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        ("每户年收入达6万多元。", (6, "万元", 60000, "CNY", 60000, 70000, True)),  # 多: up to the next 万
        ("利润10多万元。", (10, "万元", 100000, "CNY", 100000, 200000, True)),
        ("拨付资金286万余元。", (286, "万元", 2860000, "CNY", 2860000, 2870000, True)),
        ("带动企业2900多家。", (2900, "家", 2900, "count", 2900, 3000, True)),
        ("吸引近百家企业入驻。", (100, "家", 100, "count", None, 100, True)),
        ("新增就业岗位逾千人。", (1000, "人", 1000, "count", 1000, None, True)),
        ("总投资近千万元。", (1000, "万元", 1e7, "CNY", None, 1e7, True)),
        ("奖励300元以上。", (300, "元", 300, "CNY", 300, None, True)),
        ("补贴约200元。", (200, "元", 200, "CNY", None, None, True)),
    ],
)
def test_bounds(body, expected):
    assert reading(only(body)) == expected


# ---------------------------------------------------------------- percentages, shares, multiples


def test_percent_written_in_words():
    row = only("一季度工业增加值同比增长百分之五点六。")
    assert (row["value_normalized"], row["normalized_unit"], row["growth_pct"]) == (5.6, "percent", 5.6)
    assert row["text"].endswith("百分之五点六")


@pytest.mark.parametrize(("body", "percent"), [("民营企业占三成。", 30), ("成本降低两成半。", 25)])
def test_tenths(body, percent):
    row = only(body)
    assert (row["value_normalized"], row["normalized_unit"]) == (percent, "percent")


@pytest.mark.parametrize(("body", "growth"), [("五年来产值翻一番。", 100), ("十年间收入翻了两番。", 300)])
def test_doublings(body, growth):
    row = only(body)
    assert (row["value_normalized"], row["normalized_unit"], row["growth_pct"]) == (growth, "percent", growth)


def test_times_as_growth():
    row = only("出口额增长1.3倍。")
    assert (row["value"], row["unit"], row["value_normalized"], row["growth_pct"]) == (1.3, "倍", 130, 130)


def test_fan_without_fan_verb_is_no_figure():
    assert figures("经过一番努力，项目落地。") == []


# ---------------------------------------------------------------- large multipliers and full-width digits


@pytest.mark.parametrize(
    ("body", "value", "unit", "normalized"),
    [
        ("社会融资规模1.2万亿元。", 1.2, "万亿元", 1.2e12),
        ("项目总投资3千万元。", 3, "千万元", 3e7),
        ("实现产值５２．３亿元。", 52.3, "亿元", 5.23e9),
        ("营业收入三万五千元。", 35000, "元", 35000),
        ("总投资一亿两千万元。", 120000000, "元", 1.2e8),
    ],
)
def test_multipliers_and_digit_forms(body, value, unit, normalized):
    row = only(body)
    assert (row["value"], row["unit"], row["value_normalized"]) == (value, unit, normalized)


# ---------------------------------------------------------------- words that only look like numbers


@pytest.mark.parametrize(
    "body",
    [
        "好政策走进千家万户。",
        "百姓的事就是大事。",
        "一些企业积极参与。",
        "万一出现险情，立即上报。",
        "工作方法一成不变。",
        "游客三五成群。",
        "一家亲的氛围很浓。",
        "千方百计稳就业。",
    ],
)
def test_words_that_look_like_numbers_are_no_figures(body):
    assert figures(body) == []


# ---------------------------------------------------------------- issue 15 item 4


def test_a_share_after_a_figure_without_metric_has_no_none_in_its_metric():
    rows = figures("35.1亿元，占全市40.2%，增长3.1%。")
    assert rows and all("None" not in (row["metric"] or "") for row in rows)


@pytest.mark.parametrize(
    ("body", "normalized"),
    [("税收2.3亿元。", 230000000), ("投资0.7亿元。", 70000000), ("产值1.15万亿元。", 1150000000000)],
)
def test_normalised_values_are_exact(body, normalized):
    assert only(body)["value_normalized"] == normalized


@pytest.mark.parametrize("body", ["这一成果来之不易。", "取得这一成绩。", "每年有数百万人参观。", "投入几十万元。"])
def test_words_after_a_numeral_and_vague_amounts_are_no_figures(body):
    assert figures(body) == []


def test_digits_after_shu_are_a_count():
    assert only("园区企业总数500家。")["value_normalized"] == 500
