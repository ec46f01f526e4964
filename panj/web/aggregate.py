"""Counts over a list of event records: an actor's description, timeline and network, dyads, a fallback series.

Pure functions over the record format (spec/events.md) for the views that read one actor's or one filter's
records; counts over the whole store are SQL: facets, actor and place lists in queries.py, map points in
map_points.py.
"""
from __future__ import annotations

from collections import Counter, defaultdict
from typing import Any, Iterable

Dict = dict[str, Any]
CONFLICT = ("verbal_conflict", "material_conflict")


def actor_key(a: Dict) -> str:
    """The id a URL uses for an actor: its knowledge-base id, else its name."""
    return a.get("kb_id") or a.get("name") or a.get("text") or "?"


def participants(rec: Dict) -> list[Dict]:
    seen, out = set(), []
    for a in (rec.get("actors") or []) + (rec.get("recipients") or []):
        k = actor_key(a)
        if k not in seen:
            seen.add(k)
            out.append(a)
    return out


def place_key(p: Dict) -> str:
    return p.get("name") or p.get("text") or "?"


def month(rec: Dict) -> str | None:
    start = (rec.get("date") or {}).get("start")
    return str(start)[:7] if start else None


def actors(records: Iterable[Dict]) -> list[Dict]:
    """Every participant with its event count and the first record's description of it."""
    out: dict[str, Dict] = {}
    for r in records:
        for a in participants(r):
            k = actor_key(a)
            row = out.setdefault(k, {"key": k, "name": a.get("name") or a.get("text"), "kb_id": a.get("kb_id"),
                                     "country": a.get("country"), "sector": a.get("sector"),
                                     "wikidata": a.get("wikidata"), "events": 0})
            row["events"] += 1
    return sorted(out.values(), key=lambda x: (-x["events"], x["name"] or ""))


def dyads(records: Iterable[Dict], top: int = 20) -> list[Dict]:
    """Actor pairs (actor → recipient, unordered) by event count, for the tension chart's chooser."""
    counts: Counter = Counter()
    names: dict[str, str] = {}
    for r in records:
        for a in r.get("actors") or []:
            for b in r.get("recipients") or []:
                ka, kb = actor_key(a), actor_key(b)
                if ka == kb:
                    continue
                names.setdefault(ka, a.get("name") or ka)
                names.setdefault(kb, b.get("name") or kb)
                counts[tuple(sorted((ka, kb)))] += 1
    return [{"a": a, "b": b, "a_name": names[a], "b_name": names[b], "events": n}
            for (a, b), n in counts.most_common(top)]


def involves(rec: Dict, a: str, b: str) -> bool:
    """Whether the event has one of the pair on each side (actors vs recipients, either direction)."""
    acts = {actor_key(x) for x in rec.get("actors") or []}
    recs = {actor_key(x) for x in rec.get("recipients") or []}
    return (a in acts and b in recs) or (b in acts and a in recs)


def monthly_tension(records: Iterable[Dict], a: str, b: str) -> list[Dict]:
    """Fallback series when panj.indicators is absent: per month, the sum and count of PLOVER scores of the
    pair's events (no coverage normalisation; the indicators module does that)."""
    by_month: dict[str, list[float]] = defaultdict(list)
    for r in records:
        if involves(r, a, b) and month(r) and r.get("score") is not None:
            by_month[month(r)].append(float(r["score"]))
    return [{"date": m + "-01", "value": round(sum(v), 2), "events": len(v)} for m, v in sorted(by_month.items())]


def actor_timeline(records: Iterable[Dict]) -> list[Dict]:
    """An actor's events per month, split into conflict and cooperation."""
    rows: dict[str, Dict] = {}
    for r in records:
        m = month(r)
        if not m:
            continue
        row = rows.setdefault(m, {"month": m, "conflict": 0, "cooperation": 0})
        row["conflict" if r.get("quad_class") in CONFLICT else "cooperation"] += 1
    return [rows[m] for m in sorted(rows)]


def network(records: Iterable[Dict], centre: str) -> Dict:
    """The actor's counterparts: nodes, and edges weighted by events and coloured by mean PLOVER score."""
    nodes: dict[str, Dict] = {}
    edges: dict[tuple[str, str], Dict] = {}
    for r in records:
        parts = participants(r)
        keys = [actor_key(a) for a in parts]
        if centre not in keys:
            continue
        for a in parts:
            nodes.setdefault(actor_key(a), {"id": actor_key(a), "label": a.get("name") or actor_key(a),
                                            "sector": a.get("sector"), "country": a.get("country")})
        for k in keys:
            if k == centre:
                continue
            e = edges.setdefault((centre, k), {"source": centre, "target": k, "events": 0, "conflict": 0,
                                               "cooperation": 0, "score_sum": 0.0})
            e["events"] += 1
            e["conflict" if r.get("quad_class") in CONFLICT else "cooperation"] += 1
            e["score_sum"] += float(r.get("score") or 0)
    out_edges = []
    for e in edges.values():
        mean = e.pop("score_sum") / e["events"]
        out_edges.append({**e, "id": f"{e['source']}->{e['target']}", "mean_score": round(mean, 2),
                          "kind": "conflict" if mean < 0 else "cooperation"})
    return {"nodes": list(nodes.values()), "edges": out_edges}
