"""One person, one official: a mention with no place joins the single namesake holding its post
in its paper's home, else stays apart and says why; the same whatever order pages come in."""

import datetime as dt

import duckdb
import pytest

from gazette.enrich import Namesake, enrich_articles, join_placeless
from gazette.enrich.officials import official_id
from gazette.models import load_models
from gazette.officials_step import refresh_officials
from gazette.papers import profile
from gazette.warehouse import Warehouse, page_stem
from tests.helpers import article

PINGHU = frozenset({"平湖市"})


def test_a_placeless_official_joins_the_one_namesake_holding_its_post_at_home():
    joined, apart = join_placeless(
        "吴立群",
        [
            Namesake("a", None, frozenset({"市委书记"}), PINGHU),
            Namesake("b", "平湖市", frozenset({"市委书记", "市长"})),
            Namesake("c", "嘉兴市", frozenset({"市委书记"})),  # outside its paper's home: not a candidate
        ],
    )
    assert joined == {"a": "b"} and apart == {}


def test_a_placeless_official_stays_apart_and_says_why():
    def why(*namesakes: Namesake) -> str:
        joined, apart = join_placeless("郑海文", list(namesakes))
        assert joined == {}
        return apart["x"]

    placeless = Namesake("x", None, frozenset({"副市长"}), frozenset({"平湖市", "日照市"}))
    assert why(placeless, Namesake("y", "平湖市", frozenset({"市长"}))) == (
        "no place; no official named 郑海文 with its titles has one"
    )
    assert why(
        placeless, Namesake("y", "平湖市", frozenset({"副市长"})), Namesake("z", "日照市", frozenset({"副市长"}))
    ) == ("no place; 2 officials named 郑海文 hold its titles (平湖市、日照市)")
    national = Namesake("x", None, frozenset({"副市长"}))  # a page of a paper with no home (人民日报)
    assert why(national, Namesake("y", "平湖市", frozenset({"副市长"}))) == (
        "no place; the officials named 郑海文 with its titles (平湖市) are not in its paper's home "
        "(none: no paper with a home)"
    )


# Made-up pages: (paper, body). 市委书记 with no place is the paper's city, or no place at all.
PAGES = {
    "pinghu.txt": ("pinghu", "市委书记吴立群主持会议，副市长郑海文出席。"),
    "no_paper.txt": (None, "市委书记吴立群在调研时强调，要抓好秋粮收购。"),
    "rizhao.txt": ("rizhao", "市委书记吴立群会见客商。"),
    "renmin.txt": ("renmin", "市委书记吴立群介绍了经验。"),
}


def store(warehouse: Warehouse, name: str) -> None:
    paper, body = PAGES[name]
    page_id = name.removesuffix(".txt")
    day = dt.date(2024, 3, 1)
    rows = enrich_articles([article(body, f"{page_id}-1", page_id=page_id, issue_date=day)], profile(paper))
    warehouse.write_page(
        name,
        {
            "pages": [{"page_id": page_id, "source_path": name, "paper": paper, "issue_date": day}],
            "official_mentions": rows["official_mentions"],
        },
    )


def remove(warehouse: Warehouse, name: str) -> None:
    warehouse.delete_stored(page_stem(name))


def officials_of(warehouse: Warehouse) -> dict[str, tuple]:
    """name and place -> (article_count, titles, apart), the official_titles rows and the officials'
    mention_ids, sorted."""
    officials = warehouse.read_table("officials").to_pylist()
    rows = {(o["name"], o["jurisdiction"]): (o["article_count"], sorted(o["titles"]), o["apart"]) for o in officials}
    return {
        "officials": rows,
        "mention_ids": sorted(sorted(o["mention_ids"]) for o in officials),
        "official_titles": sorted(map(repr, warehouse.read_table("official_titles").to_pylist())),
    }


def built_at_once(tmp_path, names: list[str]) -> dict:
    clean = Warehouse(tmp_path / f"clean-{len(list(tmp_path.iterdir()))}")
    for name in names:
        store(clean, name)
    refresh_officials(clean)
    return officials_of(clean)


def test_a_mention_with_no_place_joins_the_official_of_the_papers_home(tmp_path, warehouse):
    for name in ("pinghu.txt", "no_paper.txt"):
        store(warehouse, name)
    refresh_officials(warehouse)
    officials = officials_of(warehouse)["officials"]
    assert officials[("吴立群", "平湖市")] == (2, ["市委书记"], None)  # both articles, one person
    assert ("吴立群", None) not in officials


def test_the_models_count_a_joined_mention_as_its_officials(warehouse):
    for name in ("pinghu.txt", "no_paper.txt"):
        store(warehouse, name)
    refresh_officials(warehouse)
    [holder] = [o for o in warehouse.read_table("officials").to_pylist() if o["name"] == "吴立群"]
    assert sorted(holder["mention_ids"]) == sorted([holder["official_id"], official_id("吴立群", None)])
    with duckdb.connect(str(warehouse.refresh_duckdb(load_models())), read_only=True) as con:
        counts = con.sql("SELECT jurisdiction, article_count FROM official_article_counts WHERE name = '吴立群'")
        assert counts.fetchall() == [("平湖市", 2)]
        stored = con.sql("SELECT count(DISTINCT official_id) FROM official_mentions WHERE name = '吴立群'")
        assert stored.fetchone() == (2,)  # as read on each page; the join is the warehouse's, not a page's


@pytest.mark.parametrize("order", [["no_paper.txt", "pinghu.txt"], ["pinghu.txt", "no_paper.txt"]])
def test_officials_do_not_depend_on_the_order_pages_are_folded_in(tmp_path, warehouse, order):
    for name in order:  # a refresh after each page, as one-page runs do
        store(warehouse, name)
        refresh_officials(warehouse)
    assert officials_of(warehouse) == built_at_once(tmp_path, order)


def test_a_second_namesake_at_a_papers_home_undoes_the_join_and_removing_it_restores_it(tmp_path, warehouse):
    for name in ("pinghu.txt", "no_paper.txt"):
        store(warehouse, name)
    refresh_officials(warehouse)
    store(warehouse, "rizhao.txt")  # 日照市 is a paper's home too: a page of no paper may mean either
    refresh_officials(warehouse)
    now = officials_of(warehouse)
    assert now == built_at_once(tmp_path, ["pinghu.txt", "no_paper.txt", "rizhao.txt"])
    assert now["officials"][("吴立群", None)] == (
        1,
        ["市委书记"],
        "no place; 2 officials named 吴立群 hold its titles (平湖市、日照市)",
    )
    remove(warehouse, "rizhao.txt")
    refresh_officials(warehouse)
    assert officials_of(warehouse) == built_at_once(tmp_path, ["pinghu.txt", "no_paper.txt"])
    remove(warehouse, "pinghu.txt")  # the holder gone: the mention stays apart, with no one to join
    refresh_officials(warehouse)
    assert officials_of(warehouse)["officials"] == {
        ("吴立群", None): (1, ["市委书记"], "no place; no official named 吴立群 with its titles has one")
    }


def test_a_national_papers_mention_with_no_place_joins_no_city(tmp_path, warehouse):
    for name in ("pinghu.txt", "renmin.txt"):
        store(warehouse, name)
    refresh_officials(warehouse)
    officials = officials_of(warehouse)["officials"]
    assert officials[("吴立群", "平湖市")][0] == 1
    assert "not in its paper's home" in officials[("吴立群", None)][2]
