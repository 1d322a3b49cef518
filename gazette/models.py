"""SQL models: each `sql/<name>.sql` is one SELECT that becomes the view <name>.

A model's upstream is read from its SQL (every table it references, minus its
own CTE names), so adding a .sql file needs no Python change. Models may read
warehouse tables and other models; load_models returns them in dependency order.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from graphlib import CycleError, TopologicalSorter
from importlib import resources
from pathlib import Path

import sqlglot
from sqlglot import exp

from gazette.tables import SCHEMAS

# The top-level sql/ folder, where users add models. gazette/sql links to it, so an installed
# wheel carries the models inside the package and finds them the same way.
SQL_DIR = Path(str(resources.files("gazette") / "sql"))
_NAME = re.compile(r"[a-z_][a-z0-9_]*")


@dataclass(frozen=True)
class Model:
    name: str
    path: Path
    sql: str
    deps: frozenset[str]  # warehouse tables and models this one reads

    @property
    def description(self) -> str:
        """The SQL's leading `--` comment lines, the model's documentation."""
        lines = []
        for line in self.sql.splitlines():
            if not line.startswith("--"):
                break
            lines.append(line.removeprefix("--").strip())
        return "\n".join(lines)


def referenced_tables(sql: str) -> set[str]:
    """Names of the tables a query reads, without the CTEs it defines itself."""
    tree = sqlglot.parse_one(sql, dialect="duckdb")
    ctes = {cte.alias_or_name for cte in tree.find_all(exp.CTE)}
    return {table.name for table in tree.find_all(exp.Table) if table.name and table.name not in ctes}


def load_models(sql_dir: Path = SQL_DIR) -> list[Model]:
    """Every model in sql_dir, each after the models it reads; errors name the file."""
    paths = {path.stem: path for path in sorted(Path(sql_dir).glob("*.sql"))}
    models = {}
    for name, path in paths.items():
        if not _NAME.fullmatch(name):
            raise ValueError(f"{path}: model names must be lower-case snake_case")
        if name in SCHEMAS:
            raise ValueError(f"{path}: {name!r} is already a warehouse table")
        sql = path.read_text(encoding="utf-8").strip().rstrip(";")
        try:
            deps = referenced_tables(sql)
        except sqlglot.errors.ParseError as exc:
            raise ValueError(f"{path}: {str(exc).splitlines()[0]}") from exc
        unknown = deps - set(SCHEMAS) - set(paths)
        if unknown:
            raise ValueError(f"{path}: reads unknown tables {sorted(unknown)}")
        models[name] = Model(name, path, sql, frozenset(deps))
    graph = {name: model.deps & set(models) for name, model in models.items()}
    try:
        order = list(TopologicalSorter(graph).static_order())
    except CycleError as exc:
        raise ValueError(f"{sql_dir}: models read each other in a cycle: {exc.args[1]}") from exc
    return [models[name] for name in order]
