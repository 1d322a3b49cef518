"""Jobs, and the sensor that turns each new page file in the inbox into a partition and a run."""
import dagster as dg

from pipelines.defs.partitions import page_partitions
from pipelines.defs.resources import GazetteResource
from pipelines.defs.steps import page_assets

page_job = dg.define_asset_job("page_job", selection=dg.AssetSelection.assets(*page_assets),
                               description="Extract, clean, split and enrich the selected pages.")
everything_job = dg.define_asset_job("everything_job", selection=dg.AssetSelection.all(),
                                     description="Every page step, officials and the SQL models.")


@dg.sensor(job=page_job, minimum_interval_seconds=30, default_status=dg.DefaultSensorStatus.RUNNING)
def inbox_sensor(context: dg.SensorEvaluationContext, gazette: GazetteResource) -> dg.SensorResult:
    """Add a partition and request a page_job run for every page file not seen before.

    Officials and models follow on their own (eager automation) once pages land.
    """
    known = set(context.instance.get_dynamic_partitions(page_partitions.name))
    new = [key for key in gazette.inbox_pages() if key not in known]
    return dg.SensorResult(
        run_requests=[dg.RunRequest(partition_key=key) for key in new],
        dynamic_partitions_requests=[page_partitions.build_add_request(new)] if new else [],
    )
