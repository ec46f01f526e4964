"""Places for a border watch: participant countries yield to the place of the story, parties are not places, weapon
names are not places, hyphenated names are whole, and the gazetteer's watch data resolves (names invented or
generic; the gazetteer is a small built one unless a test is marked slow)."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from panj.extract.events.sites import RANK_PARTICIPANT, places_for_event, place_rank
from panj.extract.places.find import find_places
from panj.extract.places.toponyms import Mention, Resolution, document_focus, place_of, resolve
from panj.gazetteer import build_from_records, city_short_name
from panj.records import Actor, DocContext

# the Kyrgyz-Tajik border places both this and the other border test use, and this test's own
BORDER_PLACES = json.loads((Path(__file__).parents[1] / "border_places.json").read_text("utf-8"))
RECORDS = BORDER_PLACES + [
    {"name": "Afghanistan", "kind": "country", "cc": "AF", "iso3": "AFG", "lat": 33.0, "lon": 65.0,
     "population": 37000000},
    {"name": "Slovenia", "kind": "country", "cc": "SI", "iso3": "SVN", "lat": 46.0, "lon": 15.0,
     "population": 2000000},
    {"name": "Grad", "kind": "admin1", "cc": "SI", "iso3": "SVN", "lat": 46.8, "lon": 16.1, "population": 2000},
    {"name": "Tajik-Afghan border", "kind": "region", "feature": "border", "lat": 37.6, "lon": 70.0,
     "aliases": ["Afghan-Tajik border"], "aliases_primary": True},
]
DEMONYMS = {"Tajik": "TJ", "Kyrgyz": "KG", "Afghan": "AF"}


@pytest.fixture(scope="module")
def gaz(tmp_path_factory):
    return build_from_records(tmp_path_factory.mktemp("gaz") / "w.sqlite", RECORDS, DEMONYMS)


def _places(nlp, gaz, text):
    doc = nlp(text)
    return doc, find_places(doc, DocContext("w", text), gaz)


def _actor(text, word, country):
    i = text.index(word)
    return Actor(name=word, text=word, country=country, start=i, end=i + len(word))


# ------------------------------------------------------------------------------------------------ recognition

def test_a_weapon_name_is_no_place(nlp, gaz):
    _, places = _places(nlp, gaz, "The unit opened fire from Grad launchers at houses near Isfara.")
    assert [p.name for p in places] == ["Isfara"]


def test_a_hyphenated_name_is_taken_whole(nlp, gaz):
    _, places = _places(nlp, gaz, "Delegations met at the Kyzyl-Bel checkpoint on Sunday.")
    assert [(p.name, p.text) for p in places] == [("Kyzyl-Bel", "Kyzyl-Bel")]


def test_the_side_of_a_quarrel_is_a_party_but_the_side_of_a_river_is_a_place(nlp, gaz):
    _, places = _places(nlp, gaz, "The Kyrgyz side rejected the claims on Monday.")
    assert places == []
    _, places = _places(nlp, gaz, "Shots came from the Afghan side of the river.")
    assert [p.name for p in places] == ["Afghanistan"]


def test_city_of_a_name_is_the_town_not_the_province(nlp, gaz):
    _, places = _places(nlp, gaz, "The clash began near the Kyrgyz city of Batken on Thursday.")
    batken = [p for p in places if p.text == "Batken"]
    assert [(p.name, p.precision) for p in batken] == [("Batken", "point")]


def test_a_demonym_before_a_name_says_which_country(gaz):
    text = "Talks were held in Kyrgyz Batken."
    (r,) = resolve([Mention("Kyrgyz Batken", text.index("Kyrgyz"), len(text) - 1)], gaz, text)
    assert (r.entry.cc, r.rule) == ("KG", "demonym+name")


def test_an_unlisted_name_keeps_its_words_and_a_dateline_is_not_the_focus(gaz):
    text = "ISFARA: Residents of Somevillage fled to Batken."
    ms = [Mention("ISFARA", 0, 6), Mention("Somevillage", 21, 32), Mention("Batken", 41, 47)]
    out = resolve(ms, gaz, text)
    assert document_focus(out).name == "Batken"
    unlisted = out[1]
    assert unlisted.rule == "doc-focus"
    place = place_of(unlisted, text)
    assert (place.name, place.country, place.ambiguous) == ("Somevillage", "KGZ", True)
    lowercase = Resolution(Mention("mosques", 0, 7), out[2].entry, 1, True, "doc-focus")
    assert place_of(lowercase, "mosques") is None


def test_their_shared_border_is_the_border_of_the_two_countries_named(nlp, gaz):
    text = "Tajikistan and Afghanistan agreed on Monday to reopen their shared border."
    _, places = _places(nlp, gaz, text)
    border = [p for p in places if p.text == "border"]
    assert [(p.name, p.source) for p in border] == [("Tajik-Afghan border", "curated:border+document")]


# ------------------------------------------------------------------------------------------------ event sites

def test_participant_countries_yield_to_the_paragraphs_finer_place(nlp, gaz):
    text = "Shelling hit houses near Isfara. Kyrgyzstan accused Tajikistan of breaking the truce."
    doc, places = _places(nlp, gaz, text)
    trigger = next(t.i for t in doc if t.text == "accused")
    parties = [_actor(text, "Kyrgyzstan", "KGZ"), _actor(text, "Tajikistan", "TJK")]
    (p,) = places_for_event(doc, trigger, places, parties, gaz)
    assert (p.name, p.basis) == ("Isfara", "paragraph")


def test_participant_countries_stay_when_the_context_has_nothing_finer(nlp, gaz):
    text = "Kyrgyzstan accused Tajikistan of breaking the truce."
    doc, places = _places(nlp, gaz, text)
    trigger = next(t.i for t in doc if t.text == "accused")
    parties = [_actor(text, "Kyrgyzstan", "KGZ"), _actor(text, "Tajikistan", "TJK")]
    assert {p.name for p in places_for_event(doc, trigger, places, parties, gaz)} <= {"Kyrgyzstan", "Tajikistan"}


def test_a_context_place_in_an_unrelated_country_is_not_taken(nlp, gaz):
    text = "Envoys met in Grad last spring. Kyrgyzstan accused Tajikistan of breaking the truce."
    doc, places = _places(nlp, gaz, text)
    trigger = next(t.i for t in doc if t.text == "accused")
    parties = [_actor(text, "Kyrgyzstan", "KGZ"), _actor(text, "Tajikistan", "TJK")]
    assert "Grad" not in {p.name for p in places_for_event(doc, trigger, places, parties, gaz)}


def test_the_country_a_material_act_targets_stays_its_site(nlp, gaz):
    text = "Kyrgyz troops shelled Tajikistan overnight."
    doc, places = _places(nlp, gaz, text)
    trigger = next(t.i for t in doc if t.text == "shelled")
    target = _actor(text, "Tajikistan", "TJK")
    got = places_for_event(doc, trigger, places, [_actor(text, "Kyrgyz troops", "KGZ"), target], gaz,
                           targets={(target.start, target.end)})
    assert [p.name for p in got] == ["Tajikistan"]


def test_a_place_in_the_speakers_words_is_not_where_the_reported_act_happened(nlp, gaz):
    text = "A Tajikistan news portal said that Kyrgyz forces had opened fire."
    doc, places = _places(nlp, gaz, text)
    (tj,) = [p for p in places if p.name == "Tajikistan"]
    trigger = next(t.i for t in doc if t.text == "opened")
    assert place_rank(doc, doc[trigger], tj) == (RANK_PARTICIPANT, "speaker")


# ------------------------------------------------------------------------------------------------ gazetteer

def test_a_city_owns_its_short_name_only_where_geonames_says_so_and_no_country_has_it():
    assert city_short_name("New York City", ["New York"], set()) == ("New York", True)
    assert city_short_name("Kansas City", [], set()) == ("Kansas", False)
    assert city_short_name("Mexico City", ["Mexico"], {"mexico"}) == ("Mexico", False)
    assert city_short_name("Dodge", [], set()) is None


@pytest.mark.slow
def test_real_gazetteer_has_the_watch_places():
    from panj.gazetteer import load

    g = load()
    (lakhsh,) = [e for e, _ in g.candidates("Lakhsh district")]
    assert (lakhsh.name, lakhsh.kind, lakhsh.cc, lakhsh.lat) == ("Lakhsh", "admin2", "TJ", 39.22)
    assert any(e.name == "Ak-Say" and e.admin1 == "Batken" for e, _ in g.candidates("Aksai"))  # by geonames_id
    assert any(e.name == "Kyrgyz-Tajik border" for e, _ in g.candidates("Tajik-Kyrgyz border"))
    kansas = {e.name: p for e, p in g.candidates("Kansas") if e.cc == "US" and e.kind in ("admin1", "city")}
    assert kansas["Kansas"] and kansas["Kansas City"] is False
    assert all(c.lat is not None for c in g.countries() if c.cc in ("PS", "TJ", "KG"))
    # national capitals are marked from GeoNames country info, and towns carry their count of alternate names
    (dushanbe,) = [e for e, _ in g.candidates("Dushanbe") if e.kind == "city"]
    assert dushanbe.feature == "capital" and dushanbe.alt_names > 10


@pytest.mark.slow
def test_real_gazetteer_nations_of_a_kingdom_and_common_short_names():
    from panj.gazetteer import load

    g = load()
    assert (g.demonym("English").name, g.demonym("English").kind) == ("England", "admin1")
    assert g.demonym("British").cc == "GB" and g.demonym("British").kind == "country"
    assert any(e.kind == "country" and e.cc == "KR" and p for e, p in g.candidates("Korea"))
    assert any(e.kind == "region" and e.name == "Sahara" for e, _ in g.candidates("the Sahara"))


def test_the_border_area_with_no_border_named_before_is_the_documents_pair(nlp, gaz):
    text = "Tajikistan accused Afghanistan of provocations. Trucks were seen leaving the border area."
    _, places = _places(nlp, gaz, text)
    border = [p for p in places if p.text == "border"]
    assert [(p.name, p.source, p.ambiguous) for p in border] == [("Tajik-Afghan border", "curated:border+document",
                                                                  True)]
    # a bare "the border" may be any border the reader knows of: no place without one named before
    _, places = _places(nlp, gaz, "Tajikistan accused Afghanistan of provocations. Guards closed the border.")
    assert not [p for p in places if p.text == "border"]


def test_a_name_at_the_end_of_a_paragraph_ends_with_its_word(nlp, gaz):
    text = "Troops fought near the border with Tajikistan.\n\nTalks followed."
    _, places = _places(nlp, gaz, text)
    assert "Tajikistan" in [p.text for p in places if p.name == "Tajikistan"]
