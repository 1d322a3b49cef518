"""Small synthetic e-paper files in the structure of the Founder (方正) systems, for tests.

The markup follows the two generations described in ../shared/epaper/README.md (classic
`node_N.htm`/`content_N.htm` with the enpproperty trailer; new `newsdetatit` pages and the pad
variant); every word of text is made up here.
"""

from __future__ import annotations

from pathlib import Path

PAPER = "青溪日报"
DATE = "2024-03-08"
PAGES = {"01": "要闻", "02": "综合新闻"}
# content id -> (版次, kicker, headline, subheadline, paragraphs, hotspot coords)
ARTICLES = {
    "5001": (
        "01",
        "聚焦民生实事",
        "青溪镇新建三座口袋公园",
        "",
        [
            "本报讯（记者 王明 通讯员 李华）3月7日，青溪镇三座口袋公园同时开放。",
            "公园总面积约1.2万平方米，配有健身步道和儿童游乐设施。",
        ],
        "10,20,200,20,200,80,10,80,10,20,10,85,200,85,200,160,10,160,10,85",
    ),
    "5002": (
        "01",
        "",
        "南塘村举办春季招聘会",
        "二十余家企业提供岗位三百多个",
        ["本报讯（记者 赵敏）3月6日，南塘村春季招聘会在村文化礼堂举行。", "现场达成就业意向一百二十人。"],
        "210,20,340,20,340,160,210,160",
    ),
    "5003": (
        "02",
        "",
        "东湖街道开展消防演练",
        "",
        ["本报讯 3月5日，东湖街道组织辖区企业开展消防演练。"],
        "5,5,100,5,100,50,5,50",
    ),
}


def _page_links() -> str:
    return "".join(f"<a id=pageLink href=node_{int(no) + 1}.htm>第{no}版：{name}</a><br>" for no, name in PAGES.items())


def _map(page_no: str) -> str:
    areas = "".join(
        f'<Area coords="{coords}" shape="polygon" href="content_{cid}.htm?div=-1">'
        for cid, (no, *_, coords) in ARTICLES.items()
        if no == page_no
    )
    return f'<MAP NAME="PagePicMap">{areas}</MAP><img src=../../../page/01.jpg width=350 height=550 USEMAP=#PagePicMap>'


def classic_article(cid: str) -> str:
    page_no, kicker, headline, subheadline, paragraphs, _ = ARTICLES[cid]
    body = "".join(f"<P>　　{p}</P>" for p in paragraphs)
    titles = "".join(
        f'<a href=content_{other}.htm><div style="display:inline" id=mp{other}>{ARTICLES[other][2]}</div></a>'
        for other in ARTICLES
        if ARTICLES[other][0] == page_no
    )
    return f"""<html><head><meta charset="utf-8"><title>{PAPER}数字报</title></head><body>
<table><tr><td>{_map(page_no)}</td></tr>
<tr><td>第{page_no}版：<STRONG>{PAGES[page_no]}</STRONG></td></tr></table>
<div>{titles}</div>
<table><tr><td class="font02">{kicker}</td></tr><tr><td class="font01">{headline}</td></tr>
<tr><td class="font02">{subheadline}</td></tr></table>
<DIV id=ozoom><founder-content>{body}</founder-content></DIV>
<div id=bmdh>{_page_links()}</div>
</body></html>
<!--enpproperty <founder-date>{DATE}</founder-date><founder-author></founder-author>\
<founder-title>{headline}</founder-title>\
<founder-subtitle>{subheadline}</founder-subtitle><founder-type>1</founder-type><founder-introtitle>{kicker}</founder-introtitle>\
<founder-pagenum>{page_no}</founder-pagenum>\
<founder-papername>{PAPER}</founder-papername> /enpproperty-->
"""


def classic_layout(page_no: str, listed: list[str]) -> str:
    titles = "".join(
        f'<a href=content_{cid}.htm><div style="display:inline" id=mp{cid}>{ARTICLES[cid][2]}</div></a><br>'
        for cid in listed
    )
    return f"""<html><head><meta charset="utf-8"><title>{PAPER}</title></head><body>
{_map(page_no)}
<div>第{page_no}版：<STRONG>{PAGES[page_no]}</STRONG></div>
<div class="title">{titles}</div>
<div>{_page_links()}</div>
</body></html>
<!--enpproperty <founder-date>{DATE} 23:59:59</founder-date><founder-pagenum>{page_no}</founder-pagenum>\
<founder-papername>{PAPER}</founder-papername><founder-type>2</founder-type>\
<founder-content>{PAPER}</founder-content> /enpproperty-->
"""


def new_article(headline: str, subheadline: str, author: str, paragraphs: list[str], page_no: str = "A02") -> str:
    body = "".join(f"<p> {p}</p>" for p in paragraphs)
    return f"""<!DOCTYPE html><html lang="zh-CN"><head><meta charset="utf-8">
<title>{headline}_望江晚报数字报</title></head>
<body><div class="newsdetatit"><p style="text-align:center;"></p><h3>{headline}</h3><p>{subheadline}</p>
<p><span class="Author">版次：{page_no}</span><span>来源：望江晚报&nbsp;&nbsp;2024年05月20日</span></p></div>
<div class="newsdetatext"><founder-content><!--enpcontent-->\
<html><head></head><body>{body}</body></html><!--/enpcontent-->\
<!--enpproperty <date>2024-05-20 00:00:00:0</date><author>{author}</author><subtitle>{subheadline}</subtitle>\
<introtitle></introtitle><paperarticleid>7001</paperarticleid><title>{headline}</title>/enpproperty-->\
</founder-content></div>
</body></html>
"""


def pad_article() -> str:
    return """<div id="scroller"><div class="caption"><p id="nowLayout" class="hide">03</p>
<font id="intro-title">春耕时节</font><font id="main-title">西岭社区田间地头忙播种</font><font id="sub-title"></font>
<font id="author">2024年04月02日</font></div>
<div class="content" id="content"><div><img src="../../../pic/202404/02/a.jpg"></div>
<p>村民在田间播种（记者 刘洋 摄）</p>
<founder-content><!--enpcontent-->\
<p>    本报讯 4月1日，西岭社区的农田里一派繁忙景象。</p><!--/enpcontent-->\
<!--enpproperty <date>2024-04-02 00:00:00:0</date><author></author>\
<title>西岭社区田间地头忙播种</title>/enpproperty-->\
</founder-content></div></div>
"""


def write(folder: Path, name: str, html: str) -> Path:
    path = folder / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(html, encoding="utf-8")
    return path


def pad_fragment(article_id: str, page_no: str, headline: str, paragraph: str) -> str:
    """One article's `#scroller` block of a pad page, as a crawler appends them to one file."""
    return f"""<div id="scroller"><div class="caption"><p id="nowLayout" class="hide">{page_no}</p>
<font id="intro-title"></font><font id="main-title">{headline}</font><font id="sub-title"></font>
<font id="author">2024年04月02日</font></div>
<div class="content" id="content"><founder-content><!--enpcontent--><p>    {paragraph}</p><!--/enpcontent-->\
<!--enpproperty <date>2024-04-02 00:00:00:0</date><author></author><paperarticleid>{article_id}</paperarticleid>\
<title>{headline}</title>/enpproperty--></founder-content></div></div>
"""


# (article id, 版次, headline, paragraph) of a crawler's file of pad fragments, two printed pages' worth
PAD_FRAGMENTS = [
    ("8101", "01", "北坞镇启动老旧小区改造", "本报讯 4月1日，北坞镇十二个老旧小区改造项目同时开工。"),
    ("8102", "01", "石桥村建成共富工坊", "本报讯（记者 陈静）石桥村共富工坊投用，带动村民增收。"),
    ("8103", "02", "城南中学开展科技节活动", "本报讯 3月30日，城南中学第五届科技节开幕，学生展出作品两百余件。"),
]


def pad_fragments() -> str:
    return "".join(pad_fragment(*fragment) for fragment in PAD_FRAGMENTS)
