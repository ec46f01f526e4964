"""Typed Parquet read as-is by DuckDB and pandas; the CSV stays flat; GeoJSON follows RFC 7946."""
from __future__ import annotations

import copy
import csv
import io
import json
from datetime import date

import duckdb
import pandas as pd
import pytest

from panj import export

ACTOR = {"name": "Northern Front", "text": "the Front", "kb_id": "front", "wikidata": None, "country": "AFG",
         "sector": "REB", "start": 0, "end": 9, "rule": "alias"}
TJK = {"name": "Tajikistan", "text": "Dushanbe", "kb_id": "tjk", "wikidata": "Q863", "country": "TJK", "sector": "GOV"}
EVENT = {
    "id": "evt_1", "event_type": "ASSAULT", "mode": "heavy-weapons", "context": ["border"], "actors": [ACTOR],
    "recipients": [TJK], "date": {"start": "2022-05-07", "end": "2022-05-08", "granularity": "day", "text": "Saturday",
                                  "basis": "text"},
    "locations": [{"name": "Fort Alder", "text": "Fort Alder", "country": "AFG", "admin1": "Kunduz", "admin2": None,
                   "lat": 37.19, "lon": 68.6, "geonames_id": 42, "precision": "point", "role": "site"}],
    "status": "disputed",
    "claims": [{"claimant": ACTOR, "stance": "claims", "text": "the Front claimed it", "doc_id": "d1", "start": 40,
                "end": 60, "via": [{"name": "Test Wire", "text": "Test Wire", "sector": "MED"}], "cue": "claimed"},
               {"claimant": None, "stance": "denies", "text": "officials denied it", "doc_id": "d2", "start": 3,
                "end": 22, "via": [], "cue": "denied"}],
    "mentions": [{"doc_id": "d1", "sentence": "The Front fired rockets.", "start": 0, "end": 24, "trigger": "fired",
                  "trigger_start": 10, "trigger_end": 15, "mention_id": "em_1", "status": "claimed"}],
    "sources": [{"doc_id": "d1", "path": "a.md", "outlet": "Test Wire", "url": "https://example.org/1",
                 "published": "2022-05-08"},
                {"doc_id": "d2", "path": "b.md", "outlet": "Other Desk", "url": "https://example.net/2",
                 "published": "2022-05-09"}],
    "independent_sources": 2, "score": -9.5, "quad_class": "material_conflict", "cameo": "195", "confidence": 0.9,
    "summary": "The Front fired rockets at Tajikistan (disputed)", "mention_ids": ["em_1"],
}
UNPLACED = {**copy.deepcopy(EVENT), "id": "evt_2", "locations": [], "date": {"start": None, "end": None,
                                                                            "granularity": "unresolved", "text": ""},
            "independent_sources": None, "confidence": None}


@pytest.fixture()
def parquet(tmp_path):
    path = tmp_path / "e.parquet"
    export.to_parquet([EVENT, UNPLACED], path)
    return path


def test_parquet_types_as_duckdb_reads_them(parquet):
    con = duckdb.connect()
    types = {r[0]: r[1] for r in con.execute(f"DESCRIBE SELECT * FROM read_parquet('{parquet}')").fetchall()}
    assert (types["event_date"], types["latitude"], types["independent_sources"], types["confidence"]) == (
        "DATE", "DOUBLE", "INTEGER", "DOUBLE")
    for nested in ("actors", "recipients", "places", "sources", "claims"):
        assert types[nested].startswith("STRUCT(") and types[nested].endswith(")[]"), nested
    rows = con.execute(f"""SELECT event_id, event_date, end_date, sources[2].outlet, sources[1].published,
                                 places[1].lat, claims[2].stance, claims[1].via[1].name, actors[1].kb_id
                           FROM read_parquet('{parquet}') ORDER BY event_id""").fetchall()
    assert rows[0] == ("evt_1", date(2022, 5, 7), date(2022, 5, 8), "Other Desk", date(2022, 5, 8), 37.19,
                       "denies", "Test Wire", "front")
    assert rows[1][1] is None and rows[1][5] is None  # unresolved stays missing, never a guessed day
    assert json.loads(con.execute(f"SELECT record FROM read_parquet('{parquet}') LIMIT 1").fetchone()[0]) == EVENT


def test_parquet_as_pandas_reads_it(parquet):
    df = pd.read_parquet(parquet)
    assert df.loc[0, "event_date"] == date(2022, 5, 7) and pd.isna(df.loc[1, "event_date"])
    assert df["latitude"].dtype == "float64"
    nullable = pd.read_parquet(parquet, dtype_backend="numpy_nullable")  # an INTEGER column with a missing count
    assert str(nullable["independent_sources"].dtype) == "Int32" and pd.isna(nullable.loc[1, "independent_sources"])
    assert [s["outlet"] for s in df.loc[0, "sources"]] == ["Test Wire", "Other Desk"]
    assert df.loc[0, "places"][0]["geonames_id"] == 42
    assert df.loc[0, "claims"][1]["claimant"] is None


def test_csv_stays_flat():
    rows = list(csv.DictReader(io.StringIO(export.render([EVENT, UNPLACED], "csv"))))
    assert list(rows[0]) == export.CSV_COLUMNS and "actors" not in rows[0]
    assert rows[0]["source"] == "Test Wire; Other Desk" and rows[0]["latitude"] == "37.19"
    assert rows[1]["event_date"] == "" and rows[1]["location"] == ""


def test_geojson_rfc7946_with_filterable_properties():
    fc = json.loads(export.render([EVENT, UNPLACED], "geojson"))
    assert fc["type"] == "FeatureCollection" and "crs" not in fc  # RFC 7946: WGS 84 only, no crs member
    (feature,) = fc["features"]  # the unplaced event is left out, not put at 0,0
    assert feature["geometry"] == {"type": "Point", "coordinates": [68.6, 37.19]}  # [lon, lat]
    props = feature["properties"]
    assert all(v is None or isinstance(v, (str, int, float)) for v in props.values())  # one QGIS field each
    assert (props["status"], props["independent_sources"], props["confidence"], props["event_date"]) == (
        "disputed", 2, 0.9, "2022-05-07")
    assert props["source_urls"] == "https://example.org/1; https://example.net/2"
    assert props["score"] == -9.5 and props["summary"].startswith("The Front")


def test_mention_level_parquet_has_the_mention_columns(tmp_path):
    mention = {"id": "em_1", "doc_id": "d1", "sentence": "The Front fired rockets.", "start": 0, "end": 24,
               "trigger": "fired", "trigger_start": 10, "trigger_end": 15, "event_type": "ASSAULT", "status": "claimed",
               "date": {"start": "2022-05-07", "end": "2022-05-07", "granularity": "day", "text": "Saturday"},
               "actors": [ACTOR], "recipients": [TJK], "locations": EVENT["locations"], "claims": EVENT["claims"],
               "rules": [{"rule_id": "v.assault.fire", "start": 10, "end": 15, "text": "fired"}]}
    export.to_parquet([mention], tmp_path / "m.parquet", level="mention")
    row = duckdb.connect().execute(f"SELECT mention_id, date_start, trigger_start, rules[1].rule_id, places[1].lon "
                                   f"FROM read_parquet('{tmp_path / 'm.parquet'}')").fetchone()
    assert row == ("em_1", date(2022, 5, 7), 10, "v.assault.fire", 68.6)
