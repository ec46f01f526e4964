"""The Brief page: the situation brief of `panj brief` for the dashboard's current filter, with downloads.

Why the same object: the page, the downloads and the command all render `panj.briefs.build_brief`, so what an
analyst reads in the dashboard is what they hand on. The brief uses the filter's dates, place and confidence, plus
a dyad; the page says when other filters (type, status, actor, sources, text) are set, since a brief ignores them.
"""
from __future__ import annotations

from typing import Annotated
from urllib.parse import urlencode

from fastapi import APIRouter, HTTPException, Query, Request
from fastapi.responses import HTMLResponse, Response

from panj.briefs import Options, build_brief
from panj.briefs import render as brief_render
from panj.web.api import Filter, ReadStore
from panj.web.queries import EventFilter
from panj.web.render import page

router = APIRouter(include_in_schema=False)
Dyad = Annotated[str | None, Query(max_length=100, description="two sides, e.g. TJK:AFG")]
DOWNLOADS = {"html": ("text/html; charset=utf-8", "html"), "md": ("text/markdown; charset=utf-8", "md"),
             "pdf": ("application/pdf", "pdf")}
IGNORED = ("type", "actor", "status", "min_sources", "q")


def _options(flt: EventFilter, dyad: str | None) -> Options:
    return Options(dyad=(dyad or "").strip() or None, place=flt.place, since=flt.date_from, until=flt.date_to,
                   min_confidence=flt.min_confidence)


def _build(request: Request, store, flt: EventFilter, dyad: str | None):
    try:
        return build_brief(store, _options(flt, dyad), db_label=request.app.state.db_path.name)
    except ValueError as exc:
        raise HTTPException(400, str(exc)) from None


@router.get("/brief", response_class=HTMLResponse)
def brief_page(request: Request, store: ReadStore, flt: Filter, dyad: Dyad = None) -> HTMLResponse:
    brief = _build(request, store, flt, dyad)
    query = [(k, v) for k, v in flt.query_items() if k in ("date_from", "date_to", "place", "min_confidence")]
    if dyad:
        query.append(("dyad", dyad))
    ignored = [k for k in IGNORED if getattr(flt, k)]
    return page(request, "brief.html", brief=brief, body=brief_render.html_body(brief), flt=flt, dyad=dyad or "",
                query=urlencode(query), ignored=ignored)


@router.get("/brief/download")
def brief_download(request: Request, store: ReadStore, flt: Filter, dyad: Dyad = None,
                   format: Annotated[str, Query(pattern="^(html|md|pdf)$")] = "html") -> Response:
    brief = _build(request, store, flt, dyad)
    if format == "pdf":
        try:
            body: str | bytes = brief_render.to_pdf(brief)
        except RuntimeError as exc:
            raise HTTPException(501, str(exc)) from None
    elif format == "md":  # one file: the pictures travel inside it as data: URIs
        body = brief_render.to_markdown(brief, {k: brief_render.data_uri(v) if v else None
                                                for k, v in (("trend", brief.trend_png), ("map", brief.map_png))})
    else:
        body = brief_render.to_html(brief)
    media, ext = DOWNLOADS[format]
    name = f"panj-brief-{brief.since}-{brief.until}.{ext}"
    return Response(body, media_type=media, headers={"Content-Disposition": f'attachment; filename="{name}"'})


@router.get("/brief/brief.css")
def brief_css() -> Response:
    """The brief's own styles (the standalone HTML carries them inline; the dashboard's policy forbids that)."""
    return Response(brief_render.CSS.read_text(encoding="utf-8"), media_type="text/css; charset=utf-8")
