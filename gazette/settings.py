"""Every setting gazette reads from the environment, and its default: the one place they are named.

    GAZETTE_WAREHOUSE   the warehouse root: a folder or an object-store URI      warehouse
    GAZETTE_INBOX       the folder of page files                                 seeds
    GAZETTE_LOCAL_DIR   gazette.duckdb and the lock of an object-store root      gazette-local
    GAZETTE_FOLD_AT     landed files of a table before a run compacts them       32
    GAZETTE_PAPERS      a folder of the user's own paper profiles (docs/papers.md) (none)

The CLI's flags take their defaults from here. Dagster's resource (gazette.defs.resources)
reads the first four through dg.EnvVar when they are set, and these defaults otherwise;
GAZETTE_PAPERS is read where the profiles load (gazette.papers), in whichever process runs the steps.
"""

from __future__ import annotations

import os

DEFAULTS = {
    "GAZETTE_WAREHOUSE": "warehouse",
    "GAZETTE_INBOX": "seeds",
    "GAZETTE_LOCAL_DIR": "gazette-local",
    "GAZETTE_FOLD_AT": "32",
    "GAZETTE_PAPERS": "",
}


def setting(name: str) -> str:
    """The environment's value of `name` (one of DEFAULTS), else its default."""
    return os.environ.get(name, DEFAULTS[name])
