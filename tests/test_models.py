import re
import shutil

import duckdb
import pytest

from gazette.cli import main
from gazette.models import SQL_DIR, load_models, referenced_tables
from gazette.report import build_report
from gazette.tables import CONTRACT_MODELS
from gazette.warehouse import Warehouse


def test_repo_models_include_the_contract_ones_with_parsed_deps():
    models = {model.name: model for model in load_models()}
    assert set(CONTRACT_MODELS) <= set(models)
    assert models["official_article_counts"].deps == {"officials", "official_mentions_resolved", "pages"}
    assert models["official_mentions_resolved"].deps == {"officials", "official_mentions"}
    assert models["topic_trends"].deps == {"article_topics", "pages"}
    assert models["economic_figures_by_metric"].deps == {"economic_figures", "pages"}


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


def model_rows(warehouse) -> dict[str, list]:
    """Every model's rows, sorted; officials by name (their IDs and titles come from the officials table,
    which resolves everyone ever named, deleted pages included)."""
    out = {}
    with duckdb.connect(str(warehouse.db_path), read_only=True) as con:
        for model in load_models():
            if model.name == "official_article_counts":
                query = "SELECT name, article_count, page_count, first_seen, last_seen FROM official_article_counts"
            else:
                query = f"SELECT * FROM {model.name}"
            out[model.name] = sorted(map(repr, con.sql(query).fetchall()))
    return out


def report_numbers(warehouse) -> list[str]:
    """Every number the report shows in its tables and charts' data (sorted: a chart's rows come in any order)."""
    document = build_report(warehouse)
    return sorted(re.findall(r'class="num">([^<]*)<', document) + re.findall(r'"[a-z_]+":(-?[0-9.e+]+)[,}]', document))


def test_models_and_the_report_count_live_pages_only(seed_pages, tmp_path):
    gone = sorted(seed_pages.iterdir())[0]
    rest = shutil.copytree(seed_pages, tmp_path / "rest")
    (rest / gone.name).unlink()
    marked, fresh = Warehouse(tmp_path / "marked"), Warehouse(tmp_path / "fresh")
    assert main(["run", "--input", str(seed_pages), "--warehouse", str(marked.root)]) == 0
    counted_with_the_page = model_rows(marked)
    gone.unlink()
    assert main(["run", "--input", str(seed_pages), "--warehouse", str(marked.root)]) == 0
    assert marked.read_table("pages").column("deleted_at").null_count == 4  # marked, still stored
    assert main(["run", "--input", str(rest), "--warehouse", str(fresh.root)]) == 0

    assert model_rows(marked) == model_rows(fresh) != counted_with_the_page
    # The report counts the same (its officials' titles come from the officials table, as in the model).
    assert report_numbers(marked) == report_numbers(fresh)
    with duckdb.connect(str(marked.db_path), read_only=True) as con:  # deleted pages stay queryable
        assert con.sql("SELECT count(*) FROM pages_with_deleted WHERE deleted_at IS NOT NULL").fetchone() == (1,)
