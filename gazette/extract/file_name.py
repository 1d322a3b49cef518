"""Issue date and page number (版次) from the names archives give their files and folders.

`2019-02-26_11.txt`, `20190226/01.txt`, `2019-02/26/01.txt`: the patterns are in file_names.yaml.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from functools import cache
from pathlib import PurePosixPath

from gazette.rules import RuleError, typed_rules

FILE = "gazette/extract/file_names.yaml"


@dataclass
class FileNameInfo:
    date: dt.date | None = None
    page_no: str | None = None
    warnings: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class FileNameRules:
    dates: tuple[re.Pattern[str], ...]  # a date in a path, its parts in the groups y, m and d
    page_no: re.Pattern[str]  # what is left of a file name when it is a page number, in the group `no`
    separators: str  # trimmed from what is left


@cache
def file_name_rules() -> FileNameRules:
    """file_names.yaml, checked when read (once per process): types, and the groups each pattern needs."""
    rules = typed_rules(FileNameRules, "gazette.extract", "file_names.yaml")
    for where, pattern, groups in [
        *((f"dates[{k}]", p, {"y", "m", "d"}) for k, p in enumerate(rules.dates)),
        ("page_no", rules.page_no, {"no"}),
    ]:
        if not groups <= set(pattern.groupindex):
            raise RuleError(f"{FILE}: {where}: a pattern with the groups {', '.join(sorted(groups))} expected")
    return rules


def read_file_name(name: str) -> FileNameInfo:
    """What a page's name (its path relative to the inbox root) says: a date it names unambiguously,
    and the page number when the file name holds only that besides the date."""
    rules = file_name_rules()
    path = PurePosixPath(name)
    stem = path.name.rstrip(" .").removesuffix(path.suffix.rstrip(" ."))
    in_folders_and_stem = str(path.parent / stem) if str(path.parent) != "." else stem
    found: dict[dt.date, str] = {}
    left_in_stem = stem
    for pattern in rules.dates:
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
        number = rules.page_no.match(left_in_stem.strip(rules.separators))
        if number:
            no = number["no"].upper()
            info.page_no = (no.lstrip("0") or "0") if no.isdigit() else no
    return info
