"""Founder (方正) e-paper HTML: what one saved file says about its printed page and its article.

The system is told by its markers, never by the site. Two generations share them:

- classic (`html/2024-11/06/content_N.htm`, layout pages `node_N.htm`): headline cells `td.font01`
  (headline) between `td.font02` (引题 above, 副题 below); body `div#ozoom` > `founder-content` > `p`;
  the page's image map `map[name=pagepicmap]` (repeated on every article page); the page links
  `a#pageLink` 第02版：要闻; a trailer comment `<!--enpproperty <founder-date>…<founder-pagenum>…
  /enpproperty-->` (`founder-type` 1 = article, 2 = layout page, whose `founder-content` is the paper's name);
- new (`pc/content/202408/30/content_N.html`): `div.newsdetatit` (`h3` headline, `p` 副题,
  `span.Author` 版次：A02, 来源：paper date) or the pad variant's `#intro-title`, `#main-title`,
  `#sub-title`, `#nowLayout`; body `founder-content` holding `<!--enpcontent-->` paragraphs and the
  trailer `<!--enpproperty <date>…<author>…<title>… /enpproperty-->`.

Pictures and their captions (`table#newspic`, `div.attachment`, a `p` right after a picture outside
the body) are kept apart from the body. Words and label formats are in epaper.yaml.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Literal

import lxml.html
from lxml import etree

from gazette.extract.base import PageError, page_format
from gazette.rules import typed_rules

Box = tuple[float, float, float, float]  # x0, y0, x1, y1 in the page image's pixels, y downwards

CONTENT_ID = re.compile(r"content_(\d+)", re.IGNORECASE)
TRAILER = re.compile(r"enpproperty(?P<body>.*?)/enpproperty", re.DOTALL | re.IGNORECASE)
TRAILER_FIELD = re.compile(r"<(?P<tag>[\w-]+)>(?P<value>.*?)</(?P=tag)>", re.DOTALL)
FOUNDER_TYPE_LAYOUT = "2"  # founder-type of a layout (版面) page; 1 is an article page
NOT_FOUNDER = (  # why HTML of another system is refused (a .txt of it is then read as plain HTML)
    "not a Founder e-paper page (no enpproperty trailer, founder-content, #ozoom or page map); "
    "other e-paper systems are not supported"
)
PICTURE_AREA = "div=0"  # a hotspot for the picture inside an article's area (div=-1)
# Where a page shows or links its pictures (the page image, photos): <img src>, and <a href> to an image.
PICTURE_REFERENCES = "//img/@src | //a/@href"
# The page's image map, whatever the case of its name (pagepicmap, PagePicMap).
PAGE_MAP = "//map[translate(@name, 'ABCDEFGHIJKLMNOPQRSTUVWXYZ', 'abcdefghijklmnopqrstuvwxyz')='pagepicmap']"


@dataclass(frozen=True)
class EpaperRules:
    """epaper.yaml: what the visible markup of an e-paper says, as patterns and words."""

    page_label: str  # 第01版：要闻
    page_no_label: str  # 版次：A02
    source_label: str  # 来源：深圳晚报
    date: str
    path_date: str  # the date in a saved mirror's folders
    paper_name: str
    site_words: tuple[str, ...]  # what follows a paper's name in a <title> (数字报, 新闻网)
    edition_in_paper: str  # 嘉兴日报·平湖版
    inline_credit: str  # a credit in parentheses near the start of a body
    inline_credit_search_chars: int


def rules() -> EpaperRules:
    """epaper.yaml, checked when read (once per process)."""
    return typed_rules(EpaperRules, "gazette.extract", "epaper.yaml")


@lru_cache(maxsize=1)
def _patterns() -> dict[str, re.Pattern]:
    return {
        name: re.compile(getattr(rules(), name))
        for name in ("page_label", "page_no_label", "source_label", "date", "path_date", "paper_name")
    }


@dataclass
class EpaperArticle:
    source: str  # the file it was read from, as named in the inbox
    content_id: str | None  # the system's article number (content_279424.htm)
    headline: str | None
    kicker: str | None  # 引题
    subheadline: str | None  # 副题
    author: str | None  # the trailer's author field, as written
    paragraphs: list[str]
    captions: list[str]


@dataclass
class FounderFile:
    source: str
    system: Literal["founder-classic", "founder-new"]
    kind: Literal["article", "layout"]
    paper: str | None = None
    date: dt.date | None = None
    date_source: Literal["markup", "file_name"] | None = None
    page_no: str | None = None  # 版次 as printed: 01, A02
    page_name: str | None = None  # 版名
    page_names: dict[str, str] = field(default_factory=dict)  # 版次 -> 版名, from the page links
    order: list[str] = field(default_factory=list)  # content ids in the page's order
    boxes: dict[str, Box] = field(default_factory=dict)  # content id -> its hotspot's bounding box
    image_size: tuple[float, float] | None = None  # width, height of the page image the boxes are on
    pictures: list[str] = field(default_factory=list)  # what its images and links to images point at, as written
    article: EpaperArticle | None = None
    warnings: list[str] = field(default_factory=list)


def page_number_key(page_no: str) -> str:
    """01 and 1 are one page; A02 and A2 too."""
    match = re.fullmatch(r"([A-Za-z]*)0*(\d+)", page_no.strip())
    return f"{match.group(1).upper()}{match.group(2)}" if match else page_no.strip()


def _text(element) -> str:
    """The visible text of an element, spaces collapsed (&nbsp; and the ideographic space are layout)."""
    raw = element.text_content() if element is not None else ""
    return re.sub(r"[\s\u3000\xa0]+", " ", raw).strip()


def _first(doc, xpath: str):
    found = doc.xpath(xpath)
    return found[0] if found else None


def _trailer(html: str) -> dict[str, str]:
    """The enpproperty fields, `founder-` prefix dropped: date, pagenum, papername, title, author, …"""
    fields: dict[str, str] = {}
    for trailer in TRAILER.finditer(html):
        for match in TRAILER_FIELD.finditer(trailer["body"]):
            key = match["tag"].lower().removeprefix("founder-")
            value = re.sub(r"[\s\u3000\xa0]+", " ", match["value"]).strip()
            if value and key not in fields:
                fields[key] = value
    return fields


def _date(text: str | None) -> dt.date | None:
    if not text:
        return None
    iso = re.match(r"((?:19|20)\d{2})-(\d{1,2})-(\d{1,2})", text)
    match = iso or _patterns()["date"].search(text)
    if not match:
        return None
    try:
        return dt.date(int(match.group(1)), int(match.group(2)), int(match.group(3)))
    except ValueError:
        return None


def _paper_from(text: str) -> str | None:
    """The paper's name among the site words of a <title> or source line (上饶日报-上饶数字报-上饶新闻网)."""
    for part in re.split(r"[-_|｜—\s]+", text):
        for word in rules().site_words:
            if part.endswith(word) and len(part) > len(word) + 1:
                part = part.removesuffix(word)
                break
        if _patterns()["paper_name"].match(part):
            return part
    return None


def _boxes(doc) -> tuple[dict[str, Box], list[str], tuple[float, float] | None]:
    """Each article's hotspot box on the page image, the areas' order, and the image's size.

    One `coords` string may hold several closed rings (headline box + body box): the box
    covers them all. Picture sub-areas (`?div=0`) lie inside their article's area.
    """
    boxes: dict[str, Box] = {}
    order: list[str] = []
    for area in doc.xpath(
        "//map[translate(@name, 'ABCDEFGHIJKLMNOPQRSTUVWXYZ', 'abcdefghijklmnopqrstuvwxyz')='pagepicmap']//area"
    ):
        href, coords = area.get("href") or "", area.get("coords") or ""
        content = CONTENT_ID.search(href)
        numbers = [float(n) for n in re.findall(r"-?\d+(?:\.\d+)?", coords)]
        if not content or len(numbers) < 4 or PICTURE_AREA in href:
            continue
        xs, ys = numbers[0::2], numbers[1::2]
        box = (min(xs), min(ys), max(xs), max(ys))
        key = content.group(1)
        if key in boxes:
            old = boxes[key]
            box = (min(old[0], box[0]), min(old[1], box[1]), max(old[2], box[2]), max(old[3], box[3]))
        else:
            order.append(key)
        boxes[key] = box
    image = _first(doc, "//img[@usemap]")
    size = None
    if image is not None and (image.get("width") or "").isdigit() and (image.get("height") or "").isdigit():
        size = (float(image.get("width")), float(image.get("height")))
    return boxes, order, size


def _page_labels(doc) -> tuple[dict[str, str], tuple[str, str] | None]:
    """(版次 -> 版名 from the page links, the current page's (版次, 版名) label if shown)."""
    label = _patterns()["page_label"]
    names: dict[str, str] = {}
    for link in doc.xpath("//a[@id='pageLink']"):
        if match := label.match(_text(link)):
            names.setdefault(page_number_key(match["no"]), match["name"].strip())
    current = None
    for element in doc.xpath("//td | //div[@class='banci'] | //span | //p"):
        text = _text(element)
        if len(text) > 40 or element.xpath(".//a"):
            continue
        if match := label.match(text):
            current = (match["no"], match["name"].strip())
            break
    return names, current


def _captions(doc, body) -> list[str]:
    """Picture captions: the classic picture table, the new generation's attachment block, and a
    paragraph printed right after a picture outside the body (pad pages)."""
    captions: list[str] = []
    for block in doc.xpath("//table[@id='newspic'] | //div[contains(concat(' ', @class, ' '), ' attachment ')]"):
        captions += [text for text in (_text(p) for p in block.xpath(".//p | .//td[not(.//td)]")) if text]
    body_paragraphs = set(body.xpath(".//p")) if body is not None else set()
    for image in doc.xpath("//img[contains(@src, 'pic/')]"):
        following = image.getnext()
        if following is None:  # the picture sits in a wrapper of its own: the caption follows the wrapper
            following = image.getparent().getnext()
        if following is not None and following.tag == "p" and following not in body_paragraphs:
            text = _text(following)
            if text and text not in captions:
                captions.append(text)
    return captions


def _paragraphs(body) -> list[str]:
    paragraphs = [_text(p) for p in body.xpath(".//p")] or [_text(body)]
    return [p for p in paragraphs if p]


def _headlines(doc, trailer: dict[str, str]) -> tuple[str | None, str | None, str | None]:
    """(kicker, headline, subheadline): the trailer's fields first, the visible header where they are empty."""
    visible: list[str | None] = [None, None, None]
    cells = doc.xpath("//td[@class='font01' or @class='font02']")
    main = next((c for c in cells if c.get("class") == "font01"), None)
    if main is not None:
        at = cells.index(main)
        above = [_text(c) for c in cells[:at] if c.get("class") == "font02"]
        below = [_text(c) for c in cells[at + 1 :] if c.get("class") == "font02"]
        visible = [above[-1] if above else None, _text(main), below[0] if below else None]
    elif (title := _first(doc, "//div[contains(@class, 'newsdetatit')]")) is not None:
        heading = _first(title, ".//h3 | .//h2 | .//h1")
        paragraphs = [p for p in title.xpath("./p") if not p.xpath(".//span")]
        before = [p for p in paragraphs if heading is not None and p.getparent().index(p) < title.index(heading)]
        after = [p for p in paragraphs if p not in before]
        visible = [_text(before[-1]) if before else None, _text(heading), _text(after[0]) if after else None]
    else:
        visible = [_text(_first(doc, f"//*[@id='{name}']")) for name in ("intro-title", "main-title", "sub-title")]
    from_trailer = [trailer.get("introtitle"), trailer.get("title"), trailer.get("subtitle")]
    kicker, headline, subheadline = (t or v or None for t, v in zip(from_trailer, visible, strict=True))
    return kicker, headline, subheadline


def _system(doc, html: str, trailer: dict[str, str]) -> Literal["founder-classic", "founder-new"] | None:
    if doc.xpath("//div[@id='ozoom']") or any(k in trailer for k in ("pagenum", "papername", "type")):
        return "founder-classic"
    if "<!--enpcontent-->" in html or doc.xpath("//founder-content") or "date" in trailer:
        return "founder-new"
    if doc.xpath(f"{PAGE_MAP}//area[contains(@href, 'content_')]"):
        return "founder-classic"
    return None


def read_founder(name: str, html: str, *, fragment: bool = False) -> FounderFile:
    """Read one saved Founder e-paper file (`name` as it is named in the inbox, for messages and dates).

    `fragment`: `html` is one of several saved pages in the file (markup.fragments), so its article
    is known by its trailer's id before the file's name. Raises PageError (one line naming the file)
    when the file carries no Founder marker.
    """
    try:
        doc = lxml.html.document_fromstring(html)
    except (etree.ParserError, ValueError) as exc:
        raise PageError(name, f"not readable as HTML ({exc})") from exc
    trailer = _trailer(html)
    system = _system(doc, html, trailer)
    if system is None:
        raise PageError(name, NOT_FOUNDER)
    boxes, map_order, image_size = _boxes(doc)
    names, current = _page_labels(doc)
    titles = [
        (m.group(1), _text(e))
        for e in doc.xpath("//*[starts-with(@id, 'mp')]")
        if (m := re.fullmatch(r"mp(\d+)", e.get("id")))
    ]
    body = _first(doc, "//founder-content") if doc.xpath("//founder-content//p") else None
    if body is None:
        body = _first(doc, "//div[@id='ozoom']") or _first(doc, "//div[@id='content']")
    is_layout = trailer.get("type") == FOUNDER_TYPE_LAYOUT or (body is None and bool(boxes or titles))
    info = FounderFile(source=name, system=system, kind="layout" if is_layout else "article")
    info.boxes, info.image_size, info.page_names = boxes, image_size, names
    info.order = [content for content, _ in titles] or map_order
    references = (re.split(r"[?#]", str(ref), maxsplit=1)[0] for ref in doc.xpath(PICTURE_REFERENCES))
    info.pictures = [ref for ref in references if page_format(ref) == "image"]
    visible = _text(doc.body) if doc.find("body") is not None else _text(doc)
    info.page_no = trailer.get("pagenum")
    if not info.page_no and (match := _patterns()["page_no_label"].search(visible)):
        info.page_no = match["no"]
    if not info.page_no and (now := _first(doc, "//*[@id='nowLayout']")) is not None and _text(now):
        info.page_no = _text(now)
    if not info.page_no and current:
        info.page_no = current[0]
    if info.page_no:
        key = page_number_key(info.page_no)
        info.page_name = names.get(key) or (current[1] if current and page_number_key(current[0]) == key else None)
    info.paper = trailer.get("papername") if trailer.get("papername") != "" else None
    if not info.paper and (source := _patterns()["source_label"].search(visible)):
        info.paper = _paper_from(source["paper"])
    if not info.paper and (title := _first(doc, "//title")) is not None:
        info.paper = _paper_from(_text(title))
    info.date = _date(trailer.get("date"))
    if info.date is None:
        for where in ("//*[@class='date']", "//span[contains(., '来源')]", "//*[@id='author']", "//body"):
            info.date = _date(_text(_first(doc, where)))
            if info.date:
                break
    if info.date is not None:
        info.date_source = "markup"
    elif match := _patterns()["path_date"].search(name):
        try:
            info.date, info.date_source = dt.date(int(match["y"]), int(match["m"]), int(match["d"])), "file_name"
        except ValueError:
            info.warnings.append(f"impossible date in the path {match.group(0)}; issue date left unknown")
    if info.kind == "article":
        kicker, headline, subheadline = _headlines(doc, trailer)
        content = CONTENT_ID.search(name)
        named = content.group(1) if content else None
        article_id = (trailer.get("paperarticleid") or named) if fragment else (named or trailer.get("paperarticleid"))
        paragraphs = _paragraphs(body) if body is not None else []
        if not paragraphs:
            info.warnings.append("article page with no body text")
        info.article = EpaperArticle(
            source=name,
            content_id=article_id,
            headline=headline,
            kicker=kicker,
            subheadline=subheadline,
            author=trailer.get("author"),
            paragraphs=paragraphs,
            captions=_captions(doc, body),
        )
    return info
