"""The semantic type check on sentences written for these tests (parsed with the pinned spaCy model)."""
from __future__ import annotations

import pytest

import re

from panj.extract.events import lexicon as event_lexicon
from panj.extract.events.mentions import extract_events
from panj.extract.events.triggers import find_matches
from panj.records import Actor, DocContext
from panj.semantic import typecheck
from panj.semantic.model import embedder, settings

KB = {"Ruritania": ("rur", "RUR", "GOV"), "Borduria": ("bor", "BOR", "GOV")}
SENTENCES = [
    "Ruritania offered two field hospitals to the flood victims of Borduria.",
    "Ruritania agreed with Borduria on a ceasefire and signed a peace accord.",
    "Troops of Borduria seized two villages of Ruritania and blocked the road.",
    "Ruritania called on Borduria to withdraw and threatened to close the border.",
]


def run(nlp, text: str):
    doc = nlp(text)
    actors = [Actor(name=name, text=m.group(0), kb_id=k, country=c, sector=s, start=m.start(), end=m.end(),
                    rule="test")
              for name, (k, c, s) in KB.items() for m in re.finditer(r"\b" + name + r"\b", text)]
    return extract_events(doc, DocContext(doc_id="t", text=text), actors)


@pytest.fixture
def type_check_on(monkeypatch):
    monkeypatch.setitem(settings()["type_check"], "enabled", True)


def test_only_bare_lemmas_with_several_types_are_checked(nlp):
    lx = event_lexicon.load()
    offered = find_matches(next(nlp("Ruritania offered two field hospitals to Borduria.").sents), lx)[0]
    assert offered.trigger.id == "v.agree.agree"
    assert {"AGREE", "AID"} <= typecheck.candidates(offered, lx)
    fired = find_matches(next(nlp("Ruritanian troops fired rockets at Borduria.").sents), lx)[0]
    assert typecheck.candidates(fired, lx) == frozenset()  # a constrained entry already decided


def test_an_ambiguous_trigger_is_retyped_and_the_decision_is_kept(nlp, type_check_on):
    text = "Ruritania offered two field hospitals to the flood victims of Borduria."
    m = [x for x in run(nlp, text) if x.trigger == "offered"][0]
    assert m.event_type == "AID"
    ids = [r.rule_id for r in m.rules]
    assert "v.agree.agree" in ids  # the lexicon entry that fired stays
    assert any(i.startswith("semantic.retype:AGREE>AID") for i in ids)


def test_an_ambiguous_trigger_that_fits_is_confirmed(nlp, type_check_on):
    text = "Ruritania agreed with Borduria on a ceasefire and signed a peace accord."
    m = [x for x in run(nlp, text) if x.trigger == "agreed"][0]
    assert m.event_type == "AGREE"
    assert any(r.rule_id.startswith("semantic.confirm:AGREE") for r in m.rules)


def test_reject_drops_a_non_event_use_only_when_asked():
    sims_cfg = dict(settings()["type_check"], reject_margin=0.0)
    text = "The company fired its chief executive after poor quarterly results."
    assert typecheck.decide(text, "ASSAULT", frozenset({"ASSAULT", "COERCE"}), sims_cfg)[0] == "reject"
    assert typecheck.decide(text, "ASSAULT", frozenset({"ASSAULT", "COERCE"}),
                            dict(sims_cfg, reject_margin=None))[0] != "reject"


def test_off_the_mentions_are_those_of_the_rules_alone(nlp, monkeypatch):
    monkeypatch.setattr(type(embedder()), "embed", lambda *a, **k: pytest.fail("model used while off"))
    off = {t: [m.to_dict() for m in run(nlp, t)] for t in SENTENCES}
    monkeypatch.setattr("panj.extract.events.mentions.semantic_review", lambda sentences, lx: sentences)
    assert {t: [m.to_dict() for m in run(nlp, t)] for t in SENTENCES} == off
    assert any(off.values())
