"""Every setting gazette reads from the environment, and its default: the one place they are named.

    GAZETTE_WAREHOUSE   the warehouse root: a folder or an object-store URI      warehouse
    GAZETTE_INBOX       the folder of page files                                 seeds
    GAZETTE_LOCAL_DIR   gazette.duckdb and the lock of an object-store root      gazette-local
    GAZETTE_FOLD_AT     landed files of a table before a run compacts them       32

The CLI's flags take their defaults from here. Dagster's resource (pipelines.defs.resources)
reads each variable through dg.EnvVar when it is set, and these defaults otherwise.
"""

from __future__ import annotations

import os

DEFAULTS = {
    "GAZETTE_WAREHOUSE": "warehouse",
    "GAZETTE_INBOX": "seeds",
    "GAZETTE_LOCAL_DIR": "gazette-local",
    "GAZETTE_FOLD_AT": "32",
}


def setting(name: str) -> str:
    """The environment's value of `name` (one of DEFAULTS), else its default."""
    return os.environ.get(name, DEFAULTS[name])
