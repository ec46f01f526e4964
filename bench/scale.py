"""How panj keeps pace as the store grows: a stream of ingest batches, then synthetic events up to a million,
then the dashboard API's latency on the final store.

    .venv/bin/python bench/scale.py ../shared/bench/news-texts [--batches 10] [--events 1000000] [--store FILE]
    .venv/bin/python bench/scale.py ../shared/bench/news-texts --api-only --store FILE   # an existing store
    .venv/bin/python bench/scale.py ../shared/bench/news-texts --grow --events N --store FILE  # more events in it

1. The news texts are split into `--batches` equal batches; each goes through the function `panj ingest` runs
   (`panj.cli_common.run_pipeline`: read, extract, fuse, refresh alerts). Per batch it prints the seconds of each
   stage, the store's events and file size, and the process's peak memory so far.
2. Synthetic events are appended until the store holds `--events` events: copies of the real fused records with
   new ids, their dates spread over the last ten years, their participants and places drawn from the real
   records' dyads and places (so filters and facets select realistic shares). They are written the way fusion
   writes events (`panj.fuse.incremental.write_events`), then alerts are refreshed for them.
3. p50/p95 latency of the API's main endpoints (in process, through the ASGI app: no network in the way).
"""
from __future__ import annotations

import argparse
import copy
import json
import os
import platform
import random
import resource
import statistics
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path
from urllib.parse import quote

sys.path.insert(0, str(Path(__file__).resolve().parent))
from throughput import machine  # noqa: E402


def peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def size_mb(path: Path) -> float:
    wal = path.with_name(path.name + ".wal")
    return (path.stat().st_size + (wal.stat().st_size if wal.exists() else 0)) / 2**20


def ingest_batches(store, files: list[Path], batches: int) -> None:
    from panj.cli_common import run_pipeline
    from panj.ingest.base import DEFAULT_MAX_BYTES

    size = -(-len(files) // batches)
    print(f"{'batch':>5} {'docs':>5} {'read':>6} {'extract':>8} {'fuse':>6} {'alerts':>7} {'total':>7} "
          f"{'events':>7} {'store MB':>9} {'peak MB':>8}")
    for b in range(batches):
        part = files[b * size:(b + 1) * size]
        if not part:
            break
        started = time.perf_counter()
        report = run_pipeline(store, [str(f) for f in part], DEFAULT_MAX_BYTES)
        total = time.perf_counter() - started
        st = report.stages
        events = store.con.execute("SELECT count(*) FROM events").fetchone()[0]
        print(f"{b + 1:>5} {len(part):>5} {st.get('read', 0):>6.1f} {st.get('extract', 0):>8.1f} "
              f"{st.get('fuse', 0):>6.1f} {st.get('alerts', 0):>7.1f} {total:>7.1f} {events:>7} "
              f"{size_mb(store.path):>9.1f} {peak_mb():>8.0f}", flush=True)


def synthetic(store, target: int, chunk: int = 5_000, seed: int = 7) -> None:
    """Append copies of the real records, re-dated and re-cast with real dyads and places, up to `target`; then
    one alert refresh over all of them (an import: its changed events are read a slice at a time). A store that
    holds synthetic events already (`--grow`) gets more, numbered after them, drawn from its real records."""
    from panj.fuse.incremental import write_events
    from panj.indicators.alerts import refresh

    templates = [json.loads(r[0]) for r in store.con.execute(
        "SELECT record FROM events WHERE NOT starts_with(id, 'evt_syn_') ORDER BY date_start NULLS LAST, id").fetchall()]
    if not templates:
        sys.exit("no events to draw synthetic ones from")
    first = store.con.execute("SELECT count(*) FROM events WHERE starts_with(id, 'evt_syn_')").fetchone()[0]
    rng = random.Random(seed + first)
    casts = [(t.get("actors") or [], t.get("recipients") or []) for t in templates]
    places = [t.get("locations") or [] for t in templates]
    have = len(templates) + first
    newest = date.today()
    started = time.perf_counter()
    written = 0
    while have + written < target:
        batch = []
        for k in range(min(chunk, target - have - written)):
            rec = copy.deepcopy(rng.choice(templates))
            rec["id"] = f"evt_syn_{first + written + k:08d}"
            rec["mention_ids"] = []
            day = newest - timedelta(days=rng.randrange(3650))
            rec["date"] = {**(rec.get("date") or {}), "start": day.isoformat(), "end": day.isoformat(),
                           "granularity": "day", "basis": "synthetic"}
            rec["actors"], rec["recipients"] = copy.deepcopy(rng.choice(casts))
            rec["locations"] = copy.deepcopy(rng.choice(places))
            batch.append(rec)
        t = time.perf_counter()
        write_events(store, batch)  # which queues them for the alert refresh
        written += len(batch)
        if event_keys_rewritten(store):
            print(f"  event_keys rewritten in key order after the write ending at {have + written} events: the "
                  f"write took {time.perf_counter() - t:.1f} s, peak {peak_mb():.0f} MB", flush=True)
        if (have + written) % 100_000 < chunk or have + written >= target:
            print(f"  synthetic: {have + written} events written, {time.perf_counter() - started:.0f} s, "
                  f"store {size_mb(store.path):.0f} MB, peak {peak_mb():.0f} MB", flush=True)
    t = time.perf_counter()
    report = refresh(store, changed=[])  # the events the writes queued (alert_queue)
    print(f"  alert refresh over the {written} synthetic events: {time.perf_counter() - t:.1f} s "
          f"({report.series} series, {report.raised} alerts raised), peak {peak_mb():.0f} MB", flush=True)


def event_keys_rewritten(store) -> bool:
    """Whether the last write was followed by a sorted rewrite of `event_keys` (panj/store/event_index.py)."""
    row = store.con.execute("SELECT value FROM store_state WHERE name = 'event_keys_appended'").fetchone()
    return row is not None and row[0] == 0


ENDPOINTS = [
    "/api/events?limit=50",
    "/api/events?type=ASSAULT&date_from={d1}&date_to={d2}&limit=50",
    "/api/events?actor={actor}&limit=50",
    "/api/events?place={place}&status=asserted&limit=50",
    "/api/events/facets",
    "/api/events/facets?type=ASSAULT&date_from={d1}&date_to={d2}",
    "/api/map?date_from={d1}&date_to={d2}",
    "/api/map",
    "/api/map?type=ASSAULT&date_from={d1}&date_to={d2}",
    "/api/series?a={a}&b={b}",
    # the dashboard's other requests for an actor or place a user picks (facets: "first" is the uncached one)
    "/api/events/facets?actor={actor}",
    "/api/map?place={place}",
    "/api/events?actor={actor}&place={place}&type=ASSAULT&date_from={d1}&limit=50",
]


def api_latency(db: Path, repeat: int) -> None:
    from fastapi.testclient import TestClient

    from panj.web.app import create_app

    today = date.today()
    d1, d2 = (today - timedelta(days=365)).isoformat(), today.isoformat()
    with TestClient(create_app(db, token="bench")) as client:
        # the filters a user would pick: the most frequent actor, place and dyad of the store (read without the
        # facets endpoint, whose cache the measurement below must find cold)
        from panj.store import Store
        from panj.web import queries
        from panj.web.queries import EventFilter

        with Store(db, read_only=True) as store:
            counts = queries.facets(store.con, EventFilter())
        actor, place = counts["actor"][0]["value"], counts["place"][0]["value"]
        dyad = client.get("/api/dyads").json()["items"][0]
        fill = {k: quote(str(v)) for k, v in
                {"d1": d1, "d2": d2, "actor": actor, "place": place, "a": dyad["a"], "b": dyad["b"]}.items()}
        # cpu: this process's CPU time per request (DuckDB's threads included), which the machine's other load
        # inflates far less than the wall-clock time
        print(f"{'endpoint':<62} {'first ms':>8} {'p50 ms':>7} {'p95 ms':>7} {'cpu p50':>7} {'items':>6}")
        for pattern in ENDPOINTS:
            url = pattern.format(**fill)
            times, cpu = [], []
            for _ in range(repeat):
                t, c = time.perf_counter(), time.process_time()
                resp = client.get(url)
                times.append((time.perf_counter() - t) * 1000)
                cpu.append((time.process_time() - c) * 1000)
                if resp.status_code != 200:
                    sys.exit(f"{url}: HTTP {resp.status_code} {resp.text[:200]}")
            body = resp.json()
            items = len(body.get("items") or body.get("event_type") or [])
            first = times[0]  # a cold cache, where the endpoint keeps one (facets)
            times.sort()
            p95 = times[min(len(times) - 1, int(round(0.95 * (len(times) - 1))))]
            print(f"{url:<62} {first:>8.1f} {statistics.median(times):>7.1f} {p95:>7.1f} "
                  f"{statistics.median(cpu):>7.1f} {items:>6}", flush=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folder", type=Path)
    parser.add_argument("--batches", type=int, default=10)
    parser.add_argument("--limit", type=int, default=None, help="use the first N texts only")
    parser.add_argument("--events", type=int, default=1_000_000, help="synthetic events up to this total (0: none)")
    parser.add_argument("--repeat", type=int, default=30, help="requests per endpoint")
    parser.add_argument("--store", type=Path, default=None, help="keep the store here (default: a temporary one)")
    parser.add_argument("--api-only", action="store_true",
                        help="only the API latency, on an existing --store (migrated first where it is older)")
    parser.add_argument("--grow", action="store_true",
                        help="only synthetic events up to --events, added to an existing --store (no ingest)")
    args = parser.parse_args()
    if args.grow:
        if not args.store or not args.store.exists():
            sys.exit("--grow needs an existing --store")
        from panj.store import Store

        print(f"machine: {machine()}; {platform.platform()}")
        with Store(args.store) as store:
            synthetic(store, args.events)
        print(f"peak memory: {peak_mb():.0f} MB")
        return
    if args.api_only:
        if not args.store or not args.store.exists():
            sys.exit("--api-only needs an existing --store")
        print(f"machine: {machine()}; {platform.platform()}")
        from panj.store import Store

        started = time.perf_counter()  # opened for writing once: a store built by an older panj is migrated
        with Store(args.store) as store:
            events = store.con.execute("SELECT count(*) FROM events").fetchone()[0]
        print(f"store: {events} events, {size_mb(args.store):.0f} MB; opened (and migrated where needed) in "
              f"{time.perf_counter() - started:.1f} s, peak {peak_mb():.0f} MB", flush=True)
        api_latency(args.store, args.repeat)
        print(f"peak memory: {peak_mb():.0f} MB")
        return

    from panj.cli_common import console
    from panj.store import Store

    console.quiet = True  # the ingest job's progress bars: this script prints its own table
    print(f"machine: {machine()}; {platform.platform()}")
    files = sorted(args.folder.glob("*.txt"))[:args.limit]
    with tempfile.TemporaryDirectory() as tmp:
        db = args.store or Path(tmp) / "scale.duckdb"
        if db.exists():
            sys.exit(f"{db} exists: give a new path")
        with Store(db) as store:
            ingest_batches(store, files, args.batches)
            if args.events:
                synthetic(store, args.events)
            events = store.con.execute("SELECT count(*) FROM events").fetchone()[0]
        print(f"final store: {events} events, {size_mb(db):.0f} MB; peak memory {peak_mb():.0f} MB")
        api_latency(db, args.repeat)
        print(f"peak memory of the whole run: {peak_mb():.0f} MB (pid {os.getpid()})")


if __name__ == "__main__":
    main()
