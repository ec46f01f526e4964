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


def test_event_side_rows_follow_the_records(store):
    actors = store.con.execute("SELECT event_id, role, key, label FROM event_actors ORDER BY event_id, ord").fetchall()
    assert actors == [("evt_1", "actor", "iskp", "Islamic State – Khorasan Province"),
                      ("evt_1", "recipient", "tjk", "Tajikistan"),
                      ("evt_2", "actor", "iskp", "Islamic State – Khorasan Province"),
                      ("evt_2", "recipient", "tjk", "Tajikistan")]
    # the main place is the most precise one, as the CSV export picks it
    assert store.con.execute("SELECT key FROM event_places WHERE is_main").fetchall() == [("Takhar",)]
    store.replace_events([NO_PLACE])
    assert store.con.execute("SELECT DISTINCT event_id FROM event_actors").fetchall() == [("evt_2",)]
    assert store.con.execute("SELECT count(*) FROM event_places").fetchone()[0] == 0


def test_an_older_store_gets_its_side_rows_when_migrated(tmp_path):
    """A store written before the side tables existed is backfilled by the migration that adds them."""
    path = tmp_path / "old.duckdb"
    con = duckdb.connect(str(path))
    con.execute("CREATE TABLE schema_version (version INTEGER NOT NULL)")
    for version, migration in enumerate(MIGRATIONS[:3], start=1):
        con.execute(migration)
        con.execute("INSERT INTO schema_version VALUES (?)", [version])
    con.execute("INSERT INTO events (id, event_type, record) VALUES (?, ?, ?)",
                ["evt_1", "ASSAULT", json.dumps(EVENT)])
    con.close()
    with Store(path) as s:
        assert s.schema_version == len(MIGRATIONS)
        assert s.con.execute("SELECT key FROM event_actors ORDER BY ord").fetchall() == [("iskp",), ("tjk",)]
        assert s.con.execute("SELECT count(*) FROM event_places").fetchone()[0] == 2


def test_bulk_rows_keep_their_types(tmp_path):
    """Dates as ISO text, lists, and columns that are all NULL in one batch reach DuckDB with the table's types."""
    with Store(tmp_path / "t.duckdb") as s:
        s.add_documents([{"id": "d1", "text": "A text.", "published": "2022-05-08", "credits": ["Reuters"],
                          "minhash": [1, 2, 3]},
                         {"id": "d2", "text": "Another.", "published": None, "credits": []}],
                        [("d2", "d1", "near-duplicate", 0.9)])
        rows = s.con.execute("SELECT id, published, credits, minhash, n_chars FROM documents ORDER BY id").fetchall()
        assert [(r[0], str(r[1]), r[2], r[3], r[4]) for r in rows] == [
            ("d1", "2022-05-08", ["Reuters"], [1, 2, 3], 7), ("d2", "None", [], None, 8)]
        assert s.add_documents([{"id": "d1", "text": "A text."}], []) == 0  # stored already: nothing twice
