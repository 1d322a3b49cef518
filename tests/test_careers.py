"""Careers end to end: three dated issues through `gazette run` into appointments and official_posts,
the collision check, the Dagster lineage and the report's careers section in headless Chromium."""

import datetime as dt
import json

import dagster as dg
import duckdb
import pyarrow as pa
import pytest
from test_report import CHROMIUM, PRELUDE, DomReader, render_in_chromium

from gazette.cli import main
from gazette.definitions import defs
from gazette.defs.checks import official_posts_collisions
from gazette.defs.resources import GazetteResource
from gazette.enrich.officials import official_id
from gazette.quality import post_collisions
from gazette.report import build_report
from gazette.warehouse import Warehouse

# The careers warehouse is built once (a module fixture), so its tests run in one process under make test.
pytestmark = pytest.mark.xdist_group("test_careers")

# Three issues of a county paper (synthetic text), dated by manifest.csv: January, June, September.
ISSUES = {
    "100_january.txt": (
        "2024-01-15",
        """## 全市工业经济推进会召开

■记者 李雨婷

本报讯 1月14日上午，全市工业经济推进会召开。副市长吴立群出席会议并讲话。
会议指出，要坚持项目为王，推动制造业高质量发展。
""",
    ),
    "200_june.txt": (
        "2024-06-18",
        """## 市十七届人大常委会举行第十八次会议

■记者 李雨婷

本报讯 6月17日，市十七届人大常委会举行第十八次会议。
会议决定，自6月17日起，任命吴立群为平湖市代理市长，免去吴立群的平湖市副市长职务。
会议还审议了其他事项。
""",
    ),
    "300_september.txt": (
        "2024-09-10",
        """## 全市三季度经济形势分析会召开

■记者 李雨婷

本报讯 9月9日，全市三季度经济形势分析会召开。市长吴立群主持会议。
会议要求，各地各部门要盯紧全年目标，确保完成各项任务。
""",
    ),
}
CAREER = [
    # title, first_seen, last_seen, articles, opened_by, opened_on, closed_by, closed_on
    # (the removal printed in June shows 副市长 held until then: its last_seen and a second article)
    ("副市长", "2024-01-15", "2024-06-18", 2, None, None, "removed", "2024-06-17"),
    ("代理市长", "2024-06-18", "2024-06-18", 1, "acting", "2024-06-17", None, None),
    ("市长", "2024-09-10", "2024-09-10", 1, None, None, None, None),
]


@pytest.fixture(scope="module")
def careers(tmp_path_factory) -> Warehouse:
    root = tmp_path_factory.mktemp("careers")
    inbox = root / "inbox"
    inbox.mkdir()
    manifest = ["file,issue_date,edition,issue_no,paper"]
    for name, (day, text) in ISSUES.items():
        (inbox / name).write_text(text, encoding="utf-8")
        manifest.append(f"{name},{day},平湖版,,pinghu")
    (inbox / "manifest.csv").write_text("\n".join(manifest) + "\n", encoding="utf-8")
    warehouse = Warehouse(root / "warehouse")
    assert main(["run", "--input", str(inbox), "--warehouse", str(warehouse.root)]) == 0
    return warehouse


def query(warehouse: Warehouse, sql: str) -> list[tuple]:
    with duckdb.connect(str(warehouse.db_path), read_only=True) as con:
        return con.sql(sql).fetchall()


def test_a_career_across_three_issues_is_exact_in_official_posts(careers):
    rows = query(
        careers,
        "SELECT name, official_id, jurisdiction, title, first_seen::VARCHAR, last_seen::VARCHAR, articles, "
        "undated_articles, opened_by, opened_on::VARCHAR, closed_by, closed_on::VARCHAR FROM official_posts "
        "WHERE name = '吴立群' ORDER BY first_seen, title",
    )
    person = official_id("吴立群", "平湖市")
    assert rows == [
        ("吴立群", person, "平湖市", title, first, last, articles, 0, opened_by, opened_on, closed_by, closed_on)
        for title, first, last, articles, opened_by, opened_on, closed_by, closed_on in CAREER
    ]


def test_the_appointment_and_the_removal_are_in_appointments(careers):
    rows = query(
        careers,
        "SELECT name, official_id, event, post, title, jurisdiction, effective::VARCHAR, issue_date::VARCHAR, "
        "sentence FROM appointments ORDER BY event",
    )
    person = official_id("吴立群", "平湖市")
    said = "会议决定，自6月17日起，任命吴立群为平湖市代理市长，免去吴立群的平湖市副市长职务。"
    assert rows == [
        ("吴立群", person, "acting", "平湖市代理市长", "代理市长", "平湖市", "2024-06-17", "2024-06-18", said),
        ("吴立群", person, "removed", "平湖市副市长", "副市长", "平湖市", "2024-06-17", "2024-06-18", said),
    ]


def test_undated_pages_are_left_out_of_the_dates_and_counted(careers, tmp_path):
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    (inbox / "400_undated.txt").write_text(ISSUES["300_september.txt"][1], encoding="utf-8")
    warehouse = Warehouse(tmp_path / "warehouse")
    assert main(["run", "--input", str(inbox), "--warehouse", str(warehouse.root)]) == 0
    [row] = query(warehouse, "SELECT first_seen, last_seen, articles, undated_articles FROM official_posts")
    assert row == (None, None, 1, 1)


def test_suspected_collisions_are_incompatible_posts_in_overlapping_periods(careers):
    assert post_collisions(
        pa.Table.from_pylist(
            [
                {"official_id": o, "name": n, "title": t, "first_seen": dt.date(*a), "last_seen": dt.date(*b)}
                for o, n, t, a, b in [
                    ("x", "甲", "副市长", (2024, 1, 1), (2024, 9, 1)),
                    ("x", "甲", "市长", (2024, 5, 1), (2024, 12, 1)),  # overlaps 副市长: two people?
                    ("x", "甲", "市委副书记", (2024, 1, 1), (2024, 12, 1)),  # compatible with both
                    ("y", "乙", "副市长", (2024, 1, 1), (2024, 6, 1)),
                    ("y", "乙", "市长", (2024, 6, 1), (2024, 12, 1)),  # only touches: a promotion
                    ("z", "丙", "市委书记", (2024, 1, 1), (2024, 6, 1)),
                    ("z", "丙", "市委副书记", (2024, 3, 1), (2024, 4, 1)),
                ]
            ]
        )
    ).examples == [
        {
            "official_id": "x",
            "name": "甲",
            "title": "副市长",
            "first_seen": dt.date(2024, 1, 1),
            "last_seen": dt.date(2024, 9, 1),
            "title_b": "市长",
            "first_seen_b": dt.date(2024, 5, 1),
            "last_seen_b": dt.date(2024, 12, 1),
        },
        {
            "official_id": "z",
            "name": "丙",
            "title": "市委书记",
            "first_seen": dt.date(2024, 1, 1),
            "last_seen": dt.date(2024, 6, 1),
            "title_b": "市委副书记",
            "first_seen_b": dt.date(2024, 3, 1),
            "last_seen_b": dt.date(2024, 4, 1),
        },
    ]


def test_the_lineage_has_the_model_and_its_collision_check(careers):
    graph = defs.resolve_asset_graph()
    node = graph.get(dg.AssetKey("official_posts"))
    # appointments (enrichment) and the mentions under their officials, of live pages (pages)
    assert node.parent_keys == {
        dg.AssetKey(key) for key in ("enrichment", "pages", "officials", "official_mentions_resolved")
    }
    assert dg.AssetCheckKey(dg.AssetKey("official_posts"), "official_posts_collisions") in graph.asset_check_keys
    enrichment = graph.get(dg.AssetKey("enrichment"))
    assert {"appointments_unique_article_id_official_id_event_post"} <= {key.name for key in enrichment.check_keys}
    result = official_posts_collisions(gazette=GazetteResource(warehouse_dir=str(careers.root)))
    assert result.passed and result.metadata["failures"].value == 0


def test_the_careers_section_draws_in_chromium(careers, tmp_path):
    text = build_report(careers)
    assert 'id="careers"' in text and "免去吴立群的平湖市副市长职务" in text
    if not CHROMIUM.exists():
        pytest.skip(f"{CHROMIUM} not found: install Debian's chromium package to render the report")
    page = tmp_path / "report.html"
    page.write_text(text.replace("<head>", "<head>\n" + PRELUDE, 1), encoding="utf-8")
    dom, _log = render_in_chromium(page, tmp_path / "profile")
    reader = DomReader()
    reader.feed(dom)
    assert "data-test-problems" not in reader.root_attrs, json.loads(reader.root_attrs["data-test-problems"])
    assert reader.root_attrs.get("data-charts-drawn") == reader.root_attrs["data-charts-expected"]
    chart = reader.charts["chart-careers"]
    assert chart["svg"] == 1 and chart["marks"] == len(CAREER)  # one bar (or dot) per post
    labels = "".join(chart["text"])
    assert all(f"吴立群 · {title}" in labels for title, *_ in CAREER)
    assert "平湖市代理市长" in "".join(reader.texts)
