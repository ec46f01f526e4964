"""Candidate blocking: which events a new mention could possibly join, found without comparing it to every event.

An event is indexed member by member (its distinct comparable views, see `members`): a dated member by the weeks
its date window covers, an undated one by its participant and place keys; every member's keys are indexed too.

Why blocking never drops an event that could reach the merge threshold (fusion.yaml `merge_threshold`):
- Dates. Two dated sides are compatible only when the gap between their windows is at most the larger
  tolerance (compatibility.dates); no tolerance exceeds `max_tolerance()`, so a dated mention looks up the weeks
  of its window widened by that much. In `members` mode every dated member must be compatible (complete link);
  in `pooled` mode the member that scores must not clash; either way that member lies in the looked-up weeks.
- Keys. When the mention or the scoring member is undated, dates add no evidence (`date_recent` at most, for an
  undated mention against a recent member). The rest without shared participants or places is `same_type` +
  `same_trigger`; when that sum (plus `date_recent` where it applies, and the semantic bonus when semantic.yaml
  turns the fusion signal on) stays below the threshold, a merge needs
  participant or place evidence. Participant evidence (actor_match ≥ 1) needs the same knowledge-base id, an
  ancestor (which includes the principal), an organisation and one of its member states, the same name for
  two actors without ids, or the same country; `actor_keys` gives each actor one key per such relation, so
  actors that match share a key. Place evidence needs one place to contain the other, hence the same country
  (`place_keys`). So the scoring member shares a key with the mention. Where the weights say a merge could
  happen without that evidence, `needs_key` is False and the whole type family is searched.

The index only grows (a member joins, keys and weeks are added), so it stays a superset while fusion runs.
"""
from __future__ import annotations

import json
from datetime import date
from typing import Any, Iterable

from panj.fuse.compatibility import ancestors, members_of, place_path, principal, window
from panj.fuse.config import config, norm

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


def needs_key(mention_undated: bool, member_undated: bool) -> bool:
    """Whether a merge between these two needs shared participants or places (see the module docstring)."""
    ev = config()["evidence"]
    free = max(0.0, float(ev["same_type"])) + max(0.0, float(ev["same_trigger"]))
    if mention_undated and not member_undated:
        free += max(0.0, float(ev["date_recent"]))
    free += semantic_bonus()  # the sentences' cosine can add evidence without a shared key
    if not mention_undated and not member_undated:
        return False  # both dated: the date block decides
    return free < float(config()["merge_threshold"])


def semantic_bonus() -> float:
    """The most the semantic fusion signal adds (0 when it is off, panj/data/semantic.yaml)."""
    from panj.semantic.model import settings

    cfg = settings()["fusion"]
    return max(0.0, float(cfg["bonus"])) if cfg.get("enabled") else 0.0


def actor_keys(a: Dict) -> set[str]:
    """One key per way another actor could match this one (compatibility.actor_match ≥ 1)."""
    out: set[str] = set()
    kb_id = a.get("kb_id")
    if kb_id:
        out.add("kb:" + kb_id)
        out |= {"kb:" + x for x in ancestors(kb_id)}
        p = principal(kb_id)
        if p:
            out.add("kb:" + p)
        out |= {"kb:" + x for x in members_of(kb_id)}
    elif norm(a.get("name")):
        out.add("name:" + norm(a.get("name")))
    if a.get("country"):
        out.add("cty:" + str(a["country"]))
    return out


def place_keys(p: Dict) -> set[str]:
    """Places that can contain one another share their country (the first step of the containment path); a
    region (a border, "northern Afghanistan") gives evidence only when named alike, so its name is its key."""
    path = place_path(p)
    if path:
        return {"loc:" + str(path[0])}
    return {"reg:" + norm(p.get("name"))} if p.get("name") else set()


def view_keys(actors: Iterable[Dict], recipients: Iterable[Dict], places: Iterable[Dict]) -> set[str]:
    out: set[str] = set()
    for a in list(actors) + list(recipients):
        out |= actor_keys(a)
    for p in places:
        out |= place_keys(p)
    return out


def member_keys(x: Dict) -> set[str]:
    return view_keys(x.get("actors") or [], x.get("recipients") or [], x.get("places") or [])


def member_window(x: Dict) -> tuple[date, date] | None:
    w = window(x.get("date"))
    return (w[0], w[1]) if w else None


def event_blocks(rec: Dict) -> tuple[date | None, date | None, bool, set[str], set[str]]:
    """What the store keeps to find this event again: (first day, last day) of its dated members' windows
    (None when none is dated), whether some member is undated, the keys of all members, and those of undated
    ones."""
    lo = hi = None
    undated = False
    keys_all: set[str] = set()
    keys_undated: set[str] = set()
    for x in members(rec):
        ks = member_keys(x)
        keys_all |= ks
        w = member_window(x)
        if w is None:
            undated = True
            keys_undated |= ks
        else:
            lo = w[0] if lo is None else min(lo, w[0])
            hi = w[1] if hi is None else max(hi, w[1])
    return lo, hi, undated, keys_all, keys_undated


class Index:
    """Events of one fusion run by family, week and key; `candidates` returns them in rank order (the order an
    exhaustive scan would meet them), so that ties are broken the same way with or without blocking."""

    def __init__(self, family_of):
        self.family_of = family_of
        self.rank: dict[int, tuple] = {}
        self.recs: dict[int, Dict] = {}
        self.seen: dict[int, int] = {}  # members indexed so far, per event
        self.fam: dict[str, set[int]] = {}
        self.weeks: dict[tuple[str, int], set[int]] = {}
        self.wide: dict[str, set[int]] = {}
        self.has_undated: dict[str, set[int]] = {}
        self.keys_all: dict[tuple[str, str], set[int]] = {}
        self.keys_undated: dict[tuple[str, str], set[int]] = {}

    def add(self, rec: Dict, rank: tuple) -> None:
        i = id(rec)
        self.rank[i], self.recs[i], self.seen[i] = rank, rec, 0
        self.update(rec)

    def update(self, rec: Dict) -> None:
        """Index the members added since the last call (the family stays: joins happen within one)."""
        i = id(rec)
        fam = self.family_of(rec["event_type"])
        self.fam.setdefault(fam, set()).add(i)
        views = members(rec)
        cached = views is rec.get("_views", {}).get("views")  # else the fused fields, which change: all again
        for x in views[self.seen[i]:] if cached else views:
            ks = member_keys(x)
            for k in ks:
                self.keys_all.setdefault((fam, k), set()).add(i)
            w = member_window(x)
            if w is None:
                self.has_undated.setdefault(fam, set()).add(i)
                for k in ks:
                    self.keys_undated.setdefault((fam, k), set()).add(i)
                continue
            first, last = w[0].toordinal() // WEEK, w[1].toordinal() // WEEK
            if last - first > WIDE_WEEKS:
                self.wide.setdefault(fam, set()).add(i)
            else:
                for wk in range(first, last + 1):
                    self.weeks.setdefault((fam, wk), set()).add(i)
        self.seen[i] = len(views)

    def candidates(self, fam: str, mdate: Dict | None, keys: set[str]) -> list[Dict]:
        """Events of the family that could reach the threshold with a mention of this date and these keys."""
        w = window(mdate)
        out: set[int] = set()
        if w is None:
            if not (needs_key(True, True) and needs_key(True, False)):
                out = set(self.fam.get(fam, ()))
            else:
                for k in keys:
                    out |= self.keys_all.get((fam, k), set())
        else:
            t = max_tolerance()
            first, last = (w[0].toordinal() - t) // WEEK, (w[1].toordinal() + t) // WEEK
            out |= self.wide.get(fam, set())
            for wk in range(first, last + 1):
                out |= self.weeks.get((fam, wk), set())
            if not needs_key(False, True):
                out |= self.has_undated.get(fam, set())
            else:
                for k in keys:
                    out |= self.keys_undated.get((fam, k), set())
        return [self.recs[i] for i in sorted(out, key=self.rank.__getitem__)]

    def everything(self, fam: str) -> list[Dict]:
        """The exhaustive scan: every event of the family, in rank order."""
        return [self.recs[i] for i in sorted(self.fam.get(fam, ()), key=self.rank.__getitem__)]
