"""The paper of a page that names none itself: the one the other pages of its folder name.

A page's own paper comes from manifest.csv, its folder's name, its markup or its masthead
(profile.choose_paper). A page with none of these, in a folder whose other pages of its date
all name one paper (else whose pages all name one), takes that paper; where they name none, or
disagree, the page stays without a paper. Both `gazette run` and the Dagster page assets settle it
(pipeline.paper_of_folder), with the warning saying what manifest.csv may state.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable


def shared_paper(date: dt.date | None, pages: Iterable[tuple[dt.date | None, str | None]]) -> str | None:
    """The paper every other page of `date` names (when some do), else the one every page of the
    folder names; None when they name none or disagree. `pages` are (issue date, paper) pairs."""
    pages = list(pages)
    same_day = {paper for day, paper in pages if paper and date is not None and day == date}
    if same_day:
        return same_day.pop() if len(same_day) == 1 else None
    folder = {paper for _, paper in pages if paper}
    return folder.pop() if len(folder) == 1 else None
