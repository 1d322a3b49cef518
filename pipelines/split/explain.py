"""`gazette explain PAGE`: the cleaned page with article and block boundaries marked.

Each cleaned line is printed once, prefixed by who owns it and what role it
played in the segmentation, so a user sees why the page was split where it was.
"""

from __future__ import annotations

from pathlib import Path

from pipelines import clean, extract
from pipelines.split.segment import article_owner, classify, split_page

ROLE_LABELS = {
    "lead": "body*",
    "body": "body",
    "headline": "head",
    "byline": "credit",
    "signature": "signed",
    "boilerplate": "block",
}


def explain_page(path: Path | str, width: int = 60, root: Path | None = None) -> str:
    """`root` is the inbox the page belongs to (its name, date from the file name and manifest depend on it)."""
    page = extract.read_page(Path(path), root=root)
    cleaned = clean.clean_page(page.text)
    pieces = split_page(page.row, cleaned)
    roles = {id(it.line): it.kind for it in classify(cleaned)}
    titles = {article_owner(a["ordinal"]): f"{a['type']}: {a['headline']}" for a in pieces.articles}
    row = page.row
    out = [
        f"{row['source_path']}  page_id={row['page_id']}  layout={cleaned.layout}  "
        f"issue_date={row['issue_date']} ({row['issue_date_source']})  edition={row['edition']}",
        f"{len(pieces.articles)} articles, {len(pieces.blocks)} blocks; body* = opens with 本报讯",
        "",
    ]
    previous = None
    for line, owner in zip(cleaned.lines, pieces.owners, strict=False):
        if owner != previous:
            out.append(f"── {owner}  {titles.get(owner, '')}".rstrip())
            previous = owner
        text = line.text if len(line.text) <= width else line.text[: width - 12] + " … " + line.text[-9:]
        out.append(f"   {ROLE_LABELS.get(roles.get(id(line), ''), '?'):6} [{line.start:>5}-{line.end:<5}] {text}")
    return "\n".join(out)
