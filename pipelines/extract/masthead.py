"""Issue metadata from the masthead: date (2023年9月12日◆星期二), issue number (总第5262期), edition (平湖版)."""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from dataclasses import dataclass, field

from pipelines.text import HAN

MASTHEAD_LINES = 15  # the masthead sits in the first lines of a page
DATE = re.compile(r"(?P<y>(?:19|20)\d{2})年(?P<m>\d{1,2})月(?P<d>\d{1,2})日")
ISSUE_NO = re.compile(r"总第(\d+)期")
EDITION = re.compile(rf"^([{HAN}]{{2,4}}版|第?[A-Z]?\d{{1,2}}版)$")
# A date on a masthead line stands with the weekday or lunar date, not inside a sentence.
MASTHEAD_CONTEXT = re.compile(r"星期|◆|农历|总第|^\s*(?:19|20)\d{2}年\d{1,2}月\d{1,2}日\s*$")


@dataclass
class IssueInfo:
    date: dt.date | None = None
    date_source: str | None = None
    issue_no: int | None = None
    edition: str | None = None
    warnings: list[str] = field(default_factory=list)


def _compact(line: str) -> str:
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", line))


def read_masthead(text: str) -> IssueInfo:
    info = IssueInfo()
    head = [_compact(line) for line in text.splitlines() if line.strip()][:MASTHEAD_LINES]
    for line in head:
        date = DATE.search(line)
        if date and info.date is None and MASTHEAD_CONTEXT.search(line):
            try:
                info.date = dt.date(int(date["y"]), int(date["m"]), int(date["d"]))
                info.date_source = "masthead"
            except ValueError:
                info.warnings.append(f"impossible masthead date {date.group(0)}; issue date left unknown")
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
