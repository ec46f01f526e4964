"""Fixtures of the brief tests: the hand-built store of brief_store.py."""
from __future__ import annotations

from pathlib import Path

import pytest
from brief_store import build_store


@pytest.fixture(scope="session")
def brief_store(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("brief") / "brief.duckdb"
    build_store(path)
    return path
