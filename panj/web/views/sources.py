"""The Sources page: every folder and feed `panj watch` polls, with its last poll, last success, last error and
the items it saw and added (panj/watch/state.py)."""
from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse

from panj.watch import state
from panj.web.api import Con
from panj.web.render import page

router = APIRouter(include_in_schema=False)


@router.get("/sources", response_class=HTMLResponse)
def sources_page(request: Request, con: Con) -> HTMLResponse:
    rows = state.rows(con)
    return page(request, "sources.html", rows=rows, failing=sum(1 for r in rows if r["last_status"] == "error"))
