"""HTML where text was expected, and files that hold several saved pages one after another.

A page saved from a browser keeps its markup whatever its name says: `page.txt` may be a whole
HTML page, and a crawler that appends each article's fragment to one file makes a file of many
articles. A file's format is therefore judged by its content as well as its suffix:

- `is_markup`: the text is an HTML document or fragment (it opens with a tag, or tags are a fair
  share of it), to be read as HTML (the Founder reader, else `html_text`);
- `strip_tags`: a few tags in a text page (a stray `<br>`) are removed, the lines kept;
- `fragments`: the saved pieces of a file that holds several Founder pages, one per trailer.
"""

from __future__ import annotations

import re

import lxml.html
from lxml import etree

# The elements a saved web page is made of; a `<` followed by anything else is text (`<<`, `a<b`).
HTML_ELEMENTS = (
    "a|abbr|article|aside|b|body|br|center|dd|div|dl|dt|em|font|footer|form|h[1-6]|head|header|hr|html|i|iframe|"
    "img|input|label|li|link|main|map|area|meta|nav|ol|option|p|pre|script|section|select|small|span|strong|style|"
    "sub|sup|table|tbody|td|th|thead|title|tr|u|ul|founder-content"
)
TAG = re.compile(rf"</?(?:{HTML_ELEMENTS})(?=[\s/>])[^<>]*>", re.IGNORECASE)
OPENING = re.compile(r"\A(?:\ufeff|\s)*<(?:!doctype|!--|\?xml|[a-z])", re.IGNORECASE)
MIN_TAGS = 3  # tags that make a text an HTML document, with TAGGED_SHARE of its characters in tags
TAGGED_SHARE = 0.1
# The end of one saved Founder page: its trailer, then the tags that close what it opened.
FRAGMENT_END = re.compile(r"/enpproperty\s*-->(?:\s*</[\w-]+\s*>)*", re.IGNORECASE)
# Elements whose text is not printed text, and those that end a paragraph.
HIDDEN = ("script", "style", "head", "noscript", "template", "iframe", "select", "option")
BLOCKS = frozenset(
    re.split(
        r"\s+",
        "address article aside blockquote br dd div dl dt figcaption figure footer form h1 h2 h3 h4 h5 h6 header hr "
        "li main nav ol p pre section table tbody td th thead tr ul title",
    )
)


HEADINGS = ("h1", "h2", "h3")


def is_markup(text: str) -> bool:
    """Is this text HTML (a saved page, or a fragment of one), rather than page text with a stray tag?"""
    tags = TAG.findall(text)
    if not tags:
        return False
    if OPENING.match(text) and (len(tags) >= MIN_TAGS or text.lstrip("\ufeff \t\r\n")[:2] in ("<!", "<?")):
        return True
    visible = sum(not c.isspace() for c in text) or 1
    return len(tags) >= MIN_TAGS and sum(len(tag) for tag in tags) / visible >= TAGGED_SHARE


def strip_tags(text: str) -> tuple[str, int]:
    """The text without its HTML tags (lines as they were; a `<br>` ends one) and how many there were."""
    count = 0

    def replace(match: re.Match) -> str:
        nonlocal count
        count += 1
        return "\n" if re.match(r"<br\b", match.group(0), re.IGNORECASE) else ""

    return TAG.sub(replace, text), count


def fragments(html: str) -> list[str]:
    """The saved Founder pages of a file, one per trailer (`<!--enpproperty … /enpproperty-->`):
    the file itself when it holds one or none. Whatever follows the last trailer belongs to it."""
    ends = [match.end() for match in FRAGMENT_END.finditer(html)]
    if len(ends) < 2:
        return [html]
    starts = [0, *ends[:-1]]
    pieces = [html[start:end] for start, end in zip(starts, ends, strict=True)]
    pieces[-1] += html[ends[-1] :]
    return [piece for piece in pieces if piece.strip()]


def html_text(html: str) -> str:
    """The printed text of an HTML page: one paragraph per block element (a blank line between),
    headings (h1-h3) as Markdown's `## `, spaces inside a paragraph collapsed, scripts, styles and
    the head left out. Empty if there is no text."""
    try:
        doc = lxml.html.document_fromstring(html)
    except (etree.ParserError, ValueError):
        return ""
    for hidden in doc.xpath(" | ".join(f"//{tag}" for tag in HIDDEN)):
        hidden.drop_tree()
    for comment in doc.xpath("//comment()"):
        comment.drop_tree()
    parts: list[str] = []
    brk = "\x1e"  # a paragraph break (blank lines inside the markup are only spaces)

    def walk(element) -> None:
        if isinstance(element.tag, str) and element.tag.lower() in BLOCKS:
            parts.append(brk)
            if element.tag.lower() in HEADINGS:
                parts.append("## ")  # a headline as a Markdown page marks it, for the split step
        if element.text:
            parts.append(element.text)
        for child in element:
            walk(child)
            if child.tail:
                parts.append(child.tail)
        if isinstance(element.tag, str) and element.tag.lower() in BLOCKS:
            parts.append(brk)

    walk(doc)
    paragraphs = (re.sub(r"[\s\u3000\xa0]+", " ", block).strip() for block in "".join(parts).split(brk))
    return "\n\n".join(paragraph for paragraph in paragraphs if paragraph.removeprefix("## ").strip())
