"""Indicators, alerts, exports and the gold evaluation read the corrected record."""
from __future__ import annotations

import json

from corrections_support import event_of
from typer.testing import CliRunner

from panj.corrections import entries
from panj.eval.gold import score
from panj.indicators.alerts import refresh


def series_rows(store, event_id: str) -> set[tuple]:
    return set(store.con.execute("SELECT scope, key, polarity FROM series_keys WHERE event_id = ?",
                                 [event_id]).fetchall())


def test_indicators_follow_corrections_and_rejections(store):
    refresh(store)
    ev = event_of(store, "em_doc_a_1")["id"]
    assert ("dyad", "TJK:iskp", "conflict") in series_rows(store, ev)
    entries.set_fields(store, ev, ["event_type=AID"], "they delivered flour, not rockets")
    rows = series_rows(store, ev)
    assert rows and {p for *_, p in rows} == {"cooperation"}
    entries.reject(store, ev, "not an event")
    assert series_rows(store, ev) == set()
    assert store.con.execute("SELECT count(*) FROM alert_queue").fetchone()[0] == 0  # the refresh read them


def test_export_carries_corrected_values_flag_and_machine_values(store, tmp_path, monkeypatch):
    from panj.cli import app
    from panj.cli_common import Settings

    ev = event_of(store, "em_doc_a_1")["id"]
    entries.set_fields(store, ev, ["status=disputed"], "Taliban denied it")
    store.close()
    monkeypatch.setattr(Settings, "db", store.path)
    out = CliRunner().invoke(app, ["export", "--format", "jsonl"])
    assert out.exit_code == 0, out.output
    got = {r["id"]: r for r in map(json.loads, out.stdout.splitlines())}
    assert got[ev]["corrected"] is True and got[ev]["status"] == "disputed"
    assert got[ev]["machine"]["status"] == "asserted"
    assert all(r["corrected"] is False for i, r in got.items() if i != ev)
    csv_out = CliRunner().invoke(app, ["export", "--format", "csv"]).stdout
    assert csv_out.splitlines()[0].endswith(",corrected") and ",True" in csv_out


def test_correcting_a_wrongly_typed_event_turns_a_miss_into_a_match(store):
    gold = [{"id": "g1", "core": True, "types": ["COERCE"], "date": {"start": "2022-05-07", "end": "2022-05-07"},
             "actors": ["Islamic State – Khorasan Province"], "recipients": ["Tajikistan"], "status": ["asserted"],
             "places": ["Takhar"], "docs": ["doc_a.txt", "doc_b.txt"]}]
    before = score(store.event_records(), gold, {})
    assert before.figures["matched_core"] == 0
    entries.set_fields(store, event_of(store, "em_doc_a_1")["id"], ["event_type=COERCE"], "a seizure, not a raid")
    after = score(store.event_records(), gold, {})
    assert after.figures["matched_core"] == 1 and after.figures["core_recall"] == 1.0
    assert after.figures["fusion"] == 1.0  # both documents are the matched event's sources
