"""One partition per page file: its key is the file's name in the inbox folder."""

import dagster as dg

page_partitions = dg.DynamicPartitionsDefinition(name="pages")
