"""`gazette report`: the warehouse as one self-contained HTML file.

    gazette report --warehouse warehouse --out warehouse/report.html

Sections with Vega-Lite charts (built with Altair) and tables: officials' activity,
careers, topic trends over time, economic figures by metric, then the most recent
articles (sections.py, careers.py; charts.py builds the charts, html.py the page).
The data is read through DuckDB, read-only, from the warehouse's gazette.duckdb
(its views and SQL models).

Self-contained: the Vega, Vega-Lite and vega-embed JavaScript is inlined from
the `vl-convert-python` package (`vl_convert.javascript_bundle`), the chart
data is inlined as JSON, and a Content-Security-Policy forbids any fetch, so
the file opens anywhere without a network. Every piece of page text put into
HTML goes through `html.escape`; the JSON inside <script> has "<", ">" and "&"
\\u-escaped, so no text can close the element.
"""

from __future__ import annotations

import datetime as dt
import sys
from importlib.metadata import version as package_version
from pathlib import Path
from string import Template

import duckdb

from gazette.errors import one_line
from gazette.live import live_pages_only
from gazette.report.charts import Charts, altair_module, vega_javascript
from gazette.report.html import FONT_CSS, TEMPLATE, escaped, script_json
from gazette.report.sections import articles_section, figures_section, officials_section, summary_of, topics_section
from gazette.warehouse import Warehouse

# DuckDB's own memory while the report's queries aggregate (it spills to disk beyond): the models over
# official_mentions would otherwise grow with the archive, for a report that embeds a fixed few thousand
# rows (docs/performance.md has the measured peak).
DUCKDB_MEMORY = "400MB"

__all__ = ["TEMPLATE", "build_report", "report_command", "script_json", "vega_javascript", "write_report"]


def build_report(warehouse: Warehouse) -> str:
    """The report on a warehouse as one HTML document (a str)."""
    if not warehouse.db_path.exists():
        raise FileNotFoundError(f"{warehouse.db_path}: no database yet; run `gazette run` first")
    alt = altair_module()
    charts = Charts()
    with (
        duckdb.connect(str(warehouse.db_path), read_only=True, config={"memory_limit": DUCKDB_MEMORY}) as con,
        alt.data_transformers.disable_max_rows(),
    ):
        live_pages_only(con)  # pages whose file left the inbox are not counted
        summary, span = summary_of(con)
        from gazette.report.careers import careers_section  # its own module, imported once this one is

        sections = [
            officials_section(con, charts),
            careers_section(con, charts),
            topics_section(con, charts),
            figures_section(con, charts),
            articles_section(con),
        ]
    import vl_convert

    generated = dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M UTC")
    return Template(TEMPLATE.read_text(encoding="utf-8")).substitute(
        title=escaped("gazette report"),
        lede=escaped(f"Warehouse {warehouse.root} · {span} · generated {generated}."),
        summary=summary,
        sections="\n".join(sections),
        chart_count=len(charts.specs),
        specs_json=script_json(charts.specs),
        font_css=FONT_CSS,
        vega_bundle=vega_javascript(),
        vega_version=escaped(vl_convert.get_vega_version()),
        vegalite_version=escaped(alt.SCHEMA_VERSION.lstrip("v")),
        vegaembed_version=escaped(vl_convert.get_vega_embed_version()),
        vlconvert_version=escaped(package_version("vl-convert-python")),
    )


def write_report(warehouse: Warehouse, out: Path) -> Path:
    """Write the report to `out` (its folder is created); return the path."""
    out = Path(out)
    text = build_report(warehouse)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(text, encoding="utf-8")
    return out


def report_command(warehouse: Warehouse, out: Path | None) -> int:
    """`gazette report`: write the file and say where; 2 when there is no warehouse yet."""
    out = Path(out) if out else warehouse.root / "report.html"
    try:
        path = write_report(warehouse, out)
    except FileNotFoundError as exc:
        print(f"gazette: {exc}", file=sys.stderr)
        return 2
    except duckdb.Error as exc:
        print(f"gazette: report: {one_line(exc)}", file=sys.stderr)
        return 1
    print(f"gazette: report ({path.stat().st_size / 1e6:.1f} MB) -> {path}")
    return 0
