"""Dagster definitions, one module per concern; pipelines/definitions.py assembles them."""
