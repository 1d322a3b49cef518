"""Re-runs, bad input, crashes and concurrent runs, through `gazette run` on real pages."""

import os
import shutil
import signal
import subprocess
import sys
import textwrap
import time

import duckdb

from gazette.cli import main
from gazette.storage.lake import Lake
from gazette.tables import GLOBAL_TABLES
from gazette.warehouse import GLOBAL_SOURCES_SCHEMA, Warehouse, page_stem
from tests.helpers import REPO, rows_without_times

SEED_NAMES = sorted(path.name for path in (REPO / "seeds").glob("*.txt"))


def run_gazette(folder, warehouse, *extra) -> int:
    return main(["run", "--input", str(folder), "--warehouse", str(warehouse.root), *extra])


def stored(warehouse, table="pages", column="source_path") -> list:
    values = warehouse.read_table(table).column(column).to_pylist()
    return sorted(os.path.basename(v) for v in values) if column == "source_path" else sorted(values)


def test_a_run_that_writes_nothing_compacts_nothing_and_one_that_writes_compacts(stored_seeds, warehouse, monkeypatch):
    compacted = []
    monkeypatch.setattr(Warehouse, "compact", lambda self: compacted.append(self) or 0)
    assert run_gazette(stored_seeds, warehouse) == 0
    assert compacted == []
    page = stored_seeds / SEED_NAMES[0]
    page.write_text(page.read_text(encoding="utf-8") + "\n\n又一段。", encoding="utf-8")
    assert run_gazette(stored_seeds, warehouse) == 0
    assert len(compacted) == 1


def test_only_new_or_changed_pages_are_processed_and_a_change_replaces_exactly_its_rows(
    stored_seeds, warehouse, capsys
):
    before = warehouse.read_table("articles").to_pylist()
    page = stored_seeds / SEED_NAMES[1]
    [old] = warehouse.read_page("pages", page.name)
    page.write_text(page.read_text(encoding="utf-8").replace("平湖", "平湖市", 1), encoding="utf-8")
    capsys.readouterr()
    assert run_gazette(stored_seeds, warehouse) == 0
    assert "1 pages processed (4 unchanged)" in capsys.readouterr().out
    after = warehouse.read_table("articles").to_pylist()
    [new] = warehouse.read_page("pages", page.name)
    assert new["page_id"] != old["page_id"] and len(warehouse.read_table("pages")) == 5
    # The other pages' rows are untouched; the changed page's old rows are gone, its new rows there.
    assert [row for row in after if row["page_id"] != new["page_id"]] == [
        row for row in before if row["page_id"] != old["page_id"]
    ]
    assert {row["page_id"] for row in after} == set(stored(warehouse, "pages", "page_id"))


def test_a_rule_change_redoes_every_page(stored_seeds, warehouse, monkeypatch, capsys):
    for module in ("gazette.run", "gazette.pipeline"):  # as if a lexicon file had been edited
        monkeypatch.setattr(f"{module}.rules_version", lambda: "another-lexicon")
    assert run_gazette(stored_seeds, warehouse) == 0
    assert "5 pages processed (0 unchanged)" in capsys.readouterr().out
    assert set(stored(warehouse, "pages", "rules_version")) == {"another-lexicon"}


def test_the_same_page_under_two_names_is_stored_once_and_reported(seed_pages, warehouse, capsys):
    shutil.copy(seed_pages / SEED_NAMES[0], seed_pages / "zz_copy.txt")
    assert run_gazette(seed_pages, warehouse) == 0
    assert f"zz_copy.txt: same content as {SEED_NAMES[0]}; stored once" in capsys.readouterr().err
    assert stored(warehouse) == SEED_NAMES
    # A renamed file moves; it is not kept twice, once as deleted.
    (seed_pages / SEED_NAMES[2]).rename(seed_pages / "zz_renamed.txt")
    assert run_gazette(seed_pages, warehouse) == 0
    assert (
        f"{SEED_NAMES[2]}: removed from the warehouse (its content is stored as zz_renamed.txt)"
        in capsys.readouterr().err
    )
    assert stored(warehouse) == sorted([*SEED_NAMES[:2], *SEED_NAMES[3:], "zz_renamed.txt"])
    # Copied back under its first name: that (first in order) name holds it, the other is a copy.
    shutil.copy(seed_pages / "zz_renamed.txt", seed_pages / SEED_NAMES[2])
    assert run_gazette(seed_pages, warehouse) == 0
    assert stored(warehouse) == SEED_NAMES
    assert len(set(stored(warehouse, "pages", "page_id"))) == len(SEED_NAMES)


IMPOSSIBLE_DATE = "2023年2月30日◆星期四\n\n平湖版\n\n本报讯 昨天，我市召开全市经济工作会议，部署今年工作。"

BAD_INPUT = {  # file name -> (content, what stderr must say about it, stored?)
    "empty.txt": (b"", "empty file", False),
    "binary.txt": (b"\x00\x01\x02\x03PK\x00binary" * 20, "binary", False),
    "invalid_utf8.txt": ("本报讯".encode("gb18030") + b"\x81\x20\xff" * 20, "not valid UTF-8, GB18030 or Big5", False),
    "english.txt": (b"plain English text only, no Chinese at all " * 5, "no Chinese", False),
    "feb30.txt": (IMPOSSIBLE_DATE.encode(), "impossible masthead date 2023年2月30日", True),
}


def test_each_bad_file_gets_one_line_and_the_rest_of_the_batch_goes_on(stored_seeds, warehouse, capsys):
    before = rows_without_times(warehouse)
    seed = (stored_seeds / SEED_NAMES[2]).read_text(encoding="utf-8")
    (stored_seeds / "gb18030.txt").write_bytes(
        seed.replace("\n", "\r\n").encode("gb18030") + "\r\n附记。".encode("gb18030")
    )
    (stored_seeds / "crlf.txt").write_bytes((seed + "\n另记。").replace("\n", "\r\n").encode())
    for name, (content, _, _) in BAD_INPUT.items():
        (stored_seeds / name).write_bytes(content)
    with (stored_seeds / "huge.txt").open("wb") as f:
        f.truncate(50 * 1024 * 1024)
    capsys.readouterr()

    assert run_gazette(stored_seeds, warehouse) == 1
    err = capsys.readouterr().err.splitlines()
    for name, (_, message, _) in {**BAD_INPUT, "huge.txt": (b"", "too large", False)}.items():
        [line] = [line for line in err if f"/{name}: " in line]
        assert line.startswith(f"gazette: {stored_seeds / name}: ") and message in line, line
    assert sorted(stored(warehouse)) == [*SEED_NAMES, "crlf.txt", "feb30.txt", "gb18030.txt"]
    assert before["articles"] <= rows_without_times(warehouse)["articles"]  # nothing stored was lost
    [feb30] = warehouse.read_page("pages", "feb30.txt")
    assert feb30["issue_date"] is None and "impossible masthead date" in feb30["warnings"][0]
    # The GB18030 page with Windows line endings gives the same articles as its UTF-8 original.
    by_page = {}
    for row in warehouse.read_table("articles").to_pylist():
        by_page.setdefault(row["page_id"], []).append(row["headline"])
    gb_page = warehouse.read_page("pages", "gb18030.txt")[0]["page_id"]
    seed_page = warehouse.read_page("pages", SEED_NAMES[2])[0]["page_id"]
    assert sorted(by_page[gb_page]) == sorted(by_page[seed_page])


def test_a_stored_page_whose_file_turns_bad_keeps_its_rows(stored_seeds, warehouse, capsys):
    before = rows_without_times(warehouse)
    (stored_seeds / SEED_NAMES[0]).write_bytes((stored_seeds / SEED_NAMES[0]).read_bytes()[:0] + b"\x00\x00truncated")
    assert run_gazette(stored_seeds, warehouse) == 1
    assert f"{SEED_NAMES[0]}: binary" in capsys.readouterr().err
    assert rows_without_times(warehouse) == before


CRASHING_RUN = textwrap.dedent("""
    import os, signal, sys
    from gazette import run
    from gazette.warehouse import Warehouse
    from gazette.cli import main

    run.WRITE_BATCH = 1  # a transaction per page
    write_pages = Warehouse.write_pages
    def write_pages_then_die(self, *args, **kwargs):
        write_pages(self, *args, **kwargs)
        os.kill(os.getpid(), signal.SIGKILL)  # killed right after its first page was committed
    Warehouse.write_pages = write_pages_then_die
    sys.exit(main(["run", "--input", sys.argv[1], "--warehouse", sys.argv[2]]))
""")


def resolved_officials(warehouse) -> dict[str, list]:
    return {table: rows for table, rows in rows_without_times(warehouse).items() if table in GLOBAL_TABLES}


def test_a_new_page_is_folded_into_officials_without_reading_the_stored_pages_again(
    tmp_path, seed_pages, warehouse, monkeypatch, seeds_warehouse
):
    later = seed_pages / SEED_NAMES[-1]
    held = later.rename(tmp_path / later.name)
    assert run_gazette(seed_pages, warehouse) == 0
    with monkeypatch.context() as patched:
        mentions_read = mentions_read_by(patched)
        held.rename(later)
        assert run_gazette(seed_pages, warehouse) == 0
    assert mentions_read == [[page_stem(later.name)]]  # only the new page's mentions

    clean = seeds_warehouse  # the same pages, built at once
    assert resolved_officials(warehouse) == resolved_officials(clean)
    assert resolved_officials(clean)["officials"]
    assert people_named(warehouse) == people_named(clean)  # the sources saved whole keep the others' people


def people_named(warehouse) -> dict[str, list[str]]:
    """The people each page names, as the global sources keep them."""
    sources = warehouse.global_sources()
    people = [sorted(ids) if ids is not None else None for ids in sources["official_ids"].to_pylist()]
    return dict(zip(sources["stem"].to_pylist(), people, strict=True))


def mentions_read_by(monkeypatch) -> list:
    """The stems each read of official_mentions asks for (None: every page), as runs go on."""
    read_batches, reads = Warehouse.read_batches, []

    def spy(self, table, stems=None, *args, **kwargs):
        stems = None if stems is None else sorted(stems)
        if table == "official_mentions":
            reads.append(stems)
        return read_batches(self, table, stems, *args, **kwargs)

    monkeypatch.setattr(Warehouse, "read_batches", spy)
    return reads


def test_officials_are_resolved_again_when_a_page_they_count_is_replaced_or_removed(
    tmp_path, stored_seeds, warehouse, monkeypatch
):
    def as_if_built_clean(label):
        clean = Warehouse(tmp_path / label)
        assert run_gazette(stored_seeds, clean) == 0
        return resolved_officials(clean)

    def named_by(name) -> set[str]:
        return {row["official_id"] for row in warehouse.read_page("official_mentions", name)}

    reads = mentions_read_by(monkeypatch)
    page = stored_seeds / SEED_NAMES[1]
    people = named_by(page.name)
    page.write_text(page.read_text(encoding="utf-8").replace("市委书记仲旭东", "市委副书记仲旭东"), encoding="utf-8")
    assert run_gazette(stored_seeds, warehouse) == 0
    # Only the people the old version named are resolved again, from the other pages that name
    # them; then the new version is folded in.
    others = sorted(page_stem(name) for name in SEED_NAMES if name != page.name and people & named_by(name))
    assert people and others and reads == [others, [page_stem(page.name)]]
    assert resolved_officials(warehouse) == as_if_built_clean("replaced")

    reads.clear()
    gone = SEED_NAMES[0]
    people = named_by(gone)
    others = sorted(page_stem(name) for name in SEED_NAMES if name != gone and people & named_by(name))
    (stored_seeds / gone).unlink()
    assert run_gazette(stored_seeds, warehouse, "--prune") == 0
    assert reads == ([others] if others else [])
    built_without_it = as_if_built_clean("removed")
    assert resolved_officials(warehouse) == built_without_it
    # Sources unknown (a damaged file of a global table drops them): resolved from every page.
    warehouse.save_global_sources(GLOBAL_SOURCES_SCHEMA.empty_table())
    assert warehouse.global_sources() is None
    reads.clear()
    assert run_gazette(stored_seeds, warehouse) == 0
    assert reads == [None]
    assert resolved_officials(warehouse) == built_without_it  # the folder has not changed since


def test_a_run_that_changes_a_few_of_many_pages_saves_only_their_bookkeeping(tmp_path, warehouse, monkeypatch):
    folder = tmp_path / "inbox"
    folder.mkdir()
    for i in range(7):  # distinct pages: each seed with a line of its own
        text = (REPO / "seeds" / SEED_NAMES[i % len(SEED_NAMES)]).read_text(encoding="utf-8")
        (folder / f"{i:02d}.txt").write_text(text + f"\n\n第{i}号补记。", encoding="utf-8")
    held = (folder / "06.txt").rename(tmp_path / "06.txt")
    saved: list[tuple[str, list[str] | None]] = []  # (records, the pages whose records were replaced)
    replace_records = Lake.replace_records

    def spy(self, name, stems, rows):
        saved.append((name, None if stems is None else sorted(stems)))
        return replace_records(self, name, stems, rows)

    monkeypatch.setattr(Lake, "replace_records", spy)
    assert run_gazette(folder, warehouse) == 0
    assert ("_global_sources", None) in saved  # a first build: written whole
    saved.clear()
    held.rename(folder / held.name)  # added
    assert run_gazette(folder, warehouse) == 0
    page = folder / "03.txt"
    page.write_text(page.read_text(encoding="utf-8").replace("第3号补记", "第3号补记又一"), encoding="utf-8")
    assert run_gazette(folder, warehouse) == 0  # replaced
    (folder / "05.txt").unlink()
    assert run_gazette(folder, warehouse, "--prune") == 0  # removed
    assert saved == [
        ("_processed", ["06.txt"]),
        ("_global_sources", ["06.txt"]),
        ("_processed", ["03.txt"]),
        ("_global_sources", ["03.txt"]),
        ("_processed", ["05.txt"]),  # forgotten
        ("_global_sources", ["05.txt"]),
    ]
    clean = Warehouse(tmp_path / "clean")
    assert run_gazette(folder, clean) == 0
    assert resolved_officials(warehouse) == resolved_officials(clean)
    assert people_named(warehouse) == people_named(clean)
    assert sorted(warehouse.processed().table()["page"].to_pylist()) == sorted(
        clean.processed().table()["page"].to_pylist()
    )
    saved.clear()
    assert run_gazette(folder, warehouse) == 0
    assert saved == []  # nothing changed: nothing saved


def test_a_run_killed_after_its_first_partition_leaves_the_previous_data_readable(tmp_path, stored_seeds, warehouse):
    before_ids = {name: warehouse.read_page("pages", name)[0]["page_id"] for name in SEED_NAMES}
    before_articles = warehouse.read_table("articles").to_pylist()
    for name in SEED_NAMES[:2]:  # two changed pages for the killed run to redo
        page = stored_seeds / name
        page.write_text(page.read_text(encoding="utf-8") + "\n平湖新闻补记。", encoding="utf-8")

    killed = subprocess.run(
        [sys.executable, "-c", CRASHING_RUN, str(stored_seeds), str(warehouse.root)],
        cwd=REPO,
        capture_output=True,
        text=True,
    )
    assert killed.returncode == -signal.SIGKILL, killed.stderr

    with duckdb.connect(str(warehouse.db_path), read_only=True) as con:  # the old database, still whole
        assert con.sql("SELECT count(*) FROM pages").fetchone()[0] == 5
        assert con.sql("SELECT count(*) FROM official_article_counts").fetchone()[0] > 0
    # Every page is complete: the first rewritten in full, the others as they were.
    page_ids = {name: warehouse.read_page("pages", name)[0]["page_id"] for name in SEED_NAMES}
    assert page_ids[SEED_NAMES[0]] != before_ids[SEED_NAMES[0]]
    assert {name: page_ids[name] for name in SEED_NAMES[1:]} == {name: before_ids[name] for name in SEED_NAMES[1:]}
    articles = warehouse.read_table("articles").to_pylist()
    assert {row["page_id"] for row in articles} == set(page_ids.values())
    assert [row for row in articles if row["page_id"] != page_ids[SEED_NAMES[0]]] == [
        row for row in before_articles if row["page_id"] != before_ids[SEED_NAMES[0]]
    ]
    assert not list(warehouse.root.rglob("*.tmp"))  # no temp file of an atomic write left behind

    assert run_gazette(stored_seeds, warehouse) == 0
    clean = Warehouse(tmp_path / "clean")
    assert run_gazette(stored_seeds, clean) == 0
    assert rows_without_times(warehouse) == rows_without_times(clean)


def test_a_reader_queries_while_a_run_writes_and_two_runs_at_once_agree(tmp_path, stored_seeds, warehouse):
    reader = duckdb.connect(str(warehouse.db_path), read_only=True)
    pages_before = reader.sql("SELECT count(*) FROM pages").fetchone()[0]
    for name in SEED_NAMES:
        page = stored_seeds / name
        page.write_text(page.read_text(encoding="utf-8") + "\n平湖新闻补记。", encoding="utf-8")
    command = [
        sys.executable,
        "-m",
        "gazette.cli",
        "run",
        "--input",
        str(stored_seeds),
        "--warehouse",
        str(warehouse.root),
    ]
    runs = [
        subprocess.Popen(command, cwd=REPO, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True) for _ in range(2)
    ]
    while any(run.poll() is None for run in runs):  # the reader is never blocked by the writers
        assert reader.sql("SELECT count(*) FROM pages").fetchone()[0] >= pages_before
        time.sleep(0.01)  # a reader spinning flat out would take a core of two from the writers
    outputs = [run.communicate() for run in runs]
    assert [run.returncode for run in runs] == [0, 0], outputs
    reader.close()
    # One of the two did the work; the other waited for the lock, then found nothing to do.
    summaries = sorted(out.splitlines()[-1] for out, _ in outputs)
    assert "0 pages processed (5 unchanged)" in summaries[0] and "5 pages processed" in summaries[1], summaries
    clean = Warehouse(tmp_path / "clean")
    assert run_gazette(stored_seeds, clean) == 0
    assert rows_without_times(warehouse) == rows_without_times(clean)


def test_many_pages_on_worker_processes_give_the_same_warehouse_as_one_process(tmp_path, monkeypatch):
    import gazette.run

    pages = 4  # two for each of the two workers
    monkeypatch.setattr(gazette.run, "POOL_MIN_PAGES", pages)  # the pool takes these few pages as it takes many
    folder = tmp_path / "many"
    folder.mkdir()
    for i in range(pages):  # distinct pages: each seed with a line of its own
        seed = REPO / "seeds" / SEED_NAMES[i % len(SEED_NAMES)]
        (folder / f"{i:03d}_{seed.name}").write_text(
            seed.read_text(encoding="utf-8") + f"\n\n第{i}号补记。", encoding="utf-8"
        )
    pooled, serial = (Warehouse(tmp_path / name) for name in ("pooled", "serial"))
    pools = []
    worker_pool = gazette.run.worker_pool
    monkeypatch.setattr(
        gazette.run, "worker_pool", lambda *args, **kwargs: pools.append(args) or worker_pool(*args, **kwargs)
    )
    assert main(["run", "--input", str(folder), "--warehouse", str(pooled.root), "--workers", "2"]) == 0
    assert len(pools) == 1  # the pages went to worker processes
    assert main(["run", "--input", str(folder), "--warehouse", str(serial.root), "--workers", "1"]) == 0
    assert len(pools) == 1
    assert rows_without_times(pooled) == rows_without_times(serial)
    assert len(stored(pooled)) == pages


def test_an_unchanged_file_is_not_hashed_again_and_a_touched_one_not_rebuilt(
    stored_seeds, warehouse, monkeypatch, capsys
):
    import gazette.inbox

    hashed = []
    real_sha256 = gazette.inbox.file_sha256
    monkeypatch.setattr(
        gazette.inbox, "file_sha256", lambda path: hashed.append(os.path.basename(path)) or real_sha256(path)
    )
    touched = stored_seeds / SEED_NAMES[3]
    os.utime(touched, ns=(touched.stat().st_atime_ns, touched.stat().st_mtime_ns + 10**9))
    capsys.readouterr()
    assert run_gazette(stored_seeds, warehouse) == 0
    assert hashed == [SEED_NAMES[3]]  # only the file whose stat changed is read again
    assert "0 pages processed (5 unchanged)" in capsys.readouterr().out


def test_a_copy_a_stopped_run_did_not_settle_is_settled_by_the_next(stored_seeds, warehouse, monkeypatch, capsys):
    """The copy was built and recorded, the page it copies not yet retired: both are recorded with
    one content, and the next run still keeps that content under one name."""
    shutil.copy(stored_seeds / SEED_NAMES[1], stored_seeds / "000_copy.txt")  # first in order: it keeps the content

    def stopped(*args, **kwargs):
        raise KeyboardInterrupt

    with monkeypatch.context() as patched:
        patched.setattr("gazette.run._retire_gone_pages", stopped)
        assert run_gazette(stored_seeds, warehouse) == 130
    capsys.readouterr()
    assert run_gazette(stored_seeds, warehouse) == 0
    err = capsys.readouterr().err
    assert f"{SEED_NAMES[1]}: removed from the warehouse (its content is stored as 000_copy.txt)" in err, err
    assert stored(warehouse) == sorted(["000_copy.txt", *SEED_NAMES[:1], *SEED_NAMES[2:]])
    assert len(set(stored(warehouse, "pages", "page_id"))) == len(SEED_NAMES)


def test_a_changed_manifest_entry_redoes_its_page_and_a_new_folder_paper_every_page(seed_pages, warehouse, capsys):
    manifest = seed_pages / "manifest.csv"
    manifest.write_text(f"file,issue_date\n{SEED_NAMES[0]},2023-05-06\n", encoding="utf-8")
    assert run_gazette(seed_pages, warehouse) == 0
    manifest.write_text(f"file,issue_date\n{SEED_NAMES[0]},2023-05-07\n", encoding="utf-8")
    capsys.readouterr()
    assert run_gazette(seed_pages, warehouse) == 0
    assert "1 pages processed (4 unchanged)" in capsys.readouterr().out
    assert str(warehouse.read_page("pages", SEED_NAMES[0])[0]["issue_date"]) == "2023-05-07"
    # A folder row gives every page without a row of its own a paper: every page is built again.
    manifest.write_text(f"file,issue_date,paper\n{SEED_NAMES[0]},2023-05-07,\n*,,renmin\n", encoding="utf-8")
    assert run_gazette(seed_pages, warehouse) == 0
    assert "5 pages processed (0 unchanged)" in capsys.readouterr().out
    assert run_gazette(seed_pages, warehouse) == 0
    assert "0 pages processed (5 unchanged)" in capsys.readouterr().out


def test_a_run_over_another_inbox_leaves_the_first_inboxs_pages_alone(stored_seeds, tmp_path, warehouse, capsys):
    """One warehouse fed by one inbox per paper: each run settles only the pages of its own folder."""
    other = tmp_path / "other-paper"
    other.mkdir()
    (other / "200_other.txt").write_text(
        "## 新仓镇召开工业经济推进会\n\n本报讯 新仓镇召开工业经济推进会。\n", encoding="utf-8"
    )
    assert main(["run", "--input", str(other), "--warehouse", str(warehouse.root)]) == 0
    pages = warehouse.read_table("pages").to_pylist()
    assert len(pages) == 6 and all(page["deleted_at"] is None for page in pages)
    assert {page["inbox"] for page in pages} == {str(stored_seeds.resolve()), str(other.resolve())}
    assert main(["run", "--input", str(other), "--warehouse", str(warehouse.root), "--prune"]) == 0
    assert warehouse.read_table("pages").num_rows == 6
    assert "marked deleted" not in capsys.readouterr().err

    (other / "200_other.txt").unlink()
    (other / "201_other.txt").write_text("## 平湖新闻\n\n本报讯 平湖召开会议。\n", encoding="utf-8")
    assert main(["run", "--input", str(other), "--warehouse", str(warehouse.root)]) == 0
    deleted = {
        page["partition_key"].split("@")[0] for page in warehouse.read_table("pages").to_pylist() if page["deleted_at"]
    }
    assert deleted == {"200_other.txt"}  # its own gone file only


def test_table_views_show_live_pages_and_the_with_deleted_views_keep_a_removed_page_until_prune(
    stored_seeds, warehouse
):
    def page_counts() -> dict[str, int]:
        with duckdb.connect(str(warehouse.db_path), read_only=True) as con:
            return {
                view: con.sql(f"SELECT count(DISTINCT page_id) FROM {view}").fetchone()[0]
                for view in ("pages", "articles", "pages_with_deleted", "articles_with_deleted")
            }

    everything = len(SEED_NAMES)
    assert page_counts() == dict.fromkeys(
        ["pages", "articles", "pages_with_deleted", "articles_with_deleted"], everything
    )
    (stored_seeds / SEED_NAMES[0]).unlink()
    assert run_gazette(stored_seeds, warehouse) == 0
    assert page_counts() == {
        "pages": everything - 1,
        "articles": everything - 1,
        "pages_with_deleted": everything,
        "articles_with_deleted": everything,
    }
    assert run_gazette(stored_seeds, warehouse, "--prune") == 0
    assert page_counts() == dict.fromkeys(
        ["pages", "articles", "pages_with_deleted", "articles_with_deleted"], everything - 1
    )
