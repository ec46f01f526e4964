"""The JSON API: events (filtered, paginated), event detail, actors, places, documents, series, alerts, export.

Every response is built from the record format of spec/events.md; the store is opened read-only per request so
the dashboard never blocks an ingest between requests.
"""
from __future__ import annotations

from datetime import date
from typing import Annotated, Any, Iterator

import duckdb
from fastapi import APIRouter, Depends, HTTPException, Query, Request
from fastapi.responses import Response

from panj.fuse.confidence import default_threshold
from panj.web import aggregate, map_points as map_query, queries
from panj.web.queries import EventFilter

router = APIRouter(prefix="/api", tags=["api"])
MAX_PAGE = 1000
FACET_CACHE = 256  # filters whose facets are kept (per store version)
EXPORT_TYPES = {"csv": ("text/csv; charset=utf-8", "csv"),
                "jsonl": ("application/x-ndjson; charset=utf-8", "jsonl"),
                "geojson": ("application/geo+json; charset=utf-8", "geojson")}


def open_store(request: Request) -> Iterator[Any]:
    """The store, read-only, for the length of one request. One request at a time holds it (the app's lock):
    DuckDB refuses a read-only and a read-write handle on one file in one process, and the only writer here
    (alert states) must not meet a reader. The handle stays open between close requests (`panj.web.reader`)."""
    reader = request.app.state.reader
    with request.app.state.lock:
        try:
            yield reader.acquire()
        except duckdb.Error:
            reader.close()  # a failed request leaves no half-used handle behind
            raise
        finally:
            if reader.store is not None:
                reader.release()


def connection(store: Annotated[Any, Depends(open_store)]) -> duckdb.DuckDBPyConnection:
    return store.con


def _split(values: list[str] | None) -> list[str] | None:
    """Accept both ?type=A&type=B and ?type=A,B."""
    if not values:
        return None
    out = [v.strip() for item in values for v in item.split(",") if v.strip()]
    return out or None


def event_filter(
        date_from: Annotated[date | None, Query(description="events ending on or after this day")] = None,
        date_to: Annotated[date | None, Query(description="events starting on or before this day")] = None,
        type: Annotated[list[str] | None, Query(description="PLOVER event type(s)")] = None,
        actor: Annotated[str | None, Query(description="actor kb_id or name, as actor or recipient")] = None,
        place: Annotated[str | None, Query(description="place name, admin1 or ISO3 country")] = None,
        status: Annotated[list[str] | None, Query(description="epistemic status(es)")] = None,
        min_sources: Annotated[int | None, Query(ge=0, description="minimum independent sources")] = None,
        q: Annotated[str | None, Query(max_length=200, description="free text in summary, sentences, names")] = None,
        min_confidence: Annotated[float | None, Query(ge=0, le=1, description=(
            "minimum event confidence; default: the configured threshold (panj/data/fusion.yaml), 0 for all"))] = None,
) -> EventFilter:
    return EventFilter(date_from, date_to, _split(type), actor or None, place or None, _split(status),
                       min_sources, q or None,
                       default_threshold() if min_confidence is None else min_confidence)


Con = Annotated[duckdb.DuckDBPyConnection, Depends(connection)]
ReadStore = Annotated[Any, Depends(open_store)]
Filter = Annotated[EventFilter, Depends(event_filter)]
Limit = Annotated[int, Query(ge=1, le=MAX_PAGE)]
Offset = Annotated[int, Query(ge=0)]


def page(items: list[Any], total: int, limit: int, offset: int, **extra: Any) -> dict[str, Any]:
    return {"total": total, "limit": limit, "offset": offset, "items": items, **extra}


@router.get("/events", summary="Fused events matching the filter, in date order")
def list_events(con: Con, flt: Filter, limit: Limit = 50, offset: Offset = 0) -> dict[str, Any]:
    items, total = queries.events(con, flt, limit, offset)
    return page(items, total, limit, offset)


@router.get("/events/facets", summary="Counts by type, status, actor, place and month for the filter")
def event_facets(request: Request, store: ReadStore, flt: Filter) -> dict[str, Any]:
    # counts over a million events take half a second; they are kept until the store's events change
    cache = request.app.state.facets
    key = (store.events_version(), tuple(flt.query_items()))
    if key not in cache:
        if len(cache) >= FACET_CACHE:
            cache.clear()
        cache[key] = {"total": queries.count(store.con, flt), **queries.facets(store.con, flt)}
    return cache[key]


@router.get("/map", summary="One point per place of the filtered events (their main places), with its event count")
def map_points(con: Con, flt: Filter, limit: Annotated[int, Query(ge=1, le=20000)] = 5000) -> dict[str, Any]:
    points, total, located = map_query.points(con, flt, limit)
    return {"total": total, "located": located, "places": len(points), "items": points}


@router.get("/events/{event_id}", summary="One event with its coding rules and related events")
def event_detail(con: Con, event_id: str) -> dict[str, Any]:
    rec = queries.event(con, event_id)
    if rec is None:
        raise HTTPException(404, "no such event")
    mentions = queries.mention_records(con, event_id)
    rules = [{"mention_id": m.get("id"), "doc_id": m.get("doc_id"), "rules": m.get("rules") or []} for m in mentions]
    related = [{"id": r["id"], "event_type": r.get("event_type"), "date": r.get("date"),
                "status": r.get("status"), "summary": r.get("summary")} for r in queries.related_events(con, rec)]
    return {"event": rec, "rules": rules, "related": related}


@router.get("/actors", summary="Participants of the filtered events with event counts")
def list_actors(con: Con, flt: Filter, limit: Limit = 100, offset: Offset = 0) -> dict[str, Any]:
    rows = queries.actors(con, flt)
    return page(rows[offset:offset + limit], len(rows), limit, offset)


@router.get("/actors/{key}", summary="An actor: its events over time and its network of counterparts")
def actor_detail(con: Con, key: str, flt: Filter) -> dict[str, Any]:
    flt.actor = key
    records, total = queries.events(con, flt)
    if not total:
        raise HTTPException(404, "no events for this actor")
    info = next((a for a in aggregate.actors(records) if a["key"] == key), {"key": key, "name": key})
    return {"actor": info, "timeline": aggregate.actor_timeline(records),
            "network": aggregate.network(records, key), "events": total}


@router.get("/places", summary="Places of the filtered events with event counts")
def list_places(con: Con, flt: Filter, limit: Limit = 100, offset: Offset = 0) -> dict[str, Any]:
    rows = queries.places(con, flt)
    return page(rows[offset:offset + limit], len(rows), limit, offset)


@router.get("/dyads", summary="Actor pairs of the filtered events, most frequent first")
def list_dyads(con: Con, flt: Filter, limit: Annotated[int, Query(ge=1, le=200)] = 20) -> dict[str, Any]:
    from panj.indicators import web as indicators_adapter

    where, params = flt.where()
    keyed = indicators_adapter.dyads(con, where, params, limit)
    if keyed is not None:
        return {"source": "panj.indicators", "items": keyed}
    return {"source": "fallback", "items": aggregate.dyads(queries.events(con, flt)[0], limit)}


@router.get("/documents", summary="Stored documents (metadata only), in publication order")
def list_documents(con: Con, limit: Limit = 50, offset: Offset = 0,
                   q: Annotated[str | None, Query(max_length=200)] = None) -> dict[str, Any]:
    items, total = queries.documents(con, limit, offset, q)
    return page(items, total, limit, offset)


@router.get("/documents/{doc_id}", summary="A document's text with its extracted spans")
def document_detail(con: Con, doc_id: str) -> dict[str, Any]:
    doc = queries.document(con, doc_id)
    if doc is None:
        raise HTTPException(404, "no such document")
    return {"document": doc, "spans": queries.document_spans(con, doc_id)}


@router.get("/series", summary="The tension series of a dyad (weekly, from panj.indicators when installed)")
def series(store: ReadStore, con: Con, flt: Filter, a: str, b: str) -> dict[str, Any]:
    from panj.indicators import web as indicators_adapter

    got = indicators_adapter.dyad_series(store, a, b, flt.date_from, flt.date_to)
    if got is not None:
        return {"a": a, "b": b, "source": "panj.indicators", "note": None, "items": got}
    items = aggregate.monthly_tension(queries.events(con, flt)[0], a, b)
    return {"a": a, "b": b, "source": "fallback",
            "note": "panj.indicators is not available: monthly sum of PLOVER scores of the pair's events, "
                    "not coverage-normalised", "items": items}


@router.get("/alerts", summary="Open alerts with the events behind them")
def alerts(store: ReadStore) -> dict[str, Any]:
    from panj.indicators import web as indicators_adapter

    items, source, note = indicators_adapter.open_alerts(store)
    return {"items": items, "source": source, "note": note}


@router.post("/alerts/{alert_id}/state", summary="Acknowledge, dismiss or reopen an alert (needs the token)")
def alert_state(request: Request, alert_id: str,
                state: Annotated[str, Query(pattern="^(open|acknowledged|dismissed)$")]) -> dict[str, Any]:
    from panj.indicators import web as indicators_adapter

    with request.app.state.lock:
        request.app.state.reader.close()  # this process writes: its own read-only handle must go first
        try:
            return indicators_adapter.set_alert_state(request.app.state.db_path, alert_id, state)
        except KeyError as exc:
            raise HTTPException(404, str(exc.args[0] if exc.args else exc)) from None
        except LookupError as exc:
            raise HTTPException(501, str(exc)) from None


@router.get("/export", summary="The filtered events as CSV, JSONL or GeoJSON (spec/events.md)")
def export(con: Con, flt: Filter,
           format: Annotated[str, Query(pattern="^(csv|jsonl|geojson)$")] = "csv") -> Response:
    from panj.export import render, with_flags

    records = [with_flags(r) for r in queries.events(con, flt)[0]]
    media, ext = EXPORT_TYPES[format]
    return Response(render(records, format), media_type=media,
                    headers={"Content-Disposition": f'attachment; filename="panj-events.{ext}"'})
