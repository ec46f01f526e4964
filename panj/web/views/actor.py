"""The actor page: its events over time and its network of counterparts (drawn by actor.js)."""
from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse

from panj.fuse.confidence import default_threshold
from panj.web import aggregate, queries
from panj.web.api import Con
from panj.web.queries import EventFilter
from panj.web.render import page

router = APIRouter(include_in_schema=False)


@router.get("/actor/{key}", response_class=HTMLResponse)
def actor_page(request: Request, key: str, con: Con) -> HTMLResponse:
    records, total = queries.events(con, EventFilter(actor=key, min_confidence=default_threshold()))
    if not total:
        return page(request, "missing.html", status_code=404, what="actor", key=key)
    info = next((a for a in aggregate.actors(records) if a["key"] == key), {"key": key, "name": key})
    data = {"key": key, "timeline": aggregate.actor_timeline(records), "network": aggregate.network(records, key)}
    return page(request, "actor.html", actor=info, events=records[:500], total=total, data=data)
