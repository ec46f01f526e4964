"""panj.open over a hand-written store: typed tables, the API's filters, the full record, read-only by default."""
from __future__ import annotations

import copy
import json
from datetime import date

import duckdb
import pandas as pd
import pyarrow as pa
import pytest

import panj
from panj.tables import EVENTS


@pytest.fixture()
def store(hand_store):
    path, _ = hand_store
    with panj.open(path) as s:
        yield s


def ids(df: pd.DataFrame) -> list[str]:
    return list(df["event_id"])


def test_events_have_typed_columns(store, hand_store):
    df = store.events(min_confidence=0)
    assert ids(df) == ["evt_agree", "evt_accuse", "evt_mobilize", "evt_assault"]  # date order
    assert str(df["event_date"].dtype).startswith("datetime64")
    assert df.loc[3, "event_date"] == pd.Timestamp("2022-05-07")
    assert df["latitude"].dtype == "float64" and df.loc[3, "latitude"] == 37.19
    assert pd.isna(df.loc[1, "latitude"])  # no coordinates: missing, never 0
    assert str(df["independent_sources"].dtype) == "Int32" and df.loc[3, "independent_sources"] == 2
    assert isinstance(df["actors"].dtype, pd.ArrowDtype) and pa.types.is_list(df["actors"].dtype.pyarrow_dtype)
    assert list(df["actors"].list.len()) == [2, 1, 1, 1]
    sources = df.loc[3, "sources"]
    assert [s["outlet"] for s in sources] == ["Ledger One", "Second Wire"]
    assert sources[0]["published"] == date(2022, 5, 8)
    assert [c["stance"] for c in df.loc[3, "claims"]] == ["claims", "denies"]
    assert json.loads(df.loc[3, "record"]) == hand_store[1]["evt_assault"]  # lossless


def test_as_arrow_is_the_parquet_schema(store):
    table = store.events(as_arrow=True, min_confidence=0)
    assert isinstance(table, pa.Table) and table.schema == EVENTS
    assert table.column("event_date").type == pa.date32()


@pytest.mark.parametrize("filters, expected", [
    ({}, ["evt_agree", "evt_mobilize", "evt_assault"]),  # default threshold 0.5 hides 0.3; unscored stay
    ({"min_confidence": 0}, ["evt_agree", "evt_accuse", "evt_mobilize", "evt_assault"]),
    ({"type": "ASSAULT"}, ["evt_assault"]),
    ({"type": ["AGREE", "MOBILIZE"]}, ["evt_agree", "evt_mobilize"]),
    ({"type": "AGREE,MOBILIZE"}, ["evt_agree", "evt_mobilize"]),  # as the API's ?type=A,B
    ({"status": ["planned", "disputed"]}, ["evt_mobilize", "evt_assault"]),
    ({"min_sources": 2}, ["evt_assault"]),
    ({"actor": "tjk", "min_confidence": 0}, ["evt_agree", "evt_accuse", "evt_mobilize"]),
    ({"actor": "Northern Front"}, ["evt_assault"]),
    ({"place": "Khatlon"}, ["evt_agree", "evt_mobilize"]),
    ({"place": "AFG", "min_confidence": 0}, ["evt_accuse", "evt_assault"]),
    ({"date_from": "2021-08-05", "date_to": date(2022, 1, 1)}, ["evt_mobilize"]),
    ({"q": "fort alder"}, ["evt_assault"]),
    ({"min_confidence": 0.9}, ["evt_mobilize", "evt_assault"]),
])
def test_filters(store, filters, expected):
    assert ids(store.events(**filters)) == expected


def test_filters_match_the_http_api(hand_store):
    """The same names give the same events as /api/events (one filter class, panj/store/filters.py)."""
    from fastapi.testclient import TestClient

    from panj.web.app import create_app

    cases = [{}, {"min_confidence": 0}, {"type": "AGREE,MOBILIZE"}, {"status": "planned"}, {"actor": "tjk"},
             {"place": "AFG", "min_confidence": 0}, {"min_sources": 2}, {"date_from": "2021-08-04"}, {"q": "varn"}]
    with TestClient(create_app(hand_store[0], token="t")) as client:
        via_api = [[e["id"] for e in client.get("/api/events", params=c).json()["items"]] for c in cases]
    with panj.open(hand_store[0]) as store:  # after the app: it opens the file to migrate it first
        assert via_api == [ids(store.events(**c)) for c in cases]


def test_bad_filters_say_what_is_wrong(store):
    with pytest.raises(ValueError, match="unknown ASSUALT"):
        store.events(type="ASSUALT")
    with pytest.raises(ValueError, match="YYYY-MM-DD"):
        store.events(date_from="May 2022")
    with pytest.raises(TypeError, match="unknown filter country"):
        store.events(country="TJK")


def test_event_is_the_full_record(store, hand_store):
    assert store.event("evt_assault") == hand_store[1]["evt_assault"]
    with pytest.raises(KeyError):
        store.event("evt_nope")


def test_mentions_behind_the_filtered_events(store):
    df = store.mentions(type="ASSAULT")
    assert list(df["mention_id"]) == ["em_a", "em_b"] and set(df["event_id"]) == {"evt_assault"}
    assert list(df["status"]) == ["claimed", "asserted"]  # each mention's own status, before fusion
    assert df.loc[0, "date_start"] == pd.Timestamp("2022-05-07")
    assert [r["rule_id"] for r in df.loc[0, "rules"]] == ["test.assault"]
    assert len(store.mentions(min_confidence=0)) == 5


def test_claims_with_claimant_and_chain(store):
    df = store.claims()
    assert list(df["stance"]) == ["claims", "denies"] and set(df["event_id"]) == {"evt_assault"}
    assert list(df["claimant_name"]) == ["Northern Front", "Varn officials"]
    assert df.loc[1, "via"][0]["name"] == "Ledger One"
    assert str(df["start"].dtype) == "Int32"
    assert list(store.claims(stance="denies")["text"]) == ["Officials in Varn denied it."]
    assert store.claims(type="AGREE").empty


def test_documents(store):
    df = store.documents()
    assert list(df["doc_id"]) == ["doc_c", "doc_a", "doc_b"]  # publication order
    assert str(df["published"].dtype).startswith("datetime64") and "text" not in df
    assert list(df["event_mentions"]) == [3, 1, 1] and str(df["n_chars"].dtype) == "Int32"
    assert list(store.documents(q="FRONTIER")["doc_id"]) == ["doc_b"]
    assert list(store.documents(date_from="2022-01-01", outlet="Ledger One")["doc_id"]) == ["doc_a"]
    assert store.documents(with_text=True).loc[1, "text"].startswith("Militants fired")


def test_series_is_the_trend_series(store):
    from panj.indicators.stored import series_for

    df = store.series(dyad="TJK:RUS", freq="weekly")
    expected = series_for(store.store, dyad="TJK:RUS", freq="weekly")
    assert list(df["start"].dt.date) == [p.start for p in expected.points]
    assert list(df["cooperation"]) == [p.cooperation for p in expected.points]
    assert df["cooperation"].sum() == 1.0 and df["conflict"].sum() == 0.0  # the agreement, asserted
    row = df[df["events"] > 0].iloc[0]
    assert row["start"] == pd.Timestamp("2021-08-02") and list(row["event_ids"]) == ["evt_agree"]
    assert row["value"] == 4.0  # net score: cooperation + conflict
    assert list(store.series(dyad="TJK:RUS", freq="daily", date_from="2021-08-03", date_to="2021-08-03")
                ["events"]) == [1]


def test_alerts(tmp_path):
    from panj.indicators import alerts as al
    from panj.indicators.series import load_config
    from panj.store import Store

    cfg = copy.deepcopy(load_config())
    cfg["alerts"]["change_points"]["enabled"] = False
    taliban = {"name": "Taliban", "kb_id": "taliban", "country": "AFG", "sector": "GOV"}
    guards = {"name": "Tajik border troops", "kb_id": "tjk_border_troops", "country": "TJK", "sector": "MIL"}
    records = []
    for week, n in enumerate([2, 2, 2, 2, 5]):  # week 4: 5 against 2, a surge
        day = date.fromordinal(date(2024, 1, 3).toordinal() + 7 * week).isoformat()
        records += [{"id": f"evt_{week}_{k}", "event_type": "ASSAULT", "status": "asserted",
                     "date": {"start": day, "end": day, "granularity": "day"}, "actors": [taliban],
                     "recipients": [guards], "locations": [], "score": -9.0, "quad_class": "material_conflict",
                     "mention_ids": [], "summary": "attack"} for k in range(n)]
    with Store(tmp_path / "a.duckdb") as s:
        s.replace_events(records)
        al.refresh(s, cfg)
        al.set_state(s, al.list_alerts(s)[0].id, "dismissed")
    with panj.open(tmp_path / "a.duckdb") as store:
        every = store.alerts(state=None)
        assert list(every["kind"]) == ["surge"] and list(every["state"]) == ["dismissed"]
        assert store.alerts().empty  # open ones, as the API lists them
        row = every.iloc[0]
        assert row["period_start"] == pd.Timestamp("2024-01-29") and row["key"] == "AFG:TJK"
        assert len(row["event_ids"]) == 5 and row["explanation"]  # the events behind it, and why
        assert str(every["active"].dtype) == "boolean"


def test_read_only_by_default(hand_store, tmp_path):
    with panj.open(hand_store[0]) as s:
        with pytest.raises(duckdb.Error):
            s.store.con.execute("DELETE FROM events")
    with pytest.raises(FileNotFoundError):
        panj.open(tmp_path / "missing.duckdb")


def test_an_older_store_is_refused_until_migrated(tmp_path):
    from panj.store.schema import MIGRATIONS

    path = tmp_path / "old.duckdb"
    con = duckdb.connect(str(path))
    con.execute("CREATE TABLE schema_version (version INTEGER NOT NULL)")
    con.execute(MIGRATIONS[0])
    con.execute("INSERT INTO schema_version VALUES (1)")
    con.close()
    with pytest.raises(ValueError, match="read_only=False"):
        panj.open(path)
    panj.open(path, read_only=False).close()  # migrates
    with panj.open(path) as s:
        assert s.events(min_confidence=0).empty
