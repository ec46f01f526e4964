"""Typed side tables of the fused events: one row per participant and per place, written with the events.

Why: the record JSON is the export contract, but filtering and counting a million events by actor or place
through JSON functions, or in Python, costs seconds per request. These rows let the dashboard's API answer with
indexed SQL (`panj/web/queries.py`). They are derived data: every write of an event rewrites its rows, in the
same transaction, so they never disagree with the record.
"""
from __future__ import annotations

from typing import Any, Iterable

import duckdb
import pyarrow as pa

from panj.records import main_place
from panj.store.bulk import insert_rows, registered, sort_rows

def actor_rows(record: dict[str, Any]) -> list[tuple]:
    """Every actor and recipient entry, in record order (`key` is the id a URL uses: kb id, else name)."""
    rows = []
    entries = [("actor", a) for a in record.get("actors") or []] + \
              [("recipient", a) for a in record.get("recipients") or []]
    for ord_, (role, a) in enumerate(entries):
        key = a.get("kb_id") or a.get("name") or a.get("text") or "?"
        rows.append((record["id"], ord_, role, key, a.get("kb_id"), a.get("name"),
                     a.get("name") or a.get("text") or key, a.get("country"), a.get("sector"), a.get("wikidata")))
    return rows


def place_rows(record: dict[str, Any]) -> list[tuple]:
    """Every location of the event, the main one (the map's point) marked."""
    main = main_place(record)
    rows = []
    for ord_, p in enumerate(record.get("locations") or []):
        rows.append((record["id"], ord_, p.get("name") or p.get("text") or "?", p.get("name"), p.get("admin1"),
                     p.get("country"), p.get("lat"), p.get("lon"), p.get("precision"), p is main))
    return rows


def place_key_rows(record: dict[str, Any]) -> list[tuple[str, str]]:
    """The keys the place filter matches (`filters.EventFilter.place`): each place's name, admin1 and country, once."""
    keys = {k for p in record.get("locations") or [] for k in (p.get("name"), p.get("admin1"), p.get("country")) if k}
    return [(record["id"], k) for k in sorted(keys)]


TABLES = ("event_actors", "event_places", "event_place_keys", "event_keys")

# The actor and place filters' keys of each event (`filters.EventFilter`: an actor by its key or, where it has a
# kb id, its name; a place by name, admin1 or country), and one row of kind 'all' per event, each beside the
# event's columns that the other filters, the facets and the map read (`EventFilter.rows`: all but the record),
# so that "this actor's events that match the rest of the filter, in list order" reads one key's rows (kept in
# key order, then date: DuckDB's zone maps skip the other keys' row groups, and a page of the list or a range of
# dates reads the row groups of its dates) instead of a million events' rows. Derived from the side rows above and
# the event's row: by `_FILTER_KEYS` for the backfill, by the same rule in Python over the rows a write inserts.
_FILTER_KEYS = """
    SELECT 'actor' AS kind, key, event_id FROM event_actors
    UNION SELECT 'actor', name, event_id FROM event_actors WHERE kb_id IS NOT NULL AND name IS NOT NULL
    UNION SELECT 'place', key, event_id FROM event_place_keys
    UNION ALL SELECT 'all', '', id FROM events"""
_KEYS = """
    INSERT INTO event_keys
    SELECT k.kind, k.key, e.id, e.date_start, e.date_end, e.event_type, e.status, e.independent_sources,
           e.confidence, e.actor_keys, e.place_keys, e.place, e.lat, e.lon, e.place_precision, e.summary
    FROM ({keys}) k JOIN events e ON e.id = k.event_id {batch}
    ORDER BY k.kind, k.key, e.date_start NULLS LAST, e.id"""


def write(con: duckdb.DuckDBPyConnection, records: Iterable[dict[str, Any]], replace: bool = True) -> None:
    """(Re)write the side rows of these events, inside the caller's transaction, in bulk."""
    records = list(records)
    if not records:
        return
    tables = present(con)
    if replace:
        ids = [r["id"] for r in records]
        for table in tables:
            con.execute(f"DELETE FROM {table} WHERE event_id IN (SELECT unnest(?::VARCHAR[]))", [ids])
    actors = [row for r in records for row in actor_rows(r)]
    place_keys = [row for r in records for row in place_key_rows(r)]
    insert_rows(con, "event_actors", actors)
    insert_rows(con, "event_places", [row for r in records for row in place_rows(r)])
    if "event_place_keys" in tables:
        insert_rows(con, "event_place_keys", place_keys)
    if "event_keys" in tables:
        # the rule of _FILTER_KEYS over these rows (read back from the tables, it scans millions of side rows)
        keys = sorted({("actor", row[3], row[0]) for row in actors}
                      | {("actor", row[5], row[0]) for row in actors if row[4] is not None and row[5] is not None}
                      | {("place", key, eid) for eid, key in place_keys} | {("all", "", r["id"]) for r in records})
        columns = zip(("kind", "key", "event_id"), zip(*keys))
        empty = not con.execute("SELECT 1 FROM event_keys LIMIT 1").fetchall()
        with registered(con, pa.table({c: pa.array(v, pa.string()) for c, v in columns}), "_panj_keys") as name:
            con.execute(_KEYS.format(keys=f"SELECT * FROM {name}", batch=""))
        if empty:  # one insert in key order (a full re-fusion, a new store's first write): sorted as it is
            mark_sorted(con)
        else:
            appended(con, len(keys))


def fill_keys(con: duckdb.DuckDBPyConnection, chunk: int = 250_000) -> None:
    """Every event's filter keys (the migration's backfill), after their rows and side rows are written: a few
    keys or years of a key at a time, `chunk` rows or so each, in table order (bounded memory: a million events
    have some six million keys)."""
    keys = _FILTER_KEYS
    sizes = con.execute(f"""SELECT k.kind, k.key, year(e.date_start) AS y, count(*)
                            FROM ({keys}) k JOIN events e ON e.id = k.event_id
                            GROUP BY ALL ORDER BY k.kind, k.key, y NULLS LAST""").fetchall()
    batch: list[tuple] = []
    rows = 0
    for i, (kind, key, year, n) in enumerate(sizes):
        batch.append((kind, key, -1 if year is None else year))
        rows += n
        if rows >= chunk or i == len(sizes) - 1:
            data = pa.table({name: pa.array(col) for name, col in zip(("kind", "key", "year"), zip(*batch))})
            with registered(con, data, "_panj_keys") as name:  # the batch's keys, then their years
                con.execute(_KEYS.format(
                    keys=f"SELECT * FROM ({keys}) SEMI JOIN (SELECT DISTINCT kind, key FROM {name}) USING (kind, key)",
                    batch=f"SEMI JOIN {name} b ON b.kind = k.kind AND b.key = k.key "
                          "AND b.year = coalesce(year(e.date_start), -1)"))
            batch, rows = [], 0


# A write appends its keys at the table's end: as a store grows by ingests, each row group holds many writes' keys
# and the zone maps skip nothing. So the table is rewritten in key order (`resort`, in a transaction of its own after
# the write: inside the write's, DuckDB held three times the memory) once the rows appended since its last sorted
# rewrite reach RESORT_SHARE of the rows it held then, and at least RESORT_MIN_ROWS (a DuckDB row group: a smaller
# tail costs a look-up a row group or two). Geometric: as a store grows, its rewrites move about 1 + 1 / RESORT_SHARE
# times the rows it ends with, in all, and a look-up scans at most RESORT_SHARE / (1 + RESORT_SHARE) of the table
# unpruned. The counts live in store_state.
RESORT_SHARE = 0.25
RESORT_MIN_ROWS = 122_880
_ORDER = "kind, key, date_start NULLS LAST, event_id"  # _KEYS' order


def appended(con: duckdb.DuckDBPyConnection, rows: int) -> None:
    """Count `rows` written at the table's end (inside the write's transaction)."""
    con.execute("UPDATE store_state SET value = value + ? WHERE name = 'event_keys_appended'", [rows])


def due(con: duckdb.DuckDBPyConnection) -> bool:
    """Whether the rows appended since the last sorted rewrite call for another (see RESORT_SHARE)."""
    state = dict(con.execute("SELECT name, value FROM store_state WHERE name IN "
                             "('event_keys_sorted', 'event_keys_appended')").fetchall())
    return len(state) == 2 and state["event_keys_appended"] >= max(RESORT_SHARE * state["event_keys_sorted"],
                                                                   RESORT_MIN_ROWS)


def resort(con: duckdb.DuckDBPyConnection) -> None:
    """Rewrite `event_keys` in key order, inside the caller's transaction, and note it sorted."""
    sort_rows(con, "event_keys", _ORDER)
    mark_sorted(con)


def mark_sorted(con: duckdb.DuckDBPyConnection) -> None:
    """Record that `event_keys` is in key order now: nothing appended since."""
    con.execute("UPDATE store_state SET value = CASE name WHEN 'event_keys_appended' THEN 0 "
                "ELSE (SELECT count(*) FROM event_keys) END "
                "WHERE name IN ('event_keys_sorted', 'event_keys_appended')")


def present(con: duckdb.DuckDBPyConnection) -> list[str]:
    """The side tables the store has (an older migration's backfill, or a test's older store, writes before the
    later ones exist)."""
    have = {r[0] for r in con.execute("SELECT table_name FROM duckdb_tables() "
                                      "WHERE database_name = current_database()").fetchall()}
    return [t for t in TABLES if t in have]
