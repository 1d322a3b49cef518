"""Issue metadata from the masthead: date (2023年9月12日◆星期二), issue number (总第5262期), edition (平湖版)."""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from dataclasses import dataclass, field

from gazette.text import HAN

MASTHEAD_LINES = 15  # the masthead sits in the first lines of a page
DATE = re.compile(r"(?P<y>(?:19|20)\d{2})年(?P<m>\d{1,2})月(?P<d>\d{1,2})日")
ISSUE_NO = re.compile(r"总第(\d+)期")
EDITION = re.compile(rf"^([{HAN}]{{2,4}}版|第?[A-Z]?\d{{1,2}}版)$")
# What prints a date as the issue's: the weekday, the lunar date, the issue or page number. A date
# alone on its line is the masthead's only with one of these on another line of the block.
MASTHEAD_CONTEXT = re.compile(rf"星期|◆|农历|第\d+期|第[A-Z]?\d{{1,2}}版|^[{HAN}]{{2,4}}版$")
BARE_DATE = re.compile(r"^\s*(?:19|20)\d{2}年\d{1,2}月\d{1,2}日\s*$")
# A dateline's date is the news's, never the issue's: 本报北京2019年5月28日电, 新华社…日讯.
DATELINE_DATE = re.compile(r"日(?:电|讯|消息)")
# The masthead block ends where an article begins: a news lead, a credit, a line of sentences.
ARTICLE_LINE = re.compile(r"本报讯|新华社|^[■●]?(?:本报)?记者|[。，；！？]|电[（(]|日电")


@dataclass
class IssueInfo:
    date: dt.date | None = None
    date_source: str | None = None
    issue_no: int | None = None
    edition: str | None = None
    warnings: list[str] = field(default_factory=list)


def _compact(line: str) -> str:
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", line))


def masthead_block(text: str) -> list[str]:
    """The page's first lines up to where its first article begins (compacted)."""
    block: list[str] = []
    for line in (_compact(raw) for raw in text.splitlines() if raw.strip()):
        if len(block) == MASTHEAD_LINES or ARTICLE_LINE.search(line):
            break
        block.append(line)
    return block


def read_masthead(text: str) -> IssueInfo:
    """The issue's date, number and edition from the masthead block (masthead_block).

    A date counts when its line carries the weekday, the lunar date or the issue or page number,
    or stands alone on a line of a block that carries one; never a dateline's. When the block
    prints two different dates, the first is kept and the page warned.
    """
    info = IssueInfo()
    head = masthead_block(text)
    block_context = any(MASTHEAD_CONTEXT.search(line) for line in head)
    for line in head:
        date = DATE.search(line)
        on_masthead = MASTHEAD_CONTEXT.search(line) or (block_context and BARE_DATE.match(line))
        if date and on_masthead and not DATELINE_DATE.match(line, date.end() - 1):
            try:
                found = dt.date(int(date["y"]), int(date["m"]), int(date["d"]))
            except ValueError:
                info.warnings.append(f"impossible masthead date {date.group(0)}; issue date left unknown")
            else:
                if info.date is None:
                    info.date, info.date_source = found, "masthead"
                elif found != info.date:
                    info.warnings.append(f"the masthead prints {info.date} and {found}; {info.date} kept")
        issue_no = ISSUE_NO.search(line)
        if issue_no and info.issue_no is None:
            info.issue_no = int(issue_no.group(1))
        edition = EDITION.match(line)
        if edition and info.edition is None:
            info.edition = edition.group(1)
    return info


# 本报讯 5月5日 / 本报讯（记者 王强）5月5日: the day the news happened, printed without a year.
DATELINE = re.compile(r"本报讯(?:[(（][^)）]{0,24}[)）])?(?P<m>\d{1,2})月(?P<d>\d{1,2})日")
YEAR = re.compile(r"(?<!\d)((?:19|20)\d{2})年")
YEAR_MENTIONS_NEEDED = 2  # one mention may be a look back (2022年度…); a year named again is the page's own


def estimate_from_datelines(text: str) -> tuple[dt.date, str] | None:
    """(date, note) from the page's datelines when its masthead gives none; None when unsure.

    The estimate is the latest dateline: the issue appeared that day or a few days
    later. Datelines carry no year: the year is the latest one the text names,
    and only if it names it at least twice and no later year; otherwise no estimate.
    """
    compact = _compact(text)
    years = [int(year) for year in YEAR.findall(compact)]
    if not years or years.count(max(years)) < YEAR_MENTIONS_NEEDED:
        return None
    year = max(years)
    dates = []
    for dateline in DATELINE.finditer(compact):
        try:
            dates.append(dt.date(year, int(dateline["m"]), int(dateline["d"])))
        except ValueError:
            continue
    if not dates:
        return None
    latest = max(dates)
    return latest, (
        f"issue date estimated from datelines: the latest is {latest.month}月{latest.day}日, "
        f"year {year} from the text; the issue is that day or a few days later"
    )
