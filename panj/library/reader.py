"""`panj.open(path)`: the event record of a store as pandas DataFrames (or Arrow tables), filtered as the dashboard
filters it.

Why a class of its own over `panj.store.Store`: the store's methods speak the pipeline's language (rows, JSON,
transactions); an analyst wants typed tables and the API's filters (panj/store/filters.py, shared with the web
app), and a read-only handle by default, so a notebook left open never changes the record. DuckDB lets no other
process write the file while it is open: close it (or use `with panj.open(...) as store:`) when done.
"""
from __future__ import annotations

import json
from contextlib import contextmanager
from dataclasses import asdict
from datetime import date
from pathlib import Path
from typing import Any, Iterator, Sequence, TypedDict, Unpack

from panj.library.frames import ALERTS, CLAIMS, DOCUMENTS, SERIES, output
from panj.records import PLOVER_TYPES, STATUSES
from panj.store import Store
from panj.store.filters import EventFilter
from panj.store.schema import MIGRATIONS
from panj.tables import as_date, event_table, mention_table, typed_rows


class Filters(TypedDict, total=False):
    """The event filters of the HTTP API (`/api/events`), under the same names."""

    date_from: date | str        # events ending on or after this day (undated events drop out of a dated view)
    date_to: date | str          # events starting on or before this day
    type: str | Sequence[str]    # PLOVER event type(s)
    actor: str                   # knowledge-base id or name, as actor or recipient
    place: str                   # place name, admin1 or ISO3 country
    status: str | Sequence[str]  # epistemic status(es): asserted, claimed, alleged, denied, disputed, ...
    min_sources: int             # minimum independent sources
    min_confidence: float        # default: the configured threshold (panj/data/fusion.yaml), as the API; 0 for all
    q: str                       # free text in summary, sentences and names


def _day(value: date | str | None, name: str) -> date | None:
    if value is None or isinstance(value, date):
        return value
    day = as_date(value)
    if day is None or len(str(value)) != 10:
        raise ValueError(f"{name}: write dates as YYYY-MM-DD, not {value!r}")
    return day


def _names(value: str | Sequence[str] | None, known: Sequence[str], name: str) -> list[str] | None:
    if value is None:
        return None
    items = [value] if isinstance(value, str) else list(value)
    items = [v.strip() for item in items for v in item.split(",") if v.strip()]  # "A,B" as the API takes it
    unknown = [v for v in items if v not in known]
    if unknown:
        raise ValueError(f"{name}: unknown {', '.join(unknown)}; choose from {', '.join(known)}")
    return items or None


def event_filter(**filters: Unpack[Filters]) -> EventFilter:
    """The API's filter from keyword arguments, checked: an unknown name, type, status or date raises ValueError."""
    unknown = set(filters) - set(Filters.__annotations__)
    if unknown:
        raise TypeError(f"unknown filter {', '.join(sorted(unknown))}; filters: {', '.join(Filters.__annotations__)}")
    min_confidence = filters.get("min_confidence")
    if min_confidence is None:
        from panj.fuse.confidence import default_threshold

        min_confidence = default_threshold()
    return EventFilter(date_from=_day(filters.get("date_from"), "date_from"),
                       date_to=_day(filters.get("date_to"), "date_to"),
                       type=_names(filters.get("type"), PLOVER_TYPES, "type"),
                       actor=filters.get("actor") or None, place=filters.get("place") or None,
                       status=_names(filters.get("status"), STATUSES, "status"),
                       min_sources=filters.get("min_sources"), q=filters.get("q") or None,
                       min_confidence=float(min_confidence))


class PanjStore:
    """A panj store opened from Python. Every table method returns a pandas DataFrame, or a `pyarrow.Table` with
    `as_arrow=True`; `events`, `mentions` and `claims` take the API's filters (`Filters`)."""

    def __init__(self, path: str | Path, read_only: bool = True):
        self.path, self.read_only = Path(path), read_only
        if read_only and not self.path.exists():
            raise FileNotFoundError(f"{self.path}: no such store (build one with panj.ingest(path, [...]))")
        self._store = Store(self.path, read_only=read_only)
        if read_only and self._store.schema_version < len(MIGRATIONS):
            self._store.close()
            raise ValueError(f"{self.path}: the store predates this panj; open it once with read_only=False "
                             "to migrate it")

    # -- lifecycle -------------------------------------------------------------------------------------------
    def close(self) -> None:
        self._store.close()

    def __enter__(self) -> "PanjStore":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def __repr__(self) -> str:
        return f"<panj store {str(self.path)!r} ({'read-only' if self.read_only else 'read-write'})>"

    @property
    def store(self) -> Store:
        """The underlying `panj.store.Store` (the pipeline's interface; its SQL connection is `.con`)."""
        return self._store

    @contextmanager
    def writing(self) -> Iterator[Store]:
        """A writable `Store` for the length of the block: this handle's own when opened with read_only=False,
        else a writer opened after this handle lets the file go (DuckDB allows no reader beside a writer in one
        process), reopened read-only afterwards. `panj.ingest` writes through it, and so will `panj.correct`."""
        if not self.read_only:
            yield self._store
            return
        self._store.close()
        try:
            with Store(self.path) as writer:
                yield writer
        finally:
            self._store = Store(self.path, read_only=True)

    def counts(self) -> dict[str, int]:
        """Rows per table: documents, skipped, sentences, mentions, event mentions, claims, events, near-copies."""
        return self._store.counts()

    # -- events ----------------------------------------------------------------------------------------------
    def _where(self, filters: Filters) -> tuple[str, list[Any]]:
        return event_filter(**filters).where()

    def events(self, limit: int | None = None, as_arrow: bool = False, **filters: Unpack[Filters]) -> Any:
        """Fused events matching the filters, in date order (undated last): the typed columns of the Parquet
        export (panj/tables.py `EVENTS`), nested actors, recipients, places, sources, claims and mentions, and the
        whole record as JSON in `record`."""
        where, params = self._where(filters)
        sql = f"SELECT record FROM events WHERE {where} ORDER BY date_start NULLS LAST, id"
        if limit is not None:
            sql, params = sql + " LIMIT ?", params + [int(limit)]
        rows = self._store.con.execute(sql, params).fetchall()
        return output(event_table(r[0] for r in rows), as_arrow)

    def event(self, event_id: str) -> dict[str, Any]:
        """The full record of one event (spec/events.md); KeyError when the store has none by that id."""
        row = self._store.con.execute("SELECT record FROM events WHERE id = ?", [event_id]).fetchone()
        if row is None:
            raise KeyError(f"no event {event_id!r} in {self.path}")
        return json.loads(row[0])

    def mentions(self, as_arrow: bool = False, **filters: Unpack[Filters]) -> Any:
        """The event mentions (one sentence's report, before fusion) behind the events matching the filters,
        each with its `event_id`, its own type, status, date and arguments, and the rules that coded it."""
        where, params = self._where(filters)
        rows = self._store.con.execute(
            f"""SELECT m.record, l.event_id FROM event_mentions m JOIN event_links l ON l.mention_id = m.id
                WHERE l.event_id IN (SELECT id FROM events WHERE {where})
                ORDER BY m.doc_id, m.start_char, m.id""", params).fetchall()
        records = [json.loads(r[0]) for r in rows]
        return output(mention_table(records, {m["id"]: r[1] for m, r in zip(records, rows)}), as_arrow)

    def claims(self, stance: str | Sequence[str] | None = None, as_arrow: bool = False,
               **filters: Unpack[Filters]) -> Any:
        """Who asserted, claimed, alleged, confirmed or denied the events matching the filters: one row per claim,
        with the claimant, the reporting chain (`via`, nearest first) and the words' span in the document."""
        from panj.records import STANCES

        where, params = self._where(filters)
        stances = _names(stance, STANCES, "stance")
        sql = f"""SELECT l.event_id, c.event_mention_id, c.doc_id, c.record FROM claims c
                  JOIN event_links l ON l.mention_id = c.event_mention_id
                  WHERE l.event_id IN (SELECT id FROM events WHERE {where})"""
        if stances:
            sql += " AND c.stance IN (SELECT unnest(?::VARCHAR[]))"
            params = params + [stances]
        rows = self._store.con.execute(sql + " ORDER BY c.doc_id, c.start_char, l.event_id", params).fetchall()
        out = []
        for event_id, mention_id, doc_id, rec in rows:
            c = json.loads(rec)
            out.append({**c, "event_id": event_id, "mention_id": mention_id, "doc_id": doc_id,
                        "claimant_name": (c.get("claimant") or {}).get("name")})
        return output(typed_rows(out, CLAIMS), as_arrow)

    # -- documents -------------------------------------------------------------------------------------------
    def documents(self, q: str | None = None, date_from: date | str | None = None, date_to: date | str | None = None,
                  outlet: str | None = None, with_text: bool = False, as_arrow: bool = False) -> Any:
        """Stored documents in publication order, with how many event mentions each gave; `q` searches title and
        text (case-insensitive), dates bound the publication day, `with_text` adds the text (offsets in records
        point into it)."""
        where, params = ["TRUE"], []
        if q:
            where.append("contains(lower(coalesce(d.title, '') || ' ' || d.text), ?)")
            params.append(q.lower())
        if date_from is not None:
            where.append("d.published >= ?")
            params.append(_day(date_from, "date_from"))
        if date_to is not None:
            where.append("d.published <= ?")
            params.append(_day(date_to, "date_to"))
        if outlet:
            where.append("d.outlet = ?")
            params.append(outlet)
        cur = self._store.con.execute(
            f"""SELECT d.id AS doc_id, d.title, d.outlet, d.url, d.source_path, d.language, d.published,
                       d.published_granularity, d.published_inferred, d.published_basis, d.credits, d.duplicate_of,
                       d.n_chars, (SELECT count(*) FROM event_mentions m WHERE m.doc_id = d.id) AS event_mentions,
                       d.ingested_at, d.processed_at, {'d.text' if with_text else 'NULL'} AS text
                FROM documents d WHERE {' AND '.join(where)} ORDER BY d.published NULLS LAST, d.id""", params)
        cols = [c[0] for c in cur.description]
        table = typed_rows((dict(zip(cols, r)) for r in cur.fetchall()), DOCUMENTS)
        return output(table if with_text else table.drop_columns(["text"]), as_arrow)

    # -- indicators ------------------------------------------------------------------------------------------
    def series(self, dyad: str | None = None, freq: str = "weekly", place: str | None = None,
               date_from: date | str | None = None, date_to: date | str | None = None, horizon: bool = False,
               as_arrow: bool = False) -> Any:
        """The tension series of a dyad ("TJK:AFG": sides by ISO3 code or knowledge-base id; None: every event)
        and/or an admin1 (`place`), per day or ISO week (`freq` "daily" | "weekly"), as `panj trend` computes it:
        status-weighted counts and score sums of conflict and cooperation events, the same per document
        published, percentiles against the trailing baseline, and the events behind each period. `value` is the
        net score (cooperation + conflict, conflict negative). `horizon=True` starts at the watch's horizon, as
        the dashboard and the alerts do; otherwise the whole store's span."""
        from panj.indicators.stored import series_for

        got = series_for(self._store, dyad=dyad, place=place, freq=freq, start=_day(date_from, "date_from"),
                         end=_day(date_to, "date_to"), horizon=horizon)
        rows = [{**asdict(p), "value": p.conflict_score + p.cooperation_score,
                 "conflict_per_doc": p.per_doc("conflict"), "cooperation_per_doc": p.per_doc("cooperation"),
                 "conflict_percentile": p.percentile.get("conflict"),
                 "cooperation_percentile": p.percentile.get("cooperation")} for p in got.points]
        return output(typed_rows(rows, SERIES), as_arrow)

    def alerts(self, state: str | Sequence[str] | None = "open", kind: str | Sequence[str] | None = None,
               since: date | str | None = None, include_inactive: bool = False, as_arrow: bool = False) -> Any:
        """Alerts raised on the series (newest week first), with the events behind each: open ones by default, as
        the API lists them (`state=None`: every state); `since` keeps those whose week ends on or after it;
        `include_inactive` adds those the last refresh no longer raised."""
        from panj.indicators.alerts import STATES, list_alerts

        alerts = list_alerts(self._store, since=_day(since, "since"), states=_names(state, STATES, "state"),
                             include_inactive=include_inactive, kinds=[kind] if isinstance(kind, str) else kind)
        rows = [{**asdict(a), "alert_id": a.id, "explanation": a.explanation,
                 "detail": json.dumps(a.detail, ensure_ascii=False, default=str)} for a in alerts]
        return output(typed_rows(rows, ALERTS), as_arrow)
