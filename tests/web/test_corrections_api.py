"""The corrections API and the Review page: writes need the token, bad input is one line and changes nothing, the
event page shows the corrected record with its history."""
from __future__ import annotations

import pytest

from panj.store import Store

ACTIONS = [
    {"action": "set", "set": {"event_type": "COERCE"}, "note": "seizure"},
    {"action": "reject", "note": "not an event"},
    {"action": "merge", "events": ["evt_accuse"], "note": "same"},
    {"action": "split", "mentions": ["x"], "note": "two"},
    {"action": "withdraw", "correction": "cor_x", "note": "oops"},
]


def log_size(path) -> int:
    with Store(path, read_only=True) as s:
        return s.con.execute("SELECT count(*) FROM corrections").fetchone()[0]


@pytest.mark.parametrize("body", ACTIONS)
def test_every_write_without_the_token_is_refused(own_client, body):
    client, path = own_client
    for headers in ({}, {"X-Panj-Token": "wrong"}):
        r = client.post("/api/events/evt_assault/corrections", json=body, headers=headers)
        assert r.status_code == 403
    assert log_size(path) == 0
    assert client.get("/api/events/evt_assault").json()["event"]["event_type"] == "ASSAULT"


def test_a_correction_shows_on_the_event_page_with_its_history(own_client):
    client, path = own_client
    r = client.post("/api/events/evt_assault/corrections", headers={"X-Panj-Token": "test-token"},
                    json={"action": "set", "set": {"status": "claimed"}, "note": "ISKP claimed it", "by": "Ana"})
    assert r.status_code == 200, r.text
    assert r.json()["next"] == "/event/evt_assault" and "status disputed -> claimed" in r.json()["lines"][0]
    ev = client.get("/api/events/evt_assault").json()["event"]
    assert ev["status"] == "claimed" and ev["corrected"] is True and ev["machine"]["status"] == "disputed"
    history = client.get("/api/events/evt_assault/corrections").json()["items"]
    assert [(h["author"], h["note"], h["state"]) for h in history] == [("Ana", "ISKP claimed it", "applied")]
    html = client.get("/event/evt_assault").text
    assert "corrected-badge" in html and "ISKP claimed it" in html and 'id="form-split"' in html


def test_bad_input_is_a_one_line_400_and_changes_nothing(own_client):
    client, path = own_client
    for body, words in (({"action": "set", "set": {"colour": "red"}, "note": "n"}, "unknown field"),
                        ({"action": "set", "set": {"status": "claimed"}, "note": ""}, "a note is required"),
                        ({"action": "merge", "events": ["evt_none"], "note": "n"}, "no event 'evt_none'")):
        r = client.post("/api/events/evt_assault/corrections", json=body, headers={"X-Panj-Token": "test-token"})
        assert r.status_code == 400 and words in r.json()["detail"] and "\n" not in r.json()["detail"]
    assert log_size(path) == 0


def test_review_lists_what_needs_a_human_and_orphaned_corrections(own_client):
    client, path = own_client
    got = client.get("/api/review").json()
    assert [e["id"] for e in got["disputed"]["items"]] == ["evt_assault"]
    want_low = sorted((e["confidence"], e["id"]) for e in client.get("/api/events?min_confidence=0").json()["items"]
                      if e.get("confidence") is not None and e["confidence"] < got["threshold"])
    assert [(e["confidence"], e["id"]) for e in got["low_confidence"]["items"]] == want_low
    assert got["single_source"]["items"] == []  # the one high-scoring event has two sources
    r = client.post("/api/events/evt_agree/corrections", headers={"X-Panj-Token": "test-token"},
                    json={"action": "set", "set": {"event_type": "ASSAULT"}, "note": "the 'exercise' was a raid"})
    single = client.get("/api/review").json()["single_source"]["items"]
    assert [e["id"] for e in single] == ["evt_agree"] and abs(single[0]["score"]) >= got["high_score"]
    r = client.post("/api/events/evt_accuse/corrections", headers={"X-Panj-Token": "test-token"},
                    json={"action": "set", "set": {"event_type": "THREATEN"}, "note": "a warning"})
    assert r.status_code == 200
    with Store(path) as store:  # doc_x re-extracted without its mention, the events rebuilt
        from panj.fuse.incremental import fuse_store
        store.save_extractions([("doc_x", [], [], [])])
        store.replace_events([r for r in store.machine_event_records() if r["id"] != "evt_accuse"])
        fuse_store(store)
    got = client.get("/api/review").json()
    assert [(o["event_id"], o["reason"]) for o in got["orphaned"]] == [("evt_accuse", "its anchor mentions are gone")]
    html = client.get("/review").text
    assert "Orphaned corrections" in html and "a warning" in html and "its anchor mentions are gone" in html


def test_a_rejected_event_keeps_a_page_with_its_history_and_can_be_withdrawn(own_client):
    client, path = own_client
    token = {"X-Panj-Token": "test-token"}
    r = client.post("/api/events/evt_agree/corrections", headers=token, json={"action": "reject", "note": "routine"})
    assert r.json()["next"] == "/review"
    assert client.get("/api/events/evt_agree").status_code == 404
    page = client.get("/event/evt_agree")
    assert page.status_code == 404 and 'id="hidden-note"' in page.text and 'id="form-withdraw"' in page.text
    assert 'id="form-set"' not in page.text
    cid = client.get("/api/events/evt_agree/corrections").json()["items"][0]["id"]
    r = client.post("/api/events/evt_agree/corrections", headers=token,
                    json={"action": "withdraw", "correction": cid, "note": "it was an agreement after all"})
    assert r.status_code == 200 and r.json()["next"] == "/event/evt_agree"
    assert client.get("/api/events/evt_agree").json()["event"]["event_type"] == "AGREE"
    assert [h["state"] for h in client.get("/api/events/evt_agree/corrections").json()["items"]] == [
        "withdrawn", "applied"]
