"""Synthetic newspaper pages from the seed pages, for benchmarks.

Each synthetic page takes the layout of one seed page (its masthead, the blocks
between articles, its format: narrow PDF columns, paragraphs or Markdown) and fills
its article slots with articles drawn at random from every seed of the same layout
(never one article twice on a page).
Then, deterministically from `seed` and the page number:

- the masthead is re-dated (date, weekday, issue number; pages that print none get
  one), four pages per daily issue, so a corpus spans days, months and years;
- numbers in articles are scaled (dates, issue and ordinal numbers are left alone),
  keeping their digits' shape (integers stay integers, decimals keep their places);
- the people the seeds name (officials and bylines) are replaced by people of a
  fixed synthetic cast, so officials recur across pages as they do in a paper.

The article slots come from the pipeline's own reading of the seeds
(`raw_char_start`/`raw_char_end`), cut on line boundaries, so every chunk keeps its
original line breaks: a narrow-column article is still narrow columns.

    from benchmarks.corpus import write_corpus
    write_corpus(Path("/tmp/corpus"), 1000)          # 1,000 page files

    .venv/bin/python -m benchmarks.corpus OUT_DIR N [--seed S]
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
SEEDS = REPO / "seeds"
PAGES_PER_ISSUE = 4
FIRST_ISSUE = dt.date(2019, 1, 1)
FIRST_ISSUE_NO = 4000
CAST_SIZE = 600  # distinct synthetic people

WEEKDAYS = "一二三四五六日"
MASTHEAD_DATE = re.compile(r"(?:19|20)\d{2}年\d{1,2}月\d{1,2}日(?:\s*◆\s*星期[一二三四五六日天]?)?")
ISSUE_NO = re.compile(r"总第\d+期")
# A number in running text; one followed by a date or ordinal word is left as printed.
NUMBER = re.compile(r"(?<![\d.])(\d+)(?:\.(\d+))?(?![\d.])(?![年月日时期届次号版点]|周年)")
NOT_SCALED_BEFORE = ("第",)
SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾沈姚钱陆顾俞"
GIVEN = "伟芳敏静丽强磊洋艳勇杰娟涛明超秀霞刚英华玉萍红鹏飞宇浩凯婷雪琳晨欣悦怡晓嘉思佳颖俊斌峰辉建志亮彬鑫"
# People the pipeline must keep as they are: the cast never replaces them.
KEEP_NAMES = {"习近平"}


@dataclass(frozen=True)
class Template:
    """A seed page cut into its layout (prefix, gaps, suffix) and its article chunks."""

    name: str
    suffix: str
    family: str  # seeds of one family lend each other articles
    prefix: str  # text before the first article (masthead, promos)
    gaps: tuple[str, ...]  # text between articles, one fewer than articles
    tail: str  # text after the last article
    articles: tuple[str, ...]
    dated: bool  # the seed prints a masthead date before its first article


@dataclass(frozen=True)
class Library:
    templates: tuple[Template, ...]
    pools: dict  # family -> tuple of article chunks from every seed of the family
    names: tuple[str, ...]  # people named in the seeds, longest first
    cast: tuple[str, ...]
    names_re: re.Pattern | None  # any of `names`, longest first


def _line_start(text: str, pos: int) -> int:
    return text.rfind("\n", 0, pos) + 1


def _line_end(text: str, pos: int) -> int:
    end = text.find("\n", pos)
    return len(text) if end < 0 else end


def _cut(text: str, spans: list[tuple[int, int]]) -> tuple[str, list[str], list[str], str]:
    """(prefix, articles, gaps, tail) with every cut on a line boundary."""
    bounds = []
    for start, end in spans:
        start, end = _line_start(text, start), _line_end(text, max(end - 1, start))
        if bounds and start < bounds[-1][1]:  # overlapping spans after snapping: merge
            bounds[-1] = (bounds[-1][0], max(end, bounds[-1][1]))
        else:
            bounds.append((start, end))
    articles = [text[s:e] for s, e in bounds]
    gaps = [text[bounds[k][1] : bounds[k + 1][0]] for k in range(len(bounds) - 1)]
    return text[: bounds[0][0]], articles, gaps, text[bounds[-1][1] :]


def _cast(rng: random.Random) -> tuple[str, ...]:
    people: set[str] = set()
    while len(people) < CAST_SIZE:
        given = rng.choice(GIVEN) + (rng.choice(GIVEN) if rng.random() < 0.75 else "")
        people.add(rng.choice(SURNAMES) + given)
    return tuple(sorted(people))


@lru_cache(maxsize=4)
def library(seeds_dir: Path = SEEDS, seed: int = 0) -> Library:
    """Cut every seed page into a template; read who it names with the pipeline itself."""
    from gazette.clean import clean_page
    from gazette.enrich import enrich_articles
    from gazette.extract import FORMATS, read_page
    from gazette.split import split_page

    templates, names = [], set()
    for path in sorted(p for p in Path(seeds_dir).iterdir() if p.suffix in FORMATS):
        page = read_page(path, manifest={})
        cleaned = clean_page(page.text)
        articles = split_page(page.row, cleaned).articles
        spans = [
            (a["raw_char_start"], a["raw_char_end"])
            for a in articles
            if a["raw_char_start"] is not None and a["raw_char_end"] is not None
        ]
        if not spans:
            continue
        prefix, chunks, gaps, tail = _cut(page.text, sorted(spans))
        family = f"{cleaned.layout}/{page.row['format']}"
        templates.append(
            Template(
                path.name,
                path.suffix,
                family,
                prefix,
                tuple(gaps),
                tail,
                tuple(chunks),
                MASTHEAD_DATE.search(prefix) is not None,
            )
        )
        for a in articles:
            names.update(n for key in ("reporters", "correspondents", "photographers") for n in a[key] or [])
        names.update(m["name"] for m in enrich_articles(articles)["official_mentions"])
    pools: dict[str, list[str]] = {}
    for t in templates:
        pools.setdefault(t.family, []).extend(t.articles)
    names = sorted({n for n in names if 2 <= len(n) <= 4} - KEEP_NAMES, key=lambda n: (-len(n), n))
    names_re = re.compile("|".join(map(re.escape, names))) if names else None
    return Library(
        tuple(templates), {k: tuple(v) for k, v in pools.items()}, tuple(names), _cast(random.Random(seed)), names_re
    )


# ---------------------------------------------------------------- perturbations


def issue_of(index: int) -> tuple[dt.date, int]:
    """Date and issue number of the daily issue page `index` belongs to."""
    day = index // PAGES_PER_ISSUE
    return FIRST_ISSUE + dt.timedelta(days=day), FIRST_ISSUE_NO + day


def masthead_line(date: dt.date) -> str:
    return f"{date.year}年{date.month}月{date.day}日◆星期{WEEKDAYS[date.weekday()]}"


def redate(prefix: str, dated: bool, date: dt.date, issue_no: int) -> str:
    """The page's masthead with the new date and issue number; one is added where none is printed."""
    if dated:
        prefix = MASTHEAD_DATE.sub(masthead_line(date), prefix, count=1)
        return ISSUE_NO.sub(f"总第{issue_no}期", prefix, count=1)
    head = f"嘉兴日报社 中共平湖市委 联办\n\n{masthead_line(date)}\n\n农历 总第{issue_no}期\n\n"
    return head + prefix.lstrip("\n")


def scale_numbers(text: str, rng: random.Random) -> str:
    """Every figure-like number scaled by a factor in [0.5, 2), written in the same shape."""

    def scaled(m: re.Match) -> str:
        if text.endswith(NOT_SCALED_BEFORE, 0, m.start()):
            return m.group(0)
        whole, decimals = m.group(1), m.group(2)
        factor = 0.5 + 1.5 * rng.random()
        if decimals is None:
            if len(whole) > 1 and whole.startswith("0"):  # a code or phone number
                return whole
            return str(max(1, round(int(whole) * factor)))
        return f"{float(m.group(0)) * factor:.{len(decimals)}f}"

    return NUMBER.sub(scaled, text)


# ---------------------------------------------------------------- pages


def page_text(lib: Library, index: int, seed: int = 0) -> tuple[str, str]:
    """(file suffix, text) of synthetic page `index`: a function of (index, seed) alone, so a
    corpus of 100 pages is the first 100 pages of a corpus of 10,000."""
    rng = random.Random(seed * 1_000_003 + index)
    template = lib.templates[index % len(lib.templates)]
    pool = lib.pools[template.family]
    pieces = rng.sample(pool, min(len(template.articles), len(pool)))  # no article twice on a page
    cast = {name: rng.choice(lib.cast) for name in lib.names}
    if lib.names_re is not None:
        pieces = [lib.names_re.sub(lambda m: cast[m.group(0)], chunk) for chunk in pieces]
    articles = [scale_numbers(chunk, rng) for chunk in pieces]
    date, issue_no = issue_of(index)
    parts = [redate(template.prefix, template.dated, date, issue_no)]
    for k, article in enumerate(articles):
        if k:
            gap = template.gaps[k - 1]
            # Articles are blocks of their own: keep a blank line between them.
            parts.append(gap if "\n\n" in gap else "\n\n" + gap.strip("\n") + ("\n\n" if gap.strip() else ""))
        parts.append(article)
    parts.append(template.tail)
    return template.suffix, "".join(parts)


def page_name(index: int, suffix: str = ".txt") -> str:
    return f"p{index:06d}{suffix}"


def generate(n: int, seed: int = 0, seeds_dir: Path = SEEDS, start: int = 0):
    """Yield (file name, text) for synthetic pages start .. start + n - 1."""
    lib = library(Path(seeds_dir), seed)
    for index in range(start, start + n):
        suffix, text = page_text(lib, index, seed)
        yield page_name(index, suffix), text


def write_corpus(out_dir: Path, n: int, seed: int = 0, seeds_dir: Path = SEEDS, start: int = 0) -> list[Path]:
    """Write synthetic pages start .. start + n - 1 into out_dir (created); return their paths."""
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    paths = []
    for name, text in generate(n, seed, seeds_dir, start):
        path = out_dir / name
        path.write_text(text, encoding="utf-8")
        paths.append(path)
    return paths


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description="Write synthetic page files made from the seed pages.")
    parser.add_argument("out", type=Path)
    parser.add_argument("n", type=int)
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args(argv)
    paths = write_corpus(args.out, args.n, args.seed)
    print(f"{len(paths)} pages, {sum(p.stat().st_size for p in paths) / 1e6:.1f} MB -> {args.out}")


if __name__ == "__main__":
    main()
