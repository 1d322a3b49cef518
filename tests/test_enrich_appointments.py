"""Appointments: every form of appointments.yaml on synthetic sentences, identity shared with officials."""

from datetime import date

import pytest

from gazette.enrich import enrich_articles
from gazette.enrich.appointments import article_appointments, effective_date
from gazette.enrich.officials import article_officials, official_id, own_post
from gazette.papers import profile
from tests import helpers

PINGHU = profile("pinghu")  # the paper these sentences are printed in


def article(body: str, issue_date: date | None = date(2024, 6, 20), **fields) -> dict:
    return helpers.article(body, "p1-001", issue_date=issue_date, **fields)


def events(body: str, **fields) -> list[tuple]:
    a = article(body, **fields)
    mentions = article_officials(a, body, PINGHU)
    return [(r["name"], r["event"], r["post"]) for r in article_appointments(a, body, mentions, PINGHU)]


@pytest.mark.parametrize(
    "body, expected",
    [
        ("市人大常委会会议决定，任命吴立群为平湖市副市长。", [("吴立群", "appointed", "平湖市副市长")]),
        (
            "会议任命吴立群、郑海文为市人民政府副秘书长。",
            [("吴立群", "appointed", "市人民政府副秘书长"), ("郑海文", "appointed", "市人民政府副秘书长")],
        ),
        (
            "会议任命吴立群为市财政局局长、郑海文为市审计局局长。",
            [("吴立群", "appointed", "市财政局局长"), ("郑海文", "appointed", "市审计局局长")],
        ),
        ("会议决定免去吴立群的平湖市副市长职务。", [("吴立群", "removed", "平湖市副市长")]),
        ("会议决定免去吴立群平湖市副市长职务。", [("吴立群", "removed", "平湖市副市长")]),
        ("会议决定接受吴立群辞去平湖市副市长职务的请求。", [("吴立群", "resigned", "平湖市副市长")]),
        ("在昨天的选举中，吴立群当选为市总工会主席。", [("吴立群", "elected", "市总工会主席")]),
        ("大会选举吴立群为平湖市市长。", [("吴立群", "elected", "平湖市市长")]),
        ("主任会议提名吴立群为平湖市副市长人选。", [("吴立群", "nominated", "平湖市副市长")]),
        ("会议决定吴立群为平湖市代理市长。", [("吴立群", "acting", "平湖市代理市长")]),
        (
            "会议决定任命吴立群为平湖市副市长、代理市长。",
            [("吴立群", "appointed", "平湖市副市长"), ("吴立群", "acting", "代理市长")],
        ),
        ("因工作变动，吴立群不再担任平湖市副市长职务。", [("吴立群", "removed", "平湖市副市长")]),
        ("今年3月，吴立群调任嘉兴市发展改革委主任。", [("吴立群", "transferred", "嘉兴市发展改革委主任")]),
        ("原局长退休后，由吴立群接任市交通运输局局长。", [("吴立群", "appointed", "市交通运输局局长")]),
        ("市政协副主席吴立群出席。今年年初，吴立群光荣退休。", [("吴立群", "retired", None)]),
        ("去年，区老年协会换届，蒋乐平当选为会长。", [("蒋乐平", "elected", "会长")]),
        (
            "任命肖芳（女）、吴立群为市中级人民法院审判员。",
            [("肖芳", "appointed", "市中级人民法院审判员"), ("吴立群", "appointed", "市中级人民法院审判员")],
        ),
    ],
)
def test_every_form_reads_names_events_and_posts(body, expected):
    assert events(body) == expected


@pytest.mark.parametrize(
    "body, expected",
    [
        (  # 同志 between the name and 为, two posts joined by 、
            "任命周明华同志为平湖市人民政府副市长、代理市长。",
            [("周明华", "appointed", "平湖市人民政府副市长"), ("周明华", "acting", "代理市长")],
        ),
        ("免去李国强同志平湖市人民政府副市长职务。", [("李国强", "removed", "平湖市人民政府副市长")]),
        ("会议决定免去吴立群的平湖市副市长的职务。", [("吴立群", "removed", "平湖市副市长")]),
        ("王海涛兼任市委政法委书记。", [("王海涛", "concurrent", "市委政法委书记")]),
        (  # the removed person is the subject of 改任
            "免去李国强的市财政局局长职务，改任市审计局局长。",
            [("李国强", "removed", "市财政局局长"), ("李国强", "transferred", "市审计局局长")],
        ),
        ("刘建被镇党委任命为东山村党支部书记。", [("刘建", "appointed", "东山村党支部书记")]),
        (
            "赵敏、钱伟、孙浩当选为市妇联副主席。",
            [
                ("赵敏", "elected", "市妇联副主席"),
                ("钱伟", "elected", "市妇联副主席"),
                ("孙浩", "elected", "市妇联副主席"),
            ],
        ),
        (
            "肖芳（女）、吴立群同志当选为市妇联副主席。",
            [("肖芳", "elected", "市妇联副主席"), ("吴立群", "elected", "市妇联副主席")],
        ),
        (  # 任 alone after a name
            "周明华同志任市委常委、组织部长。",
            [("周明华", "appointed", "市委常委"), ("周明华", "appointed", "组织部长")],
        ),
        (  # the subject carries to the clause after it
            "吴立群任村党支部书记，后兼任村委会主任。",
            [("吴立群", "appointed", "村党支部书记"), ("吴立群", "concurrent", "村委会主任")],
        ),
        ("今年3月，由吴立群调任市交通运输局局长。", [("吴立群", "transferred", "市交通运输局局长")]),
        ("吴立群拟任市民政局局长。", [("吴立群", "nominated", "市民政局局长")]),
        ("市长提请任命吴立群为市民政局局长。", [("吴立群", "nominated", "市民政局局长")]),
        ("因工作变动，吴立群不再担任市发展和改革局局长职务。", [("吴立群", "removed", "市发展和改革局局长")]),
        (  # 和 joins two posts when both sides end in a post word
            "任命吴立群为市财政局局长和市国资委主任。",
            [("吴立群", "appointed", "市财政局局长"), ("吴立群", "appointed", "市国资委主任")],
        ),
        ("去年换届时，当选村委会主任的吴立群有着自己的打算。", [("吴立群", "elected", "村委会主任")]),
        ("返乡青年吴立群，去年当选为村委会副主任。", [("吴立群", "elected", "村委会副主任")]),
        ("吴立群去年全票当选村委会主任。", [("吴立群", "elected", "村委会主任")]),
        ("2015年，萨卡什维利当选该国总统。", [("萨卡什维利", "elected", "该国总统")]),
        # a rarer surname counts when the notice marks the name
        ("任命竹秀英（女）为市中级人民法院审判员。", [("竹秀英", "appointed", "市中级人民法院审判员")]),
        ("吴立群出任市文化局局长。", [("吴立群", "appointed", "市文化局局长")]),
        ("去年5月，吴立群就任平湖市市长。", [("吴立群", "appointed", "平湖市市长")]),
        ("吴立群升任市委副书记。", [("吴立群", "appointed", "市委副书记")]),
        ("吴立群连任村党支部书记。", [("吴立群", "elected", "村党支部书记")]),
        ("吴立群被选举为市政协主席。", [("吴立群", "elected", "市政协主席")]),
        ("吴立群被村民选为村委会主任。", [("吴立群", "elected", "村委会主任")]),
        ("吴立群被党员推举为村支书。", [("吴立群", "elected", "村支书")]),
        ("会议推选吴立群为市工商联主席。", [("吴立群", "elected", "市工商联主席")]),
        ("会议补选吴立群为市人大常委会委员。", [("吴立群", "elected", "市人大常委会委员")]),
        ("吴立群被提名为平湖市副市长候选人。", [("吴立群", "nominated", "平湖市副市长")]),
        ("会议决定罢免吴立群的市人大代表职务。", [("吴立群", "removed", "市人大代表")]),
        ("吴立群不再兼任市国资委主任。", [("吴立群", "removed", "市国资委主任")]),
        ("任命吴立群为国务院副秘书长（正部长级）。", [("吴立群", "appointed", "国务院副秘书长")]),
        ("会议表决通过了任命吴立群为市审计局局长的决定。", [("吴立群", "appointed", "市审计局局长")]),
        (  # the list goes on in the next clause
            "会议选举吴立群为市人大常委会主任，郑海文、柴立新为副主任。",
            [
                ("吴立群", "elected", "市人大常委会主任"),
                ("郑海文", "elected", "副主任"),
                ("柴立新", "elected", "副主任"),
            ],
        ),
        (
            "会议决定任命：吴立群为市财政局局长，郑海文为市审计局局长。",
            [("吴立群", "appointed", "市财政局局长"), ("郑海文", "appointed", "市审计局局长")],
        ),
        (  # 分别 pairs names and posts in order
            "吴立群、郑海文分别当选为市总工会主席、副主席。",
            [("吴立群", "elected", "市总工会主席"), ("郑海文", "elected", "副主席")],
        ),
        (  # 其 is the sentence's subject
            "吴立群同志任平湖市委常委，免去其市财政局局长职务。",
            [("吴立群", "appointed", "平湖市委常委"), ("吴立群", "removed", "市财政局局长")],
        ),
        (
            "会议决定接受徐立、宋海辞去市人大代表职务的请求。",
            [("徐立", "resigned", "市人大代表"), ("宋海", "resigned", "市人大代表")],
        ),
        (
            "吴立群、郑海文等5人当选为市人大代表。",
            [("吴立群", "elected", "市人大代表"), ("郑海文", "elected", "市人大代表")],
        ),
        ("泽连斯基宣誓就任乌克兰总统。", [("泽连斯基", "appointed", "乌克兰总统")]),
        # a vote, a share of it or the election stands between the name and 当选
        ("托卡耶夫以70.96%的得票率当选哈萨克斯坦总统。", [("托卡耶夫", "elected", "哈萨克斯坦总统")]),
        ("吴立群以152票当选为村委会主任。", [("吴立群", "elected", "村委会主任")]),
        ("吴立群在村两委换届选举中当选村党支部书记。", [("吴立群", "elected", "村党支部书记")]),
        ("吴立群第三次当选村委会主任。", [("吴立群", "elected", "村委会主任")]),
        (
            "约翰逊当选保守党党首，并接任首相。",
            [("约翰逊", "elected", "保守党党首"), ("约翰逊", "appointed", "首相")],
        ),
    ],
)
def test_the_forms_of_personnel_notices(body, expected):
    assert events(body) == expected


@pytest.mark.parametrize(
    "body, expected",
    [
        (  # 兼 joins a post held at the same time
            "1946年，吴立群任独立团团长兼政治委员。",
            [("吴立群", "appointed", "独立团团长"), ("吴立群", "concurrent", "政治委员")],
        ),
        (  # 兼 alone as the verb of a clause that carries the subject
            "吴立群任县委书记，后兼县武装部政治委员。",
            [("吴立群", "appointed", "县委书记"), ("吴立群", "concurrent", "县武装部政治委员")],
        ),
        ("次年，吴立群转任市审计局局长。", [("吴立群", "transferred", "市审计局局长")]),
        (
            "吴立群任科员，后又被提升为办公室主任。",
            [("吴立群", "appointed", "科员"), ("吴立群", "appointed", "办公室主任")],
        ),
        ("1950年，吴立群任县人民法院法官。", [("吴立群", "appointed", "县人民法院法官")]),
        ("吴立群当选为市作家协会理事。", [("吴立群", "elected", "市作家协会理事")]),
        # the place where the post is taken up stands between the name and 任
        ("市农业局干部吴立群到东山村任第一书记。", [("吴立群", "appointed", "第一书记")]),
        ("之后，吴立群先后在东湖社区和西湖社区任党总支书记。", [("吴立群", "appointed", "党总支书记")]),
        (
            "1938年，吴立群任第3营营长、团长。",
            [("吴立群", "appointed", "第3营营长"), ("吴立群", "appointed", "团长")],
        ),
        (  # an ellipsis ends the posts
            "2015年，吴立群任市文化馆馆长……从一名普通职员到领导干部，他始终如一。",
            [("吴立群", "appointed", "市文化馆馆长")],
        ),
        # a transliterated name after a word that is none, the time clause after the post cut
        ("这是卡鲁森出任市长后的首次访问。", [("卡鲁森", "appointed", "市长")]),
        ("卡迪姆先生出任该组织秘书长后，双方多次交流。", [("卡迪姆", "appointed", "该组织秘书长")]),
        # a rarer surname that jieba reads as a person's, never only its given name (明达)
        ("部队改编为独立团，洪明达任团长。", [("洪明达", "appointed", "团长")]),
        ("1938年，吴立群任红军第3团团长。", [("吴立群", "appointed", "红军第3团团长")]),  # jieba's word 任红军
        ("吴立群是军校学生，1935年毕业后升任连长。", [("吴立群", "appointed", "连长")]),  # 毕业后 carries
        ("郑海文说，吴立群回国后任团长。", [("吴立群", "appointed", "团长")]),  # an event and 后 stand between
        (  # the subject after what describes it, a name the page confirms
            "吴立群，1910年生。2月，身负重伤的吴立群奉命率部组成独立团，任团政治委员。",
            [("吴立群", "appointed", "团政治委员")],
        ),
        (  # the last two names of a list joined by 和
            "吴立群、郑海文和柴立新当选为村委会委员。",
            [
                ("吴立群", "elected", "村委会委员"),
                ("郑海文", "elected", "村委会委员"),
                ("柴立新", "elected", "村委会委员"),
            ],
        ),
        (  # the page confirms the longer name: 如 is no verb here
            "王竹如同志是本县人。王竹如，1910年生。1937年，王竹如率领一批青年奔赴前线，后任团政治委员。",
            [("王竹如", "appointed", "团政治委员")],
        ),
    ],
)
def test_the_forms_of_biographies(body, expected):
    assert events(body) == expected


@pytest.mark.parametrize(
    "body, expected",
    [
        (  # one pair a line after the notice's heading
            "任命：\n吴立群为市人民政府秘书长；\n柴立新（女）为市财政局局长。\n免去：\n徐立的市审计局局长职务；\n宋海的市民政局局长职务。",
            [
                ("吴立群", "appointed", "市人民政府秘书长"),
                ("柴立新", "appointed", "市财政局局长"),
                ("徐立", "removed", "市审计局局长"),
                ("宋海", "removed", "市民政局局长"),
            ],
        ),
        (
            "二、任命\n吴立群为市人民政府秘书长\n郑海文为市财政局局长",
            [("吴立群", "appointed", "市人民政府秘书长"), ("郑海文", "appointed", "市财政局局长")],
        ),
        (  # a notice of a nominee: the name is the sentence's first clause
            "吴立群（女），汉族，1980年3月出生，大学学历，现任县教育局副局长，拟任县教育局局长。",
            [("吴立群", "nominated", "县教育局局长")],
        ),
        (  # an annotation with a comma inside
            "任命吴立群（女，满族）、郑海文为市人民法院审判员。",
            [("吴立群", "appointed", "市人民法院审判员"), ("郑海文", "appointed", "市人民法院审判员")],
        ),
        ("任命吴立群（回族）为市民族宗教局局长。", [("吴立群", "appointed", "市民族宗教局局长")]),
        ("吴立群因工作调动辞去平湖市市长职务。", [("吴立群", "resigned", "平湖市市长")]),
        (
            "会议决定接受吴立群因个人原因辞去市人大代表职务的请求。",
            [("吴立群", "resigned", "市人大代表")],
        ),
        # a post held concurrently, removed: 兼任的 is no change of its own
        ("会议决定免去吴立群兼任的市国资委主任职务。", [("吴立群", "removed", "市国资委主任")]),
        ("决定任命吴立群为市长助理。", [("吴立群", "appointed", "市长助理")]),
        ("任命穆罕默德·萨勒曼为王储。", [("穆罕默德·萨勒曼", "appointed", "王储")]),
        # two-character surnames, names whose parts a dot joins
        ("欧阳明华当选为市工商联主席。", [("欧阳明华", "elected", "市工商联主席")]),
        ("任命上官文华为市审计局副局长。", [("上官文华", "appointed", "市审计局副局长")]),
        ("会议选举买买提·吐尔逊为自治区政协副主席。", [("买买提·吐尔逊", "elected", "自治区政协副主席")]),
        ("2019年，买买提·吐尔逊当选为村委会主任。", [("买买提·吐尔逊", "elected", "村委会主任")]),
        ("吴立群当选新一届村委会主任。", [("吴立群", "elected", "村委会主任")]),  # the term is no part of the post
        # the post left stands between the name and the verb
        ("吴立群由平湖市委副书记调任嘉兴市副市长。", [("吴立群", "transferred", "嘉兴市副市长")]),
        ("吴立群从市财政局局长调任市审计局局长。", [("吴立群", "transferred", "市审计局局长")]),
        ("吴立群被调任为市交通运输局局长。", [("吴立群", "transferred", "市交通运输局局长")]),
        ("吴立群因涉嫌严重违纪违法，被罢免市人大代表职务。", [("吴立群", "removed", "市人大代表")]),
        ("会议依法罢免了吴立群的市人大代表职务。", [("吴立群", "removed", "市人大代表")]),
        ("县委推荐吴立群同志为平湖镇镇长人选。", [("吴立群", "nominated", "平湖镇镇长")]),
        (  # 新 ends the name 柴立新 here, it is no adverb "newly"
            "郑海文、柴立新当选为副主席。",
            [("郑海文", "elected", "副主席"), ("柴立新", "elected", "副主席")],
        ),
    ],
)
def test_notices_printed_as_lists(body, expected):
    assert events(body) == expected


@pytest.mark.parametrize(
    "body",
    [
        "比赛中，当选手冲过终点时，观众欢呼。",  # 当选 inside 当|选手
        "他有段时间还兼任村委会主任。",  # 段 is a surname, 段时间 no name
        "会上，郑重地被任命为调解委员会主任的是一位老党员。",  # an adverb in 地 before 被任命为
        "在江山市当选为人大代表的有五人。",  # a place before 当选
        "张海以152票当选为村委会主任。",  # a vote count between the name and 当选
        "本报记者吴立群，兼任编辑部主任。",  # a byline is never the subject
        "他调任市交通运输局局长，任期五年。",  # 任期 is not 任
        "她担任村委会主任多年。",  # 担任 is no change
        "吴立群接替郑海文出任市委书记。",  # the name before the verb is the predecessor
        "他被选为学生会主席。",  # a pronoun is no name
        "吴立群、郑海文分别当选为市总工会主席。",  # 分别 with counts that differ pairs nothing
        "市农业局干部到南王庄村任第一书记。",  # a village before 任 is no name
        "在那次战役中，曾率部在山头与敌军激战三天，后升任团长。",  # 曾 "once" opens no name
        "起义后，任红5军团政治委员，后任师长。",  # 任 and a post open the clause, no name 任红
        "1934年1月任红5军团政治部主任，后任师长。",  # nor when a post word (主任) holds 任 again
        "他兼顾村委会主任的工作。",  # 兼 inside 兼顾
        "吴立群任教多年的学校校长。",  # 任 inside 任教
        "村民阿不来提·艾买提当选为村委会主任。",  # not 艾买提, nor 村民阿不来提·艾买提
        "任命村民买买提·吐尔逊为村委会主任。",  # a common word opens no dotted name
        "中国·平湖当选为全国文明城市。",  # a place is no part of a name
        "网友推荐这家店为必去餐厅。",  # 推荐 with no name and no post
        "郑海文是军校学生，吴立群到延安后任团长。",  # 吴立群到 is a name and a word
        "吴立群的女儿郑海文毕业后，任村党支部书记。",  # 吴立群 owns the subject, is none
        "刘师傅当选为车间主任。",  # a surname and a form of address is no name
        "村民李大爷当选为村民代表。",
        "该国王储兼副首相、国防大臣将于下周访华。",  # 王储 is a title
        "他与战友一起创建了红五军，任红五军政治委员。",  # a unit jieba tags as a person's is no subject
    ],
)
def test_no_junk_names(body):
    assert [row for row in events(body) if row[0] != "张海"] == []


@pytest.mark.parametrize(
    "body",
    [
        "新政策免去了群众来回奔波的烦恼。",  # 免去 with no name
        "作品获得国际大奖提名。",  # 提名 with no one named
        "她当选为年度最受欢迎的志愿者。",  # no name before, no post after
        "会议决定于下月召开全体会议。",  # 决定 with no name
        "他在村里干了二十年，连续三届当选为镇人大代表。",  # 连续三届 is no name
        "家住城东的孙先生退休以后迷上了书法。",  # retired, but no official named
        "今年年初，吴立群光荣退休。",  # a retirement counts for officials the article names with a title
    ],
)
def test_sentences_without_an_appointment_give_nothing(body):
    assert events(body) == []


def test_identity_follows_the_officials_rule():
    [row] = article_appointments(article("会议决定免去吴立群的嘉兴市副市长职务。"), "", paper=PINGHU)
    assert row["jurisdiction"] == "嘉兴市" and row["official_id"] == official_id("吴立群", "嘉兴市")
    assert row["title"] == "副市长"  # a post of 嘉兴市 (its jurisdiction)
    # A bare post takes the jurisdiction this article's mentions give the name.
    body = "嘉兴市副市长吴立群出席会议。会议任命吴立群为代理市长。"
    rows = enrich_articles([article(body)], PINGHU)
    [appointment] = rows["appointments"]
    [mention] = rows["official_mentions"]
    assert appointment["official_id"] == mention["official_id"] == official_id("吴立群", "嘉兴市")
    # With no mention, a bare post is the paper's own city's, as officials/titles.py assumes.
    [row] = article_appointments(article("会议任命吴立群为代理市长。"), "", paper=PINGHU)
    assert row["jurisdiction"] == "平湖市" and row["event"] == "acting"
    # On a page of no known paper, a bare post has no jurisdiction: never another paper's city.
    [row] = article_appointments(article("会议任命吴立群为代理市长。"), "")
    assert row["jurisdiction"] is None


def test_a_title_printed_with_its_own_place_is_one_post_with_the_bare_title():
    assert own_post("平湖市副市长", "平湖市") == "副市长"
    assert own_post("平湖市委书记", "平湖市") == "市委书记"
    assert own_post("平湖市人大常委会主任", "平湖市") == "市人大常委会主任"
    assert own_post("嘉兴市副市长", "平湖市") == "嘉兴市副市长"  # held elsewhere: the place stays
    assert own_post("副市长", "平湖市") == "副市长"


def test_the_sentence_and_its_date_are_kept():
    body = "会议听取了报告。会议决定，自2024年6月18日起，任命吴立群为平湖市代理市长。会议还审议了其他事项。"
    [row] = article_appointments(article(body), body, paper=PINGHU)
    assert row["sentence"] == "会议决定，自2024年6月18日起，任命吴立群为平湖市代理市长。"
    assert row["effective"] == date(2024, 6, 18)
    assert row["char_offset"] == body.index("任命")
    assert row["issue_date"] == date(2024, 6, 20) and row["page_id"] == "p1"
    [row] = article_appointments(article("会议任命吴立群为平湖市副市长。"), "", paper=PINGHU)
    assert row["effective"] is None


def test_effective_dates():
    assert effective_date("6月18日，会议任命…", date(2024, 6, 20)) == date(2024, 6, 18)
    assert effective_date("6月18日，会议任命…", None) is None
    assert effective_date("2月30日，会议任命…", date(2024, 6, 20)) is None


def test_a_headline_counts_and_repeats_are_one_row():
    rows = article_appointments(
        article("会议任命吴立群为平湖市代理市长。", headline="吴立群任平湖市代理市长"),
        "",
    )
    assert len(rows) == 1
    body = "会议任命吴立群为平湖市代理市长。任命吴立群为平湖市代理市长的决定即日生效。"
    assert len(article_appointments(article(body), body)) == 1


@pytest.mark.parametrize(
    "body, public",
    [
        ("会议任命吴立群为平湖市副市长。", True),
        ("去年换届，吴立群当选为村委会主任。", True),
        ("吴立群辞去第十四届全国人民代表大会代表职务。", True),
        ("集团董事会决定任命吴立群为采购部部长。", False),  # a company's department head
        ("县教育局任命吴立群为县第一中学校长。", False),
        ("吴立群当选为市书法家协会会长。", False),
        ("吴立群当选为副主任。", False),  # a bare post names no public body
    ],
)
def test_public_office_is_read_from_the_post_and_its_clause(body, public):
    a = article(body)
    [row] = article_appointments(a, body, article_officials(a, body, PINGHU), PINGHU)
    assert row["public_office"] is public


def test_a_bare_post_in_a_list_takes_the_public_body_of_its_clause():
    body = "免去吴立群的市中级人民法院副庭长、审判员职务。"
    rows = article_appointments(article(body), body, paper=PINGHU)
    assert [(r["post"], r["public_office"]) for r in rows] == [("市中级人民法院副庭长", True), ("审判员", True)]
