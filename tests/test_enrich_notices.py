"""Legal notices carry no economic figures, and a metric is a noun phrase (issue 27, item 4)."""

from gazette.enrich.articles import enrich_articles
from gazette.enrich.notices import is_legal_notice, names_something
from tests.helpers import article

# A court's notice as such pages print them (made up here): parties, claims, costs, service by notice.
COURT_NOTICE = (
    "张某某：本院受理原告李某某诉你民间借贷纠纷一案，原告诉讼请求：1.请求法院依法判决被告偿还借款本金"
    "8000元，并以8000元为基数按年利率3.85%支付利息；2.案件受理费150元由被告承担。因你下落不明，"
    "依照《中华人民共和国民事诉讼法》之规定，向你公告送达起诉状副本、应诉通知书、举证通知书及开庭传票。"
    "自公告之日起经过30日即视为送达。特此公告。"
)
ARBITRATION = (
    "王某：本委受理申请人赵某与被申请人王某劳动争议一案，申请人请求裁决被申请人支付工资12000元、"
    "经济补偿金6000元。现依法向你公告送达仲裁申请书副本及开庭通知，本案定于9月3日开庭。特此公告。"
)
NEWS = (
    "本报讯 今年以来，该县与县人民法院联合开展金融知识宣传，走访企业，共与11家达成合作意向，"
    "全县完成规上工业总产值52.3亿元，同比增长8.6%。"
)


def figures(*articles):
    return enrich_articles([article(body, article_id=f"a{k}") for k, body in enumerate(articles)])["economic_figures"]


def test_a_court_notice_and_an_arbitration_notice_have_no_economic_figures():
    assert is_legal_notice(COURT_NOTICE) and is_legal_notice(ARBITRATION)
    assert figures(COURT_NOTICE, ARBITRATION) == []


def test_news_that_names_a_court_keeps_its_figures():
    assert not is_legal_notice(NEWS)
    rows = {row["value_normalized"]: row for row in figures(NEWS)}
    assert rows[5.23e9]["metric"] == "规上工业总产值"
    assert rows[8.6]["growth_pct"] == 8.6


def test_a_metric_is_a_noun_phrase_never_a_function_word():
    assert [m for m in ["并以", "共与", "计", "合计", "以", "年利率", "产值", "户均增收"] if names_something(m)] == [
        "年利率",
        "产值",
        "户均增收",
    ]
    counted = [row for row in figures(NEWS) if row["unit"] == "家"]
    # 共与11家达成合作意向: the count stays, named by what follows it, never by the function words 共与
    assert [row["metric"] for row in counted] == ["达成合作意向"]
