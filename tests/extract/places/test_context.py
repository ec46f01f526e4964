"""Document context for resolution: coherence among namesakes and places named inside unlisted names."""
from __future__ import annotations

from panj.extract.places.context import (COHERE_MAX_NAMESAKES, W_AREA, W_HOLDS, W_LIST, coherence, cues, embedded,
                                         prior, priors)
from panj.gazetteer import Entry, build_from_records


def _e(eid: int, name: str, lat: float, lon: float, pop: int, kind: str = "city", admin1_id: int | None = None
       ) -> Entry:
    return Entry(eid, name, kind, "US", "USA", None, None, lat, lon, pop, None, "test", admin1_id)


def test_a_namesake_near_another_names_namesake_gains_and_a_far_one_does_not():
    near_a, far_a = _e(1, "Alden", 40.0, -90.0, 5_000), _e(2, "Alden", 30.0, -100.0, 6_000)
    near_b, far_b = _e(3, "Brook", 40.1, -90.1, 5_000), _e(4, "Brook", 45.0, -70.0, 6_000)
    bonus = coherence(["alden", "brook"], [[(near_a, True), (far_a, True)], [(near_b, True), (far_b, True)]])
    assert bonus[("alden", 1)] > 0 and bonus[("brook", 3)] > 0
    assert ("alden", 2) not in bonus and ("brook", 4) not in bonus


def test_an_implausible_namesake_vouches_for_nothing():
    metropolis = _e(1, "Corby", 10.0, 10.0, 5_000_000)
    hamlet = _e(2, "Corby", 40.0, -90.0, 20)  # far below its name's best reading
    town = _e(3, "Dunmore", 40.05, -90.05, 5_000)
    bonus = coherence(["corby", "dunmore"], [[(metropolis, True), (hamlet, True)], [(town, True)]])
    assert ("dunmore", 3) not in bonus
    assert bonus[("corby", 2)] > 0  # the town still speaks for the hamlet: context may overturn a prior


def test_a_name_with_very_many_namesakes_vouches_for_none():
    many = [(_e(100 + k, "Centerton", 40.0 + k * 0.01, -90.0, 5_000), True) for k in range(COHERE_MAX_NAMESAKES + 1)]
    town = _e(1, "Elmdale", 40.0, -90.0, 5_000)
    bonus = coherence(["centerton", "elmdale"], [many, [(town, True)]])
    assert ("elmdale", 1) not in bonus


def test_only_the_same_name_said_twice_is_no_coherence():
    a = _e(1, "Fairview", 40.0, -90.0, 5_000)
    assert coherence(["fairview", "fairview"], [[(a, True)], [(a, True)]]) == {}


def test_embedded_finds_the_longest_place_run_and_skips_direction_words(tmp_path):
    gaz = build_from_records(tmp_path / "g.sqlite", [
        {"name": "Norland", "kind": "country", "cc": "NL", "iso3": "NLX", "lat": 1.0, "lon": 1.0,
         "population": 1_000_000},
        {"name": "South", "kind": "admin1", "cc": "NL", "iso3": "NLX", "lat": 1.0, "lon": 1.0, "population": 10},
    ], {"Norlandic": "NL"})
    c, rule, key = embedded("Norlandic Embassy", gaz)
    assert [e.name for e, _ in c] == ["Norland"] and rule == "embedded-demonym" and key == "norlandic"
    assert embedded("Bank of Norland", gaz)[0][0][0].name == "Norland"
    assert embedded("South Pier", gaz, {"south"}) == ([], "", "")
    assert embedded("Harbour Road", gaz) == ([], "", "")


def test_a_town_the_world_writes_of_outranks_a_namesake_of_like_size_and_units_lose_nothing():
    famous = Entry(1, "Varenna", "city", "IT", "ITA", None, None, 45.4, 12.3, 50_000, None, "test", None, None, 60)
    local = Entry(2, "Varenna", "city", "US", "USA", None, None, 27.1, -82.4, 50_000, None, "test", None, None, 6)
    unit = Entry(3, "Varenna", "admin1", "US", "USA", None, None, 30.0, -80.0, 50_000, None, "test")
    p = priors([(famous, True), (local, True), (unit, True)])
    assert p[1] > p[2]
    assert p[3] == prior(unit, True) and p[1] == prior(famous, True)  # only the gap to the most written-of counts


def test_a_national_capital_outranks_a_same_named_town_of_like_size():
    capital = Entry(1, "Delmar", "city", "NL", "NLX", None, None, 1.0, 1.0, 700_000, None, "test", None, "capital")
    town = Entry(2, "Delmar", "city", "US", "USA", None, None, 40.0, -90.0, 700_000, None, "test")
    assert prior(capital, True) > prior(town, True)


def _u(eid: int, name: str, kind: str, admin1_id: int | None = None) -> Entry:
    return Entry(eid, name, kind, "US", "USA", None, None, 40.0, -90.0, 100_000, None, "test", admin1_id)


VARDEN_UNIT, VARDEN_TOWN = _u(10, "Varden", "admin1"), _u(11, "Varden", "city")
KELM, OSTRA = _u(20, "Kelm", "admin1"), _u(30, "Ostra", "admin1")
LINDELL = _u(40, "Lindell", "city", admin1_id=10)
DIRECTIONS = {"central", "upstate"}


def _cues(text: str, words: list[str], cands: dict[str, list[Entry]]) -> dict[tuple[str, int], float]:
    spans, at = [], 0
    for w in words:
        at = text.index(w, at)
        spans.append((at, at + len(w)))
        at += len(w)
    names = [w.lower() for w in words]
    cs = [[(e, True) for e in cands[w]] for w in words]
    readings = [max(c, key=lambda x: x[0].kind != "city")[0] if c else None for c in cs]
    return cues(spans, names, cs, readings, text, DIRECTIONS)


def test_the_unit_after_town_comma_is_read_as_the_unit_that_holds_the_town():
    bonus = _cues("She grew up in Lindell, Varden before moving.", ["Lindell", "Varden"],
                  {"Lindell": [LINDELL], "Varden": [VARDEN_UNIT, VARDEN_TOWN]})
    assert bonus[("varden", 10)] == W_HOLDS and ("varden", 11) not in bonus


def test_a_listed_name_leans_to_the_kind_its_list_mates_are_read_at_and_a_list_is_no_town_comma_unit():
    both = {"Ostra": [OSTRA], "Kelm": [KELM], "Varden": [VARDEN_UNIT, VARDEN_TOWN], "Lindell": [LINDELL]}
    bonus = _cues("Teams came from Ostra, Kelm and Varden.", ["Ostra", "Kelm", "Varden"], both)
    assert bonus[("varden", 10)] == W_LIST and ("varden", 11) not in bonus
    # "Lindell, Varden or Lindell" is a list of towns, not a town in its unit
    bonus = _cues("Tours stop in Lindell, Varden or Lindell.", ["Lindell", "Varden", "Lindell"], both)
    assert ("varden", 10) not in bonus and bonus[("varden", 11)] == W_LIST


def test_a_direction_word_asks_for_the_area_for_every_mention_of_the_name():
    bonus = _cues("Fires burned in central Varden. Varden is dry.", ["Varden", "Varden"],
                  {"Varden": [VARDEN_UNIT, VARDEN_TOWN]})
    assert bonus == {("varden", 10): W_AREA}  # keyed by name: the second mention shares it


def test_embedded_reads_a_capitalised_two_letter_abbreviation_only(tmp_path):
    gaz = build_from_records(tmp_path / "g.sqlite", [
        {"name": "Norland", "kind": "country", "cc": "NL", "iso3": "NLX", "lat": 1.0, "lon": 1.0,
         "population": 1_000_000, "aliases": ["NL"], "aliases_primary": True},
    ])
    assert embedded("NL Navy", gaz)[0][0][0].name == "Norland"
    assert embedded("Nl Navy", gaz) == ([], "", "")
