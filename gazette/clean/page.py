"""Clean a decoded page: one line per paragraph, byline or heading, offsets kept.

Pages arrive as narrow PDF columns (a break every ~10 characters, blank lines at
column ends), Markdown, full paragraphs, or text with spaces between characters.
Cleaning works on (character, raw offset) pairs so every cleaned character can
be traced back to the page file (`raw_offsets`). What it does, in order:

0. invisible characters out, traditional characters simplified (chars.py);
1. per raw line: Markdown markers become a heading level; bylines are recognised
   *before* spaces go, because a space both pads a name (王 强) and separates two
   names (王强 纪亚千); other lines get NFKC (full-width digits and letters),
   inter-character spaces removed, Chinese punctuation in CJK context, and a
   doubled bold headline (标题标题) printed once;
2. lines of one block (between blank lines) that wrap one paragraph are joined;
3. a paragraph broken by a column end (blank line mid-sentence) is re-joined when
   the next block reads as its continuation.
"""

from __future__ import annotations

import re
import statistics
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Literal

import jieba

from gazette.clean.chars import PreparedText, prepare
from gazette.clean.columns import Column, block_columns, runs_on, wider
from gazette.rows import BlockKind
from gazette.rules import typed_rules
from gazette.text import HAN, is_cjk
from gazette.user_cache import use_user_cache

jieba.setLogLevel(60)  # its dictionary-loading chatter is not our output
use_user_cache()  # not the shared temp folder's jieba.cache, which may be another user's

Pair = tuple[str, int]  # one cleaned character and its offset in the raw text
# What a cleaned line is. Two kinds live only while cleaning: `names` (a line of names continuing the byline
# above) becomes a byline, and `standalone` (a boilerplate line kept out of paragraphs) becomes text.
LineKind = Literal["text", "byline", "signature", "heading", "names", "standalone"]

SENTENCE_END = set("。！？!?…")
CLOSERS = set("”’）」』》")
# Punctuation that sits inside Chinese text; spaces next to it are layout, not content.
CJK_PUNCT = set("，。、：；！？（）“”‘’《》【】「」『』—…·■◆●▲★")
TO_FULL_WIDTH = {",": "，", ";": "；", ":": "：", "!": "！", "?": "？", "(": "（", ")": "）"}
NARROW_LAYOUT_MAX_WIDTH = 40  # median display width (CJK = 2) of a PDF column line
WIDE_LINE = 60  # a line this wide in a paragraph layout is running text, not a headline
# Words a headline never ends on but a line cut at a column end often does.
FRAGMENT_ENDINGS = ("的", "关于", "在", "和", "与", "对", "为", "从", "将", "把", "是", "了", "及", "以", "向")


@dataclass(frozen=True)
class Markers:
    """markers.yaml: the line-level markers cleaning and splitting share (patterns are regular expressions)."""

    byline_roles: dict[str, Literal["reporters", "correspondents", "photographers"]]  # role word -> its column
    byline_org_prefixes: tuple[str, ...]  # patterns of who a reporter writes for, before the role
    dateline_credit: str
    author_note: str
    news_lead: str  # 本报讯 or a dateline: a body never holds it mid-way
    boilerplate: dict[BlockKind, tuple[str, ...]]  # a line holding one of these phrases is boilerplate of that kind
    edition_line: str
    salutation: str
    interior_heading: dict[str, str]  # kind -> the pattern of a heading line inside an article
    closing_line: tuple[str, ...]  # the interior_heading kinds that may also close an article


def markers() -> Markers:
    """markers.yaml, checked when read (once per process)."""
    return typed_rules(Markers, "gazette.clean", "markers.yaml")


class _CharWidths(dict):
    """Display width of each character met so far (CJK and full-width = 2), computed once."""

    def __missing__(self, ch: str) -> int:
        width = self[ch] = 2 if (is_cjk(ch) or ch in CJK_PUNCT or unicodedata.east_asian_width(ch) in "WF") else 1
        return width


_CHAR_WIDTHS = _CharWidths()


def display_width(text: str) -> int:
    return sum(map(_CHAR_WIDTHS.__getitem__, text))


def ends_sentence(text: str) -> bool:
    """True when text ends a sentence (。 or 。” …), i.e. the paragraph is complete."""
    text = text.rstrip()
    while text and text[-1] in CLOSERS:
        text = text[:-1]
    return bool(text) and text[-1] in SENTENCE_END


@dataclass
class CleanLine:
    """One cleaned line: a paragraph, a byline, a signature or a heading."""

    kind: LineKind  # text | byline | signature | heading once the page is assembled
    pairs: list[Pair]
    block: int  # index of the blank-line-separated block it starts in
    level: int = 0  # Markdown heading level (## = 2), 0 otherwise
    raw_width: int = 0  # display width of its widest raw line (column width)
    last_width: int = 0  # display width of its last raw line
    last_chars: int = 0  # characters of its last raw line
    raw_lines: int = 1
    indent: bool = False  # its first raw line opens with a paragraph indent (full-width or two spaces)
    start: int = 0  # offsets in the cleaned page text, set at assembly
    end: int = 0

    @property
    def text(self) -> str:
        return "".join([c for c, _ in self.pairs])


@dataclass
class CleanedPage:
    text: str
    raw_offsets: list[int]
    lines: list[CleanLine] = field(default_factory=list)
    layout: str = "paragraphs"  # paragraphs | narrow-columns
    # The page opens its paragraphs with an indent (as typeset Chinese does), so an indented
    # line starts a paragraph and an unindented one is a heading, a credit or page furniture.
    indented: bool = False
    columns: bool = False  # its lines are broken at a column's width (columns.py), as printed text comes


# ---------------------------------------------------------------- characters


def normalize_pairs(pairs: list[Pair]) -> list[Pair]:
    """NFKC, drop layout spaces, Chinese punctuation in CJK context."""
    expanded = [(n, i) for c, i in pairs for n in unicodedata.normalize("NFKC", c)]
    expanded = [(" " if c.isspace() else c, i) for c, i in expanded]
    # The first non-space character after each position, found in one backward pass.
    next_visible, following = [""] * len(expanded), ""
    for k in range(len(expanded) - 1, -1, -1):
        next_visible[k] = following
        if expanded[k][0] != " ":
            following = expanded[k][0]
    out: list[Pair] = []
    for k, (c, i) in enumerate(expanded):
        if c == " ":
            prev = out[-1][0] if out else ""
            nxt = next_visible[k]
            if not prev or not nxt or prev == " " or _chinese_side(prev) or _chinese_side(nxt):
                continue
        out.append((c, i))
    return _full_width_punctuation(out)


def _chinese_side(ch: str) -> bool:
    return is_cjk(ch) or ch in CJK_PUNCT or ch in TO_FULL_WIDTH or ch == '"'


def _full_width_punctuation(pairs: list[Pair]) -> list[Pair]:
    out = list(pairs)
    for k, (c, i) in enumerate(out):
        if c not in TO_FULL_WIDTH:
            continue
        prev = out[k - 1][0] if k else ""
        nxt = out[k + 1][0] if k + 1 < len(out) else ""
        between_digits = prev.isdigit() and nxt.isdigit()  # 1,000 and 8:30 stay
        if not between_digits and (is_cjk(prev) or is_cjk(nxt) or prev in CJK_PUNCT or nxt in CJK_PUNCT or c in "()"):
            out[k] = (TO_FULL_WIDTH[c], i)
    return out


def curl_quotes(pairs: list[Pair]) -> list[Pair]:
    """Straight double quotes alternate open/close within a paragraph."""
    out, opening = [], True
    for c, i in pairs:
        if c == '"':
            c, opening = ("“" if opening else "”"), not opening
        out.append((c, i))
    return out


def undouble(pairs: list[Pair]) -> list[Pair]:
    """A bold headline extracted twice on one line (标题标题) is printed once."""
    text = "".join(c for c, _ in pairs)
    half = len(text) // 2
    if len(text) % 2 == 0 and half >= 4 and text[:half] == text[half:]:
        return pairs[:half]
    return pairs


# ---------------------------------------------------------------- bylines


@lru_cache(maxsize=1)
def byline_pattern() -> re.Pattern:
    m = markers()
    spaced = lambda word: r"\s*".join(map(re.escape, word))  # noqa: E731 - 记 者 / 通 讯 员
    roles = "|".join(spaced(r) for r in sorted(m.byline_roles, key=len, reverse=True))
    orgs = "|".join(m.byline_org_prefixes)
    return re.compile(rf"^[■●▲\s]*(?:(?:{orgs})\s*)?(?P<role>{roles})[\s:：]*(?P<names>.*)$")


NAME_TOKENS = re.compile(rf"^[{HAN}·]{{1,4}}(\s+[{HAN}·]{{1,4}})*$")
SIGNATURE = re.compile(rf"^\s*■\s*([{HAN}]\s*){{2,4}}$")


def byline_names(raw_names: str) -> list[str]:
    """Names in a credit: spaces separate names, but single characters are a padded name (王 强)."""
    names: list[str] = []
    pending = ""
    for token in raw_names.split():
        if len(token) == 1:
            pending += token
            continue
        if pending:
            names.append(pending)
            pending = ""
        names.append(token)
    if pending:
        names.append(pending)
    return names


def _byline_pairs(raw: str, start: int, match: re.Match) -> list[Pair]:
    """'■记 者 王 强 纪亚千' -> '■记者 王强 纪亚千', each kept character mapped to the raw text."""
    pairs: list[Pair] = []
    if raw.lstrip().startswith("■"):
        pairs.append(("■", start + raw.index("■")))
    lead = match.start("role")
    org_chars = raw[:lead]
    pairs += [(c, start + k) for k, c in enumerate(org_chars) if is_cjk(c)]
    pairs += [(c, start + lead + k) for k, c in enumerate(match.group("role")) if not c.isspace()]
    return pairs + _name_pairs(raw, start, match.start("names"))


def _name_pairs(raw: str, start: int, names_at: int) -> list[Pair]:
    pairs: list[Pair] = []
    pos = names_at
    for name in byline_names(raw[names_at:]):
        pairs.append((" ", start + max(pos - 1, 0)))
        for ch in name:
            pos = raw.index(ch, pos)
            pairs.append((ch, start + pos))
            pos += 1
    return pairs


# ---------------------------------------------------------------- lines

HEADING = re.compile(r"^\s*(#{1,6})\s+")
INDENT = re.compile(r"^(\u3000|[ \t\u00a0]{2})")
# A page marks paragraphs by indent when this share of its text lines (and at least 3) are indented.
INDENTED_PAGE_SHARE = 0.3
QUOTE = re.compile(r"^\s*>\s?")


def _boilerplate_line(text: str) -> bool:
    """Short lines carrying a promo/masthead/weather marker stand alone, never joined into a paragraph."""
    if len(text) > 24:
        return False
    return any(word in text for words in markers().boilerplate.values() for word in words)


# A raw line longer than this lost its line breaks (a page saved as one line): it is read as
# paragraphs, parted where an indent opens one, else after a sentence once one is this long.
LOST_BREAKS_CHARS = 2000
PARAGRAPH_CHARS = 300
INNER_INDENT = re.compile(r"(?<=\S)(?=(?:\u3000+|[ \t\u00a0]{2,})\S)")
SENTENCE_BREAK = re.compile(r"(?<=[。！？!?])[”’」』）)]*")


def _raw_lines(raw_text: str) -> Iterator[tuple[int, str]]:
    """(offset, line) for each raw line; a line that lost its breaks comes as its paragraphs, a blank between."""
    offset = 0
    for raw in raw_text.split("\n"):
        start, offset = offset, offset + len(raw) + 1
        if len(raw) <= LOST_BREAKS_CHARS:
            yield start, raw
            continue
        for piece_start, piece in _paragraphs(raw):
            yield start + piece_start, piece
            yield start + piece_start + len(piece), ""  # each paragraph its own block


def _paragraphs(line: str) -> Iterator[tuple[int, str]]:
    """Parts of a line with no breaks: at each inner indent, then at sentence ends every PARAGRAPH_CHARS.

    Words after the last sentence of a part, just before an indent, are a heading of their own.
    """
    cuts = [m.start() for m in INNER_INDENT.finditer(line)]
    for left, right in zip([0, *cuts], [*cuts, len(line)], strict=True):
        start = left
        ends = [m.end() for m in SENTENCE_BREAK.finditer(line, left, right)]
        for k, end in enumerate(ends):
            last = k == len(ends) - 1
            if end < right and (end - start >= PARAGRAPH_CHARS or (last and right < len(line))):
                yield start, line[start:end]
                start = end
        yield start, line[start:right]


def _lines(raw_text: str) -> list[CleanLine]:
    lines: list[CleanLine] = []
    block, blank_before = 0, True
    for start, raw in _raw_lines(raw_text):
        if not raw.strip():
            blank_before = True
            continue
        if blank_before and lines:
            block += 1
        blank_before = False
        line = _classify(raw, start, block, lines[-1] if lines else None)
        line.last_width, line.last_chars = line.raw_width, len(raw.strip(" \t"))  # as wrapped: with its nbsp
        line.indent = bool(INDENT.match(raw))
        lines.append(line)
    return _merge_name_continuations(lines)


def _classify(raw: str, start: int, block: int, previous: CleanLine | None) -> CleanLine:
    width = display_width(raw.strip())
    heading = HEADING.match(raw)
    if heading:
        body = heading.end()
        pairs = undouble(curl_quotes(normalize_pairs([(c, start + body + k) for k, c in enumerate(raw[body:])])))
        return CleanLine("heading", pairs, block, level=len(heading.group(1)), raw_width=width)
    byline = byline_pattern().match(raw)
    if byline and NAME_TOKENS.match(byline.group("names").strip() or "x"):
        return CleanLine("byline", _byline_pairs(raw, start, byline), block, raw_width=width)
    if SIGNATURE.match(raw):
        pairs = [(c, start + k) for k, c in enumerate(raw) if not c.isspace()]
        return CleanLine("signature", pairs, block, raw_width=width)
    if (
        previous is not None
        and previous.kind == "byline"
        and previous.block == block
        and NAME_TOKENS.match(raw.strip())
    ):
        return CleanLine("names", _name_pairs(raw, start, len(raw) - len(raw.lstrip())), block, raw_width=width)
    body = quote.end() if (quote := QUOTE.match(raw)) else 0
    pairs = undouble(normalize_pairs([(c, start + body + k) for k, c in enumerate(raw[body:])]))
    kind: LineKind = "standalone" if _boilerplate_line("".join(c for c, _ in pairs)) else "text"
    return CleanLine(kind, pairs, block, raw_width=width)


def _merge_name_continuations(lines: list[CleanLine]) -> list[CleanLine]:
    """'■摄影 王 强' + next line '徐冰艳 张丹燕' is one credit."""
    out: list[CleanLine] = []
    for line in lines:
        if line.kind == "names":
            out[-1].pairs += line.pairs
            out[-1].raw_lines += 1
        else:
            out.append(line)
    return out


# ---------------------------------------------------------------- paragraphs


@lru_cache(maxsize=1)
def news_lead_pattern() -> re.Pattern:
    return re.compile(markers().news_lead)


def starts_news_lead(text: str) -> bool:
    """本报讯 or a dateline (本报北京1月31日电) opens a news report."""
    return news_lead_pattern().match(text) is not None


def _starts_news_lead(line: CleanLine) -> bool:
    return starts_news_lead(line.text)


def _join_wrapped(lines: list[CleanLine], narrow: bool, indented: bool, columns: dict[int, Column]) -> list[CleanLine]:
    """Join a block's lines that wrap one paragraph: an indent opens one, a line off its column (columns.py) ends it."""
    out: list[CleanLine] = []
    for line in lines:
        prev = out[-1] if out else None
        column = columns.get(line.block)
        wraps = (
            runs_on(prev.last_width, prev.last_chars, ends_sentence(prev.text), column)
            and not wider(line.raw_width, line.last_chars, column)  # a line wider than its column was never set in it
            if prev is not None and column is not None
            else narrow or (prev is not None and display_width(prev.text) > WIDE_LINE and not ends_sentence(prev.text))
        )
        joinable = (
            prev is not None
            and prev.kind == line.kind == "text"
            and prev.block == line.block
            and not _starts_news_lead(line)
            and not (indented and (line.indent or not prev.indent))  # an indent opens a paragraph; headings stand alone
            and wraps
        )
        if joinable and prev is not None:  # (joinable says so; mypy cannot see it)
            prev.pairs += line.pairs
            prev.raw_width = max(prev.raw_width, line.raw_width)
            prev.last_width, prev.last_chars = line.raw_width, line.last_chars
            prev.raw_lines += 1
        else:
            out.append(line)
    return out


def _continues(
    prev: CleanLine, nxt: CleanLine, narrow: bool, first_width: int, indented: bool, column: Column | None
) -> bool:
    """Does block `nxt` continue paragraph `prev` across a column end?"""
    if prev.kind != "text" or nxt.kind != "text" or ends_sentence(prev.text) or _starts_news_lead(nxt):
        return False
    if indented and (nxt.indent or not prev.indent):
        return False  # an indent opens a paragraph; an unindented line is no paragraph to continue
    if column is not None and not runs_on(prev.last_width, prev.last_chars, False, column):
        return False  # a line short of its column, or wider, ends what it is in
    widest = max(prev.raw_width, nxt.raw_width)
    if narrow and prev.last_width >= widest - 6 and first_width >= widest - 6:
        # Both sides run the full column width. A one-line block that wide may still be a
        # headline, so it needs evidence: a cut phrase, or a word running across the break.
        body_like = nxt.raw_lines > 1 or ends_sentence(nxt.text)
        # On column text a comma in a one-line block is no evidence: a headline at the column's width has them.
        cut = prev.text.endswith(FRAGMENT_ENDINGS) if column is not None else _fragment(prev.text)
        evidence = prev.raw_lines > 1 or cut or _word_crosses(prev.text, nxt.text)
        return body_like and evidence
    prev_is_body = display_width(prev.text) > WIDE_LINE or _fragment(prev.text)
    return prev_is_body and (ends_sentence(nxt.text) or display_width(nxt.text) > WIDE_LINE)


def _word_crosses(left: str, right: str) -> bool:
    """Does jieba read a word across the join ('…箱包有限' + '公司…' -> 有限公司)?"""
    tail, head = left[-4:], right[:4]
    position = 0
    for word in jieba.cut(tail + head, HMM=False):
        if position < len(tail) < position + len(word):
            return True
        position += len(word)
    return False


def _fragment(text: str) -> bool:
    """A short line cut mid-sentence ('据悉，…APP承', '在传达学习…关于'), not a headline."""
    return "，" in text or "。" in text or text.endswith(FRAGMENT_ENDINGS)


def clean_page(raw_text: str) -> CleanedPage:
    raw_text = raw_text.replace("\r\n", "\n").replace("\r", "\n")
    prepared = prepare(raw_text)  # invisible characters out, traditional ones simplified (chars.py)
    lines = _lines(prepared.text)
    text_widths = [ln.raw_width for ln in lines if ln.kind == "text"]
    narrow = bool(text_widths) and statistics.median(text_widths) <= NARROW_LAYOUT_MAX_WIDTH
    indents = sum(ln.indent for ln in lines if ln.kind == "text")
    indented = indents >= 3 and indents >= INDENTED_PAGE_SHARE * len(text_widths)
    first_widths = {id(ln): ln.raw_width for ln in lines}  # before joining, a line's own width
    paragraphs: list[CleanLine] = []
    columns = block_columns(lines, ends_sentence)
    for line in _join_wrapped(lines, narrow, indented, columns):
        prev = paragraphs[-1] if paragraphs else None
        if (
            prev is not None
            and prev.block != line.block
            and _continues(prev, line, narrow, first_widths[id(line)], indented, columns.get(prev.block))
        ):
            prev.pairs += line.pairs
            prev.raw_lines += line.raw_lines
            prev.raw_width = max(prev.raw_width, line.raw_width)
            prev.last_width, prev.last_chars = line.last_width, line.last_chars
        else:
            paragraphs.append(line)
    cleaned = _assemble(paragraphs, "narrow-columns" if narrow else "paragraphs", indented)
    cleaned.columns = bool(columns)
    return _traced_back(cleaned, prepared)


def _traced_back(page: CleanedPage, prepared: PreparedText) -> CleanedPage:
    """The cleaned page with its offsets (into the prepared text) turned into offsets into the raw text."""
    if prepared.raw_index is not None:
        index = [*prepared.raw_index, prepared.raw_index[-1] + 1 if prepared.raw_index else 0]
        page.raw_offsets = [index[i] for i in page.raw_offsets]
        for line in page.lines:
            line.pairs = [(char, index[i]) for char, i in line.pairs]
    return page


def _assemble(paragraphs: list[CleanLine], layout: str, indented: bool) -> CleanedPage:
    chars: list[str] = []
    offsets: list[int] = []
    for line in paragraphs:
        if line.kind == "text":
            line.pairs = curl_quotes(line.pairs)
        if line.kind in ("names", "standalone"):
            line.kind = "text" if line.kind == "standalone" else "byline"
        if chars:
            chars.append("\n")
            offsets.append(offsets[-1] + 1)
        line.start = len(chars)
        chars += [c for c, _ in line.pairs]
        offsets += [i for _, i in line.pairs]
        line.end = len(chars)
    return CleanedPage("".join(chars), offsets, paragraphs, layout, indented)
