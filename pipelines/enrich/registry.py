"""One row per distinct official across every page, built from all official_mentions."""
from __future__ import annotations

from collections import defaultdict


def _span(dates: list) -> tuple:
    known = [d for d in dates if d is not None]
    return (min(known), max(known)) if known else (None, None)


def resolve_officials(mentions: list[dict]) -> dict[str, list[dict]]:
    """officials and official_titles rows. The official_id in each mention already
    identifies the person (name + jurisdiction), so resolving is grouping by it; titles
    keep the order they were first seen in (副市长 before 市长 after a promotion)."""
    by_id: dict[str, list[dict]] = defaultdict(list)
    for m in mentions:
        by_id[m["official_id"]].append(m)
    officials, titles = [], []
    for oid, rows in by_id.items():
        rows.sort(key=lambda m: (m.get("issue_date") is None, m.get("issue_date") or 0, m.get("article_id") or ""))
        seen_in: dict[str, list] = {}
        for m in rows:
            for title in m.get("titles") or [m["title"]]:
                seen_in.setdefault(title, []).append(m.get("issue_date"))
        first, last = _span([m.get("issue_date") for m in rows])
        officials.append({"official_id": oid, "name": rows[0]["name"], "titles": list(seen_in),
                          "jurisdiction": rows[0]["jurisdiction"], "first_seen": first, "last_seen": last,
                          "article_count": len({m["article_id"] for m in rows})})
        for title, dates in seen_in.items():
            t_first, t_last = _span(dates)
            titles.append({"official_id": oid, "title": title, "first_seen": t_first, "last_seen": t_last})
    return {"officials": officials, "official_titles": titles}
