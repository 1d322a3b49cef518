"""Clean: joined lines, removed layout spaces, normalised width, offsets back to the page."""

import unicodedata

import pytest

from gazette.clean import clean_page
from gazette.text import is_cjk
from tests.helpers import SEEDS


def cleaned(prefix: str):
    seed = next(p for p in SEEDS if p.name.startswith(prefix))
    return seed.read_text(encoding="utf-8"), clean_page(seed.read_text(encoding="utf-8"))


@pytest.mark.parametrize("seed", SEEDS, ids=lambda p: p.name[:3])
def test_every_cleaned_character_points_back_to_the_page(seed):
    raw = seed.read_text(encoding="utf-8")
    page = clean_page(raw)
    assert len(page.raw_offsets) == len(page.text)
    for ch, at in zip(page.text, page.raw_offsets, strict=False):
        if is_cjk(ch):
            assert unicodedata.normalize("NFKC", raw[at]) == ch


def test_pdf_columns_are_joined_across_line_and_column_breaks():
    _, page = cleaned("000")
    assert page.layout == "narrow-columns"
    assert "全力推进土地综合整治工作，为经济社会高质量发展释放更多空间。" in page.text  # blank line mid-word
    assert "李军一行来到浙江银座箱包有限公司，深入车间" in page.text


def test_paragraph_page_rejoins_a_sentence_cut_at_a_column_end():
    _, page = cleaned("001")
    assert "重点拓展与闵行区全面战略合作" in page.text
    assert "在传达学习习近平总书记关于全面深化改革" in page.text


def test_doubled_bold_headline_is_printed_once():
    _, page = cleaned("004")
    lines = [line.text for line in page.lines]
    assert "牢固树立安全第一理念坚决筑牢安全生产防线" in lines


def test_spaces_between_characters_and_digits_go_but_bylines_keep_name_separators():
    _, page = cleaned("002")
    assert "友情提醒：关注天气，注意交通安全" in page.text
    assert "完成投资2.4亿元" in page.text
    _, page = cleaned("004")
    assert "■摄影 王强 纪亚千" in [line.text for line in page.lines]  # 王 强 is one padded name
    assert "通讯员 平季轩" in [line.text for line in page.lines]  # 通 讯 员


def test_full_width_digits_become_ascii_and_punctuation_becomes_chinese():
    page = clean_page("本报讯 ２０２３年，全市完成投资2.4 亿元,同比增长3.1%。")
    assert page.text == "本报讯2023年，全市完成投资2.4亿元，同比增长3.1%。"


INDENT = "\u3000\u3000"
PARAGRAPH = "今年以来，全县上下围绕目标任务，扎实推进各项工作，取得了明显成效，群众满意度持续提升"


def test_an_indented_page_keeps_headings_and_each_indented_paragraph_apart():
    raw = (
        "县委召开全体会议，部署全年重点工作\n推动高质量发展取得新成效\n\n"
        + "\n".join(INDENT + p for p in [PARAGRAPH + "：", "成效", PARAGRAPH + "。"])
        + "\n"
    )
    page = clean_page(raw)
    assert page.indented
    assert [(line.text, line.indent) for line in page.lines] == [
        ("县委召开全体会议，部署全年重点工作", False),
        ("推动高质量发展取得新成效", False),
        (PARAGRAPH + "：", True),
        ("成效", True),
        (PARAGRAPH + "。", True),
    ]


def test_a_page_without_indents_is_not_read_as_indented():
    page = clean_page("标题\n\n" + PARAGRAPH + "。\n\n  " + PARAGRAPH + "。\n")
    assert not page.indented


def test_a_page_that_lost_its_line_breaks_comes_back_as_paragraphs_that_point_into_it():
    raw = "".join(f"第{k}项工作标题{INDENT}{PARAGRAPH}。{PARAGRAPH}，再接再厉。" for k in range(60))
    assert "\n" not in raw and len(raw) > 5000
    page = clean_page(raw)
    texts = [line.text for line in page.lines]
    assert texts[:3] == ["第0项工作标题", f"{PARAGRAPH}。{PARAGRAPH}，再接再厉。", "第1项工作标题"]
    assert len(texts) == 120
    for ch, at in zip(page.text, page.raw_offsets, strict=False):
        if "\u4e00" <= ch <= "\u9fff":
            assert raw[at] == ch
