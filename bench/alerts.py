"""Cost of an alert refresh on a synthetic store: a full one, and an incremental one touching one dyad.

The store holds `--years` of weekly activity (default 10) for `--dyads` dyads (default 100), each in its own
province, with Poisson counts whose level steps once per dyad (so change points are found), plus one document a
week. It prints the seconds of

- a full refresh (`refresh(store)`: every series, the index rebuilt),
- an incremental refresh after three events are added to one dyad in a past week (`refresh(store, changed=...)`),
- one change-point search on one `--years`-long weekly series,

with the default horizon (3 years before the newest document) and with the horizon off (every series `--years`
long), and the machine (cores, CPU model). Not a test: timings depend on the machine.

    PYTHONPATH=. .venv/bin/python bench/alerts.py [--dyads 100] [--years 10]
"""
from __future__ import annotations

import argparse
import copy
import math
import os
import platform
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

import numpy as np

from panj.indicators import alerts as al
from panj.indicators.changepoints import pelt_l2
from panj.indicators.series import load_config
from panj.store import Store

FIRST = date(2015, 1, 5)  # a Monday
PEERS = ["TJK", "UZB", "KGZ", "TKM", "IRN", "PAK", "CHN", "RUS"]


def cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown"


def synthetic(dyads: int, weeks: int, seed: int = 1) -> list[dict]:
    """Events of `dyads` dyads over `weeks` weeks: AFG organs against a peer's organ, or two armed groups."""
    rng = np.random.default_rng(seed)
    out = []
    for d in range(dyads):
        a = {"name": f"group {d}", "kb_id": f"group_{d}", "country": "AFG", "sector": "REB"}
        b = {"name": PEERS[d % len(PEERS)], "country": PEERS[d % len(PEERS)], "sector": "MIL",
             "kb_id": f"{PEERS[d % len(PEERS)].lower()}_mil"}
        low, high = rng.uniform(0.3, 1.5), rng.uniform(2.0, 6.0)
        step = int(rng.integers(weeks // 4, 3 * weeks // 4))
        for w in range(weeks):
            day = FIRST + timedelta(days=7 * w + 2)
            for k in range(int(rng.poisson(high if w >= step else low))):
                out.append({"id": f"evt_{d:04d}_{w:04d}_{k}", "event_type": "ASSAULT", "status": "asserted",
                            "date": {"start": day.isoformat(), "end": day.isoformat(), "granularity": "day"},
                            "actors": [a], "recipients": [b],
                            "locations": [{"name": f"Prov{d}", "country": "AFG", "admin1": f"Prov{d}"}],
                            "score": -8.0, "quad_class": "material_conflict", "mention_ids": [f"m_{d}_{w}_{k}"],
                            "summary": f"dyad {d} week {w}"})
    return out


def timed(fn) -> tuple[float, object]:
    started = time.perf_counter()
    out = fn()
    return time.perf_counter() - started, out


def run(records: list[dict], weeks: int, cfg: dict, label: str, folder: Path) -> None:
    with Store(folder / f"{label}.duckdb") as store:
        store.replace_events(records)
        store.add_documents([{"id": f"doc{w}", "text": f"doc {w}", "published": FIRST + timedelta(days=7 * w + 3)}
                             for w in range(weeks)], [])
        full_s, full = timed(lambda: al.refresh(store, cfg))
        day = FIRST + timedelta(days=7 * (weeks - 10) + 2)
        extra = []
        for k in range(3):
            r = copy.deepcopy(records[0])
            r["id"], r["mention_ids"] = f"evt_extra_{k}", [f"m_extra_{k}"]
            r["date"] = {"start": day.isoformat(), "end": day.isoformat(), "granularity": "day"}
            extra.append(r)
        store.replace_events(records + extra)
        inc_s, inc = timed(lambda: al.refresh(store, cfg, changed=[r["id"] for r in extra]))
        n_alerts = len(al.list_alerts(store))
    print(f"{label:>22}: full refresh {full_s:7.3f} s ({full.series} series, {full.raised} alerts raised); "
          f"incremental, one dyad {inc_s:7.3f} s ({inc.series} series, {inc.raised} raised, "
          f"{inc.updated} updated); {n_alerts} open alerts")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--dyads", type=int, default=100)
    ap.add_argument("--years", type=int, default=10)
    args = ap.parse_args()
    weeks = int(round(args.years * 52.18))
    print(f"machine: {os.cpu_count()} cores (nproc), {cpu_model()}")
    records = synthetic(args.dyads, weeks)
    print(f"store: {len(records)} events, {args.dyads} dyads and {args.dyads} provinces over {weeks} weeks "
          f"({args.years} years)")
    cfg = load_config()
    rng = np.random.default_rng(5)
    signal = al.anscombe(np.concatenate([rng.poisson(1.0, weeks // 2), rng.poisson(4.0, weeks - weeks // 2)]))
    pen = 3.0 * math.log(weeks) * al.noise_variance(signal, 1.0)
    reps = 20
    cp_s, bkps = timed(lambda: [pelt_l2(signal, pen, 3) for _ in range(reps)])
    print(f"one change-point search on a {weeks}-week series: {cp_s / reps * 1000:.2f} ms (breakpoints {bkps[0]})")
    unbounded = copy.deepcopy(cfg)
    unbounded["alerts"]["horizon_years"] = None
    with tempfile.TemporaryDirectory() as tmp:
        run(records, weeks, cfg, f"horizon {cfg['alerts']['horizon_years']} years", Path(tmp))
        run(records, weeks, unbounded, "no horizon", Path(tmp))


if __name__ == "__main__":
    main()
