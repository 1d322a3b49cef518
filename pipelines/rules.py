"""The one loader of the YAML rule files that ship inside the package (markers, layout, titles, papers, …)."""

from __future__ import annotations

from functools import cache
from importlib import resources
from typing import Any

import yaml


@cache
def load_rules(package: str, name: str) -> Any:
    """The parsed rule file `name` of `package` (load_rules("pipelines.clean", "markers.yaml")), read once
    per process. Callers share the result: treat it as read-only."""
    return yaml.safe_load(resources.files(package).joinpath(name).read_text(encoding="utf-8"))
