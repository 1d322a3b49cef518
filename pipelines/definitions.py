"""Everything Dagster loads: `dagster dev -m pipelines.definitions` (see `make ui`)."""
import dagster as dg

from pipelines.defs.automation import everything_job, inbox_sensor, page_job
from pipelines.defs.models import model_assets
from pipelines.defs.resources import GazetteResource
from pipelines.defs.steps import officials, page_assets

defs = dg.Definitions(
    assets=[*page_assets, officials, *model_assets],
    jobs=[page_job, everything_job],
    sensors=[inbox_sensor],
    resources={"gazette": GazetteResource()},
)
