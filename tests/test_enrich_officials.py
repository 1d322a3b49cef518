"""Officials: titles, chains, enumerations, jurisdictions, roles and identity, on seed text."""

from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from gazette.enrich import enrich_articles, resolve_officials
from gazette.enrich.officials import article_officials, official_id
from gazette.papers import profile
from tests.helpers import article, seed_paragraph

PINGHU = profile("pinghu")  # the seeds' paper: a bare 市 is 平湖市


def officials_in(body: str, paper=PINGHU, **fields) -> dict[str, dict]:
    return {m["name"]: m for m in article_officials(article(body, **fields), body, paper)}


def test_chained_title_enumeration_and_jurisdictions():
    found = officials_in(seed_paragraph("000", "林万乐主持会议"))
    assert set(found) == {"李军", "习近平", "林万乐", "周军波", "莫放路"}
    assert found["李军"]["titles"] == ["嘉兴市委副书记", "市长"]
    assert found["李军"]["jurisdiction"] == "嘉兴市"  # 市长 after 嘉兴市委副书记 stays 嘉兴
    assert found["林万乐"]["jurisdiction"] == "嘉兴市"
    assert found["林万乐"]["role"] == "主持"
    assert found["莫放路"]["jurisdiction"] == "平湖市"  # 我市 = the paper's own city
    assert found["莫放路"]["role"] == "参加"
    assert found["习近平"]["jurisdiction"] == "中央"


def test_bare_city_in_a_chain_means_the_city_before_it():
    found = officials_in(seed_paragraph("000", "祁海龙"))
    assert found["祁海龙"]["titles"] == ["嘉兴市人大常委会副主任", "市总工会主席"]
    assert found["祁海龙"]["jurisdiction"] == "嘉兴市"
    assert found["毛捷"]["jurisdiction"] == "平湖市"


def test_name_before_a_verb_or_a_cut_word_ends_right():
    found = officials_in(seed_paragraph("002", "常务副市长戴振"))
    assert found["戴振"]["titles"] == ["市委常委", "常务副市长"]  # printed 戴振主(持), cut at a column
    assert {"仲旭东", "吴金华", "何健", "毛捷"} <= set(found)  # A、B、C、D等市领导出席


def test_town_posts_and_department_posts():
    zone = officials_in(seed_paragraph("004", "庄志浩"))["庄志浩"]
    assert zone["titles"] == ["独山港经济开发区党工委书记", "独山港镇党委书记"]
    assert zone["jurisdiction"] == "独山港镇"
    assert officials_in(seed_paragraph("003", "姚怡琴说"))["姚怡琴"]["jurisdiction"] == "钟埭街道"
    assert officials_in(seed_paragraph("003", "徐煜薇说"))["徐煜薇"]["title"] == "广陈镇团委书记"
    assert officials_in(seed_paragraph("004", "屠东君说"))["屠东君"]["title"] == "市经信局总工程师"


def test_speaker_role_and_bare_later_mentions_count_once():
    body = seed_paragraph("000", "林万乐主持会议") + "\n" + seed_paragraph("000", "李军在会上指出")
    li = officials_in(body)["李军"]
    assert li["role"] == "讲话"
    assert li["mention_count"] == 2  # the titled mention and 李军在会上指出
    assert li["first_char_offset"] == body.index("李军")


def test_two_people_with_one_name_get_two_ids():
    mayor = officials_in(seed_paragraph("000", "林万乐主持会议"))["李军"]
    officer = officials_in(seed_paragraph("000", "常务副队长李军说"))["李军"]
    assert officer["jurisdiction"] == "独山港经济开发区"
    assert mayor["official_id"] != officer["official_id"]


def test_company_party_posts_and_reporters_are_not_officials():
    assert officials_in(seed_paragraph("002", "城投集团党委专职副书记汤平栋")) == {}
    byline = "本报讯 市委书记仲旭东调研。市领导莫放路、陈伟参加。"
    assert set(officials_in(byline, reporters=["陈伟"])) == {"仲旭东", "莫放路"}
    assert "李育飞" not in officials_in(seed_paragraph("002", "李育飞说"))  # 联盟理事长单位负责人


def test_headline_only_mention_has_no_body_offset():
    found = officials_in("市领导出席。", headline="仲旭东在调研城市建设工作时强调", kicker="市委书记仲旭东调研")
    assert found["仲旭东"]["first_char_offset"] == -1


def test_same_person_keeps_one_id_across_issues_and_promotion():
    first = enrich_articles([article("副市长张三出席。", "a1", issue_date=date(2023, 1, 5))], PINGHU)
    later = enrich_articles([article("市长张三强调，", "a2", issue_date=date(2023, 6, 1))], PINGHU)
    resolved = resolve_officials(first["official_mentions"] + later["official_mentions"])
    (person,) = resolved["officials"]
    assert person["official_id"] == official_id("张三", "平湖市")
    assert person["titles"] == ["副市长", "市长"]
    assert (person["first_seen"], person["last_seen"], person["article_count"]) == (
        date(2023, 1, 5),
        date(2023, 6, 1),
        2,
    )
    assert {t["title"]: t["first_seen"] for t in resolved["official_titles"]} == {
        "副市长": date(2023, 1, 5),
        "市长": date(2023, 6, 1),
    }


@pytest.mark.parametrize("text", ["市委书记高度重视此项工作。", "欢迎来信至局长信箱。", "深化落实书记领办项目。"])
def test_words_after_a_title_are_not_names(text):
    assert officials_in(text) == {}


PEOPLE = [("张三", "平湖市"), ("李军", "平湖市"), ("李军", "嘉兴市")]  # two people called 李军
TITLES = ["副市长", "市长", "市委副书记", "市委书记"]


@st.composite
def pages_of_mentions(draw) -> list[list[dict]]:
    """Pages of mention rows: shared issue dates and undated pages (ties), titles in several orders."""
    pages = []
    for page in range(draw(st.integers(1, 6))):
        day = draw(st.one_of(st.none(), st.sampled_from([date(2023, 1, 5), date(2023, 1, 6), date(2024, 3, 1)])))
        rows = []
        for ordinal in range(draw(st.integers(1, 3))):
            for person in draw(st.sets(st.sampled_from(range(len(PEOPLE))), min_size=1)):
                name, jurisdiction = PEOPLE[person]
                titles = draw(st.lists(st.sampled_from(TITLES), min_size=1, max_size=3, unique=True))
                rows.append(
                    {
                        "article_id": f"p{page}-{ordinal}",
                        "official_id": official_id(name, jurisdiction),
                        "name": name,
                        "jurisdiction": jurisdiction,
                        "title": "、".join(titles),
                        "titles": titles,
                        "issue_date": day,
                    }
                )
        pages.append(rows)
    return pages


def _by_key(resolved: dict[str, list[dict]]) -> dict[str, list[dict]]:
    return {
        "officials": sorted(resolved["officials"], key=lambda row: row["official_id"]),
        "official_titles": sorted(resolved["official_titles"], key=lambda row: (row["official_id"], row["title"])),
    }


@settings(max_examples=300, deadline=None)
@given(pages_of_mentions(), st.integers(0, 6))
def test_folding_new_pages_into_resolved_ones_equals_resolving_all_at_once(pages, cut):
    old, new = pages[:cut], pages[cut:]
    at_once = resolve_officials([m for page in pages for m in page])
    known = resolve_officials([m for page in old for m in page])
    assert _by_key(resolve_officials([m for page in new for m in page], known)) == _by_key(at_once)


def test_title_order_follows_first_sighting_across_folds():
    promoted = enrich_articles([article("市长张三强调，", "b1", issue_date=date(2023, 6, 1))])
    earlier = enrich_articles([article("副市长张三出席。", "a1", issue_date=date(2023, 1, 5))])
    (person,) = resolve_officials(earlier["official_mentions"], resolve_officials(promoted["official_mentions"]))[
        "officials"
    ]
    assert person["titles"] == ["副市长", "市长"] and person["article_count"] == 2


def test_resolving_reads_only_the_mention_columns_the_warehouse_converts():
    from gazette.officials_step import RESOLVED_FROM  # refresh_officials turns only these into Python rows

    mentions = enrich_articles(
        [
            article("市委书记张三主持会议，代市长李四、市人大代表王五出席。", "a1", issue_date=date(2023, 6, 1)),
            article("原副市长赵六出席。副市长张三出席。", "b1", issue_date=date(2023, 1, 5)),
        ]
    )["official_mentions"]
    assert {mention["status"] for mention in mentions} >= {"serving", "former"}
    assert any(mention["congress_member"] for mention in mentions)
    only = [{column: mention.get(column) for column in RESOLVED_FROM} for mention in mentions]
    assert resolve_officials(only) == resolve_officials(mentions)
