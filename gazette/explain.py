"""`gazette explain PAGE`: the cleaned page with article and block boundaries marked.

Each cleaned line is printed once, prefixed by who owns it and what role it
played in the segmentation, so a user sees why the page was split where it was.
For an e-paper file (its whole printed page: the saved files of its 版 beside it)
and a page PDF, each article is also listed with where it came from: the file,
the box on the page, the trailer's author, its picture captions.
"""

from __future__ import annotations

from pathlib import Path

from gazette import clean, extract, inbox
from gazette.pipeline import read_page_source
from gazette.split.given import split_extracted
from gazette.split.partition import boundary_cost, segment, segment_cost
from gazette.split.roles import classify, judge_runs
from gazette.split.runs import reasons
from gazette.split.segment import article_owner

ROLE_LABELS = {
    "lead": "body*",
    "body": "body",
    "interior": "inner",  # a heading line read as part of its article (a section head, a label, a caption)
    "headline": "head",
    "byline": "credit",
    "signature": "signed",
    "boilerplate": "block",
}


def _read(path: Path, root: Path | None) -> extract.ExtractedPage:
    """The page a file belongs to: itself, or (an e-paper file) the printed page its folder's files make."""
    if extract.page_format(path.name) != "html":
        return extract.read_page(path, root=root)
    root = Path(root) if root is not None else path.parent
    files = []
    for member in sorted(path.parent.iterdir()):  # a page's files share one folder
        if member.name.startswith(".") or extract.page_format(member.name) != "html" or not member.is_file():
            continue
        stat = member.stat()
        name = extract.page_name(member, root)
        files.append(inbox.InboxFile(member, inbox.file_sha256(member), stat.st_size, stat.st_mtime_ns, name))
    source = next((s for s in inbox.page_sources(files) if any(f.path == path for f in s.files)), None)
    return read_page_source(source or path, root=root)


def _shown(value: object) -> str:
    """A value of the page's row, "-" where the page has none (as its `pages` row has null)."""
    return "-" if value is None else str(value)


def run_verdicts(cleaned: clean.CleanedPage) -> dict[int, str]:
    """Why each run of short lines between two paragraphs of column text was read as it was, by its first line."""
    seq = [it for it in classify(cleaned, absorb=False) if it.kind != "boilerplate"]
    verdicts = {}
    for run in judge_runs(seq, cleaned):
        why = ", ".join(f"{name} {weight:+.1f}" for name, weight in reasons(run.features))
        verdict = "inside its article" if run.inside else "opens an article"
        verdicts[id(seq[run.start].line)] = f"run model: p(opens)={run.opens:.2f}, {verdict} ({why})"
    return verdicts


def segment_costs(cleaned: clean.CleanedPage) -> dict[int, str]:
    """The cost of each segment of the lowest-cost partition and of the cut before it, by its first line."""
    items = classify(cleaned)
    costs = {}
    previous = None
    for seg in segment(items, cleaned.layout):
        cut = boundary_cost(previous, seg[0]) if previous is not None else 0.0
        costs[id(seg[0].line)] = f"segment cost {segment_cost(seg, cleaned.layout) or 0.0:g}, cut {cut:g}"
        previous = seg[-1]
    return costs


def _box(box: list[float] | None) -> str:
    return "[" + ", ".join(f"{v:g}" for v in box) + "]" if box else "-"


def ocr_lines_explained(page: extract.ExtractedPage, width: int) -> list[str]:
    """The lines OCR read, in the order the layout put them: each with its box, article and part,
    then the page's warnings about lines read with low confidence."""
    out = [f"text read by OCR (mean line confidence {page.row['ocr_confidence']}); its lines in reading order:"]
    for number, region in enumerate(page.regions, 1):
        text = page.text[region["raw_start"] : region["raw_end"]]
        text = text if len(text) <= width else text[: width - 12] + " … " + text[-9:]
        article = region["article"] if region["article"] is not None else "-"
        out.append(f"  {number:>3}. box {_box(region['box'])}  article {article} {region['kind']:<11} {text}")
    out += [f"  ! {warning}" for warning in page.warnings if "OCR lines under confidence" in warning]
    return out


def explain_page(path: Path | str, width: int = 60, root: Path | None = None) -> str:
    """`root` is the inbox the page belongs to (its name, date from the file name and manifest depend on it)."""
    path = Path(path)
    page = _read(path, root)
    cleaned = clean.clean_page(page.text)
    pieces = split_extracted(page.row, cleaned, page.regions)
    roles = {id(it.line): "interior" if it.interior else it.kind for it in classify(cleaned)}
    titles = {article_owner(a["ordinal"]): f"{a['type']}: {a['headline']}" for a in pieces.articles}
    row = page.row
    issue_date = f"{row['issue_date']} ({row['issue_date_source']})" if row["issue_date"] else None
    size = (
        f"{row.get('page_width'):g}x{row.get('page_height'):g}"
        if row.get("page_width") and row.get("page_height")
        else None
    )
    out = [
        f"{row['source_path']}  page_id={row['page_id']}  layout={row.get('layout') or cleaned.layout}  "
        f"issue_date={_shown(issue_date)}  edition={_shown(row['edition'])}  paper={_shown(row.get('paper'))}",
    ]
    if row.get("format") in ("html", "pdf", "image"):
        out.append(
            f"format={row['format']}  paper_name={_shown(row.get('paper_name'))}  "
            f"page_no={_shown(row.get('page_no'))}  page_name={_shown(row.get('page_name'))}"
            + (f"  page size={size}" if size else "")
        )
        out.append(f"files: {', '.join(row.get('source_files') or [])}")
        if row["format"] in ("pdf", "image"):
            split_by = "the layout, read in XY-cut order with headlines by font size"
        elif any(r.get("article") for r in page.regions):
            split_by = "the markup (one article page, one article)"
        else:
            split_by = "the page's printed text (HTML of no e-paper system gazette knows)"
        out.append(f"articles from {split_by}:")
        for a in pieces.articles:
            credits = ", ".join(a["reporters"] + a["correspondents"] + a["photographers"]) or "-"
            out.append(
                f"  {a['ordinal']:>2}. {a['headline']}  <- {a.get('source_file') or '-'}  box {_box(a.get('box'))}  "
                f"author {a.get('author') or '-'}  credits {credits}"
                + (f"  captions {len(a['captions'])}" if a.get("captions") else "")
            )
    if row.get("text_source") == "ocr":
        out += ocr_lines_explained(page, width)
    out += [
        f"{len(pieces.articles)} articles, {len(pieces.blocks)} blocks; body* = opens with 本报讯 or a dateline, "
        "inner = a heading inside its article",
    ]
    verdicts = run_verdicts(cleaned) if cleaned.columns and not page.regions else {}
    costs = segment_costs(cleaned) if not page.regions else {}
    if cleaned.columns:
        out.append(
            "column text: lines rejoined where they fill their block's column; each run of short lines between "
            "two paragraphs judged by the run model (gazette/split/runs.py)"
        )
    out.append("")
    previous = None
    for line, owner in zip(cleaned.lines, pieces.owners, strict=False):
        if owner != previous:
            cost = f"  [{costs[id(line)]}]" if id(line) in costs else ""
            out.append(f"── {owner}  {titles.get(owner, '')}".rstrip() + cost)
            previous = owner
        text = line.text if len(line.text) <= width else line.text[: width - 12] + " … " + line.text[-9:]
        out.append(f"   {ROLE_LABELS.get(roles.get(id(line), ''), '?'):6} [{line.start:>5}-{line.end:<5}] {text}")
        if id(line) in verdicts:
            out.append(f"          ↳ {verdicts[id(line)]}")
    return "\n".join(out)
