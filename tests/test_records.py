"""Records turn into the dicts the store and the exports keep exactly as `dataclasses.asdict` would make them."""
from __future__ import annotations

import dataclasses

from panj.records import Actor, Claim, DateValue, EventMention, Place, RuleHit


def test_to_dict_equals_asdict_with_every_nested_kind():
    a = Actor("Tajikistan", "Dushanbe", "tjk", "Q863", "TJK", "GOV", 0, 8, "metonymy")
    m = EventMention("d1", "Dushanbe said ...", 0, 40, "said", 9, 13, "ACCUSE", mode="verbal", context=["border"],
                     actors=[a], recipients=[Actor("Taliban", "Taliban")],
                     date=DateValue("2022-05-07", "2022-05-07", "day", "on May 7", 20, 28),
                     locations=[Place("Takhar", "Takhar", "AFG", "Takhar", lat=36.7, lon=69.5)],
                     claims=[Claim(a, "claims", "said", "d1", 0, 40, via=[Actor("Reuters", "Reuters")]),
                             Claim(None, "asserts", "x", "d1", 0, 1)],
                     rules=[RuleHit("trigger:say", 9, 13, "said")], id="em_1")
    assert m.to_dict() == dataclasses.asdict(m)
    assert EventMention.from_dict(m.to_dict()) == m


def test_flat_records_hold_only_plain_values():
    """`to_dict` of these copies values without recursing: a list or record field would be shared, not copied."""
    for cls in (Actor, Place, DateValue, RuleHit):
        for f in dataclasses.fields(cls):
            assert not any(w in str(f.type) for w in ("list", "dict", "Actor", "Place")), (cls.__name__, f.name)
