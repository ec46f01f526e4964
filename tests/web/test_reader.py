"""The dashboard's store handle: shared by close requests, let go when idle so that an ingest can write."""
from __future__ import annotations

import subprocess
import sys
import threading
import time

from panj.store import Store
from panj.web.reader import Reader


def test_one_handle_for_close_requests_closed_when_idle(tmp_path):
    path = tmp_path / "s.duckdb"
    Store(path).close()
    lock = threading.Lock()
    reader = Reader(path, lock, idle=0.2)
    with lock:
        first = reader.acquire()
        reader.release()
    with lock:
        assert reader.acquire() is first  # no new open for a request that follows closely
        reader.release()
    time.sleep(0.6)
    assert reader.store is None
    Store(path).close()  # nothing holds the file any more: this process may write it


def test_a_writer_waits_for_another_process_to_let_go(tmp_path):
    path = tmp_path / "s.duckdb"
    Store(path).close()
    holder = subprocess.Popen([sys.executable, "-c", (
        "import duckdb, sys, time; con = duckdb.connect(sys.argv[1], read_only=True); print('held', flush=True); "
        "time.sleep(1.5); con.close()"), str(path)], stdout=subprocess.PIPE, text=True)
    assert holder.stdout.readline().strip() == "held"
    started = time.monotonic()
    with Store(path) as store:  # would fail at once without the wait
        assert store.schema_version > 0
    assert time.monotonic() - started >= 0.5
    holder.wait()


def test_shared_reader_answers_while_the_owner_writes(tmp_path):
    """`panj watch --serve`: requests read through a cursor of the watch's own store; an open write transaction
    neither blocks them nor shows them uncommitted rows, and what is committed shows without a restart."""
    from fastapi.testclient import TestClient

    from panj.web.app import create_app

    doc = {"id": "d1", "source_path": "a.md", "text": "Officials met in Dushanbe on Monday to talk about water."}
    with Store(tmp_path / "s.duckdb") as store, TestClient(create_app(store.path, token="t", store=store)) as client:
        assert client.get("/api/documents").json()["total"] == 0
        with store.transaction() as con:  # the watch, mid-batch
            con.execute("INSERT INTO documents (id, source_path, text) VALUES (?, ?, ?)", [doc["id"], "a.md", doc["text"]])
            for path in ("/api/documents", "/documents", "/sources", "/", "/api/events"):
                assert client.get(path).status_code == 200, path
            assert client.get("/api/documents").json()["total"] == 0  # not committed yet
        assert client.get("/api/documents").json()["total"] == 1
        # the dashboard's one write (an alert's state) goes to the same database, not a 503
        assert client.post("/api/alerts/none/state?state=dismissed", headers={"X-Panj-Token": "t"}).status_code == 404
