"""Jobs, the inbox sensor that turns new and changed page files into runs, and the daily schedule."""

import json

import dagster as dg
import pyarrow.compute as pc

from gazette import extract, inbox
from gazette.defs.checks import warehouse_checks
from gazette.defs.compact import compact
from gazette.defs.models import model_assets
from gazette.defs.partitions import PAGE_PARTITIONS, page_partitions
from gazette.defs.resources import GazetteResource
from gazette.defs.steps import RUN_PAGES, officials, page_assets, pages
from gazette.papers.sharing import shared_paper
from gazette.settings import setting
from gazette.warehouse import Warehouse

# By default every page of a run goes through the four steps in the run's own process: a process
# per step would pay the imports and jieba's dictionary four times, for a few seconds of work.
# GAZETTE_DAGSTER_EXECUTOR=multiprocess gives each step a process of its own, as a deployment of
# many machines has them (docs/scaling.md); each writes through the shared catalog.
PAGE_EXECUTORS = {"in_process": dg.in_process_executor, "multiprocess": dg.multiprocess_executor}


def page_executor(name: str) -> dg.ExecutorDefinition:
    """The executor GAZETTE_DAGSTER_EXECUTOR names; ValueError listing the choices for another name."""
    if name not in PAGE_EXECUTORS:
        raise ValueError(f"GAZETTE_DAGSTER_EXECUTOR={name!r}: one of {', '.join(PAGE_EXECUTORS)} is expected")
    return PAGE_EXECUTORS[name]


page_job = dg.define_asset_job(
    "page_job",
    selection=dg.AssetSelection.assets(*page_assets),
    description="Extract, clean, split and enrich the selected pages (one page, or a batch of them).",
    executor_def=page_executor(setting("GAZETTE_DAGSTER_EXECUTOR")),
)
everything_job = dg.define_asset_job(
    "everything_job", selection=dg.AssetSelection.all(), description="Every page step, officials and the SQL models."
)
models_job = dg.define_asset_job(
    "models_job",
    selection=dg.AssetSelection.assets(officials, compact, *model_assets) | dg.AssetSelection.checks(*warehouse_checks),
    description=(
        "Resolve officials, compact the page tables, rebuild gazette.duckdb with every SQL model, "
        "run the warehouse-wide checks."
    ),
)

# Evaluates AFTER_PAGES: officials and the models follow page runs without anyone launching them.
follow_pages = dg.AutomationConditionSensorDefinition(
    "follow_pages",
    target=dg.AssetSelection.all(),
    default_status=dg.DefaultSensorStatus.RUNNING,
    minimum_interval_seconds=30,
    description="Run officials and the SQL models once new pages have landed.",
)

daily_models = dg.ScheduleDefinition(
    name="daily_models",
    job=models_job,
    cron_schedule="0 6 * * *",
    default_status=dg.DefaultScheduleStatus.RUNNING,
    description="Every morning: officials, every SQL model and the warehouse-wide checks, whatever the sensor did.",
)


# Seconds between looks at the inbox; a file runs once it held still between two looks.
INBOX_TICK_S = 10


def contiguous_ranges(keys: list[str], order: list[str], most: int = RUN_PAGES) -> list[tuple[str, str]]:
    """(first, last) ranges of `order` that cover exactly `keys`, each of at most `most` keys.

    A run takes a range of partitions; runs of a few dozen pages each run side by side
    (as many at once as the instance allows) and keep their pages' cleaning cached.
    """
    wanted, ranges = set(keys), []
    run: list[str] = []
    for key in order:
        if key in wanted:
            run.append(key)
        if run and (key not in wanted or len(run) == most):
            ranges.append((run[0], run[-1]))
            run = []
    if run:
        ranges.append((run[0], run[-1]))
    return ranges


@dg.sensor(job=page_job, minimum_interval_seconds=INBOX_TICK_S, default_status=dg.DefaultSensorStatus.RUNNING)
def inbox_sensor(context: dg.SensorEvaluationContext, gazette: GazetteResource) -> dg.SensorResult:
    """Run the pages whose file is new or changed; mark those whose file left; report copies.

    A file is run once its size and mtime hold still between two ticks (so a file still being
    copied in waits; an e-paper page of several files waits for all of them). All the pages a
    tick finds ready go into one run (a range of partitions, RUN_PAGES at most), not one run
    each. The cursor keeps, per file name, the stat and hash seen last and the partition key
    last run, for one warehouse and inbox: pointed at another (GAZETTE_WAREHOUSE changed, same
    dagster_home), the sensor starts over and runs every file into it. On a quiet tick after
    pages were written, a page stored with no paper whose folder now names one is run again
    (papers_to_share), so the pages' order in one-page runs does not decide their paper.
    """
    deployment = {"warehouse": gazette.warehouse().uri, "inbox": str(gazette.inbox.resolve())}
    state = {"files": {}, "requested": {}, "copies": {}, "reported": [], **json.loads(context.cursor or "{}")}
    if state.get("deployment", deployment) != deployment:
        context.log.info(
            f"now {deployment['warehouse']} from {deployment['inbox']} (was {state['deployment']['warehouse']} "
            f"from {state['deployment']['inbox']}): every file of the inbox is run again"
        )
        state = {"files": {}, "requested": {}, "copies": {}, "reported": []}
    files, unreadable, skipped = inbox.scan(
        gazette.inbox, known={name: tuple(seen) for name, seen in state["files"].items()}
    )
    problems = unreadable + skipped + extract.read_manifest(gazette.inbox).problems
    sources = inbox.page_sources(files, notices=problems)  # a page file, or the e-paper files of one printed page
    for line in problems:
        if line not in state["reported"]:  # once, not every tick
            context.log.warning(line)
    known_keys = context.instance.get_dynamic_partitions(PAGE_PARTITIONS)
    plan = inbox.plan_tick(
        sources,
        previous_stats=inbox.source_stats(sources, {name: tuple(seen[:2]) for name, seen in state["files"].items()}),
        requested=state["requested"],
        known_keys=set(known_keys),
    )
    for copy, holder in plan.duplicates:
        if state["copies"].get(copy.name) != copy.key:  # once per copy, not every tick
            context.log.warning(f"{copy.path}: same content as {holder}; stored once")
    if plan.waiting:
        context.log.info(f"waiting for these to hold still until the next tick: {', '.join(plan.waiting)}")

    run_keys = [file.key for file in plan.to_run]
    new_keys = [key for key in run_keys if key not in set(known_keys)]
    partition_requests: list[dg.AddDynamicPartitionsRequest | dg.DeleteDynamicPartitionsRequest] = (
        [page_partitions.build_add_request(new_keys)] if new_keys else []
    )
    if plan.obsolete:
        partition_requests.append(page_partitions.build_delete_request(plan.obsolete))
    # The partitions as they will be once this tick's requests are applied: new keys go at the end.
    order = [key for key in known_keys if key not in set(plan.obsolete)] + new_keys
    stats = {file.key: file.mtime_ns for file in plan.to_run}
    runs = [
        dg.RunRequest(
            run_key=f"{first}:{stats[first]}..{last}:{stats[last]}@{deployment['warehouse']}",
            tags={
                "dagster/asset_partition_range_start": first,
                "dagster/asset_partition_range_end": last,
            },
        )
        for first, last in contiguous_ranges(run_keys, order)
    ]
    runs += [
        dg.RunRequest(partition_key=key, run_key=f"deleted:{key}", asset_selection=[pages.key]) for key in plan.deleted
    ]
    # On a quiet tick, once pages were written since the last look: the pages to run again with
    # the paper their folder now names.
    warehouse, quiet = gazette.warehouse(), not runs and not plan.waiting
    written = warehouse.page_versions("pages")
    pages_written = [written.num_rows, pc.max(written["mtime_ns"]).as_py()]
    if quiet and pages_written != state.get("pages_written"):
        runs += [
            dg.RunRequest(partition_key=key, run_key=f"paper {paper}:{key}@{deployment['warehouse']}")
            for key, paper in papers_to_share(warehouse, deployment["inbox"], set(order))
        ]
    cursor = {
        "deployment": deployment,
        "files": {file.name: [file.size, file.mtime_ns, file.sha256] for file in files},
        "requested": plan.requested,
        "copies": {copy.name: copy.key for copy, _ in plan.duplicates},
        "reported": problems,
        "pages_written": pages_written if quiet else state.get("pages_written"),
    }
    return dg.SensorResult(
        run_requests=runs, dynamic_partitions_requests=partition_requests, cursor=json.dumps(cursor, ensure_ascii=False)
    )


def papers_to_share(warehouse: Warehouse, inbox_root: str, partitions: set[str]) -> list[tuple[str, str]]:
    """(partition key, paper) of the live pages of this inbox stored with no paper where the other
    pages of their folder now name one (papers.sharing): a page run before its folder's masthead
    page is run again, and takes the paper as it would in one `gazette run`."""
    stored = warehouse.read_table("pages").select(["partition_key", "inbox", "deleted_at", "issue_date", "paper"])
    live = [row for row in stored.to_pylist() if row["inbox"] == inbox_root and row["deleted_at"] is None]
    dated_papers = [(row["issue_date"], row["paper"]) for row in live]
    out = []
    for row in live:
        if row["paper"] is None and row["partition_key"] in partitions:
            paper = shared_paper(row["issue_date"], dated_papers)  # its own row names none: no need to leave it out
            if paper is not None:
                out.append((row["partition_key"], paper))
    return out
