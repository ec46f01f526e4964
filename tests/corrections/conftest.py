"""The corrections tests' store: constructed documents and mentions, fused (corrections_support.py)."""
from __future__ import annotations

from pathlib import Path

import pytest
from corrections_support import corpus, save

from panj.fuse.incremental import fuse_store
from panj.store import Store


@pytest.fixture
def store(tmp_path: Path):
    with Store(tmp_path / "c.duckdb") as s:
        save(s, corpus())
        fuse_store(s)
        yield s
