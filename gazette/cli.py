"""`gazette`: run every page step over a folder into a warehouse, then query it.

gazette run --input seeds --warehouse warehouse
gazette sql "SELECT * FROM official_article_counts LIMIT 10"
gazette sql --format csv "SELECT * FROM articles" > articles.csv
gazette explain seeds/000_84179e4bbcd1d47d.txt
"""

from __future__ import annotations

import argparse
import datetime as dt
import errno
import os
import sys
import tempfile
import time
from pathlib import Path

import duckdb
from tqdm import tqdm

from gazette.errors import one_line
from gazette.extract import FORMATS
from gazette.models import load_models
from gazette.papers import profiles
from gazette.query_output import FORMATS as OUTPUT_FORMATS
from gazette.query_output import Format, default_format, write
from gazette.rules import RuleError
from gazette.settings import setting
from gazette.storage.extensions import s3_secret
from gazette.warehouse import Warehouse

EXIT_CODES = """exit codes:
  0    done: every page file was processed (or was unchanged)
  1    a new or changed file was rejected (one line each on stderr, naming the file; the rest is stored),
       or a query failed; files rejected again as they were before are summarised in one line
  2    nothing to do: no such folder, no page files, no database yet, or bad arguments
  3    the warehouse could not be written (disk full, read-only, no permission); what it held is intact
  130  interrupted (Ctrl-C); every page written is complete, the next run finishes the rest
"""

# Why a write failed, in words, for the errors a user can do something about.
WRITE_ERRORS = {
    errno.ENOSPC: "no space left on device",
    errno.EDQUOT: "disk quota exceeded",
    errno.EROFS: "read-only file system",
    errno.EACCES: "permission denied",
    errno.EPERM: "operation not permitted",
}


def positive_int(text: str) -> int:
    if not text.isdigit() or int(text) < 1:
        raise argparse.ArgumentTypeError(f"{text!r} is not a positive whole number")
    return int(text)


def run(input_dir: Path, warehouse: Warehouse, prune: bool = False, verbose: bool = False, workers: int = 1) -> int:
    """Bring the warehouse up to date with input_dir; 1 if a new or changed file was rejected, 2 if there is nothing
    to read."""
    # Imported here, not at the top, so `gazette sql` starts fast and works while a step is broken.
    from gazette.run import run_folder

    started = time.perf_counter()
    if not input_dir.is_dir():
        print(f"gazette: {input_dir}: not a folder", file=sys.stderr)
        return 2
    try:
        profiles()  # a bad profile of the user's (GAZETTE_PAPERS) stops the run here, before any page
    except RuleError as exc:
        print(f"gazette: {exc}", file=sys.stderr)
        return 2

    def progress(pages, total):
        # A bar only where someone watches; logs and pipes get the summary alone.
        return tqdm(
            pages,
            total=total,
            desc="gazette",
            unit="page",
            disable=not sys.stderr.isatty() or total < 2,
            file=sys.stderr,
        )

    def waiting():
        print(f"gazette: {warehouse.root}: another run is writing; waiting for it", file=sys.stderr)

    report = run_folder(input_dir, warehouse, prune=prune, workers=workers, track=progress, on_wait=waiting)
    if not report.files:
        print(f"gazette: {input_dir}: no page files ({', '.join(FORMATS)})", file=sys.stderr)
        return 2
    for line in report.errors + grouped_notices(report.notices, verbose) + (report.still_rejected if verbose else []):
        print(f"gazette: {line}", file=sys.stderr)
    if report.still_rejected:
        print(
            f"gazette: {len(report.still_rejected)} {'file' if len(report.still_rejected) == 1 else 'files'} "
            f"still rejected, unchanged since {report.rejected_since}" + ("" if verbose else " (--verbose lists them)"),
            file=sys.stderr,
        )
    if verbose:
        for step, seconds in report.timings.items():
            print(f"gazette: {step:>16} {seconds:8.2f}s", file=sys.stderr)
    print(
        f"gazette: {report.processed} pages processed ({report.unchanged} unchanged), {report.articles} articles, "
        f"{report.figures} figures, {report.warnings} warnings; {report.officials} officials "
        f"in {time.perf_counter() - started:.1f}s"
        + (
            f"; {rejected} of {report.files} files rejected"
            if (rejected := len(report.errors + report.still_rejected))
            else ""
        )
        + f" -> {warehouse.root}"
    )
    return 1 if report.errors else 0


# Statements that only read. DESCRIBE, SHOW, SUMMARIZE, VALUES, FROM-first and the PRAGMAs that
# return a table parse as SELECT; EXPLAIN is accepted without ANALYZE, which runs its statement
# (`EXPLAIN ANALYZE COPY ... TO` writes the file).
SAME_NOTICES_SHOWN = 3  # files named for a notice many files share; --verbose names them all


def grouped_notices(notices: list[str], verbose: bool) -> list[str]:
    """`notices` ('<file>: <what>'), those that many files share (a folder without manifest.csv: each page's
    'paper unknown') told for SAME_NOTICES_SHOWN files and counted for the rest, in order of first appearance."""
    by_message: dict[str, list[str]] = {}
    for line in notices:
        _, separator, message = line.partition(": ")
        by_message.setdefault(message if separator else line, []).append(line)
    out = []
    for message, lines in by_message.items():
        if verbose or len(lines) <= SAME_NOTICES_SHOWN + 1:
            out += lines
        else:
            more = len(lines) - SAME_NOTICES_SHOWN
            out += [*lines[:SAME_NOTICES_SHOWN], f"{more} more files: {message} (--verbose names them)"]
    return out


READING_STATEMENTS = {duckdb.StatementType.SELECT, duckdb.StatementType.EXPLAIN}
ANALYZE_WORDS = {"ANALYZE", "ANALYSE"}


def _words(text: str) -> set[str]:
    """The upper-cased keywords, names and operators of a statement (not its strings; comments are skipped)."""
    tokens = duckdb.tokenize(text)
    ends = [start for start, _ in tokens[1:]] + [len(text)]
    return {
        text[start:end].strip().upper()
        for (start, kind), end in zip(tokens, ends, strict=True)
        if kind != duckdb.token_type.string_const
    }


def _is_empty(query: str) -> bool:
    """No statement at all: blank, or only comments."""
    try:
        return not duckdb.extract_statements(query)
    except duckdb.Error:  # not SQL: said in one line when it is refused
        return False


def _first_word(statement: str) -> str:
    """The keyword a statement opens with, as the user wrote it (INSTALL, not the LOAD that DuckDB files it under)."""
    tokens = duckdb.tokenize(statement)
    ends = [start for start, _ in tokens[1:]] + [len(statement)]
    return statement[tokens[0][0] : ends[0]].strip().upper() if tokens else statement.strip()


def writing_statement(query: str) -> str | None:
    """Why `query` may not run under `gazette sql` (a statement that writes or changes settings), or None.

    The read-only connection already refuses to change gazette.duckdb; this also refuses
    what it would allow: COPY ... TO and EXPORT write files, ATTACH opens other databases
    for writing, INSTALL/LOAD fetch and run extensions, SET changes the session.
    """
    try:
        statements = duckdb.extract_statements(query)
    except duckdb.Error as exc:
        return one_line(exc)
    for statement in statements:
        if statement.type not in READING_STATEMENTS:
            return (
                f"{_first_word(statement.query)} is refused (DuckDB parsed a {statement.type.name} statement): "
                "gazette sql is read-only (SELECT, DESCRIBE, SHOW, SUMMARIZE, EXPLAIN)"
            )
        if statement.type == duckdb.StatementType.EXPLAIN and _words(statement.query) & ANALYZE_WORDS:
            return "EXPLAIN ANALYZE is refused: it runs its statement; use EXPLAIN without ANALYZE"
    return None


def sql(
    query: str, warehouse: Warehouse, max_rows: int | None = None, fmt: Format | None = None, at: str | None = None
) -> int:
    """Run one query read-only against gazette.duckdb (or, `at` a snapshot, a database of the
    tables as they stood then) and print the result (see query_output.write)."""
    if refused := writing_statement(query):
        print(f"gazette: sql: {refused}", file=sys.stderr)
        return 1
    if warehouse.catalog_shared:  # other machines write it: gazette.duckdb shows what they committed
        warehouse.refresh_duckdb(load_models())
    if not warehouse.db_path.exists():
        print(f"gazette: {warehouse.db_path}: no database yet; run `gazette run` first", file=sys.stderr)
        return 2
    with tempfile.TemporaryDirectory() as folder:
        if at is None:
            database = warehouse.db_path
        else:
            try:
                snapshot = warehouse.lake.snapshot_at(at)
            except ValueError as exc:
                print(f"gazette: sql: --at {exc}", file=sys.stderr)
                return 1
            database = warehouse.lake.publish(load_models(), at=snapshot, target=Path(folder) / "gazette.duckdb")
        return _query(database, query, warehouse, max_rows, fmt)


def snapshots(warehouse: Warehouse) -> int:
    """List the warehouse's snapshots: id, when committed (UTC), what changed."""
    for snapshot_id, committed, changes in warehouse.lake.snapshots():
        print(f"{snapshot_id}\t{committed.astimezone(dt.UTC):%Y-%m-%dT%H:%M:%S}\t{changes}")
    return 0


def _query(database: Path, query: str, warehouse: Warehouse, max_rows: int | None, fmt: Format | None) -> int:
    with duckdb.connect(str(database), read_only=True) as con:
        if warehouse.uri.startswith("s3://"):
            s3_secret(con, warehouse.uri)  # its views read the object store
        try:
            result = con.sql(query)
            if result is not None:
                write(result, fmt or default_format(sys.stdout), max_rows)
        except duckdb.Error as exc:
            print(f"gazette: sql: {one_line(exc)}", file=sys.stderr)
            return 1
    return 0


def explain(page: Path, inbox: Path | None = None) -> int:
    """Print how the page is cut; 1 (one line naming the file) if the page cannot be read.

    The page is named, dated and given its manifest entry as a run over its inbox would: the inbox is
    `inbox` (default $GAZETTE_INBOX) when the page is in it, else found from the page's folders
    (gazette.inbox.root_of).
    """
    from gazette.explain import explain_page
    from gazette.extract import PageError
    from gazette.inbox import root_of

    root = root_of(page, inbox if inbox is not None else Path(setting("GAZETTE_INBOX")))
    try:
        print(explain_page(page, root=root))
    except PageError as exc:
        print(f"gazette: {page.parent / str(exc)}", file=sys.stderr)
        return 1
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="gazette",
        description=__doc__.splitlines()[0],
        epilog=EXIT_CODES,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    warehouse_help = "warehouse folder (default: $GAZETTE_WAREHOUSE or warehouse)"

    run_parser = commands.add_parser(
        "run",
        help="process a folder of page files into the warehouse",
        description="Extract, clean, split and enrich the new or changed page files of a folder and its "
        "subfolders (.txt, .md; saved e-paper pages .htm/.html, the files of one printed page read as one page; "
        "page PDFs with a text layer), write one Parquet partition per page, resolve officials and refresh "
        "gazette.duckdb. "
        "Pages already built from the same file content and the same rules are skipped; "
        "a page whose file is gone is marked deleted in `pages`.",
        epilog=EXIT_CODES,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    run_parser.add_argument(
        "--input",
        type=Path,
        default=Path(setting("GAZETTE_INBOX")),
        help="folder of page files (default: $GAZETTE_INBOX or seeds)",
    )
    run_parser.add_argument("--warehouse", help=warehouse_help)
    run_parser.add_argument(
        "--prune",
        action="store_true",
        help="remove (instead of marking deleted) pages whose file is no longer in the input folder",
    )
    run_parser.add_argument(
        "--verbose",
        "-v",
        action="store_true",
        help="also print the seconds spent in each step (summed over worker processes) "
        "and the files still rejected as they were before",
    )
    run_parser.add_argument(
        "--workers",
        type=int,
        default=os.cpu_count() or 1,
        help="processes computing pages when there are at least 40 to do (default: one per CPU)",
    )

    sql_parser = commands.add_parser(
        "sql",
        help="query the warehouse read-only",
        description="Run one SQL query against gazette.duckdb (read-only: safe while a run goes on).",
    )
    sql_parser.add_argument("query", help='e.g. "SELECT * FROM topic_trends"')
    sql_parser.add_argument("--warehouse", help=warehouse_help)
    sql_parser.add_argument(
        "--max-rows", type=positive_int, help="rows to print (default: 50 in a table, every row in the other formats)"
    )
    sql_parser.add_argument(
        "--format",
        choices=OUTPUT_FORMATS,
        help="table (cut to the terminal's width), or csv, json, markdown with every column "
        "(default: table at a terminal, csv in a pipe or file)",
    )
    sql_parser.add_argument(
        "--at",
        metavar="SNAPSHOT",
        help="answer as the warehouse stood at a snapshot: its id, or a timestamp such as 2026-12-07T09:00 "
        "(UTC; the last snapshot at or before it). `gazette snapshots` lists them",
    )
    snapshots_parser = commands.add_parser(
        "snapshots", help="list the warehouse's snapshots", description="Each snapshot: id, time (UTC), changes."
    )
    snapshots_parser.add_argument("--warehouse", help=warehouse_help)

    explain_parser = commands.add_parser(
        "explain",
        help="show how a page is cut into articles",
        description="Show how one page file is cut into blocks and articles, and why; for an e-paper file "
        "(its whole printed page) or a page PDF, also where each article came from: file and box on the page.",
    )
    explain_parser.add_argument("page", type=Path, help="a page file (.txt, .md, .htm, .html, .pdf, .jpg, .png, .tif)")
    explain_parser.add_argument(
        "--inbox",
        type=Path,
        help="the inbox the page is in (default: $GAZETTE_INBOX or seeds when the page is in it, else the nearest "
        "folder above the page with a manifest.csv, else the one its folder names date it from)",
    )

    report_parser = commands.add_parser(
        "report",
        help="write an HTML report on the warehouse",
        description="Write one self-contained HTML file (charts and tables; opening it needs no network): "
        "officials' activity, topic trends over time, economic figures by metric, recent articles. "
        "Reads gazette.duckdb read-only.",
    )
    report_parser.add_argument("--warehouse", help=warehouse_help)
    report_parser.add_argument(
        "--out", type=Path, metavar="FILE.html", help="where to write the report (default: <warehouse>/report.html)"
    )
    return parser


def cannot_write(exc: OSError, warehouse: Warehouse) -> str:
    """One line for a write that failed: where, why, and that what was stored is intact."""
    reason = (exc.errno is not None and WRITE_ERRORS.get(exc.errno)) or one_line(exc)
    return (
        f"{exc.filename or warehouse.root}: cannot write: {reason}; "
        "what the warehouse held is intact and the next run finishes the rest"
    )


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.command == "sql" and _is_empty(args.query):
        parser.error("sql: the query is empty")
    warehouse = Warehouse(getattr(args, "warehouse", None))
    uses_warehouse = hasattr(args, "warehouse")  # not `explain`
    if uses_warehouse and warehouse.is_local and warehouse.root.exists() and not warehouse.root.is_dir():
        print(f"gazette: {warehouse.root}: not a folder; the warehouse is a folder (--warehouse)", file=sys.stderr)
        return 2
    try:
        return _command(args, warehouse)
    except KeyboardInterrupt:
        print(
            "gazette: interrupted; every page written is complete and the next run finishes the rest",
            file=sys.stderr,
        )
        return 130
    except OSError as exc:  # a full disk, a read-only or unwritable warehouse: no traceback, one line
        print(f"gazette: {cannot_write(exc, warehouse)}", file=sys.stderr)
        return 3


def _command(args: argparse.Namespace, warehouse: Warehouse) -> int:
    if args.command == "run":
        return run(args.input, warehouse, prune=args.prune, verbose=args.verbose, workers=args.workers)
    if args.command == "sql":
        return sql(args.query, warehouse, args.max_rows, args.format, args.at)
    if args.command == "snapshots":
        return snapshots(warehouse)
    if args.command == "report":
        from gazette.report import report_command  # Altair is imported only for reports

        return report_command(warehouse, args.out)
    return explain(args.page, args.inbox)


if __name__ == "__main__":
    sys.exit(main())
