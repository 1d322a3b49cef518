"""Where pages come from (the inbox folder) and where tables go (the warehouse)."""
from __future__ import annotations

import os
from pathlib import Path

import dagster as dg

from pipelines.cli import page_files
from pipelines.warehouse import Warehouse


class GazetteResource(dg.ConfigurableResource):
    """Folders of one gazette deployment; defaults follow $GAZETTE_WAREHOUSE and $GAZETTE_INBOX."""

    warehouse_dir: str = os.environ.get("GAZETTE_WAREHOUSE", "warehouse")
    inbox_dir: str = os.environ.get("GAZETTE_INBOX", "seeds")

    def warehouse(self) -> Warehouse:
        return Warehouse(self.warehouse_dir)

    def inbox_pages(self) -> list[str]:
        """Names of the page files now in the inbox, the partition keys."""
        return [path.name for path in page_files(Path(self.inbox_dir))]

    def page_file(self, partition_key: str) -> Path:
        path = Path(self.inbox_dir) / partition_key
        if not path.is_file():
            raise FileNotFoundError(f"{path}: page file not found in the inbox")
        return path
