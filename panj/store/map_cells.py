"""The map's pre-aggregate: the fused events counted per main place, week and confidence, with what the map shows.

Why: the dashboard's map shows one point per place of a date range's events; at a million events a year holds a
hundred thousand of them, and grouping those per place on every request cost about 100 ms. A cell holds what a
point shows of its events (count, counts by type, most sources, statuses, first and last day, the first event's
id, place and summary), all of which merge across cells, so a map over whole weeks reads cells instead of events
(`panj/web/map_points.py`); `map_years` merges a place's weeks per year, for maps over years or all time. Types
are counts in a list, by the position of each type in `map_types`, rather than a key of the cell: split by type,
the cells of a uniformly spread store are hardly fewer than its events. The confidence split is the threshold's
when the cells were built (`map_state`): where fusion.yaml's default changes, the map's default filter is counted
from the events until the cells are rebuilt (`rebuild`, as a full re-fusion does).

It is derived data, like `event_index`: every write of events recomputes the cells of the (place, week) pairs the
written events left or entered, in the same transaction (`follow`), so the cells never disagree with the events.
Min, max and first do not subtract, hence recomputed from the events rather than adjusted.
"""
from __future__ import annotations

from contextlib import contextmanager
from datetime import date
from typing import Iterable, Iterator

import duckdb
import pyarrow as pa

from panj.store.bulk import registered

Key = tuple  # (lat, lon, week): the unit the cells are recomputed by

# each event's cell, and what a cell holds of its events; `confident`: at or above the threshold the cells were
# built with (`threshold`), the API's default, so the map's default filter is answered from the cells
_AGGREGATE = """
    SELECT lat, lon, week, confident, n, sources, lo, hi, disputed, first_day, last_day,
           first.id, first.place, first.precision, first.summary,
           list_transform(?::TEXT[], lambda t: coalesce(types[t], 0)::INTEGER)
    FROM (SELECT lat, lon, date_trunc('week', date_start)::DATE AS week,
                 coalesce(confidence, 1) >= ? AS confident, count(*) AS n,
                 max(coalesce(independent_sources, 0)) AS sources, min(status) AS lo, max(status) AS hi,
                 count(*) FILTER (WHERE status = 'disputed') AS disputed,
                 min(date_start) AS first_day, max(date_start) AS last_day,
                 arg_min({{'id': id, 'place': place, 'precision': place_precision, 'summary': summary}},
                         (coalesce(date_start, DATE '9999-12-31'), id)) AS first,
                 histogram(event_type) AS types
          FROM events e {where} GROUP BY ALL)"""


def threshold(con: duckdb.DuckDBPyConnection) -> float | None:
    """The confidence threshold the cells split events by; None where the store has no cells (an older store
    opened read-only), whose map is then counted from the events."""
    try:
        rows = con.execute("SELECT value FROM map_state WHERE name = 'confidence_threshold'").fetchall()
    except duckdb.CatalogException:
        return None
    return rows[0][0] if rows else None


def types(con: duckdb.DuckDBPyConnection) -> list[str]:
    """The event types in the order of the cells' counts."""
    return [r[0] for r in con.execute("SELECT event_type FROM map_types ORDER BY idx").fetchall()]


def _name_types(con: duckdb.DuckDBPyConnection, where: str, params: list) -> None:
    """Give the event types of the events `where` selects that have none a position in the cells' counts."""
    con.execute(f"""INSERT INTO map_types
                    SELECT (SELECT coalesce(max(idx), 0) FROM map_types) + row_number() OVER (ORDER BY t), t
                    FROM (SELECT DISTINCT event_type AS t FROM events {where})
                    WHERE t IS NOT NULL AND t NOT IN (SELECT event_type FROM map_types)""", params)


def _aggregate(con: duckdb.DuckDBPyConnection, where: str, params: list, cutoff: float) -> None:
    """Insert the cells of the events `where` (a WHERE or a join on `events e`) selects, whole cells."""
    con.execute(f"INSERT INTO map_cells {_AGGREGATE.format(where=where)}", [types(con), cutoff, *params])


def rebuild(con: duckdb.DuckDBPyConnection, cutoff: float | None = None) -> None:
    """Every cell from the events, a year of weeks at a time (bounded memory), inside the caller's transaction.
    `cutoff`: the confidence threshold to split by (default: the configured one, then kept in `map_state`)."""
    if cutoff is None:
        from panj.fuse.confidence import default_threshold

        cutoff = default_threshold()
    con.execute("INSERT OR REPLACE INTO map_state VALUES ('confidence_threshold', ?)", [cutoff])
    con.execute("DELETE FROM map_cells")
    con.execute("DELETE FROM map_types")
    _name_types(con, "", [])
    years = [r[0] for r in con.execute(
        "SELECT DISTINCT year(date_trunc('week', date_start)) FROM events ORDER BY 1").fetchall()]
    for year in years:  # by the year of each week's Monday, so that no week is split between two passes
        if year is None:
            _aggregate(con, "WHERE date_start IS NULL", [], cutoff)
        else:
            _aggregate(con, "WHERE year(date_trunc('week', date_start)) = ?", [year], cutoff)
    con.execute("DELETE FROM map_years")
    _roll_up(con, "")


# a place's year (of its weeks' Mondays): the cells of its weeks merged, so a map over years or all time reads a
# row per place and year
_ROLLUP = """
    INSERT INTO map_years
    SELECT lat, lon, year, confident, n, sources, lo, hi, disputed, first_day, last_day,
           first.id, first.place, first.precision, first.summary, types
    FROM (SELECT lat, lon, year(week) AS year, confident, sum(n) AS n, max(sources) AS sources, min(lo) AS lo,
                 max(hi) AS hi, sum(disputed) AS disputed, min(first_day) AS first_day, max(last_day) AS last_day,
                 arg_min({{'id': first_id, 'place': first_place, 'precision': first_precision,
                          'summary': first_summary}}, (coalesce(first_day, DATE '9999-12-31'), first_id)) AS first,
                 [{sums}] AS types
          FROM map_cells c {where} GROUP BY ALL)"""


def type_sums(n: int) -> str:
    """SQL summing `types` lists position by position over a group (a shorter list counts 0 where it ends)."""
    return ", ".join(f"coalesce(sum(types[{i}]), 0)::INTEGER" for i in range(1, n + 1))


def _roll_up(con: duckdb.DuckDBPyConnection, where: str) -> None:
    con.execute(_ROLLUP.format(sums=type_sums(len(types(con))), where=where))


def touched(con: duckdb.DuckDBPyConnection, ids: Iterable[str]) -> list[Key]:
    """The cells these events count in now."""
    ids = sorted(set(ids))
    if not ids:
        return []
    return con.execute("SELECT DISTINCT lat, lon, date_trunc('week', date_start)::DATE FROM events "
                       "WHERE id IN (SELECT unnest(?::VARCHAR[]))", [ids]).fetchall()


# a key's missing parts as values no place or week has, so that keys join by plain equality (a join on IS NOT
# DISTINCT FROM cost four times as much)
_NO_COORD, _NO_WEEK, _NO_YEAR = 1e9, date(1, 1, 1), -1
_KEY = {"lat": f"coalesce({{a}}.lat, {_NO_COORD})", "lon": f"coalesce({{a}}.lon, {_NO_COORD})"}


def refresh(con: duckdb.DuckDBPyConnection, keys: Iterable[Key], ids: Iterable[str] = ()) -> None:
    """Recompute the cells of these (lat, lon, week) keys from the events, and their places' years, inside the
    caller's transaction; `ids`: the events written, whose types may be new."""
    keys = list(dict.fromkeys(keys))
    cutoff = threshold(con)
    if not keys or cutoff is None:
        return
    lat, lon, week = zip(*keys)
    keyed = pa.table({
        "lat": pa.array([_NO_COORD if x is None else x for x in lat], pa.float64()),
        "lon": pa.array([_NO_COORD if x is None else x for x in lon], pa.float64()),
        "week": pa.array([_NO_WEEK if w is None else w for w in week], pa.date32()),
        "year": pa.array([_NO_YEAR if w is None else w.year for w in week], pa.int32())})
    place = "{lat} = k.lat AND {lon} = k.lon"
    with registered(con, keyed, "_panj_cells") as name:
        _name_types(con, "WHERE id IN (SELECT unnest(?::VARCHAR[]))", [sorted(set(ids))])
        cell = place.format(**{k: v.format(a="c") for k, v in _KEY.items()})
        con.execute(f"DELETE FROM map_cells c USING {name} k WHERE {cell} "
                    f"AND coalesce(c.week, DATE '{_NO_WEEK}') = k.week")
        event = place.format(**{k: v.format(a="e") for k, v in _KEY.items()})
        _aggregate(con, f"SEMI JOIN {name} k ON {event} AND "
                        f"coalesce(date_trunc('week', e.date_start)::DATE, DATE '{_NO_WEEK}') = k.week", [], cutoff)
        year = place.format(**{k: v.format(a="y") for k, v in _KEY.items()})
        con.execute(f"DELETE FROM map_years y USING {name} k WHERE {year} AND coalesce(y.year, {_NO_YEAR}) = k.year")
        _roll_up(con, f"SEMI JOIN {name} k ON {cell} AND coalesce(year(c.week), {_NO_YEAR}) = k.year")


@contextmanager
def follow(con: duckdb.DuckDBPyConnection, ids: Iterable[str]) -> Iterator[None]:
    """Around a write of these events (rewritten, added or deleted): their cells before and after are recomputed."""
    ids = sorted(set(ids))
    before = touched(con, ids)
    yield
    refresh(con, before + touched(con, ids), ids)
