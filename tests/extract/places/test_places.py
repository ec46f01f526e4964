"""Places: recognition, context resolution, precision, ambiguity and event roles, on a small built gazetteer."""
from __future__ import annotations

import pytest

from panj.extract.events.sites import places_for_event
from panj.extract.places.find import find_places
from panj.extract.places.toponyms import Mention, most_populous, resolve
from panj.gazetteer import build_from_records, norm
from panj.records import DocContext

RECORDS = [
    {"name": "Afghanistan", "kind": "country", "cc": "AF", "iso3": "AFG", "lat": 33.0, "lon": 65.0,
     "population": 37_000_000, "geonames_id": 1149361},
    {"name": "Tajikistan", "kind": "country", "cc": "TJ", "iso3": "TJK", "lat": 39.0, "lon": 71.0,
     "population": 9_000_000, "geonames_id": 1220409},
    {"name": "Kyrgyzstan", "kind": "country", "cc": "KG", "iso3": "KGZ", "lat": 41.0, "lon": 75.0,
     "population": 6_000_000},
    {"name": "France", "kind": "country", "cc": "FR", "iso3": "FRA", "lat": 46.0, "lon": 2.0,
     "population": 66_000_000},
    {"name": "United States", "kind": "country", "cc": "US", "iso3": "USA", "lat": 39.76, "lon": -98.5,
     "population": 327_000_000},
    {"name": "Takhar", "kind": "admin1", "cc": "AF", "iso3": "AFG", "lat": 37.0, "lon": 69.6,
     "population": 130_000, "geonames_id": 1123230, "aliases": ["Takhar Province"]},
    {"name": "Badakhshan", "kind": "admin1", "cc": "AF", "iso3": "AFG", "lat": 36.7, "lon": 71.5,
     "population": 90_000},
    {"name": "Gorno-Badakhshan", "kind": "admin1", "cc": "TJ", "iso3": "TJK", "lat": 37.6, "lon": 72.4,
     "population": 75_000},
    {"name": "Ile-de-France", "kind": "admin1", "cc": "FR", "iso3": "FRA", "lat": 48.7, "lon": 2.5,
     "population": 9_000_000},
    {"name": "Texas", "kind": "admin1", "cc": "US", "iso3": "USA", "lat": 31.0, "lon": -99.0,
     "population": 20_000_000, "aliases": ["Tex."], "aliases_primary": True},
    {"name": "Tennessee", "kind": "admin1", "cc": "US", "iso3": "USA", "lat": 35.8, "lon": -86.0,
     "population": 5_000_000, "aliases": ["Tenn."], "aliases_primary": True},
    # a unit spelled like an adjective (as Kenya's or Zambia's Western Province)
    {"name": "Western", "kind": "admin1", "cc": "FR", "iso3": "FRA", "lat": 45.0, "lon": 0.0,
     "population": 1_000_000},
    {"name": "Paris", "kind": "city", "cc": "FR", "iso3": "FRA", "admin1": "Ile-de-France", "lat": 48.85,
     "lon": 2.35, "population": 2_100_000, "geonames_id": 2988507},
    {"name": "Paris", "kind": "city", "cc": "US", "iso3": "USA", "admin1": "Texas", "lat": 33.66, "lon": -95.56,
     "population": 25_000, "geonames_id": 4717560},
    {"name": "Paris", "kind": "city", "cc": "US", "iso3": "USA", "admin1": "Tennessee", "lat": 36.30,
     "lon": -88.33, "population": 10_000, "geonames_id": 4646571},
    # invented namesakes for document coherence: the small Marlow lies beside one of the two Bexley Counties
    {"name": "Bexley County", "kind": "admin2", "cc": "US", "iso3": "USA", "admin1": "Tennessee", "lat": 36.0,
     "lon": -84.0, "population": 50_000},
    {"name": "Bexley County", "kind": "admin2", "cc": "US", "iso3": "USA", "admin1": "Texas", "lat": 29.6,
     "lon": -98.4, "population": 50_000},
    {"name": "Marlow", "kind": "city", "cc": "US", "iso3": "USA", "admin1": "Tennessee", "lat": 35.1, "lon": -90.0,
     "population": 240_000},
    {"name": "Marlow", "kind": "city", "cc": "US", "iso3": "USA", "admin1": "Texas", "lat": 29.5, "lon": -98.5,
     "population": 5_000},
    {"name": "Dallas", "kind": "city", "cc": "US", "iso3": "USA", "admin1": "Texas", "lat": 32.78, "lon": -96.8,
     "population": 1_300_000},
    {"name": "Ishkashim", "kind": "admin2", "cc": "AF", "iso3": "AFG", "admin1": "Badakhshan", "lat": 36.68,
     "lon": 71.53, "population": 12_000},
    {"name": "Ishqoshim", "kind": "city", "cc": "TJ", "iso3": "TJK", "admin1": "Gorno-Badakhshan", "lat": 36.72,
     "lon": 71.61, "population": 26_000, "aliases": ["Ishkashim"]},
    {"name": "Panj River", "kind": "feature", "feature": "river", "lat": 37.9, "lon": 70.9,
     "aliases": ["Panj"], "aliases_primary": True},
    {"name": "Tajik-Afghan border", "kind": "region", "feature": "border", "lat": 37.6, "lon": 70.0,
     "aliases": ["Afghan-Tajik border"], "aliases_primary": True},
]
DEMONYMS = {"Afghan": "AF", "Tajik": "TJ", "French": "FR", "American": "US", "Kyrgyz": "KG"}


@pytest.fixture(scope="module")
def gaz(tmp_path_factory):
    return build_from_records(tmp_path_factory.mktemp("gaz") / "g.sqlite", RECORDS, DEMONYMS)


def _m(text: str, body: str, nth: int = 0) -> Mention:
    i = -1
    for _ in range(nth + 1):
        i = body.index(text, i + 1)
    return Mention(text, i, i + len(text))


def test_norm_folds_diacritics_dots_and_dashes():
    assert norm("Takhār") == "takhar"
    assert norm("U.S.") == "us"
    assert norm("Tajik–Afghan border") == "tajik afghan border"
    assert norm("Qal‘ah") == "qalah"


def test_norm_spells_out_abbreviated_name_words_only_before_another_word():
    assert norm("St. Anselm") == norm("Saint Anselm") == "saint anselm"
    assert norm("Mt. Erebus") == "mount erebus" and norm("Ft. Alder") == "fort alder"
    assert norm("Elm St") == "elm st" and norm("Stanmore") == "stanmore"


def test_population_prior_without_context(gaz):
    body = "Paris hosted the talks."
    (r,) = resolve([_m("Paris", body)], gaz, body)
    assert r.entry.cc == "FR" and r.entry.geonames_id == 2988507
    assert most_populous(_m("Paris", body), gaz).cc == "FR"


def test_context_of_named_admin1_and_nearby_town_beats_population(gaz):
    body = "Police in Paris said the suspect was taken to Dallas, the largest city in Texas."
    res = resolve([_m("Paris", body), _m("Dallas", body), _m("Texas", body)], gaz, body)
    assert res[0].entry.admin1 == "Texas"
    assert most_populous(res[0].mention, gaz).cc == "FR"  # the baseline ignores context


def test_a_name_said_again_is_one_voice_not_many(gaz):
    body = ("Paris police said the man drove from Paris to Dallas. Texas officials said Paris schools were closed "
            "and Paris buses stopped.")
    ms = [_m("Paris", body, k) for k in range(4)] + [_m("Dallas", body), _m("Texas", body)]
    res = resolve(ms, gaz, body)
    assert {r.entry.admin1 for r in res[:4]} == {"Texas"}


def test_namesakes_of_two_uncertain_names_that_lie_together_settle_both(gaz):
    body = "Deputies of Bexley County said a Marlow man was arrested."
    res = resolve([_m("Bexley County", body), _m("Marlow", body)], gaz, body)
    assert [r.entry.admin1 for r in res] == ["Texas", "Texas"]
    (alone,) = resolve([_m("Marlow", "A Marlow man was arrested.")], gaz, "A Marlow man was arrested.")
    assert alone.entry.admin1 == "Tennessee"  # the population prior, with nothing beside it


def test_an_unlisted_name_takes_the_country_or_unit_named_inside_it(gaz):
    body = "The French Embassy and the University of Texas in Dallas both closed."
    res = resolve([_m("French Embassy", body), _m("University of Texas", body), _m("Dallas", body)], gaz, body)
    assert res[0].entry.name == "France" and res[0].rule == "embedded-demonym"
    assert res[1].entry.name == "Texas" and res[1].rule == "embedded"


def test_a_town_inside_an_unlisted_name_is_no_evidence_for_it(gaz):
    body = "Students of Marlow Academy in Dallas met."
    res = resolve([_m("Marlow Academy", body), _m("Dallas", body)], gaz, body)
    assert res[0].rule == "doc-focus" and res[0].entry.name == "Dallas"


def test_the_documents_locality_lies_in_the_country_most_of_its_places_are_in(gaz):
    body = "A choir from Ishqoshim sang at Elm Hall in Dallas, Texas; Ishqoshim sent two more."
    ms = [_m("Ishqoshim", body), _m("Elm Hall", body), _m("Dallas", body), _m("Texas", body),
          _m("Ishqoshim", body, 1)]
    res = resolve(ms, gaz, body)
    assert res[1].rule == "doc-focus" and res[1].entry.name == "Dallas"


def test_town_comma_state_containment_with_ap_abbreviation(gaz):
    body = "A fire in Paris, Tenn. destroyed two barns."
    res = resolve([_m("Paris", body), _m("Tenn.", body)], gaz, body)
    assert res[0].entry.admin1 == "Tennessee"
    assert res[1].entry.name == "Tennessee"


def test_same_name_on_both_banks_is_reported_ambiguous(gaz):
    body = "Shooting was heard near Ishkashim overnight."
    (r,) = resolve([_m("Ishkashim", body)], gaz, body)
    assert r.ambiguous
    assert r.candidates == 2


def test_demonym_mention_resolves_to_country(gaz):
    body = "Residents on the Afghan side fled."
    m = _m("Afghan", body)
    m.demonym = True
    (r,) = resolve([m], gaz, body)
    assert r.entry.iso3 == "AFG" and r.rule == "demonym"


def test_unlisted_name_falls_back_to_document_locality_and_says_so(gaz):
    body = "Traffic on Elm Street in Dallas was closed. Dallas police said more."
    res = resolve([_m("Elm Street", body), _m("Dallas", body), _m("Dallas", body, 1)], gaz, body)
    assert res[0].entry.name == "Dallas"
    assert res[0].rule == "doc-focus" and res[0].ambiguous


def test_find_places_with_roles_precision_and_offsets(nlp, gaz):
    text = "Islamic State fighters fired rockets from Takhar Province towards Tajikistan on Saturday."
    doc = nlp(text)
    places = find_places(doc, DocContext("t1", text), gaz)
    by_name = {p.name: p for p in places}
    assert by_name["Takhar"].precision == "admin1" and by_name["Takhar"].country == "AFG"
    assert by_name["Takhar"].admin1 == "Takhar"
    assert text[by_name["Takhar"].start:by_name["Takhar"].end] == "Takhar Province"
    assert by_name["Tajikistan"].precision == "country"
    assert all(p.role == "site" for p in places)
    trigger = next(t.i for t in doc if t.lower_ == "fired")
    roles = {p.name: p.role for p in places_for_event(doc, trigger, places)}
    assert roles == {"Takhar": "origin", "Tajikistan": "destination"}


def test_border_phrase_direction_region_and_demonym_side(nlp, gaz):
    text = ("Clashes spread across northern Afghanistan, and guards on the Afghan side of the "
            "Tajik-Afghan border returned fire 20 km from the Panj River.")
    doc = nlp(text)
    places = find_places(doc, DocContext("t2", text), gaz)
    by_name = {p.name: p for p in places}
    north = by_name["northern Afghanistan"]
    assert north.precision == "region" and north.country == "AFG"
    assert text[north.start:north.end] == "northern Afghanistan"
    assert by_name["Tajik-Afghan border"].precision == "region"
    assert any(p.text == "Afghan" and p.country == "AFG" for p in places)
    assert by_name["Panj River"].precision == "point"
    trigger = next(t.i for t in doc if t.lower_ == "returned")
    roles = {p.name: p.role for p in places_for_event(doc, trigger, places)}
    assert roles.get("Panj River") == "site"  # a distance "from" locates, it is no origin


def test_event_places_stay_in_the_trigger_sentence(nlp, gaz):
    text = "Talks were held in Paris. Later, troops moved into Takhar."
    doc = nlp(text)
    places = find_places(doc, DocContext("t3", text), gaz)
    trigger = next(t.i for t in doc if t.lower_ == "moved")
    ev = places_for_event(doc, trigger, places)
    assert [(p.name, p.role) for p in ev] == [("Takhar", "destination")]


@pytest.mark.slow
def test_real_gazetteer_resolves_border_places_via_alternate_names():
    from panj.gazetteer import load

    g = load()
    body = "Rockets landed near Termez while officials in Khorog and Dushanbe met."
    res = resolve([_m("Termez", body), _m("Khorog", body), _m("Dushanbe", body)], g, body)
    assert [r.entry.iso3 for r in res] == ["UZB", "TJK", "TJK"]
    assert g.candidates("Panj River")[0][0].source == "curated"
    assert {e.iso3 for e, _ in g.candidates("Ishkashim")} >= {"AFG", "TJK"}


def test_event_without_a_place_in_its_sentence_takes_its_paragraph_place():
    from panj.extract.events.sites import places_for_event
    from panj.nlp import parse
    from panj.records import Place

    doc = parse("Gunmen crossed the river near Khorog. They attacked a border post at night.")
    khorog = Place(name="Khorog", text="Khorog", country="TJK", precision="point", start=30, end=36)
    trigger = next(t.i for t in doc if t.text == "attacked")
    (place,) = places_for_event(doc, trigger, [khorog])
    assert place.name == "Khorog" and place.basis == "paragraph" and place.role == "site"


def test_event_takes_the_documents_focus_country_when_nothing_nearer():
    from panj.extract.events.sites import places_for_event
    from panj.nlp import parse
    from panj.records import Place

    doc = parse("Tajikistan closed a crossing.\nTajikistan and its neighbours met.\nOfficials condemned the attack.")
    tjk = [Place(name="Tajikistan", text="Tajikistan", country="TJK", precision="country", start=s, end=s + 10)
           for s in (0, 30)]
    trigger = next(t.i for t in doc if t.text == "condemned")
    (place,) = places_for_event(doc, trigger, tjk)
    assert place.country == "TJK" and place.basis == "document-focus"


def test_candidate_cache_stays_correct_when_it_is_emptied(gaz, monkeypatch):
    monkeypatch.setattr(gaz, "_cands", {f"filler {i}": () for i in range(50_000)})
    assert gaz.candidates("Takhar")  # the look-up that empties the full cache still answers


# --------------------------------------------------------------------------------------------- borders

def _places(nlp, gaz, text):
    doc = nlp(text)
    return doc, find_places(doc, DocContext("b", text), gaz)


def _event(doc, places, word, participants=()):
    trigger = next(t.i for t in doc if t.text == word)
    return places_for_event(doc, trigger, places, list(participants))


def test_demonym_pair_border_without_article_is_the_border_feature(nlp, gaz):
    doc, places = _places(nlp, gaz, "Allied troops began drills near Tajik-Afghan border on Monday.")
    (border,) = [p for p in places if "border" in p.text]
    assert border.name == "Tajik-Afghan border" and border.text == "Tajik-Afghan border"
    assert border.precision == "region" and "border" in border.source
    assert [p.name for p in _event(doc, places, "drills")] == ["Tajik-Afghan border"]


def test_pair_border_at_the_start_of_a_sentence(nlp, gaz):
    _, places = _places(nlp, gaz, "Talks ended. Tajik-Afghan border crossings reopened on Monday.")
    assert [(p.name, p.text) for p in places] == [("Tajik-Afghan border", "Tajik-Afghan border")]


def test_reversed_pair_finds_the_same_border(nlp, gaz):
    _, places = _places(nlp, gaz, "Guards patrolled the Afghan-Tajik border at night.")
    assert [p.name for p in places] == ["Tajik-Afghan border"]


def test_pair_border_missing_from_gazetteer_is_a_region_between_the_two(nlp, gaz):
    _, places = _places(nlp, gaz, "Shots were exchanged across the Kyrgyz-Tajik border overnight.")
    (border,) = places
    assert border.name == "Kyrgyz–Tajik border" and border.precision == "region" and border.country is None
    assert border.lat == pytest.approx(40.0) and border.lon == pytest.approx(73.0)


def test_one_sided_border_takes_the_other_country_the_document_names(nlp, gaz):
    text = "Afghanistan denied the report. Afghan units massed on the Tajik border."
    doc, places = _places(nlp, gaz, text)
    (border,) = [p for p in places if "border" in p.text]
    assert border.name == "Tajik-Afghan border" and border.text == "Tajik border"
    assert [p.name for p in _event(doc, places, "massed")] == ["Tajik-Afghan border"]


def test_one_sided_border_with_no_neighbour_named_is_that_countrys_border(nlp, gaz):
    text = "Engineers repaired the Kyrgyz border fence last week, and the Kyrgyz border was closed."
    _, places = _places(nlp, gaz, text)
    sides = [p for p in places if p.source == "countries:border-side"]
    assert [(p.name, p.country, p.precision) for p in sides] == [("Kyrgyz border", "KGZ", "region")]


def test_border_with_a_country_keeps_the_country_too(nlp, gaz):
    _, places = _places(nlp, gaz, "Tajikistan reinforced its border with Afghanistan.")
    names = {p.name: p for p in places}
    assert names["Tajik-Afghan border"].text == "border with Afghanistan"
    assert "Afghanistan" in names and "Tajikistan" in names


def test_border_as_a_modifier_names_no_border(nlp, gaz):
    _, places = _places(nlp, gaz, "Officials praised Tajik border troops.")
    assert [(p.name, p.precision) for p in places] == [("Tajikistan", "country")]
    assert places[0].source.endswith(":demonym")


def test_bare_border_refers_back_to_the_last_border_named(nlp, gaz):
    text = "Rockets were fired across the Tajik-Afghan border. Days later guards closed the border."
    doc, places = _places(nlp, gaz, text)
    second = [p for p in places if p.start > text.index("Days")]
    assert [(p.name, p.text) for p in second] == [("Tajik-Afghan border", "the border")] or \
        [(p.name, p.text) for p in second] == [("Tajik-Afghan border", "border")]
    assert second[0].source.endswith("+anaphora") and second[0].ambiguous


def test_bare_border_with_no_border_before_is_no_place(nlp, gaz):
    _, places = _places(nlp, gaz, "Guards closed the border.")
    assert places == []


# --------------------------------------------------------------------------------------------- event place rank

def test_topic_of_the_trigger_ranks_below_where_it_happened(nlp, gaz):
    doc, places = _places(nlp, gaz, "The minister voiced complaints in Paris about the shelling of Takhar.")
    assert [p.name for p in _event(doc, places, "complaints")] == ["Paris"]


def test_place_describing_the_subject_ranks_below_the_governed_place(nlp, gaz):
    doc, places = _places(nlp, gaz, "Karimov, a diplomat based in Paris, condemned the shelling in Takhar.")
    assert [p.name for p in _event(doc, places, "condemned")] == ["Takhar"]


def test_participant_named_by_a_place_stays_the_events_place(nlp, gaz):
    text = "Rebels from the hills attacked Tajikistan."
    doc, places = _places(nlp, gaz, text)
    i = text.index("Tajikistan")
    assert [p.name for p in _event(doc, places, "attacked", [(i, i + 10)])] == ["Tajikistan"]


def test_adjective_before_its_noun_is_no_toponym(nlp, gaz):
    _, places = _places(nlp, gaz, "After the exit of Western forces, the rebels entered Takhar.")
    assert [p.name for p in places] == ["Takhar"]


def _parsed(nlp, rows):
    """A Doc with a given parse: rows of (word, head index, dep, pos, tag), so rank rules are tested
    independently of the statistical parser."""
    from spacy.tokens import Doc

    words = [r[0] for r in rows]
    spaces = [i + 1 < len(rows) and rows[i + 1][0] not in (",", ".") for i in range(len(rows))]
    doc = Doc(nlp.vocab, words=words, spaces=spaces, heads=[r[1] for r in rows], deps=[r[2] for r in rows],
              pos=[r[3] for r in rows], tags=[r[4] for r in rows],
              sent_starts=[i == 0 for i in range(len(rows))])
    return doc


def _at(doc, word, name, country, precision="country"):
    from panj.records import Place

    t = next(t for t in doc if t.text == word)
    return Place(name=name, text=word, country=country, precision=precision, start=t.idx, end=t.idx + len(t.text))


def test_place_of_a_coordinated_earlier_clause_yields_to_the_participants_country(nlp, gaz):
    from panj.records import Actor

    doc = _parsed(nlp, [("Officials", 1, "nsubj", "NOUN", "NNS"), ("reported", 1, "ROOT", "VERB", "VBD"),
                        ("shots", 1, "dobj", "NOUN", "NNS"), ("in", 2, "prep", "ADP", "IN"),
                        ("Takhar", 3, "pobj", "PROPN", "NNP"), (",", 1, "punct", "PUNCT", ","),
                        ("yet", 1, "cc", "CCONJ", "CC"), ("maintained", 1, "conj", "VERB", "VBD"),
                        ("readiness", 7, "dobj", "NOUN", "NN"), (".", 1, "punct", "PUNCT", ".")])
    takhar = _at(doc, "Takhar", "Takhar", "AFG", "admin1")
    officials = Actor(name="Tajik officials", text="Officials", country="TJK", start=0, end=9)
    trigger = next(t.i for t in doc if t.text == "maintained")
    (place,) = places_for_event(doc, trigger, [takhar], [officials], gaz)
    assert place.country == "TJK" and place.basis == "participant" and place.text == "Officials"
    # without a participant's country the other clause's place is still better than none
    assert [p.name for p in places_for_event(doc, trigger, [takhar], [], gaz)] == ["Takhar"]
    # the first clause's own event keeps its place
    first = next(t.i for t in doc if t.text == "reported")
    assert [p.name for p in places_for_event(doc, first, [takhar], [officials], gaz)] == ["Takhar"]


def test_country_misparsed_as_apposition_of_an_event_noun_is_not_governed_by_it(nlp, gaz):
    doc = _parsed(nlp, [("After", 4, "prep", "ADP", "IN"), ("the", 2, "det", "DET", "DT"),
                        ("takeover", 0, "pobj", "NOUN", "NN"), ("France", 2, "appos", "PROPN", "NNP"),
                        ("sent", 4, "ROOT", "VERB", "VBD"), ("envoys", 4, "dobj", "NOUN", "NNS"),
                        ("to", 4, "prep", "ADP", "IN"), ("Takhar", 6, "pobj", "PROPN", "NNP"),
                        (".", 4, "punct", "PUNCT", ".")])
    places = [_at(doc, "France", "France", "FRA"), _at(doc, "Takhar", "Takhar", "AFG", "admin1")]
    trigger = next(t.i for t in doc if t.text == "takeover")
    assert [p.name for p in places_for_event(doc, trigger, places, [], gaz)] == ["Takhar"]


def test_context_place_order_finer_place_of_the_paragraph_then_participant(nlp, gaz):
    from panj.records import Actor

    def run(text, actor_country):
        doc = nlp(text)
        places = find_places(doc, DocContext("c", text), gaz)
        i = text.rindex("Taliban")
        actor = Actor(name="Taliban", text="Taliban", country=actor_country, start=i, end=i + 7)
        trigger = next(t.i for t in doc if t.text == "attacked")
        return places_for_event(doc, trigger, places, [actor], gaz)

    (p,) = run("Fighting spread to Takhar. The Taliban attacked at dawn.", "AFG")
    assert (p.name, p.basis) == ("Takhar", "paragraph")
    # a finer place of the paragraph in the participant's country comes before the bare country
    (p,) = run("Fighting spread to Takhar. Officials met on Monday. The Taliban attacked at dawn.", "AFG")
    assert (p.name, p.basis) == ("Takhar", "paragraph")
    # one in another country does not: the participant's country
    (p,) = run("Fighting spread to Khorog. Officials met on Monday. The Taliban attacked at dawn.", "AFG")
    assert (p.name, p.basis, p.text) == ("Afghanistan", "participant", "Taliban")
    (p,) = run("Fighting spread to Takhar. Officials met on Monday. The Taliban attacked at dawn.", None)
    assert (p.name, p.basis) == ("Takhar", "paragraph")


def test_place_inside_a_participants_words_ranks_as_the_participant(nlp, gaz):
    from panj.extract.events.sites import RANK_ASIDE, RANK_GOVERNED, place_rank

    doc = _parsed(nlp, [("Clashes", 4, "nsubj", "NOUN", "NNS"), ("between", 0, "prep", "ADP", "IN"),
                        ("Tajik", 3, "compound", "PROPN", "NNP"), ("troops", 1, "pobj", "NOUN", "NNS"),
                        ("erupted", 4, "ROOT", "VERB", "VBD"), ("near", 4, "prep", "ADP", "IN"),
                        ("Takhar", 5, "pobj", "PROPN", "NNP"), (".", 4, "punct", "PUNCT", ".")])
    tajik = _at(doc, "Tajik", "Tajikistan", "TJK")
    troops = (tajik.start, doc[3].idx + len("troops"))  # the participant "Tajik troops"
    assert place_rank(doc, doc[0], tajik, [troops])[0] == RANK_GOVERNED
    assert [p.name for p in places_for_event(doc, 0, [tajik], [troops], gaz)] == ["Tajikistan"]
    # below another participant's words ("Clashes ..." as the subject of "erupted"), it is an aside
    clashes = (doc[0].idx, doc[0].idx + len("Clashes"))
    assert place_rank(doc, doc[4], tajik, [clashes])[0] == RANK_ASIDE


def test_a_capital_naming_the_actor_of_a_material_act_is_not_its_place(nlp):
    from datetime import date

    from panj.pipeline import extract_document
    from panj.records import DocContext

    text = "Beijing has funded several border posts on the Tajik side of the frontier."
    _, _, mentions = extract_document(nlp(text), DocContext("t", text, published=date(2021, 10, 29)))
    aid = next(m for m in mentions if m.event_type == "AID")
    assert [a.kb_id for a in aid.actors] == ["chn"]
    assert "Beijing" not in [p.name for p in aid.locations]
    text = "Moscow warned Dushanbe about militants on Monday."
    _, _, mentions = extract_document(nlp(text), DocContext("t", text, published=date(2021, 10, 29)))
    assert any(p.name == "Moscow" for m in mentions for p in m.locations)


def test_an_unlisted_name_lies_in_the_town_named_beside_it_not_the_documents_focus(gaz):
    text = "Paris and Ile-de-France officials met in Paris near Rue Tanneur.\nIn Dallas, marchers filled Elm Plaza."
    words = ["Paris", "Ile-de-France", "Paris", "Rue Tanneur", "Dallas", "Elm Plaza"]
    mentions, at = [], 0
    for w in words:
        at = text.index(w, at)
        mentions.append(Mention(w, at, at + len(w)))
        at += len(w)
    out = {r.mention.text: r for r in resolve(mentions, gaz, text)}
    assert (out["Elm Plaza"].entry.name, out["Elm Plaza"].rule) == ("Dallas", "doc-focus")  # across the line: not Paris
    assert out["Rue Tanneur"].entry.name == "Paris" and out["Rue Tanneur"].entry.cc == "FR"


def test_a_two_letter_or_dotted_abbreviation_names_no_town(tmp_path):
    from panj.extract.places.toponyms import candidates_for

    small = build_from_records(tmp_path / "a.sqlite", [
        {"name": "Norland", "kind": "country", "cc": "NL", "iso3": "NLX", "lat": 1.0, "lon": 1.0,
         "population": 1_000_000, "aliases": ["NL", "N.L."], "aliases_primary": True},
        {"name": "Nalo", "kind": "city", "cc": "NL", "iso3": "NLX", "lat": 2.0, "lon": 2.0, "population": 900,
         "aliases": ["NL", "Nl"]},
    ])
    for text in ("NL", "N.L."):
        assert [e.name for e, _ in candidates_for(Mention(text, 0, len(text)), small)[0]] == ["Norland"]
    assert {e.name for e, _ in candidates_for(Mention("Nl", 0, 2), small)[0]} == {"Norland", "Nalo"}


def test_an_adjective_no_demonym_list_holds_names_the_unit_or_city_it_is_formed_from(gaz):
    from panj.extract.places.toponyms import candidates_for

    def names(word: str) -> set[tuple[str, str]]:
        c, _ = candidates_for(Mention(word, 0, len(word)), gaz)
        return {(e.name, e.kind) for e, _ in c}

    assert names("Texans") == {("Texas", "admin1")} and names("Texan") == {("Texas", "admin1")}
    assert names("Parisian") == {("Paris", "city")}  # only the city of note, not its small namesakes
    assert names("Ishkashimian") == set()  # a district or a town by an alternate name is no such source


def test_a_common_noun_or_a_persons_name_is_no_town(nlp, tmp_path):
    """A town spelled like a common noun ("Police officers said", capitalised by the sentence) or like a person the
    document names ("Mr. Lorvan", then "Lorvan" alone) is not read as that town; the same name told as a place is."""
    towns = [{"name": "Police", "kind": "city", "cc": "FR", "iso3": "FRA", "admin1": "Ile-de-France", "lat": 48.9,
              "lon": 2.4, "population": 30_000},
             {"name": "Lorvan", "kind": "admin2", "cc": "FR", "iso3": "FRA", "admin1": "Ile-de-France", "lat": 48.6,
              "lon": 2.2, "population": 20_000}]
    gaz = build_from_records(tmp_path / "g.sqlite", RECORDS + towns, DEMONYMS)

    def names(text: str) -> set[str]:
        return {p.name for p in find_places(nlp(text), DocContext("t", text), gaz)}

    told = "Police officers said that Mr. Lorvan left Dallas on Monday. Reporters later saw Lorvan at the airport."
    assert names(told) == {"Dallas"}
    assert names("Man Shot By Police Near Dallas. The police said he was armed.") == {"Dallas"}
    assert "Lorvan" in names("Troops entered Lorvan, a town near Dallas, on Monday.")


def test_open_water_the_gazetteer_lacks_takes_no_town(nlp, tmp_path):
    """A street or an unlisted village is placed at the town it is told with; a sea or strait the gazetteer lacks
    is not (no town holds it), and one it lists is placed as the region it is."""
    sea = {"name": "Sea of Varno", "kind": "region", "cc": None, "iso3": None, "admin1": None, "lat": 12.0,
           "lon": 48.0, "population": 0}
    gaz = build_from_records(tmp_path / "g.sqlite", RECORDS + [sea], DEMONYMS)

    def places(text: str) -> dict[str, tuple[float, float]]:
        return {p.name: (p.lat, p.lon) for p in find_places(nlp(text), DocContext("t", text), gaz)}

    unlisted = places("Officials in Dallas said pirates seized a tanker in the Gulf of Morvane on Monday.")
    assert "Gulf of Morvane" not in unlisted and "Dallas" in unlisted
    street = places("Officials in Dallas said a car bomb exploded on Kelvane Street on Monday.")
    assert street.get("Kelvane Street") == street["Dallas"]
    assert places("Pirates seized a tanker in the Sea of Varno, officials in Dallas said.")["Sea of Varno"] == (12.0, 48.0)


def test_a_persons_surname_the_tagger_calls_a_place_is_no_town(nlp, tmp_path):
    """"Kimani Lavelle ... Lavelle, 16, died": the tagger reads the lone surname as a place, and a town of that
    name exists; the document uses the word as a person's name, so it is no town, unless a preposition locates it."""
    town = {"name": "Lavelle", "kind": "city", "cc": "US", "iso3": "USA", "admin1": "Texas", "lat": 31.0,
            "lon": -97.0, "population": 8_000}
    gaz = build_from_records(tmp_path / "g.sqlite", RECORDS + [town], DEMONYMS)

    def names(text: str) -> set[str]:
        return {p.name for p in find_places(nlp(text), DocContext("t", text), gaz)}

    text = "Police fatally shot 16-year-old Kimani Lavelle near Dallas on Saturday. Lavelle, 16, died in hospital."
    assert names(text) == {"Dallas"}
    assert "Lavelle" in names("Police fatally shot 16-year-old Kimani Lavelle in Lavelle on Saturday.")
    # a name given an age ("Lavelle, 16,") is a person's, though the tagger finds no full name
    assert names("A vigil was held near Dallas for Kimani (Kiki) Lavelle, 16, killed on Saturday.") == {"Dallas"}
