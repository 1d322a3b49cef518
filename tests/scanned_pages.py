"""Page images as a scanner gives them, with a known text: drawn by PIL, turned, blurred and speckled.

A page is a folio line over a rule, then columns into which articles are poured one after
another: a headline set larger, centred in its column; paragraphs opening with a two-character
indent; an article runs on from the foot of one column to the head of the next. With
`picture_story`, a band under the columns holds a photograph (a halftone screen of dots, as
newsprint prints one, a building's rows of windows in it), its headline set vertically beside
it, one glyph under another, and its caption, the story's body, under both. `degrade` turns the
page by a small angle, blurs it and scatters specks of dust, as a flatbed scan of newsprint
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
    picture_story: bool = False,
):
    """A white page image (PIL, grey) with the articles drawn; the page's articles in reading order.

    `given` articles (headline, paragraphs) come first, then made-up ones up to layout.articles;
    `picture_story` adds a band under the columns (see the module docstring)."""
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
    band = round((layout.height - top) * 0.3) if picture_story else 0
    bottom -= band
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
    if picture_story:
        draw.line(
            (margin, bottom + layout.body // 2, layout.width - margin, bottom + layout.body // 2), fill=0, width=2
        )
        page.articles.append(_picture_story(image, rng, layout, bottom + layout.body * 2, (body_font, head_font), page))
    return image, page


def _picture_story(image, rng: random.Random, layout: ScanLayout, top: int, fonts, page: Page) -> Article:
    """A halftone photograph over two columns (its box added to the page's pictures), its headline
    set vertically beside it, its caption under both."""
    from PIL import ImageDraw

    body_font, head_font = fonts
    draw = ImageDraw.Draw(image)
    width = 2 * layout.column_width + layout.gutter
    picture_w, picture_h = width - 3 * layout.headline, round((layout.height - top) * 0.55)
    page.pictures.append((layout.margin, top, layout.margin + picture_w, top + picture_h))
    _halftone(image, rng, page.pictures[-1])
    headline = f"{rng.choice(PLACES)}{rng.choice(['秋收忙', '花正红', '果飘香', '稻谷黄'])}"
    x = layout.margin + picture_w + layout.headline
    for k, glyph in enumerate(headline):
        draw.text((x, top + k * round(layout.headline * 1.15)), glyph, font=head_font, fill=0)
    place, subject = rng.choice(PLACES), rng.choice(SUBJECTS)
    caption = (
        f"近日，{place}的{subject}基地，工作人员正在忙碌（如图）。今年以来，"
        f"该基地产量同比增长12.5%，带动周边300余户群众增收。{rng.choice(NAMES)}/摄"
    )
    y = top + max(picture_h, len(headline) * round(layout.headline * 1.15)) + layout.body
    pitch = round(layout.body * 1.5)
    drawn = []
    wrapped = _wrap(caption, width, lambda text: draw.textlength(text, font=body_font), 2 * layout.body)
    for k, line in enumerate(wrapped):
        draw.text((layout.margin + (2 * layout.body if k == 0 else 0), y), line, font=body_font, fill=0)
        drawn.append(line)
        y += pitch
    return Article(headline, "".join(drawn))


def _halftone(image, rng: random.Random, box: tuple[float, float, float, float]) -> None:
    """A made-up photograph in `box`: soft shapes of light and dark printed as a screen of dots whose
    size is the tone, as newsprint prints pictures, and a building's white front with its windows."""
    from PIL import Image, ImageDraw, ImageFilter

    x0, top, x1, bottom = (round(v) for v in box)
    tone = Image.new("L", (x1 - x0, bottom - top), rng.randint(150, 210))
    shapes = ImageDraw.Draw(tone)
    for _ in range(12):
        cx, cy = rng.randrange(tone.width), rng.randrange(tone.height)
        r = rng.randint(tone.height // 8, tone.height // 2)
        shapes.ellipse((cx - r, cy - r, cx + r, cy + r), fill=rng.randint(20, 240))
    tone = tone.filter(ImageFilter.GaussianBlur(tone.height / 12))
    shapes = ImageDraw.Draw(tone)
    pane, pitch = 30, 40
    building = (rng.randrange(tone.width // 2), rng.randrange(tone.height // 3))
    windows = min(rng.randint(8, 14), (tone.width - building[0]) // pitch - 1)
    rows = min(4, (tone.height - building[1] - 12) // (pitch + 10))
    facade = (building[0] - 12, building[1] - 12, building[0] + windows * pitch, building[1] + rows * (pitch + 10))
    shapes.rectangle(facade, fill=255)
    draw, cell = ImageDraw.Draw(image), 7
    for y in range(0, tone.height - cell, cell):
        for x in range(0, tone.width - cell, cell):
            radius = cell * 0.75 * (1 - tone.getpixel((x + cell // 2, y + cell // 2)) / 255)
            if radius > 0.6:
                cx, cy = x0 + x + cell / 2, top + y + cell / 2
                draw.ellipse((cx - radius, cy - radius, cx + radius, cy + radius), fill=0)
    # On the building's white front, drawn in line, its windows (a pane in four: 田) stand in rows as type does.
    for row in range(rows):
        for window in range(windows):
            x, y = x0 + building[0] + window * pitch, top + building[1] + row * (pitch + 10)
            draw.rectangle((x, y, x + pane, y + pane), fill=rng.randint(0, 60))
            draw.rectangle((x + pane // 2 - 2, y, x + pane // 2 + 2, y + pane), fill=255)
            draw.rectangle((x, y + pane // 2 - 2, x + pane, y + pane // 2 + 2), fill=255)


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
