"""The document pages: the list, and one document's text with its extracted events, actors, places and dates
highlighted."""
from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse

from panj.web import queries
from panj.web.api import Con
from panj.web.render import page, segments

router = APIRouter(include_in_schema=False)
PAGE = 100


def _title(s: dict) -> str | None:
    r = s.get("record") or {}
    if s["kind"] == "event":
        return f"{r.get('event_type')} ({r.get('status')})"
    if s["kind"] == "time":
        return " – ".join(str(x) for x in dict.fromkeys((r.get("start"), r.get("end"))) if x) or r.get("granularity")
    if s["kind"] == "place":
        return ", ".join(str(x) for x in (r.get("name"), r.get("admin1"), r.get("country")) if x) or None
    return ", ".join(str(x) for x in (r.get("name"), r.get("country"), r.get("sector")) if x) or None


@router.get("/documents", response_class=HTMLResponse)
def documents_page(request: Request, con: Con, offset: Annotated[int, Query(ge=0)] = 0,
                   q: Annotated[str | None, Query(max_length=200)] = None) -> HTMLResponse:
    items, total = queries.documents(con, PAGE, offset, q)
    return page(request, "documents.html", items=items, total=total, offset=offset, q=q or "", size=PAGE)


@router.get("/document/{doc_id}", response_class=HTMLResponse)
def document_page(request: Request, doc_id: str, con: Con) -> HTMLResponse:
    doc = queries.document(con, doc_id)
    if doc is None:
        return page(request, "missing.html", status_code=404, what="document", key=doc_id)
    spans = queries.document_spans(con, doc_id)
    for s in spans:
        s["title"] = _title(s)
        s["event_id"] = (s.get("record") or {}).get("event_id") if s["kind"] == "event" else None
    by_kind: dict[str, list[dict]] = {"event": [], "actor": [], "place": [], "time": []}
    for s in spans:
        by_kind.setdefault(s["kind"], []).append(s)
    return page(request, "document.html", doc=doc, segments=segments(doc["text"], spans), by_kind=by_kind)
