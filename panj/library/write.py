"""The library's writing entry points: `panj.ingest` now; `panj.correct` belongs here beside it.

Why through `PanjStore.writing()`: DuckDB allows one writer per file and, within one process, no read-only handle
beside it, so a notebook that holds a store open read-only must let it go for the write and get it back after.
"""
from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Iterable

from panj.ingest.base import DEFAULT_MAX_BYTES
from panj.library.reader import PanjStore

if TYPE_CHECKING:
    from panj.ingest.run import IngestReport


def ingest(store: str | Path | PanjStore, paths: str | Path | Iterable[str | Path], max_bytes: int = DEFAULT_MAX_BYTES,
           extract: bool = True) -> "IngestReport":
    """Read files, folders (recursed), feed URLs or WARCs into the store, extract their events, fuse them and
    refresh the alerts: `panj ingest` without the progress bars. `store` is a path (created when missing) or a
    store from `panj.open`. Safe to re-run: stored texts are not added twice. Sources that cannot be used are
    listed in the report's `skipped` (path and one-line reason) and logged in the store; the rest go on."""
    from panj.cli_common import run_pipeline

    sources = [str(paths)] if isinstance(paths, (str, Path)) else [str(p) for p in paths]
    if isinstance(store, PanjStore):
        with store.writing() as writer:
            return run_pipeline(writer, sources, max_bytes, extract, progress_bars=False)
    with PanjStore(store, read_only=False) as opened, opened.writing() as writer:
        return run_pipeline(writer, sources, max_bytes, extract, progress_bars=False)


# panj.correct(store, ...): an analyst's corrections (type, status, date, place, actors, merge, split, reject), kept
# in the append-only log that fusion re-applies, are being built in their own branch. When they land, add here
# `def correct(store: str | Path | PanjStore, ...)` that opens `store.writing()` as `ingest` does and calls the
# corrections module, and name it in panj/__init__.py `_LAZY` and panj/library/__init__.py.
