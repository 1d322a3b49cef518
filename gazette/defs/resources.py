"""Where pages come from (the inbox folder) and where tables go (the warehouse)."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import dagster as dg

from gazette import inbox
from gazette.extract import page_format, source_path_of
from gazette.inbox import PageSource
from gazette.settings import DEFAULTS
from gazette.warehouse import Warehouse


class GazetteResource(dg.ConfigurableResource):
    """Folders of one gazette deployment. In Definitions each
    field comes from its environment variable (from_environment), else gazette.settings' default."""

    warehouse_dir: str = DEFAULTS["GAZETTE_WAREHOUSE"]
    inbox_dir: str = DEFAULTS["GAZETTE_INBOX"]

    @classmethod
    def from_environment(cls) -> GazetteResource:
        """Each field that has its environment variable set takes it through dg.EnvVar: read when
        a run starts, and shown in the UI as coming from that variable."""
        variables = {"warehouse_dir": "GAZETTE_WAREHOUSE", "inbox_dir": "GAZETTE_INBOX"}
        fields: dict[str, Any] = {field: dg.EnvVar(name) for field, name in variables.items() if name in os.environ}
        return cls(**fields)

    def warehouse(self) -> Warehouse:
        return Warehouse(self.warehouse_dir)

    @property
    def inbox(self) -> Path:
        return Path(self.inbox_dir)

    def page_file(self, partition_key: str) -> Path:
        """The inbox file a partition key names (which may have changed or gone since)."""
        return self.inbox / source_path_of(partition_key)

    def page_source(self, partition_key: str) -> PageSource | None:
        """The page a partition key names, as the inbox holds it now; None if it is gone.

        A page file is looked up by name; an e-paper page (several files) by grouping the
        e-paper files of its folder again.
        """
        name = source_path_of(partition_key)
        path = self.inbox / name
        if path.is_file():
            stat = path.stat()
            file = inbox.InboxFile(path, inbox.file_sha256(path), stat.st_size, stat.st_mtime_ns, name)
            return inbox.PageSource(name, (file,))
        folder = self.inbox / Path(name).parent
        if not folder.is_dir():
            return None
        prefix = Path(name).parent.as_posix()
        files = []
        for path in sorted(folder.iterdir()):  # only this folder: a page's files share one
            if path.name.startswith(".") or page_format(path.name) != "html" or not path.is_file():
                continue
            stat = path.stat()
            member = path.name if prefix == "." else f"{prefix}/{path.name}"
            files.append(inbox.InboxFile(path, inbox.file_sha256(path), stat.st_size, stat.st_mtime_ns, member))
        return next((source for source in inbox.page_sources(files) if source.name == name), None)
