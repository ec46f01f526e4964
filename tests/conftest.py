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


# Tests ingest a handful of documents: one process, unless a test asks for workers (tests/test_parallel.py).
os.environ.setdefault("PANJ_WORKERS", "1")
