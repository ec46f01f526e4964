"""Corrections hold across re-ingest, new documents, a rebuild from scratch and new fusion settings; a correction
that can no longer apply is orphaned with its reason, never dropped; the cost follows what changed."""
from __future__ import annotations

import json

import pytest
from corrections_support import ISKP, TAKHAR, TJK, event_of, mention, save

from panj.corrections import entries, replay
from panj.fuse import config as fuse_config
from panj.fuse.incremental import fuse_store
from panj.store import Store
from panj.store import corrections as log


def records(store: Store) -> str:
    return json.dumps(sorted(store.event_records(), key=lambda r: r["id"]), sort_keys=True, default=str)


def test_a_set_keeps_the_machine_values_beside_it(store):
    ev = event_of(store, "em_doc_a_1")
    entries.set_fields(store, ev["id"], ["event_type=COERCE", "status=alleged", "date=2022-05-06"], "misread",
                       "ana")
    got = event_of(store, "em_doc_a_1")
    assert got["id"] == ev["id"] and got["corrected"] is True
    assert (got["event_type"], got["status"], got["date"]["start"]) == ("COERCE", "alleged", "2022-05-06")
    assert got["machine"]["event_type"] == "ASSAULT" and got["machine"]["status"] == ev["status"]
    assert got["machine"]["date"]["start"] == "2022-05-07"
    assert got["score"] != ev["score"] and got["machine"]["score"] == ev["score"]  # derived from type and mode
    trail = log.for_event(store.con, ev["id"])
    assert [(e["field"], e["author"], e["note"], e["state"]) for e in trail] == [
        ("event_type", "ana", "misread", "applied"), ("status", "ana", "misread", "applied"),
        ("date", "ana", "misread", "applied")]
    assert trail[0]["before"] == "ASSAULT" and trail[0]["anchors"] == ev["mention_ids"]


def test_survives_the_same_documents_again_and_new_documents_joining(store):
    ev = event_of(store, "em_doc_a_1")
    entries.set_fields(store, ev["id"], ["event_type=COERCE"], "misread")
    before = records(store)
    save(store, [mention("doc_a", 1, "ASSAULT", [ISKP], [TJK], "2022-05-07", [TAKHAR]),
                 mention("doc_b", 1, "ASSAULT", [ISKP], [TJK], "2022-05-07", [TAKHAR])])  # re-extracted, same ids
    assert not fuse_store(store).changed
    assert records(store) == before
    save(store, [mention("doc_e", 1, "ASSAULT", [ISKP], [TJK], "2022-05-07", [TAKHAR])])
    assert fuse_store(store).changed == {ev["id"]}
    got = event_of(store, "em_doc_e_1")
    assert got["id"] == ev["id"] and got["event_type"] == "COERCE" and len(got["mention_ids"]) == 3
    assert got["machine"]["event_type"] == "ASSAULT"
    assert store.machine_records([ev["id"]])[0]["event_type"] == "ASSAULT"  # fusion builds on the machine's


def _rebuild(store: Store) -> None:
    """Every event dropped and fused again from the stored mentions (the log stays)."""
    store.replace_events([])
    fuse_store(store)


def test_reapplied_after_a_rebuild_from_scratch(store, tmp_path):
    a, d = event_of(store, "em_doc_a_1"), event_of(store, "em_doc_d_1")
    entries.set_fields(store, a["id"], ["place=36.5,69.9"], "the post is east of the district centre")
    entries.merge(store, [a["id"], d["id"]], "one raid, two dates reported")
    c = event_of(store, "em_doc_c_1")
    entries.reject(store, c["id"], "a routine meeting, not an event")
    before = records(store)
    _rebuild(store)
    assert records(store) == before
    assert c["id"] not in {r["id"] for r in store.event_records()}
    # a new store from the same sources gets the record back from the exported log
    trail = log.entries(store.con)
    with Store(tmp_path / "fresh.duckdb") as fresh:
        from corrections_support import corpus
        save(fresh, corpus())
        fuse_store(fresh)
        entries.import_log(fresh, json.loads(json.dumps(trail, default=str)))
        assert records(fresh) == before
        entries.import_log(fresh, json.loads(json.dumps(trail, default=str)))  # twice: nothing added
        assert len(log.entries(fresh.con)) == len(trail)


def test_orphaned_when_fusion_settings_split_the_anchors(store, monkeypatch):
    ev = event_of(store, "em_doc_a_1")
    entries.set_fields(store, ev["id"], ["status=claimed"], "IS claimed it")
    monkeypatch.setitem(fuse_config.config(), "merge_threshold", 1e9)  # new settings: nothing fuses
    _rebuild(store)
    assert {len(r["mention_ids"]) for r in store.event_records()} == {1}  # nothing fuses now
    (orphan,) = log.orphaned(store.con)
    assert "split across events" in orphan["reason"]
    assert not any(r.get("corrected") for r in store.event_records())  # not applied to half of it, not lost
    monkeypatch.undo()
    _rebuild(store)
    assert event_of(store, "em_doc_a_1")["status"] == "claimed" and not log.orphaned(store.con)


def test_orphaned_when_the_anchor_mentions_are_gone(store):
    d = event_of(store, "em_doc_d_1")
    entries.set_fields(store, d["id"], ["event_type=THREATEN"], "a warning, not an attack")
    store.save_extractions([("doc_d", [], [], [])])  # doc_d re-extracted: its mention is no more
    _rebuild(store)
    (orphan,) = log.orphaned(store.con)
    assert orphan["reason"] == "its anchor mentions are gone" and orphan["event_id"] == d["id"]


def test_split_merge_reject_and_withdraw(store):
    a = event_of(store, "em_doc_a_1")
    out = entries.split(store, a["id"], ["em_doc_b_1"], "two different posts")
    new_id = out.entries[0]["detail"]["split_id"]
    assert event_of(store, "em_doc_b_1")["id"] == new_id and event_of(store, "em_doc_a_1")["mention_ids"] == [
        "em_doc_a_1"]
    assert event_of(store, "em_doc_b_1")["machine"]["events"] == [a["id"]]
    rej = entries.reject(store, new_id, "a duplicate wire item").entries[0]
    assert new_id not in {r["id"] for r in store.event_records()}
    entries.withdraw(store, rej["id"], "it was real")
    assert event_of(store, "em_doc_b_1")["id"] == new_id
    entries.withdraw(store, out.entries[0]["id"], "one post after all")
    assert event_of(store, "em_doc_b_1")["id"] == a["id"] and "corrected" not in event_of(store, "em_doc_a_1")
    states = {e["action"]: e["state"] for e in log.entries(store.con) if e["action"] != "withdraw"}
    assert states == {"split": "withdrawn", "reject": "withdrawn"}
    assert len(log.entries(store.con)) == 4  # nothing is deleted from the log


@pytest.mark.parametrize("call, message", [
    (lambda s, e: entries.set_fields(s, "evt_nope", ["status=claimed"], "n"), "no event 'evt_nope'"),
    (lambda s, e: entries.set_fields(s, e, ["colour=red"], "n"), "unknown field 'colour'"),
    (lambda s, e: entries.set_fields(s, e, ["event_type=BOMB"], "n"), "unknown event type 'BOMB'"),
    (lambda s, e: entries.set_fields(s, e, ["status=claimed", "date=2022-13-01"], "n"), "bad date"),
    (lambda s, e: entries.set_fields(s, e, ["place=Qwxzzyqville"], "n"), "unknown place 'Qwxzzyqville'"),
    (lambda s, e: entries.set_fields(s, e, ["actors=nobody_known_xyz"], "n"), "unknown actor"),
    (lambda s, e: entries.set_fields(s, e, ["mode=hugging"], "n"), "not a PLOVER mode"),
    (lambda s, e: entries.set_fields(s, e, ["status=claimed"], "  "), "a note is required"),
    (lambda s, e: entries.merge(s, [e, e], "n"), "at least two"),
    (lambda s, e: entries.split(s, e, ["em_doc_c_1"], "n"), "not in event"),
    (lambda s, e: entries.split(s, e, ["em_doc_a_1", "em_doc_b_1"], "n"), "at least one mention"),
    (lambda s, e: entries.withdraw(s, "cor_nope", "n"), "no correction"),
])
def test_bad_input_is_one_line_and_changes_nothing(store, call, message):
    from panj.corrections.fields import CorrectionError

    ev = event_of(store, "em_doc_a_1")["id"]
    before = records(store)
    with pytest.raises(CorrectionError) as err:
        call(store, ev)
    assert message in str(err.value) and "\n" not in str(err.value)
    assert records(store) == before and log.entries(store.con) == []


def test_application_reads_only_what_changed_and_its_corrections(store, monkeypatch):
    a = event_of(store, "em_doc_a_1")
    entries.set_fields(store, a["id"], ["status=claimed"], "claimed")
    seen = []
    real = replay.region
    monkeypatch.setattr(replay, "region", lambda s, fresh, extra=frozenset(): seen.append(real(s, fresh, extra)) or seen[-1])
    save(store, [mention("doc_e", 1, "CONSULT", [TJK], [], "2022-09-01", score=1.0, quad="verbal_cooperation")])
    changed = fuse_store(store).changed
    machine, found = seen[-1]
    assert set(machine) == changed and not found  # an unrelated event: no correction read
    save(store, [mention("doc_e", 2, "ASSAULT", [ISKP], [TJK], "2022-05-07", [TAKHAR])])
    changed = fuse_store(store).changed
    machine, found = seen[-1]
    assert changed == {a["id"]} and set(machine) == {a["id"]} and len(found) == 1
