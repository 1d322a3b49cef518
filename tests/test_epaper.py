"""Saved e-paper HTML (Founder classic and new generation): files, pages of several files, runs, explain."""

import datetime as dt
import shutil

import pytest

from gazette import inbox
from gazette.explain import explain_page
from gazette.extract import PageError
from gazette.extract.founder import read_founder
from gazette.pipeline import process_page
from gazette.run import run_folder
from gazette.warehouse import Warehouse
from tests.epaper_pages import ARTICLES, DATE, PAPER, classic_article, classic_layout, new_article, pad_article, write


def test_a_classic_article_page_gives_its_page_and_article():
    info = read_founder("content_5001.htm", classic_article("5001"))
    assert (info.system, info.kind) == ("founder-classic", "article")
    assert (info.paper, info.date, info.date_source) == (PAPER, dt.date.fromisoformat(DATE), "markup")
    assert (info.page_no, info.page_name) == ("01", "要闻")
    assert info.page_names == {"1": "要闻", "2": "综合新闻"}
    article = info.article
    assert (article.kicker, article.headline, article.subheadline) == ("聚焦民生实事", "青溪镇新建三座口袋公园", None)
    assert article.paragraphs[0].startswith("本报讯（记者 王明")
    assert info.boxes["5001"] == (10.0, 20.0, 200.0, 160.0)  # both rings of its polygon
    assert info.image_size == (350.0, 550.0)
    assert info.order == ["5001", "5002"]


def test_a_new_generation_article_reads_its_header_and_trailer():
    html = new_article(
        "望江大桥今日通车", "全长一千二百米", "孙丽", ["望江晚报讯（记者 孙丽）今天上午，望江大桥正式通车。"]
    )
    info = read_founder("content_7001.html", html)
    assert (info.system, info.kind, info.page_no, info.page_name) == ("founder-new", "article", "A02", None)
    assert (info.paper, info.date) == ("望江晚报", dt.date(2024, 5, 20))
    article = info.article
    assert (article.headline, article.subheadline, article.author) == ("望江大桥今日通车", "全长一千二百米", "孙丽")
    assert article.paragraphs == ["望江晚报讯（记者 孙丽）今天上午，望江大桥正式通车。"]


def test_a_pad_page_keeps_its_picture_caption_out_of_the_body():
    info = read_founder("content_8001.html", pad_article())
    assert (info.page_no, info.date, info.paper) == ("03", dt.date(2024, 4, 2), None)
    article = info.article
    assert (article.kicker, article.headline) == ("春耕时节", "西岭社区田间地头忙播种")
    assert article.captions == ["村民在田间播种（记者 刘洋 摄）"]
    assert all("播种（记者" not in p for p in article.paragraphs)


def test_a_layout_page_gives_the_article_order_and_hotspots():
    info = read_founder("node_2.htm", classic_layout("01", ["5002", "5001"]))
    assert (info.kind, info.page_no, info.page_name, info.article) == ("layout", "01", "要闻", None)
    assert info.order == ["5002", "5001"]
    assert info.boxes["5002"] == (210.0, 20.0, 340.0, 160.0)


def test_html_of_another_system_is_refused_in_one_line(tmp_path):
    path = write(
        tmp_path, "Page01BC.htm", "<html><body><a class='overlink' href='Articel01001NR.htm'>新闻</a></body></html>"
    )
    with pytest.raises(PageError) as caught:
        process_page(path)
    assert str(caught.value).startswith("Page01BC.htm: not a Founder e-paper page")
    assert "\n" not in str(caught.value)


def epaper_folder(folder, mirror=""):
    """Page 01 (layout page and its two articles) and page 02 (one article), as saved from the site."""
    write(folder, f"{mirror}node_2.htm", classic_layout("01", ["5002", "5001"]))
    for cid in ARTICLES:
        write(folder, f"{mirror}content_{cid}.htm", classic_article(cid))
    return folder


def test_the_files_of_one_printed_page_are_one_page(tmp_path):
    folder = epaper_folder(tmp_path / "inbox")
    files, _, _ = inbox.scan(folder)
    sources = {source.name: source for source in inbox.page_sources(files)}
    assert sorted(sources) == [f"{PAPER}_{DATE}_01版", f"{PAPER}_{DATE}_02版"]
    assert [f.name for f in sources[f"{PAPER}_{DATE}_01版"].files] == [
        "content_5001.htm",
        "content_5002.htm",
        "node_2.htm",
    ]

    rows = process_page(sources[f"{PAPER}_{DATE}_01版"])
    [page] = rows["pages"]
    assert (page["format"], page["paper_name"], page["issue_date"], page["issue_date_source"]) == (
        "html",
        PAPER,
        dt.date.fromisoformat(DATE),
        "markup",
    )
    # pages.paper is a profile id: no profile knows this paper, so it is unknown, and a warning says so.
    assert (page["paper"], page["paper_source"]) == (None, None)
    assert f"{PAPER}_{DATE}_01版: its paper {PAPER} (as printed) has no profile" in " ".join(page["warnings"])
    assert (page["page_no"], page["page_name"], page["layout"], page["source_path"]) == (
        "01",
        "要闻",
        "founder-classic",
        "node_2.htm",
    )
    assert (page["page_width"], page["page_height"]) == (350.0, 550.0)
    articles = rows["articles"]
    assert [a["headline"] for a in articles] == ["南塘村举办春季招聘会", "青溪镇新建三座口袋公园"]  # the layout's order
    assert [a["source_file"] for a in articles] == ["content_5002.htm", "content_5001.htm"]
    assert articles[0]["box"] == [210.0, 20.0, 340.0, 160.0]
    assert articles[0]["subheadline"] == "二十余家企业提供岗位三百多个"
    assert articles[1]["kicker"] == "聚焦民生实事"
    # Credits and datelines printed inside the body are still read.
    assert (articles[1]["reporters"], articles[1]["correspondents"]) == (["王明"], ["李华"])
    assert articles[1]["dateline"] == "3月7日"
    assert articles[1]["body"].split("\n")[1].startswith("公园总面积约1.2万平方米")
    # Offsets point into the page's cleaned text.
    clean = rows["page_texts"][0]["clean_text"]
    assert clean[articles[0]["char_start"] : articles[0]["char_end"]].endswith("一百二十人。")


def test_the_pictures_of_a_saved_e_paper_page_are_part_of_it_and_a_lone_scan_is_a_page(tmp_path):
    mirror = "html/2024-03/08/"
    folder = epaper_folder(tmp_path / "inbox", mirror)
    pictures = {
        "page/01.jpg": b"shown by the page map of every saved file (../../../page/01.jpg)",
        f"{mirror}content_5003_files/photo.png": b"saved by a browser with content_5003.htm",
        "page/2024-03/08/03.jpg": b"in the mirror's page folder, shown by no saved page",
        "scans/1987-05-01_01.png": b"a lone scan",
    }
    for name, content in pictures.items():
        (folder / name).parent.mkdir(parents=True, exist_ok=True)
        (folder / name).write_bytes(content)
    files, _, _ = inbox.scan(folder)
    notices: list[str] = []
    sources = {source.name: [f.name for f in source.files] for source in inbox.page_sources(files, notices=notices)}
    assert sources == {
        f"{mirror}{PAPER}_{DATE}_01版": [
            f"{mirror}content_5001.htm",
            f"{mirror}content_5002.htm",
            f"{mirror}node_2.htm",
            "page/01.jpg",
        ],
        f"{mirror}{PAPER}_{DATE}_02版": [f"{mirror}content_5003.htm", f"{mirror}content_5003_files/photo.png"],
        "scans/1987-05-01_01.png": ["scans/1987-05-01_01.png"],
    }
    assert notices == [
        f"{folder}/page/2024-03/08/03.jpg: a picture of a saved e-paper site that no saved page shows; skipped"
    ]

    # A run reads the e-paper pages from their markup (no picture is read as a page) and reports the other.
    (folder / "scans/1987-05-01_01.png").unlink()
    report = run_folder(folder, Warehouse(tmp_path / "wh"))
    assert (report.errors, report.processed) == ([], 2)
    assert notices[0] in report.notices
    assert {row["format"] for row in Warehouse(tmp_path / "wh").read_table("pages").to_pylist()} == {"html"}
    # A new picture of its page builds that page again, and only it.
    (folder / "page/01.jpg").write_bytes(b"the page picture scanned again")
    assert run_folder(folder, Warehouse(tmp_path / "wh")).processed == 1
    # So does one that arrives beside the page's stored files, unchanged since they were run.
    (folder / "page/01.jpg").unlink()
    assert run_folder(folder, Warehouse(tmp_path / "wh")).processed == 1
    (folder / "page/01.jpg").write_bytes(b"the page picture saved again")
    report = run_folder(folder, Warehouse(tmp_path / "wh"))
    assert (report.errors, report.processed) == ([], 1)


def test_a_pad_article_page_s_caption_becomes_a_block(tmp_path):
    path = write(tmp_path, "content_8001.html", pad_article())
    rows = process_page(path)
    [article] = rows["articles"]
    assert article["captions"] == ["村民在田间播种（记者刘洋摄）"]
    assert "村民在田间播种" not in article["body"]
    [block] = rows["page_blocks"]
    assert block["kind"] == "caption"


def test_a_layout_page_alone_is_refused_in_one_line(tmp_path):
    folder = tmp_path / "inbox"
    write(folder, "node_2.htm", classic_layout("01", ["5001", "5002"]))
    report = run_folder(folder, Warehouse(tmp_path / "wh"))
    [error] = report.errors
    assert error.endswith(f"{PAPER}_{DATE}_01版: layout page only: none of the 2 articles it lists is in the inbox")


def test_a_site_mirror_and_text_pages_in_one_inbox_and_reruns_of_changed_files(tmp_path, seed_pages):
    mirror = "html/2024-03/08/"
    epaper_folder(seed_pages, mirror)
    warehouse = Warehouse(tmp_path / "wh")
    report = run_folder(seed_pages, warehouse)
    assert report.errors == [] and report.processed == 7  # 5 text pages, 2 printed e-paper pages
    pages = {row["source_path"]: row for row in warehouse.read_table("pages").to_pylist()}
    assert pages[f"{mirror}node_2.htm"]["source_files"] == [
        f"{mirror}content_5001.htm",
        f"{mirror}content_5002.htm",
        f"{mirror}node_2.htm",
    ]
    assert {row["format"] for row in pages.values()} == {"text", "markdown", "html"}

    assert run_folder(seed_pages, warehouse).processed == 0  # nothing changed

    # A changed article file rebuilds its page, and only that page; its rows are replaced.
    changed = seed_pages / mirror / "content_5001.htm"
    changed.write_text(
        changed.read_text(encoding="utf-8").replace("三座口袋公园同时开放", "四座口袋公园同时开放"), encoding="utf-8"
    )
    report = run_folder(seed_pages, warehouse)
    assert report.processed == 1
    articles = warehouse.read_table("articles").to_pylist()
    assert sum("口袋公园同时开放" in a["body"] for a in articles) == 1
    assert any("四座口袋公园" in a["body"] for a in articles)

    # All files of a page gone: the page is marked deleted, its rows kept.
    for name in ("content_5003.htm",):
        (seed_pages / mirror / name).unlink()
    run_folder(seed_pages, warehouse)
    deleted = [row for row in warehouse.read_table("pages").to_pylist() if row["deleted_at"] is not None]
    assert [row["page_no"] for row in deleted] == ["02"]


def test_explain_shows_where_each_article_of_an_e_paper_page_came_from(tmp_path):
    folder = epaper_folder(tmp_path)
    out = explain_page(folder / "content_5001.htm")
    assert "paper=-" in out.splitlines()[0]  # 青溪日报 has no profile: the run stores null too
    assert f"paper_name={PAPER}  page_no=01  page_name=要闻  page size=350x550" in out
    assert "南塘村举办春季招聘会  <- content_5002.htm  box [210, 20, 340, 160]" in out
    assert "credits 王明, 李华" in out


def test_a_copied_article_file_is_read_once(tmp_path):
    folder = epaper_folder(tmp_path / "inbox")
    shutil.copy(folder / "content_5001.htm", folder / "content_5001 (1).htm")
    files, _, _ = inbox.scan(folder)
    [source] = [s for s in inbox.page_sources(files) if s.name.endswith("01版")]
    rows = process_page(source)
    assert [a["headline"] for a in rows["articles"]] == ["南塘村举办春季招聘会", "青溪镇新建三座口袋公园"]
    assert any("the same article as another file" in w for w in rows["pages"][0]["warnings"])


def test_the_sensor_runs_an_e_paper_page_once_its_files_hold_still_and_again_when_one_is_added(tmp_path, warehouse):
    from tests.test_sensor import Inbox, requested

    folder = tmp_path / "inbox"
    write(folder, "node_2.htm", classic_layout("01", ["5001", "5002"]))
    write(folder, "content_5001.htm", classic_article("5001"))
    sensor = Inbox(folder, warehouse)
    sensor.tick()
    first = sensor.tick()
    assert requested(first, sensor) == [f"{PAPER}_{DATE}_01版"]
    [old_key] = sensor.partitions()
    write(folder, "content_5002.htm", classic_article("5002"))  # the second article of the page arrives
    assert sensor.tick().run_requests == []  # a file of the page is new: it waits a tick
    again = sensor.tick()
    assert requested(again, sensor) == [f"{PAPER}_{DATE}_01版"]
    [new_key] = sensor.partitions()
    assert new_key != old_key


def test_dagster_materialises_an_e_paper_page_from_its_files(tmp_path, warehouse):
    import dagster as dg

    from gazette.defs.resources import GazetteResource
    from gazette.defs.steps import page_assets

    folder = epaper_folder(tmp_path / "inbox")
    files, _, _ = inbox.scan(folder)
    keys = [source.key for source in inbox.page_sources(files)]
    instance = dg.DagsterInstance.ephemeral()
    instance.add_dynamic_partitions("pages", keys)
    resources = {"gazette": GazetteResource(warehouse_dir=str(warehouse.root), inbox_dir=str(folder))}
    for key in keys:
        result = dg.materialize(page_assets, partition_key=key, resources=resources, instance=instance)
        assert result.success
    pages = warehouse.read_table("pages").to_pylist()
    assert sorted((p["page_no"], p["page_name"]) for p in pages) == [("01", "要闻"), ("02", "综合新闻")]
    articles = warehouse.read_table("articles").to_pylist()
    assert sorted(a["headline"] for a in articles) == sorted(article[2] for article in ARTICLES.values())
    assert all(a["box"] for a in articles)


def test_a_run_builds_an_e_paper_page_again_when_one_of_its_files_arrives_or_leaves(tmp_path):
    folder = tmp_path / "inbox"
    write(folder, "node_2.htm", classic_layout("01", ["5001", "5002"]))
    write(folder, "content_5001.htm", classic_article("5001"))
    warehouse = Warehouse(tmp_path / "wh")
    assert run_folder(folder, warehouse).processed == 1

    def headlines() -> list[str]:
        return sorted(article["headline"] for article in warehouse.read_table("articles").to_pylist())

    assert headlines() == [ARTICLES["5001"][2]]
    write(folder, "content_5002.htm", classic_article("5002"))  # its other files as they were
    report = run_folder(folder, warehouse)
    assert (report.processed, report.unchanged) == (1, 0)
    assert headlines() == sorted([ARTICLES["5001"][2], ARTICLES["5002"][2]])
    (folder / "content_5001.htm").unlink()
    assert run_folder(folder, warehouse).processed == 1
    assert headlines() == [ARTICLES["5002"][2]]
    assert run_folder(folder, warehouse).unchanged == 1


def test_a_second_run_does_not_parse_unchanged_e_paper_files_again(tmp_path, monkeypatch):
    folder = epaper_folder(tmp_path / "inbox")
    warehouse = Warehouse(tmp_path / "wh")
    assert run_folder(folder, warehouse).processed == 2
    parsed = []
    monkeypatch.setattr(inbox, "page_identity", lambda name, path, sha: parsed.append(name))
    report = run_folder(folder, warehouse)
    assert (report.processed, report.unchanged, parsed) == (0, 2, [])


def test_an_e_paper_s_printed_name_gives_its_profile_when_a_profile_names_it(tmp_path):
    path = write(tmp_path, "content_5001.htm", classic_article("5001").replace(PAPER, "日照日报"))
    [page] = process_page(path)["pages"]
    assert (page["paper"], page["paper_source"], page["paper_name"]) == ("rizhao", "markup", "日照日报")
    assert not any("has no profile" in warning for warning in page["warnings"])


def test_the_manifest_names_an_e_paper_page_by_its_name_in_the_inbox_and_gives_its_paper(tmp_path):
    folder = tmp_path / "inbox"
    epaper_folder(folder, "2024/")
    page_name = f"2024/{PAPER}_{DATE}_01版"
    (folder / "manifest.csv").write_text(
        f"file,issue_date,edition,issue_no,page_no,paper\n*,,,,,pinghu\n{page_name},2024-03-09,,12,,\n",
        encoding="utf-8",
    )
    warehouse = Warehouse(tmp_path / "wh")
    report = run_folder(folder, warehouse)
    assert report.errors == [] and report.processed == 2
    assert not any("manifest.csv" in notice for notice in report.notices)
    pages = {row["page_no"]: row for row in warehouse.read_table("pages").to_pylist()}
    assert pages["01"]["source_path"] == "2024/node_2.htm" and pages["01"]["partition_key"].startswith(page_name)
    assert (pages["01"]["issue_date"], pages["01"]["issue_date_source"], pages["01"]["issue_no"]) == (
        dt.date(2024, 3, 9),
        "manifest",
        12,
    )
    assert {(row["paper"], row["paper_source"], row["paper_name"]) for row in pages.values()} == {
        ("pinghu", "folder", PAPER)
    }
