"""`import panj` stays cheap, and its two entry points are there when asked for."""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def _run(code: str) -> str:
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True,
                         env={"PYTHONPATH": str(ROOT), "PATH": "/usr/bin:/bin"})
    return out.stdout.strip()


def test_import_panj_loads_no_heavy_library():
    assert _run("import sys, panj; print(sorted(m for m in ('duckdb', 'pandas', 'spacy', 'pyarrow') "
                "if m in sys.modules))") == "[]"


def test_ingest_is_callable_before_and_after_its_package_is_imported():
    """panj/ingest/ is also a package: importing it must not replace the entry point with a plain module."""
    assert _run("import panj; f = panj.ingest; import panj.ingest.run; from panj.ingest import read_source; "
                "print(callable(f), panj.ingest is f, callable(panj.open))") == "True True True"
    assert _run("import panj.ingest.run, panj; print(callable(panj.ingest))") == "True"
