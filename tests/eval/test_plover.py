"""`panj eval plover`: label mapping, scoring and the majority baseline."""
from __future__ import annotations

import json

from panj.eval.plover import load_records, score


def _write(tmp_path, records):
    p = tmp_path / "gsr.json"
    p.write_text(json.dumps([{"id": "doc", "event": "DOCUMENT"}] + records))
    return p


def test_old_labels_map_to_plover_2(tmp_path):
    recs = [{"event": e, "text": f"s{i}"} for i, e in enumerate(["DEMAND", "DISAPPROVE", "INVESTIGATE", "FIGHT", "AID"])]
    got = load_records(_write(tmp_path, recs))
    assert [r["gold"] for r in got] == ["REQUEST", "ACCUSE", "ACCUSE", "ASSAULT", "AID"]


def test_score_counts_accuracy_and_majority(tmp_path):
    recs = [{"event": "AGREE", "text": "a"}, {"event": "AGREE", "text": "b"}, {"event": "FIGHT", "text": "c"},
            {"event": "DEMAND", "text": "d"}]
    table = {"a": ("AGREE", None), "c": ("ASSAULT", "firearms"), "d": ("ACCUSE", None)}
    result = score(load_records(_write(tmp_path, recs)), lambda t: table.get(t))
    assert result["n"] == 4 and result["correct"] == 2 and result["accuracy"] == 0.5
    assert result["majority_label"] == "AGREE" and result["majority_accuracy"] == 0.5
    assert result["no_prediction"] == 1
    assert result["per_type"]["REQUEST"] == {"n": 1, "accuracy": 0.0}


def test_real_gsr_loads(shared_dir):
    path = shared_dir / "bench" / "plover-gsr"
    if not path.exists():
        import pytest

        pytest.skip("plover-gsr not present")
    recs = load_records(path)
    assert len(recs) == 322
    assert {"DEMAND", "FIGHT", "DISAPPROVE", "INVESTIGATE"}.isdisjoint({r["gold"] for r in recs})
