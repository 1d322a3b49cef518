"""The seed pages' figures scored on what makes them usable: `metric`, `period` and `subject`, against
the seeds' gold labels (tests/gold). score.py matches figures by value only; this matches each
labelled figure to the stored one of the same value, then compares the fields.

Matching, and why:
- a figure pairs with a stored figure of the same normalised value (or value and unit as written), the
  one whose surface text is closest to the label's when several share the value;
- period: exact, after writing 至/—/－ as -, dropping 第 and 份 (一季度 = 第一季度, 5月份 = 5月) and
  punctuation; an unlabelled period must be stored as none;
- metric "names the labelled quantity": the labelled metric contains ours or ours contains it, the
  shorter being at least half the longer, after dropping 数 at the end of a label (企业数 names the count
  of 企业), the words of a rate (增速, 占比: growth_pct and share_pct say which rate it is) and
  punctuation; ours has at least two characters. Containment, not a similarity ratio: 有地主体 names
  有地主体数, 我市 does not. Scored twice: containment alone (the goal of issue 28), and with the
  shorter at least half the longer, so that a bare head noun (项目) does not name 引进招大引强项目;
- subject: scored where the label has one; ours contains the labelled one or is contained in it (平湖市
  in 平湖市人才资源; labels describe the subject at more length than a page prints it).
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass
from datetime import date

from gazette import enrich, papers
from gazette.pipeline import process_page
from tests.helpers import REPO, SEEDS, gold_for, norm

# The date each page's labels resolve 今年/去年 with: printed, or inferred by the labellers (page 004 prints
# none; its labels read 今年 as 2023).
LABELLED_DATES = {
    "000": "2023-05-08",
    "001": "2023-03-27",
    "002": "2023-09-12",
    "003": "2020-11-11",
    "004": "2023-04-20",
}


def period_key(period: str | None) -> str:
    if not period:
        return ""
    for written, plain in (("至", "-"), ("—", "-"), ("－", "-"), ("第", ""), ("月份", "月")):
        period = period.replace(written, plain)
    return norm(period.replace("-", "到"))


RATE_WORDS = re.compile("同比|增长|增速|占全市|占比|比重")


def metric_names(label: str | None, ours: str | None, half: bool = True) -> bool:
    gold, mine = (RATE_WORDS.sub("", norm(m)) for m in (norm(label).removesuffix("数"), ours))
    shorter, longer = sorted((gold, mine), key=len)
    return len(mine) >= 2 and shorter in longer and (len(shorter) * 2 >= len(longer) or not half)


def subject_names(label: str | None, ours: str | None) -> bool:
    gold, mine = norm(label), norm(ours)
    return len(mine) >= 2 and (gold in mine or mine in gold)


def _same_value(label: dict, row: dict) -> bool:
    def sig(v):
        return None if v is None else float(f"{float(v):.6g}")

    if sig(label["value_normalized"]) is not None and sig(label["value_normalized"]) == sig(row["value_normalized"]):
        return True
    return sig(label["value"]) == sig(row["value"]) and norm(label["unit"]) == norm(row["unit"])


def _shared_chars(label_text: str, surface: str) -> int:
    """How much of the label's surface text the stored one prints, in order."""
    blocks = difflib.SequenceMatcher(None, norm(label_text), norm(surface), autojunk=False).get_matching_blocks()
    return sum(b.size for b in blocks)


@dataclass
class Scored:
    label: dict
    row: dict | None

    @property
    def period_right(self) -> bool:
        return self.row is not None and period_key(self.label["period"]) == period_key(self.row["period"])

    @property
    def metric_right(self) -> bool:
        return self.row is not None and metric_names(self.label["metric"], self.row["metric"])

    @property
    def metric_contained(self) -> bool:
        return self.row is not None and metric_names(self.label["metric"], self.row["metric"], half=False)

    @property
    def subject_right(self) -> bool:
        return self.row is not None and subject_names(self.label["subject"], self.row["subject"])


def seed_figures(stem: str, issue_date: date) -> list[dict]:
    """The stored figures of a seed page, its articles dated `issue_date` where the page gives no date
    (the labels resolve 今年 with the date the labellers inferred)."""
    rows = process_page(REPO / "seeds" / f"{stem}.txt")
    articles = [{**a, "issue_date": a["issue_date"] or issue_date} for a in rows["articles"]]
    paper = papers.profile(rows["pages"][0]["paper"])
    return enrich.enrich_articles(articles, paper)["economic_figures"]


def scored_seeds() -> list[Scored]:
    out = []
    for seed in SEEDS:
        unused = seed_figures(seed.stem, date.fromisoformat(LABELLED_DATES[seed.stem[:3]]))
        for label in gold_for(seed)["economic_figures"]:
            same = [r for r in unused if _same_value(label, r)]
            row = max(same, key=lambda r: _shared_chars(label["text"], r["text"]), default=None)
            if row is not None:
                unused.remove(row)
            out.append(Scored(label, row))
    return out
