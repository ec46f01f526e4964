"""What the dashboard's API asks of the series and alerts (issue 8), as JSON-ready values, imported lazily.

Why lazily: the dashboard keeps working where an installation lacks them; the API then says so in a `note` and
falls back (series, dyads) or shows nothing (alerts) rather than failing the whole page.
"""
from __future__ import annotations

import dataclasses
import importlib
import importlib.util
from datetime import date
from pathlib import Path
from typing import Any


def _module(name: str):
    return importlib.import_module(name) if importlib.util.find_spec(name) is not None else None


def _plain(x: Any) -> Any:
    """Dataclasses, dates and sets as JSON-ready values."""
    if dataclasses.is_dataclass(x) and not isinstance(x, type):
        return {f.name: _plain(getattr(x, f.name)) for f in dataclasses.fields(x)}
    if isinstance(x, dict):
        return {str(k): _plain(v) for k, v in x.items()}
    if isinstance(x, (list, tuple, set, frozenset)):
        return [_plain(v) for v in x]
    if isinstance(x, date):
        return x.isoformat()
    return x


def dyads(con: Any, where: str, params: list[Any], top: int) -> list[dict] | None:
    """Dyads of the filtered events as panj.indicators keys them (state sides such as AFG:TJK), most frequent
    first, or None when it is absent. In SQL over the participant rows (`event_actors`): the side of each
    participant as `series.side_key` gives it, then actor x recipient pairs, or pairs of actors when an event has
    no recipient (`series.event_pairs`); equal counts by name, as the facets. `where` is a fixed fragment over
    `events` with bound `params`."""
    ind = _module("panj.indicators.series")
    if ind is None:
        return None
    cfg = ind.load_config()
    rows = con.execute(
        f"""WITH f AS (SELECT id FROM events WHERE {where}),
            s AS (SELECT a.event_id, a.role, a.ord,
                         CASE WHEN regexp_full_match(coalesce(a.country, ''), '[A-Z]{{3}}')
                                   AND a.country NOT IN (SELECT unnest(?::TEXT[]))
                                   AND a.sector IN (SELECT unnest(?::TEXT[])) THEN a.country
                              WHEN coalesce(a.kb_id, '') <> '' THEN a.kb_id
                              WHEN coalesce(a.country, '') <> '' AND coalesce(a.sector, '') <> ''
                                   THEN a.country || '-' || a.sector END AS side
                  FROM event_actors a JOIN f ON f.id = a.event_id),
            with_recipients AS (SELECT DISTINCT event_id FROM s WHERE role = 'recipient'),
            pairs AS (SELECT x.event_id, least(x.side, y.side) || ':' || greatest(x.side, y.side) AS k
                      FROM s x JOIN s y ON x.event_id = y.event_id
                      WHERE x.side IS NOT NULL AND y.side IS NOT NULL AND x.side <> y.side AND x.role = 'actor'
                        AND (y.role = 'recipient' OR (y.role = 'actor' AND x.ord < y.ord
                             AND x.event_id NOT IN (SELECT event_id FROM with_recipients))))
            SELECT k, count(DISTINCT event_id) AS n FROM pairs GROUP BY k ORDER BY n DESC, k LIMIT ?""",
        [*params, list(cfg["non_state_countries"]), list(cfg["state_sectors"]), top]).fetchall()
    out = []
    for k, n in rows:
        a, b = k.split(":", 1)
        out.append({"a": a, "b": b, "a_name": a, "b_name": b, "events": n})
    return out


def dyad_series(store: Any, a: str, b: str, start: date | None = None, end: date | None = None,
                freq: str = "weekly") -> list[dict] | None:
    """Weekly points of a dyad from panj.indicators (None when absent); value = weighted score sum
    (conflict scores are negative, cooperation positive)."""
    ind = _module("panj.indicators.stored")
    if ind is None:
        return None
    try:
        # the chart shows the watch's horizon, as the alerts do: a report of 1979 does not stretch it to decades
        series = ind.series_for(store, dyad=f"{a}:{b}", freq=freq, start=start, end=end, horizon=True)
    except ValueError:
        return []
    return [{"date": p.start.isoformat(), "end": p.end.isoformat(),
             "value": round(p.conflict_score + p.cooperation_score, 2), "conflict": round(p.conflict, 2),
             "cooperation": round(p.cooperation, 2), "events": p.events, "documents": p.documents,
             "event_ids": list(p.event_ids), "percentile": _plain(p.percentile)} for p in series.points]


def open_alerts(store: Any) -> tuple[list[dict], str | None, str | None]:
    """(open alerts stored by the indicator refreshes, newest first; their source; a note when there are none)."""
    mod = _module("panj.indicators.alerts")
    if mod is None:
        return [], None, "panj.indicators.alerts is not available in this installation"
    has_table = store.con.execute(
        "SELECT count(*) FROM information_schema.tables WHERE table_name = 'alerts'").fetchone()[0]
    if not has_table:
        return [], None, "this store predates alerts: open it once with a current panj to migrate it"
    items = _plain(mod.list_alerts(store, states=["open"]))
    return items, "panj.indicators.alerts", None if items else "no open alerts (they are raised when the indicators are refreshed)"


def set_alert_state(db_path: Path, alert_id: str, state: str) -> dict:
    """Write an analyst's decision on an alert (the dashboard's only write)."""
    mod = _module("panj.indicators.alerts")
    if mod is None or not hasattr(mod, "set_state"):
        raise LookupError("panj.indicators.alerts is not available in this installation")
    from panj.store import Store

    with Store(db_path) as store:
        return _plain(mod.set_state(store, alert_id, state))
