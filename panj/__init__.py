"""panj: a sourced, corroborated record of conflict events from news.

`panj.open(path)` and `panj.ingest(store, paths)` are the Python entry points (panj/library); they are imported on
first use, so `import panj` stays cheap (no DuckDB, spaCy or pandas until asked for).
"""
from __future__ import annotations

import sys
import types

__version__ = "0.1.0"

# name -> module that defines it (panj/library)
_LAZY = {"open": "panj.library", "PanjStore": "panj.library", "correct": "panj.library", "merge": "panj.library",
         "split": "panj.library"}
__all__ = ["__version__", "ingest", *_LAZY]


class _CallableIngest(types.ModuleType):
    """`panj.ingest` is both the ingest package (panj/ingest/: readers, the ingest job) and the library's entry
    point `panj.ingest(store, paths)`: Python binds a subpackage to its parent's attribute of the same name on
    import, so the package itself answers the call."""

    def __call__(self, store, paths, **options):
        from panj.library.write import ingest

        return ingest(store, paths, **options)


class _Panj(types.ModuleType):
    def __setattr__(self, name: str, value: object) -> None:
        if name == "ingest" and type(value) is types.ModuleType:  # the import system binding panj/ingest/
            value.__class__ = _CallableIngest
        super().__setattr__(name, value)


sys.modules[__name__].__class__ = _Panj


def __getattr__(name: str):
    import importlib

    if name == "ingest":  # not imported yet: importing it binds the callable package (above)
        return importlib.import_module("panj.ingest")
    if name in _LAZY:
        return getattr(importlib.import_module(_LAZY[name]), name)
    raise AttributeError(f"module 'panj' has no attribute {name!r}")
