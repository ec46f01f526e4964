"""The map's points: one per located main place of the filtered events, read from the map's pre-aggregate where
it can answer the filter, else from the events.

Why aggregated at all: a year of a million-event store is a hundred thousand events at a few thousand places, and
a map can draw places, not a hundred thousand overlapping circles. Why from cells (`panj/store/map_cells.py`):
grouping that year's events per place took about 100 ms a request; its whole weeks' cells are a few times fewer
rows, each already holding what the point shows. The days of a range outside its whole weeks, and events that
start before the range and last into it, are read from the events and merged with the cells in the same query.
"""
from __future__ import annotations

import math
from datetime import date, timedelta
from typing import Any

import duckdb

from panj.store import map_cells
from panj.store.filters import EventFilter

Dict = dict[str, Any]

# what each source contributes, in the same columns: the cells, and events as cells of one (their type counted
# at its position in the list of types, the parameter before the WHERE clause's)
_CELLS = """SELECT lat, lon, n, sources, lo, hi, disputed, first_day, last_day, first_id, first_place,
                   first_precision, first_summary, types FROM map_cells WHERE {where}"""
_YEARS = _CELLS.replace("map_cells", "map_years")
# (over the filtered events' rows: `EventFilter.rows`)
_EVENTS = """SELECT lat, lon, 1 AS n, coalesce(independent_sources, 0), status, status, (status = 'disputed')::BIGINT,
                    date_start, date_start, id, place, place_precision, summary,
                    list_transform(?::TEXT[], lambda t: (event_type = t)::INTEGER)
             FROM ({rows}) WHERE {where}"""

# per place: its events, most sources, statuses, first and last day, events per type, and its first event in list
# order (date, undated last, then id); with the filter's total and located events over every group
_POINTS = """
WITH c (lat, lon, n, sources, lo, hi, disputed, first_day, last_day, first_id, first_place, first_precision,
        first_summary, types) AS ({parts}),
g AS (SELECT lat, lon, sum(n) AS n, max(sources) AS sources, min(lo) AS lo, max(hi) AS hi,
             coalesce(sum(disputed), 0) AS disputed, min(coalesce(first_day, DATE '9999-12-31')) AS first_key,
             strftime(min(first_day), '%Y-%m-%d') AS first_day, strftime(max(last_day), '%Y-%m-%d') AS last_day,
             arg_min({{'id': first_id, 'place': first_place, 'precision': first_precision,
                      'summary': first_summary}}, (coalesce(first_day, DATE '9999-12-31'), first_id)) AS first,
             [{sums}] AS types
      FROM c GROUP BY lat, lon),
w AS (SELECT *, sum(n) OVER () AS total,
             sum(n) FILTER (WHERE lat IS NOT NULL AND lon IS NOT NULL) OVER () AS located FROM g)
SELECT total, located, lat, lon, n, sources, lo, hi, disputed, first_day, last_day, types, first FROM w
WHERE lat IS NOT NULL AND lon IS NOT NULL ORDER BY n DESC, first_key, first.id LIMIT ?"""


def _monday_on_or_after(d: date) -> date:
    return d + timedelta(days=(7 - d.weekday()) % 7)


def _sunday_on_or_before(d: date) -> date:
    return d - timedelta(days=(d.weekday() + 1) % 7)


def _first_monday(year: int) -> date:
    return _monday_on_or_after(date(year, 1, 1))


def _last_monday(year: int) -> date:
    d = date(year, 12, 31)
    return d - timedelta(days=d.weekday())


def _bounded(base: str, column: str, lo: Any, hi: Any) -> tuple[str, list[Any]]:
    """`base` and `column` between the given bounds (either may be open), as SQL and its parameters; `column` is
    one of this module's own names, never a request's."""
    cond, params = [base, f"{column} IS NOT NULL"], []
    for op, v in ((">=", lo), ("<=", hi)):
        if v is not None:
            cond.append(f"{column} {op} ?")
            params.append(v)
    return " AND ".join(cond), params


def _sources(flt: EventFilter, cutoff: float | None) -> list[tuple[str, str, list[Any]]]:
    """The parts whose union is exactly the filtered events: (template, WHERE, params) of years, weeks and events
    (the WHERE of events over the filtered events' rows). One part, the events themselves, where the cells cannot
    answer the filter (type, status, actor, place, text, a minimum of sources, or a confidence other than the
    cells' threshold or none)."""
    direct = [(_EVENTS, "TRUE", [])]
    if cutoff is None or flt.actor or flt.place or flt.q or flt.min_sources or flt.type or flt.status:
        return direct
    base = "TRUE"
    if flt.min_confidence:
        if not math.isclose(flt.min_confidence, cutoff):
            return direct
        base = "confident"
    if not flt.date_from and not flt.date_to:
        return [(_YEARS, base, [])]
    # whole weeks inside the range come from the cells (their events start in the range, so they overlap it), and
    # whole years of weeks from their merged rows
    first = _monday_on_or_after(flt.date_from) if flt.date_from else None
    last = _sunday_on_or_before(flt.date_to) if flt.date_to else None
    if first and last and first > last:
        return direct
    y0 = None if first is None else first.year if first == _first_monday(first.year) else first.year + 1
    y1 = None if last is None else last.year if _last_monday(last.year) + timedelta(days=6) <= last \
        else last.year - 1
    parts: list[tuple[str, str, list[Any]]] = []
    weeks: list[tuple[date | None, date | None]] = []  # ranges of Mondays, each bound given or open
    if y0 is None or y1 is None or y0 <= y1:
        parts.append((_YEARS, *_bounded(base, "year", y0, y1)))
        if first and first < _first_monday(y0):
            weeks.append((first, _first_monday(y0) - timedelta(days=7)))
        if last and _last_monday(y1) < last - timedelta(days=6):
            weeks.append((_last_monday(y1) + timedelta(days=7), last - timedelta(days=6)))
    else:
        weeks.append((first, last - timedelta(days=6) if last else None))
    for lo, hi in weeks:  # each a pair of bounds DuckDB applies while it scans
        parts.append((_CELLS, *_bounded(base, "week", lo, hi)))
    # the days outside whole weeks, and events that start before the range and last into it: again pairs of
    # bounds, so that only those events' columns are read
    if first:
        parts.append((_EVENTS, "date_start >= ? AND date_start < ?", [flt.date_from, first]))
        parts.append((_EVENTS, "date_start < ? AND date_end >= ?", [flt.date_from, flt.date_from]))
    if last:
        parts.append((_EVENTS, "date_start > ?", [last]))
    else:
        parts.append((_EVENTS, "date_start IS NULL", []))  # an end without a start
    return parts


def points(con: duckdb.DuckDBPyConnection, flt: EventFilter, limit: int,
           cells: bool = True) -> tuple[list[Dict], int, int]:
    """The `limit` busiest located places of the filtered events (their main places), with their number, types
    and statuses and their first event's id, date, place and summary; and the filter's total and located events.
    `cells=False`: from the events alone (what the cells must equal)."""
    cutoff = map_cells.threshold(con)
    names = map_cells.types(con) if cutoff is not None else [r[0] for r in con.execute(
        "SELECT DISTINCT event_type FROM events WHERE event_type IS NOT NULL ORDER BY 1").fetchall()]
    parts = _sources(flt, cutoff if cells else None)
    rows_sql, rows_params = flt.rows()
    union = " UNION ALL ".join(t.format(where=w, rows=rows_sql) for t, w, _ in parts)
    params = [p for t, _, ps in parts for p in ([names, *rows_params] if t is _EVENTS else []) + ps]
    sums = map_cells.type_sums(len(names))
    rows = con.execute(_POINTS.format(parts=union, sums=sums), [*params, limit]).fetchall()
    if rows:
        total, located = rows[0][0], rows[0][1]
    else:  # no located place: the totals alone
        total, located = con.execute(f"SELECT coalesce(sum(n), 0), 0 FROM ({union})", params).fetchone()
    out = []
    for _, _, lat, lon, n, src, lo, hi, disputed, first, last, counts, first_ev in rows:
        by_type = {names[i]: int(v) for i, v in enumerate(counts) if v}
        by_type = dict(sorted(by_type.items()))
        out.append({"lat": lat, "lon": lon, "events": int(n), "independent_sources": src,
                    "status": lo if lo == hi else "mixed",  # more than one status (`disputed` says how many are)
                    "disputed": int(disputed), "date": first, "last_date": last, "types": by_type,
                    "id": first_ev["id"],  # the place's first event in list order
                    "event_type": min(by_type, key=lambda k: (-by_type[k], k)) if by_type else None,  # its colour
                    "place": first_ev["place"], "precision": first_ev["precision"],  # named as its first event
                    "summary": first_ev["summary"]})
    return out, int(total or 0), int(located or 0)
