"""The inbox sensor, driven tick by tick with build_sensor_context (see gazette/inbox.py for the rules)."""

import os
import shutil

import dagster as dg

from gazette.definitions import defs
from gazette.defs.automation import contiguous_ranges
from gazette.defs.resources import GazetteResource
from gazette.extract import source_path_of

SENSOR = defs.resolve_sensor_def("inbox_sensor")


class Inbox:
    """A Dagster instance and the sensor's cursor, carried from tick to tick as the daemon would."""

    def __init__(self, folder, warehouse):
        self.folder, self.cursor = folder, None
        self.instance = dg.DagsterInstance.ephemeral()
        self.resources = {"gazette": GazetteResource(warehouse_dir=str(warehouse.root), inbox_dir=str(folder))}

    def tick(self) -> dg.SensorResult:
        context = dg.build_sensor_context(instance=self.instance, cursor=self.cursor, resources=self.resources)
        result = SENSOR(context)
        self.cursor = result.cursor
        for request in result.dynamic_partitions_requests:  # what the daemon does with them
            if isinstance(request, dg.AddDynamicPartitionsRequest):
                self.instance.add_dynamic_partitions("pages", list(request.partition_keys))
            else:
                for key in request.partition_keys:
                    self.instance.delete_dynamic_partition("pages", key)
        return result

    def partitions(self) -> list[str]:
        return sorted(self.instance.get_dynamic_partitions("pages"))


def keys_of(request: dg.RunRequest, inbox: Inbox) -> list[str]:
    """The partitions a run request covers: one key, or a range of them."""
    if request.partition_key:
        return [request.partition_key]
    order = inbox.instance.get_dynamic_partitions("pages")
    first, last = order.index(request.partition_key_range.start), order.index(request.partition_key_range.end)
    return order[first : last + 1]


def requested(result, inbox: Inbox) -> list[str]:
    return sorted(source_path_of(key) for request in result.run_requests for key in keys_of(request, inbox))


def test_new_files_are_run_once_they_hold_still(seed_pages, warehouse):
    inbox = Inbox(seed_pages, warehouse)
    names = sorted(path.name for path in seed_pages.glob("*.txt"))
    assert inbox.tick().run_requests == []  # first look: sizes and mtimes not yet seen twice
    second = inbox.tick()
    assert requested(second, inbox) == names
    assert len(second.run_requests) == 1  # one run for every file the tick found ready
    assert sorted(map(source_path_of, inbox.partitions())) == names
    assert all(request.run_key for request in second.run_requests)
    assert inbox.tick().run_requests == []  # nothing new, nothing run


def test_a_file_still_being_written_waits_for_the_next_tick(seed_pages, warehouse):
    inbox = Inbox(seed_pages, warehouse)
    inbox.tick(), inbox.tick()
    growing = seed_pages / "new.txt"
    growing.write_text("嘉兴日报·平湖版\n本报讯 平湖", encoding="utf-8")
    assert inbox.tick().run_requests == []
    with growing.open("a", encoding="utf-8") as stream:
        stream.write("新闻，还在写。")
    assert inbox.tick().run_requests == []  # grew since the last tick: still waiting
    assert requested(inbox.tick(), inbox) == ["new.txt"]


def test_a_changed_file_gets_a_new_partition_and_its_old_one_goes(seed_pages, warehouse):
    inbox = Inbox(seed_pages, warehouse)
    inbox.tick(), inbox.tick()
    page = sorted(seed_pages.glob("*.txt"))[0]
    [old_key] = [key for key in inbox.partitions() if source_path_of(key) == page.name]
    page.write_text(page.read_text(encoding="utf-8") + "\n补记：平湖新闻。", encoding="utf-8")
    inbox.tick()
    result = inbox.tick()
    assert requested(result, inbox) == [page.name]
    [new_key] = [key for request in result.run_requests for key in keys_of(request, inbox)]
    assert new_key != old_key
    assert new_key in inbox.partitions() and old_key not in inbox.partitions()


def test_the_same_page_under_a_second_name_is_reported_once_not_run(seed_pages, warehouse, capfd):
    inbox = Inbox(seed_pages, warehouse)
    inbox.tick(), inbox.tick()
    original = sorted(seed_pages.glob("*.txt"))[0]
    shutil.copy(original, seed_pages / "copy.txt")
    inbox.tick()
    assert inbox.tick().run_requests == []
    assert inbox.tick().run_requests == []
    assert capfd.readouterr().err.count(f"copy.txt: same content as {original.name}; stored once") == 1


def test_a_deleted_file_asks_for_its_page_to_be_marked_and_a_restored_one_runs_again(seed_pages, warehouse):
    inbox = Inbox(seed_pages, warehouse)
    inbox.tick(), inbox.tick()
    page = sorted(seed_pages.glob("*.txt"))[0]
    content, stat = page.read_bytes(), page.stat()
    page.unlink()
    result = inbox.tick()
    [request] = result.run_requests
    assert source_path_of(request.partition_key) == page.name
    assert request.asset_selection == [dg.AssetKey("pages")]  # only the pages row is rewritten, marked
    assert inbox.tick().run_requests == []
    page.write_bytes(content)
    os.utime(page, ns=(stat.st_atime_ns, stat.st_mtime_ns))
    inbox.tick()
    assert requested(inbox.tick(), inbox) == [page.name]


def test_the_sensor_runs_pages_in_subfolders_and_survives_a_symlink_loop(tmp_path, warehouse):
    folder = tmp_path / "inbox"
    for day in ("20190226", "20190227"):
        (folder / day).mkdir(parents=True)
        (folder / day / "01.txt").write_text(f"本报讯 {day}日，新仓镇召开工业经济推进会。", encoding="utf-8")
    os.symlink("loop.txt", folder / "loop.txt")
    sensor = Inbox(folder, warehouse)
    sensor.tick()
    assert requested(sensor.tick(), sensor) == ["20190226/01.txt", "20190227/01.txt"]
    (folder / "20190226/01.txt").unlink()
    [deleted] = sensor.tick().run_requests
    assert deleted.partition_key.startswith("20190226/01.txt@")


def test_the_sensor_reports_an_unreadable_file_and_a_bad_manifest_once_not_every_tick(seed_pages, warehouse, capfd):
    os.symlink("loop.txt", seed_pages / "loop.txt")
    (seed_pages / "manifest.csv").write_text("filename,date\n", encoding="utf-8")
    inbox = Inbox(seed_pages, warehouse)
    inbox.tick(), inbox.tick(), inbox.tick()
    logged = capfd.readouterr().err
    assert logged.count("loop.txt: cannot read: Too many levels of symbolic links") == 1
    assert logged.count("manifest.csv: header 'filename,date' has no 'file' column") == 1


def test_another_warehouse_with_the_same_dagster_instance_gets_every_page(seed_pages, warehouse, tmp_path):
    inbox = Inbox(seed_pages, warehouse)
    inbox.tick(), inbox.tick()
    assert inbox.tick().run_requests == []
    # The same instance (dagster_home) and cursor, GAZETTE_WAREHOUSE pointing elsewhere.
    inbox.resources = {"gazette": GazetteResource(warehouse_dir=str(tmp_path / "second"), inbox_dir=str(seed_pages))}
    assert inbox.tick().run_requests == []  # sizes and mtimes seen once more before running
    result = inbox.tick()
    assert requested(result, inbox) == sorted(path.name for path in seed_pages.glob("*.txt"))
    assert inbox.tick().run_requests == []


def test_pages_that_are_not_side_by_side_in_the_partitions_get_one_run_per_stretch():
    order = ["a@1", "b@1", "c@1", "d@1", "e@1"]
    assert contiguous_ranges(["b@1", "c@1", "e@1"], order) == [("b@1", "c@1"), ("e@1", "e@1")]
    assert contiguous_ranges(order, order) == [("a@1", "e@1")]
    assert contiguous_ranges([], order) == []
    assert contiguous_ranges(order, order, most=2) == [("a@1", "b@1"), ("c@1", "d@1"), ("e@1", "e@1")]
