"""Building a fused event record (spec/events.md) from its member mentions, one mention at a time.

Why one at a time: an event stored yesterday and a new mention today must give the same record as fusing both
from scratch. So everything in the record is either accumulated (actors, claims, mentions, places, context) or
derived from what was accumulated (type by vote, date and place by precision, status from claims, summary).
"""
from __future__ import annotations

import hashlib
from collections import Counter
from datetime import date
from typing import Any

from panj.fuse.compatibility import is_publication, place_path
from panj.fuse.confidence import confidence
from panj.fuse.config import GRAN_RANK, PRECISION_RANK, config, norm
from panj.fuse.sources import SourceDoc, independent_source_count
from panj.records import EventMention

Dict = dict[str, Any]


def event_id(seed_mention_id: str) -> str:
    """Stable id: the hash of the first mention's id (first in publication order), so it survives re-runs and
    the addition of unrelated documents."""
    return "evt_" + hashlib.sha256(seed_mention_id.encode()).hexdigest()[:16]


def mention_key(m: EventMention) -> str:
    """The mention id; constructed mentions without one get the store's recipe (doc, trigger, type)."""
    return m.id or f"{m.doc_id}:{m.trigger_start}:{m.trigger_end}:{m.event_type}"


def _actor_key(a: Dict) -> str:
    return a.get("kb_id") or "name:" + norm(a.get("name") or a.get("text"))


def _add_actors(into: list[Dict], new: list[Dict]) -> None:
    keys = {_actor_key(a) for a in into}
    for a in new:
        if _actor_key(a) not in keys:
            into.append(a)
            keys.add(_actor_key(a))


def _date_rank(d: Dict | None) -> tuple:
    """Smaller is more precise: text dates before publication stand-ins, then granularity, then width."""
    if not d or not d.get("start") or d.get("granularity") == "unresolved":
        return (3, 9, 0)
    try:
        width = (date.fromisoformat(str(d["end"])[:10]) - date.fromisoformat(str(d["start"])[:10])).days
    except (TypeError, ValueError):
        width = 0
    return (1 if is_publication(d) else 0, GRAN_RANK.get(d.get("granularity") or "unresolved", 9), width)


def _reduce_places(places: list[Dict]) -> list[Dict]:
    """Most precise consistent places: drop a place that another, more precise place lies inside; dedupe."""
    from panj.fuse.compatibility import contains

    keep: list[Dict] = []
    paths = [place_path(p) for p in places]
    for i, p in enumerate(places):
        pi = paths[i]
        dominated = False
        for j, q in enumerate(places):
            pj = paths[j]
            if i == j or pi is None or pj is None:
                continue
            if len(pj) > len(pi) and contains(pi, pj):
                dominated = True
                break
            if pj == pi and j < i:  # duplicate of an earlier one
                dominated = True
                break
        if pi is None and any(norm(q.get("name")) == norm(p.get("name")) for q in keep):
            dominated = True
        if not dominated:
            keep.append(p)
    return sorted(keep, key=lambda p: PRECISION_RANK.get(p.get("precision") or "country", 9))


def new_record(m: EventMention) -> Dict:
    return {
        "id": event_id(mention_key(m)), "event_type": m.event_type, "mode": m.mode, "context": [],
        "actors": [], "recipients": [], "date": None, "locations": [], "status": m.status, "claims": [],
        "mentions": [], "sources": [], "independent_sources": 0, "score": m.score, "quad_class": m.quad_class,
        "cameo": m.cameo, "summary": "", "mention_ids": [],
    }


def mention_date(m: EventMention) -> Dict | None:
    if m.date is None:
        return None
    d = m.date.to_dict()
    d["doc_id"] = m.doc_id
    return d


_ACTOR_KEYS = ("name", "kb_id", "country", "sector")
_PLACE_KEYS = ("name", "country", "admin1", "admin2", "precision", "role", "basis", "lat", "lon")
_DATE_KEYS = ("start", "end", "granularity", "basis", "rule")


def member_view(m: EventMention, acts: list[Dict], recs: list[Dict]) -> Dict:
    """What fusion compares a new mention with, per member, in the event's actor/recipient orientation.

    Stored in the record so that an event fused yesterday compares exactly like one fused now."""
    view = {
        "event_type": m.event_type, "trigger": norm(m.trigger),
        "actors": [{k: a.get(k) for k in _ACTOR_KEYS} for a in acts],
        "recipients": [{k: a.get(k) for k in _ACTOR_KEYS} for a in recs],
        "places": [{k: getattr(p, k) for k in _PLACE_KEYS} for p in m.locations],
        "date": {k: getattr(m.date, k) for k in _DATE_KEYS} if m.date else None,
    }
    if m.one_side:
        view["directed"] = True
    if (side := teller(m)) is not None:
        view["teller"] = side
    return view


def teller(m: EventMention) -> str | None:
    """The country whose version the mention is: the first claimant that claims or alleges it ("Kyrgyz
    authorities say the Tajik guards fired" is Kyrgyzstan's version), or None for an unattributed report."""
    for c in m.claims:
        if c.stance in ("claims", "alleges") and c.claimant is not None and c.claimant.country:
            return c.claimant.country
    return None


def absorb(rec: Dict, m: EventMention, swapped: bool, evidence: float, rule: str) -> None:
    """Add one mention to an event record (accumulated fields only; call `finish` afterwards)."""
    acts = [a.to_dict() for a in m.actors]
    recs = [a.to_dict() for a in m.recipients]
    if swapped:
        acts, recs = recs, acts
    _add_actors(rec["actors"], acts)
    _add_actors(rec["recipients"], recs)
    rec["context"] = sorted(set(rec["context"]) | set(m.context))
    md = mention_date(m)
    if md is not None and _date_rank(md) < _date_rank(rec.get("date")):
        rec["date"] = md
    rec["locations"] = _reduce_places(rec["locations"] + [p.to_dict() for p in m.locations])
    seen = {(c.get("doc_id"), c.get("start"), c.get("end"), c.get("stance")) for c in rec["claims"]}
    for c in m.claims:
        if (c.doc_id, c.start, c.end, c.stance) not in seen:
            rec["claims"].append(c.to_dict())
    rec["mentions"].append({
        "doc_id": m.doc_id, "sentence": m.sentence, "start": m.start, "end": m.end, "trigger": m.trigger,
        "trigger_start": m.trigger_start, "trigger_end": m.trigger_end, "mention_id": mention_key(m),
        "rule": m.rules[0].rule_id if m.rules else None,  # the trigger rule (confidence reads it)
        "arguments": sum(1 for h in m.rules if h.rule_id.startswith("arg")),
        "event_type": m.event_type, "mode": m.mode, "status": m.status, "score": m.score,
        "quad_class": m.quad_class, "cameo": m.cameo, "swapped": swapped,
        "fusion": {"rule": rule, "evidence": round(evidence, 2)},
        "view": member_view(m, acts, recs),
    })
    rec["mention_ids"].append(mention_key(m))


def _derive_status(claims: list[Dict], statuses: list[str]) -> str:
    """The claims engineer's `derive_status` when present; otherwise the spec's rule, stated here:
    a claim or assertion plus a denial is `disputed`; all denials → `denied` (or `negated`); else the strongest
    of asserted > claimed > alleged > planned > hypothetical."""
    try:
        from panj.extract.claims.stance import derive_status  # type: ignore[attr-defined]
    except ImportError:
        derive_status = None
    if derive_status is not None:
        from panj.records import Actor, Claim

        objs = []
        for c in claims:
            d = dict(c)
            d["claimant"] = Actor(**d["claimant"]) if d.get("claimant") else None
            d["via"] = [Actor(**v) for v in d.get("via") or []]
            objs.append(Claim(**d))
        return derive_status(objs, statuses)
    stances = {c.get("stance") for c in claims}
    negative = "denies" in stances or bool({"denied", "negated"} & set(statuses))
    positive = bool({"claims", "asserts", "confirms", "alleges"} & stances) or bool(
        {"asserted", "claimed", "alleged", "disputed"} & set(statuses))
    if negative and positive:
        return "disputed"
    if negative:
        return "denied" if "denied" in statuses or "denies" in stances else "negated"
    for s in ("asserted", "claimed", "alleged", "planned", "hypothetical"):
        if s in statuses:
            return s
    return statuses[0] if statuses else "asserted"


def finish(rec: Dict, sources: dict[str, SourceDoc]) -> Dict:
    """Derived fields: type/mode by vote, scores from a member of that type, status, sources, summary."""
    ms = rec["mentions"]
    for x in ms:  # records stored by an older panj may lack the per-mention fields
        x.setdefault("event_type", rec["event_type"])
        x.setdefault("status", rec.get("status") or "asserted")
    votes = Counter(x["event_type"] for x in ms)
    prio = {t: i for i, t in enumerate(config().get("type_priority") or [])}
    rec["event_type"] = min(votes, key=lambda t: (-votes[t], prio.get(t, 99), t))
    of_type = [x for x in ms if x["event_type"] == rec["event_type"]]
    modes = Counter(x["mode"] for x in of_type if x.get("mode"))
    rec["mode"] = min(modes, key=lambda k: (-modes[k], k)) if modes else None
    rep = next((x for x in of_type if x.get("mode") == rec["mode"]), of_type[0])
    rec["score"], rec["quad_class"], rec["cameo"] = rep.get("score"), rep.get("quad_class"), rep.get("cameo")
    rec["status"] = _derive_status(rec["claims"], [x["status"] for x in ms])
    doc_ids = list(dict.fromkeys(x["doc_id"] for x in ms))
    srcs = []
    for d in doc_ids:
        s = sources.get(d)
        srcs.append({"doc_id": d, "path": s.path if s else None, "outlet": s.outlet if s else None,
                     "url": s.url if s else None,
                     "published": s.published if s else None})
    rec["sources"] = sorted(srcs, key=lambda s: (s["published"] or "9999", s["doc_id"]))
    rec["independent_sources"] = independent_source_count(doc_ids, sources)
    rec["summary"] = summary(rec)
    rec["confidence"], rec["confidence_basis"] = confidence(rec)
    return rec


# ------------------------------------------------------------------ summary
def _most_specific(actors: list[Dict]) -> list[Dict]:
    """Drop an actor whose knowledge-base child is also listed: "Islamic State and ISKP" says ISKP."""
    from panj.fuse.compatibility import ancestors

    ids = {a.get("kb_id") for a in actors if a.get("kb_id")}
    parents = set().union(*(ancestors(i) for i in ids)) if ids else set()
    return [a for a in actors if a.get("kb_id") not in parents]


def _names(actors: list[Dict]) -> str:
    actors = _most_specific(actors)
    names = list(dict.fromkeys(a.get("name") or a.get("text") for a in actors if a.get("name") or a.get("text")))
    if not names:
        return ""
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]


def _date_phrase(d: Dict | None) -> str:
    if not d or not d.get("start") or d.get("granularity") == "unresolved":
        return ""
    s = date.fromisoformat(str(d["start"])[:10])
    e = date.fromisoformat(str(d.get("end") or d["start"])[:10])
    g = d.get("granularity")
    if g == "day" and s == e:
        return f"on {s.day} {s:%B %Y}"
    if g == "day":
        return f"between {s.day} {s:%B %Y} and {e.day} {e:%B %Y}"
    if g == "week" and (e - s).days < 7:
        return f"in the week of {s.day} {s:%B %Y}"
    if g == "month" and (s.year, s.month) == (e.year, e.month):
        return f"in {s:%B %Y}"
    if g == "year" and s.year == e.year:
        return f"in {s.year}"
    if g == "year":  # "in recent years": the interval, not its first year
        return f"between {s.year} and {e.year}"
    return f"between {s:%B %Y} and {e:%B %Y}" if (s.year, s.month) != (e.year, e.month) else f"in {s:%B %Y}"


date_phrase = _date_phrase  # "on 7 May 2022", "in May 2022": the summary's wording of a date, for the brief too


def summary(rec: Dict) -> str:
    """One line generated from the record's fields (never copied from a source sentence)."""
    cfg = config()
    t, mode = rec["event_type"], rec.get("mode")
    a = _names(rec["actors"]) or cfg["summary_unknown_actor"]
    r = _names(rec["recipients"])
    if r:
        verbs = cfg["summary_verbs"]
        pattern = verbs.get(f"{t}/{mode}") or verbs.get(t) or "{a} → {r}: {type}"
    elif len(rec["actors"]) > 1 and t in (cfg.get("summary_verbs_mutual") or {}):
        pattern = cfg["summary_verbs_mutual"][t]
    else:
        verbs = cfg["summary_verbs_intransitive"]
        pattern = verbs.get(t) or verbs["default"]
    text = pattern.format(a=a, r=r, type=t.lower())
    site = next((p for p in rec["locations"] if p.get("role") != "origin"), None)
    origin = next((p for p in rec["locations"] if p.get("role") == "origin"), None)
    if origin is not None:
        text += f" from {origin.get('name')}"
    if site is not None and not (r and any(norm(site.get(k)) in norm(r) for k in ("name", "text") if site.get(k))):
        text += f" in {site.get('name')}"
    when = _date_phrase(rec.get("date"))
    if when:
        text += " " + when
    words = cfg["summary_stance_words"]
    parts: dict[str, list[str]] = {}
    named = _most_specific([c["claimant"] for c in rec["claims"] if c.get("claimant")])
    for c in rec["claims"]:
        if c.get("stance") in words:
            if c.get("claimant") and c["claimant"] not in named:
                continue
            who = (c.get("claimant") or {}).get("name") or "unnamed sources"
            parts.setdefault(words[c["stance"]], [])
            if who not in parts[words[c["stance"]]]:
                parts[words[c["stance"]]].append(who)
    notes = [f"{k} {' and '.join(parts[k])}" for k in words.values() if k in parts]  # claims before denials
    if not notes and rec["status"] not in ("asserted",):
        notes = [rec["status"]]
    if notes:
        text += " (" + "; ".join(notes) + ")"
    return text
