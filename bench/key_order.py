"""What the order of `event_keys` costs the dashboard's filters: the same queries on stores that hold the same
events with `event_keys` in different physical orders (a store grown by ingests in write order; the same store
with part of its table appended since its last sorted rewrite; the same rewritten in key order:
panj/store/event_index.py `resort`), taking turns, so that the machine's other load falls on each alike.

    .venv/bin/python bench/key_order.py STORE [STORE ...] [--repeat 15]

Per query and store: the median CPU time of this process (DuckDB's threads included) and wall time, in ms; and
how `event_keys` lies: its row groups, and how many of them a key's rows fall in.
"""
from __future__ import annotations

import argparse
import statistics
import time
from datetime import date, timedelta
from pathlib import Path

from panj.store import Store
from panj.web import map_points, queries
from panj.web.queries import EventFilter


def layout(con, kind: str, key: str) -> str:
    groups = con.execute("SELECT count(DISTINCT row_group_id) FROM pragma_storage_info('event_keys')").fetchone()[0]
    mine = con.execute("SELECT count(DISTINCT rowid // 122880) FROM event_keys WHERE kind = ? AND key = ?",
                       [kind, key]).fetchone()[0]
    return f"{groups} row groups, {key!r} in {mine}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("stores", type=Path, nargs="+")
    parser.add_argument("--repeat", type=int, default=15)
    args = parser.parse_args()
    stores = [Store(p, read_only=True) for p in args.stores]
    con = stores[0].con
    top = queries.facets(con, EventFilter())
    actor, place = top["actor"][0]["value"], top["place"][0]["value"]
    small = top["place"][-1]["value"]  # a less frequent place
    d1 = date.today() - timedelta(days=365)
    cases = {
        f"list actor={actor}": lambda c: queries.events(c, EventFilter(actor=actor), limit=50),
        f"list place={place} status": lambda c: queries.events(c, EventFilter(place=place, status=["asserted"]),
                                                               limit=50),
        f"count place={small}": lambda c: queries.count(c, EventFilter(place=small)),
        f"facets actor={actor}": lambda c: queries.facets(c, EventFilter(actor=actor)),
        f"map place={place}": lambda c: map_points.points(c, EventFilter(place=place), 2000),
        f"list actor+place+type+date": lambda c: queries.events(
            c, EventFilter(actor=actor, place=place, type=["ASSAULT"], date_from=d1), limit=50),
        "list all, newest 50": lambda c: queries.events(c, EventFilter(), limit=50),
    }
    for s in stores:
        print(f"{s.path}: {layout(s.con, 'place', place)}")
    print(f"{'query':<34}" + "".join(f"{s.path.stem[:22]:>24}" for s in stores) + "   (cpu / wall ms, median)")
    for name, run in cases.items():
        cpu: dict[int, list[float]] = {i: [] for i in range(len(stores))}
        wall: dict[int, list[float]] = {i: [] for i in range(len(stores))}
        answers = set()
        for _ in range(args.repeat):
            for i, s in enumerate(stores):
                t, c = time.perf_counter(), time.process_time()
                out = run(s.con)
                wall[i].append(1000 * (time.perf_counter() - t))
                cpu[i].append(1000 * (time.process_time() - c))
                answers.add(repr(out))
        same = "same answers" if len(answers) == 1 else f"{len(answers)} DIFFERENT answers"
        print(f"{name[:34]:<34}" + "".join(f"{statistics.median(cpu[i]):>12.1f} / {statistics.median(wall[i]):>7.1f}"
                                           for i in range(len(stores))) + f"   {same}", flush=True)


if __name__ == "__main__":
    main()
