"""Jobs, the inbox sensor that turns new and changed page files into runs, and the daily schedule."""

import json

import dagster as dg

from pipelines import inbox
from pipelines.defs.checks import warehouse_checks
from pipelines.defs.compaction import compaction
from pipelines.defs.models import model_assets
from pipelines.defs.partitions import page_partitions
from pipelines.defs.resources import GazetteResource
from pipelines.defs.steps import officials, page_assets, pages

page_job = dg.define_asset_job(
    "page_job",
    selection=dg.AssetSelection.assets(*page_assets),
    description="Extract, clean, split and enrich the selected pages.",
)
everything_job = dg.define_asset_job(
    "everything_job", selection=dg.AssetSelection.all(), description="Every page step, officials and the SQL models."
)
models_job = dg.define_asset_job(
    "models_job",
    selection=dg.AssetSelection.assets(officials, compaction, *model_assets)
    | dg.AssetSelection.checks(*warehouse_checks),
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


@dg.sensor(job=page_job, minimum_interval_seconds=30, default_status=dg.DefaultSensorStatus.RUNNING)
def inbox_sensor(context: dg.SensorEvaluationContext, gazette: GazetteResource) -> dg.SensorResult:
    """Run the pages whose file is new or changed; mark those whose file left; report copies.

    A file is run once its size and mtime hold still between two ticks (so a file
    still being copied in waits). The cursor keeps, per file name, the stat and
    hash seen last and the partition key last run.
    """
    state = {"files": {}, "requested": {}, "copies": {}, **json.loads(context.cursor or "{}")}
    files, unreadable = inbox.scan(gazette.inbox, known={name: tuple(seen) for name, seen in state["files"].items()})
    for line in unreadable:
        context.log.warning(line)
    plan = inbox.plan_tick(
        files,
        previous_stats={name: tuple(seen[:2]) for name, seen in state["files"].items()},
        requested=state["requested"],
        known_keys=set(context.instance.get_dynamic_partitions(page_partitions.name)),
    )
    for copy, holder in plan.duplicates:
        if state["copies"].get(copy.name) != copy.key:  # once per copy, not every tick
            context.log.warning(f"{copy.path}: same content as {holder}; stored once")
    if plan.waiting:
        context.log.info(f"waiting for these to hold still until the next tick: {', '.join(plan.waiting)}")

    new_keys = [file.key for file in plan.to_run]
    partition_requests = [page_partitions.build_add_request(new_keys)] if new_keys else []
    if plan.obsolete:
        partition_requests.append(page_partitions.build_delete_request(plan.obsolete))
    runs = [dg.RunRequest(partition_key=file.key, run_key=f"{file.key}:{file.mtime_ns}") for file in plan.to_run]
    runs += [
        dg.RunRequest(partition_key=key, run_key=f"deleted:{key}", asset_selection=[pages.key]) for key in plan.deleted
    ]
    cursor = {
        "files": {file.name: [file.size, file.mtime_ns, file.sha256] for file in files},
        "requested": plan.requested,
        "copies": {copy.name: copy.key for copy, _ in plan.duplicates},
    }
    return dg.SensorResult(
        run_requests=runs, dynamic_partitions_requests=partition_requests, cursor=json.dumps(cursor, ensure_ascii=False)
    )
