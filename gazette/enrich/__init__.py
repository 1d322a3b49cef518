"""ENRICH: officials, economic figures, topics, keywords and places from articles.

    officials/ + titles.yaml     officials named with a title, a 市领导 list or 习近平总书记
                 (title_rules.py: titles.yaml as a dataclass, checked when read)
    appointments.py + appointments.yaml   changes of office (appointment_rules.py: its dataclass)
    registry.py                  resolve_officials: one row per person across pages;
                                 join_placeless: one with no place joins its namesake
    figures.py + units.yaml      number + unit figures, exclusions, percentages, ranges
                 (units.py: units.yaml as a dataclass, checked when read)
               + metrics.yaml    metric synonyms, the words around a metric, growth/share words,
                                 subjects (metrics.py: metrics.yaml as a dataclass)
    periods.py + periods.yaml    a figure's period as printed, resolved with the issue date
    topics.py + topics.yaml      topic taxonomy scores and jieba TF-IDF keywords
    places.py + places.yaml      towns, streets, villages, communities, zones
    lexicon.py, text.py          YAML loading (once per process), jieba, text helpers

What counts as a title, a unit or a topic lives in the YAML files, so it can be read
and changed without touching code. Nothing here reads gold labels or downloads
anything; jieba's bundled dictionary is the only model.
"""

from gazette.enrich.articles import enrich_articles
from gazette.enrich.registry import Namesake, join_placeless, resolve_officials
from gazette.tables import ENRICHMENT_TABLES

__all__ = ["ENRICHMENT_TABLES", "Namesake", "enrich_articles", "join_placeless", "resolve_officials"]
