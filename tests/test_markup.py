"""A file's format from its content: markup told from text, and files of several saved pages."""

import pytest

from gazette.cli import main
from gazette.extract import PageError, markup, read_page
from gazette.extract.founder import read_founder
from gazette.pipeline import process_page
from tests.epaper_pages import PAD_FRAGMENTS, classic_article, new_article, pad_article, pad_fragments


@pytest.mark.parametrize(
    "text",
    [
        classic_article("5001"),
        new_article("望江新区通车", "", "", ["本报讯 新区道路通车。"]),
        pad_article(),
        pad_fragments(),
        "\ufeff<!DOCTYPE html><title>一页</title>",
        "  <div><p>第一段</p><p>第二段</p></div>",
        "前面几行字\n" + "<p>一段文字，在段落标签里</p>\n" * 4,
    ],
)
def test_html_is_told_by_its_content(text):
    assert markup.is_markup(text)


@pytest.mark.parametrize(
    "text",
    [
        "## 新仓镇召开推进会\n\n本报讯 10月9日上午，新仓镇召开推进会。",
        "本报讯 全年增速<5%的企业有三家，a<b 时不计。\n第二段",
        "正文第一行<br>\n" + "正文第二行，共计数百字的一篇报道，只有一个换行标签。" * 3,
        "《人民日报》<<内部参考>>",
    ],
)
def test_text_with_a_stray_tag_or_angle_brackets_is_not_markup(text):
    assert not markup.is_markup(text)


def test_stray_tags_are_removed_and_lines_kept():
    text, removed = markup.strip_tags("第一行<br>第二行，<b>加粗</b>的字\n全年增速<5%")
    assert (text, removed) == ("第一行\n第二行，加粗的字\n全年增速<5%", 3)


def test_a_file_of_pad_fragments_is_cut_into_each_saved_page_and_each_keeps_its_article():
    pieces = markup.fragments(pad_fragments())
    assert len(pieces) == len(PAD_FRAGMENTS)
    read = [read_founder("pages.txt", piece) for piece in pieces]
    assert [(f.article.content_id, f.page_no, f.article.headline) for f in read] == [
        (article_id, page_no, headline) for article_id, page_no, headline, _ in PAD_FRAGMENTS
    ]
    assert all("<" not in paragraph for f in read for paragraph in f.article.paragraphs)


def test_concatenated_classic_pages_are_cut_after_each_trailer():
    both = classic_article("5001") + classic_article("5002")
    assert [read_founder("two.htm", piece).article.headline for piece in markup.fragments(both)] == [
        "青溪镇新建三座口袋公园",
        "南塘村举办春季招聘会",
    ]


def test_a_file_of_one_page_is_one_fragment():
    page = classic_article("5001")
    assert markup.fragments(page) == [page]


def test_html_text_has_a_paragraph_per_block_and_no_markup():
    html = """<html><head><title>站名</title><style>p { color: red }</style><script>var a = "<p>";</script></head>
    <body><div class="nav"><a href="/">首页</a></div>
    <h1>东港区举行植树活动</h1>
    <p>本报讯　3月12日，<b>东港区</b>干部群众
       五百余人参加义务植树。</p><!-- 注释 -->
    <p>共栽下树苗三千株。<br>活动持续半天。</p></body></html>"""
    assert markup.html_text(html).split("\n\n") == [
        "首页",
        "## 东港区举行植树活动",
        "本报讯 3月12日，东港区干部群众 五百余人参加义务植树。",
        "共栽下树苗三千株。",
        "活动持续半天。",
    ]


def test_html_text_of_nothing_readable_is_empty():
    assert markup.html_text("<html><head><script>1</script></head><body> </body></html>") == ""


# ---------------------------------------------------------------- read as a page


def page_rows(folder, name, text):
    path = folder / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return process_page(path)


def no_markup(rows) -> bool:
    texts = [a["headline"] or "" for a in rows["articles"]] + [a["body"] for a in rows["articles"]]
    return not any(markup.TAG.search(text) for text in texts)


@pytest.mark.parametrize("name", ["page.txt", "page.md"])
def test_a_founder_page_saved_as_text_is_read_as_the_e_paper_it_is(tmp_path, name):
    rows = page_rows(tmp_path, name, classic_article("5002"))
    [page] = rows["pages"]
    assert (page["format"], page["source_path"], page["page_no"]) == ("html", name, "01")
    assert [a["headline"] for a in rows["articles"]] == ["南塘村举办春季招聘会"]
    assert no_markup(rows)


@pytest.mark.parametrize("name", ["pad.txt", "html/pad.htm"])
def test_a_file_of_several_saved_articles_keeps_them_all_and_says_it_spans_pages(tmp_path, name):
    rows = page_rows(tmp_path, name, pad_fragments())
    assert [a["headline"] for a in rows["articles"]] == [headline for _, _, headline, _ in PAD_FRAGMENTS]
    assert no_markup(rows)
    [warning] = [w for w in rows["pages"][0]["warnings"] if "printed pages" in w]
    assert warning.startswith(f"{name.rsplit('/', 1)[-1]}: 3 articles of 2 printed pages (01, 02)")


def test_a_piece_that_is_no_founder_page_is_dropped_with_a_warning_that_counts_it(tmp_path):
    footer = "<div><p>版权所有</p></div><!--enpproperty <channel>1</channel>/enpproperty-->"
    rows = page_rows(tmp_path, "pad.txt", pad_fragments() + footer)
    assert len(rows["articles"]) == len(PAD_FRAGMENTS)
    [warning] = [w for w in rows["pages"][0]["warnings"] if "dropped" in w]
    assert warning.startswith("pad.txt: 1 of 4 saved pieces dropped: not a Founder e-paper page")


def test_other_html_saved_as_text_is_read_as_its_printed_text(tmp_path):
    html = """<!DOCTYPE html><html><head><title>东港新闻网</title><script>var x = "<p>";</script></head><body>
    <h1>东港区举行植树活动</h1><p>本报讯（记者 孙丽）3月12日，东港区干部群众五百余人参加义务植树，
    共栽下树苗三千株。</p><p>区委书记周海出席活动。</p></body></html>"""
    rows = page_rows(tmp_path, "news.txt", html)
    assert rows["pages"][0]["format"] == "html"
    [article] = rows["articles"]
    assert article["headline"] == "东港区举行植树活动" and "三千株" in article["body"]
    assert no_markup(rows)


def test_html_with_no_chinese_page_text_is_refused_in_one_line(tmp_path):
    path = tmp_path / "saved.md"
    path.write_text("<html><body><h1>Login</h1><p>Please sign in to continue.</p></body></html>", encoding="utf-8")
    with pytest.raises(PageError) as refused:
        read_page(path)
    message = str(refused.value)
    assert message.startswith("saved.md: HTML, not page text") and "\n" not in message


def test_a_stray_tag_in_a_text_page_is_removed_with_a_warning(tmp_path):
    text = "## 西城区开展义诊活动\n\n本报讯 3月5日，西城区卫健局组织医生<br>走进社区开展义诊，服务居民两百余人。\n"
    rows = page_rows(tmp_path, "page.md", text)
    assert no_markup(rows) and "<br>" not in rows["page_texts"][0]["clean_text"]
    assert any("1 HTML tag removed" in warning for warning in rows["pages"][0]["warnings"])


def test_explain_of_a_page_without_a_size_or_values_prints_no_none(tmp_path, capsys):
    (tmp_path / "html").mkdir()
    page = tmp_path / "html" / "pad.htm"
    page.write_text(pad_article(), encoding="utf-8")
    assert main(["explain", str(page), "--inbox", str(tmp_path)]) == 0
    header = capsys.readouterr().out.split("\n\n")[0]
    assert "None" not in header and "page size" not in header
    assert "page_no=03" in header and "issue_date=2024-04-02 (markup)" in header
