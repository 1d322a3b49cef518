"""Issue date and page number (版次) from the names archives give their files and folders.

`2019-02-26_11.txt`, `20190226/01.txt`, `2019-02/26/01.txt`: the patterns are in file_names.yaml.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from functools import cache
from pathlib import PurePosixPath

from gazette.rules import load_rules


@dataclass
class FileNameInfo:
    date: dt.date | None = None
    page_no: str | None = None
    warnings: list[str] = field(default_factory=list)


@cache
def _rules() -> tuple[list[re.Pattern], re.Pattern, str]:
    rules = load_rules("gazette.extract", "file_names.yaml")
    return [re.compile(p) for p in rules["dates"]], re.compile(rules["page_no"]), rules["separators"]


def read_file_name(name: str) -> FileNameInfo:
    """What a page's name (its path relative to the inbox root) says: a date it names unambiguously,
    and the page number when the file name holds only that besides the date."""
    date_patterns, page_no, separators = _rules()
    path = PurePosixPath(name)
    stem = path.name.rstrip(" .").removesuffix(path.suffix.rstrip(" ."))
    in_folders_and_stem = str(path.parent / stem) if str(path.parent) != "." else stem
    found: dict[dt.date, str] = {}
    left_in_stem = stem
    for pattern in date_patterns:
        for match in pattern.finditer(in_folders_and_stem):
            try:
                date = dt.date(int(match["y"]), int(match["m"]), int(match["d"]))
            except ValueError:
                continue
            found.setdefault(date, match.group(0))
            left_in_stem = left_in_stem.replace(match.group(0).rpartition("/")[2], " ", 1)
    info = FileNameInfo()
    if len(found) > 1:
        info.warnings.append(f"its name names {len(found)} dates ({', '.join(found.values())}); none taken from it")
        return info
    if found:
        [info.date] = found
        number = page_no.match(left_in_stem.strip(separators))
        if number:
            no = number["no"].upper()
            info.page_no = (no.lstrip("0") or "0") if no.isdigit() else no
    return info
