"""The one spaCy parse: pipeline additions that change what the model reads."""
from __future__ import annotations

from datetime import date

from panj.pipeline import extract_document
from panj.records import DocContext


def test_is_of_islamic_state_is_a_name_not_a_verb(nlp):
    doc = nlp("The group said that, as IS admitted firing rockets, IS fighters fled.")
    is_tokens = [t for t in doc if t.text == "IS"]
    assert [t.norm_ for t in is_tokens] == ["isis", "isis"]
    assert all(t.pos_ == "PROPN" for t in is_tokens)
    shouting = nlp("WHAT IS NEW ON THE BORDER")
    assert next(t for t in shouting if t.text == "IS").norm_ == "is"


def test_an_actor_named_province_is_still_an_actor(nlp):
    text = ("On April 18, 2022, the Islamic State Khorasan Province (ISKP), active in Afghanistan and Pakistan, "
            "claimed that it launched a rocket assault on a base in Uzbekistan.")
    _, _, mentions = extract_document(nlp(text), DocContext("t", text, published=date(2022, 5, 1)))
    assault = next(m for m in mentions if m.event_type == "ASSAULT")
    assert [a.kb_id for a in assault.actors] == ["iskp"]
