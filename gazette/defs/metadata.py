"""What every materialisation reports: row counts, a glance at the first rows, and quality checks."""

from __future__ import annotations

import json
from typing import Any

import dagster as dg
import pyarrow as pa

from gazette.quality import CheckOutcome, page_checks
from gazette.tables import COLUMN_DOCS, PRIMARY_KEYS, SCHEMAS, to_arrow
from gazette.warehouse import Warehouse


def column_schema(table: str) -> dg.TableSchema:
    """The table's columns as Dagster shows them in the asset catalogue: type, meaning, key."""
    key = PRIMARY_KEYS[table]
    return dg.TableSchema(
        columns=[
            dg.TableColumn(
                f.name,
                str(f.type),
                description=COLUMN_DOCS[table][f.name],
                constraints=dg.TableColumnConstraints(nullable=f.name not in key),
            )
            for f in SCHEMAS[table]
        ],
        constraints=dg.TableConstraints(other=[f"unique ({', '.join(key)})"]),
    )


PREVIEW_COLUMNS = 8  # more, and the UI squeezes each column to a character's width
PREVIEW_WIDTH = 30  # characters of a cell: a headline, not a body


def markdown_preview(data: pa.Table, rows: int = 5, width: int = PREVIEW_WIDTH, columns: int = PREVIEW_COLUMNS) -> str:
    """The first rows as a markdown table: the first columns only, long text and lists cut short."""

    def cell(value) -> str:
        if isinstance(value, list):
            value = ", ".join(map(str, value[:3])) + (", …" if len(value) > 3 else "")
        text = " ".join(str("" if value is None else value).split()).replace("|", "\\|")
        return text if len(text) <= width else text[: width - 1] + "…"

    shown = data.select(data.column_names[:columns])
    lines = ["| " + " | ".join(shown.column_names) + " |", "|" + "---|" * shown.num_columns]
    lines += ["| " + " | ".join(cell(v) for v in row.values()) + " |" for row in shown.slice(0, rows).to_pylist()]
    if data.num_columns > columns:
        lines.append(f"\n({data.num_columns - columns} more columns: {', '.join(data.column_names[columns:])})")
    return "\n".join(lines)


def table_total(warehouse: Warehouse, table: str) -> int:
    """Rows of the whole table, all pages (from the lake's current snapshot)."""
    return warehouse.lake.count(table)


def table_metadata(written: dict[str, pa.Table], totals: dict[str, int | None] | None = None) -> dict[str, Any]:
    """Metadata for an asset that wrote these tables; the first is its main table.

    `dagster/row_count` (the UI's "Row count") is what this run wrote; `table_rows`,
    when given, is the whole table's, every page included.
    """
    main = next(iter(written))
    metadata = {
        "dagster/row_count": written[main].num_rows,
        "preview": dg.MetadataValue.md(markdown_preview(written[main])),
    }
    if totals and totals.get(main) is not None:
        metadata["table_rows"] = totals[main]
    if len(written) > 1:
        metadata.update({f"rows/{table}": data.num_rows for table, data in written.items()})
    return metadata


def _check_name(asset: str, outcome: CheckOutcome) -> str:
    return outcome.name if outcome.table == asset else f"{outcome.table}_{outcome.name}"


def check_specs(asset: str, tables: list[str]) -> list[dg.AssetCheckSpec]:
    """The checks (gazette.quality) an asset writing `tables` reports with each materialisation."""
    empty = {table: to_arrow(table, []) for table in tables}
    return [
        dg.AssetCheckSpec(_check_name(asset, outcome), asset=asset, description=outcome.description)
        for outcome in page_checks(empty, page_texts=to_arrow("page_texts", []))
    ]


def check_result(
    outcome: CheckOutcome, check_name: str | None = None, severity: dg.AssetCheckSeverity = dg.AssetCheckSeverity.ERROR
) -> dg.AssetCheckResult:
    """A check outcome as a Dagster result: failures counted, a few failing rows shown."""
    examples = json.loads(json.dumps(outcome.examples, default=str))
    return dg.AssetCheckResult(
        check_name=check_name,
        passed=outcome.passed,
        severity=severity,
        metadata={"failures": outcome.failures, **({"examples": dg.MetadataValue.json(examples)} if examples else {})},
    )


def check_results(asset: str, outcomes: list[CheckOutcome]) -> list[dg.AssetCheckResult]:
    """The results of an asset's inline checks (see check_specs)."""
    return [check_result(outcome, _check_name(asset, outcome)) for outcome in outcomes]
