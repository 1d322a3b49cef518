"""Adversarial page PDFs: the structures a typesetter's own PDFs have and tests/pdfpages.py does not.

A page has a folio with the editors' line (责任编辑… 版式… 校对…) over a rule; four columns with
rules between them, into which articles are poured one after another, each running on from the
foot of one column to the head of the next; digits and Latin text set in a second font; in
half the pages the Chinese font is a CID font that is not embedded (STSong-Light, which the
reader's machine substitutes). Articles may carry a picture with a caption between headline and
body, end in a bracketed credit on a line of its own, or in a jump line (下转第N版). Under the
columns: a picture story whose headline is set vertically beside the picture and whose body is
the caption, and an advertisement in a box. `draw_continuation_page` draws the 版 such a jump names:
each article that goes on there, its headline repeated over a jump line back (上接第A3版).

The printed text of each article (headline; body with its credit, without captions and jump
lines) is known; `body_scores` reads a page with the project's pipeline and scores each body by
difflib's ratio against the printed body, whitespace removed. The text is made up here.
"""

from __future__ import annotations

import difflib
import random
import re
from dataclasses import dataclass, field
from pathlib import Path

from tests.fonts import cjk_font
from tests.pdfpages import NAMES, PLACES, SUBJECTS

PAGE_W, PAGE_H, MARGIN = 842.0, 1191.0, 40.0
COLUMNS, GUTTER = 4, 16.0
COLUMN_W = (PAGE_W - 2 * MARGIN - (COLUMNS - 1) * GUTTER) / COLUMNS
FLOW_TOP, FLOW_BOTTOM = 80.0, 860.0
BODY, LEADING = 9.0, 13.0
HEADLINE, CAPTION = 16.0, 8.0
ACTIONS = ["召开推进会", "启动专项行动", "开展集中宣讲", "完成年度任务", "建成示范点", "举办招聘活动"]
# Clauses with digits and Latin letters, set in the second font, which the wrap may cut anywhere.
CLAUSES = [
    "{place}围绕{subject}细化工作方案，明确责任分工",
    "今年以来，{place}累计投入资金1200万元，同比增长99.2%",
    "据介绍，该项目总投资约3.5亿元，预计2027年年底完工",
    "全镇建成5G基站36个，开通政务服务APP专区",
    "截至目前，已有30余家企业签约入驻，带动就业1800人",
    "群众反映的问题得到及时解决，满意度明显提升",
    "下一步，{place}将继续完善长效机制，巩固已有成果",
    "工作人员深入一线，逐户走访了解实际需求",
    "全年接待游客120.6万人次，实现旅游收入8.9亿元",
    "活动现场气氛热烈，吸引了周边居民前来参与",
]
NO_LINE_START = set("，。、；：！？）”%")


@dataclass
class Article:
    headline: str
    body: str  # as printed: paragraphs and credit, no caption, no jump line
    continued_to: str | None = None  # the 版 its jump line names (下转第5版: 5)
    continued_from: str | None = None  # the 版 its jump line back names (上接第A3版: A3)


@dataclass
class Page:
    articles: list[Article] = field(default_factory=list)
    editors: str = ""
    pictures: list[tuple[float, float, float, float]] = field(default_factory=list)  # x0, top, x1, bottom


@dataclass
class Fonts:
    cjk: str
    latin: str

    def runs(self, text: str) -> list[tuple[str, str]]:
        """The text in runs of one font: ASCII in the Latin font, the rest in the CJK font."""
        return [
            (m.group(), self.latin if m.group()[0].isascii() else self.cjk)
            for m in re.finditer(r"[ -~]+|[^ -~]+", text)
        ]

    def width(self, text: str, size: float) -> float:
        from reportlab.pdfbase.pdfmetrics import stringWidth

        return sum(stringWidth(run, font, size) for run, font in self.runs(text))


def _fonts(seed: int) -> Fonts:
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.pdfbase.ttfonts import TTFont

    registered = pdfmetrics.getRegisteredFontNames()
    if seed % 2:
        if "STSong-Light" not in registered:
            pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
        return Fonts("STSong-Light", "Times-Roman")
    font = cjk_font()
    assert font is not None, "needs a CJK font (tests.fonts.needs_cjk_font)"
    if "PrintedCJK" not in registered:
        pdfmetrics.registerFont(TTFont("PrintedCJK", str(font), subfontIndex=0))
    return Fonts("PrintedCJK", "Helvetica")


def _wrap(text: str, width: float, size: float, fonts: Fonts, indent: float = 0.0) -> list[str]:
    lines, current, room = [], "", width - indent
    for char in text:
        if current and char not in NO_LINE_START and fonts.width(current + char, size) > room:
            lines.append(current)
            current, room = "", width
        current += char
    return [*lines, current] if current else lines


class Canvas:
    """reportlab's canvas with y measured down from the page's top and text in two fonts."""

    def __init__(self, path: Path, fonts: Fonts):
        from reportlab.pdfgen import canvas

        self.pdf = canvas.Canvas(str(path), pagesize=(PAGE_W, PAGE_H))
        self.fonts = fonts

    def text(self, x: float, baseline: float, text: str, size: float, width: float | None = None) -> None:
        """Draw `text` at `baseline`; spread over `width` when given (a justified line)."""
        obj = self.pdf.beginText(x, PAGE_H - baseline)
        room = (width - self.fonts.width(text, size)) if width else 0.0
        obj.setCharSpace(room / (len(text) - 1) if width and len(text) > 1 else 0.0)
        for run, font in self.fonts.runs(text):
            obj.setFont(font, size)
            obj.textOut(run)
        self.pdf.drawText(obj)

    def rule(self, x0: float, y0: float, x1: float, y1: float, width: float = 0.5) -> None:
        self.pdf.setLineWidth(width)
        self.pdf.line(x0, PAGE_H - y0, x1, PAGE_H - y1)

    def box(self, x: float, top: float, w: float, h: float, fill: bool = False) -> None:
        self.pdf.setFillGray(0.8)
        self.pdf.rect(x, PAGE_H - top - h, w, h, stroke=1, fill=int(fill))
        self.pdf.setFillGray(0.0)


def _paragraphs(rng: random.Random, place: str, subject: str) -> list[str]:
    paragraphs = []
    for number in range(rng.randint(2, 5)):
        clauses = [rng.choice(CLAUSES).format(place=place, subject=subject) for _ in range(rng.randint(2, 5))]
        text = "，".join(clauses) + "。"
        paragraphs.append(f"本报讯（记者 {rng.choice(NAMES)}）{text}" if number == 0 else text)
    return paragraphs


class Flow:
    """Columns filled top to bottom, left to right; an article runs on from one column into the next."""

    def __init__(self, canvas: Canvas):
        self.canvas, self.column, self.y = canvas, 0, FLOW_TOP
        self.ops: list[tuple] = []

    @property
    def x(self) -> float:
        return MARGIN + self.column * (COLUMN_W + GUTTER)

    def room(self, height: float) -> bool:
        """Move to the next column unless `height` fits in this one; False when no column is left."""
        if self.y + height > FLOW_BOTTOM:
            self.column, self.y = self.column + 1, FLOW_TOP
        return self.column < COLUMNS

    def article(self, rng: random.Random, page: Page, rest: Article | None = None) -> bool:
        """Pour one article into the columns, or the `rest` of one (its headline repeated, a jump line
        back under it); False (nothing drawn) when it does not fit."""
        fonts = self.canvas.fonts
        saved, self.ops = (self.column, self.y), []
        place, subject = rng.choice(PLACES), rng.choice(SUBJECTS)
        headline = rest.headline if rest else f"{place}{subject}{rng.choice(ACTIONS)}"
        heads = _wrap(headline, COLUMN_W, HEADLINE, fonts)
        if not self.room(len(heads) * HEADLINE * 1.3 + 3 * LEADING):
            return False
        for line in heads:
            self.y += HEADLINE * 1.3
            self.ops.append(
                ("text", self.x + (COLUMN_W - fonts.width(line, HEADLINE)) / 2, self.y, line, HEADLINE, None)
            )
        self.y += 6.0
        back = f"（上接第{rest.continued_from}版）" if rest else ""
        if back:
            self.y += LEADING
            self.ops.append(("text", self.x, self.y, back, BODY, None))
        if not rest and rng.random() < 0.3:  # a picture and its caption between the headline and the body
            caption = _wrap(f"{place}{subject}现场。（资料图片）{rng.choice(NAMES)}/摄", COLUMN_W, CAPTION, fonts)
            if not self.room(90 + len(caption) * 11 + 8):
                return self._undo(saved)
            self.ops.append(("box", self.x, self.y, COLUMN_W, 90.0))
            self.y += 90
            for line in caption:
                self.y += 11
                self.ops.append(("text", self.x, self.y, line, CAPTION, None))
            self.y += 8
        paragraphs = _paragraphs(rng, place, subject)[1:] if rest else _paragraphs(rng, place, subject)
        credit = f"（{rng.choice(NAMES)}）" if rng.random() < 0.5 else ""
        to = str(rng.randint(2, 8)) if not credit and not rest and rng.random() < 0.3 else None
        jump = f"（下转第{to}版）" if to else ""
        for paragraph in paragraphs:
            wrapped = _wrap(paragraph, COLUMN_W, BODY, fonts, indent=2 * BODY)
            for k, line in enumerate(wrapped):
                if not self.room(LEADING):
                    return self._undo(saved)
                self.y += LEADING
                indent = 2 * BODY if k == 0 else 0.0
                last = k == len(wrapped) - 1
                self.ops.append(("text", self.x + indent, self.y, line, BODY, None if last else COLUMN_W - indent))
        for tail in (credit, jump):
            if tail:
                if not self.room(LEADING):
                    return self._undo(saved)
                self.y += LEADING
                self.ops.append(("text", self.x + COLUMN_W - fonts.width(tail, BODY), self.y, tail, BODY, None))
        if self.column >= COLUMNS:
            return self._undo(saved)
        for op in self.ops:
            if op[0] == "text":
                self.canvas.text(*op[1:])
            else:
                self.canvas.box(*op[1:], fill=True)
        self.y += 8
        self.canvas.rule(self.x, self.y, self.x + COLUMN_W, self.y)
        self.y += 10
        page.articles.append(Article(headline, "".join(paragraphs) + credit, to, rest.continued_from if rest else None))
        return True

    def _undo(self, saved: tuple[int, float]) -> bool:
        self.column, self.y = saved
        self.column = COLUMNS  # the flow is full: the next article starts nowhere
        return False


def draw_printed_page(path: Path, seed: int) -> Page:
    """Draw an adversarial page (版 A3) into `path`; return its articles in reading order."""
    rng = random.Random(seed)
    canvas, page = _folio(path, seed, rng, "A3")
    flow = Flow(canvas)
    while flow.article(rng, page):
        pass
    _under_the_columns(canvas, rng, page)
    return page


def draw_continuation_page(path: Path, seed: int, number: str, of: Page) -> Page:
    """Draw 版 `number` into `path`: the rest of each article of `of` (版 A3) that jumps to it."""
    rng = random.Random(seed)
    canvas, page = _folio(path, seed, rng, number)
    flow = Flow(canvas)
    for article in of.articles:
        if article.continued_to == number:
            assert flow.article(rng, page, Article(article.headline, "", continued_from="A3"))
    _under_the_columns(canvas, rng, page)
    return page


def _folio(path: Path, seed: int, rng: random.Random, number: str) -> tuple[Canvas, Page]:
    """The page's canvas, with its folio: page number, page name and date on the left, the editors'
    line on the right, a rule under."""
    fonts = _fonts(seed)
    canvas = Canvas(path, fonts)
    page = Page()
    canvas.text(MARGIN, 52, number, 20)
    canvas.text(MARGIN + 34, 50, "要闻", 12)
    canvas.text(MARGIN + 80, 50, f"2026年3月{rng.randint(1, 28)}日 星期四", 9)
    editors = "  ".join(f"{role}：{rng.choice(NAMES)}" for role in ("责任编辑", "版式", "校对"))
    canvas.text(PAGE_W - MARGIN - fonts.width(editors, 8), 50, editors, 8)
    page.editors = editors
    canvas.rule(MARGIN, 60, PAGE_W - MARGIN, 60, 1.5)
    return canvas, page


def _under_the_columns(canvas: Canvas, rng: random.Random, page: Page) -> None:
    """The column rules, then a picture story and an advertisement under the columns; the page saved."""
    for column in range(1, COLUMNS):  # rules in the gutters
        x = MARGIN + column * (COLUMN_W + GUTTER) - GUTTER / 2
        canvas.rule(x, FLOW_TOP, x, FLOW_BOTTOM)
    canvas.rule(MARGIN, FLOW_BOTTOM + 10, PAGE_W - MARGIN, FLOW_BOTTOM + 10, 1.0)
    page.articles.append(_picture_story(canvas, rng, FLOW_BOTTOM + 30))
    _advertisement(canvas, MARGIN + 2 * (COLUMN_W + GUTTER), FLOW_BOTTOM + 30, 2 * COLUMN_W + GUTTER, 200)
    canvas.pdf.showPage()
    canvas.pdf.save()


def _picture_story(canvas: Canvas, rng: random.Random, top: float) -> Article:
    """A picture, its headline set vertically beside it (one glyph a line), its caption under both."""
    width = 2 * COLUMN_W + GUTTER
    picture_w = width - 40
    canvas.box(MARGIN, top, picture_w, 150, fill=True)
    headline = f"{rng.choice(PLACES)}{rng.choice(['秋收忙', '花正红', '果飘香'])}"
    size = 18.0
    for k, glyph in enumerate(headline):
        canvas.text(MARGIN + picture_w + 11, top + (k + 1) * size * 1.1, glyph, size)
    place, subject = rng.choice(PLACES), rng.choice(SUBJECTS)
    caption = (
        f"近日，{place}的{subject}基地，工作人员正在忙碌（如图）。今年以来，"
        f"该基地产量同比增长12.5%，带动周边300余户群众增收。{rng.choice(NAMES)}/摄"
    )
    y = top + 150 + 4
    lines = _wrap(caption, width, BODY, canvas.fonts, indent=2 * BODY)
    for k, line in enumerate(lines):
        y += LEADING
        indent = 2 * BODY if k == 0 else 0.0
        canvas.text(MARGIN + indent, y, line, BODY, None if k == len(lines) - 1 else width - indent)
    return Article(headline, caption)


def _advertisement(canvas: Canvas, x: float, top: float, width: float, height: float) -> None:
    canvas.box(x, top, width, height)
    canvas.text(x + 8, top + 16, "广告", 8)
    canvas.text(x + 30, top + 70, "诚聘英才 共创未来", 24)
    canvas.text(x + 30, top + 120, "招聘热线：0851-86612345", 16)
    canvas.text(x + 30, top + 160, "地址：新港镇工业园区8号", 12)


# ---------------------------------------------------------------- scores


def squeeze(text: str) -> str:
    return re.sub(r"\s", "", text)


def ratio(a: str, b: str) -> float:
    """difflib's ratio of two texts, whitespace removed."""
    return difflib.SequenceMatcher(None, squeeze(a), squeeze(b), autojunk=False).ratio()


def body_scores(articles: list[dict], known: Page) -> list[float]:
    """Each printed article's body against the stored article of its headline (or, with no such
    headline, the stored body most like it): difflib's ratio, whitespace removed."""
    scores = []
    for truth in known.articles:
        same = [a for a in articles if squeeze(a["headline"] or "") == squeeze(truth.headline)]
        candidates = same or articles
        scores.append(max((ratio(a["body"], truth.body) for a in candidates), default=0.0))
    return scores
