"""The README's Python example runs as written over the demo store."""
from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
pytestmark = pytest.mark.slow  # the demo store is built with the spaCy model


def test_using_panj_from_python_example(demo_store, tmp_path):
    section = (ROOT / "README.md").read_text("utf-8").split("## Using panj from Python", 1)[1]
    code = re.search(r"```python\n(.*?)```", section, re.S)[1]
    (tmp_path / "demo.duckdb").symlink_to(demo_store)
    out = subprocess.run([sys.executable, "-c", code], cwd=tmp_path, capture_output=True, text=True, timeout=120,
                         env={**os.environ, "PYTHONPATH": str(ROOT)})
    assert out.returncode == 0, out.stderr[-3000:]
    assert "Oxus Monitor" in out.stdout and "denied" in out.stdout and "Islamic State" in out.stdout
