"""Metric and period of figures in dated sentences written in the forms papers print (a held-out set:
written for this test, not taken from any page). A metric is right when it names the expected quantity
(contains it, or is contained in it and covers half of it: tests/figures_gold.py), a period when it is
the expected one exactly."""

from datetime import date

from gazette.enrich.figures import article_figures
from tests.figures_gold import metric_names
from tests.helpers import article

ISSUE = date(2024, 6, 18)

# (sentence, value as written, unit as written, metric, period)
SENTENCES = [
    ("今年前两个月，全市完成固定资产投资21.6亿元。", 21.6, "亿元", "固定资产投资", "2024年1-2月"),
    ("1至5月，我市规上工业总产值达到386.2亿元。", 386.2, "亿元", "规上工业总产值", "2024年1-5月"),
    ("1-5月，全县实现农业总产值12.4亿元，同比增长3.2%。", 12.4, "亿元", "农业总产值", "2024年1-5月"),
    ("1-5月，全县实现农业总产值12.4亿元，同比增长3.2%。", 3.2, "%", "农业总产值", "2024年1-5月"),
    ("前三季度，全区一般公共预算收入完成58.7亿元。", 58.7, "亿元", "一般公共预算收入", "2024年前三季度"),
    ("上半年，该公司实现营业收入4.8亿元，比去年同期增长12%。", 4.8, "亿元", "营业收入", "2024年上半年"),
    ("上半年，该公司实现营业收入4.8亿元，比去年同期增长12%。", 12, "%", "营业收入", "2024年上半年"),
    ("一季度，全市外贸进出口总额完成96.3亿元。", 96.3, "亿元", "外贸进出口总额", "2024年一季度"),
    ("去年，全市人才资源总量达到18.6万人。", 18.6, "万人", "人才资源总量", "2023年"),
    ("2010年，全镇工业产值只有30亿元；去年，全镇工业产值达到112亿元。", 112, "亿元", "工业产值", "2023年"),
    ("2021年，全县新增市场主体1.2万户，全年实现税收收入25.6亿元。", 25.6, "亿元", "税收收入", "2021年"),
    ("全年新签约亿元以上项目46个。", 46, "个", "亿元以上项目", "2024年"),
    ("上月，全市社会消费品零售总额完成42.5亿元。", 42.5, "亿元", "社会消费品零售总额", "2024年5月"),
    ("本月，全市新增光伏装机3.6万千瓦。", 3.6, "万千瓦", "光伏装机", "2024年6月"),
    ("去年同期，全市实际使用外资1.8亿美元。", 1.8, "亿美元", "实际使用外资", "2023年"),
    ("今年1-4月，平湖市完成工业投资63.5亿元。", 63.5, "亿元", "工业投资", "2024年1-4月"),
    ("前4个月，全省快递业务量完成9.6亿件，业务收入78.3亿元。", 78.3, "亿元", "业务收入", "2024年1-4月"),
    ("今年以来，全区累计新增高新技术企业38家。", 38, "家", "高新技术企业", "2024年以来"),
    ("2023年全年，全市地区生产总值突破千亿元，达到1012.8亿元。", 1012.8, "亿元", "生产总值", "2023年"),
    ("第一季度，全县粮食播种面积稳定在28.6万亩。", 28.6, "万亩", "粮食播种面积", "2024年一季度"),
    ("下半年，全市计划完成交通投资45亿元。", 45, "亿元", "交通投资", "2024年下半年"),
    ("5月份，全市用电量达到18.2亿千瓦时。", 18.2, "亿千瓦时", "用电量", "2024年5月"),
    ("截至目前，园区已入驻企业126家。", 126, "家", "入驻企业", None),
    ("该项目总投资12.5亿元，建成后可实现年产值30亿元。", 12.5, "亿元", "总投资", None),
    ("平湖市全年实现规模以上工业增加值312.6亿元。", 312.6, "亿元", "规上工业增加值", "2024年"),
    ("我市今年1至5月共引进内资项目28个，实到内资52.3亿元。", 52.3, "亿元", "实到内资", "2024年1-5月"),
    ("上半年，全市居民人均可支配收入达到3.6万元，增长5.1%。", 3.6, "万元", "居民人均可支配收入", "2024年上半年"),
    ("去年，全市接待游客1250万人次，实现旅游总收入156亿元。", 156, "亿元", "旅游总收入", "2023年"),
    ("前三季度，全市出口总额完成486.2亿元，占全省的8.5%。", 486.2, "亿元", "出口总额", "2024年前三季度"),
    ("今年一季度，全县新开工项目56个，完成项目投资38.4亿元。", 38.4, "亿元", "项目投资", "2024年一季度"),
]


def found(sentence: str, value: float, unit: str) -> dict | None:
    rows = article_figures(article(sentence, issue_date=ISSUE))
    return next((r for r in rows if r["value"] == value and r["unit"] == unit), None)


def test_held_out_sentences():
    rows = [(found(s, v, u), metric, period) for s, v, u, metric, period in SENTENCES]
    assert all(row is not None for row, _, _ in rows)
    metric_right = [metric_names(metric, row["metric"]) for row, metric, _ in rows if row]
    period_right = [row["period"] == period for row, _, period in rows if row]
    assert sum(metric_right) / len(rows) >= 0.90
    assert sum(period_right) / len(rows) >= 0.90


def test_no_metric_is_a_place_a_pronoun_or_a_clause_head():
    for sentence in ("我市去年达到18.6万人。", "我们已经完成了3.2亿元。", "平湖市12.4亿元，增长3.2%。"):
        assert {r["metric"] for r in article_figures(article(sentence, issue_date=ISSUE))} == {None}
