"""Column width read from the page: a line's width against it says where a paragraph ends."""

import pytest

from gazette.clean import clean_page
from gazette.clean.columns import Column, page_column, runs_on

HEADLINE = "河畔新开一座图书馆"
PARAGRAPHS = [
    "周六上午，城东河畔的新图书馆对外开放，前来借书的居民排起了长队，馆员说首日借出图书两千余册，"
    "办理新读者证的有八百多人，其中一半是中小学生。",
    "图书馆共有四层，一层是儿童阅览区，二层和三层是开架书库，四层设有自习室和报告厅，全天开放，"
    "节假日也不闭馆，读者可以在门口的机器上自助还书。",
    "馆长表示，下一步将开设夜间阅读和周末讲座，邀请作家和学者来馆里和读者见面，让更多居民走进图书馆。",
]


def wrap(text: str, width: int) -> list[str]:
    return [text[i : i + width] for i in range(0, len(text), width)]


def ending_short(paragraph: str, width: int) -> str:
    """The paragraph cut to end a sentence on a line half the column wide."""
    lines = len(paragraph) // width
    assert lines >= 2
    return paragraph[: (lines - 1) * width + width // 2 - 1] + "。"


@pytest.mark.parametrize("width", [8, 12, 17, 24])
def test_paragraphs_packed_without_blank_lines_part_at_their_short_last_line(width):
    headline = HEADLINE[: width // 2]
    paragraphs = [ending_short(p, width) for p in PARAGRAPHS]
    page = "\n".join([headline, *(ln for p in paragraphs for ln in wrap(p, width))]) + "\n"
    assert [line.text for line in clean_page(page).lines] == [headline, *paragraphs]


@pytest.mark.parametrize("width", [8, 20, 24])
def test_a_two_line_headline_block_is_not_joined_when_neither_line_fills_the_column(width):
    kicker, headline = "本市今年将新建十座社区图书馆", "阅读进社区"  # wider, then narrower than the column
    body = "\n\n".join("\n".join(wrap(p, width)) for p in PARAGRAPHS)
    page = f"{kicker}\n{headline}\n\n{body}\n"
    texts = [line.text for line in clean_page(page).lines]
    assert texts[:2] == [kicker, headline] and texts[2:] == PARAGRAPHS


def test_archive_lines_of_every_length_have_no_page_column():
    assert page_column([120, 86, 20, 244, 64, 18, 302]) is None
    assert page_column([24, 24, 24, 18, 24, 24, 10, 24]) == 24


def test_a_paragraph_first_line_short_by_its_indent_runs_on_but_a_short_sentence_end_does_not():
    column = Column(width=26, chars=13)
    assert runs_on(22, 11, sentence_end=False, column=column)  # the indent the extraction dropped
    assert not runs_on(14, 7, sentence_end=False, column=column)  # a label, a headline
    assert not runs_on(18, 9, sentence_end=True, column=column)  # the paragraph's last line
    assert not runs_on(44, 22, sentence_end=False, column=column)  # set across columns


def test_a_headline_with_a_comma_as_wide_as_the_column_is_not_joined_to_the_paragraph_below():
    width = 10
    headline = "读书，让城市更加温暖"
    assert len(headline) == width
    body = "\n\n".join("\n".join(wrap(p, width)) for p in PARAGRAPHS)
    texts = [line.text for line in clean_page(f"{headline}\n\n{body}\n").lines]
    assert texts == [headline, *PARAGRAPHS]


@pytest.mark.parametrize("width", [10, 12, 16])
def test_on_a_page_wrapped_at_an_exact_count_a_kicker_one_short_of_the_column_stands_alone(width):
    kicker = "本市今年将新建十座社区图书馆并延长开放时间"[: width - 1]
    headline = "阅读进社区"
    body = "\n\n".join("\n".join(wrap(p, width)) for p in PARAGRAPHS)
    page = f"{kicker}\n{headline}\n\n{body}\n"
    texts = [line.text for line in clean_page(page).lines]
    assert texts == [kicker, headline, *PARAGRAPHS]


def test_on_a_page_wrapped_at_an_exact_count_a_line_wider_than_the_column_is_not_run_into():
    width = 12
    kicker, headline = (
        "城东河畔新图书馆周六开门迎客",
        "首日借出图书两千余册，读者排起长队",
    )  # as wide as, then wider than
    kicker = kicker[:width]
    body = "\n\n".join("\n".join(wrap(p, width)) for p in PARAGRAPHS)
    texts = [line.text for line in clean_page(f"{kicker}\n{headline}\n\n{body}\n").lines]
    assert texts[1:] == [headline, *PARAGRAPHS]
