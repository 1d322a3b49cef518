"""What every materialisation reports: row counts and a glance at the first rows."""
from __future__ import annotations

import dagster as dg
import pyarrow as pa

from pipelines.tables import SCHEMAS


def column_schema(table: str) -> dg.TableSchema:
    """The table's columns as Dagster shows them in the asset catalogue."""
    return dg.TableSchema(columns=[dg.TableColumn(f.name, str(f.type)) for f in SCHEMAS[table]])


def markdown_preview(data: pa.Table, rows: int = 5, width: int = 40) -> str:
    """The first rows as a markdown table, long text and lists cut short."""
    def cell(value) -> str:
        if isinstance(value, list):
            value = ", ".join(map(str, value[:3])) + (", …" if len(value) > 3 else "")
        text = " ".join(str("" if value is None else value).split()).replace("|", "\\|")
        return text if len(text) <= width else text[: width - 1] + "…"

    lines = ["| " + " | ".join(data.column_names) + " |", "|" + "---|" * data.num_columns]
    lines += ["| " + " | ".join(cell(v) for v in row.values()) + " |" for row in data.slice(0, rows).to_pylist()]
    return "\n".join(lines)


def table_metadata(written: dict[str, pa.Table]) -> dict:
    """Metadata for an asset that wrote these tables; the first is its main table."""
    main = next(iter(written))
    metadata = {
        "dagster/row_count": written[main].num_rows,
        "preview": dg.MetadataValue.md(markdown_preview(written[main])),
    }
    if len(written) > 1:
        metadata.update({f"rows/{table}": data.num_rows for table, data in written.items()})
    return metadata


def unique_key_check(data: pa.Table, column: str) -> dg.AssetCheckResult:
    """Passes when no value of `column` appears twice."""
    values = data.column(column)
    duplicates = len(values) - len(values.unique())
    return dg.AssetCheckResult(check_name=f"unique_{column}", passed=duplicates == 0,
                               metadata={"duplicates": duplicates})
