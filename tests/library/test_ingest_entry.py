"""panj.ingest: the whole pipeline from Python, without progress bars, through a path or an open store."""
from __future__ import annotations

import duckdb
import pytest

import panj

pytestmark = pytest.mark.slow  # parses with the spaCy model

FIRST = """---
title: Rockets fired at a border post
outlet: Test Ledger
published: 2022-05-08
---
Militants fired eight rockets at a Tajik border post on Saturday, officials in Dushanbe said.
"""
SECOND = """---
title: Ministers meet
outlet: Test Wire
published: 2022-06-02
---
Tajikistan and Russia signed an agreement on border security in Dushanbe on Wednesday.
"""


def test_ingest_a_path_then_read_it(tmp_path, capfd):
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "a.md").write_text(FIRST, encoding="utf-8")
    (tmp_path / "in" / "b.bin").write_bytes(b"\x00\x01\x02binary" * 20)
    db = tmp_path / "s.duckdb"
    report = panj.ingest(db, tmp_path / "in")
    assert (report.added, [s.source_path.endswith("b.bin") for s in report.skipped]) == (1, [True])
    assert "extracting events" not in capfd.readouterr().err  # no progress bars from the library
    with panj.open(db) as store:
        events = store.events(min_confidence=0)
        assert "ASSAULT" in set(events["event_type"])
        assert store.counts()["skipped"] == 1
    again = panj.ingest(str(db), [str(tmp_path / "in" / "a.md")])  # safe to re-run: nothing twice
    assert (again.added, again.unchanged) == (0, 1)


def test_ingest_through_an_open_read_only_store(tmp_path):
    db = tmp_path / "s.duckdb"
    (tmp_path / "a.md").write_text(FIRST, encoding="utf-8")
    (tmp_path / "b.md").write_text(SECOND, encoding="utf-8")
    panj.ingest(db, [tmp_path / "a.md"])
    with panj.open(db) as store:
        before = len(store.events(min_confidence=0))
        report = panj.ingest(store, [tmp_path / "b.md"])  # lets its handle go, writes, takes it back
        assert report.added == 1
        after = store.events(min_confidence=0)
        assert len(after) > before and "AGREE" in set(after["event_type"])
        with pytest.raises(duckdb.Error):  # read-only again
            store.store.con.execute("DELETE FROM events")


def test_correct_merge_and_split_from_python(tmp_path):
    """panj.correct / merge / split record into the corrections log, through a path or an open store; a bad value
    raises one error and writes nothing."""
    from panj.corrections.fields import CorrectionError

    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "a.md").write_text(FIRST, encoding="utf-8")
    (tmp_path / "in" / "b.md").write_text(SECOND, encoding="utf-8")
    db = tmp_path / "s.duckdb"
    panj.ingest(db, tmp_path / "in")
    with panj.open(db) as store:
        events = store.events(min_confidence=0)
        assault = events[events["event_type"] == "ASSAULT"]["event_id"].iloc[0]
        with pytest.raises(CorrectionError):
            panj.correct(store, assault, event_type="NOT_A_TYPE", note="typo")
        assert store.event(assault)["event_type"] == "ASSAULT"  # nothing written
        lines = panj.correct(store, assault, event_type="COERCE", note="shots in the air, not an attack", by="qa")
        assert len(lines) == 1 and "ASSAULT" in lines[0] and "COERCE" in lines[0]
        record = store.event(assault)  # the open read-only handle is back, and sees the write
        assert record["event_type"] == "COERCE" and record["corrected"] is True
        other = events[events["event_id"] != assault]["event_id"].iloc[0]
    with panj.open(db) as store:
        moved = [m["mention_id"] for m in store.event(other)["mentions"]]
    merged = panj.merge(db, [assault, other], note="one event")  # through a path
    assert merged and assault in merged[0]
    with panj.open(db) as store:
        with pytest.raises(KeyError):
            store.event(other)  # merged away
        assert set(moved) <= {m["mention_id"] for m in store.event(assault)["mentions"]}
    split = panj.split(db, assault, moved, note="two events after all")
    assert split and "split" in split[0]
    with panj.open(db) as store:
        assert not set(moved) & {m["mention_id"] for m in store.event(assault)["mentions"]}
