"""Dagster definitions, one module per concern; gazette/definitions.py assembles them."""
