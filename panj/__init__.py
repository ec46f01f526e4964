"""panj: a sourced, corroborated record of conflict events from news.

`panj.open(path)` and `panj.ingest(store, paths)` are the Python entry points (panj/library); they are imported on
first use, so `import panj` stays cheap (no DuckDB, spaCy or pandas until asked for).
"""

__version__ = "0.1.0"

# name -> module that defines it; panj.correct joins these when the corrections land (panj/library/write.py)
_LAZY = {"open": "panj.library", "ingest": "panj.library", "PanjStore": "panj.library"}
__all__ = ["__version__", *_LAZY]


def __getattr__(name: str):
    if name in _LAZY:
        import importlib

        return getattr(importlib.import_module(_LAZY[name]), name)
    raise AttributeError(f"module 'panj' has no attribute {name!r}")
