"""The dashboard of `panj watch --serve` while it ingests: every request's status and seconds, during the poll and
after it, and how soon SIGTERM stops a poll in the middle of extraction.

    .venv/bin/python bench/watch_live.py ../shared/bench/news-texts [--limit 200] [--stop-after 20]

Copies the first `--limit` texts into a fresh inbox and starts `panj watch INBOX --serve`; requests the overview,
the events and documents APIs and the Sources page one after another until the poll's status line appears, then
for as many requests again. Prints per phase: requests, statuses, median / 95th percentile / largest seconds, and
the events the API showed. Then a second fresh run gets SIGTERM `--stop-after` seconds into its poll: prints the
seconds until the process exited, what the store then held, and what `panj watch --once` on it finished.
"""
from __future__ import annotations

import argparse
import json
import os
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PATHS = ("/api/events?limit=50", "/sources", "/api/documents?limit=50", "/")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start(db: Path, inbox: Path, port: int) -> tuple[subprocess.Popen, list[str]]:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    proc = subprocess.Popen([sys.executable, "-m", "panj", "--db", str(db), "watch", str(inbox), "--every", "3600",
                             "--serve", "--port", str(port)], stderr=subprocess.PIPE, stdout=subprocess.DEVNULL,
                            text=True, env=env)
    lines: list[str] = []
    threading.Thread(target=lambda: lines.extend(proc.stderr), daemon=True).start()
    while not any("dashboard on" in x for x in lines):
        if proc.poll() is not None:
            sys.exit("".join(lines))
        time.sleep(0.05)
    return proc, lines


def get(url: str) -> tuple[int, float, object]:
    began = time.perf_counter()
    try:
        with urllib.request.urlopen(url, timeout=60) as r:
            body = r.read()
            status = r.status
            data = json.loads(body) if r.headers.get_content_type() == "application/json" else None
            if isinstance(data, dict) and "/api/events" in url:
                data["kind"] = "events"
    except urllib.error.HTTPError as e:
        status, data = e.code, None
    return status, time.perf_counter() - began, data


def summary(name: str, rows: list[tuple[int, float, object]]) -> None:
    secs = sorted(s for _, s, _ in rows)
    statuses = {}
    for st, _, _ in rows:
        statuses[st] = statuses.get(st, 0) + 1
    events = [d["total"] for _, _, d in rows if isinstance(d, dict) and d.get("kind") == "events"]
    p95 = secs[min(len(secs) - 1, int(0.95 * len(secs)))] if secs else 0.0
    print(f"{name:>7}: {len(rows)} requests, statuses {statuses}, median {statistics.median(secs):.3f} s, "
          f"p95 {p95:.3f} s, max {secs[-1]:.3f} s; events shown {min(events, default=0)}..{max(events, default=0)}")


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("folder", type=Path)
    ap.add_argument("--limit", type=int, default=200)
    ap.add_argument("--stop-after", type=float, default=20.0)
    args = ap.parse_args()
    texts = sorted(p for p in args.folder.glob("*.txt"))[:args.limit]
    work = Path(tempfile.mkdtemp(prefix="panj-watch-"))
    inbox = work / "inbox"
    inbox.mkdir()
    for p in texts:
        shutil.copy(p, inbox)
    print(f"{len(texts)} texts; machine: {os.cpu_count()} cores")

    port = free_port()
    began = time.monotonic()
    proc, lines = start(work / "live.duckdb", inbox, port)
    base = f"http://127.0.0.1:{port}"
    during, after, n = [], [], 0
    while not any("polled" in x for x in lines):
        during.append(get(base + PATHS[n % len(PATHS)]))
        n += 1
    poll_line = next(x for x in lines if "polled" in x).strip()
    for i in range(len(during)):
        after.append(get(base + PATHS[i % len(PATHS)]))
    proc.send_signal(signal.SIGTERM)
    proc.wait(timeout=120)
    print(f"poll: {time.monotonic() - began:.1f} s from start to status line: {poll_line}")
    summary("during", during)
    summary("after", after)

    port = free_port()
    db = work / "stopped.duckdb"
    proc, lines = start(db, inbox, port)
    time.sleep(args.stop_after)
    sent = time.monotonic()
    proc.send_signal(signal.SIGTERM)
    code = proc.wait(timeout=300)
    import duckdb

    def held() -> str:
        con = duckdb.connect(str(db), read_only=True)
        docs, todo = con.execute("SELECT count(*), count(*) FILTER (WHERE processed_at IS NULL) FROM documents").fetchone()
        events = con.execute("SELECT count(*) FROM events").fetchone()[0]
        con.close()
        return f"{docs} documents ({todo} not yet extracted), {events} events"

    print(f"SIGTERM {args.stop_after:.0f} s into a run: exited {code} after {time.monotonic() - sent:.2f} s; "
          f"store: {held()}")
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    again = subprocess.run([sys.executable, "-m", "panj", "--db", str(db), "watch", str(inbox), "--once"],
                           capture_output=True, text=True, env=env)
    print(f"then `panj watch --once`: {again.stderr.strip().splitlines()[-1]}; store: {held()}")
    shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
