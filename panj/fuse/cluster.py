"""Cross-document fusion: event mentions → one Event per real-world event (spec/events.md records).

How: mentions are taken in a canonical order (publication date, document, offset). Each is compared with the
events built so far that the blocking index (blocking.py: type family, date weeks, participant and place keys)
says could reach the threshold, in the order the events were seeded; an event is a candidate only when participants,
places and dates are all compatible (compatibility.py), and the mention joins the candidate with the most evidence
if that evidence reaches the threshold in panj/data/fusion.yaml; otherwise it starts a new event.

Why this shape: the same loop serves a fresh run and an incremental one. Given `existing` records, their
mentions are not re-fused; new mentions join them or start new events, and existing ids never change. When the
new documents are published after the stored ones (a news stream), the result equals fusing everything from
scratch, ids included (incremental.py does this over the store, loading only the candidate events). An older
document added late joins events as usual but cannot re-seed them.
"""
from __future__ import annotations

import copy
from typing import Any

from panj.fuse.blocking import Index, lookup_keys, members as event_members
from panj.fuse.compatibility import dates, distinct_third_parties, mutual_clash, participants, places, recent, window
from panj.fuse.config import config, family, is_symmetric, norm, place_bound
from panj.fuse.record import absorb, finish, mention_key, new_record, teller
from panj.fuse.sources import SourceDoc, find_copies, independent_source_count, with_copies
from panj.records import EventMention
from panj.semantic import fusion as semantic

__all__ = ["SourceDoc", "fuse", "independent_source_count", "match"]

Dict = dict[str, Any]


def _order(m: EventMention, sources: dict[str, SourceDoc]) -> tuple:
    s = sources.get(m.doc_id)
    return ((s.published if s and s.published else "9999"), m.doc_id, m.start, m.trigger_start, mention_key(m))


class _View:
    """A mention's comparable fields in the export shape, computed once per mention."""

    def __init__(self, m: EventMention, published: str | None = None):
        self.published = published
        self.undated = window(m.date.to_dict() if m.date else None) is None
        self.event_type = m.event_type
        self.trigger = norm(m.trigger)
        self.actors = [a.to_dict() for a in m.actors]
        self.recipients = [a.to_dict() for a in m.recipients]
        self.places = [p.to_dict() for p in m.locations]
        self.date = m.date.to_dict() if m.date else None
        self.sentence = m.sentence
        self.teller = teller(m)
        self.one_side = m.one_side


def match(m: EventMention, rec: Dict, view: _View | None = None) -> tuple[bool, float, bool]:
    """(compatible, evidence, swapped) for a mention against an event record.

    The mention must clash with no member of the event (participants, places or dates); its evidence is the
    best it shares with any one member (weights in fusion.yaml `evidence`). Comparing member by member rather
    than with the event's pooled participants keeps one event from snowballing into its neighbours."""
    if family(m.event_type) != family(rec["event_type"]):
        return False, 0.0, False
    own = [x for x in rec["mentions"] if x.get("doc_id") == m.doc_id]  # the event's reports from this document
    if _other_act_of_document(m, rec, own):
        return False, 0.0, False
    v = view or _View(m)
    members = event_members(rec)
    if not (own or anchored(v, members)):
        return False, 0.0, False
    ev = config()["evidence"]
    orientations = [False, True] if is_symmetric(m.event_type, rec["event_type"]) and not v.one_side else [False]
    best: tuple[bool, float, bool] = (False, 0.0, False)
    complete = config().get("clash_check", "members") == "members"
    anchor = float(config().get("anchor_participants") or 0)
    sem: list[float] = []  # the semantic signal, computed once, only if some member needs it
    for swapped in orientations:
        acts, recs = (v.recipients, v.actors) if swapped else (v.actors, v.recipients)
        if not complete:  # pooled: the event as a whole must not clash
            bound = place_bound(v.event_type) or place_bound(rec["event_type"])
            if not (participants(acts, recs, rec["actors"], rec["recipients"], False)[0]
                    and places(v.places, rec["locations"], bound)[0] and dates(v.date, rec.get("date"))[0]):
                continue
        top = None
        for x in members:
            if swapped and x.get("directed"):  # one side's version of a mutual charge is not turned round
                if complete:
                    top = None
                    break
                continue
            ok_p, ev_p, _ = participants(acts, recs, x["actors"], x["recipients"], False)
            ok_p = ok_p and not mutual_clash(v.actors, v.recipients, x["actors"], x["recipients"])
            if swapped:  # turned round, an empty role matches anyone: the parties still may not differ
                ok_p = ok_p and not distinct_third_parties(v.actors + v.recipients, x["actors"] + x["recipients"])
            # two reports of one call or one statement may place it differently
            bound = place_bound(v.event_type) or place_bound(x.get("event_type") or v.event_type)
            ok_l, ev_l = places(v.places, x["places"], bound)
            wide = x.get("event_type") == v.event_type or not bound  # see fusion.yaml date_coarse_max_days
            ok_d, ev_d = dates(v.date, x.get("date"), same_day=not bound, wide=wide)
            if not (ok_p and ok_l and ok_d):
                if complete:
                    top = None
                    break
                continue
            score = ev_p + ev_l + ev_d
            if ev_d == 0 and ev_l < ev["place_fine"] and semantic.enabled():  # dates and places say little
                if not sem:
                    sem.append(semantic.event_signal(v.sentence, m.doc_id, rec))
                score += sem[0]
            if anchor and not (ev_d > 0 or ev_l >= ev["place_fine"] or ev_p >= anchor
                               or (v.undated and recent(x.get("date"), v.published) > 0)):
                continue  # no date, no precise place and one shared participant: too thin to merge on
            score += ev["same_type"] if x.get("event_type") == v.event_type else 0.0
            score += ev["same_trigger"] if v.trigger and x.get("trigger") == v.trigger else 0.0
            score += ev["same_teller"] if v.teller and x.get("teller") == v.teller else 0.0
            if v.undated:
                score += recent(x.get("date"), v.published)
            top = score if top is None else max(top, score)
        if top is not None and (not best[0] or top > best[1]):
            best = (True, top, swapped)
    return best


def anchored(v: "_View", members: list[Dict]) -> bool:
    """Whether time lets the mention and an event of other documents meet (reports of one document always do). A
    mention with no date meets an event only through a member dated shortly before its document's publication
    (fusion.yaml `undated_recent_days`: news reports what just happened), and an event none of whose members is
    dated has nothing to place it in time: otherwise shared participants alone would join a report to whichever
    clash of any year came first."""
    dated = [x for x in members if window(x.get("date")) is not None]
    if not v.undated:
        return bool(dated)
    return any(recent(x.get("date"), v.published) > 0 for x in dated)


def _other_act_of_document(m: EventMention, rec: Dict, own: list[Dict]) -> bool:
    """The event holds the mention's document only with other types of the family ("Tajik guards closed a road"
    ... "the guards fired mortars", or both in one sentence): a family lets two outlets word one act differently,
    but one author who tells of a road closure and of shooting reports two acts. Only for the families listed in
    fusion.yaml `one_act_per_type_in_a_document` (an author's "accused" and "warned" may be one statement)."""
    if family(m.event_type) not in (config().get("one_act_per_type_in_a_document") or []):
        return False
    return bool(own) and not any((x.get("view") or {}).get("event_type", rec["event_type"]) == m.event_type
                                 for x in own)


def seed_rank(rec: Dict, sources: dict[str, SourceDoc]) -> tuple:
    """Where the event's first mention stands in the canonical order: events created in a run are ranked in
    creation order, and stored ones keep the rank they had, so a tie between two candidates goes to the same
    event whether the events were fused in one run or in several."""
    x = rec["mentions"][0] if rec.get("mentions") else {}
    s = sources.get(x.get("doc_id") or "")
    return ((s.published if s and s.published else "9999"), x.get("doc_id") or "", x.get("start") or 0,
            x.get("trigger_start") or 0, x.get("mention_id") or rec["id"])


def fuse(mentions: list[EventMention], sources: dict[str, SourceDoc], existing: list[dict] | None = None,
         *, blocking: bool = True, copies: dict[str, str] | None = None) -> list[dict]:
    """Fused events as export records per spec/events.md plus "mention_ids".

    With `existing` (records previously returned, or those of them that new mentions could join), mentions
    already in them are skipped, new mentions join them or start new events, and existing ids stay stable.
    `blocking=False` compares each mention with every event of its family (the reference the index is tested
    against). `copies` ({copy doc_id: original}) are the copy links to fold sources with; by default they are
    found here over the events' documents, which is the whole picture only when all events are given."""
    threshold = float(config()["merge_threshold"])
    events: list[Dict] = [copy.deepcopy(r) for r in existing or []]
    placed = {mid for r in events for mid in r.get("mention_ids") or []}
    todo = sorted((m for m in mentions if mention_key(m) not in placed), key=lambda m: _order(m, sources))
    complete = config().get("clash_check", "members") == "members"
    if semantic.enabled():  # one batch for every sentence this run may compare
        semantic.prepare([m.sentence or "" for m in todo] + [x.get("sentence") or "" for r in events
                                                             for x in r["mentions"]])
    index = Index(family)
    for r in events:
        index.add(r, seed_rank(r, sources))
    for m in todo:
        if mention_key(m) in placed:  # the same mention twice in the input
            continue
        best: tuple[float, Dict, bool] | None = None
        view = _View(m, sources[m.doc_id].published if m.doc_id in sources else None)
        fam = family(m.event_type)
        pool = (index.candidates(fam, view.date, m.doc_id, view.published,
                                 lookup_keys(view.actors, view.recipients, view.places))
                if blocking else index.everything(fam))
        for rec in pool:
            # the event's date is one of its members' dates: a clash with it is a clash with that member
            if complete and not dates(view.date, rec.get("date"))[0]:
                continue
            ok, score, swapped = match(m, rec, view)
            if ok and score >= threshold and (best is None or score > best[0]):
                best = (score, rec, swapped)
        if best is None:
            rec = new_record(m)
            absorb(rec, m, False, 0.0, "fuse.new")
            events.append(rec)
            finish(rec, sources)
            index.add(rec, _order(m, sources))
        else:
            score, rec, swapped = best
            absorb(rec, m, swapped, score, "fuse.join")
            finish(rec, sources)
            index.update(rec)
        placed.add(mention_key(m))
    if copies is None:  # copies are judged over everything seen so far: independent_sources is refreshed
        doc_sentences: dict[str, list[str]] = {}
        for r in events:
            for x in r["mentions"]:
                doc_sentences.setdefault(x["doc_id"], []).append(x.get("sentence") or "")
        copies = find_copies(doc_sentences, sources)
    folded = with_copies(sources, copies)
    for r in events:
        r.pop("_views", None)  # working cache, not part of the record
    return [finish(r, folded) for r in events]
