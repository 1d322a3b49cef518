"""One partition per page file: its key is the file's path in the inbox and the start of its content hash."""

import dagster as dg

PAGE_PARTITIONS = "pages"
page_partitions = dg.DynamicPartitionsDefinition(name=PAGE_PARTITIONS)
