"""One asset per SQL model in sql/; its upstream is whatever its SQL reads."""

import hashlib

import dagster as dg
import duckdb

from gazette.defs.metadata import markdown_preview
from gazette.defs.resources import GazetteResource
from gazette.defs.steps import AFTER_PAGES, WAREHOUSE_POOL, WRITTEN_BY
from gazette.models import Model, load_models


def model_asset(model: Model, models: list[Model]) -> dg.AssetsDefinition:
    """The asset for one model: rebuild gazette.duckdb (all views) and report this view's rows."""

    @dg.asset(
        name=model.name,
        deps=sorted(WRITTEN_BY.get(dep, dep) for dep in model.deps),
        group_name="models",
        kinds={"duckdb", "sql"},
        description=model.description or None,
        code_version=hashlib.sha256(model.sql.encode()).hexdigest()[:12],
        metadata={"sql": dg.MetadataValue.md(f"```sql\n{model.sql}\n```"), "path": str(model.path)},
        automation_condition=AFTER_PAGES,
        pool=WAREHOUSE_POOL,
    )
    def _model(context: dg.AssetExecutionContext, gazette: GazetteResource) -> dg.MaterializeResult:
        warehouse = gazette.warehouse()
        with warehouse.lock(lambda: context.log.info("waiting for another run writing the warehouse")):
            db_path = warehouse.refresh_duckdb(models)
        with duckdb.connect(str(db_path), read_only=True) as con:
            [(row_count,)] = con.sql(f'SELECT count(*) FROM "{model.name}"').fetchall()
            head = con.sql(f'SELECT * FROM "{model.name}" LIMIT 5').to_arrow_table()
            columns = con.sql(f'DESCRIBE "{model.name}"').fetchall()
        return dg.MaterializeResult(
            metadata={
                "dagster/row_count": row_count,
                "dagster/column_schema": dg.TableSchema(
                    columns=[dg.TableColumn(name, column_type) for name, column_type, *_ in columns]
                ),
                "preview": dg.MetadataValue.md(markdown_preview(head)),
                "database": dg.MetadataValue.path(str(db_path)),
            }
        )

    return _model


MODELS = load_models()
model_assets = [model_asset(model, MODELS) for model in MODELS]
