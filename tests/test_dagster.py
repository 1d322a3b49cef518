import subprocess
from pathlib import Path

import dagster as dg
import duckdb
import pytest
import yaml

from gazette.cli import main
from gazette.definitions import defs
from gazette.defs.automation import page_executor
from gazette.defs.checks import pages_stored_once, warehouse_checks
from gazette.defs.compact import compact
from gazette.defs.models import MODELS, model_assets
from gazette.defs.resources import GazetteResource
from gazette.defs.steps import WRITTEN_BY, officials, page_assets, pages
from gazette.inbox import scan
from gazette.tables import CONTRACT_COLUMNS, CONTRACT_MODELS, SCHEMAS
from gazette.warehouse import Warehouse
from tests.fonts import cjk_font, needs_cjk_font
from tests.helpers import rows_without_times
from tests.scanned_pages import SMALL, draw_scan

ALL_ASSETS = [*page_assets, officials, compact, *model_assets]


def resources_for(seed_pages, warehouse) -> dict:
    return {"gazette": GazetteResource(warehouse_dir=str(warehouse.root), inbox_dir=str(seed_pages))}


def test_the_resource_reads_each_setting_from_the_environment_when_a_run_starts(tmp_path, monkeypatch):
    monkeypatch.delenv("GAZETTE_INBOX", raising=False)
    monkeypatch.setenv("GAZETTE_WAREHOUSE", str(tmp_path / "at-load"))
    resource = GazetteResource.from_environment()
    seen = {}

    @dg.asset
    def probe(gazette: GazetteResource) -> None:
        seen.update(warehouse=gazette.warehouse_dir, inbox=gazette.inbox_dir)

    monkeypatch.setenv("GAZETTE_WAREHOUSE", str(tmp_path / "at-run"))
    assert dg.materialize([probe], resources={"gazette": resource}).success
    assert seen == {"warehouse": str(tmp_path / "at-run"), "inbox": "seeds"}


def test_every_table_has_the_asset_that_writes_it():
    assert set(WRITTEN_BY) == set(SCHEMAS)


def test_model_assets_depend_on_what_their_sql_reads():
    graph = defs.resolve_asset_graph()
    upstream = graph.get(dg.AssetKey("official_article_counts")).parent_keys
    assert upstream == {dg.AssetKey("officials"), dg.AssetKey("official_mentions_resolved"), dg.AssetKey("pages")}
    # a table is its step's asset (official_mentions: enrichment); a model, its own
    resolved = graph.get(dg.AssetKey("official_mentions_resolved")).parent_keys
    assert resolved == {dg.AssetKey("officials"), dg.AssetKey("enrichment")}
    assert {model.name for model in MODELS} >= set(CONTRACT_MODELS)


def test_definitions_have_the_jobs_and_automation_running_by_default():
    assert all(defs.resolve_job_def(job) for job in ("page_job", "everything_job", "models_job"))
    for sensor in ("inbox_sensor", "follow_pages"):
        assert defs.resolve_sensor_def(sensor).default_status == dg.DefaultSensorStatus.RUNNING
    assert defs.resolve_schedule_def("daily_models").default_status == dg.DefaultScheduleStatus.RUNNING


def keys_of(folder) -> dict[str, str]:
    """file name -> partition key of each page file in the folder."""
    return {file.name: file.key for file in scan(folder)[0]}


def test_materialising_every_asset_fills_every_contract_table_and_model(seed_pages, warehouse):
    (seed_pages / "blank.txt").write_text("", encoding="utf-8")
    keys = keys_of(seed_pages)
    seeds = sorted(key for name, key in keys.items() if name != "blank.txt")
    instance = dg.DagsterInstance.ephemeral()
    instance.add_dynamic_partitions("pages", list(keys.values()))
    resources = resources_for(seed_pages, warehouse)
    cursor = dg.evaluate_automation_conditions(defs=defs, instance=instance).cursor
    for key in [keys["blank.txt"], *seeds[:-1]]:
        result = dg.materialize(
            ALL_ASSETS,
            selection=page_assets,
            partition_key=key,
            resources=resources,
            instance=instance,
            raise_on_error=False,
        )
        assert result.success == (key != keys["blank.txt"])

    # The rejected page does not hold back officials and the models.
    automation = dg.evaluate_automation_conditions(defs=defs, instance=instance, cursor=cursor)
    requested = {evaluation.key for evaluation in automation.results if evaluation.true_subset.size}
    assert requested == {officials.key, compact.key, *(asset.key for asset in model_assets)}

    # The last page and everything downstream in one run.
    result = dg.materialize(ALL_ASSETS, partition_key=seeds[-1], resources=resources, instance=instance)
    assert result.success
    assert len(result.get_asset_materialization_events()) == len(ALL_ASSETS)

    for table, columns in CONTRACT_COLUMNS.items():
        data = warehouse.read_table(table)
        # The seed pages print no change of office: appointments has its columns and no rows.
        assert data.num_rows > 0 or table == "appointments", table
        assert data.column_names[: len(columns)] == columns, table
    assert warehouse.read_table("pages").num_rows == len(seeds)
    with duckdb.connect(str(warehouse.db_path), read_only=True) as con:
        for model in CONTRACT_MODELS:
            assert con.sql(f"SELECT count(*) FROM {model}").fetchall()[0][0] > 0, model

    [materialization] = result.asset_materializations_for_node("official_article_counts")
    assert materialization.metadata["dagster/row_count"].value > 0
    assert materialization.metadata["preview"].value.startswith("| official_id | name |")

    # Every table's checks ran with the run and passed.
    checks = {
        (check.asset_key.path[-1], check.check_name): check.passed for check in result.get_asset_check_evaluations()
    }
    assert all(checks.values())
    assert {
        ("articles", "headline_present"),
        ("articles", "offsets_inside_page"),
        ("articles", "page_blocks_offsets_inside_page"),
        ("enrichment", "official_mentions_name_and_title_present"),
        ("enrichment", "economic_figures_value_and_unit_present"),
        ("officials", "unique_official_id"),
        ("page_texts", "offsets_map_back"),
        ("pages", "unique_page_id"),
    } <= set(checks)
    checked_tables = {
        name.rsplit("_unique_", 1)[0] if "_unique_" in name else asset for asset, name in checks if "unique_" in name
    }
    assert checked_tables == set(SCHEMAS)


def test_warehouse_wide_checks_find_the_same_page_stored_twice(seed_pages, warehouse):
    assert main(["run", "--input", str(seed_pages), "--warehouse", str(warehouse.root)]) == 0
    for check in warehouse_checks:
        assert check(gazette=GazetteResource(warehouse_dir=str(warehouse.root))).passed
    [row] = warehouse.read_page("pages", sorted(path.name for path in seed_pages.glob("*.txt"))[0])
    warehouse.write_page_table("pages", "copy.txt", [{**row, "source_path": "copy.txt"}])
    assert not pages_stored_once(gazette=GazetteResource(warehouse_dir=str(warehouse.root))).passed


def test_a_page_missing_from_the_inbox_fails_naming_the_file(seed_pages, warehouse):
    instance = dg.DagsterInstance.ephemeral()
    instance.add_dynamic_partitions("pages", ["gone.txt@000000000000"])
    with pytest.raises(FileNotFoundError, match=r"gone\.txt: page file not found"):
        dg.materialize(
            ALL_ASSETS,
            selection=page_assets,
            partition_key="gone.txt@000000000000",
            resources=resources_for(seed_pages, warehouse),
            instance=instance,
        )


def test_a_bad_page_fails_naming_the_file(seed_pages, warehouse):
    (seed_pages / "blank.txt").write_text("", encoding="utf-8")
    key = keys_of(seed_pages)["blank.txt"]
    instance = dg.DagsterInstance.ephemeral()
    instance.add_dynamic_partitions("pages", [key])
    with pytest.raises(ValueError, match=r"blank\.txt: empty file"):
        dg.materialize(
            ALL_ASSETS,
            selection=page_assets,
            partition_key=key,
            resources=resources_for(seed_pages, warehouse),
            instance=instance,
        )


def first_page_built(seed_pages, warehouse):
    """(name, partition key, instance, resources) of the first seed page, after its page run."""
    name, key = next(iter(keys_of(seed_pages).items()))
    instance = dg.DagsterInstance.ephemeral()
    instance.add_dynamic_partitions("pages", [key])
    resources = resources_for(seed_pages, warehouse)
    assert dg.materialize(
        ALL_ASSETS, selection=page_assets, partition_key=key, resources=resources, instance=instance
    ).success
    return name, key, instance, resources


def test_a_page_run_for_a_deleted_file_marks_it_deleted_and_keeps_its_rows(seed_pages, warehouse):
    name, key, instance, resources = first_page_built(seed_pages, warehouse)
    articles_before = warehouse.read_table("articles").num_rows
    (seed_pages / name).unlink()
    result = dg.materialize(ALL_ASSETS, selection=[pages], partition_key=key, resources=resources, instance=instance)
    assert result.success
    [row] = warehouse.read_page("pages", name)
    assert row["deleted_at"] is not None
    assert warehouse.read_table("articles").num_rows == articles_before
    with duckdb.connect(str(warehouse.db_path), read_only=True) as con:  # out of the views, kept aside
        counts = con.sql("SELECT (SELECT count(*) FROM articles), (SELECT count(*) FROM articles_with_deleted)")
        assert counts.fetchone() == (0, articles_before)


def test_a_page_can_be_queried_in_gazette_duckdb_once_its_page_run_ends(seed_pages, warehouse):
    name, *_ = first_page_built(seed_pages, warehouse)
    stored = warehouse.read_table("articles").num_rows
    with duckdb.connect(str(warehouse.db_path), read_only=True) as con:
        [(source_path, articles)] = con.sql(
            "SELECT p.source_path, count(*) FROM articles a JOIN pages p USING (page_id) GROUP BY p.source_path"
        ).fetchall()
    assert (source_path, articles) == (name, stored) and stored > 0


def test_a_partition_whose_file_changed_since_fails_without_writing(seed_pages, warehouse):
    name, key = next(iter(keys_of(seed_pages).items()))
    (seed_pages / name).write_text((seed_pages / name).read_text(encoding="utf-8") + "\n平湖新闻。", encoding="utf-8")
    instance = dg.DagsterInstance.ephemeral()
    instance.add_dynamic_partitions("pages", [key])
    with pytest.raises(ValueError, match="changed since partition"):
        dg.materialize(
            ALL_ASSETS,
            selection=page_assets,
            partition_key=key,
            resources=resources_for(seed_pages, warehouse),
            instance=instance,
        )
    assert warehouse.read_table("pages").num_rows == 0


def test_the_catalogue_shows_groups_kinds_and_described_columns():
    graph = defs.resolve_asset_graph()
    groups = {key.path[-1]: graph.get(key).group_name for key in graph.get_all_asset_keys()}
    assert {groups["pages"], groups["page_texts"]} == {"ingest"} and groups["articles"] == "articles"
    assert groups["enrichment"] == groups["officials"] == "enrich"
    assert {groups[model.name] for model in MODELS} == {"models"}
    nodes = {key.path[-1]: graph.get(key) for key in graph.get_all_asset_keys()}
    assert {"polars", "parquet"} <= nodes["articles"].kinds and "duckdb" in nodes["topic_trends"].kinds
    columns = nodes["articles"].metadata["dagster/column_schema"].columns
    assert [column.name for column in columns] == SCHEMAS["articles"].names
    assert all(column.description for column in columns)
    assert all(node.description for node in nodes.values())


def test_a_page_in_a_subfolder_is_materialised_under_its_path_and_marked_when_it_goes(seed_pages, warehouse):
    day = seed_pages / "2019-02-26"
    day.mkdir()
    next(seed_pages.glob("002_*")).rename(day / "05.txt")
    key = keys_of(seed_pages)["2019-02-26/05.txt"]
    instance = dg.DagsterInstance.ephemeral()
    instance.add_dynamic_partitions("pages", [key])
    resources = resources_for(seed_pages, warehouse)
    assert dg.materialize(ALL_ASSETS, selection=page_assets, partition_key=key, resources=resources, instance=instance)
    [row] = warehouse.read_table("pages").to_pylist()
    assert (row["source_path"], row["page_no"]) == ("2019-02-26/05.txt", "5")
    assert warehouse.read_table("articles").num_rows > 0
    (day / "05.txt").unlink()
    dg.materialize(ALL_ASSETS, selection=[pages], partition_key=key, resources=resources, instance=instance)
    [row] = warehouse.read_table("pages").to_pylist()
    assert row["deleted_at"] is not None


def test_one_run_does_a_batch_of_pages_and_a_bad_one_does_not_stop_the_others(seed_pages, warehouse):
    (seed_pages / "blank.txt").write_text("", encoding="utf-8")
    keys = keys_of(seed_pages)
    order = [keys["blank.txt"], *sorted(key for name, key in keys.items() if name != "blank.txt")]
    instance = dg.DagsterInstance.ephemeral()
    instance.add_dynamic_partitions("pages", order)
    result = dg.materialize(
        ALL_ASSETS,
        selection=page_assets,
        tags={"dagster/asset_partition_range_start": order[0], "dagster/asset_partition_range_end": order[-1]},
        resources=resources_for(seed_pages, warehouse),
        instance=instance,
    )
    assert result.success
    assert warehouse.read_table("pages").num_rows == len(order) - 1
    assert warehouse.read_table("article_topics").num_rows > 0
    [materialization, *_] = result.asset_materializations_for_node("articles")
    metadata = materialization.metadata
    assert (
        metadata["dagster/row_count"].value == metadata["table_rows"].value == warehouse.read_table("articles").num_rows
    )
    [failed] = result.asset_materializations_for_node("pages")[0].metadata["pages failed"].value
    assert failed.startswith("blank.txt@") and failed.endswith("blank.txt: empty file")
    # The preview stays readable: a few columns, no body a screen long.
    preview = metadata["preview"].value.splitlines()
    assert preview[0].count("|") <= 9 and all(len(cell) <= 32 for line in preview[2:7] for cell in line.split(" | "))


def test_make_ui_writes_the_instance_settings_from_files_dagster_dev_does_not_warn_about(tmp_path):
    repo = Path(__file__).resolve().parent.parent
    assert not (repo / "dagster.yaml").exists()  # `dagster dev` warns about one in the folder it starts in

    def written(*variables: str) -> dict:
        make = ["make", "-s", "dagster-settings", f"DAGSTER_HOME_DIR={tmp_path}", *variables]
        subprocess.run(make, cwd=repo, check=True, capture_output=True)
        return yaml.safe_load((tmp_path / "dagster.yaml").read_text(encoding="utf-8"))

    settings = written()
    assert settings["concurrency"]["pools"]["default_limit"] == 1
    assert "storage" not in settings  # Dagster's default: SQLite files in dagster_home/
    settings = written("DAGSTER_POSTGRES_URL=postgresql+psycopg2://dagster@db.local/dagster")
    assert settings["concurrency"]["pools"]["default_limit"] == 1
    assert settings["storage"] == {"postgres": {"postgres_url": {"env": "DAGSTER_POSTGRES_URL"}}}


def test_the_page_job_takes_the_executor_gazette_dagster_executor_names():
    assert page_executor("multiprocess") is dg.multiprocess_executor
    assert page_executor("in_process") is dg.in_process_executor
    with pytest.raises(ValueError, match="GAZETTE_DAGSTER_EXECUTOR='threads': one of in_process, multiprocess"):
        page_executor("threads")


# An article of a scanned page that names an official and a sum of money (names made up).
SCANNED_ARTICLE = (
    "青溪市召开重点项目推进会",
    [
        "本报讯（记者王明）5月11日，市委书记郑海峰主持召开全市重点项目推进会，听取各县区项目建设情况汇报。",
        "会议指出，今年全市重点项目计划完成投资12.5亿元，各地要加快项目建设进度。",
    ],
)


@pytest.fixture(scope="module")
def scanned_warehouses(tmp_path_factory):
    """One page image, built by `gazette run` and by Dagster into two warehouses (OCR is slow: once each)."""
    font = cjk_font()
    if font is None:
        pytest.skip("no CJK font listed by fontconfig (apt install fonts-wqy-microhei)")
    folder = tmp_path_factory.mktemp("scanned")
    (folder / "inbox").mkdir()
    image, _ = draw_scan(5, SMALL, font, given=(SCANNED_ARTICLE,))
    image.save(folder / "inbox" / "2026-05-12_03.png")
    # The paper is named: `gazette run` gives a page that names none its folder's paper (papers.sharing),
    # which a Dagster run of one page cannot.
    (folder / "inbox" / "manifest.csv").write_text("file,issue_date,edition,issue_no,page_no,paper\n*,,,,,pinghu\n")
    by_run, by_dagster = Warehouse(folder / "run"), Warehouse(folder / "dagster")
    assert main(["run", "--input", str(folder / "inbox"), "--warehouse", str(by_run.root)]) == 0
    [key] = keys_of(folder / "inbox").values()
    instance = dg.DagsterInstance.ephemeral()
    instance.add_dynamic_partitions("pages", [key])
    resources = resources_for(folder / "inbox", by_dagster)
    assert dg.materialize(ALL_ASSETS, partition_key=key, resources=resources, instance=instance).success
    return by_run, by_dagster


@needs_cjk_font
def test_dagster_and_gazette_run_give_equal_rows_for_a_page_image(scanned_warehouses):
    by_run, by_dagster = scanned_warehouses
    [page] = by_run.read_table("pages").to_pylist()
    assert (page["format"], page["text_source"], page["page_no"]) == ("image", "ocr", "3")
    assert rows_without_times(by_dagster) == rows_without_times(by_run)


@needs_cjk_font
def test_officials_and_money_figures_are_found_on_a_scanned_page(scanned_warehouses):
    by_run, _ = scanned_warehouses
    [article] = [a for a in by_run.read_table("articles").to_pylist() if a["headline"] == SCANNED_ARTICLE[0]]
    mentions = [
        m for m in by_run.read_table("official_mentions").to_pylist() if m["article_id"] == article["article_id"]
    ]
    assert [(m["name"], m["title"]) for m in mentions] == [("郑海峰", "市委书记")]
    figures = [f for f in by_run.read_table("economic_figures").to_pylist() if f["article_id"] == article["article_id"]]
    assert [(f["value"], f["unit"]) for f in figures] == [(12.5, "亿元")]
