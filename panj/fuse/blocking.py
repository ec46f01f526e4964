"""Candidate blocking: which events a new mention could possibly join, found without comparing it to every event.

An event is indexed member by member (its distinct comparable views, see `members`): a dated member by the weeks
its date window covers, and whether that date is precise; every event by its members' participant and place keys
and by the documents its mentions come from.

Why blocking never drops an event that could join (panj/fuse/cluster.py `match`):
- Dates. Two dated sides are compatible only when the gap between their windows is at most the larger
  tolerance (compatibility.dates); no tolerance exceeds `max_tolerance()`, so a dated mention looks up the weeks
  of its window widened by that much. A dated mention meets only events with a dated member (`cluster.anchored`);
  in `members` mode every dated member must be compatible (complete link), in `pooled` mode the event's date
  (one member's) must be: either way a dated member lies in the looked-up weeks.
- No date. A mention with no date can join an event only through a member dated shortly before its document's
  publication (`compatibility.recent_window`), so it looks up those weeks; an event none of whose members is
  dated only meets mentions of its own documents (`cluster.anchored`): with no time to go on, shared
  participants alone would join a report to whichever clash of any year came first. So no lookup searches every
  event that shares a country, which grows with the store.
- Keys. Only a pair of precise dates (both of day or week granularity, neither a publication stand-in) earns
  `date_precise`; any other pair (a month, a year, no date) scores at most `date_coarse` or `date_recent` for time,
  and with the type and trigger bonuses that stays below the threshold (`keyed`): such a pair merges only with
  participant or place evidence, and evidence needs a shared key (`member_keys` of the member, `lookup_keys` of
  the mention). The member that scores need not be the one dated in the window (an undated report of the event
  may be), so keys are the event's: an event is a candidate when a member is dated in the window and either that
  member's date and the mention's are both precise or the event shares a key with the mention (the store's
  member_blocks, one row per member date with the event's keys). A year-dated report no longer loads every event
  of its year.

The index only grows (a member joins, weeks and documents are added), so it stays a superset while fusion runs.
"""
from __future__ import annotations

import json
from datetime import date, timedelta
from typing import Any

from panj.fuse.compatibility import is_publication, place_path, read_place, related_actors, recent_window, \
    state_like, window
from panj.fuse.config import GRAN_RANK, config, norm
from panj.semantic import fusion as semantic

Dict = dict[str, Any]

WEEK = 7
WIDE_WEEKS = 64  # a window over more weeks than this (years, decades) is kept in one list searched every time


def members(rec: Dict) -> list[Dict]:
    """The distinct comparable views of an event's members (see record.member_view; syndicated copies give
    identical views, compared once); records stored without them compare as one member made of the fused
    fields."""
    views = [x["view"] for x in rec["mentions"] if x.get("view")]
    if len(views) == len(rec["mentions"]) and views:
        cache = rec.setdefault("_views", {})
        if cache.get("n") != len(views):
            distinct = {json.dumps(v, sort_keys=True, default=str): v for v in views}
            cache.update(n=len(views), views=list(distinct.values()))
        return cache["views"]
    return [{"event_type": rec["event_type"], "trigger": "", "actors": rec["actors"],
             "recipients": rec["recipients"], "places": rec["locations"], "date": rec.get("date")}]


def max_tolerance() -> int:
    """The largest gap (days) between two compatible date windows (compatibility._window)."""
    cfg = config()
    return max([int(v) for v in (cfg.get("date_tolerance_days") or {}).values()]
               + [int(cfg.get("part_of_period_tolerance_days") or 0), 0])


def member_window(x: Dict) -> tuple[date, date] | None:
    w = window(x.get("date"))
    return (w[0], w[1]) if w else None


def precise(d: Dict | None) -> bool:
    """A date that can earn `date_precise` (compatibility.dates): day or week granularity, not a publication
    stand-in."""
    return window(d) is not None and not is_publication(d) and GRAN_RANK.get(d["granularity"], 9) <= 1


def keyed() -> bool:
    """Whether a pair of dates that are not both precise needs participant or place evidence to merge: the most
    it can score without (coarse or recent date, same type, same trigger, the semantic bonus) is below the
    threshold. With weights where it is not, blocking falls back to dates alone."""
    cfg = config()
    ev = cfg["evidence"]
    most = max(ev["date_coarse"], ev["date_recent"], 0.0) + ev["same_type"] + ev["same_trigger"] \
        + max(float(ev.get("same_teller") or 0.0), 0.0)
    if semantic.enabled():
        most += max(float(semantic.settings()["fusion"]["bonus"]), 0.0)
    return most < float(cfg["merge_threshold"])


def member_keys(x: Dict) -> list[str]:
    """What a stored member is found by: its participants' ids (names when the knowledge base lacks them) and
    countries, and its places' names and countries. Any participant or place evidence between a mention and this
    member (compatibility.participants, places) implies a key of `lookup_keys` among these."""
    keys = set()
    for a in (x.get("actors") or []) + (x.get("recipients") or []):
        if a.get("kb_id"):
            keys.add("a:" + a["kb_id"])
        elif norm(a.get("name")):
            keys.add("n:" + norm(a.get("name")))
        if a.get("country"):
            keys.add("c:" + a["country"])
            if state_like(a):
                keys.add("s:" + a["country"])
    return sorted(keys | _place_keys(x.get("places") or []))


def lookup_keys(actors: list[Dict], recipients: list[Dict], places: list[Dict]) -> list[str]:
    """The keys a mention looks members up by: an actor meets the ids `actor_match` relates to it, a same name
    when neither has an id, and a same country when one side is state-like; places as `member_keys`."""
    keys = set()
    for a in actors + recipients:
        if a.get("kb_id"):
            keys |= {"a:" + k for k in related_actors(a["kb_id"])}
        elif norm(a.get("name")):
            keys.add("n:" + norm(a.get("name")))
        if a.get("country"):
            keys.add(("c:" if state_like(a) else "s:") + a["country"])
    return sorted(keys | _place_keys(places))


def _place_keys(places: list[Dict]) -> set[str]:
    """A same name (regions compare by name) and, for a place read from the text, its country (containment needs
    one)."""
    keys = {"p:" + norm(p.get("name")) for p in places if norm(p.get("name"))}
    for p in places:
        path = place_path(p)
        if path and read_place(p):
            keys.add("l:" + str(path[0]))
    return keys


def event_keys(rec: Dict) -> list[str]:
    """The keys of all the event's members: the member that scores need not be the one dated in the window (an
    undated report of the event shares the participants; a dated one anchors it in time, cluster.anchored)."""
    return sorted({k for x in members(rec) for k in member_keys(x)})


def member_rows(rec: Dict) -> list[tuple]:
    """What the store keeps to find this event again: per distinct member date (event id, event type, first and
    last day of its window or None, whether it is precise, the event's keys)."""
    keys = event_keys(rec)
    rows: dict[tuple, None] = {}  # distinct, in member order
    for x in members(rec):
        w = member_window(x)
        rows[(rec["id"], rec["event_type"], w[0] if w else None, w[1] if w else None, precise(x.get("date")))] = None
    return [r + (keys,) for r in rows]


def lookup_window(mdate: Dict | None, published: str | None) -> tuple[date, date] | None:
    """The days in which an event this mention could join has a dated member: its own window widened by the
    largest tolerance, or with no date the days shortly before its document's publication (compatibility.recent);
    None when neither is known (then only its own documents' events)."""
    w = window(mdate)
    if w is None:
        return recent_window(published)
    t = timedelta(days=max_tolerance())
    return w[0] - t, w[1] + t


class Index:
    """Events of one fusion run by family, week, key and document; `candidates` returns them in rank order (the
    order an exhaustive scan would meet them), so that ties are broken the same way with or without blocking."""

    def __init__(self, family_of):
        self.family_of = family_of
        self.keyed = keyed()
        self.rank: dict[int, tuple] = {}
        self.recs: dict[int, Dict] = {}
        self.seen: dict[int, int] = {}  # members indexed so far, per event
        self.fam: dict[str, set[int]] = {}
        # (family, week, precise members only) -> events; wide windows by (family, precise) in one list
        self.weeks: dict[tuple[str, int, bool], set[int]] = {}
        self.wide: dict[tuple[str, bool], set[int]] = {}
        self.keys: dict[tuple[str, str], set[int]] = {}
        self.docs: dict[tuple[str, str], set[int]] = {}

    def add(self, rec: Dict, rank: tuple) -> None:
        i = id(rec)
        self.rank[i], self.recs[i], self.seen[i] = rank, rec, 0
        self.update(rec)

    def update(self, rec: Dict) -> None:
        """Index the members added since the last call (the family stays: joins happen within one)."""
        i = id(rec)
        fam = self.family_of(rec["event_type"])
        self.fam.setdefault(fam, set()).add(i)
        for x in rec["mentions"]:
            if x.get("doc_id"):
                self.docs.setdefault((fam, x["doc_id"]), set()).add(i)
        views = members(rec)
        cached = views is rec.get("_views", {}).get("views")  # else the fused fields, which change: all again
        for x in views[self.seen[i]:] if cached else views:
            for k in member_keys(x) if self.keyed else []:
                self.keys.setdefault((fam, k), set()).add(i)
            w = member_window(x)
            if w is None:
                continue
            first, last = w[0].toordinal() // WEEK, w[1].toordinal() // WEEK
            for only_precise in {False, precise(x.get("date"))}:
                if last - first > WIDE_WEEKS:
                    self.wide.setdefault((fam, only_precise), set()).add(i)
                else:
                    for wk in range(first, last + 1):
                        self.weeks.setdefault((fam, wk, only_precise), set()).add(i)
        self.seen[i] = len(views)

    def candidates(self, fam: str, mdate: Dict | None, doc_id: str, published: str | None = None,
                   keys: list[str] | None = None) -> list[Dict]:
        """Events of the family that a mention of this date from this document (published then), with these
        lookup keys (`lookup_keys`), could join: a member dated in its window, and either a precise one when the
        mention's date is precise or a key shared with any member."""
        out: set[int] = set(self.docs.get((fam, doc_id), ()))
        w = lookup_window(mdate, published)
        if w is not None:
            for only_precise in (False, True):
                if only_precise and not precise(mdate):
                    continue
                found = set(self.wide.get((fam, only_precise), set()))
                for wk in range(w[0].toordinal() // WEEK, w[1].toordinal() // WEEK + 1):
                    found |= self.weeks.get((fam, wk, only_precise), set())
                if not only_precise and self.keyed:
                    found &= set().union(*(self.keys.get((fam, k), set()) for k in keys or []))
                out |= found
        return [self.recs[i] for i in sorted(out, key=self.rank.__getitem__)]

    def everything(self, fam: str) -> list[Dict]:
        """The exhaustive scan: every event of the family, in rank order."""
        return [self.recs[i] for i in sorted(self.fam.get(fam, ()), key=self.rank.__getitem__)]
