"""Are an event mention and a (partly fused) event the same happening? Compatibility tests and evidence.

Why: fusion merges only when the evidence agrees and keeps apart whatever clashes. Each test returns
(compatible, evidence): a clash on participants, place or date vetoes the merge; agreement adds evidence, weighted
by panj/data/fusion.yaml. Both sides are given as plain dicts in the export shape (Actor, Place and date dicts), so
a stored event compares exactly like one fused a moment ago.
"""
from __future__ import annotations

from functools import lru_cache

from datetime import date, timedelta
from typing import Any

from panj.fuse.config import GRAN_RANK, config, norm

Dict = dict[str, Any]


# ------------------------------------------------------------------ participants
def _kb():
    """The knowledge base, or None when it cannot be loaded: then there is no hierarchy, and names and
    countries still compare."""
    try:
        from panj.kb import load_kb

        return load_kb()
    except Exception:
        return None


def _ancestors(kb_id: str) -> set[str]:
    """The actor's parents in the knowledge base (ISKP → Islamic State; Tajik border troops → Tajikistan)."""
    kb = _kb()
    if kb is None:
        return set()
    out: set[str] = set()
    while kb_id in kb and kb.get(kb_id).parent and kb.get(kb_id).parent not in out:
        kb_id = kb.get(kb_id).parent  # type: ignore[assignment]
        out.add(kb_id)
    return out


_ANCESTORS: dict[str, set[str]] = {}


def ancestors(kb_id: str) -> set[str]:
    if kb_id not in _ANCESTORS:
        _ANCESTORS[kb_id] = _ancestors(kb_id)
    return _ANCESTORS[kb_id]


PRINCIPAL_TYPES = ("state", "group")
_PRINCIPALS: dict[str, str | None] = {}


def principal(kb_id: str) -> str | None:
    """The state or armed group an actor acts for: itself when it is one, else its nearest such ancestor
    (Tajik Border Troops → Tajikistan, Emomali Rahmon → Tajikistan, Baradar → Taliban); None for IGOs, media and
    actors outside the knowledge base. Two officials or organs of one state are one side of an event."""
    if kb_id not in _PRINCIPALS:
        kb = _kb()
        out, seen, cur = None, set(), kb_id
        while kb is not None and cur in kb and cur not in seen:
            seen.add(cur)
            entry = kb.get(cur)
            if entry.type in PRINCIPAL_TYPES:
                out = cur
                break
            cur = entry.parent  # type: ignore[assignment]
        _PRINCIPALS[kb_id] = out
    return _PRINCIPALS[kb_id]


_MEMBERS: dict[str, frozenset[str]] = {}


def members_of(organisation: str) -> frozenset[str]:
    """The organisation's member states in the knowledge base (empty for anything else)."""
    if organisation not in _MEMBERS:
        kb = _kb()
        known = kb is not None and organisation in kb
        _MEMBERS[organisation] = frozenset(kb.get(organisation).members) if known else frozenset()
    return _MEMBERS[organisation]


def is_member(kb_id: str, organisation: str) -> bool:
    """The actor's state is a member of the organisation (knowledge base `members`): "Russia and its allies
    held exercises" can be the CSTO's drills."""
    members = members_of(organisation)
    return bool(members) and (kb_id in members or principal(kb_id) in members)


def state_like(a: Dict) -> bool:
    """The actor is a state or an unnamed part of one ("Tajik border troops"): it may stand for its country."""
    kb, country = a.get("kb_id"), a.get("country")
    return kb is None or (country is not None and kb == str(country).lower())


def actor_match(a: Dict, b: Dict) -> int:
    """2 same actor; 1 compatible (one is a knowledge-base parent of the other, both act for the same state or
    armed group, one is a member state of the other organisation, or same country with one side only
    state-level); 0 different."""
    ka, kb_ = a.get("kb_id"), b.get("kb_id")
    if ka and ka == kb_:
        return 2
    if ka and kb_ and (ka in ancestors(kb_) or kb_ in ancestors(ka)):
        return 1
    if ka and kb_ and principal(ka) is not None and principal(ka) == principal(kb_):
        return 1
    if ka and kb_ and (is_member(ka, kb_) or is_member(kb_, ka)):
        return 1
    if not a.get("kb_id") and not b.get("kb_id") and norm(a.get("name")) and norm(a.get("name")) == norm(b.get("name")):
        return 2
    ca, cb = a.get("country"), b.get("country")
    if ca and ca == cb and (state_like(a) or state_like(b)):
        return 1
    return 0


@lru_cache(maxsize=4096)
def related_actors(kb_id: str) -> frozenset[str]:
    """Every knowledge-base id that `actor_match` finds the same or compatible with this one on ids alone
    (itself, its ancestors and descendants, the actors of its state or group, organisations and their members):
    blocking looks these up (panj/fuse/blocking.py), so it must stay the inverse of `actor_match`'s id rules."""
    kb = _kb()
    out = {kb_id, *ancestors(kb_id), *members_of(kb_id)}
    for other in (kb.entries if kb is not None else ()):
        if other not in out and actor_match({"kb_id": kb_id}, {"kb_id": other}):
            out.add(other)
    return frozenset(out)


def vague(a: Dict, other: Dict) -> bool:
    """`a` is an unidentified description ("militants", "Central Asian states", a name the knowledge base does
    not know): no knowledge-base id and no country. It cannot clash with `other` unless it names a sector that
    `other` does not have ("security forces" is not the Taliban's political office)."""
    if a.get("kb_id") or a.get("country"):
        return False
    return not a.get("sector") or not other.get("sector") or a.get("sector") == other.get("sector")


def role_match(xs: list[Dict], ys: list[Dict]) -> tuple[bool, float]:
    """One role (actors or recipients): compatible unless both sides name someone identifiable and nobody
    matches. Vague descriptions add no evidence and veto nothing."""
    if not xs or not ys:
        return True, 0.0
    ev = config()["evidence"]
    pairs = sorted(((actor_match(x, y), i, j) for i, x in enumerate(xs) for j, y in enumerate(ys)), reverse=True)
    if pairs[0][0] == 0:
        # a clash needs someone identifiable on each side that nobody on the other side can be
        if all(vague(x, y) for x in xs for y in ys) or all(vague(y, x) for x in xs for y in ys):
            return True, 0.0
        return False, 0.0
    used_x: set[int] = set()
    used_y: set[int] = set()
    score = 0.0
    for level, i, j in pairs:  # one-to-one: each shared participant counts once
        if level and i not in used_x and j not in used_y:
            used_x.add(i)
            used_y.add(j)
            score += ev["participant_same"] if level == 2 else ev["participant_compatible"]
    if distinct_third_parties(xs, ys):
        return False, 0.0
    return True, score


def distinct_third_parties(xs: list[Dict], ys: list[Dict]) -> bool:
    """"A clash between the Taliban and IS" is not "a clash between the Taliban and the NRF": besides what they
    share, each side names someone identifiable whom nobody on the other side can be. (One party each, "Russia
    held consultations" and "the Taliban at the same meeting", can still be one meeting.)"""
    if len(xs) < 2 or len(ys) < 2:
        return False
    only_x = [x for x in xs if x.get("kb_id") and all(actor_match(x, y) == 0 for y in ys)]
    only_y = [y for y in ys if y.get("kb_id") and all(actor_match(y, x) == 0 for x in xs)]
    return bool(only_x) and bool(only_y) and len(only_x) < len(xs) and len(only_y) < len(ys)


def mutual_clash(m_actors: list[Dict], m_recips: list[Dict], e_actors: list[Dict], e_recips: list[Dict]) -> bool:
    """A mutual report ("Tajik and Taliban forces clashed": two or more parties, no recipient) and a directed one
    ("IS fired rockets at Tajikistan") are different events unless the directed one's actor is among the
    parties: the mutual report's empty recipient side is no wildcard for the attacker. Either may be the
    mention; both are given in their own orientation."""
    for parties, recips, actors, other_recips in ((m_actors, m_recips, e_actors, e_recips),
                                                  (e_actors, e_recips, m_actors, m_recips)):
        if len(parties) >= 2 and not recips and actors and other_recips:
            if not role_match(parties, actors)[1] and not all(vague(a, p) for a in actors for p in parties):
                return True
    return False


def participants(m_actors: list[Dict], m_recips: list[Dict], e_actors: list[Dict], e_recips: list[Dict],
                 symmetric: bool) -> tuple[bool, float, bool]:
    """(compatible, evidence, swapped): straight alignment, and for two-sided types also actor↔recipient."""
    options = [(False, m_actors, m_recips)]
    if symmetric:
        options.append((True, m_recips, m_actors))
    best: tuple[bool, float, bool] = (False, 0.0, False)
    for swapped, act, rec in options:
        ok_a, ev_a = role_match(act, e_actors)
        ok_r, ev_r = role_match(rec, e_recips)
        if ok_a and ok_r:
            ev = min(ev_a + ev_r, config()["evidence"]["participant_max"])
            if not best[0] or ev > best[1]:
                best = (True, ev, swapped)
    return best


# ------------------------------------------------------------------ places
def place_path(p: Dict) -> tuple[str | None, ...] | None:
    """Containment path country › admin1 › admin2 › point; None for places too vague to compare (regions)."""
    return _path(p.get("precision") or "country", p.get("country"), p.get("name"), p.get("admin1"), p.get("admin2"))


@lru_cache(maxsize=65_536)
def _path(precision: str, country: str | None, name: str | None, admin1: str | None, admin2: str | None
          ) -> tuple[str | None, ...] | None:
    p = {"name": name, "admin1": admin1, "admin2": admin2}
    if precision == "region" or not country:
        return None
    name = norm(p.get("name")) or None
    a1, a2 = norm(p.get("admin1")) or None, norm(p.get("admin2")) or None
    if precision == "country":
        return (country,)
    if precision == "admin1":
        return (country, a1 or name)
    if precision == "admin2":
        return (country, a1, a2 or name)
    return (country, a1, a2, name)


def contains(outer: tuple, inner: tuple) -> bool:
    """`outer` is `inner` or one of its ancestors; an unknown level (None) matches anything."""
    if len(outer) > len(inner):
        return False
    return all(o is None or i is None or o == i for o, i in zip(outer, inner))


def _shared_fine(a: tuple, b: tuple) -> bool:
    return any(x is not None and x == y for x, y in list(zip(a, b))[1:])


def _end(p: Dict) -> str:
    """Which end of the event a place names: where it came from (origin) or where it happened or arrived."""
    return "origin" if p.get("role") == "origin" else "target"


def places(m_places: list[Dict], e_places: list[Dict], bound: bool = True) -> tuple[bool, float]:
    """Compatible when some place of one contains (or is) some place of the other, or either side is vague, or
    the two name different ends of the event: rockets "fired from Takhar" and rockets "fired into Tajikistan"
    can be one attack. Places inferred from a participant or the document's focus are too weak to compare.
    `bound` false (a verbal act: fuse.config.place_bound): places that contain neither one another do not keep
    two reports apart, they only add no evidence.
    """
    pm = [(x, _end(p), p) for p, x in ((p, place_path(p)) for p in m_places) if x and read_place(p)]
    pe = [(x, _end(p), p) for p, x in ((p, place_path(p)) for p in e_places) if x and read_place(p)]
    ev = config()["evidence"]
    if not pm or not pe:
        # a region (a border, "northern Afghanistan") is too vague to veto, but the same region named on both
        # sides is as good a sign as a shared country
        same = {norm(p.get("name")) for p in m_places} & {norm(p.get("name")) for p in e_places} - {""}
        return True, (ev["place_country"] if same else 0.0)
    near_km = config().get("place_near_km") or 0
    best: float | None = None
    for p, _, dp in pm:
        for q, _, dq in pe:
            if contains(p, q) or contains(q, p):
                score = ev["place_fine"] if _shared_fine(p, q) else ev["place_country"]
            elif len(p) > 2 and len(q) > 2 and _near(dp, dq, near_km):
                score = 0.0  # villages facing each other across a border: compatible, but no evidence
            else:
                continue
            best = score if best is None else max(best, score)
    if best is None and not ({e for _, e, _ in pm} & {e for _, e, _ in pe}):
        return True, 0.0
    return (best is not None or not bound), (best or 0.0)


def read_place(p: Dict) -> bool:
    """Whether a place was read from the event's own text (its sentence or paragraph), not inferred from a
    participant's country or the document's focus: only read places may veto a merge."""
    return (p.get("basis") or "sentence") in ("sentence", "paragraph")


def _near(a: Dict, b: Dict, km: float) -> bool:
    """Two points (admin2 or finer) within `km` of each other: each side of a border clash names its own village."""
    if not km or None in (a.get("lat"), a.get("lon"), b.get("lat"), b.get("lon")):
        return False
    from panj.gazetteer import haversine_km

    return haversine_km(a["lat"], a["lon"], b["lat"], b["lon"]) <= km


# ------------------------------------------------------------------ dates
def is_publication(d: Dict) -> bool:
    return d.get("basis") in _publication_bases()


@lru_cache(maxsize=1)
def _publication_bases() -> frozenset[str]:
    return frozenset(config().get("publication_bases") or [])


def window(d: Dict | None) -> tuple[date, date, int] | None:
    """(start, end, tolerance in days) a date allows; None when unresolved."""
    if not d or not d.get("start") or (d.get("granularity") or "unresolved") == "unresolved":
        return None
    return _window(str(d["start"])[:10], str(d.get("end") or d["start"])[:10], d["granularity"],
                   is_publication(d), str(d.get("rule") or "").startswith("mod:"))


@lru_cache(maxsize=65_536)
def _window(start_iso: str, end_iso: str, granularity: str, publication: bool, part: bool
            ) -> tuple[date, date, int]:
    start, end = date.fromisoformat(start_iso), date.fromisoformat(end_iso)
    if publication:  # on or shortly before publication; a publication known only by its year or month spans it
        return start - timedelta(days=int(config()["publication_lookback_days"])), end, 0
    tolerance = int(config()["date_tolerance_days"].get(granularity, 0))
    if part:  # "early May", "late 2021": the part's edges are fuzzy
        tolerance = max(tolerance, int(config().get("part_of_period_tolerance_days", 0)))
    return start, end, tolerance


def dates(md: Dict | None, ed: Dict | None, same_day: bool = False, wide: bool = True) -> tuple[bool, float]:
    """Compatible when the gap between the two intervals is within the larger of their tolerances, except that
    nothing that began after a report was published is what that report's undated mention tells of (its
    publication stand-in is a hard end). `same_day` (verbal acts: a call, a statement, an agreement) drops the
    day's tolerance: such an act happens on one day, and two reports that name different days tell of two calls;
    a clash runs overnight and is dated from either bank. `wide=False` gives no evidence for an overlap with a
    window longer than fusion.yaml `date_coarse_max_days`."""
    wm, we = window(md), window(ed)
    if wm is None or we is None:
        return True, 0.0
    gap = max((we[0] - wm[1]).days, (wm[0] - we[1]).days, 0)
    if gap > max(wm[2], we[2]):
        return False, 0.0
    if same_day and gap and md.get("granularity") == ed.get("granularity") == "day" and not (wm[2] > 1 or we[2] > 1):
        return False, 0.0
    pm, pe = is_publication(md), is_publication(ed)
    if (pm and we[0] > wm[1]) or (pe and wm[0] > we[1]):
        return False, 0.0
    if pm or pe:
        return True, 0.0
    ev = config()["evidence"]
    precise = GRAN_RANK.get(md["granularity"], 9) <= 1 and GRAN_RANK.get(ed["granularity"], 9) <= 1
    if precise:
        return True, ev["date_precise"]
    # for a family match, a window longer than a season ("recently", "since 2021", a year) holds nearly any act
    widest = max((wm[1] - wm[0]).days, (we[1] - we[0]).days) + 1
    if not wide and widest > int(config().get("date_coarse_max_days") or 10**6):
        return True, 0.0
    return True, ev["date_coarse"]


def recent_window(published: str | None) -> tuple[date, date] | None:
    """The days before publication in which an undated mention's event is looked for (`recent`)."""
    if not published:
        return None
    pub = date.fromisoformat(str(published)[:10])
    return pub - timedelta(days=int(config()["undated_recent_days"])), pub


def recent(event_date: Dict | None, published: str | None) -> float:
    """Evidence for an undated mention: the event happened shortly before the mention's document was published
    (news reports recent events; fusion.yaml `undated_recent_days`)."""
    we, rw = window(event_date), recent_window(published)
    if we is None or rw is None or is_publication(event_date or {}):
        return 0.0
    if rw[0] <= we[1] and we[0] <= rw[1]:
        return float(config()["evidence"]["date_recent"])
    return 0.0
