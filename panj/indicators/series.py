"""Tension series per dyad and per place, built from fused events only.

Why: an analyst watching a border needs to see when the relation between two parties heats up, and why. Every
number here is a sum over named fused events, so each point (and each alert built on it) can list its events.

Definitions (settings in ``panj/data/indicators.yaml``):

* **weight** of an event: by its status (asserted 1, claimed/alleged/disputed 0.5, denied 0.1,
  planned/hypothetical/negated 0). Events of weight 0 are left out.
* **polarity**: ``conflict`` for the PLOVER quad classes verbal/material conflict, ``cooperation`` for the
  cooperation classes (by the sign of the score when the class is missing).
* **dyad side** of an actor: its ``country`` when its sector is a state organ (GOV, MIL, COP, SPY, JUD, LEG) and the
  country is a state code -- so the Taliban after August 2021 (AFG GOV) are ``AFG``; otherwise its knowledge-base
  id (``iskp``, ``csto``); otherwise ``COUNTRY-SECTOR`` (``TJK-CVL``); otherwise no side.
* **dyads** of an event: unordered pairs of distinct sides, actor x recipient; when an event has no recipients
  (meetings, joint acts) the pairs among its actors. Keys are written sorted: ``AFG:TJK``.
* **places** of an event: its locations' ``COUNTRY/admin1`` (``AFG/Takhar``).
* **series**: per day or per ISO week (Monday start), weighted counts and weighted PLOVER score sums of conflict
  and of cooperation events; the same divided by the documents published in the period (media attention); and a
  0-100 percentile of each against the trailing two years (current period excluded, ties count half).
"""
from __future__ import annotations

import copy
import os
import re
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import lru_cache
from pathlib import Path
from typing import Any, Iterable

import numpy as np
import yaml

DEFAULT_CONFIG = Path(__file__).resolve().parents[1] / "data" / "indicators.yaml"
ENV_VAR = "PANJ_INDICATORS"
FREQS = ("daily", "weekly")
METRICS = ("conflict", "cooperation")
_ISO3 = re.compile(r"^[A-Z]{3}$")
_CODE_SECTOR = re.compile(r"^[A-Z]{3}-[A-Z]{3}$")


# -- settings -------------------------------------------------------------------------------------------------
def _merge(base: dict, over: dict) -> dict:
    out = copy.deepcopy(base)
    for k, v in (over or {}).items():
        out[k] = _merge(out[k], v) if isinstance(v, dict) and isinstance(out.get(k), dict) else v
    return out


@lru_cache(maxsize=8)
def _load(path: str | None) -> dict:
    cfg = yaml.safe_load(DEFAULT_CONFIG.read_text(encoding="utf-8"))
    if path:
        cfg = _merge(cfg, yaml.safe_load(Path(path).read_text(encoding="utf-8")) or {})
    return cfg


def load_config(path: Path | str | None = None) -> dict:
    """Bundled settings, overridden by `path` or else by the file named in $PANJ_INDICATORS."""
    chosen = path or os.environ.get(ENV_VAR)
    return copy.deepcopy(_load(str(chosen) if chosen else None))


def status_weight(status: str | None, cfg: dict) -> float:
    return float(cfg["status_weights"].get(status or "", cfg.get("default_weight", 0.5)))


# -- dyad sides and places -------------------------------------------------------------------------------------
def side_key(actor: dict, cfg: dict) -> str | None:
    """The dyad side an actor stands for (rule in the module docstring)."""
    country, sector, kb_id = actor.get("country"), actor.get("sector"), actor.get("kb_id")
    is_state = bool(country) and _ISO3.match(country) and country not in cfg["non_state_countries"]
    if is_state and sector in cfg["state_sectors"]:
        return country
    if kb_id:
        return kb_id
    if country and sector:
        return f"{country}-{sector}"
    return None


def event_pairs(record: dict) -> list[tuple[dict, dict]]:
    """(actor, counterpart) pairs: actor x recipient, or actor x actor when there are no recipients."""
    actors, recipients = record.get("actors") or [], record.get("recipients") or []
    if recipients:
        return [(a, r) for a in actors for r in recipients]
    return [(a, b) for i, a in enumerate(actors) for b in actors[i + 1:]]


def dyad_key(a: str, b: str) -> str:
    return ":".join(sorted((a, b)))


def dyad_keys(record: dict, cfg: dict) -> set[str]:
    keys = set()
    for a, b in event_pairs(record):
        ka, kb = side_key(a, cfg), side_key(b, cfg)
        if ka and kb and ka != kb:
            keys.add(dyad_key(ka, kb))
    return keys


def place_keys(record: dict) -> set[str]:
    return {f"{p.get('country') or '?'}/{p['admin1']}" for p in record.get("locations") or [] if p.get("admin1")}


# -- DYAD arguments --------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class SideSpec:
    """One side of a DYAD argument: the side keys it matches, and kb ids (with descendants) it matches."""
    text: str
    keys: frozenset[str]
    kb_ids: frozenset[str] = frozenset()

    @property
    def label(self) -> str:
        return sorted(self.keys)[0] if len(self.keys) == 1 else self.text

    def matches(self, actor: dict, cfg: dict) -> bool:
        return side_key(actor, cfg) in self.keys or (actor.get("kb_id") in self.kb_ids)


def _kb():
    """The actor knowledge base, or None while it is absent or broken (we then work with codes only)."""
    try:
        from panj.kb import load_kb
        return load_kb()
    except Exception:  # noqa: BLE001 - the kb is optional here
        return None


def _descendants(kb: Any, root: str) -> set[str]:
    children: dict[str, list[str]] = defaultdict(list)
    for e in kb.entries.values():
        if e.parent:
            children[e.parent].append(e.id)
    out, todo = {root}, [root]
    while todo:
        for c in children.get(todo.pop(), []):
            if c not in out:
                out.add(c)
                todo.append(c)
    return out


def parse_side(text: str, kb: Any = None) -> SideSpec:
    """`TJK`, `tjk`, `taliban`, `ISKP`, `TJK-CVL`: a state (by code or kb id) matches its state organs; a
    knowledge-base actor matches itself and the entries under it; anything else is taken as a side key."""
    t = text.strip()
    if not t:
        raise ValueError("empty dyad side")
    if _CODE_SECTOR.match(t.upper()):
        return SideSpec(t, frozenset({t.upper()}))
    entry = None
    if kb is not None:
        entry = kb.entries.get(t.lower()) if hasattr(kb, "entries") else None
        if entry is None and not _ISO3.match(t):
            entry = kb.find(t)
    if entry is not None:
        if entry.type == "state" and entry.country:
            return SideSpec(t, frozenset({entry.country}))
        return SideSpec(t, frozenset({entry.id}), frozenset(_descendants(kb, entry.id)))
    if len(t) == 3 and t.isalpha():
        return SideSpec(t, frozenset({t.upper(), t.lower()}))
    return SideSpec(t, frozenset({t, t.lower()}), frozenset({t.lower()}))


def parse_dyad(text: str, kb: Any = None, use_kb: bool = True) -> tuple[SideSpec, SideSpec] | None:
    """`A:B` (or `A,B`, `A/B`) -> two sides; `ALL` or `*` -> None (any dyad). The knowledge base is loaded
    lazily unless given or `use_kb` is false; without it sides are codes or ids as written."""
    t = text.strip()
    if t.upper() in ("ALL", "*", ""):
        return None
    parts = [p for p in re.split(r"[:,/]", t) if p.strip()]
    if len(parts) != 2:
        raise ValueError(f"a dyad is two sides like TJK:AFG or taliban:tjk, not {text!r}")
    if kb is None and use_kb:
        kb = _kb()
    return parse_side(parts[0], kb), parse_side(parts[1], kb)


def matches_dyad(record: dict, dyad: tuple[SideSpec, SideSpec] | None, cfg: dict) -> bool:
    if dyad is None:
        return True
    a, b = dyad
    for x, y in event_pairs(record):
        if side_key(x, cfg) == side_key(y, cfg):
            continue
        if (a.matches(x, cfg) and b.matches(y, cfg)) or (a.matches(y, cfg) and b.matches(x, cfg)):
            return True
    return False


def matches_place(record: dict, place: str | None) -> bool:
    """`Takhar` or `AFG/Takhar`, case-insensitive."""
    if not place:
        return True
    want = place.strip().lower()
    for key in place_keys(record):
        if key.lower() == want or key.split("/", 1)[1].lower() == want:
            return True
    return False


# -- events as contributions ---------------------------------------------------------------------------------
@dataclass(frozen=True)
class Contribution:
    """What one fused event adds to a series: its weight and weighted score on its day."""
    event_id: str
    day: date
    polarity: str          # conflict | cooperation
    weight: float
    score: float           # the PLOVER score (unweighted)
    status: str | None
    event_type: str
    summary: str

    @property
    def weighted_score(self) -> float:
        return self.weight * self.score


def polarity(record: dict) -> str | None:
    quad = record.get("quad_class") or ""
    if quad.endswith("conflict"):
        return "conflict"
    if quad.endswith("cooperation"):
        return "cooperation"
    score = record.get("score")
    if isinstance(score, (int, float)) and score:
        return "conflict" if score < 0 else "cooperation"
    return None


def event_day(record: dict, cfg: dict) -> date | None:
    d = record.get("date") or {}
    start, gran = d.get("start"), d.get("granularity")
    if not start or (gran and gran not in cfg["date_granularities"]):
        return None
    try:
        return date.fromisoformat(str(start)[:10])
    except ValueError:
        return None


def contribution(record: dict, cfg: dict) -> Contribution | None:
    """None when the event is undated (or too coarsely dated), of weight 0, or neither conflict nor cooperation."""
    day, pol, w = event_day(record, cfg), polarity(record), status_weight(record.get("status"), cfg)
    if day is None or pol is None or w <= 0:
        return None
    return Contribution(record["id"], day, pol, w, float(record.get("score") or 0.0), record.get("status"),
                        record.get("event_type") or "?", record.get("summary") or record.get("event_type") or "")


def contributions_by_key(records: Iterable[dict], scope: str, cfg: dict) -> dict[str, list[Contribution]]:
    """Every dyad (scope 'dyad') or admin1 (scope 'admin1') with the contributions of its events."""
    out: dict[str, list[Contribution]] = defaultdict(list)
    for r in records:
        c = contribution(r, cfg)
        if c is None:
            continue
        for key in (dyad_keys(r, cfg) if scope == "dyad" else place_keys(r)):
            out[key].append(c)
    return dict(out)


# -- series -----------------------------------------------------------------------------------------------------
def period_start(d: date, freq: str) -> date:
    return d - timedelta(days=d.weekday()) if freq == "weekly" else d


def _step(freq: str) -> timedelta:
    return timedelta(days=7 if freq == "weekly" else 1)


@dataclass
class Point:
    start: date
    end: date
    conflict: float = 0.0              # status-weighted count of conflict events
    conflict_score: float = 0.0        # sum of weight x PLOVER score (<= 0)
    cooperation: float = 0.0
    cooperation_score: float = 0.0     # (>= 0)
    events: int = 0                    # events with weight > 0, unweighted
    documents: int = 0                 # documents published in the period
    event_ids: list[str] = field(default_factory=list)
    percentile: dict[str, float | None] = field(default_factory=dict)

    def per_doc(self, metric: str) -> float | None:
        return getattr(self, metric) / self.documents if self.documents else None

    def value(self, metric: str) -> float | None:
        """`conflict`, `cooperation`, `conflict_score`, ..., or any of them with `_per_doc`."""
        if metric.endswith("_per_doc"):
            return self.per_doc(metric[: -len("_per_doc")])
        return getattr(self, metric)


PERCENTILE_METRICS = ("conflict", "cooperation", "conflict_per_doc", "cooperation_per_doc")


@dataclass
class Series:
    label: str
    freq: str
    points: list[Point]
    contributions: dict[str, Contribution]

    def values(self, metric: str) -> list[float | None]:
        return [p.value(metric) for p in self.points]

    def between(self, start: date | None, end: date | None) -> "Series":
        pts = [p for p in self.points if (start is None or p.end >= start) and (end is None or p.start <= end)]
        return Series(self.label, self.freq, pts, self.contributions)


def percentiles(starts: list[date], values: list[float | None], baseline_days: int,
                min_periods: int) -> list[float | None]:
    """0-100 rank of each value among the values of the trailing `baseline_days` (current excluded; ties half)."""
    out: list[float | None] = []
    lo = 0
    for i, (s, v) in enumerate(zip(starts, values)):
        while starts[lo] < s - timedelta(days=baseline_days):
            lo += 1
        base = np.array([x for x in values[lo:i] if x is not None], dtype=float)
        if v is None or len(base) < min_periods:
            out.append(None)
            continue
        out.append(float(100.0 * (np.sum(base < v) + 0.5 * np.sum(base == v)) / len(base)))
    return out


def build_series(contribs: Iterable[Contribution], docs_per_day: dict[date, int], start: date, end: date,
                 freq: str, cfg: dict, label: str = "", with_percentiles: bool = True) -> Series:
    """Zero-filled series from `start` to `end` (both included, snapped to period starts). Alerts skip the
    percentiles (`with_percentiles=False`): they do not read them, and they cost more than the rest."""
    if freq not in FREQS:
        raise ValueError(f"freq is one of {FREQS}")
    step = _step(freq)
    first, last = period_start(start, freq), period_start(end, freq)
    points: dict[date, Point] = {}
    s = first
    while s <= last:
        points[s] = Point(s, s + step - timedelta(days=1))
        s += step
    by_id: dict[str, Contribution] = {}
    for c in sorted(contribs, key=lambda c: (c.day, c.event_id)):
        p = points.get(period_start(c.day, freq))
        if p is None or c.event_id in by_id:
            continue
        by_id[c.event_id] = c
        p.events += 1
        p.event_ids.append(c.event_id)
        if c.polarity == "conflict":
            p.conflict += c.weight
            p.conflict_score += c.weighted_score
        else:
            p.cooperation += c.weight
            p.cooperation_score += c.weighted_score
    for day, n in docs_per_day.items():
        p = points.get(period_start(day, freq))
        if p is not None:
            p.documents += n
    ordered = list(points.values())
    if not with_percentiles:
        return Series(label, freq, ordered, by_id)
    pcfg = cfg["percentile"]
    starts = [p.start for p in ordered]
    for metric in PERCENTILE_METRICS:
        pct = percentiles(starts, [p.value(metric) for p in ordered], int(pcfg["baseline_days"]),
                          int(pcfg["min_baseline_periods"][freq]))
        for p, v in zip(ordered, pct):
            p.percentile[metric] = v
    return Series(label, freq, ordered, by_id)


# -- from the store ---------------------------------------------------------------------------------------------
def document_counts(store: Any, cfg: dict) -> dict[date, int]:
    """Documents per publication day (media attention); near-copies left out unless configured otherwise."""
    sql = "SELECT published, count(*) FROM documents WHERE published IS NOT NULL"
    if cfg["coverage"].get("exclude_near_duplicates", True):
        sql += " AND duplicate_of IS NULL"
    rows = store.con.execute(sql + " GROUP BY published").fetchall()
    return {(d if isinstance(d, date) else date.fromisoformat(str(d)[:10])): int(n) for d, n in rows}


def observation_window(records: Iterable[dict], docs: dict[date, int], cfg: dict) -> tuple[date, date] | None:
    """The span the store watches: from its earliest dated event or document to its latest."""
    days = [d for d in (event_day(r, cfg) for r in records) if d is not None] + list(docs)
    return (min(days), max(days)) if days else None


def counts_summary(series: Series) -> Counter:
    """Totals over a series (for headers and tests)."""
    total: Counter = Counter()
    for p in series.points:
        for m in ("conflict", "cooperation", "conflict_score", "cooperation_score", "events", "documents"):
            total[m] += getattr(p, m)
    return total
