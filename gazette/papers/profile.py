"""Paper profiles: what each paper calls itself and where it is at home (one YAML file per paper here,
and the user's own in the folder GAZETTE_PAPERS names: docs/papers.md).

A page's profile is chosen in extract (`choose_paper`) and recorded as `pages.paper`;
enrich is handed the profile itself (`profile(paper_id)`), so the steps stay pure.
Order of choice: the page's row in manifest.csv (`paper` column), the folder's
default (manifest.csv row `*`, or a folder named after the paper: `<inbox>/<paper>/…`),
the paper's name as an e-paper's markup prints it (one of a profile's `names`), the masthead.
A page none of these names has no paper and no home jurisdiction.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Literal

from gazette.rules import RuleError, read_typed, typed_rules
from gazette.settings import setting

HERE = Path(__file__).parent
MASTHEAD_LINES = 15  # the masthead sits in the first lines of a page
MASTHEAD_LINE_CHARS = 40  # a masthead line is short; a paragraph that quotes a paper's name is not one
FOLDER_LEVELS = 2  # <inbox>/<paper>/<page> or <inbox>/<paper>/<date>/<page>

PaperSource = Literal["manifest", "folder", "markup", "masthead"]


@dataclass(frozen=True)
class Jurisdiction:
    name: str  # 平湖市
    level: str  # 县级市
    short: str | None = None  # 平湖: the name as written without its level


@dataclass(frozen=True)
class PaperProfile:
    id: str  # the file name: pinghu for pinghu.yaml
    name: str
    names: tuple[str, ...] = ()  # as printed in mastheads and bylines
    editions: tuple[str, ...] = ()
    byline_organisations: tuple[str, ...] = ()
    jurisdictions: tuple[Jurisdiction, ...] = ()  # home first, then the ones it lies in; none for a national paper

    @property
    def home(self) -> Jurisdiction | None:
        return self.jurisdictions[0] if self.jurisdictions else None


def user_profile_files() -> list[Path]:
    """The user's own profiles: the YAML files of the folder GAZETTE_PAPERS names (none when unset).

    Raises RuleError when the folder is not there."""
    folder = setting("GAZETTE_PAPERS")
    if not folder:
        return []
    if not Path(folder).is_dir():
        raise RuleError(f"{folder}: GAZETTE_PAPERS names no folder (a folder of paper profiles, <id>.yaml)")
    return sorted(Path(folder).glob("*.yaml"))


@cache
def profiles() -> dict[str, PaperProfile]:
    """Every profile, by id: the built-in ones, then the user's own (GAZETTE_PAPERS).

    Raises RuleError naming the file and the key of a profile that does not read, and the file of a
    user's profile whose id a built-in one has."""
    found = {
        path.stem: typed_rules(PaperProfile, "gazette.papers", path.name, id=path.stem)
        for path in sorted(HERE.glob("*.yaml"))
    }
    for path in user_profile_files():
        if path.stem in found:
            raise RuleError(f"{path}: a built-in profile is named {path.stem}: give yours another file name")
        found[path.stem] = read_typed(PaperProfile, path, id=path.stem)
    return found


def profile(paper: str | None) -> PaperProfile | None:
    """The profile of a `pages.paper` id; None for a page of no known paper."""
    return profiles().get(paper) if paper else None


def paper_named(written: str) -> str | None:
    """The id of the paper a user wrote (its id, its name or one of its names)."""
    written = written.strip()
    for p in profiles().values():
        if written in (p.id, p.name, *p.names):
            return p.id
    return None


def printed_paper(printed: str) -> str | None:
    """The id of the paper an e-paper's markup names (嘉兴日报·平湖版, 人民日报海外版): the profile
    whose id or name it is, or one of whose names it holds; None for a paper no profile knows."""
    compact = "".join(unicodedata.normalize("NFKC", printed).split())
    if not compact:
        return None
    for p in profiles().values():
        if compact in (p.id, p.name) or any(name in compact for name in p.names):
            return p.id
    return None


def masthead_paper(text: str) -> str | None:
    """The paper whose name, or edition label standing alone, is on a masthead line."""
    head = [unicodedata.normalize("NFKC", line).strip() for line in text.splitlines() if line.strip()]
    for line in head[:MASTHEAD_LINES]:
        if len(line) > MASTHEAD_LINE_CHARS:
            continue
        compact = "".join(line.split())
        for p in profiles().values():
            if any(name in compact for name in p.names) or compact in p.editions:
                return p.id
    return None


def folder_paper(path: Path) -> str | None:
    """The paper a page's folder is named after (<inbox>/<paper>/…), nearest folder first."""
    for folder in list(Path(path).parents)[:FOLDER_LEVELS]:
        if folder.name in profiles():
            return folder.name
    return None


def choose_paper(
    path: Path, text: str, entry: str | None, folder_default: str | None, *, printed: str | None = None
) -> tuple[str | None, PaperSource | None]:
    """(paper id, how it was chosen) for a page: its manifest row's `paper`, else the folder's
    default (`folder_default` from manifest.csv, else the folder's name), else the paper's name
    as an e-paper's markup prints it (`printed`; then the masthead is not looked for in `text`,
    whose first lines are headlines), else the masthead.

    Raises ValueError naming the unknown paper when the manifest names one no profile has."""
    written_sources: tuple[tuple[str | None, PaperSource], ...] = ((entry, "manifest"), (folder_default, "folder"))
    for written, source in written_sources:
        if written:
            paper = paper_named(written)
            if paper is None:
                raise ValueError(f"unknown paper {written!r} (profiles: {', '.join(profiles())})")
            return paper, source
    if paper := folder_paper(path):
        return paper, "folder"
    if printed:
        if paper := printed_paper(printed):
            return paper, "markup"
        return None, None
    if paper := masthead_paper(text):
        return paper, "masthead"
    return None, None
