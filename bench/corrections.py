"""Cost of re-applying corrections after fusion, on a synthetic store: it should follow the events fusion changed
plus their corrections, not the store or the size of the log.

The store holds `--events` single-mention events (one document each, one a day). Two copies are made: one with
no corrections, one with `--corrections` field corrections on as many events. Into each, the same batch of
`--batch` new documents is fused, half joining corrected events (in the second copy) and half joining
uncorrected ones; the script prints the seconds of that fusion in each copy, of the re-application alone
(`replay.view`), of one `panj correct` at that store size, and of a rebuild of every event with every
correction re-applied, with the machine (cores, CPU model). Not a test: timings depend on the machine.

    PYTHONPATH=. .venv/bin/python bench/corrections.py [--events 3000] [--corrections 1000] [--batch 20]
"""
from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

from panj.corrections import entries, replay
from panj.fuse.incremental import fuse_store
from panj.records import Actor, DateValue, EventMention
from panj.store import Store

sys.path.insert(0, str(Path(__file__).resolve().parent))
from throughput import machine  # noqa: E402

START = date(1900, 1, 1)
TJK = dict(name="Tajikistan", kb_id="tjk", country="TJK", sector="GOV")
AFG = dict(name="Taliban", kb_id="taliban", country="AFG", sector="GOV")


def mention(doc: str, day: date) -> EventMention:
    s = f"Border guards of {doc} exchanged fire."
    return EventMention(doc_id=doc, sentence=s, start=0, end=len(s), trigger="fire", trigger_start=25,
                        trigger_end=29, event_type="ASSAULT", actors=[Actor(text="Tajikistan", **TJK)],
                        recipients=[Actor(text="Taliban", **AFG)],
                        date=DateValue(day.isoformat(), day.isoformat(), "day", "that day"), status="asserted",
                        id=f"em_{doc}", score=-9.0, quad_class="material_conflict", cameo="190")


def save(store: Store, ms: list[EventMention], published: dict[str, date]) -> None:
    store.add_documents([{"id": m.doc_id, "text": m.sentence, "outlet": f"Outlet {i % 50}",
                          "published": published[m.doc_id].isoformat()} for i, m in enumerate(ms)], [])
    store.save_extractions([(m.doc_id, [], [], [m.to_dict()]) for m in ms])


def timed(fn) -> tuple[float, object]:
    t = time.perf_counter()
    out = fn()
    return time.perf_counter() - t, out


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--events", type=int, default=3000)
    ap.add_argument("--corrections", type=int, default=1000)
    ap.add_argument("--batch", type=int, default=20)
    args = ap.parse_args()
    tmp = Path(tempfile.mkdtemp())
    days = {f"d{i:06d}": START + timedelta(days=20 * i) for i in range(args.events)}  # apart: one event each
    base = tmp / "base.duckdb"
    with Store(base) as store:
        save(store, [mention(d, day) for d, day in days.items()], days)
        fuse_store(store)
    plain, corrected = tmp / "plain.duckdb", tmp / "corrected.duckdb"
    shutil.copy(base, plain)
    shutil.copy(base, corrected)
    step = max(args.events // max(args.corrections, 1), 1)
    targets = list(days)[::step][:args.corrections]
    with Store(corrected) as store:
        ids = {r["id"]: r for r in store.event_records()}
        by_doc = {r["mentions"][0]["doc_id"]: r for r in ids.values()}
        log = [entries._entry("set", by_doc[d], "bench", "bench", field="status", before="asserted",
                              after="claimed") for d in targets]
        t_log, _ = timed(lambda: entries.record(store, log))
    # the batch: copies of stored events' sentences in new documents a day later; half join corrected events
    joined = targets[:args.batch // 2] + [d for d in days if d not in set(targets)][:args.batch - args.batch // 2]
    new = {f"n{d}": days[d] for d in joined}
    batch = [mention(n, day) for n, day in new.items()]
    published = {n: day + timedelta(days=1) for n, day in new.items()}
    for name, path in (("no corrections", plain), (f"{len(targets)} corrections", corrected)):
        with Store(path) as store:
            save(store, batch, published)
            seen = []
            real = replay.view
            replay.view = lambda s, fresh, **kw: (lambda t0: (lambda v: (seen.append(time.perf_counter() - t0), v)[1])(
                real(s, fresh, **kw)))(time.perf_counter())
            t_fuse, report = timed(lambda: fuse_store(store))
            replay.view = real
            print(f"{name}: fusing {len(batch)} new documents into {args.events} events: {t_fuse:.3f} s "
                  f"({len(report.changed)} events changed; re-applying corrections {sum(seen):.3f} s)")
    with Store(corrected) as store:
        some = store.event_records()[len(targets) // 2]
        t_one, _ = timed(lambda: entries.set_fields(store, some["id"], ["status=alleged"], "bench", "bench"))
        print(f"one panj correct at {args.events} events and {len(targets) + 1} corrections: {t_one:.3f} s "
              f"(recording {len(targets)} at once took {t_log:.3f} s)")
        store.replace_events([])
        t_all, _ = timed(lambda: fuse_store(store))
        n = store.con.execute("SELECT count(*) FROM correction_state WHERE state = 'applied'").fetchone()[0]
        print(f"rebuild of every event from its mentions, every correction re-applied: {t_all:.3f} s "
              f"({n} corrections applied)")
    print(f"machine: {machine()}")
    shutil.rmtree(tmp)


if __name__ == "__main__":
    main()
