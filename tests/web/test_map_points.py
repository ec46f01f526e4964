"""The map read from its pre-aggregate (cells of place and week) equals the map counted from the events, for the
filters the cells answer, the ranges they answer in part, and those they leave to the events."""
from __future__ import annotations

import random
from datetime import date, timedelta

import pytest

from panj.fuse.confidence import default_threshold
from panj.fuse.incremental import write_events
from panj.store import Store, map_cells
from panj.store.filters import EventFilter
from panj.web import map_points

PLACES = [
    {"name": "Northvale", "country": "AAA", "admin1": "Upper", "lat": 10.0, "lon": 20.0, "precision": "point"},
    {"name": "Southport", "country": "BBB", "admin1": "Coast", "lat": 11.5, "lon": 21.5, "precision": "point"},
    {"name": "Upper", "country": "AAA", "admin1": "Upper", "lat": 10.2, "lon": 20.4, "precision": "admin1"},
    {"name": "Eastmarch", "country": "CCC", "admin1": None, "lat": None, "lon": None, "precision": "admin1"},
]
TYPES = ["ASSAULT", "PROTEST", "CONSULT", "COERCE"]
STATUSES = ["asserted", "disputed", "alleged", None]
START = date(2023, 1, 2)  # a Monday


def record(i: int, rng: random.Random) -> dict:
    kind = rng.random()
    day = START + timedelta(days=rng.randrange(1100))  # three years
    end = day + timedelta(days=rng.choice([0, 0, 0, 3, 12])) if kind < 0.95 else None
    dated = {"start": day.isoformat(), "end": end.isoformat(), "granularity": "day"} if end else None
    places = [dict(rng.choice(PLACES), role="site")] if rng.random() < 0.9 else []
    return {"id": f"evt_{i:04d}", "event_type": rng.choice(TYPES), "status": rng.choice(STATUSES), "date": dated,
            "locations": places, "actors": [], "recipients": [], "mentions": [], "mention_ids": [],
            "independent_sources": rng.choice([None, 1, 1, 2, 3]), "summary": f"event {i}",
            "confidence": rng.choice([None, 0.3, 0.5, 0.7, 0.9])}


@pytest.fixture(scope="module")
def store(tmp_path_factory):
    rng = random.Random(5)
    records = [record(i, rng) for i in range(400)]
    with Store(tmp_path_factory.mktemp("map") / "m.duckdb") as s:
        for k in range(0, len(records), 100):  # in batches, as fusion writes: the cells are kept, not rebuilt
            write_events(s, records[k:k + 100])
        moved = [dict(r, status="disputed", date=None) for r in records[:30]]  # rewritten events leave their cells
        write_events(s, moved)
        yield s


THRESHOLD = default_threshold()
CELLS = [  # filters the cells answer, whole or in part
    EventFilter(min_confidence=THRESHOLD),
    EventFilter(min_confidence=0),
    EventFilter(date_from=date(2024, 1, 10), date_to=date(2024, 2, 20), min_confidence=THRESHOLD),  # Wed to Tue
    EventFilter(date_from=date(2024, 1, 8), date_to=date(2024, 2, 4)),  # Monday to Sunday: cells alone
    EventFilter(date_from=date(2024, 1, 17), min_confidence=THRESHOLD),
    EventFilter(date_to=date(2024, 2, 1)),
    EventFilter(date_from=date(2023, 3, 1), date_to=date(2025, 6, 30), min_confidence=THRESHOLD),  # 2024 whole
    EventFilter(date_from=date(2023, 1, 2), date_to=date(2024, 12, 29)),  # 2023 whole, 2024 in weeks
    EventFilter(date_from=date(2023, 1, 1), date_to=date(2025, 1, 5)),  # 2023 and 2024 whole, a day before
    EventFilter(date_from=date(2023, 6, 1)),
    EventFilter(date_to=date(2024, 3, 1), min_confidence=THRESHOLD),
]
EVENTS = [  # filters only the events answer
    EventFilter(date_from=date(2024, 1, 10), date_to=date(2024, 1, 13)),  # no whole week
    EventFilter(min_sources=2, min_confidence=THRESHOLD),
    EventFilter(place="AAA"),
    EventFilter(min_confidence=0.7),
    EventFilter(actor="nobody"),
    EventFilter(type=["ASSAULT", "COERCE"], status=["disputed"], date_from=date(2024, 1, 3),
                date_to=date(2024, 3, 1), min_confidence=THRESHOLD),
    EventFilter(status=["asserted", "alleged"]),
]


@pytest.mark.parametrize("flt", CELLS + EVENTS)
def test_the_cells_answer_as_the_events_do(store, flt):
    used = any(t is not map_points._EVENTS for t, _, _ in map_points._sources(flt, map_cells.threshold(store.con)))
    assert used == (flt in CELLS)
    for limit in (1000, 2):
        got = map_points.points(store.con, flt, limit)
        assert got == map_points.points(store.con, flt, limit, cells=False)
    points, total, located = got
    assert located <= total and len(points) <= 2


def test_points_hold_what_the_map_shows(store):
    points, total, located = map_points.points(store.con, EventFilter(min_confidence=0), 1000)
    assert total == 400 and located == sum(p["events"] for p in points) < total
    assert {p["place"] for p in points} >= {"Northvale", "Southport", "Upper"}
    first = points[0]
    assert first["events"] == max(p["events"] for p in points) == sum(first["types"].values())
    rec = store.events_by_id([first["id"]])[0]
    assert (first["summary"], first["date"]) == (rec["summary"], (rec["date"] or {}).get("start"))


def test_a_range_reads_whole_years_whole_weeks_and_the_days_between():
    flt = EventFilter(date_from=date(2023, 3, 1), date_to=date(2025, 6, 30))
    parts = map_points._sources(flt, THRESHOLD)
    years = [p for t, _, p in parts if t is map_points._YEARS]
    weeks = [p for t, _, p in parts if t is map_points._CELLS]
    assert years == [[2024, 2024]]
    assert weeks == [[date(2023, 3, 6), date(2023, 12, 25)], [date(2025, 1, 6), date(2025, 6, 23)]]
    assert sum(t is map_points._EVENTS for t, _, _ in parts) == 3  # 1-5 March 2023, longer events, 30 June 2025
