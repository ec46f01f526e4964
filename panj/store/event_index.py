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
from panj.store.bulk import insert_rows, registered

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
# kb id, its name; a place by name, admin1 or country), each beside the event's columns that the other filters
# read, so that "this actor's events that match the rest of the filter, in list order" reads one key's rows
# (kept in key order: DuckDB's zone maps skip the other keys' row groups) instead of a million events' rows.
# Derived from the side rows above and the event's row, by this one statement for writes and the backfill alike.
_KEYS = """
    INSERT INTO event_keys
    SELECT k.kind, k.key, e.id, e.date_start, e.date_end, e.event_type, e.status, e.independent_sources,
           e.confidence
    FROM (SELECT 'actor' AS kind, key, event_id FROM event_actors WHERE {ids}
          UNION SELECT 'actor', name, event_id FROM event_actors WHERE {ids} AND kb_id IS NOT NULL AND name IS NOT NULL
          UNION SELECT 'place', key, event_id FROM event_place_keys WHERE {ids}) k
    JOIN events e ON e.id = k.event_id
    ORDER BY k.kind, k.key, e.date_start NULLS LAST, e.id"""


def write(con: duckdb.DuckDBPyConnection, records: Iterable[dict[str, Any]], replace: bool = True) -> None:
    """(Re)write the side rows of these events, inside the caller's transaction, in bulk."""
    records = list(records)
    if not records:
        return
    if replace:
        ids = [r["id"] for r in records]
        for table in TABLES:
            con.execute(f"DELETE FROM {table} WHERE event_id IN (SELECT unnest(?::VARCHAR[]))", [ids])
    insert_rows(con, "event_actors", [row for r in records for row in actor_rows(r)])
    insert_rows(con, "event_places", [row for r in records for row in place_rows(r)])
    if _has(con, "event_place_keys"):
        insert_rows(con, "event_place_keys", [row for r in records for row in place_key_rows(r)])
    if _has(con, "event_keys"):
        with registered(con, pa.table({"id": pa.array([r["id"] for r in records], pa.string())})) as name:
            fill_keys(con, f"event_id IN (SELECT id FROM {name})")


def fill_keys(con: duckdb.DuckDBPyConnection, ids: str = "TRUE") -> None:
    """Insert the filter keys of the events whose side rows `ids` selects (fixed SQL over `event_id`; TRUE: all,
    the migration's backfill), after their rows and side rows are written."""
    con.execute(_KEYS.format(ids=ids))


def _has(con: duckdb.DuckDBPyConnection, table: str) -> bool:
    """Whether the store has this table yet (an older migration's backfill runs before later tables exist)."""
    return bool(con.execute("SELECT count(*) FROM duckdb_tables() WHERE table_name = ? "
                            "AND database_name = current_database()", [table]).fetchall()[0][0])

