"""Page images as a scanner gives them, with a known text: drawn by PIL, turned, blurred and speckled.

A page is a folio line over a rule, then columns into which articles are poured one after
another: a headline set larger, centred in its column; paragraphs opening with a two-character
indent; an article runs on from the foot of one column to the head of the next. `degrade` turns
the page by a small angle, blurs it and scatters specks of dust, as a flatbed scan of newsprint
does. The text is made up here (tests/printed_pages.py's vocabulary); the known articles are
scored with printed_pages.body_scores.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from pathlib import Path

from tests.pdfpages import NAMES, PLACES, SUBJECTS
from tests.printed_pages import ACTIONS, CLAUSES, NO_LINE_START, Article, Page


@dataclass
class ScanLayout:
    """A page's size and type in pixels."""

    width: int
    height: int
    columns: int
    body: int  # the body's font size
    headline: int
    margin: int
    articles: int  # at most this many articles (fewer when the columns are full)

    @property
    def gutter(self) -> int:
        return self.body * 2

    @property
    def column_width(self) -> int:
        return (self.width - 2 * self.margin - (self.columns - 1) * self.gutter) // self.columns


SMALL = ScanLayout(width=1200, height=760, columns=3, body=22, headline=40, margin=30, articles=3)
# A broadsheet page at 200 dpi: 842 x 1191 points, 9.5-point body type.
BROADSHEET_200DPI = ScanLayout(width=2339, height=3308, columns=3, body=26, headline=50, margin=110, articles=12)


def _article(rng: random.Random, sentences: int) -> tuple[str, list[str]]:
    place, subject = rng.choice(PLACES), rng.choice(SUBJECTS)
    headline = f"{place}{subject}{rng.choice(ACTIONS)}"
    paragraphs = []
    for number in range(sentences):
        clauses = [rng.choice(CLAUSES).format(place=place, subject=subject) for _ in range(rng.randint(2, 3))]
        text = "，".join(clauses) + "。"
        paragraphs.append(f"本报讯（记者{rng.choice(NAMES)}）{text}" if number == 0 else text)
    return headline, paragraphs


def _wrap(text: str, room: float, width, indent: float = 0) -> list[str]:
    lines, current = [], ""
    for char in text:
        if current and char not in NO_LINE_START and width(current + char) > room - (0 if lines else indent):
            lines.append(current)
            current = ""
        current += char
    return [*lines, current] if current else lines


def draw_scan(
    seed: int,
    layout: ScanLayout,
    font: Path,
    face: int = 0,
    sentences: tuple[int, int] = (2, 3),
    given: tuple[tuple[str, list[str]], ...] = (),
):
    """A white page image (PIL, grey) with the articles drawn; the page's articles in reading order.

    `given` articles (headline, paragraphs) come first, then made-up ones up to layout.articles."""
    from PIL import Image, ImageDraw, ImageFont

    rng = random.Random(seed)
    body_font = ImageFont.truetype(str(font), layout.body, index=face)
    head_font = ImageFont.truetype(str(font), layout.headline, index=face)
    image = Image.new("L", (layout.width, layout.height), 255)
    draw = ImageDraw.Draw(image)
    margin, pitch = layout.margin, round(layout.body * 1.5)
    draw.text((margin, margin), f"A{rng.randint(1, 8)}  要闻  2026年5月{rng.randint(1, 28)}日", font=body_font, fill=0)
    rule = margin + round(layout.body * 1.8)
    draw.line((margin, rule, layout.width - margin, rule), fill=0, width=3)
    top, bottom = rule + layout.body, layout.height - margin
    column, y = 0, top
    page = Page()

    def width(text: str, font) -> float:
        return draw.textlength(text, font=font)

    for number in range(layout.articles):
        if number < len(given):
            headline, paragraphs = given[number]
        else:
            headline, paragraphs = _article(rng, rng.randint(*sentences))
        while headline in {a.headline for a in page.articles}:  # an article is found by its headline
            headline, paragraphs = _article(rng, rng.randint(*sentences))
        if y + 2 * layout.headline + 2 * pitch > bottom:
            column, y = column + 1, top
        if column >= layout.columns:
            break
        x = margin + column * (layout.column_width + layout.gutter)
        for line in _wrap(headline, layout.column_width, lambda text: width(text, head_font)):
            draw.text((x + (layout.column_width - width(line, head_font)) / 2, y), line, font=head_font, fill=0)
            y += round(layout.headline * 1.3)
        y += round(layout.headline * 0.3)
        lines = []
        for paragraph in paragraphs:
            wrapped = _wrap(paragraph, layout.column_width, lambda text: width(text, body_font), 2 * layout.body)
            lines += [(line, 2 * layout.body if k == 0 else 0) for k, line in enumerate(wrapped)]
        drawn = []
        for text, indent in lines:
            if y + pitch > bottom:
                column, y = column + 1, top
                if column >= layout.columns:
                    break
            x = margin + column * (layout.column_width + layout.gutter)
            draw.text((x + indent, y), text, font=body_font, fill=0)
            drawn.append(text)
            y += pitch
        page.articles.append(Article(headline, "".join(drawn)))
        y += layout.body // 2
        if y < bottom:  # a rule under the article
            draw.line((x, y, x + layout.column_width, y), fill=0, width=1)
        y += layout.body
    for gutter in range(1, layout.columns):  # rules down the gutters
        x = margin + gutter * (layout.column_width + layout.gutter) - layout.gutter // 2
        draw.line((x, top, x, bottom), fill=0, width=1)
    return image, page


def degrade(image, seed: int, angle: float, blur: float = 0.0, specks: float = 0.0):
    """The page as scanned: turned by `angle` degrees, blurred (Gaussian radius in pixels), and
    `specks` of its pixels (a share) dark dust."""
    from PIL import ImageFilter

    rng = random.Random(seed)
    out = image.rotate(angle, resample=3, fillcolor=255)  # 3: bicubic
    if blur:
        out = out.filter(ImageFilter.GaussianBlur(blur))
    if specks:
        pixels = out.load()
        for _ in range(int(specks * out.width * out.height)):
            x, y = rng.randrange(out.width - 1), rng.randrange(out.height - 1)
            shade = rng.randint(0, 90)
            for dx, dy in ((0, 0), (1, 0), (0, 1), (1, 1))[: rng.randint(1, 4)]:
                pixels[x + dx, y + dy] = shade
    return out
