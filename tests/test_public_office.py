"""Public offices: officials and official_mentions hold only posts of the Party, the state, a
people's congress, the CPPCC or a village or community committee (titles.yaml's bodies)."""

import pytest

from gazette.enrich.offices import public_office
from gazette.enrich.officials import article_officials
from gazette.papers import profile
from tests import helpers

PINGHU = profile("pinghu")


def officials(body: str) -> list[tuple[str, str]]:
    return [(m["name"], m["title"]) for m in article_officials(helpers.article(body, "p1-001"), body, PINGHU)]


@pytest.mark.parametrize(
    "body",
    [
        "平湖市交通投资集团采购部部长张海涛介绍，项目已经完工。",  # a company's department head
        "会上，采购部部长张海涛介绍了情况。",  # a company department named by its own word
        "市人民医院院长张海涛表示，要做好服务。",  # a hospital, though 市 opens its name
        "县第一中学校长张海涛说，学校将继续努力。",
    ],
)
def test_a_post_outside_public_bodies_is_no_official(body):
    assert officials(body) == []


def test_a_public_post_is_an_official():
    assert officials("副市长张海涛出席会议。") == [("张海涛", "副市长")]


@pytest.mark.parametrize(
    "post, context, public",
    [
        ("平湖市副市长", "", True),
        ("村委会主任", "", True),
        ("代理市长", "", True),  # the post word names its office
        ("审判员", "免去张三的市中级人民法院副庭长、审判员职务", True),  # the court of its clause
        ("采购部部长", "集团董事会决定任命张三为采购部部长", False),
        ("市人民医院院长", "", False),
        ("副主任", "", False),  # no body named
    ],
)
def test_public_office_from_the_post_and_its_clause(post, context, public):
    assert public_office(post, context) is public
