"""Who a personnel sentence names: a name starts and ends where a word of the sentence does,
opens with a known surname (or is a transliterated foreign name) and is never a byline.

The officials' NameReader says whether a string is shaped like a name; this module adds what a
change of office needs: that the span cuts no word of the sentence (jieba's dictionary
segmentation), and that a name written before its verb is found whole (张三、李四当选为).
A junk name is a worse error than a missed one: every reading here can only refuse.
"""

from __future__ import annotations

import re
from dataclasses import asdict
from functools import cache
from typing import TYPE_CHECKING, Any

from gazette.text import is_cjk

from .appointment_rules import appointment_rules
from .lexicon import pos_tagged, segmenter, tagged_word, word_tags
from .officials import ENUMERATION, _lexicon
from .officials.names import NameReader
from .text import CLAUSE_BREAK

if TYPE_CHECKING:
    import jieba.posseg

POSSESSIVE = "的"


@cache
def _names_grammar() -> dict[str, Any]:
    r = asdict(appointment_rules())  # checked when read
    between = "|".join(f"(?:{p})" for p in r["between"])
    joiners = r["name_joiners"]
    return {
        "annotation_re": re.compile("|".join(f"(?:{p})" for p in r["name_annotations"])),
        "between_end_re": re.compile(f"(?:{between})$"),
        "place_end_re": re.compile("(?:" + "|".join(f"(?:{p})" for p in r["place_phrases"]) + ")$"),
        "surname_not_as": tuple(r["surname_not_as"]),
        "double_surnames": frozenset(r["double_surnames"]),
        "forms_of_address": frozenset(r["forms_of_address"]),
        "dotted_end_re": re.compile(f"[^，。；：、\\s]+(?:[{joiners}][^，。；：、{joiners}\\s]+)+$"),
        "joiners_re": re.compile(f"[{r['name_joiners']}]"),
        "between_start_re": re.compile(f"^(?:{between})"),
        "carry_openers": sorted(r["carry_openers"], key=len, reverse=True),
        "event_ends": tuple(r["event_ends"]),
        "name_conjunctions": tuple(r["name_conjunctions"]),
        "not_subject_after": tuple(r["not_subject_after"]),
        "given_name_max_freq": r["given_name_max_freq"],
        "transliteration": set(r["transliteration"].replace(" ", "").replace("\n", "")),
        "marked_surnames": set(r["marked_surnames"]),
        "extra_post_re": re.compile("|".join(map(re.escape, r["extra_posts"]))),
    }


@cache
def word_starts(text: str) -> frozenset[int]:
    """Where the words of `text` start, by jieba's dictionary alone (an unknown name falls apart
    into single characters, so a span cutting a known word shows)."""
    starts, pos = set(), 0
    for word in segmenter().lcut(text, HMM=False):
        starts.add(pos)
        pos += len(word)
    starts.add(pos)
    return frozenset(starts)


def glued_to_next_word(text: str, end: int) -> bool:
    """A common word of jieba's dictionary runs across `end` (任|期, 兼|顾); not a rare one, such as
    the names and places it holds by the thousand (任红军第3团团长, 任县人民法院法官: 任 and a post)."""
    starts = word_starts(text)
    if end in starts:
        return False
    word = text[max(s for s in starts if s < end) : min(s for s in starts if s > end)]
    return segmenter().FREQ.get(word, 0) >= _lexicon()["common_word_freq"]


def whole_word(text: str, start: int, end: int) -> bool:
    """The span [start, end) of `text` begins and ends where jieba's words do."""
    starts = word_starts(text)
    return start in starts and end in starts


def is_name(reader: NameReader, name: str) -> bool:
    """Shaped like a Chinese name to the officials' reader, no title in it (原局长, 老书记), and not
    four characters opening with a common word (连续三届 before 当选为); or three or four characters
    after a two-character surname (欧阳明华)."""
    if name[:2] in _names_grammar()["double_surnames"]:
        return 3 <= len(name) <= 4 and all(is_cjk(c) for c in name) and not _titled(reader, name)
    if not reader.plausible(name) or _lexicon()["post_re"].search(name):
        return False
    if _names_grammar()["extra_post_re"].search(name):
        return False  # 党首 after 保守党: a post of appointments.yaml's own
    if len(name) == 3 and segmenter().FREQ.get(name[1:], 0) >= _names_grammar()["given_name_max_freq"]:
        return False  # 段时间 in 有段时间还兼任: a surname glued to one of the commonest words
    first = segmenter().lcut(name, HMM=False)[0]
    if len(name) > len(first) > 1 and reader._common_word(first):
        return False  # 郑重地 before 被任命为: a word and the character after it
    if len(name) >= 3 and word_tags().get(name, "").startswith("ns"):
        return False  # a place before 当选 (江山市)
    if len(name) == 4 and not word_tags().get(name, "").startswith("nr"):
        return False  # 李四回国, 吴立群到: one surname and three characters is a name jieba knows, or none
    if name[1:] in _names_grammar()["forms_of_address"]:
        return False  # 刘师傅: a surname and a form of address
    return len(name) < 4 or not reader._common_word(name[:2])


def _titled(reader: NameReader, name: str) -> bool:
    """A post in it, or a common word: no name."""
    return _has_post(name) or reader._common_word(name)


def _has_post(text: str) -> bool:
    return bool(_lexicon()["post_re"].search(text) or _names_grammar()["extra_post_re"].search(text))


def is_dotted_name(reader: NameReader, name: str) -> bool:
    """A foreign or minority name whose parts a dot joins (买买提·吐尔逊): two to four parts of one to
    seven Chinese characters each, no post and no place jieba knows in any (中国·平湖 is a brand), the
    first at most four and not opening with a common word (村民|买买提·吐尔逊)."""
    parts = _names_grammar()["joiners_re"].split(name)
    tags = word_tags()
    first = parts[0]
    if len(first) > 4 or (len(first) >= 3 and reader._common_word(first[:2])):
        return False
    return 2 <= len(parts) <= 4 and all(
        1 <= len(p) <= 7 and all(is_cjk(c) for c in p) and not _has_post(p) and not tags.get(p, "").startswith("ns")
        for p in parts
    )


def is_marked_name(reader: NameReader, name: str) -> bool:
    """A name a formal notice marks with （女） or 同志 (竹某某（女）): the mark says it is a name, so a
    surname left out of the officials' list for opening ordinary words counts too."""
    surnames = _lexicon()["surnames"] | _names_grammar()["marked_surnames"]
    return (
        2 <= len(name) <= 3
        and all(is_cjk(c) for c in name)
        and name[0] in surnames
        and name not in _lexicon()["not_names"]
        and not reader._common_word(name)
        and not _lexicon()["post_re"].search(name)
    )


def is_transliterated(word: str) -> bool:
    """A foreign name written in transliteration characters (泽曼, 迪亚斯—卡内尔): each word jieba
    finds in it is a name (什维利), and the whole is no common word but a name (阿根廷, 巴西)."""
    parts = re.split("[·—－-]", word)
    g = _names_grammar()
    tags = word_tags()
    return (
        2 <= len(word) <= 10
        and all(2 <= len(p) <= 5 and all(c in g["transliteration"] for c in p) for p in parts)
        and all(len(w) == 1 or tags.get(w, "").startswith("nr") for p in parts for w in segmenter().lcut(p, HMM=False))
        and all(
            segmenter().FREQ.get(p, 0) < _lexicon()["common_word_freq"] or tags.get(p, "").startswith("nr")
            for p in parts
        )
    )


def strip_annotations(text: str) -> str:
    """`text` without the notes formal notices write after a name (（女）, 同志)."""
    return _names_grammar()["annotation_re"].sub("", text)


def byline(text: str, start: int) -> bool:
    """The name at `start` follows a reporter's or source's word (本报记者 张三)."""
    return text[:start].rstrip().endswith(_names_grammar()["not_subject_after"])


def strip_between(head: str) -> str:
    """`head` without the words that may stand between a name and its verb (同志, 全票, 去年…) and
    the place where the post is taken up (到西林村). A word that jieba reads as the end of a name is
    kept (柴立新|当选: not 柴立 and 新 "newly")."""
    g = _names_grammar()
    while True:
        if (event := _event_start(head)) is not None:
            head = head[:event]  # 张三回国后任…: an event and 后 stand between too
            continue
        found = g["between_end_re"].search(head) or g["place_end_re"].search(head)
        if not found or not found.group(0) or found.start() not in _tagged_word_starts(head):
            return head
        head = head[: found.start()]


def _event_start(head: str) -> int | None:
    """Where one word for an event and 后 end `head` (回国后, 毕业以后), or None."""
    for end in _names_grammar()["event_ends"]:
        if head.endswith(end):
            words = segmenter().lcut(head[: -len(end)], HMM=False)
            if words and _one_event_word(words[-1]):
                return len(head) - len(end) - len(words[-1])
    return None


@cache
def _tagged_word_starts(text: str) -> frozenset[int]:
    """Where the words of `text` start in jieba's tagged reading (which joins an unknown name)."""
    starts, pos = {0}, 0
    for word in pos_tagged(text):
        pos += len(word.word)
        starts.add(pos)
    return frozenset(starts)


def surname_read_as_word(text: str, start: int) -> bool:
    """jieba reads the character at `start` as a word of its own that opens no name: an adverb, a
    preposition or a pronoun (曾|率部 "once led", 于|是): the span from it is no name."""
    pos = 0
    for word in pos_tagged(text):
        if pos == start:
            return len(word.word) == 1 and word.flag.startswith(_names_grammar()["surname_not_as"])
        pos += len(word.word)
        if pos > start:
            return False
    return False


def strip_leading_time(clause: str) -> str:
    """`clause` without the time words and adverbs opening it (2017年伍晓林…, 去年张三…)."""
    g = _names_grammar()
    while found := g["between_start_re"].match(clause):
        if not found.group(0):
            break
        clause = clause[found.end() :]
    return clause


def opens_without_subject(head: str) -> bool:
    """The verb's clause has nothing before the verb but connectors (后, 并, 同时) or time words, or
    one word for an event and 后 (毕业后升任…: the subject is the sentence's)."""
    g = _names_grammar()
    event = next((head[: -len(e)] for e in g["event_ends"] if head.endswith(e)), None)
    if event and _one_event_word(strip_leading_time(event)):
        return True
    head = strip_between(head)
    while head:
        word = next((w for w in g["carry_openers"] if head.endswith(w)), None)
        if not word:
            break
        head = strip_between(head[: -len(word)])
    return not head


def _one_event_word(text: str) -> bool:
    """`text` is one word of jieba's dictionary and no name (毕业, 回国; not 李四)."""
    tag = word_tags().get(text, "")
    return len(text) >= 2 and segmenter().lcut(text, HMM=False) == [text] and not tag.startswith("nr")


def names_before(reader: NameReader, sentence_head: str) -> list[str]:
    """The names that end `sentence_head` (what precedes the verb, `between` words removed): one
    name, or a list of them joined by 、 that fills its clause (赵敏、钱伟、孙浩当选为)."""
    head = strip_between(strip_annotations(sentence_head))
    start = len(head)
    while start > 0 and (head[start - 1] not in CLAUSE_BREAK or head[start - 1] == ENUMERATION):
        start -= 1
    clause = head[start:]
    if not clause:
        return []
    pieces = clause.split(ENUMERATION)
    for word in _names_grammar()["name_conjunctions"]:  # 张三和李四当选为: the last two joined by 和
        left, found, right = pieces[-1].rpartition(word)
        if found and is_name(reader, right) and (is_name(reader, left) or len(pieces) == 1):
            pieces = [*pieces[:-1], left, right]
            break
    last = _name_ending(reader, pieces[-1])
    if not last:
        return []
    if len(pieces) == 1:
        return [last]
    earlier = pieces[:-1]
    # The first piece may open with the words before the list (接受张三、李四辞去): its name ends it.
    first = earlier[0] if is_name(reader, earlier[0]) else _name_ending(reader, earlier[0])
    if pieces[-1] == last and first and all(is_name(reader, p) for p in earlier[1:]):
        return [first, *earlier[1:], last]
    return [last]


def _name_ending(reader: NameReader, clause: str, evidenced: bool = True) -> str | None:
    """The name ending `clause`: the whole clause when it is one, else the last word, which must
    start where a word of the clause starts and not follow a byline word. `evidenced`: a name the
    officials' surnames miss may end it too (right before a verb, not as an apposition)."""
    if dotted := _names_grammar()["dotted_end_re"].search(clause):
        return _dotted_ending(reader, clause, dotted.start())
    if is_name(reader, clause) or is_transliterated(strip_leading_time(clause)):
        return strip_leading_time(clause) if not is_name(reader, clause) else clause
    for length in (3, 2):
        start = len(clause) - length
        name = clause[start:]
        if start >= 0 and is_name(reader, name) and whole_word(clause, start, len(clause)):
            if _inside_transliteration(clause, start) or _after_lone_surname(clause, start):
                break  # 克|鲁森, 洪|明达: the tail of a longer name, read whole below
            return None if byline(clause, start) or surname_read_as_word(clause, start) else name
    return _evidenced_name_ending(reader, clause) if evidenced else None


def _dotted_ending(reader: NameReader, clause: str, start: int) -> str | None:
    """The dotted name ending `clause` from `start`: whole when it opens the clause (after time
    words) or is all transliteration characters after a word that is not (书记|劳尔·卡斯特罗); never
    its last part alone (艾买提 of 阿不都热依木·艾买提)."""
    body = strip_leading_time(clause)
    if body == clause[start:] and is_dotted_name(reader, body) and not byline(clause, start):
        return body
    letters = _names_grammar()["transliteration"] | set(_names_grammar()["joiners_re"].pattern[1:-1])
    start = len(clause)
    while start > 0 and clause[start - 1] in letters:
        start -= 1
    name = clause[start:]
    if start > 0 and is_dotted_name(reader, name) and is_transliterated(_names_grammar()["joiners_re"].sub("·", name)):
        return None if byline(clause, start) else name
    return None


def _evidenced_name_ending(reader: NameReader, clause: str) -> str | None:
    """A name ending `clause` that the officials' surnames miss: one jieba tags as a person's in its
    clause, with a surname of `marked_surnames` (洪振海), or a transliterated name after a word that
    is not (这是|克鲁森); never a place jieba knows."""
    words = pos_tagged(clause)
    if not words:
        return None
    if len(words) >= 2 and _lone_surname(words[-2]) and len(words[-1].word) <= 2:
        words = [*words[:-2], tagged_word(words[-2].word + words[-1].word, "nr")]  # 洪|明达
    last = words[-1]
    start = len(clause) - len(last.word)
    rarer = last.word[0] in _names_grammar()["marked_surnames"]  # is_name has judged the others
    if rarer and last.flag.startswith("nr") and is_marked_name(reader, last.word) and not byline(clause, start):
        return last.word
    letters = _names_grammar()["transliteration"]
    start = len(clause)
    while start > 0 and clause[start - 1] in letters:
        start -= 1
    name = clause[start:]
    if not (start > 0 and is_transliterated(name) and whole_word(clause, start, len(clause))):
        return None
    place = word_tags().get(name, "").startswith("ns")
    return None if place or byline(clause, start) else name


def _lone_surname(word: jieba.posseg.pair) -> bool:
    """jieba's word is one character it tags as a person's: a surname standing apart from its given name."""
    return len(word.word) == 1 and word.flag.startswith("nr")


def _after_lone_surname(text: str, start: int) -> bool:
    """The span from `start` follows a surname jieba reads apart (洪|明达): it is a given name only."""
    pos = 0
    for word in pos_tagged(text):
        pos += len(word.word)
        if pos == start:
            return _lone_surname(word)
        if pos > start:
            return False
    return False


def _inside_transliteration(text: str, start: int) -> bool:
    """The span from `start` is the tail of a longer foreign name (泽|连斯基): it and the character
    before it are all transliteration characters."""
    letters = _names_grammar()["transliteration"]
    return start > 0 and all(c in letters for c in text[start - 1 :])


def name_opening(reader: NameReader, clause: str) -> str | None:
    """The name that opens `clause` after its time words (2017年伍晓林又去…), or that the clause
    ends with as an apposition (返乡青年李爱民): the subject a later clause may carry on."""
    body = strip_leading_time(strip_annotations(clause))
    name = _confirmed(reader, body, 0, reader.name_at(body, 0))
    if name and is_name(reader, name) and whole_word(body, 0, len(name)):
        possessor = body.startswith(POSSESSIVE, len(name))  # 张三的女儿…: not the subject
        return None if possessor or surname_read_as_word(body, 0) else name
    if body and (name := _name_ending(reader, body, evidenced=False)) and len(body) > len(name):
        return name
    described = body.find(POSSESSIVE)  # 身负重伤的刘英奉命…: the subject after what describes it
    name = _confirmed(reader, body, described + 1, name_after(reader, body, described + 1)) if described > 0 else None
    confirmed = name and reader.support(name)  # the page writes it as a name elsewhere: a weaker reading
    return name if confirmed and not is_name(reader, body[:described]) else None


def _confirmed(reader: NameReader, text: str, start: int, name: str | None) -> str | None:
    """`name` (read at `start`), or the reading one character shorter or longer that the page
    confirms more often (李竹如率领: not 李竹 and 如; 刘英奉命: not 刘英奉)."""
    if not name:
        return None
    readings = [text[start : start + len(name) + n] for n in (-1, 0, 1)]
    readings = [r for r in readings if len(r) >= 2 and reader.plausible(r)]
    return max(readings, key=lambda r: (reader.support(r), r == name)) if name in readings else name


def name_after(reader: NameReader, text: str, pos: int) -> str | None:
    """The name starting at `pos` (当选村委会主任的|张三), whole words only: the officials' reading, else
    three or two characters that a word of two or more characters follows (张三|有着)."""
    rest = text[pos:]
    name = reader.name_at(rest, 0)
    if name and is_name(reader, name) and whole_word(rest, 0, len(name)):
        return name
    words = segmenter().lcut(rest, HMM=False)
    for length in (3, 2):
        ends = [len("".join(words[:n])) for n in range(len(words) + 1)]
        if length in ends and is_name(reader, rest[:length]):
            following = words[ends.index(length)] if ends.index(length) < len(words) else ""
            if len(following) >= 2 and not byline(text, pos):
                return rest[:length]
    return None
