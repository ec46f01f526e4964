"""The embedded DuckDB store."""
from panj.store.db import Store

__all__ = ["Store"]
