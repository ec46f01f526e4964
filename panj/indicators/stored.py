"""The series of a dyad or a place over the store: what `panj trend` and the dashboard's /api/series draw.

Why a module of its own: a store of a million events cannot be read into Python per request. When the alert
index is current (the last refresh saw every fused event: `alert_refresh` holds these settings and nothing waits
in `alert_queue`), the events of a dyad are found by the dyad keys they are indexed under (`series_keys`, one
equality look-up; the participant rows `event_actors` decide only for sides named by kb id) and what each adds to
a series is read from the same index rows; no record JSON is parsed. Otherwise, and for
the series of every event at once, every record is read, as before. Both paths give the same series (tested).
"""
from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from panj.indicators import keyindex
from panj.indicators.series import (Contribution, Series, SideSpec, build_series, contribution, document_counts,
                                    dyad_key, load_config, matches_dyad, matches_place, observation_window,
                                    parse_dyad, side_key)


def series_for(store: Any, dyad: str | tuple[SideSpec, SideSpec] | None = None, place: str | None = None,
               freq: str = "daily", start: date | None = None, end: date | None = None,
               cfg: dict | None = None, horizon: bool = False) -> Series:
    """The series of one dyad (None: every event) and/or one admin1, over the store's window (with `horizon`,
    the alerts' window: the watch's horizon before the newest document), cut to [start, end] after the
    percentiles are computed on the whole window."""
    cfg = cfg or load_config()
    spec = parse_dyad(dyad) if isinstance(dyad, str) else dyad
    docs = document_counts(store, cfg)
    label = " – ".join(s.label for s in spec) if spec else "all dyads"
    if place:
        label += f" @ {place}"
    bounds = keyindex.store_window(store.con, cfg) if horizon else None
    if horizon and bounds is None:
        return Series(label, freq, [], {})
    contribs = indexed_contributions(store, spec, place, cfg, bounds) if (spec or place) else None
    if contribs is None:
        records = store.event_records()
        window = bounds or observation_window(records, docs, cfg)
        contribs = [c for r in records
                    if matches_dyad(r, spec, cfg) and matches_place(r, place) and (c := contribution(r, cfg))]
    else:
        window = bounds or stored_window(store, docs, cfg)
    if window is None:
        return Series(label, freq, [], {})
    lo, hi = window
    series = build_series(contribs, docs, lo, max(hi, end or hi), freq, cfg, label)
    return series.between(start, end)


def stored_window(store: Any, docs: dict[date, int], cfg: dict) -> tuple[date, date] | None:
    """`observation_window` in SQL: the earliest and latest dated event (at a granularity series count) or
    document."""
    days = [d for d in keyindex.event_span(store.con, cfg) if d is not None] + list(docs)
    return (min(days), max(days)) if days else None


def index_current(store: Any, cfg: dict) -> bool:
    """Whether the alert index holds every fused event as it is now, computed with these settings."""
    con = store.con
    if con.execute("SELECT count(*) FROM alert_queue").fetchone()[0]:
        return False
    return keyindex.read_state(con).get("config") == keyindex.fingerprint(cfg)


def _side_sql(side: SideSpec) -> tuple[str, list]:
    """A participant row that may stand for this side (a superset of `SideSpec.matches`, checked exactly later)."""
    keys = sorted(side.keys)
    return ("(kb_id IN (SELECT unnest(?::TEXT[])) OR country IN (SELECT unnest(?::TEXT[])) "
            "OR country || '-' || sector IN (SELECT unnest(?::TEXT[])))", [sorted(side.kb_ids | side.keys), keys, keys])


def _sides(con: Any, side: SideSpec, cfg: dict) -> set[str]:
    """Every side key an actor matching `side` can have: its own keys, and the sides (`series.side_key`) of the
    stored participants whose kb id it matches (the Taliban as a state organ count under AFG)."""
    out = set(side.keys)
    if side.kb_ids:
        rows = con.execute("SELECT DISTINCT kb_id, country, sector FROM event_actors "
                           "WHERE kb_id IN (SELECT unnest(?::TEXT[]))", [sorted(side.kb_ids)]).fetchall()
        out |= {k for kb_id, country, sector in rows
                if (k := side_key({"kb_id": kb_id, "country": country, "sector": sector}, cfg))}
    return out


def _candidate_keys(con: Any, spec: tuple[SideSpec, SideSpec], cfg: dict) -> list[str]:
    """The dyad keys (`series.dyad_key`) under which every event matching `spec` is indexed (a superset when a
    side matches kb ids: `matches_dyad` then decides)."""
    a, b = _sides(con, spec[0], cfg), _sides(con, spec[1], cfg)
    return sorted({dyad_key(x, y) for x in a for y in b if x != y})


def indexed_contributions(store: Any, spec: tuple[SideSpec, SideSpec] | None, place: str | None,
                          cfg: dict, window: tuple[date, date] | None = None) -> list[Contribution] | None:
    """The contributions of the events of a dyad and/or admin1 through the index (those of `window`'s weeks
    only, when given), or None when the index is not current."""
    if not index_current(store, cfg):
        return None
    con = store.con
    where, params = ["TRUE"], []
    if window is not None:
        where.append("k.day BETWEEN ? AND ?")
        params += [window[0], window[1] + timedelta(days=6)]
    exact = False
    if spec is not None and "dyad" in cfg["alerts"]["scopes"]:
        # the dyad keys an event of this spec must be indexed under: one equality look-up on the index rows
        # instead of two scans of every participant row; exact unless a side also matches kb ids (checked below)
        where.append("k.scope = 'dyad' AND list_contains(?::TEXT[], k.key)")  # after the scope's zone maps
        params.append(_candidate_keys(con, spec, cfg))
        exact = not (spec[0].kb_ids or spec[1].kb_ids)
    elif spec is not None:
        for side in spec:
            cond, p = _side_sql(side)
            where.append(f"k.event_id IN (SELECT event_id FROM event_actors WHERE {cond})")
            params += p
    if place:
        want = place.strip().lower()
        where.append("k.event_id IN (SELECT event_id FROM series_keys WHERE scope = 'admin1' AND "
                     "(lower(key) = ? OR lower(split_part(key, '/', 2)) = ?))")
        params += [want, want]
    rows = con.execute(
        f"""SELECT k.event_id, any_value(k.day), any_value(k.polarity), any_value(k.weight), any_value(k.score),
                   any_value(k.status), any_value(k.event_type), any_value(k.summary)
            FROM series_keys k WHERE {' AND '.join(where)} GROUP BY k.event_id""", params).fetchall()
    contribs = {r[0]: Contribution(*r) for r in sorted(rows, key=lambda r: (r[1], r[0]))}  # the records' order
    if spec is None or exact or not contribs:
        return list(contribs.values())
    parties: dict[str, dict[str, list[dict]]] = {}
    for event_id, role, kb_id, country, sector in con.execute(
            """SELECT event_id, role, kb_id, country, sector FROM event_actors
               WHERE event_id IN (SELECT unnest(?::TEXT[])) ORDER BY event_id, ord""", [list(contribs)]).fetchall():
        rec = parties.setdefault(event_id, {"actors": [], "recipients": []})
        rec["actors" if role == "actor" else "recipients"].append({"kb_id": kb_id, "country": country,
                                                                   "sector": sector})
    return [c for i, c in contribs.items() if matches_dyad(parties.get(i, {}), spec, cfg)]
