"""Periods and metrics of figures: the printed period resolved with the issue date, and a metric
that names a quantity, on sentences written for these tests."""

from datetime import date

import pytest

from gazette.enrich.figures import article_figures
from tests.helpers import article

ISSUE = date(2024, 3, 10)


def periods(body: str, issue_date: date | None = ISSUE) -> list[str | None]:
    return [row["period"] for row in article_figures(article(body, issue_date=issue_date))]


def metrics(body: str) -> list[str | None]:
    return [row["metric"] for row in article_figures(article(body, issue_date=ISSUE))]


@pytest.mark.parametrize(
    "body, expected",
    [
        ("今年前两个月，全县完成固定资产投资21.6亿元。", ["2024年1-2月"]),
        ("1至5月，全市实现工业总产值80亿元。", ["2024年1-5月"]),
        ("前三季度，全县实现生产总值100亿元。", ["2024年前三季度"]),
        ("今年上半年，该区税收收入12亿元。", ["2024年上半年"]),
        ("去年，全市农业总产值达到60亿元。", ["2023年"]),
        ("今年以来，全市完成投资5亿元。", ["2024年以来"]),
        # an earlier year in the sentence is not the period of a later 去年
        ("2003年，该县工业产值只有5亿元，去年产值达到50亿元。", ["2003年", "2023年"]),
        # a year at the head of the sentence beats the issue's year for a part without one
        ("2019年，全县实施技改项目30个，全年完成投资20亿元。", ["2019年", "2019年"]),
        ("去年，全县积极推进技改，全年完成投资20亿元。", ["2023年"]),
        # a comparison base is not the figure's period
        ("全市营业收入12亿元，比去年同期增长5%。", [None, None]),
        # a year inside a noun phrase is no period
        ("会上签订了2024年安全责任书，3个示范项目签约。", [None]),
        # 通过去年整治: 去年 names when the work was done, not the count's period
        ("通过去年整治，该地块已关停企业20家。", [None]),
        # a period opening the paragraph holds for its later sentences
        ("2022年，全市新增光伏装机8万千瓦。清洁能源发电量2亿千瓦时。", ["2022年", "2022年"]),
    ],
)
def test_the_printed_period_resolved_with_the_issue_date(body, expected):
    assert periods(body) == expected


def test_without_an_issue_date_a_relative_period_stays_as_printed():
    assert periods("今年一季度，全市实现生产总值35亿元。", issue_date=None) == ["今年一季度"]
    assert periods("2022年一季度，全市实现生产总值35亿元。", issue_date=None) == ["2022年一季度"]


def test_a_sentence_break_ends_a_period_that_does_not_open_the_paragraph():
    assert periods("全市工作会议召开。今年3月，街道成立工作组。目前已签约企业15家。") == [None]


@pytest.mark.parametrize(
    "body, expected",
    [
        ("全市人才资源总量达到12.5万人。", ["人才资源总量"]),
        ("全市人才资源总量从2010年的4.3万人增长到12.5万人。", ["人才资源总量", "人才资源总量"]),
        ("我市37家企业共同组建了产业联盟。", ["企业"]),  # never the place 我市
        ("截至目前，我们已经签约了15户企业。", ["签约企业"]),  # never the pronoun 我们 or the clause
        ("该地块已撤离关停20家。", ["撤离关停"]),  # never the demonstrative 该地块
        ("今年共实施“两化”改造项目142个。", ["实施“两化”改造项目"]),
        ("去年，园区集聚了40余家“低散乱”企业。", ["园区集聚“低散乱”企业"]),
        ("电力供应能力提升10%以上。", ["电力供应能力提升"]),
        ("新材料产业产值达到503亿元，占全市规上工业总产值的23.9%。", ["新材料产业产值", "占全市规上工业总产值比重"]),
    ],
)
def test_the_metric_names_the_measured_quantity(body, expected):
    assert metrics(body) == expected
