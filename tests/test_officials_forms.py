"""The ways reports name officials (issue 14), each on text written for the test: one title
over a list, appointments and removals, a post after the name, group heads, former and
acting posts, name boundaries, congress seats, village cadres, titles that stop at the
clause before them."""

import pytest

from gazette.enrich.officials import article_officials
from gazette.papers import profile
from tests.helpers import article

PINGHU, RIZHAO = profile("pinghu"), profile("rizhao")


def found(body: str, paper=PINGHU, **fields) -> dict[str, dict]:
    return {m["name"]: m for m in article_officials(article(body, **fields), body, paper)}


def test_one_title_over_a_list_of_names():
    people = found("市人大常委会副主任王小明、李建国、陈红梅、赵卫东参加会议。")
    assert set(people) == {"王小明", "李建国", "陈红梅", "赵卫东"}
    assert {m["title"] for m in people.values()} == {"市人大常委会副主任"}
    assert {m["role"] for m in people.values()} == {"参加"}


def test_a_list_stops_where_the_next_title_starts():
    people = found("市委书记郑立、市长黄一鸣出席。")
    assert (people["郑立"]["title"], people["黄一鸣"]["title"]) == ("市委书记", "市长")


def test_appointment_and_removal_subjects():
    people = found(
        "会议决定任命张建华同志为平湖市人民政府副市长。会议接受赵国强同志辞去平湖市人民政府市长职务的请求，"
        "决定免去钱立新的市财政局局长职务。"
    )
    assert (people["张建华"]["title"], people["张建华"]["status"]) == ("平湖市人民政府副市长", "appointed")
    assert (people["赵国强"]["title"], people["赵国强"]["status"]) == ("平湖市人民政府市长", "removed")
    assert (people["钱立新"]["title"], people["钱立新"]["status"]) == ("市财政局局长", "removed")
    assert {m["jurisdiction"] for m in people.values()} == {"平湖市"}


def test_acting_title_is_kept_as_written():
    voted = found("会议表决通过了孙志远副市长为平湖市人民政府代理市长。")["孙志远"]
    assert (voted["title"], voted["status"]) == ("平湖市人民政府代理市长", "appointed")
    acting = found("代理市长孙志远主持会议。")["孙志远"]
    assert (acting["title"], acting["status"], acting["role"]) == ("代理市长", "acting", "主持")


def test_a_post_after_the_name():
    person = found("孙志远副市长在会上讲话。")["孙志远"]
    assert (person["title"], person["jurisdiction"], person["role"]) == ("副市长", "平湖市", "讲话")
    assert found("周小平同志出席会议。") == {}  # 同志 alone is no title


@pytest.mark.parametrize(
    ("text", "head"),
    [
        ("王小明、李建国等市四套班子领导出席活动。", "市四套班子领导"),
        ("市级领导王小明、李建国参加。", "市级领导"),
        ("王小明、李建国等市委领导出席。", "市委领导"),
    ],
)
def test_group_heads(text, head):
    people = found(text)
    assert set(people) == {"王小明", "李建国"}
    assert {(m["title"], m["jurisdiction"]) for m in people.values()} == {(head, "平湖市")}


def test_county_and_district_heads_take_a_named_county_or_none():
    people = found("青田县召开会议，县领导吴家明、杨春出席。", paper=None)
    assert {m["jurisdiction"] for m in people.values()} == {"青田县"}
    district = found("区领导吴家明出席。", paper=RIZHAO)["吴家明"]
    assert (district["title"], district["jurisdiction"]) == ("区领导", None)


def test_former_officials_and_name_boundaries():
    former = found("记者来到原市人大常委会主任吴国平家中。")
    assert set(former) == {"吴国平"}
    assert (former["吴国平"]["title"], former["吴国平"]["status"]) == ("市人大常委会主任", "former")
    assert set(found("市委书记郑立以普通党员身份参加。")) == {"郑立"}
    assert set(found("主持会议的省长黄一鸣说，要抓落实。黄一鸣说，这是大事。")) == {"黄一鸣"}
    assert set(found("副市长许明华指出，许明华说，")) == {"许明华"}


def test_congress_seats_are_their_own_kind():
    people = found("大会执行主席林大海主持会议。全国人大代表、市委书记郑立发言。市政协委员方芳说，")
    assert (people["林大海"]["title"], people["林大海"]["congress_member"]) == ("大会执行主席", True)
    assert people["郑立"]["congress_member"] is False  # also holds an office
    assert people["方芳"]["congress_member"] is True
    chair = found("主席团常务主席林大海主持。")["林大海"]
    assert (chair["title"], chair["congress_member"]) == ("主席团常务主席", True)


def test_village_cadres():
    people = found("新丰村党支部书记陈水根介绍，驻村第一书记吴斌说，村委会主任林青表示，村民张大山说，")
    assert set(people) == {"陈水根", "吴斌", "林青"}  # 村民 is no post
    assert people["陈水根"]["jurisdiction"] == "新丰村"
    assert people["吴斌"]["title"] == "驻村第一书记"
    assert people["林青"]["jurisdiction"] == "新丰村"  # the village the sentence names


def test_titles_never_run_into_the_clause_before_them():
    people = found("市委书记郑立会见了由东莞市委书记梁一平率领的考察团。开幕式由大会执行主席刘春生主持。")
    assert (people["梁一平"]["title"], people["梁一平"]["jurisdiction"]) == ("东莞市委书记", "东莞市")
    assert people["郑立"]["jurisdiction"] == "平湖市"
    assert people["刘春生"]["title"] == "大会执行主席"


def test_reporters_are_not_officials():
    assert found("本报记者王芳报道，副市长郑立出席。", reporters=["王芳"]).keys() == {"郑立"}


def test_two_printed_places_keep_two_people_of_one_name_in_one_article():
    people = article_officials(article("东莞市委书记李军出席。新丰村党支部书记李军介绍，"), "", PINGHU)
    assert sorted(m["jurisdiction"] for m in people) == ["东莞市", "新丰村"]


def test_serving_article_count_leaves_out_former_appointed_and_congress_only_mentions():
    from gazette.enrich import enrich_articles, resolve_officials

    bodies = ["市长郑立出席。", "代理市长郑立主持。", "原市长郑立说，", "市人大代表郑立说，", "任命郑立同志为市长。"]
    mentions = [
        m
        for i, body in enumerate(bodies)
        for m in enrich_articles([article(body, f"a{i}")], PINGHU)["official_mentions"]
    ]
    assert [m["status"] for m in mentions] == ["serving", "acting", "former", "serving", "appointed"]
    (person,) = resolve_officials(mentions)["officials"]
    assert (person["article_count"], person["serving_article_count"]) == (5, 2)
    folded = resolve_officials(mentions[3:], known=resolve_officials(mentions[:3]))["officials"]
    assert folded[0]["serving_article_count"] == 2
