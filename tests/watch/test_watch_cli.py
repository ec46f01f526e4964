"""`panj watch` and `panj sources` end to end: one poll with --once, the state table, and a running watch whose
dashboard answers while it ingests and which stops cleanly on SIGTERM."""
from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.request
from importlib import resources
from pathlib import Path

import pytest
from feed_server import STORIES, rss
from typer.testing import CliRunner

from panj.cli import app

pytestmark = pytest.mark.slow
ROOT = Path(__file__).resolve().parents[2]
HOSTILE = "<script>window.__x=1</script>[bold red]Evil[/] Wire"


def run(db: Path, *args: str):
    env = {"COLUMNS": "250", "PANJ_LOCK_WAIT": "0"}
    return CliRunner().invoke(app, ["--db", str(db), *args], env=env, catch_exceptions=False)


def test_watch_once_then_sources(tmp_path, feeds):
    good = feeds.feed("/good.rss", rss(HOSTILE, [(t, f"{feeds.url}/s/{n}", d, x)
                                                 for n, (t, d, x) in enumerate(STORIES)]), etag='"e1"')
    down = feeds.status("/down.rss", 500)
    db = tmp_path / "w.duckdb"
    result = run(db, "watch", good, down, "--once", "--every", "5", "--host-delay", "0")
    assert result.exit_code == 0, result.output
    line = next(x for x in result.output.splitlines() if "polled 2 sources" in x)
    assert "3 new documents" in line and "1 error" in line and "HTTP 500" in line
    again = run(db, "watch", good, "--once", "--host-delay", "0")
    assert "0 new documents" in again.output and feeds.hits("/good.rss")[-1][1] == '"e1"'

    table = run(db, "sources")
    assert table.exit_code == 0
    out = table.output
    assert good in out and down in out and "[bold red]Evil[/]" in out  # feed titles are printed, not rendered
    assert "not modified" in out and "HTTP 500" in out


def test_sources_on_an_empty_store(tmp_path):
    result = run(tmp_path / "e.duckdb", "sources")
    assert result.exit_code == 0 and "no sources yet" in result.output


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _get(url: str) -> tuple[int, dict | str]:
    try:
        with urllib.request.urlopen(url, timeout=30) as r:
            body = r.read().decode()
            return r.status, json.loads(body) if r.headers.get_content_type() == "application/json" else body
    except urllib.error.HTTPError as e:
        return e.code, e.read().decode()


def test_dashboard_answers_during_an_ingest_and_sigterm_stops_cleanly(tmp_path):
    """The watch ingests the demo corpus with --serve; requests made while documents are processed answer 200
    (never 503), new events show without a restart, and SIGTERM ends the process with nothing lost."""
    folder = Path(str(resources.files("panj.data").joinpath("demo")))
    port = _free_port()
    db = tmp_path / "live.duckdb"
    env = {**os.environ, "PYTHONPATH": str(ROOT), "COLUMNS": "200"}
    proc = subprocess.Popen([sys.executable, "-m", "panj", "--db", str(db), "watch", str(folder), "--every", "3600",
                             "--serve", "--port", str(port)], stderr=subprocess.PIPE, stdout=subprocess.DEVNULL,
                            text=True, env=env, cwd=tmp_path)
    lines: list[str] = []
    threading.Thread(target=lambda: lines.extend(proc.stderr), daemon=True).start()
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 120
        while not any("dashboard on" in x for x in lines):
            assert proc.poll() is None and time.monotonic() < deadline, "".join(lines)
            time.sleep(0.1)
        during = []  # (documents stored, events) seen by requests made before the poll's status line
        while not any("polled" in x for x in lines):
            assert time.monotonic() < deadline, "".join(lines)
            for path in ("/", "/sources", "/documents"):
                status, _ = _get(base + path)
                assert status == 200, path
            status, docs = _get(base + "/api/documents?limit=1")
            assert status == 200
            status, events = _get(base + "/api/events?limit=1")
            assert status == 200
            if not any("polled" in x for x in lines):
                during.append((docs["total"], events["total"]))
        assert any(d > 0 for d, _ in during), during  # some requests were answered while the poll was running
        status, events = _get(base + "/api/events?limit=1")
        assert status == 200 and events["total"] > 0  # fused events show without a restart
        status, page = _get(base + "/sources")
        assert str(folder) in page and "ok" in page
        proc.send_signal(signal.SIGTERM)
        assert proc.wait(timeout=60) == 0, "".join(lines)
    finally:
        if proc.poll() is None:
            proc.kill()
    assert any("stopped" in x for x in lines)
    result = run(db, "sources")
    assert str(folder) in result.output and " ok " in result.output
