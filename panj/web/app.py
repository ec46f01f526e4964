"""The dashboard application: JSON API, server-rendered pages, static files, and the safety rules.

Safety: a strict Content-Security-Policy (scripts, styles, data only from panj itself; no inline script or style),
Jinja2 autoescaping for every page, and no state-changing request without the token printed at start.
"""
from __future__ import annotations

import hmac
import secrets
import threading
from pathlib import Path

from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse
from fastapi.staticfiles import StaticFiles
from jinja2 import Environment, FileSystemLoader, select_autoescape

HERE = Path(__file__).resolve().parent
STATIC = HERE / "static"
TEMPLATES = HERE / "templates"
SAFE_METHODS = {"GET", "HEAD", "OPTIONS"}
CSP = ("default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self'; "
       "connect-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'")
SECURITY_HEADERS = {
    "Content-Security-Policy": CSP,
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "X-Frame-Options": "DENY",
    "Cross-Origin-Opener-Policy": "same-origin",
}


def templates() -> Environment:
    """Autoescape on for every template (`.html` and strings alike), so article text is always inert."""
    env = Environment(loader=FileSystemLoader(str(TEMPLATES)), autoescape=select_autoescape(default=True,
                                                                                          default_for_string=True))
    from panj.web import render

    env.filters.update(render.FILTERS)
    return env


def create_app(db_path: Path | str, token: str | None = None, store=None) -> FastAPI:
    """The app over one store file. `token` guards every non-GET request (a fresh one when not given). `store`: the
    store this process holds open for writing (`panj watch --serve`), which requests then read through cursors."""
    from panj.store import Store
    from panj.web import api
    from panj.web.reader import Reader, SharedReader
    from panj.web.views import actor, brief, document, event, overview, review, sources

    import duckdb

    db_path = Path(db_path)
    try:  # create or migrate once; requests then open it read-only
        if store is None:
            Store(db_path).close()
    except duckdb.IOException:  # another process (an ingest) holds it: serve what it has
        if not db_path.exists():
            raise
    app = FastAPI(title="panj", version="0.1.0", docs_url=None, redoc_url=None,  # their UIs load from a CDN
                  description="The API over a panj store: fused events per spec/events.md with their mentions, "
                              "claims and sources; actors, places, documents, tension series and alerts. Only "
                              "alert states and analysts' corrections can be written, with the token `panj serve` prints.")
    app.state.db_path = db_path
    app.state.token = token or secrets.token_urlsafe(24)
    app.state.templates = templates()
    app.state.lock = threading.Lock()
    app.state.reader = Reader(db_path, app.state.lock) if store is None else SharedReader(store)
    app.state.facets = {}  # (events version, filter) -> facets

    @app.exception_handler(duckdb.IOException)
    async def busy(request: Request, exc: duckdb.IOException) -> JSONResponse:
        return JSONResponse({"detail": f"the store is busy (another panj process is writing it): {exc}"},
                            status_code=503)

    @app.middleware("http")
    async def guard(request: Request, call_next):
        if request.method not in SAFE_METHODS:
            given = request.headers.get("x-panj-token") or request.headers.get("authorization", "").removeprefix(
                "Bearer ").strip()
            if not given or not hmac.compare_digest(given, app.state.token):
                response = JSONResponse({"detail": "this request changes state: send the token panj serve "
                                                   "printed, as the X-Panj-Token header"}, status_code=403)
                response.headers.update(SECURITY_HEADERS)
                return response
        response = await call_next(request)
        response.headers.update(SECURITY_HEADERS)
        return response

    app.include_router(api.router)
    for view in (overview, event, actor, document, brief, sources, review):
        app.include_router(view.router)
    app.mount("/static", StaticFiles(directory=str(STATIC)), name="static")
    return app
