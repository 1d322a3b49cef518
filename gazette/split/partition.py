"""The lowest-cost partition of a page's items into articles, by dynamic programming.

Every article is one run of body paragraphs with its headline lines on one side and its
bylines around them; each way of reading a run as an article, and each cut between two items,
has a cost (segment_costs in layout.yaml), and the partition with the lowest total wins.
"""

from __future__ import annotations

from gazette.split.roles import BODY_KINDS, Item
from gazette.split.rules import layout


def segment_cost(seg: list[Item], page_layout: str) -> float | None:
    """Cost of reading `seg` as one article (None if it cannot be one)."""
    cost = layout().segment_costs
    body_at = [k for k, it in enumerate(seg) if it.kind in BODY_KINDS]
    if not body_at:
        return sum(cost.orphan_headline_line if it.kind == "headline" else cost.orphan_byline for it in seg)
    first, last = body_at[0], body_at[-1]
    inside = seg[first : last + 1]
    if any(it.kind not in BODY_KINDS and not it.inline for it in inside) or any(
        it.kind == "lead" and not it.inline for it in inside[1:]
    ):
        return None  # bodies are contiguous but for credits set in the text; 本报讯 opens an article
    pre = [it for it in seg[:first] if it.kind == "headline"]
    post = [it for it in seg[last + 1 :] if it.kind == "headline"]
    total = sum(cost.credit_inside_body for it in inside if it.kind not in BODY_KINDS)
    if pre and post:
        total += cost.headlines_both_sides
    if not pre and not post:
        total += cost.no_headline
    total += max(0, len(pre) + len(post) - 2) * cost.extra_headline_line
    total += max(0, _byline_groups(seg) - 1) * cost.extra_byline_group
    total += sum(cost.markdown_heading_after_body for it in post if it.line.kind == "heading")
    total += sum(cost.opening_run_after_body for it in post if it.opens)
    if post and page_layout != "narrow-columns":
        total += cost.headline_after_body_in_paragraphs
    return total


def _byline_groups(seg: list[Item]) -> int:
    """Credit groups: runs of byline lines printed in one block."""
    groups, previous = 0, None
    for it in seg:
        if (
            it.kind == "byline"
            and not it.inline
            and (previous is None or previous.kind != "byline" or previous.line.block != it.line.block)
        ):
            groups += 1
        previous = it
    return groups


def boundary_cost(left: Item, right: Item) -> float:
    """Cost of starting a new article between two neighbouring items.

    Paragraphs of running text only part at 本报讯; a byline printed right under
    a headline (same block) goes with it, and so do the other headline lines of its block.
    """
    if left.kind in BODY_KINDS and right.kind == "body":
        return float("inf")
    kinds = {left.kind, right.kind}
    if left.line.block == right.line.block and kinds == {"headline", "byline"}:
        return layout().segment_costs.split_headline_from_byline
    if left.line.block == right.line.block and kinds == {"headline"}:
        return layout().segment_costs.split_headline_block
    return 0.0


def segment(items: list[Item], page_layout: str) -> list[list[Item]]:
    """Lowest-cost partition of the non-boilerplate items into articles and orphans."""
    seq = [it for it in items if it.kind != "boilerplate"]
    n = len(seq)
    # Articles can only part where the boundary cost is finite (never inside running text), so
    # the search runs over those cuts: a page of thousands of paragraphs has few of them.
    boundary = {k: boundary_cost(seq[k - 1], seq[k]) for k in range(1, n)}
    cuts = [0, *(k for k in range(1, n) if boundary[k] != float("inf")), n]
    best: dict[int, float] = {0: 0.0}
    back: dict[int, int] = {}
    for jc in range(1, len(cuts)):
        j = cuts[jc]
        best[j] = float("inf")
        for ic in range(jc - 1, -1, -1):
            i = cuts[ic]
            cost = segment_cost(seq[i:j], page_layout)
            if cost is None:
                break  # an invalid article stays invalid as it grows leftwards
            total = best[i] + cost + (boundary[i] if i else 0.0)
            if total < best[j]:
                best[j], back[j] = total, i
    segments, j = [], n
    while j > 0:
        segments.append(seq[back[j] : j])
        j = back[j]
    return segments[::-1]
