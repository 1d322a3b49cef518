"""Paper profiles: how a page gets one (manifest row, folder default, masthead), that a page of no
known paper never borrows another paper's city, and the user's own profiles (GAZETTE_PAPERS)."""

import re
import shutil

import pytest

from gazette.cli import main
from gazette.enrich.figures import article_figures
from gazette.enrich.officials import article_officials
from gazette.extract import PageError, read_page
from gazette.papers import profile, profiles
from gazette.pipeline import process_page
from gazette.rules import RuleError
from tests.helpers import REPO, SEEDS, article

PAGE = "## 市委召开会议\n\n本报讯 市委书记郑立主持会议。全市完成投资12.5亿元。\n"


def write(folder, name="p.txt", text=PAGE):
    folder.mkdir(parents=True, exist_ok=True)
    (folder / name).write_text(text, encoding="utf-8")
    return folder / name


def test_shipped_profiles():
    assert {"pinghu", "renmin", "rizhao"} <= set(profiles())
    pinghu = profile("pinghu")
    assert [(j.name, j.level) for j in pinghu.jurisdictions] == [
        ("平湖市", "县级市"),
        ("嘉兴市", "地级市"),
        ("浙江省", "省"),
    ]
    assert profile("renmin").home is None  # a national paper has no home city


def test_manifest_row_then_folder_default_then_masthead(tmp_path):
    page = write(tmp_path / "inbox")
    (tmp_path / "inbox" / "manifest.csv").write_text("file,paper\n*,renmin\np.txt,rizhao\n", encoding="utf-8")
    assert (read_page(page).row["paper"], read_page(page).row["paper_source"]) == ("rizhao", "manifest")
    (tmp_path / "inbox" / "manifest.csv").write_text("file,paper\n*,嘉兴日报·平湖版\n", encoding="utf-8")
    assert (read_page(page).row["paper"], read_page(page).row["paper_source"]) == ("pinghu", "folder")
    in_folder = write(tmp_path / "inbox2" / "rizhao" / "20240101")
    assert (read_page(in_folder).row["paper"], read_page(in_folder).row["paper_source"]) == ("rizhao", "folder")
    masthead = write(tmp_path / "inbox3", text="日照日报\n2024年1月2日 星期二\n\n" + PAGE)
    assert (read_page(masthead).row["paper"], read_page(masthead).row["paper_source"]) == ("rizhao", "masthead")
    plain = write(tmp_path / "inbox4")
    assert (read_page(plain).row["paper"], read_page(plain).row["paper_source"]) == (None, None)


def test_unknown_paper_in_the_manifest_is_one_line_naming_the_file(tmp_path):
    page = write(tmp_path)
    (tmp_path / "manifest.csv").write_text("file,paper\np.txt,晚报\n", encoding="utf-8")
    with pytest.raises(PageError, match=r"^p\.txt: manifest\.csv: unknown paper '晚报'"):
        read_page(page)


def test_seeds_get_the_pinghu_profile_from_their_folder_default(tmp_path):
    assert {read_page(seed).row["paper"] for seed in SEEDS} == {"pinghu"}
    shutil.copy(SEEDS[0].parent / "manifest.csv", tmp_path / "manifest.csv")
    tour = write(tmp_path, "100_tour.txt")  # the README tour's page: no masthead
    mentions = process_page(tour)["official_mentions"]
    assert [(m["name"], m["jurisdiction"]) for m in mentions] == [("郑立", "平湖市")]


def test_a_page_of_no_known_paper_has_no_home(tmp_path):
    rows = process_page(write(tmp_path))
    assert [(m["name"], m["jurisdiction"]) for m in rows["official_mentions"]] == [("郑立", None)]
    assert {f["subject"] for f in rows["economic_figures"]} == {None}


@pytest.mark.parametrize("paper", [None, "renmin"])
def test_without_a_home_a_bare_title_takes_the_place_the_text_names(paper):
    body = "东莞市委书记梁一平调研。在东莞市召开的会议上，市长陈立说，省委书记吴平出席。"
    rows = article_officials(article(body, headline="山西省召开大会"), body, profile(paper))
    assert {m["name"]: m["jurisdiction"] for m in rows} == {"梁一平": "东莞市", "陈立": "东莞市", "吴平": "山西省"}


def test_a_local_paper_files_bare_titles_and_our_figures_under_its_own_places():
    body = "市委书记郑立、省委书记吴平出席，东港区委书记陈立主持。全市完成投资12.5亿元。"
    rizhao = profile("rizhao")
    rows = article_officials(article(body), body, rizhao)
    assert {m["name"]: m["jurisdiction"] for m in rows} == {"郑立": "日照市", "吴平": "山东省", "陈立": "东港区"}
    assert {f["subject"] for f in article_figures(article(body), rizhao.home.name)} == {"日照市"}


RIVERTOWN = """# 河镇日报: a made-up county daily, to show a profile of the user's own.
name: 河镇日报
names: [河镇日报, 中共河镇县委机关报]
byline_organisations: [河镇日报]
jurisdictions:
  - {name: 河镇县, level: 县, short: 河镇}
  - {name: 江州市, level: 地级市, short: 江州}
"""


@pytest.fixture
def user_papers(tmp_path, monkeypatch):
    """A folder of the user's own profiles named by GAZETTE_PAPERS; the profiles are read again."""
    folder = tmp_path / "papers"
    folder.mkdir()
    monkeypatch.setenv("GAZETTE_PAPERS", str(folder))
    profiles.cache_clear()
    yield folder
    profiles.cache_clear()


def test_a_users_own_profile_is_read_beside_the_built_in_ones(user_papers, tmp_path):
    (user_papers / "hezhen.yaml").write_text(RIVERTOWN, encoding="utf-8")
    assert {"pinghu", "renmin", "rizhao", "hezhen"} <= set(profiles())
    assert profile("hezhen").home.name == "河镇县" and profile("hezhen").editions == ()
    page = write(tmp_path / "inbox", text="河镇日报\n\n" + PAGE)
    assert (read_page(page).row["paper"], read_page(page).row["paper_source"]) == ("hezhen", "masthead")
    mentions = process_page(page)["official_mentions"]
    assert [(m["name"], m["jurisdiction"]) for m in mentions] == [("郑立", "江州市")]  # a county paper's 市委: its city


@pytest.mark.parametrize(
    ("text", "error"),
    [
        (RIVERTOWN.replace("names:", "nmaes:"), r"hezhen\.yaml: nmaes: unknown key"),
        (RIVERTOWN.replace("name: 河镇日报\n", ""), r"hezhen\.yaml: name: missing"),
        (RIVERTOWN.replace("level: 县,", "levle: 县,"), r"hezhen\.yaml: jurisdictions\[0\]\.levle: unknown key"),
        (RIVERTOWN.replace("[河镇日报]", "河镇日报"), r"hezhen\.yaml: byline_organisations: a list expected"),
        ("id: hezhen\n" + RIVERTOWN, r"hezhen\.yaml: id: not set in the file"),
        ("- 河镇日报\n", r"hezhen\.yaml: a mapping of keys expected"),
    ],
)
def test_a_bad_profile_of_the_users_is_an_error_naming_the_file_and_the_key(user_papers, text, error):
    (user_papers / "hezhen.yaml").write_text(text, encoding="utf-8")
    with pytest.raises(RuleError, match=error):
        profiles()


def test_a_users_profile_may_not_take_a_built_in_ones_name_and_the_folder_must_be_there(user_papers, monkeypatch):
    (user_papers / "pinghu.yaml").write_text(RIVERTOWN, encoding="utf-8")
    with pytest.raises(RuleError, match=r"pinghu\.yaml: a built-in profile is named pinghu"):
        profiles()
    monkeypatch.setenv("GAZETTE_PAPERS", str(user_papers / "nowhere"))
    profiles.cache_clear()
    with pytest.raises(RuleError, match=r"nowhere: GAZETTE_PAPERS names no folder"):
        profiles()


def test_a_run_with_a_bad_profile_stops_in_one_line_before_any_page(user_papers, seed_pages, tmp_path, capsys):
    (user_papers / "hezhen.yaml").write_text(RIVERTOWN.replace("names:", "nmaes:"), encoding="utf-8")
    assert main(["run", "--input", str(seed_pages), "--warehouse", str(tmp_path / "warehouse")]) == 2
    [line] = capsys.readouterr().err.splitlines()
    assert line.startswith(f"gazette: {user_papers / 'hezhen.yaml'}: nmaes: unknown key"), line
    assert not (tmp_path / "warehouse").exists()


def test_the_profile_and_the_error_docs_papers_shows_are_what_gazette_reads_and_says(user_papers, tmp_path, capsys):
    doc = (REPO / "docs" / "papers.md").read_text(encoding="utf-8")
    (user_papers / "hezhen.yaml").write_text(re.search(r"```yaml\n(.*?)```", doc, re.S)[1], encoding="utf-8")
    assert profile("hezhen").jurisdictions[1].name == "江州市"
    (user_papers / "hezhen.yaml").write_text(RIVERTOWN.replace("names:", "nmaes:"), encoding="utf-8")
    profiles.cache_clear()
    inbox = write(tmp_path / "inbox").parent
    assert main(["run", "--input", str(inbox), "--warehouse", str(tmp_path / "warehouse")]) == 2
    shown = re.search(r"```text\n(gazette: my-papers/hezhen\.yaml: .*)\n```", doc)[1]
    assert capsys.readouterr().err.strip() == shown.replace("my-papers", str(user_papers))
