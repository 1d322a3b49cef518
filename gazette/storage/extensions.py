"""DuckDB's extensions from their Python packages, never downloaded at run time.

DuckDB fetches an extension it lacks from its repository on the internet the first time a
statement needs it (autoinstall), which fails on a machine without internet, as a locked-down
cluster is. The extensions the warehouse needs come instead as packages of the lock file
(`duckdb-extension-<name>`, built for one DuckDB version), each holding its file at
`<package>/extensions/v<version>/<name>.duckdb_extension`: `load_extensions` LOADs those files,
with autoinstall and autoload off first, so that a connection never reaches for the network.
Call it on a new connection before any ATTACH or any read of s3://.

DuckDB checks an extension's signature by hashing its whole file (about 35 MB) at every LOAD:
150 ms for the two a lake needs, paid by each connection. `connect` lets DuckDB check a file once
in a process; a later connection LOADs that file, unchanged since (same inode, size and
modification time), without hashing it again.
"""

from __future__ import annotations

import importlib.util
import os
import urllib.parse
from collections.abc import Iterable
from pathlib import Path

import duckdb

# extension name -> the package on the index that ships it (the name DuckDB reports once loaded:
# postgres_scanner loads as "postgres").
PACKAGES = {
    "httpfs": "duckdb_extension_httpfs",  # s3:// and http(s):// files
    "ducklake": "duckdb_extension_ducklake",  # the table format and its catalog
    "postgres_scanner": "duckdb_extension_postgres_scanner",  # a catalog on PostgreSQL
    "sqlite_scanner": "duckdb_extension_sqlite_scanner",  # the embedded catalog, a SQLite file
}


def extension_file(name: str) -> Path:
    """The file of extension `name` in its package, for the DuckDB installed; FileNotFoundError
    naming the package to install when it is not there."""
    package = PACKAGES[name]
    spec = importlib.util.find_spec(package)
    folder = Path(spec.origin).parent if spec and spec.origin else None
    path = (folder or Path(package)) / "extensions" / f"v{duckdb.__version__}" / f"{name}.duckdb_extension"
    if folder is None or not path.is_file():
        pip_name = package.replace("_", "-")
        raise FileNotFoundError(
            f"{path}: DuckDB's {name} extension for DuckDB {duckdb.__version__} is not installed; "
            f"install {pip_name}=={duckdb.__version__} (requirements.lock pins it)"
        )
    return path


# extension file -> its (inode, size, mtime_ns) when DuckDB last checked its signature in this process
_checked: dict[Path, tuple[int, int, int]] = {}


def _identity(path: Path) -> tuple[int, int, int]:
    info = path.stat()
    return info.st_ino, info.st_size, info.st_mtime_ns


def connect(names: Iterable[str]) -> duckdb.DuckDBPyConnection:
    """A new in-memory connection with the extensions `names` LOADed from their packages, their
    signatures checked unless DuckDB checked these very files in this process. Such a connection
    allows unsigned extensions, so it runs gazette's own statements only, never a user's SQL."""
    names = list(names)
    now = {path: _identity(path) for path in map(extension_file, names)}
    checked = all(_checked.get(path) == identity for path, identity in now.items())
    con = duckdb.connect(config={"allow_unsigned_extensions": True} if checked else {})
    try:
        load_extensions(con, names)
    except BaseException:
        con.close()
        raise
    _checked.update(now)  # as they were before the LOAD: a file changed since is checked again
    return con


def load_extensions(con: duckdb.DuckDBPyConnection, names: Iterable[str] = tuple(PACKAGES)) -> None:
    """Turn off DuckDB's downloads of extensions on `con`, then LOAD each of `names` from its package."""
    con.execute("SET autoinstall_known_extensions = false")
    con.execute("SET autoload_known_extensions = false")
    for name in names:
        path = str(extension_file(name)).replace("'", "''")
        con.execute(f"LOAD '{path}'")


def s3_secret(con: duckdb.DuckDBPyConnection, uri: str) -> None:
    """Let `con` read and write the object store of `uri` (s3://bucket/prefix?region=…&
    endpoint_override=host:port&scheme=http, as pyarrow takes it): httpfs LOADed from its package
    and a session secret with the endpoint from the URI and the credentials from the usual AWS_*
    variables (none: the chain httpfs tries by itself)."""
    load_extensions(con, ["httpfs"])
    query = {key: values[0] for key, values in urllib.parse.parse_qs(urllib.parse.urlsplit(uri).query).items()}
    options: dict[str, str | None] = {
        "TYPE": "s3",
        "KEY_ID": os.environ.get("AWS_ACCESS_KEY_ID"),
        "SECRET": os.environ.get("AWS_SECRET_ACCESS_KEY"),
        "SESSION_TOKEN": os.environ.get("AWS_SESSION_TOKEN"),
        "REGION": query.get("region") or os.environ.get("AWS_REGION") or os.environ.get("AWS_DEFAULT_REGION"),
        "ENDPOINT": query.get("endpoint_override"),
    }
    if options["ENDPOINT"]:  # a server of one's own (MinIO, moto) serves buckets as paths
        options["URL_STYLE"] = "path"
        options["USE_SSL"] = str(query.get("scheme", "https") == "https").lower()
    listed = ", ".join(
        f"{key} {value}" if key in ("TYPE", "USE_SSL") else f"{key} '{value.replace(chr(39), chr(39) * 2)}'"
        for key, value in options.items()
        if value
    )
    con.execute(f"CREATE OR REPLACE SECRET gazette_s3 ({listed})")
