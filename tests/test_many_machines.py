"""Many machines, for real: the warehouse on an S3 server, the catalog on PostgreSQL (tests/services.py),
each "machine" a `gazette` process with its own GAZETTE_LOCAL_DIR; and a run with no network at all."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import dagster as dg
import pytest

from gazette.inbox import scan
from gazette.warehouse import Warehouse
from tests.helpers import REPO, SEEDS
from tests.services import SERVICES, Postgres, S3Server

# The tables whose rows two machines must give exactly as one does; the columns left out record
# when a run happened (ingested_at) and which folder it read (inbox), not what the pages hold.
COMPARED = ["pages", "articles", "official_mentions", "economic_figures", "officials"]
RUN_COLUMNS = ("ingested_at", "inbox")
RUN_TIMEOUT_S = 300
# What PostgreSQL says to the second of two runs that open the catalog at the same moment: each
# sets DuckLake's parquet_compression option, and the second update fails (gazette.storage.lake).


def stable_rows(warehouse: Warehouse, table: str, left_out: tuple[str, ...] = ()) -> list[dict]:
    rows = warehouse.read_table(table)
    dropped = [name for name in (*RUN_COLUMNS, *left_out) if name in rows.column_names]
    return sorted(rows.drop_columns(dropped).to_pylist(), key=repr)


def assert_same_rows(stored: Warehouse, expected: Warehouse, tables: list[str], left_out: tuple[str, ...] = ()) -> None:
    """Each table's rows equal, all but RUN_COLUMNS and `left_out`; on a difference, show the first column
    that differs."""
    for table in tables:
        got, want = stable_rows(stored, table, left_out), stable_rows(expected, table, left_out)
        differing = [
            (name, [row.get(name) for row in got], [row[name] for row in want])
            for name in (want or got or [{}])[0]
            if [row.get(name) for row in got] != [row.get(name) for row in want]
        ]
        assert got == want, f"{table}: {len(got)} rows, {len(want)} expected; differing: {differing[:1]}"


def gazette(*args: str, env: dict[str, str], check: bool = True) -> subprocess.CompletedProcess:
    done = subprocess.run(
        [sys.executable, "-m", "gazette.cli", *args], env=env, capture_output=True, text=True, timeout=RUN_TIMEOUT_S
    )
    if check:
        assert done.returncode == 0, f"gazette {' '.join(args[:1])}: {done.stderr[-3000:]}"
    return done


def split_inbox(folder: Path, shares: list[list[Path]]) -> list[Path]:
    """An inbox folder for each share of the seed pages, each with the seeds' manifest."""
    inboxes = []
    for part, share in enumerate(shares):
        inbox = folder / f"inbox-{part}"
        inbox.mkdir(parents=True)
        for seed in share:
            shutil.copy(seed, inbox)
        shutil.copy(REPO / "seeds" / "manifest.csv", inbox)
        inboxes.append(inbox)
    return inboxes


@dataclass
class Deployment:
    """A warehouse on S3 with its catalog on PostgreSQL, and what a machine needs to reach them."""

    uri: str
    env: dict[str, str]
    folder: Path

    def machine(self, name: str) -> dict[str, str]:
        """The environment of one machine: its own local folder."""
        return {**self.env, "GAZETTE_LOCAL_DIR": str(self.folder / f"local-{name}")}

    def warehouse(self, monkeypatch: pytest.MonkeyPatch, name: str) -> Warehouse:
        """The shared warehouse as a machine `name` in this process opens it."""
        for key in ("GAZETTE_CATALOG", "AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_REGION"):
            monkeypatch.setenv(key, self.env[key])
        return Warehouse(self.uri, self.folder / f"local-{name}")


def deployment(postgres: Postgres, s3: S3Server, folder: Path) -> Deployment:
    env = {**os.environ, **s3.environment, "GAZETTE_CATALOG": postgres.create_database("catalog")}
    return Deployment(s3.uri(s3.create_bucket("warehouse")), env, folder)


@pytest.fixture(scope="module")
def two_machines(postgres, s3, tmp_path_factory) -> Deployment:
    """Half of the seed pages each, two `gazette run` started at the same time on one warehouse."""
    shared = deployment(postgres, s3, tmp_path_factory.mktemp("machines"))
    # No machine made the catalog before: the two make it at once (test_two_runs_at_once_make_a_new_catalog).
    runs = [
        subprocess.Popen(
            [sys.executable, "-m", "gazette.cli", "run", "--input", str(inbox), "--warehouse", shared.uri],
            env=shared.machine(str(part)),
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for part, inbox in enumerate(split_inbox(shared.folder, [SEEDS[::2], SEEDS[1::2]]))
    ]
    failed = [errors for run in runs if (errors := run.communicate(timeout=RUN_TIMEOUT_S)[1]) and run.returncode]
    assert not failed, failed[0][-3000:]
    return shared


@pytest.mark.xdist_group(SERVICES)
def test_two_machines_at_once_store_the_rows_of_one_run_of_every_page(two_machines, seeds_warehouse, monkeypatch):
    shared = two_machines.warehouse(monkeypatch, "reader")
    try:
        assert_same_rows(shared, seeds_warehouse, COMPARED)
        assert shared.stored_pages() == seeds_warehouse.stored_pages()
    finally:
        shared.lake.close()


@pytest.mark.xdist_group(SERVICES)
def test_a_third_machine_reads_every_page_with_gazette_sql(two_machines):
    read = gazette(
        "sql", "SELECT count(*) AS n FROM pages", "--format", "json", "--warehouse", two_machines.uri,
        env=two_machines.machine("third"), check=False,
    )  # fmt: skip
    assert read.returncode == 0, read.stderr
    assert json.loads(read.stdout) == [{"n": len(SEEDS)}]


@pytest.mark.xdist_group(SERVICES)
def test_two_runs_at_once_make_a_new_catalog(postgres, s3, tmp_path):
    fresh = deployment(postgres, s3, tmp_path)
    for attempt in range(3):  # a race: three tries, any failure counts
        fresh.env["GAZETTE_CATALOG"] = postgres.create_database("fresh")
        opening = [
            subprocess.Popen(
                [sys.executable, "-m", "gazette.cli", "snapshots", "--warehouse", fresh.uri],
                env=fresh.machine(f"{attempt}-{machine}"),
                stdout=subprocess.DEVNULL,
                stderr=subprocess.PIPE,
                text=True,
            )
            for machine in range(2)
        ]
        failures = [
            errors for run in opening if (errors := run.communicate(timeout=RUN_TIMEOUT_S)[1]) and run.returncode
        ]
        assert not failures, failures[0][-1000:]


@pytest.mark.xdist_group(SERVICES)
def test_the_page_job_on_postgresql_in_a_process_per_step_stores_the_rows_of_a_local_run(
    postgres, s3, tmp_path, seeds_warehouse, monkeypatch
):
    shared = deployment(postgres, s3, tmp_path)
    # SQLAlchemy (Dagster's) takes PostgreSQL through psycopg 3 unless the URL names psycopg2, the driver
    # dagster-postgres installs.
    home = tmp_path / "dagster_home"
    storage = postgres.create_database("dagster").replace("postgresql://", "postgresql+psycopg2://")
    # The instance's settings as `make ui` writes them with DAGSTER_POSTGRES_URL set.
    make = ["make", "-s", "dagster-settings", f"DAGSTER_HOME_DIR={home}", f"DAGSTER_POSTGRES_URL={storage}"]
    subprocess.run(make, cwd=REPO, check=True, capture_output=True)
    monkeypatch.setenv("DAGSTER_POSTGRES_URL", storage)
    instance = dg.DagsterInstance.from_config(str(home))
    assert type(instance.run_storage).__name__ == "PostgresRunStorage"
    inbox = Path(shutil.copytree(REPO / "seeds", tmp_path / "inbox"))
    keys = sorted(file.key for file in scan(inbox)[0])
    instance.add_dynamic_partitions("pages", keys)
    env = {
        **shared.machine("dagster"),
        "DAGSTER_HOME": str(home),
        "DAGSTER_POSTGRES_URL": storage,
        "GAZETTE_WAREHOUSE": shared.uri,
        "GAZETTE_INBOX": str(inbox),
        "GAZETTE_DAGSTER_EXECUTOR": "multiprocess",
    }
    batch = {"dagster/asset_partition_range_start": keys[0], "dagster/asset_partition_range_end": keys[-1]}
    job = ["-m", "dagster", "job", "execute", "-m", "gazette.definitions", "-j", "page_job"]
    done = subprocess.run(
        [sys.executable, *job, "--tags", json.dumps(batch)], env=env, capture_output=True, text=True, timeout=600
    )
    assert done.returncode == 0, done.stderr[-3000:]

    [run] = instance.get_runs()  # recorded in PostgreSQL
    assert run.status == dg.DagsterRunStatus.SUCCESS
    started = instance.all_logs(run.run_id, of_type=dg.DagsterEventType.STEP_START)
    assert {event.step_key for event in started} >= {"pages", "page_texts", "articles", "enrichment"}
    processes = {event.dagster_event.pid for event in started if event.dagster_event}
    assert len(processes) == len(started)  # each step in a process of its own
    stored = shared.warehouse(monkeypatch, "reader")
    try:
        # Not officials: not a page step. Not pages.warnings: `gazette run` adds "issue date unknown: add
        # a line … to manifest.csv" to a page without a date (gazette.run), Dagster's `pages` step does not.
        page_tables = ["pages", "articles", "official_mentions", "economic_figures"]
        assert_same_rows(stored, seeds_warehouse, page_tables, left_out=("warnings",))
    finally:
        stored.lake.close()


# A machine's work up to its compaction: its pages written one at a time, each in a file of its own;
# then it waits for the word to go, so that both machines compact at the same moment.
COMPACTING_MACHINE = """
import sys, time
from pathlib import Path
from gazette.warehouse import Warehouse
local, name, ready, go = sys.argv[1:]
warehouse = Warehouse(local_dir=local)
for n in range(4):
    path = f"{name}-{n}.txt"
    warehouse.write_page(path, {"pages": [{"page_id": f"{name}{n}", "source_path": path}]})
Path(ready).touch()
while not Path(go).exists():
    time.sleep(0.005)
warehouse.compact()
"""


@pytest.mark.xdist_group(SERVICES)
def test_two_machines_compacting_at_once_both_finish(postgres, s3, tmp_path):
    shared = deployment(postgres, s3, tmp_path)
    gazette("snapshots", "--warehouse", shared.uri, env=shared.machine("setup"))
    go, local = tmp_path / "go", tmp_path / "local"
    machines = {}
    # One after the other up to their compaction (two processes opening the catalog at once may
    # conflict too, which is not what this test is about), then both at the same moment.
    for name in ("a", "b"):
        ready = tmp_path / f"{name}.ready"
        machines[name] = subprocess.Popen(
            [sys.executable, "-c", COMPACTING_MACHINE, *(str(arg) for arg in (local / name, name, ready, go))],
            env={**shared.env, "GAZETTE_WAREHOUSE": shared.uri},
            stderr=subprocess.PIPE,
            text=True,
        )
        while not ready.exists() and machines[name].poll() is None:
            time.sleep(0.01)
        if not ready.exists():  # a failure before compacting: not the one this test is about
            for machine in machines.values():
                machine.kill()
            pytest.fail(machines[name].communicate()[1][-1000:])
    go.touch()
    failures = [
        errors
        for machine in machines.values()
        if (errors := machine.communicate(timeout=RUN_TIMEOUT_S)[1]) and machine.returncode
    ]
    assert not failures, failures[0][-1000:]


def network_namespaces() -> bool:
    return shutil.which("unshare") is not None and subprocess.run(["unshare", "-n", "true"]).returncode == 0


@pytest.mark.skipif(not network_namespaces(), reason="no network namespace for this user (unshare -n)")
def test_gazette_run_and_sql_work_with_the_network_unreachable(tmp_path, seeds_warehouse):
    inbox = Path(shutil.copytree(REPO / "seeds", tmp_path / "inbox"))
    warehouse = tmp_path / "warehouse"
    env = {key: value for key, value in os.environ.items() if key != "GAZETTE_CATALOG"}
    for command in (
        ["run", "--input", str(inbox), "--warehouse", str(warehouse)],
        ["sql", "SELECT count(*) FROM articles", "--warehouse", str(warehouse)],
    ):
        done = subprocess.run(
            ["unshare", "-n", sys.executable, "-m", "gazette.cli", *command],
            env=env,
            capture_output=True,
            text=True,
            timeout=RUN_TIMEOUT_S,
        )
        assert done.returncode == 0, done.stderr[-3000:]
    assert done.stdout.split() == ["count_star()", str(seeds_warehouse.read_table("articles").num_rows)]
    assert_same_rows(Warehouse(warehouse), seeds_warehouse, COMPARED)
