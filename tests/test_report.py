"""`gazette report`: one self-contained HTML file; its charts draw in headless Chromium with no errors.

The warehouse is built from the seeds plus a page whose headline holds markup,
plus rows whose official name, topic, metric, ... hold markup (rows the
pipeline would not produce from real text, written straight to Parquet), so
every path from page text into the HTML, tables and chart JSON alike, is tried.
"""

import datetime as dt
import html
import json
import re
import shutil
import subprocess
from html.parser import HTMLParser
from pathlib import Path

import pytest

from gazette.cli import main
from gazette.models import load_models
from gazette.officials_step import refresh_officials
from gazette.report import build_report, careers, queries, script_json, sections, vega_javascript
from gazette.report.queries import rows_of
from gazette.warehouse import Warehouse
from tests.helpers import REPO

# The report is built once (a module fixture), so its tests run in one process under make test.
pytestmark = pytest.mark.xdist_group("test_report")

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-extensions",
    "--mute-audio",
    "--window-size=1280,2000",
    # Nothing may be fetched: any host name fails to resolve.
    "--host-resolver-rules=MAP * ~NOTFOUND",
    "--enable-logging=stderr",
    "--v=0",
]


def evil(tag: str) -> str:
    """Page text that is also markup: it must come out as text."""
    return f'{tag}</script><script>alert("{tag}")</script><img src=x onerror=alert("{tag}")>&amp;<!--'


# The markup of a page file; the pipeline keeps "<" and ">" but makes ASCII brackets full-width.
EVIL_PAGE = """## 平湖新闻<script>alert(1)</script>发布会召开

■记者 李雨婷

本报讯 9月12日上午，市委书记仲旭东出席会议。全市规上工业总产值达到164.1亿元，增长7.7%。
“</script><script>alert(3)</script>”工业与项目建设持续推进，新材料产业链招商引资成效明显。
"""


def inject_rows(warehouse: Warehouse) -> None:
    """A page's rows whose text fields are markup, written straight to the warehouse."""
    page, article, day = "evilpage", "evilpage-001", dt.date(2023, 10, 8)
    common = {"page_id": page, "issue_date": day}
    rows = {
        "pages": [
            {
                **common,
                "source_path": evil("source_path"),
                "sha256": "0" * 64,
                "format": "text",
                "edition": evil("edition"),
                "partition_key": "evil.txt",
                "char_count": 100,
            }
        ],
        "articles": [
            {
                **common,
                "article_id": article,
                "ordinal": 1,
                "headline": evil("headline"),
                "type": evil("type"),
                "body": evil("body"),
                "body_chars": 100,
                "reporters": [evil("reporter")],
                "correspondents": [],
                "photographers": [],
            }
        ],
        "official_mentions": [
            {
                **common,
                "article_id": article,
                "official_id": "evil-official",
                "name": evil("name"),
                "title": evil("title"),
                "jurisdiction": evil("jurisdiction"),
                "role": evil("role"),
                "titles": [evil("title")],
                "mention_count": 1,
                "first_char_offset": 0,
            }
        ],
        "economic_figures": [
            {
                **common,
                "article_id": article,
                "figure_id": "evil-figure",
                "text": evil("text"),
                "metric": evil("metric"),
                "value": 5.0,
                "unit": evil("unit"),
                "value_normalized": 5.0,
                "normalized_unit": evil("normalized_unit"),
                "period": evil("period"),
                "subject": evil("subject"),
                "approximate": False,
                "char_offset": 0,
            }
        ],
        "article_topics": [
            {**common, "article_id": article, "topic": evil("topic"), "score": 1.0, "method": "keywords"}
        ],
        "article_keywords": [{**common, "article_id": article, "keyword": evil("keyword"), "weight": 9.0, "rank": 1}],
    }
    for table, table_rows in rows.items():
        warehouse.write_page_table(table, "evil.txt", table_rows)
    refresh_officials(warehouse)
    warehouse.refresh_duckdb(load_models())


@pytest.fixture(scope="module")
def report(tmp_path_factory) -> tuple[Warehouse, Path, str]:
    root = tmp_path_factory.mktemp("report")
    inbox = Path(shutil.copytree(REPO / "seeds", root / "inbox"))
    (inbox / "900_evil.md").write_text(EVIL_PAGE, encoding="utf-8")
    warehouse = Warehouse(root / "warehouse")
    assert main(["run", "--input", str(inbox), "--warehouse", str(warehouse.root)]) == 0
    inject_rows(warehouse)
    out = root / "out" / "report.html"
    assert main(["report", "--warehouse", str(warehouse.root), "--out", str(out)]) == 0
    return warehouse, out, out.read_text(encoding="utf-8")


def test_report_is_self_contained(report):
    _, _, text = report
    assert text.startswith("<!DOCTYPE html>") and '<meta charset="utf-8">' in text
    assert not re.search(r"<script[^>]*\ssrc\s*=", text, re.I), "a <script src=...>: the report must inline its JS"
    assert not re.search(r"<link\b|@import|<iframe\b|url\(\s*['\"]?(https?:)?//", text, re.I), (
        "the report loads a style sheet, font or frame from elsewhere"
    )
    # The page itself forbids any fetch, so a browser never goes to the network for it.
    assert "default-src 'none'" in text
    # The vega, vega-lite and vega-embed code is in the file.
    assert "window.vegaEmbed=" in text and "window.vegaLite=" in text
    # Chinese page text is in the file as UTF-8 (a CJK font stack styles it).
    assert "仲旭东" in text and "Noto Sans CJK SC" in text


def test_every_piece_of_page_text_is_escaped(report):
    warehouse, _, text = report
    assert vega_javascript() in text
    text = text.replace(vega_javascript(), "")  # the library's own code, which builds tooltips with markup
    # The only elements are the report's own: three scripts (the JS bundle, the chart data, the start-up).
    assert text.count("<script") == 3 and text.lower().count("</script") == 3
    assert "<img" not in text
    # The markup from the page file, as the pipeline stored it, is in the tables as text.
    headline = next(h for h in warehouse.read_table("articles").column("headline").to_pylist() if h and "<script>" in h)
    assert headline not in text and html.escape(headline) in text
    for field in (
        "headline",
        "edition",
        "reporter",
        "name",
        "jurisdiction",
        "title",
        "text",
        "metric",
        "period",
        "subject",
        "topic",
        "keyword",
    ):
        assert evil(field) not in text
        assert html.escape(evil(field)) in text, f"{field} is missing from the report's tables"
    # In the chart data the same text survives JSON intact, with "<" ">" "&" \\u-escaped.
    charts = re.search(r'<script type="application/json" id="report-charts">(.*?)</script>', text, re.S).group(1)
    assert "<" not in charts and ">" not in charts and "&" not in charts
    data = json.dumps(json.loads(charts), ensure_ascii=False)
    for field in ("name", "jurisdiction", "topic", "metric", "normalized_unit", "period"):
        assert json.dumps(evil(field), ensure_ascii=False) in data, f"{field} is missing from the chart data"


def test_the_report_runs_every_query_of_sql_report(report, monkeypatch):
    warehouse, _, _ = report
    run = []
    monkeypatch.setattr(
        queries, "rows_of", lambda con, name, **params: run.append(name) or rows_of(con, name, **params)
    )
    monkeypatch.setattr(sections, "rows_of", queries.rows_of)
    monkeypatch.setattr(careers, "rows_of", queries.rows_of)
    build_report(warehouse)
    assert sorted(set(run)) == sorted(path.stem for path in queries.REPORT_SQL_DIR.glob("*.sql"))


def test_script_json_cannot_end_its_element():
    value = {"a": "</script><!-- & \u2028", "b": ["<b>"]}
    encoded = script_json(value)
    assert json.loads(encoded) == value
    assert not set(encoded) & set("<>&\u2028")


def test_a_warehouse_without_pages_gives_a_report_without_charts(warehouse):
    warehouse.refresh_duckdb(load_models())
    text = build_report(warehouse)
    assert 'data-charts-expected="0"' in text and "Nothing to show yet." in text


def test_report_without_a_warehouse_says_what_to_do(tmp_path, capsys):
    assert main(["report", "--warehouse", str(tmp_path / "none"), "--out", str(tmp_path / "r.html")]) == 2
    assert "run `gazette run` first" in capsys.readouterr().err
    assert not (tmp_path / "r.html").exists()


def test_report_has_help(capsys):
    with pytest.raises(SystemExit) as exited:
        main(["report", "--help"])
    assert exited.value.code == 0 and "--out FILE.html" in capsys.readouterr().out


# ---------------------------------------------------------------- in a browser

# Put first in <head>: records console errors and warnings, uncaught errors, failed loads,
# rejected promises, Content-Security-Policy violations and alert() calls in an attribute
# of <html>, where --dump-dom shows them.
PRELUDE = """<script>
(function () {
  var problems = [];
  function note(kind, args) {
    var text = Array.prototype.map.call(args, function (a) {
      if (a instanceof Error) return a.stack || a.message;
      try { return typeof a === "string" ? a : JSON.stringify(a); } catch (e) { return String(a); }
    }).join(" ");
    problems.push(kind + ": " + text);
    document.documentElement.setAttribute("data-test-problems", JSON.stringify(problems));
  }
  ["error", "warn"].forEach(function (level) {
    var original = console[level];
    console[level] = function () { note("console." + level, arguments); return original.apply(console, arguments); };
  });
  window.addEventListener("error", function (event) {
    note("error", [event.message || "failed to load " + (event.target && (event.target.src || event.target.href))]);
  }, true);
  window.addEventListener("unhandledrejection", function (event) { note("unhandled rejection", [event.reason]); });
  document.addEventListener("securitypolicyviolation", function (event) {
    note("content security policy", [event.violatedDirective + " blocked " + event.blockedURI]);
  });
  window.alert = function (message) { note("alert", [message]); };
})();
</script>
"""


class DomReader(HTMLParser):
    """The <html> attributes, and per chart <div>: its <svg> count and the items of its data marks."""

    VOID = frozenset(
        {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}
    )
    SHAPES = frozenset({"path", "rect", "line", "circle", "text", "image"})

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.root_attrs: dict[str, str] = {}
        self.charts: dict[str, dict] = {}
        self.stack: list[tuple[str, dict]] = []
        self.texts: list[str] = []

    def _chart(self) -> dict | None:
        for tag, attrs in reversed(self.stack):
            if tag == "div" and "vega-chart" in (attrs.get("class") or "").split():
                return self.charts[attrs["id"]]
        return None

    def handle_starttag(self, tag, attrs):
        attrs = {name: value or "" for name, value in attrs}
        if tag == "html":
            self.root_attrs = attrs
        if tag == "div" and "vega-chart" in attrs.get("class", "").split():
            self.charts[attrs["id"]] = {"svg": 0, "marks": 0, "text": []}
        chart = self._chart()
        if chart is not None:
            if tag == "svg":
                chart["svg"] += 1
            parent_class = (self.stack[-1][1].get("class") or "").split() if self.stack else []
            if tag in self.SHAPES and "role-mark" in parent_class:
                chart["marks"] += 1
        if tag not in self.VOID:
            self.stack.append((tag, attrs))

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)
        if tag not in self.VOID:
            self.stack.pop()

    def handle_endtag(self, tag):
        for i in range(len(self.stack) - 1, -1, -1):
            if self.stack[i][0] == tag:
                del self.stack[i:]
                return

    def handle_data(self, data):
        chart = self._chart()
        (chart["text"] if chart is not None else self.texts).append(data)


def render_in_chromium(page: Path, profile: Path) -> tuple[str, str]:
    """(the DOM after the page's scripts ran, Chromium's log) for a local HTML file."""
    done = subprocess.run(
        [
            str(CHROMIUM),
            *CHROMIUM_FLAGS,
            f"--user-data-dir={profile}",
            "--virtual-time-budget=20000",
            "--dump-dom",
            page.as_uri(),
        ],
        capture_output=True,
        text=True,
        timeout=180,
    )
    assert done.returncode == 0, f"chromium exited {done.returncode}:\n{done.stderr[-3000:]}"
    return done.stdout, done.stderr


def test_report_draws_its_charts_in_chromium_without_errors(report, tmp_path):
    if not CHROMIUM.exists():
        pytest.skip(
            f"{CHROMIUM} not found: install Debian's chromium package (`apt-get install -y chromium`) "
            "to render the report; .ci/run installs it in CI"
        )
    _, _out, text = report
    instrumented = tmp_path / "report.html"
    instrumented.write_text(text.replace("<head>", "<head>\n" + PRELUDE, 1), encoding="utf-8")
    dom, log = render_in_chromium(instrumented, tmp_path / "profile")

    reader = DomReader()
    reader.feed(dom)
    attrs = reader.root_attrs
    console = [line for line in log.splitlines() if ":CONSOLE" in line]
    assert "data-test-problems" not in attrs, "\n".join(json.loads(attrs["data-test-problems"]))
    assert not console, "the page wrote to the console:\n" + "\n".join(console)
    assert "data-charts-failed" not in attrs, attrs["data-charts-failed"]

    expected = int(attrs["data-charts-expected"])
    assert expected >= 5 and len(reader.charts) == expected
    assert attrs.get("data-charts-drawn") == str(expected), "not every vega-embed promise resolved"
    for chart_id, chart in reader.charts.items():
        assert chart["svg"] >= 1, f"{chart_id}: no <svg> drawn"
        assert chart["marks"] >= 1, f"{chart_id}: the <svg> has no data marks"
    # Chinese text reached the charts' SVG (axis labels) and the tables intact.
    assert "仲旭东" in "".join(reader.charts["chart-officials"]["text"])
    assert "仲旭东" in "".join(reader.texts)
    # The markup in the data is text in the browser too: no alert ran (checked above), and it reads as written.
    assert evil("headline") in "".join(reader.texts) and evil("name") in "".join(reader.texts)


def test_figures_with_no_metric_are_no_bar_of_the_figure_chart(report):
    warehouse, _, text = report
    unnamed = [m for m in warehouse.read_table("economic_figures").column("metric").to_pylist() if m is None]
    charts = json.loads(re.search(r'<script type="application/json" id="report-charts">(.*?)</script>', text, re.S)[1])
    counts = json.dumps(charts["chart-figure-counts"], ensure_ascii=False)
    assert unnamed and "(no metric)" not in counts and '"metric": null' not in counts
    assert f"{len(unnamed)} figures whose metric could not be read are not charted" in text
