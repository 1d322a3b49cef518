"""Where pages come from (the inbox folder) and where tables go (the warehouse)."""

from __future__ import annotations

import os
from pathlib import Path

import dagster as dg

from pipelines.extract import file_name_of
from pipelines.warehouse import Warehouse


class GazetteResource(dg.ConfigurableResource):
    """Folders of one gazette deployment; defaults follow $GAZETTE_WAREHOUSE and $GAZETTE_INBOX."""

    warehouse_dir: str = os.environ.get("GAZETTE_WAREHOUSE", "warehouse")
    inbox_dir: str = os.environ.get("GAZETTE_INBOX", "seeds")

    def warehouse(self) -> Warehouse:
        return Warehouse(self.warehouse_dir)

    @property
    def inbox(self) -> Path:
        return Path(self.inbox_dir)

    def page_file(self, partition_key: str) -> Path:
        """The inbox file a partition key names (which may have changed or gone since)."""
        return self.inbox / file_name_of(partition_key)
