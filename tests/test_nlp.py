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


def test_in_text_citation_is_one_bracket_token_and_keeps_its_date(nlp):
    text = ("Since then, hundreds of Russian troops started to conduct (Daily Wire, August 30, 2021) military drills "
            "in the mountains of Tajikistan.")
    doc = nlp(text)
    citation = next(t for t in doc if t.text.startswith("("))
    assert citation.text == "(Daily Wire, August 30, 2021)" and citation.norm_ == "("
    assert doc.text == text
    _, _, mentions = extract_document(doc, DocContext("t", text, published=date(2021, 10, 19)))
    drills = next(m for m in mentions if m.trigger == "drills")
    assert drills.event_type == "MOBILIZE" and [a.kb_id for a in drills.actors] == ["rus"]
    assert drills.date.start == "2021-08-30"


def test_reduced_relative_misparse_is_repaired(nlp):
    doc = nlp("Uzbekistan has denied that rockets fired from Afghanistan hit the southern city of Termez.")
    hit = next(t for t in doc if t.text == "hit")
    fired = next(t for t in doc if t.text == "fired")
    assert hit.dep_ == "ccomp" and hit.head.text == "denied"
    assert fired.dep_ == "acl" and fired.head.text == "rockets"
    assert [c.text for c in hit.children if c.dep_ == "nsubj"] == ["rockets"]


def test_line_break_ends_a_sentence_but_a_hard_wrap_does_not(nlp):
    doc = nlp("Varnia accuses Ostria of shelling\nMay 01 2021\n\nThe president of\nVarnia and his counterpart\n"
              "discussed the border.")
    sents = [s.text.strip() for s in doc.sents]
    assert sents[0] == "Varnia accuses Ostria of shelling"
    assert sents[-1].startswith("The president of") and sents[-1].endswith("discussed the border.")
    doc = nlp("Wire | Updated: 01-05-2021 20:55 IST\nThe heads of the services met.")
    assert len(list(doc.sents)) == 2  # a byline ending in a capitalised abbreviation is its own line
