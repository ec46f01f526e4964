"""What the typed tables cost: `panj.open(...).events()` (Arrow and pandas) and the Parquet export, against the
bare read of the same records (SQL + json.loads), on a store of copied events.

    .venv/bin/python bench/library.py demo.duckdb [--events 20000]

The real records of the given store are copied with new ids until the temporary store holds `--events` events
(written as fusion writes them, `Store.replace_events`); each step is timed once, in this one run.
"""
from __future__ import annotations

import argparse
import copy
import json
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from throughput import machine  # noqa: E402


def main() -> None:
    import panj
    from panj import export
    from panj.store import Store

    ap = argparse.ArgumentParser()
    ap.add_argument("store", type=Path)
    ap.add_argument("--events", type=int, default=20_000)
    args = ap.parse_args()
    with panj.open(args.store) as source:
        real = [json.loads(r[0]) for r in source.store.con.execute("SELECT record FROM events").fetchall()]
    with tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / "copies.duckdb"
        copies = []
        for i in range(args.events):
            r = copy.deepcopy(real[i % len(real)])
            r["id"], r["mention_ids"] = f"evt_copy_{i:08d}", []
            copies.append(r)
        with Store(db) as store:
            store.replace_events(copies)
        print(f"{machine()}\n{args.events} events copied from {len(real)} records of {args.store}\n")
        with panj.open(db) as store:
            timings = {}
            clock = time.perf_counter()
            rows = store.store.con.execute("SELECT record FROM events ORDER BY date_start NULLS LAST, id").fetchall()
            records = [json.loads(r[0]) for r in rows]
            timings["records (SQL + json.loads)"] = time.perf_counter() - clock
            for label, call in (("events(as_arrow=True)", lambda: store.events(min_confidence=0, as_arrow=True)),
                                ("events() -> pandas", lambda: store.events(min_confidence=0)),
                                ("export.to_parquet(records)", lambda: export.to_parquet(records, Path(tmp) / "e.pq"))):
                clock = time.perf_counter()
                call()
                timings[label] = time.perf_counter() - clock
        base = timings["records (SQL + json.loads)"]
        print(f"{'step':<30} {'seconds':>8} {'events/s':>9} {'x bare read':>11}")
        for label, secs in timings.items():
            print(f"{label:<30} {secs:>8.2f} {args.events / secs:>9.0f} {secs / base:>11.1f}")


if __name__ == "__main__":
    main()
