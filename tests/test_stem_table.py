"""Bookkeeping tables saved as changes (gazette/storage/stem_table.py), and the run's use of them."""

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.fs as pafs
import pyarrow.parquet as pq
import pytest

from gazette.storage import stem_table
from gazette.storage.stem_table import StemTable

SCHEMA = pa.schema([("stem", pa.string()), ("value", pa.int64())])


def rows(**values: list[int]) -> pa.Table:
    """stem=[values...] -> a table with a row per value."""
    pairs = [(stem, value) for stem, stem_values in values.items() for value in stem_values]
    return pa.table([pa.array([p[0] for p in pairs], pa.string()), pa.array([p[1] for p in pairs])], schema=SCHEMA)


def as_set(table: pa.Table | None) -> set[tuple[str, int]]:
    assert table is not None
    return set(zip(table["stem"].to_pylist(), table["value"].to_pylist(), strict=True))


@pytest.fixture
def saved(tmp_path) -> StemTable:
    return StemTable(pafs.LocalFileSystem(), f"{tmp_path}/.index.parquet")


def read(table: StemTable) -> pa.Table | None:
    return table.read(lambda path: pq.read_table(path, schema=SCHEMA, filesystem=table.fs))


def save(table: StemTable, rows: pa.Table, changed: set[str] | None) -> None:
    """As gazette saves one: the stems changed since it was read, if it takes them as a change; else whole."""
    if changed is not None and table.takes_change(len(changed)):
        table.save_change(rows.filter(pc.is_in(rows["stem"], pa.array(sorted(changed), pa.string()))), changed)
    else:
        table.save_whole(rows)


def changes(table: StemTable) -> list[str]:
    return sorted(info.base_name for info in table.fs.get_file_info(pafs.FileSelector(table.changes_dir, True)))


def test_changes_are_saved_alone_and_read_back_in_order(saved):
    whole = rows(**{f"p{i}": [i] for i in range(40)})
    save(saved, whole, None)
    assert changes(saved) == []
    now = whole
    for changed, new_rows in [
        ({"p1"}, rows(p1=[100, 101])),  # replaced: two rows now
        ({"p2", "p3"}, rows(p3=[300])),  # p2 dropped, p3 replaced
        ({"p1", "new"}, rows(p1=[102], new=[7])),  # p1 again, a new stem
    ]:
        now = pa.concat_tables([now.filter(pc.invert(pc.is_in(now["stem"], pa.array(changed)))), new_rows])
        save(saved, now, changed)
    assert changes(saved) == ["000000001.parquet", "000000002.parquet", "000000003.parquet"]
    assert pq.read_table(f"{saved.changes_dir}/000000003.parquet").num_rows == 2  # only the changed rows
    assert as_set(read(saved)) == as_set(now)
    assert ("p1", 102) in as_set(now) and ("p1", 100) not in as_set(now) and not any(s == "p2" for s, _ in as_set(now))


def test_the_table_is_written_whole_once_fold_at_changes_wait_or_a_change_is_large(saved, monkeypatch):
    monkeypatch.setattr(stem_table, "FOLD_AT", 3)
    whole = rows(**{f"p{i}": [i] for i in range(40)})
    save(saved, whole, None)
    for i in range(3):
        whole = pa.concat_tables([whole, rows(**{f"n{i}": [i]})])
        save(saved, whole, {f"n{i}"})
    assert len(changes(saved)) == 3
    whole = pa.concat_tables([whole, rows(n3=[3])])
    save(saved, whole, {"n3"})  # a fourth: written whole
    assert changes(saved) == []
    assert as_set(read(saved)) == as_set(whole)
    save(saved, whole, {f"p{i}" for i in range(5)})  # 5 of 44 stems: a change
    assert len(changes(saved)) == 1
    save(saved, whole, {f"p{i}" for i in range(6)})  # 6, more than an eighth: whole
    assert changes(saved) == []
    assert as_set(read(saved)) == as_set(whole)


def test_a_whole_write_killed_before_its_changes_are_removed_reads_each_change_once(saved, monkeypatch):
    whole = rows(a=[1], b=[2], c=[3], d=[4], e=[5], f=[6], g=[7], h=[8], i=[9])
    save(saved, whole, None)
    first = pa.concat_tables([whole.filter(pc.not_equal(whole["stem"], "a")), rows(a=[10])])
    save(saved, first, {"a"})
    kept = changes(saved)
    # Written whole with a newer row for a (a run whose index was not read, say); killed before
    # it removed the change it holds.
    monkeypatch.setattr(stem_table, "delete_if_there", lambda fs, path: None)
    latest = pa.concat_tables([first.filter(pc.not_equal(first["stem"], "a")), rows(a=[20])])
    save(saved, latest, None)
    monkeypatch.undo()
    assert changes(saved) == kept
    assert as_set(read(saved)) == as_set(latest)  # the old change is not applied over the base again
    again = pa.concat_tables([latest, rows(j=[11])])
    save(saved, again, {"j"})  # numbered after the change the base holds: read
    assert as_set(read(saved)) == as_set(again)


def test_a_pending_or_damaged_table_reads_as_unknown_until_saved_whole(saved):
    whole = rows(a=[1], b=[2], c=[3], d=[4], e=[5], f=[6], g=[7], h=[8], i=[9])
    assert read(saved) is None  # never saved
    save(saved, whole, None)
    saved.mark_pending()
    assert read(saved) is None
    save(saved, whole, set())  # saved again (nothing changed): no longer pending
    assert as_set(read(saved)) == as_set(whole)
    save(saved, pa.concat_tables([whole, rows(j=[10])]), {"j"})
    [change] = changes(saved)
    with open(f"{saved.changes_dir}/{change}", "wb") as damaged:
        damaged.write(b"not parquet")
    assert read(saved) is None
    save(saved, whole, None)  # as a run that found it unreadable saves it
    assert changes(saved) == []
    assert as_set(read(saved)) == as_set(whole)
