"""Officials named in an article, read in four steps of one job each: grammar.py compiles the title
grammar of titles.yaml, names.py reads where a name ends, titles.py parses a title and where it
holds office, mentions.py gathers them into official_mentions rows."""

from .grammar import CLAUSE_NOT_ENUMERATION, ENUMERATION, _lexicon
from .mentions import article_officials, official_id
from .names import _reader
from .titles import PaperAndHeadline, own_post, parse_title

__all__ = [
    "CLAUSE_NOT_ENUMERATION",
    "ENUMERATION",
    "PaperAndHeadline",
    "_lexicon",
    "_reader",
    "article_officials",
    "official_id",
    "own_post",
    "parse_title",
]
