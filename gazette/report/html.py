"""The report's HTML: escaping, numbers, tables, sections and the page template."""

from __future__ import annotations

import datetime as dt
import html
import json
from pathlib import Path
from typing import Any

TEMPLATE = Path(__file__).with_name("template.html")

# CJK-capable fonts first (macOS, Windows, Linux), so Chinese renders in the page and the charts alike.
FONTS = (
    "PingFang SC",
    "Hiragino Sans GB",
    "Microsoft YaHei",
    "Noto Sans CJK SC",
    "Source Han Sans SC",
    "WenQuanYi Micro Hei",
    "Helvetica Neue",
    "Arial",
)
FONT_CSS = ", ".join(f'"{font}"' for font in FONTS) + ", sans-serif"

UNKNOWN_MONTH = "date unknown"


def escaped(value: Any) -> str:
    """`value` as text for HTML (element content or a quoted attribute): everything escaped."""
    return html.escape("" if value is None else str(value), quote=True)


def script_json(value: Any) -> str:
    """JSON that is safe inside a <script> element: "</script>", "<!--" and the like cannot occur."""
    text = json.dumps(value, ensure_ascii=False, separators=(",", ":"), default=_json_default)
    # "<", ">" and "&" only occur inside JSON strings, where \\u escapes mean the same characters.
    return (
        text.replace("<", "\\u003c")
        .replace(">", "\\u003e")
        .replace("&", "\\u0026")
        .replace("\u2028", "\\u2028")
        .replace("\u2029", "\\u2029")
    )


def _json_default(value: Any) -> Any:
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    raise TypeError(f"not JSON serialisable: {type(value).__name__}")


def fmt_number(value: float | int | None) -> str:
    """A number as a Chinese reader writes it: 亿 (1e8) and 万 (1e4) for large values."""
    if value is None:
        return ""
    if isinstance(value, int):
        return f"{value:,}"
    magnitude = abs(value)
    if magnitude >= 1e8:
        return f"{value / 1e8:,.2f}".rstrip("0").rstrip(".") + "亿"
    if magnitude >= 1e4:
        return f"{value / 1e4:,.2f}".rstrip("0").rstrip(".") + "万"
    return f"{value:,.2f}".rstrip("0").rstrip(".")


def _cell(value: Any) -> tuple[str, str]:
    """(escaped text, css class) for one table cell."""
    if value is None or value == [] or value == "":
        return "—", "empty"
    if isinstance(value, bool):
        return ("yes" if value else "no"), ""
    if isinstance(value, (int, float)):
        return escaped(fmt_number(value)), "num"
    if isinstance(value, (list, tuple)):
        return escaped("、".join(str(item) for item in value if item is not None)), ""
    if isinstance(value, (dt.date, dt.datetime)):
        return escaped(value.isoformat()), "date"
    return escaped(value), ""


def html_table(headers: list[str], rows: list[list[Any]], empty: str = "Nothing to show yet.") -> str:
    """An HTML table; every header and cell is escaped here, in one place."""
    if not rows:
        return f'<p class="note">{escaped(empty)}</p>'
    numeric = [all(isinstance(row[i], (int, float)) or row[i] is None for row in rows) for i in range(len(headers))]
    head = "".join(
        f'<th class="num">{escaped(h)}</th>' if numeric[i] else f"<th>{escaped(h)}</th>" for i, h in enumerate(headers)
    )
    body = []
    for row in rows:
        cells = []
        for value in row:
            text, css = _cell(value)
            cells.append(f'<td class="{css}">{text}</td>' if css else f"<td>{text}</td>")
        body.append("<tr>" + "".join(cells) + "</tr>")
    return f'<div class="table-wrap"><table><thead><tr>{head}</tr></thead><tbody>{"".join(body)}</tbody></table></div>'


def rows_table(rows: list[dict[str, Any]], columns: dict[str, str], empty: str = "Nothing to show yet.") -> str:
    """html_table of query rows: `columns` maps each header, in order, to the row key it shows."""
    return html_table(list(columns), [[row[key] for key in columns.values()] for row in rows], empty)


def month_label(month: dt.date | None) -> str:
    return month.strftime("%Y-%m") if month else UNKNOWN_MONTH


def month_order(labels: list[str]) -> list[str]:
    """Months in time order, undated last."""
    return sorted(set(labels), key=lambda label: (label == UNKNOWN_MONTH, label))


def cut_note(shown: int, total: int, what: str, query: str) -> str:
    """The note under a table or chart that shows `shown` of `total`; empty when nothing was cut."""
    if total <= shown:
        return ""
    return f'<p class="note">{escaped(f"{shown:,} of {total:,} {what} shown; all of them: gazette sql {query!r}")}</p>'


def section(anchor: str, title: str, intro: str, parts: list[str]) -> str:
    return (
        f'<section id="{escaped(anchor)}"><h2>{escaped(title)}</h2><p class="note">{escaped(intro)}</p>'
        + "".join(parts)
        + "</section>"
    )
