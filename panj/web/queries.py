"""Read-only queries behind the dashboard: event filters, detail joins, documents with their spans.

Why its own module: the store (panj/store/db.py) owns writes and the record format; the web app only reads,
and every value a user types reaches DuckDB as a bound parameter, never as SQL text.
"""
from __future__ import annotations

import json
from typing import Any

import duckdb

from panj.store.filters import EventFilter  # noqa: F401  (shared with the library; views import it from here)

Dict = dict[str, Any]

# A publication known only to its year (an undated text placed by the newest year it mentions) is shown as that
# year, not as the 1 January the store keeps for it.
PUBLISHED = ("CASE WHEN published_granularity = 'year' THEN CAST(year(published) AS VARCHAR) "
             "ELSE CAST(published AS VARCHAR) END")

# The order events are listed in, as one sortable string: date (undated last), then id. Counts of equal size are
# listed in the order their first event appears.
_SEEN = "coalesce(strftime(date_start, '%Y-%m-%d'), '9999-12-31') || '|' || id"


def facets(con: duckdb.DuckDBPyConnection, flt: EventFilter, top: int = 15) -> Dict:
    """Counts by type, status, actor, place and month of the filtered events (`EventFilter.rows`), in SQL: each one scan
    of their rows, actors and places through the key lists on each row (migration 12), no join with side rows."""
    rows, params = flt.rows()

    def counts(column: str) -> list[Dict]:
        got = con.execute(f"SELECT {column}, count(*) AS n FROM ({rows}) GROUP BY 1 ORDER BY n DESC, 1", params)
        return [{"value": v, "count": n} for v, n in got.fetchall()]

    def top_keys(column: str) -> list[tuple[str, int]]:
        return con.execute(f"""SELECT k, count(*) AS n FROM (SELECT unnest({column}) AS k FROM ({rows}))
                               GROUP BY k ORDER BY n DESC, k LIMIT ?""", params + [top]).fetchall()

    actors = top_keys("actor_keys")
    # an actor's label is the same in every record (its knowledge-base name, or the name that keys it)
    labels = dict(con.execute("SELECT key, min(label) FROM event_actors WHERE key IN (SELECT unnest(?::TEXT[])) "
                              "GROUP BY key", [[k for k, _ in actors]]).fetchall()) if actors else {}
    months = con.execute(f"SELECT strftime(date_start, '%Y-%m') AS m, count(*) FROM ({rows}) "
                         "WHERE date_start IS NOT NULL GROUP BY m ORDER BY m", params).fetchall()
    return {"event_type": counts("event_type"), "status": counts("status"),
            "actor": [{"value": k, "label": labels.get(k), "count": n} for k, n in actors],
            "place": [{"value": k, "count": n} for k, n in top_keys("place_keys")],
            "month": [{"value": m, "count": n} for m, n in months]}


def _first_described(con: duckdb.DuckDBPyConnection, flt: EventFilter, table: str,
                     columns: tuple[str, ...]) -> list[tuple]:
    """Per key of a side table (`event_actors`, `event_places`) over the filtered events: `columns` as the key's
    first event in list order has them, then the number of its events."""
    where, params = flt.where()
    first = "f.seen || '|' || lpad(s.ord::VARCHAR, 5, '0')"
    picks = ", ".join(f"arg_min({c}, {first})" for c in columns)
    return con.execute(
        f"""WITH f AS (SELECT id, {_SEEN} AS seen FROM events WHERE {where})
            SELECT s.key, {picks}, count(DISTINCT s.event_id)
            FROM {table} s JOIN f ON f.id = s.event_id GROUP BY s.key""", params).fetchall()


def actors(con: duckdb.DuckDBPyConnection, flt: EventFilter) -> list[Dict]:
    """Every participant of the filtered events with its event count, described as its first event does."""
    rows = _first_described(con, flt, "event_actors",
                            ("coalesce(s.name, s.label)", "s.kb_id", "s.country", "s.sector", "s.wikidata"))
    out = [{"key": k, "name": name, "kb_id": kb_id, "country": country, "sector": sector, "wikidata": wikidata,
            "events": n} for k, name, kb_id, country, sector, wikidata, n in rows]
    return sorted(out, key=lambda x: (-x["events"], x["name"] or ""))


def places(con: duckdb.DuckDBPyConnection, flt: EventFilter) -> list[Dict]:
    """Every place of the filtered events with its event count, described as its first event does."""
    rows = _first_described(con, flt, "event_places",
                            ("s.name", "s.country", "s.admin1", "s.lat", "s.lon", "s.precision"))
    out = [{"key": k, "name": name, "country": country, "admin1": admin1, "lat": lat, "lon": lon,
            "precision": precision, "events": n} for k, name, country, admin1, lat, lon, precision, n in rows]
    return sorted(out, key=lambda x: (-x["events"], x["name"] or ""))


def count(con: duckdb.DuckDBPyConnection, flt: EventFilter) -> int:
    sql, params = flt.rows()
    return con.execute(f"SELECT count(*) FROM ({sql})", params).fetchone()[0]


def events(con: duckdb.DuckDBPyConnection, flt: EventFilter, limit: int | None = None,
           offset: int = 0) -> tuple[list[Dict], int]:
    """Matching event records (date order) and the total before paging."""
    sql, params = flt.rows()
    total = count(con, flt)
    page = f"SELECT id FROM ({sql}) ORDER BY date_start NULLS LAST, id"
    page_params = list(params)
    if limit is not None:
        page += " LIMIT ? OFFSET ?"
        page_params += [limit, offset]
    # the page's ids first, then their records: DuckDB would otherwise read every matching record before the top-N
    rows = con.execute(f"SELECT record FROM events WHERE id IN ({page}) ORDER BY date_start NULLS LAST, id",
                       page_params).fetchall()
    return [json.loads(r[0]) for r in rows], total


def event(con: duckdb.DuckDBPyConnection, event_id: str) -> Dict | None:
    row = con.execute("SELECT record FROM events WHERE id = ?", [event_id]).fetchone()
    return json.loads(row[0]) if row else None


def mention_records(con: duckdb.DuckDBPyConnection, event_id: str) -> list[Dict]:
    """The stored event-mention records linked to an event (they carry the rules that coded them)."""
    row = con.execute("SELECT json_extract_string(record, '$.mention_ids[*]') FROM events WHERE id = ?",
                      [event_id]).fetchall()  # the record's own mentions: a merge or split changes them
    rows = con.execute(
        """SELECT record FROM event_mentions WHERE id IN (SELECT unnest(?::VARCHAR[]))
           ORDER BY doc_id, start_char""", [row[0][0] if row and row[0][0] else []]).fetchall()
    return [json.loads(r[0]) for r in rows]


def related_events(con: duckdb.DuckDBPyConnection, rec: Dict, limit: int = 10) -> list[Dict]:
    """Other events sharing a participant or a document, nearest in time first."""
    keys = [a.get("kb_id") or a.get("name") for a in (rec.get("actors") or []) + (rec.get("recipients") or [])]
    keys = [k for k in dict.fromkeys(keys) if k]
    docs = list(dict.fromkeys(m.get("doc_id") for m in rec.get("mentions") or [] if m.get("doc_id")))
    if not keys and not docs:
        return []
    start = (rec.get("date") or {}).get("start")
    rows = con.execute(
        """SELECT record FROM events
            WHERE id <> ? AND (id IN (SELECT event_id FROM event_actors
                                      WHERE kb_id IN (SELECT unnest(?::VARCHAR[])) OR name IN (SELECT unnest(?::VARCHAR[])))
                   OR id IN (SELECT l.event_id FROM event_links l JOIN event_mentions m ON m.id = l.mention_id
                             WHERE m.doc_id IN (SELECT unnest(?::VARCHAR[]))))
            ORDER BY abs(date_diff('day', coalesce(date_start, DATE '1900-01-01'),
                                   coalesce(?::DATE, DATE '1900-01-01'))), id
            LIMIT ?""", [rec["id"], keys, keys, docs, start, limit]).fetchall()
    return [json.loads(r[0]) for r in rows]


def documents(con: duckdb.DuckDBPyConnection, limit: int, offset: int, q: str | None = None) -> tuple[list[Dict], int]:
    where, params = "TRUE", []
    if q:
        where, params = "contains(lower(coalesce(title, '') || ' ' || text), ?)", [q.lower()]
    total = con.execute(f"SELECT count(*) FROM documents WHERE {where}", params).fetchone()[0]
    cur = con.execute(
        f"""SELECT d.id, d.title, d.outlet, d.url, {PUBLISHED} AS published, d.language, d.duplicate_of, d.n_chars,
                   (SELECT count(*) FROM event_mentions m WHERE m.doc_id = d.id) AS event_mentions
            FROM documents d WHERE {where} ORDER BY d.published NULLS LAST, d.id LIMIT ? OFFSET ?""",
        params + [limit, offset])
    cols = [c[0] for c in cur.description]
    return [dict(zip(cols, r)) for r in cur.fetchall()], total


def document(con: duckdb.DuckDBPyConnection, doc_id: str) -> Dict | None:
    cur = con.execute(
        f"""SELECT id, title, outlet, url, {PUBLISHED} AS published, published_inferred, published_basis, language,
                   credits, duplicate_of, text FROM documents WHERE id = ?""", [doc_id])
    row = cur.fetchone()
    return dict(zip([c[0] for c in cur.description], row)) if row else None


def document_spans(con: duckdb.DuckDBPyConnection, doc_id: str) -> list[Dict]:
    """Actor, place and time mentions plus event-mention triggers of one document, as character spans."""
    spans = [{"kind": k, "start": s, "end": e, "text": t, "record": json.loads(r) if r else None}
             for k, s, e, t, r in con.execute(
                 "SELECT kind, start_char, end_char, text, record FROM mentions WHERE doc_id = ? "
                 "ORDER BY start_char", [doc_id]).fetchall()]
    for mid, rec in con.execute(
            "SELECT id, record FROM event_mentions WHERE doc_id = ? ORDER BY start_char", [doc_id]).fetchall():
        r = json.loads(rec)
        if r.get("trigger_start") is None:
            continue
        ev = con.execute("SELECT event_id FROM event_links WHERE mention_id = ?", [mid]).fetchone()
        spans.append({"kind": "event", "start": r["trigger_start"], "end": r["trigger_end"],
                      "text": r.get("trigger"), "record": {"event_type": r.get("event_type"),
                                                           "status": r.get("status"), "mention_id": mid,
                                                           "event_id": ev[0] if ev else None}})
    return sorted(spans, key=lambda s: (s["start"], -s["end"]))


def doc_titles(con: duckdb.DuckDBPyConnection, doc_ids: list[str]) -> dict[str, Dict]:
    if not doc_ids:
        return {}
    cur = con.execute(
        f"SELECT id, title, outlet, url, {PUBLISHED} AS published, text FROM documents "
        f"WHERE id IN ({', '.join('?' for _ in doc_ids)})",
        doc_ids)
    cols = [c[0] for c in cur.description]
    return {r[0]: dict(zip(cols, r)) for r in cur.fetchall()}
