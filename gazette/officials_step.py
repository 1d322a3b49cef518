"""The warehouse-wide officials step: the officials and official_titles tables, resolved from the
mentions of every stored page.

Unlike the page steps (pipeline.py), it reads the warehouse: it runs once a run (or a Dagster
materialisation) after the pages, and resolves again only the people a changed page names.
"""

from __future__ import annotations

import pyarrow as pa
import pyarrow.compute as pc

from gazette import enrich
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
        resolved = {table: to_arrow(table, []) for table in GLOBAL_TABLES}
    else:
        kept, people = since
        resolved = {
            table: data.filter(pc.invert(pc.is_in(data["official_id"], value_set=people)))
            for table, data in ((table, warehouse.read_table(table)) for table in GLOBAL_TABLES)
        }
    # A batch of whole pages at a time: folding pages in equals resolving them at once
    # (tests/test_enrich_officials.py), and memory stays that of one batch at 100,000 pages.
    if len(people):
        naming = pc.is_in(pc.list_flatten(kept["official_ids"]), value_set=people)
        again = kept["stem"].take(pc.unique(pc.list_parent_indices(kept["official_ids"]).filter(naming))).to_pylist()
        for batch in warehouse.read_batches("official_mentions", again, MENTION_BATCH_ROWS) if again else ():
            resolved = _fold_in(batch.filter(pc.is_in(batch["official_id"], value_set=people)), resolved)
    added = mentions.filter(pc.invert(pc.is_in(mentions["stem"], value_set=kept["stem"])))
    # The sources are saved as the change of the pages gone and added, or whole.
    changed = None if since is None else {*gone, *added["stem"].to_pylist()}
    people_of: dict[str, list[str]] = {}
    stems = None if since is None else added["stem"].to_pylist()  # None: every page
    for batch in warehouse.read_batches("official_mentions", stems, MENTION_BATCH_ROWS, True) if stems != [] else ():
        resolved = _fold_in(batch.drop_columns(["stem"]), resolved)
        named = batch.group_by("stem").aggregate([("official_id", "distinct")])
        people_of |= zip(named["stem"].to_pylist(), named["official_id_distinct"].to_pylist(), strict=True)
    resolved["officials"] = _with_apart(resolved["officials"])
    written = {table: warehouse.write_global(table, resolved[table]) for table in GLOBAL_TABLES}
    added = added.append_column(
        GLOBAL_SOURCES_SCHEMA.field("official_ids"),
        pa.array(
            [people_of.get(stem, []) for stem in added["stem"].to_pylist()],
            GLOBAL_SOURCES_SCHEMA.field("official_ids").type,
        ),
    )
    warehouse.save_global_sources(added if changed is not None else pa.concat_tables([kept, added]), changed)
    return written


def _with_apart(officials: pa.Table) -> pa.Table:
    """officials with `apart` settled over every official: why one with no jurisdiction is none of
    the officials of its name (enrich.apart_reasons reads only the officials of those names)."""
    placeless = officials.filter(pc.is_null(officials["jurisdiction"]))
    reasons: dict[str, str] = {}
    if placeless.num_rows:
        same_name = officials.filter(pc.is_in(officials["name"], value_set=pc.unique(placeless["name"])))
        rows = same_name.select(["official_id", "name", "jurisdiction", "titles"]).to_pylist()
        reasons = enrich.apart_reasons(rows)
    column = pa.array([reasons.get(oid) for oid in officials["official_id"].to_pylist()], pa.string())
    return officials.set_column(officials.schema.get_field_index("apart"), "apart", column)


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
