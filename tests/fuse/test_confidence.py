"""Event confidence: a logistic score of named evidence features (panj/fuse/confidence.py)."""
from panj.fuse.confidence import FEATURES, confidence, default_threshold, features

KNOWN = {"name": "Tajikistan", "kb_id": "tjk", "country": "TJK"}
VAGUE = {"name": "people", "kb_id": None, "country": None}


def record(actors, recipients, rules=("v.assault.fire",), arguments=2, sources=1):
    return {"actors": actors, "recipients": recipients, "independent_sources": sources,
            "mentions": [{"doc_id": f"d{i}", "rule": r, "arguments": arguments} for i, r in enumerate(rules)]}


def test_features_read_the_record():
    f = features(record([KNOWN], [VAGUE], sources=3))
    assert set(f) == set(FEATURES)
    assert f["known_participant"] == f["known_agent"] == f["both_sides"] == f["verb_trigger"] == 1.0
    assert f["independent_sources"] == 2 / 3
    f = features(record([VAGUE], [], rules=("n.assault.attack",), arguments=1))
    assert f["known_participant"] == f["known_agent"] == f["both_sides"] == f["verb_trigger"] == 0.0


def test_more_evidence_means_more_confidence_and_the_basis_says_which():
    weak, weak_basis = confidence(record([VAGUE], [], rules=("n.assault.attack",), arguments=1))
    strong, strong_basis = confidence(record([KNOWN], [KNOWN], sources=3))
    assert 0 < weak < default_threshold() <= strong < 1
    assert weak_basis == [] and strong_basis == list(FEATURES)
    # dropping any one piece of evidence lowers the score
    assert confidence(record([KNOWN], [KNOWN], sources=1))[0] < strong
    assert confidence(record([KNOWN], [KNOWN], rules=("n.assault.attack",), sources=3))[0] < strong
