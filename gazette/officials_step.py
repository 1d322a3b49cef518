"""The warehouse-wide officials step: the officials and official_titles tables, resolved from the
mentions of every stored page.

Unlike the page steps (pipeline.py), it reads the warehouse: it runs once a run (or a Dagster
materialisation) after the pages, and resolves again only the people a changed page names. An
official with no place joins its namesake (enrich.join_placeless) by what every page naming that
name says, so the officials of a name some page names with no place are resolved again whole,
whatever order their pages came in.
"""

from __future__ import annotations

import pyarrow as pa
import pyarrow.compute as pc

from gazette import enrich, papers
from gazette.enrich.officials import official_id, own_post
from gazette.tables import GLOBAL_TABLES, to_arrow
from gazette.warehouse import GLOBAL_SOURCES_SCHEMA, VERSION_SCHEMA, Warehouse

# Mentions resolved at a time (whole pages): what bounds the Python rows held at once.
MENTION_BATCH_ROWS = 100_000
# The official_mentions columns enrich.resolve_officials reads: only these become Python rows
# (half the time of every column, at 100,000 mentions a batch).
RESOLVED_FROM = (
    "official_id",
    "name",
    "jurisdiction",
    "issue_date",
    "article_id",
    "status",
    "congress_member",
    "titles",
    "title",
)


def refresh_officials(warehouse: Warehouse) -> dict[str, pa.Table]:
    """Bring officials and official_titles up to date with every stored page's mentions (kept pages too).

    Resolving is grouping mentions by official_id, so only the people a changed page names
    are resolved again, and a run costs the same at 10 or 100,000 pages:
    - a page added since the tables were built is folded in;
    - a page replaced or removed since has the people it named (the global sources keep each
      page's official_ids) resolved again from every page that names them.
    Unknown sources (never built, a damaged file) resolve every page. It runs in one transaction:
    when another machine rebuilt the tables meanwhile, it starts again from what that one wrote.
    """
    return warehouse.rebuild_global(lambda: _refresh(warehouse))


def _refresh(warehouse: Warehouse) -> dict[str, pa.Table]:
    mentions = warehouse.page_versions("official_mentions")
    # Without the people: a run that changes no page, or only adds pages, reads no more.
    versions = warehouse.global_sources(VERSION_SCHEMA.names)
    since, gone = None, []
    if versions is not None:
        replaced_or_removed = versions.join(mentions, keys=VERSION_SCHEMA.names, join_type="left anti")
        if replaced_or_removed.num_rows == 0 and versions.num_rows == mentions.num_rows:
            return {table: warehouse.read_table(table) for table in GLOBAL_TABLES}
        gone = replaced_or_removed["stem"].to_pylist()
        since = _changed_since(warehouse.global_sources(), gone) if gone else (versions, pa.array([], pa.string()))
    if since is None:
        kept, people = GLOBAL_SOURCES_SCHEMA.empty_table(), pa.array([], pa.string())
        stored = {table: to_arrow(table, []) for table in GLOBAL_TABLES}
    else:
        kept, people = since
        stored = {table: warehouse.read_table(table) for table in GLOBAL_TABLES}
    resolved = {
        table: data.filter(pc.invert(pc.is_in(data["official_id"], value_set=people))) for table, data in stored.items()
    }
    # A batch of whole pages at a time: folding pages in equals resolving them at once
    # (tests/test_enrich_officials.py), and memory stays that of one batch at 100,000 pages.
    again = _naming(kept, people) if len(people) else []
    for batch in warehouse.read_batches("official_mentions", again, MENTION_BATCH_ROWS) if again else ():
        resolved = _fold_in(batch.filter(pc.is_in(batch["official_id"], value_set=people)), resolved)
    added = mentions.filter(pc.invert(pc.is_in(mentions["stem"], value_set=kept["stem"])))
    # The sources are saved as the change of the pages gone and added, or whole.
    changed = None if since is None else {*gone, *added["stem"].to_pylist()}
    people_of: dict[str, list[str]] = {}
    touched = _names_of(people, stored["officials"])  # the names of the people a page gone or added names
    stems = None if since is None else added["stem"].to_pylist()  # None: every page
    for batch in warehouse.read_batches("official_mentions", stems, MENTION_BATCH_ROWS, True) if stems != [] else ():
        resolved = _fold_in(batch.drop_columns(["stem"]), resolved)
        named = batch.group_by("stem").aggregate([("official_id", "distinct")])
        people_of |= zip(named["stem"].to_pylist(), named["official_id_distinct"].to_pylist(), strict=True)
        touched |= set(pc.unique(batch["name"]).to_pylist())
    added = added.append_column(
        GLOBAL_SOURCES_SCHEMA.field("official_ids"),
        pa.array(
            [people_of.get(stem, []) for stem in added["stem"].to_pylist()],
            GLOBAL_SOURCES_SCHEMA.field("official_ids").type,
        ),
    )
    if touched:
        # Pages only added: the people of the others are read now, to find their namesakes.
        built_from = kept if "official_ids" in kept.schema.names else warehouse.global_sources()
        sources = pa.concat_tables([built_from, added]) if built_from is not None else added
        namesakes = _placeless_among(touched, sources, people)
        # A name no page gives with a place has no one to join: its officials are resolved as they are.
        placed = {*_placed_names(stored["officials"], namesakes), *_placed_names(resolved["officials"], namesakes)}
        resolved["officials"] = _apart_alone(resolved["officials"], namesakes - placed)
        resolved = _with_namesakes_joined(warehouse, resolved, namesakes & placed, sources)
    written = {table: warehouse.write_global(table, resolved[table]) for table in GLOBAL_TABLES}
    warehouse.save_global_sources(added if changed is not None else pa.concat_tables([kept, added]), changed)
    return written


def _naming(sources: pa.Table, people: pa.Array) -> list[str]:
    """The stems of the pages whose sources name any of these people."""
    naming = pc.is_in(pc.list_flatten(sources["official_ids"]), value_set=people)
    return sources["stem"].take(pc.unique(pc.list_parent_indices(sources["official_ids"]).filter(naming))).to_pylist()


def _names_of(people: pa.Array, officials: pa.Table) -> set[str]:
    """The names of these people (official_ids) as the stored officials give them: one with no
    place that joined a namesake has no row of its own, but its id is that of its name and no place."""
    if not len(people):
        return set()
    names = officials["name"].to_pylist()
    name_of = dict(zip(officials["official_id"].to_pylist(), names, strict=True))
    name_of |= {official_id(name, None): name for name in set(names)}
    return {name_of[person] for person in people.to_pylist() if person in name_of}


def _placeless_among(names: set[str], sources: pa.Table, gone: pa.Array) -> set[str]:
    """Those of `names` that a page names with no place, now (`sources`) or before (the people of
    the pages gone): whether that one joins a namesake depends on every official of the name."""
    ordered = sorted(names)
    placeless = pa.array([official_id(name, None) for name in ordered], pa.string())
    named = pa.concat_arrays([pc.list_flatten(sources["official_ids"]).combine_chunks(), gone.cast(pa.string())])
    found = pc.is_in(placeless, value_set=pc.unique(named)).to_pylist()
    return {name for name, placeless_named in zip(ordered, found, strict=True) if placeless_named}


def _placed_names(officials: pa.Table, names: set[str]) -> set[str]:
    """Those of these names that an official with a jurisdiction has."""
    placed = officials.filter(pc.invert(pc.is_null(officials["jurisdiction"])))
    return set(
        placed.filter(pc.is_in(placed["name"], value_set=pa.array(sorted(names), pa.string())))["name"].to_pylist()
    )


def _apart_alone(officials: pa.Table, names: set[str]) -> pa.Table:
    """officials with `apart` set on the one with no place of each of these names, which no official
    with a place shares."""
    reasons: dict[str, str] = {}
    for name in names:
        reasons |= enrich.join_placeless(name, [enrich.Namesake(official_id(name, None), None, frozenset())])[1]
    if not reasons:
        return officials
    ids, was = officials["official_id"].to_pylist(), officials["apart"].to_pylist()
    apart = [reasons.get(oid, why) for oid, why in zip(ids, was, strict=True)]
    return officials.set_column(officials.schema.get_field_index("apart"), "apart", pa.array(apart, pa.string()))


def _with_namesakes_joined(
    warehouse: Warehouse, resolved: dict[str, pa.Table], names: set[str], sources: pa.Table
) -> dict[str, pa.Table]:
    """The global tables with every official of these names resolved again from the pages that
    name them: one with no place joined to its namesake where enrich.join_placeless finds one,
    `apart` saying why where not."""
    if not names:
        return resolved
    officials = resolved["officials"]
    of_names = officials.filter(pc.is_in(officials["name"], value_set=pa.array(sorted(names), pa.string())))
    placeless = [official_id(name, None) for name in names]
    ids = pa.array(sorted({*of_names["official_id"].to_pylist(), *placeless}), pa.string())
    stems = _naming(sources, ids)
    rows = [
        row
        for batch in warehouse.read_batches("official_mentions", stems, MENTION_BATCH_ROWS)
        for row in batch.filter(pc.is_in(batch["official_id"], value_set=ids))
        .select([*RESOLVED_FROM, "page_id"])
        .to_pylist()
    ]
    pages = warehouse.read_table("pages", stems).select(["page_id", "paper"]).to_pylist()
    joined, apart = _settle(rows, {page["page_id"]: page["paper"] for page in pages})
    for row in rows:  # a joined one's mentions counted as its namesake's, in its jurisdiction
        row["official_id"], row["jurisdiction"] = joined.get(
            row["official_id"], (row["official_id"], row["jurisdiction"])
        )
    again = enrich.resolve_officials(rows)
    for official in again["officials"]:
        official["apart"] = apart.get(official["official_id"])
        official["mention_ids"] += sorted(
            placeless for placeless, (holder, _) in joined.items() if holder == official["official_id"]
        )
    return {
        table: pa.concat_tables(
            [data.filter(pc.invert(pc.is_in(data["official_id"], value_set=ids))), to_arrow(table, again[table])]
        )
        for table, data in resolved.items()
    }


def _settle(
    mentions: list[dict], paper_of: dict[str, str | None]
) -> tuple[dict[str, tuple[str, str | None]], dict[str, str]]:
    """(joined, apart) of enrich.join_placeless over the officials these mentions name, joined giving
    the official_id and the jurisdiction of the namesake joined. An official
    with no place is looked for in the home of its pages' paper; a page of no paper, in the home of
    every paper gazette knows (papers.profiles)."""
    every_home = {p.home.name for p in papers.profiles().values() if p.home}
    found: dict[str, tuple[str, str | None, set[str], set[str]]] = {}
    for m in mentions:
        name, place, posts, homes = found.setdefault(m["official_id"], (m["name"], m["jurisdiction"], set(), set()))
        posts.update(own_post(title, place) for title in m["titles"] or [m["title"]])
        if place is None:
            paper = paper_of.get(m["page_id"])
            profile = papers.profile(paper) if paper else None
            homes.update(every_home if paper is None else {profile.home.name} if profile and profile.home else set())
    by_name: dict[str, list[enrich.Namesake]] = {}
    for oid, (name, place, posts, homes) in found.items():
        by_name.setdefault(name, []).append(enrich.Namesake(oid, place, frozenset(posts), frozenset(homes)))
    joined: dict[str, tuple[str, str | None]] = {}
    apart: dict[str, str] = {}
    for name, namesakes in by_name.items():
        joins, reasons = enrich.join_placeless(name, namesakes)
        joined |= {placeless: (holder, found[holder][1]) for placeless, holder in joins.items()}
        apart |= reasons
    return joined, apart


def _changed_since(built_from: pa.Table | None, gone: list[str]) -> tuple[pa.Table, pa.Array] | None:
    """The sources of the pages still as the global tables were built from them, and the people
    that the pages `gone` since (replaced or removed: their stems) named, as strings; None if the
    sources are unknown."""
    if built_from is None:
        return None
    changed = pc.is_in(built_from["stem"], value_set=pa.array(gone, pa.string()))
    people = pc.unique(pc.list_flatten(built_from.filter(changed)["official_ids"]))
    return built_from.filter(pc.invert(changed)), people.cast(pa.string())


def _fold_in(added: pa.Table, stored: dict[str, pa.Table]) -> dict[str, pa.Table]:
    """The global tables with these mentions (whole pages) folded in: only the people they name
    are resolved again; everyone else's rows are kept as they are."""
    named = {
        table: pc.is_in(data["official_id"], value_set=pc.unique(added["official_id"]))
        for table, data in stored.items()
    }
    resolved = enrich.resolve_officials(
        added.select(RESOLVED_FROM).combine_chunks().to_pylist(),  # rows of whole pages, read in slices
        {table: data.filter(named[table]).to_pylist() for table, data in stored.items()},
    )
    return {
        table: pa.concat_tables([data.filter(pc.invert(named[table])), to_arrow(table, resolved[table])])
        for table, data in stored.items()
    }
