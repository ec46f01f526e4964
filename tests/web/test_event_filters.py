"""The API's event filters in every combination a dashboard user can pick, against the filter's meaning computed
here from the records: the actor and place filters read their key's rows (panj/store/event_index.py `event_keys`)
and must list, page and count exactly what a look at every record would."""
from __future__ import annotations

import random
from collections import Counter
from datetime import date

import pytest

from panj.fuse.confidence import default_threshold

ACTORS = [{"name": "Northern Army", "text": "the army", "kb_id": "north_army", "country": "AAA", "sector": "MIL"},
          {"name": "River Front", "text": "the Front", "kb_id": None, "country": None, "sector": "REB"},
          {"name": "Harbour Police", "text": "police", "kb_id": "harbour_police", "country": "BBB", "sector": "COP"},
          {"name": None, "text": "gunmen", "kb_id": None, "country": None, "sector": None}]
PLACES = [{"name": "Northvale", "country": "AAA", "admin1": "Upper Province", "lat": 10.0, "lon": 20.0,
           "precision": "point", "role": "site"},
          {"name": "Upper Province", "country": "AAA", "admin1": "Upper Province", "lat": 11.0, "lon": 21.0,
           "precision": "admin1", "role": "site"},
          {"name": "Southport", "country": "BBB", "admin1": "Coast", "lat": 5.0, "lon": 30.0, "precision": "point",
           "role": "site"}]
TYPES, STATUSES = ["ASSAULT", "PROTEST", "AGREE"], ["asserted", "disputed", "planned"]


def generated(n: int = 90, seed: int = 3) -> list[dict]:
    rng = random.Random(seed)
    out = []
    for i in range(n):
        day = None if i % 9 == 0 else date(2023, 1, 1).toordinal() + rng.randrange(700)
        start = None if day is None else date.fromordinal(day).isoformat()
        end = None if day is None else date.fromordinal(day + rng.choice([0, 0, 3, 40])).isoformat()
        out.append({"id": f"evt_{i:03d}", "event_type": rng.choice(TYPES), "status": rng.choice(STATUSES),
                    "date": {"start": start, "end": end, "granularity": "day" if start else None},
                    "actors": rng.sample(ACTORS, rng.randrange(3)), "recipients": rng.sample(ACTORS, rng.randrange(2)),
                    "locations": rng.sample(PLACES, rng.randrange(3)), "mentions": [], "mention_ids": [f"m_{i}"],
                    "independent_sources": rng.choice([None, 1, 2, 3]),
                    "confidence": rng.choice([None, 0.2, 0.5, 0.9]), "summary": f"event {i}"})
    return out


RECORDS = generated()


def matches(r: dict, q: dict) -> bool:
    """What each filter means (panj/store/filters.py), over one record."""
    d = r["date"]
    start = d["start"] and date.fromisoformat(d["start"])
    end = d["end"] and date.fromisoformat(d["end"])
    people = r["actors"] + r["recipients"]
    confidence = q.get("min_confidence", default_threshold())
    return all([
        "date_from" not in q or ((end or start) is not None and (end or start) >= q["date_from"]),
        "date_to" not in q or (start is not None and start <= q["date_to"]),
        "type" not in q or r["event_type"] in q["type"],
        "status" not in q or r["status"] in q["status"],
        not q.get("min_sources") or (r["independent_sources"] or 0) >= q["min_sources"],
        not confidence or (1 if r["confidence"] is None else r["confidence"]) >= confidence,
        "actor" not in q or any(q["actor"] == (a["kb_id"] or a["name"] or a["text"])
                                or (a["kb_id"] and q["actor"] == a["name"]) for a in people),
        "place" not in q or any(q["place"] in {p["name"], p["admin1"], p["country"]} for p in r["locations"])])


def expected(q: dict) -> list[str]:
    hits = [r for r in RECORDS if matches(r, q)]
    undated_last = sorted(hits, key=lambda r: (r["date"]["start"] is None, r["date"]["start"] or "", r["id"]))
    return [r["id"] for r in undated_last]


def url_query(q: dict) -> str:
    return "&".join(f"{k}={','.join(v) if isinstance(v, list) else v}" for k, v in q.items())


@pytest.fixture(scope="module")
def filtered(tmp_path_factory):
    from fastapi.testclient import TestClient

    from panj.fuse.incremental import write_events
    from panj.store import Store
    from panj.web.app import create_app

    path = tmp_path_factory.mktemp("filters") / "f.duckdb"
    with Store(path) as store:
        write_events(store, RECORDS[:60])  # two writes: the keys of the second are appended after the first's
        write_events(store, RECORDS[60:])
    with TestClient(create_app(path, token="t")) as client:
        yield client


COMBOS = [
    {"actor": "north_army"}, {"actor": "Northern Army"}, {"actor": "River Front"}, {"actor": "gunmen"},
    {"actor": "the army"}, {"place": "Southport"}, {"place": "Upper Province"}, {"place": "AAA"},
    {"actor": "harbour_police", "place": "Northvale"}, {"actor": "River Front", "type": ["ASSAULT", "AGREE"]},
    {"actor": "north_army", "status": ["disputed"], "min_confidence": 0},
    {"place": "BBB", "date_from": date(2023, 6, 1), "date_to": date(2024, 3, 1)},
    {"place": "Coast", "date_to": date(2023, 9, 30), "min_sources": 2},
    {"actor": "Harbour Police", "place": "AAA", "type": ["PROTEST"], "status": ["asserted", "planned"],
     "date_from": date(2023, 3, 1), "min_confidence": 0.5},
    {"actor": "nobody"}, {"type": ["ASSAULT"], "date_from": date(2023, 5, 1)}, {"min_confidence": 0},
]


@pytest.mark.parametrize("q", COMBOS, ids=url_query)
def test_events_list_page_and_count_what_the_records_match(filtered, q):
    want = expected(q)
    body = filtered.get(f"/api/events?{url_query(q)}&limit=1000").json()
    assert [e["id"] for e in body["items"]] == want and body["total"] == len(want)
    paged = filtered.get(f"/api/events?{url_query(q)}&limit=4&offset=2").json()
    assert [e["id"] for e in paged["items"]] == want[2:6] and paged["total"] == len(want)
    facets = filtered.get(f"/api/events/facets?{url_query(q)}").json()
    hits = [r for r in RECORDS if r["id"] in set(want)]
    assert facets["total"] == len(want)
    assert {f["value"]: f["count"] for f in facets["event_type"]} == dict(Counter(r["event_type"] for r in hits))
    assert {f["value"]: f["count"] for f in facets["status"]} == dict(Counter(r["status"] for r in hits))
    assert {f["value"]: f["count"] for f in facets["place"]} == dict(Counter(
        k for r in hits for k in {p["name"] for p in r["locations"]}))
    assert filtered.get(f"/api/map?{url_query(q)}").json()["total"] == len(want)


def test_the_combinations_are_not_trivial():
    sizes = [len(expected(q)) for q in COMBOS]
    assert sizes.count(0) == 2 and sum(1 for s in sizes if s >= 5) >= 10  # "the army" (a text) and "nobody"
