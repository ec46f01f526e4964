"""Blocking keys: whatever participant or place evidence a mention and a member share, they share a key, so the
store's keyed lookup (panj/fuse/blocking.py) never drops a pair that could merge."""
from __future__ import annotations

import itertools

from panj.fuse.blocking import keyed, lookup_keys, member_keys, precise
from panj.fuse.compatibility import participants, places
from test_incremental import ACTORS, PLACES, stream


def _view(m) -> dict:
    return {"actors": [a.to_dict() for a in m.actors], "recipients": [a.to_dict() for a in m.recipients],
            "places": [p.to_dict() for p in m.locations]}


def test_any_participant_or_place_evidence_implies_a_shared_key():
    mentions, _ = stream(40, 13)
    views = [_view(m) for m in mentions]
    # every pair of single actors and of single places as well, so each knowledge-base relation is met
    views += [{"actors": [a], "recipients": [], "places": []} for a in ACTORS]
    views += [{"actors": [], "recipients": [], "places": [p]} for p in PLACES]
    found = 0
    for m, x in itertools.product(views, repeat=2):
        evidence = max(participants(m["actors"], m["recipients"], x["actors"], x["recipients"], True)[1],
                       participants(m["actors"], m["recipients"], x["recipients"], x["actors"], False)[1])
        evidence += places(m["places"], x["places"])[1] + places(m["places"], x["places"], False)[1]
        shared = set(lookup_keys(m["actors"], m["recipients"], m["places"])) & set(member_keys(x))
        if evidence > 0:
            found += 1
            assert shared, (m, x)
    assert found > 1000


def test_only_day_and_week_dates_of_the_text_are_precise_and_the_default_weights_need_keys():
    assert precise({"start": "2022-05-01", "end": "2022-05-01", "granularity": "day"})
    assert precise({"start": "2022-05-01", "end": "2022-05-07", "granularity": "week"})
    assert not precise({"start": "2022-05-01", "end": "2022-05-31", "granularity": "month"})
    assert not precise({"start": "2022-05-01", "end": "2022-05-01", "granularity": "day", "basis": "publication"})
    assert not precise(None)
    assert keyed()
