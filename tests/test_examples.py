"""examples/notebook.py runs from start to end over the demo store and draws its two figures."""
from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from PIL import Image

ROOT = Path(__file__).resolve().parents[1]
pytestmark = pytest.mark.slow  # the demo store is built with the spaCy model


def test_notebook_runs_over_the_demo_store(demo_store, tmp_path):
    env = {**os.environ, "PYTHONPATH": str(ROOT), "PANJ_DB": str(demo_store), "PANJ_EXAMPLE_OUT": str(tmp_path),
           "MPLBACKEND": "Agg", "MPLCONFIGDIR": str(tmp_path / "mpl")}
    out = subprocess.run([sys.executable, str(ROOT / "examples" / "notebook.py")], cwd=tmp_path, env=env,
                         capture_output=True, text=True, timeout=300)
    assert out.returncode == 0, out.stderr[-3000:]
    for name in ("tjk_afg_weekly.png", "events_map.png"):
        with Image.open(tmp_path / name) as image:
            assert image.size[0] > 300 and image.size[1] > 200
    assert "Oxus Monitor" in out.stdout  # the events' sources are listed beside the map
    weeks = re.search(r"(\d+) weeks, (\d+) events in (\d+) of them", out.stdout)
    assert weeks and int(weeks[2]) > 0  # the TJK:AFG series has its events
