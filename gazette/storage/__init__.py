"""The warehouse's storage, one job per module: the DuckLake tables and the run's records (lake),
gazette.duckdb's views (views), the processed index (processed), where the lake's catalog lives
(catalog), the write lock (lock) and the DuckDB extensions loaded from their packages
(extensions). `gazette.warehouse.Warehouse` puts them together for the flow, the CLI and Dagster."""
