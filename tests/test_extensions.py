import os
import re
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

import duckdb
import pytest

from gazette.storage import extensions
from gazette.storage.extensions import PACKAGES, extension_file, load_extensions, s3_secret

# A repository no download can reach, and an empty extension folder: whatever DuckDB would fetch
# or find installed from an earlier session, it cannot here.
UNREACHABLE = "http://127.0.0.1:9"


def isolated(tmp_path) -> duckdb.DuckDBPyConnection:
    return duckdb.connect(
        config={"extension_directory": str(tmp_path / "extensions"), "custom_extension_repository": UNREACHABLE}
    )


def test_each_extension_is_a_file_of_its_package_for_this_duckdb():
    for name in PACKAGES:
        path = extension_file(name)
        assert path.parts[-3:] == ("extensions", f"v{duckdb.__version__}", f"{name}.duckdb_extension")


def test_without_the_packages_files_a_lake_would_need_a_download(tmp_path):
    con = isolated(tmp_path)
    with pytest.raises(duckdb.Error, match=re.escape(UNREACHABLE)):
        con.execute(f"ATTACH 'ducklake:{tmp_path}/catalog.ducklake' AS lake")


def test_loaded_from_packages_a_lake_is_written_and_read_with_downloads_off(tmp_path):
    con = isolated(tmp_path)
    load_extensions(con)
    settings = dict(
        con.sql(
            "SELECT name, value FROM duckdb_settings() "
            "WHERE name IN ('autoinstall_known_extensions', 'autoload_known_extensions')"
        ).fetchall()
    )
    assert settings == {"autoinstall_known_extensions": "false", "autoload_known_extensions": "false"}
    loaded = {name for (name,) in con.sql("SELECT extension_name FROM duckdb_extensions() WHERE loaded").fetchall()}
    assert set(PACKAGES) <= loaded
    con.execute(f"ATTACH 'ducklake:{tmp_path}/catalog.ducklake' AS lake (DATA_PATH '{tmp_path}/data/')")
    con.execute("CREATE TABLE lake.pages AS SELECT '人民日报' AS paper")
    assert con.sql("SELECT paper FROM lake.pages").fetchall() == [("人民日报",)]
    assert not (tmp_path / "extensions").exists()  # nothing was installed, so nothing was fetched


@pytest.mark.skipif(
    shutil.which("unshare") is None or subprocess.run(["unshare", "-n", "true"]).returncode != 0,
    reason="no network namespace for this user",
)
def test_a_lake_opens_in_a_network_namespace_with_no_network(tmp_path):
    script = textwrap.dedent(
        f"""
        import duckdb
        from gazette.storage.extensions import load_extensions
        con = duckdb.connect(config={{"extension_directory": {str(tmp_path / "extensions")!r}}})
        load_extensions(con)
        con.execute("ATTACH 'ducklake:{tmp_path}/catalog.ducklake' AS lake (DATA_PATH '{tmp_path}/data/')")
        con.execute("CREATE TABLE lake.t AS SELECT 42 AS answer")
        print(con.sql("SELECT answer FROM lake.t").fetchone()[0])
        """
    )
    done = subprocess.run(["unshare", "-n", sys.executable, "-c", script], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "42"


def test_an_s3_secret_takes_the_endpoint_from_the_uri_and_the_keys_from_aws_variables(tmp_path, monkeypatch):
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", "key-of-test")
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "secret-of-test")
    con = isolated(tmp_path)
    s3_secret(con, "s3://bucket/papers?region=eu-west-1&endpoint_override=127.0.0.1:9000&scheme=http")
    (described,) = con.sql("SELECT secret_string FROM duckdb_secrets() WHERE type = 's3'").fetchone()
    fields = dict(field.split("=", 1) for field in described.split(";"))
    assert {key: fields[key] for key in ("endpoint", "key_id", "region", "url_style", "use_ssl")} == {
        "endpoint": "127.0.0.1:9000",
        "key_id": "key-of-test",
        "region": "eu-west-1",
        "url_style": "path",
        "use_ssl": "false",
    }


def test_duckdb_checks_an_extension_file_once_a_process_and_again_once_it_changed(tmp_path, monkeypatch):
    copy = Path(shutil.copy(extension_file("sqlite_scanner"), tmp_path / "sqlite_scanner.duckdb_extension"))
    monkeypatch.setattr(extensions, "extension_file", lambda name: copy)
    monkeypatch.setattr(extensions, "_checked", {})

    def signatures_checked(con: duckdb.DuckDBPyConnection) -> bool:
        loaded = con.sql("SELECT loaded FROM duckdb_extensions() WHERE extension_name = 'sqlite_scanner'").fetchall()
        unsigned = con.sql("SELECT current_setting('allow_unsigned_extensions')").fetchall()
        assert loaded == [(True,)]
        return unsigned == [(False,)]

    assert signatures_checked(extensions.connect(["sqlite_scanner"]))
    assert not signatures_checked(extensions.connect(["sqlite_scanner"]))  # the same file: not hashed again
    with copy.open("r+b") as file:  # one byte changed in place: its signature no longer holds
        file.seek(copy.stat().st_size // 2)
        byte = file.read(1)
        file.seek(-1, 1)
        file.write(bytes([byte[0] ^ 0xFF]))
    written = copy.stat().st_mtime_ns + 10**9  # a second later, whatever the clock's granularity
    os.utime(copy, ns=(written, written))
    with pytest.raises(duckdb.Error, match="signature"):  # checked again, and refused
        extensions.connect(["sqlite_scanner"])
