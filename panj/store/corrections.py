"""The store side of analysts' corrections (panj/corrections/): the append-only log, its derived state, and the
machine's records of the events corrections changed.

Why here: fusion (panj/fuse/incremental.py) must read machine records and the dashboard must read the log, both
below panj.corrections in the import order. Every function takes a connection, so callers compose them inside
their own transaction. SQL is parameterised.
"""
from __future__ import annotations

import json
from typing import Any, Iterable

import duckdb

from panj.store import event_index
from panj.store.bulk import insert_rows

Dict = dict[str, Any]
COLUMNS = "id, seq, created_at, author, action, event_id, anchors, field, before, after, note, detail"


def append(con: duckdb.DuckDBPyConnection, entries: list[Dict]) -> None:
    """Add entries to the log (never updated or deleted) with the mentions they name; `seq` is given here."""
    if not entries:
        return
    seq = con.execute("SELECT coalesce(max(seq), 0) FROM corrections").fetchall()[0][0]
    rows, mentions = [], []
    for i, e in enumerate(entries, start=1):
        e["seq"] = seq + i
        rows.append((e["id"], e["seq"], e["created_at"], e["author"], e["action"], e.get("event_id"),
                     list(e["anchors"]), e.get("field"), _dump(e.get("before")), _dump(e.get("after")), e["note"],
                     _dump(e.get("detail"))))
        mentions += [(e["id"], m) for m in sorted(named_mentions(e))]
    insert_rows(con, f"corrections ({COLUMNS})", rows)
    insert_rows(con, "correction_mentions", mentions)


def named_mentions(e: Dict) -> set[str]:
    """Every mention a log entry names: its anchors, a merge's other anchors, a split's mentions."""
    detail = e.get("detail") or {}
    out = set(e.get("anchors") or [])
    for other in detail.get("events") or []:
        out |= set(other.get("anchors") or [])
    return out | set(detail.get("mentions") or [])


def _dump(value: Any) -> str | None:
    return None if value is None else json.dumps(value, default=str, sort_keys=True)


def _entry(row: tuple) -> Dict:
    e = dict(zip([c.strip() for c in COLUMNS.split(",")], row))
    for k in ("before", "after", "detail"):
        e[k] = json.loads(e[k]) if e[k] is not None else None
    e["anchors"] = list(e["anchors"] or [])
    return e


def entries(con: duckdb.DuckDBPyConnection, where: str = "TRUE", params: list[Any] | None = None) -> list[Dict]:
    """Log entries with their state, in log order; `where` is a fixed fragment over `c.` and `s.` columns."""
    cur = con.execute(
        f"""SELECT {', '.join('c.' + c.strip() for c in COLUMNS.split(','))}, s.state, s.event_ids, s.reason
            FROM corrections c LEFT JOIN correction_state s ON s.correction_id = c.id
            WHERE {where} ORDER BY c.seq""", params or [])
    out = []
    for row in cur.fetchall():
        e = _entry(row[:-3])
        e["state"], e["event_ids"], e["reason"] = row[-3] or "pending", list(row[-2] or []), row[-1]
        out.append(e)
    return out


def by_ids(con: duckdb.DuckDBPyConnection, ids: Iterable[str]) -> list[Dict]:
    return entries(con, "c.id IN (SELECT unnest(?::VARCHAR[]))", [sorted(set(ids))])


def for_event(con: duckdb.DuckDBPyConnection, event_id: str) -> list[Dict]:
    """The history of one event: entries made on it, and those that apply to it now."""
    return entries(con, "c.event_id = ? OR list_contains(s.event_ids, ?) "
                        "OR json_extract_string(c.detail, '$.split_id') = ? "
                        "OR list_contains(json_extract_string(c.detail, '$.events[*].id'), ?)",
                   [event_id, event_id, event_id, event_id])


def touching(con: duckdb.DuckDBPyConnection, mention_ids: Iterable[str], event_ids: Iterable[str]) -> set[str]:
    """Ids of corrections that name one of these mentions or applied to one of these events at the last
    application (so one whose mentions are gone is still found, and orphaned)."""
    return {r[0] for r in con.execute(
        """SELECT correction_id FROM correction_mentions WHERE mention_id IN (SELECT unnest(?::VARCHAR[]))
           UNION SELECT correction_id FROM correction_state
                 WHERE len(list_intersect(event_ids, ?::VARCHAR[])) > 0""",
        [sorted(set(mention_ids)), sorted(set(event_ids))]).fetchall()}


def unplaced(con: duckdb.DuckDBPyConnection) -> set[str]:
    """Corrections never applied, or applied to events none of which is stored any more (their mentions went
    with a rebuild or a re-extraction): every application looks at them, so they are re-placed or orphaned.
    Reads the log's state only, not the events."""
    states = con.execute("SELECT c.id, s.state, s.event_ids FROM corrections c "
                         "LEFT JOIN correction_state s ON s.correction_id = c.id").fetchall()
    ids = sorted({i for _, state, events in states if state == "applied" for i in events or []})
    stored = {r[0] for r in con.execute(
        """SELECT id FROM events WHERE id IN (SELECT unnest(?::VARCHAR[]))
           UNION SELECT id FROM machine_events WHERE id IN (SELECT unnest(?::VARCHAR[]))""", [ids, ids]).fetchall()}
    return {c for c, state, events in states
            if state is None or state == "applied" and events and not set(events) & stored}


def machine_records(con: duckdb.DuckDBPyConnection, ids: Iterable[str]) -> list[Dict]:
    """The machine's records of these events (what fusion builds on): the kept copy where a correction changed
    or hid the event, else the stored record; events only a correction made are left out."""
    rows = con.execute(
        """SELECT coalesce(m.id, e.id), m.id IS NOT NULL, m.record, e.record
           FROM (SELECT unnest(?::VARCHAR[]) AS id) q
           LEFT JOIN machine_events m ON m.id = q.id LEFT JOIN events e ON e.id = q.id
           WHERE m.id IS NOT NULL OR e.id IS NOT NULL""", [sorted(set(ids))]).fetchall()
    rows.sort(key=lambda r: r[0])  # in id order; sorted here, as DuckDB would have to sort the records' JSON within
    # its memory limit (out of memory at a hundred thousand candidates of a million-event store)
    return [json.loads(kept if in_machine else stored) for _, in_machine, kept, stored in rows
            if (kept if in_machine else stored) is not None]


def all_machine_records(con: duckdb.DuckDBPyConnection) -> list[Dict]:
    rows = con.execute(
        """SELECT record FROM machine_events WHERE record IS NOT NULL
           UNION ALL SELECT record FROM events WHERE id NOT IN (SELECT id FROM machine_events)""").fetchall()
    return [json.loads(r[0]) for r in rows]


def events_of_mentions(con: duckdb.DuckDBPyConnection, mention_ids: Iterable[str]) -> set[str]:
    """The machine events (fusion's links) that hold these mentions."""
    return {r[0] for r in con.execute(
        "SELECT DISTINCT event_id FROM event_links WHERE mention_id IN (SELECT unnest(?::VARCHAR[]))",
        [sorted(set(mention_ids))]).fetchall()}


def mention_records(con: duckdb.DuckDBPyConnection, mention_ids: Iterable[str]) -> list[Dict]:
    rows = con.execute("SELECT record FROM event_mentions WHERE id IN (SELECT unnest(?::VARCHAR[]))",
                       [sorted(set(mention_ids))]).fetchall()
    return [json.loads(r[0]) for r in rows]


def write_state(con: duckdb.DuckDBPyConnection, machine: dict[str, Dict | None], plain: set[str],
                states: list[tuple[str, str, list[str], str | None]]) -> None:
    """Inside the caller's transaction: keep the machine records of corrected events (drop those of events no
    correction changes any more) and the state of each correction applied."""
    gone = sorted(plain | set(machine))
    if gone:
        con.execute("DELETE FROM machine_events WHERE id IN (SELECT unnest(?::VARCHAR[]))", [gone])
    insert_rows(con, "machine_events", [(i, _dump(r)) for i, r in sorted(machine.items())])
    insert_rows(con, "correction_state", states, "INSERT OR REPLACE INTO")


def delete_events(con: duckdb.DuckDBPyConnection, ids: Iterable[str]) -> None:
    """Take events out of what users get (rejected, merged into another, a split withdrawn)."""
    ids = sorted(set(ids))
    if ids:
        for table, col in (("events", "id"), *((t, "event_id") for t in event_index.present(con))):
            con.execute(f"DELETE FROM {table} WHERE {col} IN (SELECT unnest(?::VARCHAR[]))", [ids])


def orphaned(con: duckdb.DuckDBPyConnection) -> list[Dict]:
    return entries(con, "s.state = 'orphaned'")
