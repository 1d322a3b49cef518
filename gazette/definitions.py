"""Everything Dagster loads: `dagster dev -m gazette.definitions` (see `make ui`)."""

import dagster as dg

from gazette.defs.automation import daily_models, everything_job, follow_pages, inbox_sensor, models_job, page_job
from gazette.defs.checks import warehouse_checks
from gazette.defs.compact import compact
from gazette.defs.models import model_assets
from gazette.defs.resources import GazetteResource
from gazette.defs.steps import officials, page_assets

defs = dg.Definitions(
    assets=[*page_assets, officials, compact, *model_assets],
    asset_checks=warehouse_checks,
    jobs=[page_job, everything_job, models_job],
    schedules=[daily_models],
    sensors=[inbox_sensor, follow_pages],
    resources={"gazette": GazetteResource.from_environment()},
    # Every run does its steps in its own process: the steps are seconds of work, a process per
    # step would import everything and load jieba again for each (officials and 7 models: 8 times).
    executor=dg.in_process_executor,
)
