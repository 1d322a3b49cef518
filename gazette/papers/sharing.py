"""The paper of a page that names none itself: the one the other pages of its folder name.

A page's own paper comes from manifest.csv, its folder's name, its markup or its masthead
(profile.choose_paper). A page with none of these, in a folder whose other pages of its date
all name one paper (else whose pages all name one), takes that paper, with a warning saying how
to state it; where they name none, or disagree, the page stays without a paper and the warning
says what to add.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from gazette.papers.profile import profiles


def shared_paper(date: dt.date | None, pages: Iterable[tuple[dt.date | None, str | None]]) -> str | None:
    """The paper every other page of `date` names (when some do), else the one every page of the
    folder names; None when they name none or disagree. `pages` are (issue date, paper) pairs."""
    pages = list(pages)
    same_day = {paper for day, paper in pages if paper and date is not None and day == date}
    if same_day:
        return same_day.pop() if len(same_day) == 1 else None
    folder = {paper for _, paper in pages if paper}
    return folder.pop() if len(folder) == 1 else None


def shared_paper_warning(name: str, paper: str) -> str:
    return (
        f"{name}: no paper printed on the page; {paper} taken from the other pages of its folder "
        f"(a line '*,,,,{paper}' in manifest.csv says so)"
    )


def no_paper_warning(name: str) -> str:
    return (
        f"{name}: paper unknown, so its officials have no home jurisdiction: add a line '*,,,,<paper>' "
        f"to manifest.csv (papers: {', '.join(profiles())})"
    )


def no_date_warning(name: str) -> str:
    return f"{name}: issue date unknown: add a line '{name},<YYYY-MM-DD>,,,' to manifest.csv"
