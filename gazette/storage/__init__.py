"""The warehouse's storage, one job per module: atomic files (files), the Parquet store and its
compaction (store), the write lock (lock) and the DuckDB catalogue (catalogue).
`gazette.warehouse.Warehouse` puts them together for the steps, the CLI and Dagster."""
