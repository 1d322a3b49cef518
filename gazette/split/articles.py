"""One segment of a page as an articles row: its headline lines, credits, dateline and type."""

from __future__ import annotations

import re
from typing import Literal, TypedDict

from gazette.clean import byline_pattern, markers
from gazette.extract.jumps import take_jumps
from gazette.rows import ArticleRow, ArticleType, PageRow
from gazette.split.roles import BODY_KINDS, Item, patterns
from gazette.split.rules import layout

NAME = re.compile(r"[\u4e00-\u9fff·]{2,6}")  # a name in a credit list

# The articles column a credited name goes in (markers.yaml `byline_roles` maps each role word to one).
CreditColumn = Literal["reporters", "correspondents", "photographers"]


class Credits(TypedDict):
    """The names an article credits, by the articles column each goes in."""

    reporters: list[str]
    correspondents: list[str]
    photographers: list[str]


def headline_parts(lines: list[Item], after_body: bool) -> tuple[str | None, str | None, str | None]:
    """(kicker, headline, subheadline) from the ordered headline lines of one article."""
    rules = layout().headline
    texts = [it.text for it in lines]
    if not texts:
        return None, None, None
    if len(texts) == 1:
        return None, texts[0], None
    if len(texts) > 2:
        return texts[0], texts[1], "".join(texts[2:])
    first, second = texts
    levels = [it.line.level for it in lines]
    if patterns()["speech_kicker"].search(first):
        return first, second, None
    if all(levels) and levels[0] < levels[1]:
        return None, first, second  # ## headline, ### subheadline
    if len(second) > rules.subheadline_min_chars:
        return None, first, second
    if len(first) > rules.kicker_max_chars or after_body or len(second) >= len(first):
        return first, second, None
    return None, first, second


def parse_byline(text: str) -> tuple[CreditColumn, list[str]]:
    """('reporters'|'correspondents'|'photographers', names) from a cleaned credit line.

    A credit ending in 摄 (新华社记者 某某摄) is for the pictures.
    """
    match = byline_pattern().match(text)
    if match is None:
        raise ValueError(f"not a credit line: {text!r}")
    role = markers().byline_roles[re.sub(r"\s", "", match.group("role"))]
    names = match.group("names").split()
    if names and names[-1].endswith("摄") and len(names[-1]) > 1:
        role, names[-1] = "photographers", names[-1][:-1]
    return role, names


def parse_dateline_credit(text: str) -> dict[CreditColumn, list[str]]:
    """Names credited in brackets after a dateline: 本报北京1月31日电（记者 某某、某某 通讯员 某某）.

    Names before any role word are reporters; names part at 、，, spaces or a role word.
    """
    match = patterns()["dateline_credit"].match(text)
    credits: dict[CreditColumn, list[str]] = {"reporters": [], "correspondents": [], "photographers": []}
    if not match:
        return credits
    roles = markers().byline_roles
    role_word = "|".join(sorted(map(re.escape, roles), key=len, reverse=True))
    role: CreditColumn = "reporters"
    for token in re.split(rf"({role_word})|[、，,\s]+", match.group("credit")):
        if not token:
            continue
        if token in roles:
            role = roles[token]
        elif NAME.fullmatch(token):
            credits[role].append(token)
        else:
            return {"reporters": [], "correspondents": [], "photographers": []}  # not a list of names
    return credits


def author_note(text: str) -> str | None:
    """作者为某大学教授 from the bracketed note that closes a signed piece."""
    match = patterns()["author_note"].match(text)
    return match.group("note") if match else None


def find_dateline(body: str) -> str | None:
    head = body[: layout().dateline.search_chars]
    match = patterns()["dateline"].search(head)
    return match.group(1) if match else None


def article_type(headline: str | None, body_items: list[Item], credits: Credits, signature: str | None) -> ArticleType:
    types = layout().types
    has_lead = any(it.kind == "lead" for it in body_items)
    text = headline or ""
    body_chars = sum(len(it.text) for it in body_items)
    if any(w in text for w in types.notice_words):
        return "notice"
    if (signature and not has_lead) or any(w in text for w in types.commentary_words):
        return "commentary"
    if credits["photographers"] and not credits["reporters"] and not has_lead:
        return "photo"
    if has_lead and body_chars <= types.brief_max_chars:
        return "brief"
    if not has_lead and credits["reporters"]:
        return "feature"
    return "news"


def build_article(page_row: PageRow, ordinal: int, seg: list[Item], raw_offsets: list[int]) -> ArticleRow:
    body_items = [it for it in seg if it.kind in BODY_KINDS]
    first_body = seg.index(body_items[0])
    heads = [it for it in seg if it.kind == "headline"]
    after_body = bool(heads) and seg.index(heads[0]) > first_body
    kicker, headline, subheadline = headline_parts(heads, after_body)
    credits: Credits = {"reporters": [], "correspondents": [], "photographers": []}
    for it in seg:
        if it.kind == "byline":
            role, names = parse_byline(it.text)
            credits[role] += [n for n in names if n not in credits[role]]
    for lead in (it for it in body_items if it.kind == "lead"):  # a roundup credits each of its items
        for role, names in parse_dateline_credit(lead.text).items():
            credits[role] += [n for n in names if n not in credits[role]]
    signature = next((it.text.lstrip("■ ") for it in seg if it.kind == "signature"), None)
    if signature is None:
        signature = next((note for it in body_items[::-1] if (note := author_note(it.text))), None)
    jumps = take_jumps("\n".join(it.text for it in body_items))  # 下转第2版: the article's, not its body
    body = jumps.body
    start, end = seg[0].line.start, seg[-1].line.end
    return {
        "article_id": f"{page_row['page_id']}-{ordinal:03d}",
        "page_id": page_row["page_id"],
        "issue_date": page_row.get("issue_date"),
        "ordinal": ordinal,
        "headline": headline,
        "kicker": kicker,
        "subheadline": subheadline,
        "type": article_type(headline, body_items, credits, signature),
        "dateline": find_dateline(body),
        "body": body,
        "body_chars": len(body),
        "reporters": credits["reporters"],
        "correspondents": credits["correspondents"],
        "photographers": credits["photographers"],
        "char_start": start,
        "char_end": end,
        "signature": signature,
        "raw_char_start": raw_offsets[start] if start < len(raw_offsets) else None,
        "raw_char_end": raw_offsets[end - 1] + 1 if 0 < end <= len(raw_offsets) else None,
        "continued_to": jumps.continued_to,
        "continued_from": jumps.continued_from,
    }
