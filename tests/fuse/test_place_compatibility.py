"""Place compatibility for fusion: only places read from the text veto a merge; villages facing each other
across a border are compatible; a region named alike on both sides is evidence."""
from __future__ import annotations

from panj.fuse.compatibility import places

KGZ = {"name": "Kyrgyzstan", "precision": "country", "country": "KGZ"}
TJK = {"name": "Tajikistan", "precision": "country", "country": "TJK"}
VILLAGE_KG = {"name": "Hillside", "precision": "point", "country": "KGZ", "admin1": "North", "lat": 40.06,
              "lon": 70.82}
VILLAGE_TJ = {"name": "Riverside", "precision": "point", "country": "TJK", "admin1": "South", "lat": 40.13,
              "lon": 70.63}
FAR_TJ = dict(VILLAGE_TJ, name="Farside", lat=38.5, lon=68.8)
BORDER = {"name": "Kyrgyz-Tajik border", "precision": "region", "country": None}


def test_two_countries_read_from_the_text_clash():
    assert places([KGZ], [TJK]) == (False, 0.0)


def test_a_country_inferred_from_a_participant_does_not_veto():
    assert places([dict(KGZ, basis="participant")], [TJK])[0]
    assert places([dict(KGZ, basis="document-focus")], [dict(TJK, basis="sentence")])[0]


def test_villages_facing_each_other_across_a_border_are_compatible_without_evidence():
    assert places([VILLAGE_KG], [VILLAGE_TJ]) == (True, 0.0)
    assert places([VILLAGE_KG], [FAR_TJ]) == (False, 0.0)


def test_the_same_border_named_on_both_sides_is_evidence():
    ok, evidence = places([BORDER], [dict(BORDER)])
    assert ok and evidence > 0
