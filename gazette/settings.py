"""Every setting gazette reads from the environment, and its default: the one place they are named.

    GAZETTE_WAREHOUSE   the warehouse root: a folder or an object-store URI      warehouse
    GAZETTE_INBOX       the folder of page files                                 seeds
    GAZETTE_LOCAL_DIR   gazette.duckdb and the lock of an object-store root      gazette-local
    GAZETTE_PAPERS      a folder of the user's own paper profiles (docs/papers.md) (none)
    GAZETTE_CATALOG     the DuckLake catalog: a postgresql:// URL for many       (a file in the
                        machines                                                 warehouse)
    GAZETTE_SNAPSHOT_DAYS  days a snapshot stays for `gazette sql --at`; older   30
                        ones expire and the files only they read are deleted
    GAZETTE_DAGSTER_EXECUTOR                                                     in_process
                        how a Dagster page run does its steps: in_process (in
                        its own process) or multiprocess (a process per step)

The CLI's flags take their defaults from here. Dagster's resource (gazette.defs.resources)
reads the first two through dg.EnvVar when they are set, and these defaults otherwise;
GAZETTE_PAPERS is read where the profiles load (gazette.papers), in whichever process runs the steps;
GAZETTE_DAGSTER_EXECUTOR when Dagster loads the definitions (gazette.defs.automation).
"""

from __future__ import annotations

import os

DEFAULTS = {
    "GAZETTE_WAREHOUSE": "warehouse",
    "GAZETTE_INBOX": "seeds",
    "GAZETTE_LOCAL_DIR": "gazette-local",
    "GAZETTE_PAPERS": "",
    "GAZETTE_CATALOG": "",
    "GAZETTE_SNAPSHOT_DAYS": "30",
    "GAZETTE_DAGSTER_EXECUTOR": "in_process",
}


def setting(name: str) -> str:
    """The environment's value of `name` (one of DEFAULTS), else its default."""
    return os.environ.get(name, DEFAULTS[name])
