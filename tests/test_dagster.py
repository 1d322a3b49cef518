import duckdb
import dagster as dg
import pytest

from conftest import CONTRACT_COLUMNS, CONTRACT_MODELS
from pipelines.definitions import defs
from pipelines.defs.models import MODELS, model_assets
from pipelines.defs.resources import GazetteResource
from pipelines.defs.steps import WRITTEN_BY, officials, page_assets
from pipelines.tables import SCHEMAS

ALL_ASSETS = [*page_assets, officials, *model_assets]


def resources_for(seed_pages, warehouse) -> dict:
    return {"gazette": GazetteResource(warehouse_dir=str(warehouse.root), inbox_dir=str(seed_pages))}


def test_every_table_has_the_asset_that_writes_it():
    assert set(WRITTEN_BY) == set(SCHEMAS)


def test_model_assets_depend_on_what_their_sql_reads():
    graph = defs.resolve_asset_graph()
    upstream = graph.get(dg.AssetKey("official_article_counts")).parent_keys
    assert upstream == {dg.AssetKey("officials"), dg.AssetKey("enrichment")}
    assert {model.name for model in MODELS} >= set(CONTRACT_MODELS)


def test_definitions_have_both_jobs():
    assert defs.resolve_job_def("page_job") and defs.resolve_job_def("everything_job")


def test_materialising_every_asset_fills_every_contract_table_and_model(seed_pages, warehouse):
    seeds = sorted(path.name for path in seed_pages.iterdir())
    (seed_pages / "blank.txt").write_text("", encoding="utf-8")
    instance = dg.DagsterInstance.ephemeral()
    instance.add_dynamic_partitions("pages", ["blank.txt", *seeds])
    resources = resources_for(seed_pages, warehouse)
    cursor = dg.evaluate_automation_conditions(defs=defs, instance=instance).cursor
    for key in ["blank.txt", *seeds[:-1]]:
        result = dg.materialize(ALL_ASSETS, selection=page_assets, partition_key=key,
                                resources=resources, instance=instance, raise_on_error=False)
        assert result.success == (key != "blank.txt")

    # The rejected page does not hold back officials and the models.
    automation = dg.evaluate_automation_conditions(defs=defs, instance=instance, cursor=cursor)
    requested = {evaluation.key for evaluation in automation.results if evaluation.true_subset.size}
    assert requested == {officials.key, *(asset.key for asset in model_assets)}

    # The last page and everything downstream in one run.
    result = dg.materialize(ALL_ASSETS, partition_key=seeds[-1], resources=resources, instance=instance)
    assert result.success
    assert len(result.get_asset_materialization_events()) == len(ALL_ASSETS)

    for table, columns in CONTRACT_COLUMNS.items():
        data = warehouse.read_table(table)
        assert data.num_rows > 0, table
        assert data.column_names[: len(columns)] == columns, table
    assert warehouse.read_table("pages").num_rows == len(seeds)
    with duckdb.connect(str(warehouse.db_path), read_only=True) as con:
        for model in CONTRACT_MODELS:
            assert con.sql(f"SELECT count(*) FROM {model}").fetchall()[0][0] > 0, model

    [materialization] = result.asset_materializations_for_node("official_article_counts")
    assert materialization.metadata["dagster/row_count"].value > 0
    assert materialization.metadata["preview"].value.startswith("| official_id | name |")
    checks = result.get_asset_check_evaluations()
    assert checks and all(check.passed for check in checks)


def test_a_page_missing_from_the_inbox_fails_naming_the_file(seed_pages, warehouse):
    instance = dg.DagsterInstance.ephemeral()
    instance.add_dynamic_partitions("pages", ["gone.txt"])
    with pytest.raises(FileNotFoundError, match="gone.txt: page file not found"):
        dg.materialize(ALL_ASSETS, selection=page_assets, partition_key="gone.txt",
                       resources=resources_for(seed_pages, warehouse), instance=instance)


def test_a_bad_page_fails_naming_the_file(seed_pages, warehouse):
    (seed_pages / "blank.txt").write_text("", encoding="utf-8")
    instance = dg.DagsterInstance.ephemeral()
    instance.add_dynamic_partitions("pages", ["blank.txt"])
    with pytest.raises(ValueError, match="blank.txt: empty file"):
        dg.materialize(ALL_ASSETS, selection=page_assets, partition_key="blank.txt",
                       resources=resources_for(seed_pages, warehouse), instance=instance)


def test_inbox_sensor_adds_new_pages_as_partitions_and_runs(seed_pages, warehouse):
    instance = dg.DagsterInstance.ephemeral()
    instance.add_dynamic_partitions("pages", ["000_84179e4bbcd1d47d.txt"])
    sensor = defs.resolve_sensor_def("inbox_sensor")
    context = dg.build_sensor_context(instance=instance, resources=resources_for(seed_pages, warehouse))
    result = sensor(context)
    new = sorted(path.name for path in seed_pages.iterdir())[1:]
    assert [request.partition_key for request in result.run_requests] == new
    assert result.dynamic_partitions_requests[0].partition_keys == new
