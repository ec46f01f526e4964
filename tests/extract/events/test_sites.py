"""Which place an event takes (panj/extract/events/sites.py): history is no site, a country yields to the finer
place the text gives inside it, datelines and capitals are where
words were filed or spoken. Sentences are our own; the gazetteer is a small built one."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from panj.extract.events.sites import places_for_event
from panj.extract.places.find import find_places
from panj.gazetteer import build_from_records
from panj.records import Actor, DocContext

# the Kyrgyz-Tajik border places both this and the other border test use, and this test's own
BORDER_PLACES = json.loads((Path(__file__).parents[1] / "border_places.json").read_text("utf-8"))
RECORDS = BORDER_PLACES + [
    {"name": "Syria", "kind": "country", "cc": "SY", "iso3": "SYR", "lat": 35.0, "lon": 38.0,
     "population": 22000000},
    {"name": "Chuy", "kind": "admin1", "cc": "KG", "iso3": "KGZ", "lat": 42.5, "lon": 74.5, "population": 900000},
    {"name": "Bishkek", "kind": "city", "cc": "KG", "iso3": "KGZ", "admin1": "Chuy", "lat": 42.87, "lon": 74.59,
     "population": 900000},
    {"name": "Kyrgyz-Tajik border", "kind": "region", "feature": "border", "lat": 39.9, "lon": 70.6,
     "aliases": ["Tajik-Kyrgyz border"], "aliases_primary": True},
    {"name": "Soviet Union", "kind": "region", "feature": "former_state", "lat": 60.0, "lon": 100.0,
     "aliases": ["USSR"]},
]
DEMONYMS = {"Tajik": "TJ", "Kyrgyz": "KG"}


@pytest.fixture(scope="module")
def gaz(tmp_path_factory):
    return build_from_records(tmp_path_factory.mktemp("gaz") / "s.sqlite", RECORDS, DEMONYMS)


def _sites(nlp, gaz, text, trigger, parties=()):
    """The places of the event whose trigger is the last `trigger` word, with `parties` as (words, ISO3)."""
    doc = nlp(text)
    places = find_places(doc, DocContext("s", text), gaz)
    actors = []
    for words, country in parties:
        i = text.rindex(words)
        actors.append(Actor(name=words, text=words, country=country, start=i, end=i + len(words)))
    i = max(t.i for t in doc if t.text == trigger)
    return places_for_event(doc, i, places, actors, gaz)


def test_a_former_state_is_history_not_the_site(nlp, gaz):
    text = "Guards shelled houses near Isfara. Nine villagers died in the worst fighting since the Soviet Union fell."
    got = _sites(nlp, gaz, text, "died")
    assert "Soviet Union" not in [p.name for p in got]
    assert [(p.name, p.basis) for p in got] == [("Isfara", "paragraph")]


def test_a_dateline_is_where_the_report_was_filed_not_the_events_place(nlp, gaz):
    text = "Isfara, 14 May (Agency): a statement was issued.\n\nKyrgyzstan accused Tajikistan of breaking the truce."
    got = _sites(nlp, gaz, text, "accused", [("Kyrgyzstan", "KGZ"), ("Tajikistan", "TJK")])
    assert "Isfara" not in [p.name for p in got]
    text = "Residents said Isfara, 14 km away, was calm.\n\nKyrgyzstan accused Tajikistan of breaking the truce."
    got = _sites(nlp, gaz, text, "accused", [("Kyrgyzstan", "KGZ"), ("Tajikistan", "TJK")])
    assert "Isfara" in [p.name for p in got]


def test_hard_wrapped_lines_are_one_paragraph(nlp, gaz):
    text = "Shells hit houses in Batken on\nFriday. Kyrgyzstan accused Tajikistan of\nbreaking the truce."
    got = _sites(nlp, gaz, text, "accused", [("Kyrgyzstan", "KGZ"), ("Tajikistan", "TJK")])
    assert [(p.name, p.basis) for p in got] == [("Batken", "paragraph")]


def test_a_country_yields_to_the_finer_place_its_sentence_names_inside_it(nlp, gaz):
    text = "The clash began near the city of Batken after Tajik guards closed a road to towns in Kyrgyzstan's west."
    got = _sites(nlp, gaz, text, "closed", [("Tajik guards", "TJK")])
    assert [(p.name, p.precision, p.basis) for p in got] == [("Batken", "point", "sentence")]


def test_a_country_yields_to_the_finer_place_before_it_in_the_paragraph(nlp, gaz):
    text = "Shells hit houses in Batken on Friday. Tajik guards then blocked a road into Kyrgyz territory."
    got = _sites(nlp, gaz, text, "blocked", [("Tajik guards", "TJK")])
    assert [(p.name, p.basis) for p in got] == [("Batken", "paragraph")]
    # a place in another country is no refinement
    text = "Shells hit houses in Isfara on Friday. Tajik guards then blocked a road into Kyrgyz territory."
    got = _sites(nlp, gaz, text, "blocked", [("Tajik guards", "TJK")])
    assert [(p.name, p.basis) for p in got] == [("Kyrgyzstan", "sentence")]


def test_a_capital_is_no_finer_reading_of_its_country(nlp, gaz):
    text = "Envoys met in Bishkek on Friday. Tajik guards then blocked a road into Kyrgyz territory."
    got = _sites(nlp, gaz, text, "blocked", [("Tajik guards", "TJK")])
    assert [p.name for p in got] == ["Kyrgyzstan"]


def test_a_subject_holding_the_trigger_is_the_events_own_phrase(nlp, gaz):
    text = "The withdrawal of troops from Syria opened the door to rivalries in Tajikistan."
    got = _sites(nlp, gaz, text, "withdrawal", [("troops", None)])
    assert [(p.name, p.role) for p in got] == [("Syria", "origin")]


def test_a_country_in_the_words_of_a_group_of_people_says_whose_they_are(nlp, gaz):
    text = "Shelling hit houses near Isfara.\n\nKyrgyz units declared a truce, but the soldiers of the Kyrgyz " \
           "Republic ignored it."
    doc = nlp(text)
    places = find_places(doc, DocContext("s", text), gaz)
    units = Actor(name="Kyrgyz units", text="Kyrgyz units", country="KGZ", start=text.index("Kyrgyz units"),
                  end=text.index("Kyrgyz units") + 12)
    group = (text.index("the soldiers"), text.index(" ignored"))
    trigger = next(t.i for t in doc if t.text == "declared")
    got = places_for_event(doc, trigger, places, [units], gaz, groups=[group])
    assert [(p.name, p.basis) for p in got] == [("Isfara", "document-focus")]
    # without knowing the group, the other clause's country stood for the participant's
    assert [p.name for p in places_for_event(doc, trigger, places, [units], gaz)] == ["Kyrgyzstan"]


def test_the_pipeline_gives_the_site_rule_every_group_of_the_document(nlp):
    from datetime import date

    from panj.pipeline import extract_document

    text = "Shelling hit houses near Isfara.\n\nKyrgyz units declared a truce, but the soldiers of the Kyrgyz " \
           "Republic ignored it."
    _, _, mentions = extract_document(nlp(text), DocContext("t", text, published=date(2022, 9, 16)))
    truce = next(m for m in mentions if m.trigger == "declared")
    assert [p.name for p in truce.locations] == ["Isfara"]
