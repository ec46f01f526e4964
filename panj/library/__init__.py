"""panj from Python: open a store as typed tables, ingest into it (`panj.open`, `panj.ingest`).

    import panj
    with panj.open("demo.duckdb") as store:               # read-only by default
        events = store.events(type="ASSAULT", min_sources=2)   # a pandas DataFrame; as_arrow=True for Arrow
        weekly = store.series(dyad="TJK:AFG", freq="weekly")
"""
from __future__ import annotations

from pathlib import Path

from panj.library.reader import Filters, PanjStore, event_filter
from panj.library.write import correct, ingest, merge, split

__all__ = ["Filters", "PanjStore", "correct", "event_filter", "ingest", "merge", "open", "split"]


def open(path: str | Path, read_only: bool = True) -> PanjStore:  # noqa: A001  (panj.open, as the issue names it)
    """Open a panj store (a DuckDB file). Read-only by default: reading never changes the record, and other
    processes may read it too; `read_only=False` migrates an older store and lets `panj.ingest(store, ...)` write
    through this handle. Close it (or use `with`) so that an ingest in another process can write the file."""
    return PanjStore(path, read_only=read_only)
