"""`panj correct | merge | split | corrections` through the real command line."""
from __future__ import annotations

import json

import pytest
from corrections_support import event_of
from typer.testing import CliRunner

from panj.cli import app
from panj.cli_common import Settings
from panj.store import Store


@pytest.fixture
def db(store, monkeypatch):
    ids = {m: event_of(store, m)["id"] for m in ("em_doc_a_1", "em_doc_c_1", "em_doc_d_1")}
    store.close()
    monkeypatch.setattr(Settings, "db", store.path)
    return ids


def run(*args: str):
    return CliRunner().invoke(app, list(args))


def test_correct_prints_what_changed_and_the_trail_lists_it(db):
    a = db["em_doc_a_1"]
    out = run("correct", a, "--set", "event_type=COERCE", "--set", "date=2022-05..2022-06", "--note", "misread",
              "--by", "Ana")
    assert out.exit_code == 0, out.output
    assert f"{a}: event_type ASSAULT -> COERCE" in out.output and "2022-05-01..2022-06-30" in out.output
    trail = [json.loads(x) for x in run("corrections", "--event", a, "--format", "jsonl").stdout.splitlines()]
    assert [(t["field"], t["author"], t["note"]) for t in trail] == [("event_type", "Ana", "misread"),
                                                                       ("date", "Ana", "misread")]
    table = run("corrections").stdout
    assert "Ana" in table and "misread" in table


def test_merge_split_reject_and_orphaned(db):
    a, c, d = db["em_doc_a_1"], db["em_doc_c_1"], db["em_doc_d_1"]
    out = run("merge", a, d, "--note", "one raid")
    assert out.exit_code == 0 and f"merged {d} into {a}" in out.output
    out = run("split", a, "--mentions", "em_doc_d_1", "--note", "two raids after all")
    assert out.exit_code == 0 and "split 1 mention(s)" in out.output
    out = run("correct", c, "--reject", "--note", "a routine meeting")
    assert out.exit_code == 0 and f"rejected {c}" in out.output
    assert run("corrections", "--orphaned", "--format", "jsonl").stdout == ""
    with Store(Settings.db) as store:
        store.save_extractions([("doc_c", [], [], [])])
        store.replace_events([])
        from panj.fuse.incremental import fuse_store
        fuse_store(store)
    orphans = [json.loads(x) for x in run("corrections", "--orphaned", "--format", "jsonl").stdout.splitlines()]
    assert [(o["action"], o["reason"]) for o in orphans] == [("reject", "its anchor mentions are gone")]


@pytest.mark.parametrize("args, message", [
    (["correct", "evt_missing", "--set", "status=claimed", "--note", "x"], "no event 'evt_missing'"),
    (["correct", "A", "--set", "colour=red", "--note", "x"], "unknown field 'colour'"),
    (["correct", "A", "--set", "status=sure", "--note", "x"], "unknown status 'sure'"),
    (["correct", "A", "--set", "date=yesterday", "--note", "x"], "bad date 'yesterday'"),
    (["correct", "A", "--set", "place=200,10", "--note", "x"], "bad place"),
    (["correct", "A", "--note", "x"], "give exactly one of"),
    (["merge", "A", "evt_missing", "--note", "x"], "no event 'evt_missing'"),
    (["split", "A", "--mentions", "em_nope", "--note", "x"], "em_nope not in event"),
])
def test_bad_input_gets_one_line_and_exit_2_with_nothing_written(db, args, message):
    args = [db["em_doc_a_1"] if x == "A" else x for x in args]
    with Store(Settings.db) as store:
        before = store.con.execute("SELECT id, record FROM events ORDER BY id").fetchall()
    out = run(*args)
    assert out.exit_code == 2 and message in out.output
    assert len(out.output.strip().splitlines()) == 1
    with Store(Settings.db) as store:
        assert store.con.execute("SELECT id, record FROM events ORDER BY id").fetchall() == before
        assert store.con.execute("SELECT count(*) FROM corrections").fetchone()[0] == 0
