import shutil

import duckdb
import pytest

from pipelines.models import SQL_DIR, load_models, referenced_tables
from tests.helpers import CONTRACT_MODELS


def test_repo_models_include_the_contract_ones_with_parsed_deps():
    models = {model.name: model for model in load_models()}
    assert set(CONTRACT_MODELS) <= set(models)
    assert models["official_article_counts"].deps == {"officials", "official_mentions"}
    assert models["topic_trends"].deps == {"article_topics"}
    assert models["economic_figures_by_metric"].deps == {"economic_figures"}


def test_cte_names_are_not_dependencies():
    sql = """
        WITH recent AS (SELECT * FROM articles WHERE issue_date > DATE '2023-01-01')
        SELECT r.headline, t.topic FROM recent AS r JOIN article_topics AS t USING (article_id)
    """
    assert referenced_tables(sql) == {"articles", "article_topics"}


def test_a_new_sql_file_is_a_new_model_after_the_models_it_reads(tmp_path, warehouse):
    sql_dir = shutil.copytree(SQL_DIR, tmp_path / "sql")
    (sql_dir / "busy_officials.sql").write_text(
        "-- Officials named in more than one article.\n"
        "WITH counted AS (SELECT * FROM official_article_counts)\n"
        "SELECT name, article_count FROM counted WHERE article_count > 1;\n",
        encoding="utf-8",
    )
    models = load_models(sql_dir)
    names = [model.name for model in models]
    busy = models[names.index("busy_officials")]
    assert busy.deps == {"official_article_counts"}
    assert busy.description == "Officials named in more than one article."
    assert names.index("official_article_counts") < names.index("busy_officials")

    warehouse.refresh_duckdb(models)
    with duckdb.connect(str(warehouse.db_path), read_only=True) as con:
        assert con.sql("SELECT * FROM busy_officials").columns == ["name", "article_count"]


@pytest.mark.parametrize(
    "sql, error",
    [
        ("SELECT * FROM no_such_table", "unknown tables ['no_such_table']"),
        ("SELEC oops FROM", "bad.sql"),
    ],
)
def test_bad_models_fail_naming_their_file(tmp_path, sql, error):
    (tmp_path / "bad.sql").write_text(sql, encoding="utf-8")
    with pytest.raises(ValueError, match=r"bad\.sql") as raised:
        load_models(tmp_path)
    assert error in str(raised.value)


def test_models_reading_each_other_in_a_cycle_are_refused(tmp_path):
    (tmp_path / "a.sql").write_text("SELECT * FROM b", encoding="utf-8")
    (tmp_path / "b.sql").write_text("SELECT * FROM a", encoding="utf-8")
    with pytest.raises(ValueError, match="cycle"):
        load_models(tmp_path)


def test_a_model_that_duckdb_rejects_fails_naming_its_file(tmp_path, warehouse):
    (tmp_path / "broken.sql").write_text("SELECT no_such_column FROM pages", encoding="utf-8")
    with pytest.raises(ValueError, match=r"broken\.sql"):
        warehouse.refresh_duckdb(load_models(tmp_path))
    assert not warehouse.db_path.exists()
