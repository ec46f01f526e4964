"""`kill -9` in the middle of `panj ingest`, then the same command again: the store must end as an uninterrupted
run leaves it, and the re-run must cost no more than the work that was left.

    .venv/bin/python bench/kill.py ../shared/bench/news-texts [--limit 450] [--at 0.2,0.5,0.8,0.95]

First one uninterrupted `panj ingest` of the first `--limit` texts (timed: T). Then, for each fraction f of
`--at`, a fresh store: `panj ingest` is killed with SIGKILL after f x T seconds, and run again to completion.
Each row prints where the kill landed (read off what the killed run's store holds), how many texts were left to
extract, the re-run's seconds, and whether documents, event mentions, events (ids and records) and alerts equal
the uninterrupted store's. The re-run does only the work left when its seconds are about a fresh process's start
(`start s`: the same command on the finished store, which finds nothing to do) plus the texts left times the
uninterrupted run's seconds per text.
"""
from __future__ import annotations

import argparse
import json
import os
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import duckdb

def panj(db: Path, src: Path) -> list[str]:
    return [sys.executable, "-m", "panj", "--db", str(db), "ingest", str(src)]


def snapshot(db: Path) -> dict[str, object]:
    """What must be equal: every document, mention, event and alert, by id and content."""
    con = duckdb.connect(str(db), read_only=True)
    try:
        def rows(sql: str) -> list:
            return [tuple(r) for r in con.execute(sql).fetchall()]
        events = {i: json.loads(r) for i, r in rows("SELECT id, record FROM events")}
        return {
            "documents": rows("SELECT id, duplicate_of FROM documents ORDER BY id"),
            "event_mentions": rows("SELECT id, record FROM event_mentions ORDER BY id"),
            "events": events,
            "event_links": rows("SELECT event_id, mention_id FROM event_links ORDER BY 1, 2"),
            "alerts": rows("SELECT id, kind, key, metric, period_start, value, event_ids FROM alerts ORDER BY id"),
        }
    finally:
        con.close()


def stage_at(db: Path, texts: int) -> str:
    """Where the killed run was, read off what its store holds."""
    if not db.exists():
        return "starting"
    try:
        con = duckdb.connect(str(db), read_only=True)
    except duckdb.Error:
        return "starting"
    try:
        def one(sql: str) -> int:
            return con.execute(sql).fetchone()[0]
        if one("SELECT count(*) FROM schema_version") == 0 or one("SELECT count(*) FROM documents") < texts:
            return "reading"
        if one("SELECT count(*) FROM documents WHERE processed_at IS NULL"):
            return "extracting"
        if one("SELECT count(*) FROM event_mentions m WHERE NOT EXISTS "
               "(SELECT 1 FROM event_links l WHERE l.mention_id = m.id)"):
            return "fusing"
        return "alerts" if one("SELECT count(*) FROM alert_queue") else "done"
    except duckdb.Error:
        return "starting"
    finally:
        con.close()


def unprocessed(db: Path, texts: int) -> int:
    """Texts the killed run had not yet extracted (read or not)."""
    try:
        con = duckdb.connect(str(db), read_only=True)
    except duckdb.Error:
        return texts
    try:
        return texts - con.execute("SELECT count(processed_at) FROM documents").fetchone()[0]
    except duckdb.Error:
        return texts
    finally:
        con.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folder", type=Path)
    parser.add_argument("--limit", type=int, default=450)
    parser.add_argument("--at", default="0.2,0.5,0.8,0.95")
    args = parser.parse_args()
    fractions = [float(x) for x in args.at.split(",")]
    env = {**os.environ, "COLUMNS": "120"}
    with tempfile.TemporaryDirectory() as tmp:
        src = Path(tmp) / "src"
        src.mkdir()
        for f in sorted(args.folder.glob("*.txt"))[:args.limit]:
            (src / f.name).symlink_to(f.resolve())
        ref = Path(tmp) / "ref.duckdb"
        started = time.perf_counter()
        subprocess.run(panj(ref, src), check=True, capture_output=True, env=env)
        total = time.perf_counter() - started
        expected = snapshot(ref)
        started = time.perf_counter()
        subprocess.run(panj(ref, src), check=True, capture_output=True, env=env)
        idle = time.perf_counter() - started
        per_text = (total - idle) / args.limit
        print(f"uninterrupted: {args.limit} texts in {total:.1f} s ({per_text:.3f} s a text after a start of "
              f"{idle:.1f} s: the same command again, with nothing left to do), {len(expected['events'])} events, "
              f"{len(expected['alerts'])} alerts")
        print(f"{'kill at':>8} {'stage':>11} {'texts left':>11} {'re-run s':>9} {'start + left x s/text':>22} "
              f"{'same store':>11}")
        for k, fraction in enumerate(fractions):
            db = Path(tmp) / f"killed{k}.duckdb"
            log = Path(tmp) / f"killed{k}.log"
            with log.open("w") as err:
                proc = subprocess.Popen(panj(db, src), stdout=subprocess.DEVNULL, stderr=err, env=env)
                time.sleep(fraction * total)
                finished = proc.poll() is not None
                if not finished:
                    os.kill(proc.pid, signal.SIGKILL)
                proc.wait()
            stage = "finished" if finished else stage_at(db, len(list(src.iterdir())))
            left = unprocessed(db, args.limit)
            started = time.perf_counter()
            subprocess.run(panj(db, src), check=True, capture_output=True, env=env)
            rerun = time.perf_counter() - started
            got = snapshot(db)
            diff = [name for name in expected if got[name] != expected[name]]
            print(f"{fraction:>8.2f} {stage:>11} {left:>11} {rerun:>9.1f} {idle + left * per_text:>22.1f} "
                  f"{'yes' if not diff else 'NO: ' + ', '.join(diff):>11}", flush=True)


if __name__ == "__main__":
    main()
