"""The store side of incremental alert refreshes: which series keys each event counts in, and the horizon window.

Why: an ingest changes a handful of events, but which series those events *used* to count in is only known from
their old records, which fusion has already overwritten. The ``series_keys`` table (migration 6) keeps, per event,
the (scope, key) pairs it counts in, its day and what it adds there, as the last refresh saw them; it answers "which keys did these
events touch" and "which events count in these keys" without reading every record. ``alert_refresh`` keeps the
window and the settings the index was built with: other settings (or no index yet) mean a full refresh.

The weekly alert series run over the watch's horizon: from ``alerts.horizon_years`` before the newest document's
publication date (the newest dated event when there are no documents) or from the earliest dated event or
document if that is later, to the newest of them. Older events keep their records; they do not stretch the series.
All SQL is parameterised; lists travel as one LIST parameter (``unnest(?)``), not as one statement per row.
"""
from __future__ import annotations

import hashlib
import json
from collections import defaultdict
from datetime import date, timedelta
from typing import Any, Iterable

import duckdb

from panj.indicators.series import Contribution, contribution, dyad_keys, period_start, place_keys
from panj.store.bulk import insert_rows, sort_rows

Key = tuple[str, str]  # (scope, key): ("dyad", "AFG:TJK"), ("admin1", "AFG/Takhar")


def fingerprint(cfg: dict) -> str:
    """The settings an index and its alerts were computed with (any change means a full refresh)."""
    return hashlib.sha1(json.dumps(cfg, sort_keys=True, default=str).encode()).hexdigest()


def record_keys(record: dict, cfg: dict, c: Contribution | None = None) -> list[tuple[str, str, date]]:
    """(scope, key, day) of every alert series this event counts in; none when it contributes nothing."""
    c = c or contribution(record, cfg)
    if c is None:
        return []
    out = []
    for scope in cfg["alerts"]["scopes"]:
        keys = dyad_keys(record, cfg) if scope == "dyad" else place_keys(record)
        out += [(scope, k, c.day) for k in sorted(keys)]
    return out


# -- the window --------------------------------------------------------------------------------------------------
AHEAD_DAYS = 366  # an event dated later than this after the newest document is a plan or a misreading


def horizon_window(earliest: date, latest: date, anchor: date, cfg: dict) -> tuple[date, date]:
    """[max(earliest, anchor - horizon), min(latest, anchor + a year)], snapped to week starts (the weekly series'
    first/last points): decades-old events and far-future ones ("by 2088") stretch no weekly series."""
    years = cfg["alerts"].get("horizon_years")
    start = earliest
    if years:
        back = anchor - timedelta(days=round(365.25 * float(years)))
        start = max(earliest, back)
    end = min(latest, anchor + timedelta(days=AHEAD_DAYS))
    return period_start(start, "weekly"), period_start(max(end, start), "weekly")


def window_from_days(event_days: Iterable[date], doc_days: Iterable[date], cfg: dict) -> tuple[date, date] | None:
    """The horizon window of in-memory records (for the pure `compute_alerts`)."""
    ev, docs = [d for d in event_days if d is not None], list(doc_days)
    days = ev + docs
    if not days:
        return None
    return horizon_window(min(days), max(days), max(docs) if docs else max(ev), cfg)


def event_span(con: duckdb.DuckDBPyConnection, cfg: dict) -> tuple[Any, Any]:
    """(earliest, latest) day of the events a series counts (`series.event_day`: dated at an accepted
    granularity), or (None, None)."""
    return con.execute("""SELECT min(date_start), max(date_start) FROM events WHERE date_start IS NOT NULL
                          AND (granularity IS NULL OR granularity = '' OR list_contains(?, granularity))""",
                       [list(cfg["date_granularities"])]).fetchone()


def store_window(con: duckdb.DuckDBPyConnection, cfg: dict) -> tuple[date, date] | None:
    """The horizon window of the store, from two aggregate queries (the same days `event_day` and
    `document_counts` read: dated events of an accepted granularity, distinct documents)."""
    ev = event_span(con, cfg)
    sql = "SELECT min(published), max(published) FROM documents WHERE published IS NOT NULL"
    if cfg["coverage"].get("exclude_near_duplicates", True):
        sql += " AND duplicate_of IS NULL"
    doc = con.execute(sql).fetchone()
    lows = [d for d in (ev[0], doc[0]) if d is not None]
    if not lows:
        return None
    highs = [d for d in (ev[1], doc[1]) if d is not None]
    anchor = doc[1] if doc[1] is not None else ev[1]
    return horizon_window(_day(min(lows)), _day(max(highs)), _day(anchor), cfg)


def _day(v: Any) -> date:
    return v if isinstance(v, date) and not hasattr(v, "hour") else date.fromisoformat(str(v)[:10])


# -- what the last refresh saw -------------------------------------------------------------------------------------
def read_state(con: duckdb.DuckDBPyConnection) -> dict[str, str]:
    return dict(con.execute("SELECT name, value FROM alert_refresh").fetchall())


def write_state(con: duckdb.DuckDBPyConnection, window: tuple[date, date] | None, cfg: dict) -> None:
    rows = {"window": json.dumps([d.isoformat() for d in window] if window else None), "config": fingerprint(cfg)}
    for name, value in rows.items():
        con.execute("INSERT OR REPLACE INTO alert_refresh (name, value) VALUES (?, ?)", [name, value])


def stored_window(state: dict[str, str]) -> tuple[date, date] | None:
    raw = json.loads(state.get("window") or "null")
    return (date.fromisoformat(raw[0]), date.fromisoformat(raw[1])) if raw else None


# -- the index -------------------------------------------------------------------------------------------------
def _among(column: str, ids: list[str]) -> tuple[str, list]:
    """`column IN (...)` for a list of ids: placeholders for a short list (DuckDB can then use the primary key),
    one LIST parameter for a long one."""
    if len(ids) <= 512:
        return f"{column} IN ({', '.join('?' for _ in ids)})", list(ids)
    return f"{column} IN (SELECT unnest(?::TEXT[]))", [list(ids)]


Row = tuple[str, str, str, Contribution]  # (event id, scope, key, what the event adds there)


def _insert(con: duckdb.DuckDBPyConnection, rows: list[Row]) -> None:
    if rows:
        insert_rows(con, "series_keys", [(e, s, k, c.day, c.polarity, c.weight, c.score, c.status, c.event_type,
                                          c.summary) for e, s, k, c in rows])


def rebuild(con: duckdb.DuckDBPyConnection, records: Iterable[dict], cfg: dict, rows_at_once: int = 50_000) -> None:
    """Index every event afresh (a full refresh), writing the rows as they come (`records` may be a stream)."""
    con.execute("DELETE FROM series_keys")
    rows: list[Row] = []
    for r in records:
        c = contribution(r, cfg)
        rows += [(r["id"], s, k, c) for s, k, _day in record_keys(r, cfg, c)]
        if len(rows) >= rows_at_once:
            _insert(con, rows)
            rows = []
    _insert(con, rows)
    # in key order, as migration 15 leaves them: a dyad's series then reads a few row groups (indicators.stored)
    sort_rows(con, "series_keys", "scope, key, day")


def keys_of_events(con: duckdb.DuckDBPyConnection, ids: list[str]) -> set[Key]:
    """The keys these events counted in at the last refresh."""
    if not ids:
        return set()
    cond, params = _among("event_id", ids)
    rows = con.execute(f"SELECT DISTINCT scope, key FROM series_keys WHERE {cond}", params).fetchall()
    return {(s, k) for s, k in rows}


def update(con: duckdb.DuckDBPyConnection, changed: list[dict], removed: list[str], cfg: dict) -> set[Key]:
    """Re-index changed events and drop removed ones; the keys they touch, before and after."""
    ids = sorted({r["id"] for r in changed} | set(removed))
    touched = keys_of_events(con, ids)
    if ids:
        cond, params = _among("event_id", ids)
        con.execute(f"DELETE FROM series_keys WHERE {cond}", params)
    rows = [(r["id"], s, k, c) for r in changed if (c := contribution(r, cfg)) for s, k, _day in record_keys(r, cfg, c)]
    _insert(con, rows)
    return touched | {(s, k) for _, s, k, _ in rows}


def indexed_keys(con: duckdb.DuckDBPyConnection, start: date, end: date) -> set[Key]:
    """Every key with an indexed event in [start, end + 6 days] (the window's weeks)."""
    rows = con.execute("SELECT DISTINCT scope, key FROM series_keys WHERE day BETWEEN ? AND ?",
                       [start, end + timedelta(days=6)]).fetchall()
    return {(s, k) for s, k in rows}


def row_counts(con: duckdb.DuckDBPyConnection, keys: Iterable[Key], start: date, end: date) -> dict[Key, int]:
    """How many index rows each of these keys has within the window's weeks (what reading it will hold)."""
    keys = sorted(set(keys))
    if not keys:
        return {}
    rows = con.execute("""SELECT i.scope, i.key, count(*) FROM series_keys i
                          JOIN (SELECT unnest(?::TEXT[]) AS scope, unnest(?::TEXT[]) AS key) t
                            ON i.scope = t.scope AND i.key = t.key
                          WHERE i.day BETWEEN ? AND ? GROUP BY ALL""",
                       [[s for s, _ in keys], [k for _, k in keys], start, end + timedelta(days=6)]).fetchall()
    return {(s, k): n for s, k, n in rows}


def contributions(con: duckdb.DuckDBPyConnection, keys: Iterable[Key], start: date, end: date,
                  cfg: dict) -> dict[Key, list[Contribution]]:
    """The contributions of the events of these keys within the window's weeks, from the index rows alone (no
    record is read: a dyad with a hundred thousand events costs a column scan, not their JSON)."""
    keys = sorted(set(keys))
    if not keys:
        return {}
    scopes, names = [s for s, _ in keys], [k for _, k in keys]
    rows = con.execute("""SELECT i.scope, i.key, i.event_id, i.day, i.polarity, i.weight, i.score, i.status,
                                 i.event_type, i.summary
                          FROM series_keys i
                          JOIN (SELECT unnest(?::TEXT[]) AS scope, unnest(?::TEXT[]) AS key) t
                            ON i.scope = t.scope AND i.key = t.key
                          WHERE i.day BETWEEN ? AND ?""",
                       [scopes, names, start, end + timedelta(days=6)]).fetchall()
    out: dict[Key, list[Contribution]] = defaultdict(list)
    for scope, key, event_id, day, pol, weight, score, status, event_type, summary in rows:
        out[(scope, key)].append(Contribution(event_id, day, pol, weight, score, status, event_type, summary))
    return dict(out)


def alert_keys(con: duckdb.DuckDBPyConnection) -> set[Key]:
    """Keys that hold stored alerts (a key whose events all left must still withdraw them)."""
    return {(s, k) for s, k in con.execute("SELECT DISTINCT scope, key FROM alerts").fetchall()}
