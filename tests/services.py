"""Servers that tests start for themselves: PostgreSQL from the machine's binaries and an S3 server
(moto's), each on 127.0.0.1 and a free port, in a temp folder, stopped when the session ends.

The fixtures are session-scoped: under pytest-xdist each worker that runs a test using them starts
its own, so the tests that use them share one `xdist_group` (SERVICES) and one worker. When a
server cannot start here (PostgreSQL not installed, moto missing) the tests that need it are
skipped with one line saying why; .ci/run installs what they need.
"""

from __future__ import annotations

import contextlib
import glob
import os
import pwd
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

# The xdist group of every test that uses these servers: one worker starts them, once.
SERVICES = "services"
START_TIMEOUT_S = 30
PG_SUPERUSER = "postgres"


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on now (the server started next takes it)."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def postgres_binaries() -> Path | None:
    """The folder of initdb, pg_ctl and postgres: on PATH, else Debian's /usr/lib/postgresql/<version>/bin."""
    on_path = shutil.which("initdb")
    if on_path and shutil.which("pg_ctl"):
        return Path(on_path).resolve().parent
    installed = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"), key=lambda path: int(Path(path).parts[-3]))
    return Path(installed[-1]).parent if installed else None


def server_account() -> pwd.struct_passwd | None:
    """The account the server runs as: None for the current user, but initdb and postgres refuse
    root, so as root the `postgres` account (Debian's package makes it), else `nobody`."""
    if os.geteuid() != 0:
        return None
    for name in ("postgres", "nobody"):
        with contextlib.suppress(KeyError):
            return pwd.getpwnam(name)
    return None


@dataclass
class Postgres:
    """A PostgreSQL server of the test session: trust authentication on 127.0.0.1 for PG_SUPERUSER."""

    port: int

    def url(self, database: str) -> str:
        return f"postgresql://{PG_SUPERUSER}@127.0.0.1:{self.port}/{database}"

    def create_database(self, prefix: str = "test") -> str:
        """A new, empty database; its postgresql:// URL."""
        import psycopg2  # dagster-postgres's driver, installed with it

        name = f"{prefix}_{uuid.uuid4().hex[:12]}"
        con = psycopg2.connect(host="127.0.0.1", port=self.port, user=PG_SUPERUSER, dbname="postgres")
        try:
            con.autocommit = True  # CREATE DATABASE cannot run in a transaction
            with con.cursor() as cursor:
                cursor.execute(f'CREATE DATABASE "{name}"')
        finally:
            con.close()
        return self.url(name)


def _as_account(account: pwd.struct_passwd | None) -> dict:
    """subprocess arguments that run a command as `account` (none: as the current user)."""
    if account is None:
        return {}
    return {"user": account.pw_uid, "group": account.pw_gid, "extra_groups": [], "env": {**os.environ, "HOME": "/"}}


@contextlib.contextmanager
def postgres_server() -> Iterator[Postgres]:
    """initdb a cluster in a temp folder, start it on a free port (listening on 127.0.0.1 only, its
    socket in the folder), yield it, stop it and remove the folder. RuntimeError with the server's
    log when it does not start; pytest.skip when PostgreSQL is not installed."""
    binaries = postgres_binaries()
    if binaries is None:
        pytest.skip("PostgreSQL's initdb is not installed (apt-get install postgresql)")
    account = server_account()
    folder = Path(tempfile.mkdtemp(prefix="gazette-postgres-"))  # in /tmp, which the account can reach
    if account is not None:
        os.chown(folder, account.pw_uid, account.pw_gid)
    data, log = folder / "data", folder / "server.log"
    run_as = _as_account(account)
    try:
        initdb = [binaries / "initdb", "-D", data, "-U", PG_SUPERUSER, "--auth=trust", "--encoding=UTF8"]
        subprocess.run(
            [*initdb, "--locale=C", "--no-sync"],
            check=True,
            capture_output=True,
            **run_as,
        )
        for attempt in range(3):  # another process may take the free port before the server does
            port = free_port()
            options = f"-p {port} -k {folder} -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=200"
            started = subprocess.run(
                [binaries / "pg_ctl", "-D", data, "-l", log, "-o", options, "-w", "-t", str(START_TIMEOUT_S), "start"],
                capture_output=True,
                text=True,
                **run_as,
            )
            if started.returncode == 0:
                break
            if attempt == 2:
                raise RuntimeError(f"PostgreSQL did not start: {log.read_text(errors='replace')[-2000:]}")
        try:
            yield Postgres(port)
        finally:
            subprocess.run(
                [binaries / "pg_ctl", "-D", data, "-m", "immediate", "-w", "stop"], capture_output=True, **run_as
            )
    finally:
        shutil.rmtree(folder, ignore_errors=True)


@dataclass
class S3Server:
    """An S3 server of the test session (moto's), with its credentials (any will do for moto)."""

    port: int
    region: str = "us-east-1"

    @property
    def endpoint(self) -> str:
        return f"127.0.0.1:{self.port}"

    @property
    def environment(self) -> dict[str, str]:
        """The AWS_* variables a client of this server needs."""
        return {"AWS_ACCESS_KEY_ID": "testing", "AWS_SECRET_ACCESS_KEY": "testing", "AWS_REGION": self.region}

    def create_bucket(self, prefix: str = "test") -> str:
        """A new, empty bucket; its name."""
        name = f"{prefix}-{uuid.uuid4().hex[:12]}"
        request = urllib.request.Request(f"http://{self.endpoint}/{name}", method="PUT")
        with urllib.request.urlopen(request, timeout=10):
            return name

    def uri(self, bucket: str, prefix: str = "gazette") -> str:
        """The warehouse URI of a folder of the bucket, as pyarrow and gazette take it."""
        return f"s3://{bucket}/{prefix}?region={self.region}&endpoint_override={self.endpoint}&scheme=http"


def _answers(url: str) -> bool:
    try:
        with urllib.request.urlopen(url, timeout=1):
            return True
    except urllib.error.HTTPError:
        return True  # it answered, if with an error
    except (urllib.error.URLError, ConnectionError, TimeoutError):
        return False


@contextlib.contextmanager
def s3_server() -> Iterator[S3Server]:
    """moto's S3 server in its own process on a free port of 127.0.0.1, until the context ends."""
    try:
        import moto.server  # noqa: F401  (moto[server], a test dependency)
    except ImportError as exc:
        pytest.skip(f"moto's server is not installed ({exc}); pip install -r requirements.lock")
    with tempfile.TemporaryDirectory(prefix="gazette-s3-") as folder:
        log = Path(folder) / "server.log"  # a file, not a pipe: the server logs every request
        for attempt in range(3):  # another process may take the free port before the server does
            port = free_port()
            with log.open("w") as output:
                server = subprocess.Popen(
                    [sys.executable, "-m", "moto.server", "-H", "127.0.0.1", "-p", str(port)],
                    stdout=output,
                    stderr=subprocess.STDOUT,
                )
            deadline = time.monotonic() + START_TIMEOUT_S
            while server.poll() is None and time.monotonic() < deadline:
                if _answers(f"http://127.0.0.1:{port}/"):
                    break
                time.sleep(0.1)
            else:
                server.kill()
                server.wait()
                if attempt == 2:
                    raise RuntimeError(f"moto's S3 server did not start: {log.read_text(errors='replace')[-2000:]}")
                continue
            break
        try:
            yield S3Server(port)
        finally:
            server.terminate()
            try:
                server.wait(timeout=10)
            except subprocess.TimeoutExpired:
                server.kill()
                server.wait()


@pytest.fixture(scope="session")
def postgres() -> Iterator[Postgres]:
    with postgres_server() as server:
        yield server


@pytest.fixture(scope="session")
def s3() -> Iterator[S3Server]:
    with s3_server() as server:
        yield server
