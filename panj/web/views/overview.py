"""The overview page: map, timeline, tension chart, alerts, facets and the event list, all from the API.

The page itself carries only the filter form; the script reads the filter from the URL so that every view,
the export links and a shared link show the same selection.
"""
from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse

from panj.records import PLOVER_TYPES, STATUSES
from panj.web.api import event_filter
from panj.web.queries import EventFilter
from panj.web.render import page

router = APIRouter(include_in_schema=False)


@router.get("/", response_class=HTMLResponse)
def overview(request: Request, flt: Annotated[EventFilter, Depends(event_filter)]) -> HTMLResponse:
    return page(request, "overview.html", flt=flt, types=PLOVER_TYPES, statuses=STATUSES)
