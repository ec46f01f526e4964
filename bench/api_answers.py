"""The dashboard API's answers to a set of filter combinations on a store, written to a JSON file, so that two
versions of the code can be shown to answer the same (rows, order, totals) on the same store.

    .venv/bin/python bench/api_answers.py --store FILE -o answers.json     # once with each version
    cmp old.json new.json

The filters are those a user picks on the dashboard: the store's most frequent actors and places (by kb id and by
name), alone and combined with each other, with a type, a status, a date range, paging, a minimum of sources,
free text and every confidence. Each URL is requested once, with its latency (not the point here: see
bench/scale.py) and each answer's JSON.
"""
from __future__ import annotations

import argparse
import json
import sys
import time
from datetime import date, timedelta
from pathlib import Path
from urllib.parse import quote

PATTERNS = [
    "/api/events?actor={actor}&limit=50",
    "/api/events?actor={actor}&limit=50&offset=1000",
    "/api/events?actor={actor_name}&limit=50",
    "/api/events?actor={actor2}&limit=20",
    "/api/events?actor={actor}&min_confidence=0&limit=50",
    "/api/events?actor={actor}&type=ASSAULT&date_from={d1}&date_to={d2}&limit=50",
    "/api/events?actor={actor}&status=asserted&min_sources=2&limit=50",
    "/api/events?actor={actor}&place={place}&limit=50",
    "/api/events?place={place}&status=asserted&limit=50",
    "/api/events?place={place}&limit=50&offset=5000",
    "/api/events?place={place2}&type=ASSAULT,PROTEST&limit=50",
    "/api/events?place={place}&date_from={d1}&limit=50",
    "/api/events?place={place2}&date_to={d0}&limit=50",
    "/api/events?actor=no-such-actor&limit=50",
    "/api/events?type=ASSAULT&date_from={d1}&date_to={d2}&limit=50",
    "/api/events?limit=50",
    "/api/events?limit=50&offset=200000",
    "/api/events?status=disputed&min_sources=2&date_to={d0}&limit=50",
    "/api/events?date_from={d1}&min_confidence=0&limit=50",
    "/api/events/facets",
    "/api/events/facets?date_from={d1}",
    "/api/map",
    "/api/events/facets?actor={actor}",
    "/api/events/facets?place={place}&status=asserted",
    "/api/map?actor={actor}",
    "/api/map?place={place}&date_from={d1}&date_to={d2}",
    "/api/map?date_from={d1}&date_to={d2}",
    "/api/places?actor={actor2}&limit=20",
    "/api/actors?place={place2}&limit=20",
]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--store", type=Path, required=True)
    parser.add_argument("-o", "--out", type=Path, required=True)
    args = parser.parse_args()
    from fastapi.testclient import TestClient

    from panj.store import Store
    from panj.web import queries
    from panj.web.app import create_app
    from panj.web.queries import EventFilter

    with Store(args.store, read_only=True) as store:  # the filters a user would pick: the busiest keys
        counts = queries.facets(store.con, EventFilter())
        named = store.con.execute("SELECT name FROM event_actors WHERE kb_id = ? AND name IS NOT NULL LIMIT 1",
                                  [counts["actor"][0]["value"]]).fetchall()
    today = date.today()
    fill = {"actor": counts["actor"][0]["value"], "actor2": counts["actor"][3]["value"],
            "actor_name": named[0][0] if named else counts["actor"][1]["value"],
            "place": counts["place"][0]["value"], "place2": counts["place"][4]["value"],
            "d0": (today - timedelta(days=2000)).isoformat(), "d1": (today - timedelta(days=365)).isoformat(),
            "d2": today.isoformat()}
    out = {}
    with TestClient(create_app(args.store, token="bench")) as client:
        for pattern in PATTERNS:
            url = pattern.format(**{k: quote(str(v)) for k, v in fill.items()})
            t = time.perf_counter()
            resp = client.get(url)
            ms = (time.perf_counter() - t) * 1000
            if resp.status_code != 200:
                sys.exit(f"{url}: HTTP {resp.status_code} {resp.text[:200]}")
            body = resp.json()
            print(f"{url:<90} {ms:>8.1f} ms  total {body.get('total')}", flush=True)
            out[url] = body
    args.out.write_text(json.dumps(out, sort_keys=True, indent=1))


if __name__ == "__main__":
    main()
