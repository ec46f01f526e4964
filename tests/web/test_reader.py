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
