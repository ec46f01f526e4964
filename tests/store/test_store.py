"""Schema migrations, atomic writes and every export format over constructed events."""
from __future__ import annotations

import csv
import io
import json

import duckdb
import pytest

from panj import export
from panj.store import Store
from panj.store.schema import MIGRATIONS

EVENT = {
    "id": "evt_1", "event_type": "ASSAULT", "mode": "heavy-weapons", "context": ["terrorism"],
    "actors": [{"name": "Islamic State – Khorasan Province", "text": "IS", "kb_id": "iskp", "wikidata": None,
                "country": None, "sector": "REB"}],
    "recipients": [{"name": "Tajikistan", "text": "Tajikistan", "kb_id": "tjk", "wikidata": None, "country": "TJK",
                    "sector": "GOV"}],
    "date": {"start": "2022-05-07", "end": "2022-05-07", "granularity": "day", "text": "on May 7"},
    "locations": [{"name": "Tajikistan", "text": "Tajikistan", "country": "TJK", "admin1": None, "admin2": None,
                   "lat": 38.5, "lon": 71.0, "geonames_id": 1220409, "precision": "country", "role": "destination"},
                  {"name": "Takhar", "text": "Takhar Province", "country": "AFG", "admin1": "Takhar", "admin2": None,
                   "lat": 36.7, "lon": 69.5, "geonames_id": 1123230, "precision": "admin1", "role": "origin"}],
    "status": "disputed", "claims": [], "mentions": [{"doc_id": "d1", "sentence": "IS fired rockets.", "start": 0,
                                                      "end": 17, "trigger": "fired"}],
    "sources": [{"doc_id": "d1", "outlet": "Sample Wire", "url": "https://example.org", "published": "2022-05-08"}],
    "independent_sources": 1, "score": -9.5, "quad_class": "material_conflict", "cameo": "195",
    "summary": "ISKP fired rockets at Tajikistan (disputed)", "mention_ids": ["em_1"],
}
NO_PLACE = {**EVENT, "id": "evt_2", "locations": [], "mention_ids": ["em_2"], "date": {**EVENT["date"], "start": "2022-06-01"}}


@pytest.fixture()
def store(tmp_path):
    with Store(tmp_path / "t.duckdb") as s:
        s.replace_events([EVENT, NO_PLACE])
        yield s


def test_migrations_apply_once(tmp_path):
    path = tmp_path / "m.duckdb"
    Store(path).close()
    with Store(path) as s:
        assert s.schema_version == len(MIGRATIONS)
        assert s.con.execute("SELECT count(*) FROM schema_version").fetchone()[0] == len(MIGRATIONS)


def test_failed_transaction_leaves_nothing(tmp_path):
    with Store(tmp_path / "t.duckdb") as s:
        with pytest.raises(TypeError):  # the second row is broken: the first must not stay behind
            s.add_documents([{"id": "a", "text": "x" * 30}, {"id": "b", "text": None}], [])
        assert s.counts()["documents"] == 0


def test_events_round_trip_and_links(store):
    assert [e["id"] for e in store.event_records()] == ["evt_1", "evt_2"]
    assert store.con.execute("SELECT mention_id FROM event_links WHERE event_id = 'evt_1'").fetchall() == [("em_1",)]
    store.replace_events([EVENT])  # replacing is whole, never additive
    assert store.counts()["events"] == 1


def test_jsonl_is_the_record(store):
    lines = export.render(store.event_records(), "jsonl").splitlines()
    assert json.loads(lines[0]) == EVENT


def test_csv_columns_and_most_precise_place(store):
    rows = list(csv.DictReader(io.StringIO(export.render(store.event_records(), "csv"))))
    assert list(rows[0]) == export.CSV_COLUMNS
    assert rows[0]["location"] == "Takhar" and rows[0]["geo_precision"] == "admin1"  # admin1 beats country
    assert rows[0]["actor1"] == "Islamic State – Khorasan Province" and rows[0]["actor2"] == "Tajikistan"
    assert rows[1]["location"] == "" and rows[1]["event_date"] == "2022-06-01"
    assert (rows[0]["date_text"], rows[0]["time_precision"]) == ("on May 7", "day")  # how the date was found


def test_geojson_points_only_where_placed(store):
    fc = json.loads(export.render(store.event_records(), "geojson"))
    assert [f["id"] for f in fc["features"]] == ["evt_1"]
    assert fc["features"][0]["geometry"]["coordinates"] == [69.5, 36.7]


def test_parquet(store, tmp_path):
    out = tmp_path / "e.parquet"
    export.to_parquet(store.event_records(), out)
    rows = duckdb.sql(f"SELECT event_id, latitude, record FROM read_parquet('{out}') ORDER BY event_id").fetchall()
    assert rows[0][0] == "evt_1" and rows[0][1] == 36.7 and json.loads(rows[0][2])["cameo"] == "195"
