"""Which posts are public offices: the Party, the state, a people's congress, the CPPCC, a village or
community committee (CONTRACT.md, appointments.public_office), read from titles.yaml's body lists."""

from __future__ import annotations

from functools import cache
from typing import Any

from .title_rules import title_rules


@cache
def _offices() -> dict[str, Any]:
    r = title_rules()
    return {"public": r.public_bodies, "not_public": r.not_public_bodies, "posts": r.public_posts}


def public_office(post: str, context: str = "") -> bool:
    """Whether `post` is a public office; `context` is the clause it is printed in, whose bodies
    count as the post's own (集团…任命张三为采购部部长: the company's; 免去张三的某法院副庭长、审判员
    职务: the court's)."""
    o = _offices()
    text = post + context
    if any(word in text for word in o["not_public"]):
        return False
    return post.endswith(o["posts"]) or any(word in text for word in o["public"])
