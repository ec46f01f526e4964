"""Fixtures shared across tests."""
from __future__ import annotations

import os
from pathlib import Path

import pytest

SHARED = Path(__file__).resolve().parents[1].parent / "shared"


@pytest.fixture(scope="session")
def nlp():
    from panj import nlp as panj_nlp

    return panj_nlp.load()


@pytest.fixture(scope="session")
def shared_dir() -> Path:
    if not SHARED.exists():
        pytest.skip("../shared is not present")
    return SHARED


@pytest.fixture(scope="session")
def demo_store(tmp_path_factory) -> Path:
    """The bundled demo corpus (panj/data/demo) ingested through the library, as `make demo` does: read-only users."""
    import panj

    corpus = Path(next(iter(panj.__path__))) / "data" / "demo"
    path = tmp_path_factory.mktemp("demo") / "demo.duckdb"
    report = panj.ingest(path, sorted(p for p in corpus.glob("*.md") if p.name != "README.md"))
    assert report.added >= 20 and not report.skipped
    return path


# Tests ingest a handful of documents: one process, unless a test asks for workers (tests/test_parallel.py).
os.environ.setdefault("PANJ_WORKERS", "1")
