"""The jurisdiction check: synthetic articles from several papers (a county-level city's, a
prefecture city's, a national one, an unknown one), each mention's true jurisdiction known.
Goal: officials P >= 0.95, R >= 0.90, wrong jurisdiction under 2% of mentions, no reporter
or villager taken. Every title stored, here and on the seeds, is a title by the grammar."""

import random

from gazette.enrich import enrich_articles
from gazette.enrich.officials import PaperAndHeadline, parse_title
from gazette.enrich.text import CLAUSE_BREAK
from gazette.enrich.title_rules import title_rules
from gazette.papers import profile
from gazette.pipeline import process_page
from tests.helpers import SEEDS, article

CAST = [
    "郑立",
    "黄一鸣",
    "吴国平",
    "陈红梅",
    "李建国",
    "王小明",
    "赵卫东",
    "孙志远",
    "钱立新",
    "周小平",
    "吴家明",
    "杨春",
    "林大海",
    "方芳",
    "梁一平",
    "陈水根",
    "许文涛",
    "韩志刚",
    "唐晓燕",
    "冯国栋",
    "邓雪梅",
    "曹建明",
    "彭丽华",
    "曾凡荣",
    "蒋海涛",
    "蔡文静",
    "魏振华",
    "吕一帆",
    "丁建军",
    "沈卫红",
]
VILLAGERS = ["刘大山", "马小红", "朱二虎"]
REPORTERS = ["徐晓", "胡明月"]
OTHER_CITIES = ["东莞", "苏州", "青岛", "洛阳"]
VILLAGES = ["新丰村", "红星村", "石桥村"]

# (sentence with {a} {b} for names, {c} for another city, {v} a village, {x} a villager;
#  the jurisdiction of {a} and {b}: "home" = the paper's 市, "province" = its 省, else a template).
TEMPLATES = [
    ("市委书记{a}主持会议并讲话。", "home"),
    ("{c}市委书记{a}一行来访。", "{c}市"),
    ("省委书记{a}出席会议。", "province"),
    ("{a}、{b}等市领导出席活动。", "home"),
    ("市人大常委会副主任{a}、{b}参加会议。", "home"),
    ("{v}党支部书记{a}介绍，村民{x}说，日子越过越好。", "{v}"),
    ("记者来到原市政协主席{a}家中。", "home"),
    ("会议决定任命{a}同志为市人民政府副市长。", "home"),
    ("{a}副市长在会上讲话。", "home"),
    # On a local paper a bare 市长 is its own (at a meeting held elsewhere); with no home, the city named.
    ("在{c}市召开的会议上，市长{a}说，要抓好落实。", "home or {c}市"),
]


def truth(where: str, paper, slots: dict) -> str | None:
    if where == "home":
        return paper.home.name if paper and paper.home else None
    if where == "home or {c}市":
        return truth("home", paper, slots) if paper and paper.home else truth("{c}市", paper, slots)
    if where == "province":
        return paper.jurisdictions[-1].name if paper and paper.jurisdictions else None
    return where.format(**slots)


def mixed_pages(seed: int = 14, articles_per_paper: int = 40):
    """[(paper, article, {name: true jurisdiction})]: four sentences an article, names drawn without repeats."""
    rng = random.Random(seed)
    out = []
    for paper_id in ("pinghu", "rizhao", "renmin", None):
        paper = profile(paper_id)
        for n in range(articles_per_paper):
            cast, expected, sentences = rng.sample(CAST, len(CAST)), {}, []
            for template, where in rng.sample(TEMPLATES, 4):
                if where == "{c}市" and any(w == "{c}市" for _, w in sentences):
                    continue
                slots = {"a": cast.pop(), "b": cast.pop(), "c": rng.choice(OTHER_CITIES)}
                slots |= {"v": rng.choice(VILLAGES), "x": rng.choice(VILLAGERS)}
                sentences.append((template.format(**slots), where))
                for key in ("a", "b"):
                    if "{" + key + "}" in template:
                        expected[slots[key]] = truth(where, paper, slots)
            body = f"本报记者{rng.choice(REPORTERS)}报道，" + "".join(s for s, _ in sentences)
            a = article(body, f"{paper_id}-{n}", page_id=f"{paper_id}-{n}", reporters=REPORTERS)
            out.append((paper, a, expected))
    return out


def test_mixed_papers_jurisdictions_and_recall():
    found = true = hit = wrong = 0
    taken = set()
    for paper, a, expected in mixed_pages():
        mentions = enrich_articles([a], paper)["official_mentions"]
        got = {m["name"]: m["jurisdiction"] for m in mentions}
        found, true = found + len(got), true + len(expected)
        hit += len(got.keys() & expected.keys())
        wrong += sum(got[n] != expected[n] for n in got.keys() & expected.keys())
        taken |= got.keys() & {*VILLAGERS, *REPORTERS}
    assert not taken
    assert hit / found >= 0.95 and hit / true >= 0.90, (hit, found, true)
    assert wrong / hit < 0.02, wrong


def is_title(title: str) -> bool:
    """A chain piece as stored: it parses by the grammar, ends in a post or a group head, and holds
    no break, no verb of a report and no particle of another clause."""
    r = title_rules()
    verbs = [w for w in (*r.clause_words, *r.name_followers) if len(w) > 1 and w not in r.posts]
    own = title[1:] if title[0] in r.own_markers else title  # 我市领导
    return (
        not set(own) & (CLAUSE_BREAK | set(r.not_in_names))
        and not any(verb in title for verb in verbs)
        and (title.endswith(r.group_head) or parse_title(title, PaperAndHeadline(profile("pinghu"), "")) is not None)
    )


def test_every_stored_title_is_a_title():
    titles = {t for seed in SEEDS for m in process_page(seed)["official_mentions"] for t in m["titles"]}
    for paper, a, _ in mixed_pages(articles_per_paper=10):
        titles |= {t for m in enrich_articles([a], paper)["official_mentions"] for t in m["titles"]}
    assert len(titles) > 30
    assert [t for t in titles if not is_title(t)] == []
    assert not is_title("郑立会见了由东莞市委书记") and not is_title("开幕式由大会执行主席")
