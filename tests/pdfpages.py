"""Synthetic newspaper page PDFs with a known text, drawn by reportlab, and the scores measured on them.

A page is a guillotine layout: bands of articles top to bottom; in each band, articles side by
side, each spanning some of the page's 3 to 6 columns; each article a headline across its columns
(sometimes a 副题 under it), then its body flowing down its columns, lines justified to the column
width, paragraphs opening with a two-character indent. The known reading order is that layout's
order: bands top to bottom, articles left to right, each article's headline, subheadline, body.
The text is made up here from a small vocabulary: no real page is copied.
"""

from __future__ import annotations

import random
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

from tests.fonts import cjk_font, needs_cjk_font

__all__ = ["needs_cjk_font"]

PAGE_W, PAGE_H, MARGIN = 842.0, 1191.0, 40.0
GUTTER, BAND_GAP = 14.0, 20.0
BODY, LEADING = 9.0, 13.0
HEADLINE, SUBHEADLINE = 20.0, 13.0

PLACES = ["新港镇", "东湖街道", "南塘村", "西岭社区", "北岸工业园", "青溪镇", "望江村", "石桥街道"]
SUBJECTS = ["农田水利", "老旧小区改造", "垃圾分类", "乡村旅游", "数字经济", "养老服务", "夜间经济", "河道治理"]
ACTIONS = ["召开推进会", "启动专项行动", "开展集中宣讲", "举办招聘活动", "完成年度任务", "建成示范点"]
NAMES = ["王明", "李华", "张强", "赵敏", "陈刚", "刘洋", "孙丽", "周平"]
CLAUSES = [
    "{place}围绕{subject}细化工作方案，明确责任分工",
    "各部门加强协作，推动{subject}各项措施落到实处",
    "今年以来，{place}累计投入资金1200万元",
    "群众反映的问题得到及时解决，满意度明显提升",
    "下一步，{place}将继续完善长效机制，巩固已有成果",
    "工作人员深入一线，逐户走访了解实际需求",
    "据介绍，该项目总投资约3亿元，预计明年年底完工",
    "会议要求，要把{subject}作为当前的一项重要任务来抓",
    "活动现场气氛热烈，吸引了周边居民前来参与",
    "截至目前，已有30余家企业签约入驻",
]


@dataclass
class Article:
    headline: str
    subheadline: str | None
    paragraphs: list[str]

    def known_text(self) -> str:
        return (self.headline + (self.subheadline or "") + "".join(self.paragraphs)).replace(" ", "")


@dataclass
class Page:
    columns: int
    articles: list[Article] = field(default_factory=list)  # in reading order

    def known_text(self) -> str:
        return "".join(article.known_text() for article in self.articles)


def make_article(rng: random.Random, index: int) -> Article:
    place, subject = rng.choice(PLACES), rng.choice(SUBJECTS)
    headline = f"{place}{subject}{rng.choice(ACTIONS)}"
    subheadline = f"{rng.choice(PLACES)}{rng.choice(SUBJECTS)}取得新进展" if rng.random() < 0.35 else None
    paragraphs = []
    for number in range(rng.randint(2, 5)):
        clauses = [rng.choice(CLAUSES).format(place=place, subject=subject) for _ in range(rng.randint(2, 5))]
        text = "，".join(clauses) + "。"
        if number == 0:
            text = f"本报讯（记者 {rng.choice(NAMES)}）{text}"
        paragraphs.append(text)
    return Article(headline, subheadline, paragraphs)


NO_LINE_START = set("，。、；：！？）”")


def _wrap(text: str, width: float, size: float, font: str, indent: float = 0.0) -> list[str]:
    from reportlab.pdfbase.pdfmetrics import stringWidth

    lines, current, room = [], "", width - indent
    for char in text:
        # As typesetters do (禁则), closing punctuation never opens a line: it is squeezed into the last.
        if current and char not in NO_LINE_START and stringWidth(current + char, font, size) > room:
            lines.append(current)
            current, room = "", width
        current += char
    return [*lines, current] if current else lines


def draw_page(path: Path, seed: int, columns: int) -> Page:
    """Draw a page of `columns` columns into `path`; return its articles in reading order."""
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.pdfmetrics import stringWidth
    from reportlab.pdfbase.ttfonts import TTFont
    from reportlab.pdfgen import canvas

    font = "WenQuanYi"
    if font not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(TTFont(font, str(cjk_font()), subfontIndex=0))
    rng = random.Random(seed)
    column_w = (PAGE_W - 2 * MARGIN - (columns - 1) * GUTTER) / columns
    pdf = canvas.Canvas(str(path), pagesize=(PAGE_W, PAGE_H))
    page = Page(columns)
    top = MARGIN  # y downwards from the page's top edge
    while top < PAGE_H * 0.5:
        spans, left = [], 0
        while left < columns:  # the band's articles side by side, each over 1 to all remaining columns
            span = rng.randint(min(2, columns - left), columns - left) if rng.random() < 0.8 else columns - left
            spans.append((left, span))
            left += span
        band_bottom = top
        for left, span in spans:
            article = make_article(rng, len(page.articles))
            x0 = MARGIN + left * (column_w + GUTTER)
            width = span * column_w + (span - 1) * GUTTER
            y = top
            for text, size in [(article.headline, HEADLINE), (article.subheadline, SUBHEADLINE)]:
                for line in _wrap(text or "", width, size, font):
                    y += size * 1.25
                    pdf.setFont(font, size)
                    pdf.drawString(x0 + (width - stringWidth(line, font, size)) / 2, PAGE_H - y, line)
                if text:
                    y += size * 0.4
            y += 6.0
            lines = []  # (text, indent, last line of its paragraph)
            for paragraph in article.paragraphs:
                wrapped = _wrap(paragraph, column_w, BODY, font, indent=2 * BODY)
                lines += [(line, 2 * BODY if k == 0 else 0.0, k == len(wrapped) - 1) for k, line in enumerate(wrapped)]
            per_column = -(-len(lines) // span)
            for k, (line, indent, last) in enumerate(lines):
                column, row = divmod(k, per_column)
                text = pdf.beginText(x0 + column * (column_w + GUTTER) + indent, PAGE_H - (y + (row + 1) * LEADING))
                text.setFont(font, BODY)
                room = column_w - indent - stringWidth(line, font, BODY)
                justify = len(line) > 1 and (not last or room < 0)  # justified (or squeezed), as a typesetter does
                text.setCharSpace(room / (len(line) - 1) if justify else 0)  # the spacing outlives the text object
                text.textLine(line)
                pdf.drawText(text)
            band_bottom = max(band_bottom, y + per_column * LEADING)
            page.articles.append(article)
        top = band_bottom + BAND_GAP
    pdf.showPage()
    pdf.save()
    return page


# ---------------------------------------------------------------- scores


def normalise(text: str) -> str:
    """Width and whitespace ignored; Markdown heading marks dropped."""
    return re.sub(r"\s|#", "", unicodedata.normalize("NFKC", text))


def edit_distance(a: str, b: str) -> int:
    """Levenshtein distance (Myers' bit-parallel algorithm, Hyyrö's form): fast on pages of text."""
    if not a:
        return len(b)
    masks: dict[str, int] = {}
    for i, char in enumerate(a):
        masks[char] = masks.get(char, 0) | (1 << i)
    full, high = (1 << len(a)) - 1, 1 << (len(a) - 1)
    vp, vn, score = full, 0, len(a)
    for char in b:
        eq = masks.get(char, 0)
        d0 = ((((eq & vp) + vp) & full) ^ vp) | eq | vn
        hp = vn | (~(d0 | vp) & full)
        hn = vp & d0
        score += 1 if hp & high else -1 if hn & high else 0
        hp = ((hp << 1) | 1) & full
        hn = (hn << 1) & full
        vp = hn | (~(d0 | hp) & full)
        vn = hp & d0
    return score


def similarity(a: str, b: str) -> float:
    """1 - the normalised edit distance."""
    a, b = normalise(a), normalise(b)
    return 1.0 - edit_distance(a, b) / max(len(a), len(b), 1)


def article_f1(found: list[dict], known: list[Article]) -> float:
    """An article is found when a cut article has its headline and its body (similarity >= 0.95)."""
    unmatched = list(known)
    hits = 0
    for article in found:
        for truth in unmatched:
            if (
                normalise(article["headline"] or "") == normalise(truth.headline)
                and similarity(article["body"], "".join(truth.paragraphs)) >= 0.95
            ):
                unmatched.remove(truth)
                hits += 1
                break
    precision, recall = hits / max(len(found), 1), hits / max(len(known), 1)
    return 2 * precision * recall / (precision + recall) if hits else 0.0
