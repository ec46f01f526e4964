"""The analyst's side of the dashboard: the Review page (events that most need a human) and the corrections API
the event page's forms call (every write needs the token; the app's guard refuses it otherwise).

Why one module: both read the same log (panj/store/corrections.py) and write through the same path as
`panj correct` (panj/corrections/entries.py), so a form and the CLI cannot disagree.
"""
from __future__ import annotations

import json
from functools import lru_cache
from importlib import resources
from typing import Any, Literal

import yaml
from fastapi import APIRouter, HTTPException, Request
from fastapi.responses import HTMLResponse
from pydantic import BaseModel, Field

from panj.fuse.confidence import default_threshold
from panj.store import corrections as log
from panj.web.api import Con
from panj.web.render import page

router = APIRouter()


@lru_cache(maxsize=1)
def settings() -> dict[str, Any]:
    return yaml.safe_load(resources.files("panj.data").joinpath("review.yaml").read_text("utf-8"))


def _records(con, where: str, params: list[Any], order: str, limit: int) -> tuple[list[dict], int]:
    total = con.execute(f"SELECT count(*) FROM events WHERE {where}", params).fetchone()[0]
    rows = con.execute(f"SELECT record FROM events WHERE {where} ORDER BY {order} LIMIT ?", params + [limit]).fetchall()
    return [json.loads(r[0]) for r in rows], total


def _types_scoring(at_least: float) -> list[str]:
    """Types with a mode or base score this far from zero (plover.yaml): the SQL reads record JSON only for them."""
    from panj.extract.events.lexicon import load

    out = []
    for name, t in load().types.items():
        scores = [t["score"]] + [m["score"] for m in (t.get("modes") or {}).values()]
        if any(abs(float(x)) >= at_least for x in scores):
            out.append(name)
    return sorted(out)


def review_lists(con) -> dict[str, Any]:
    """The four queues, each worst first: (events, how many in all), and the orphaned corrections."""
    cfg, threshold = settings(), default_threshold()
    limit = int(cfg["limit"])
    score = "abs(TRY_CAST(json_extract_string(record, '$.score') AS DOUBLE))"
    return {
        "threshold": threshold, "high_score": cfg["high_conflict_score"],
        "low_confidence": _records(con, "confidence < ?", [threshold], "confidence, id", limit),
        "disputed": _records(con, "status = 'disputed'", [], "confidence NULLS FIRST, id", limit),
        "single_source": _records(con, f"independent_sources <= 1 AND event_type IN (SELECT unnest(?::VARCHAR[])) "
                                       f"AND {score} >= ?", [_types_scoring(cfg["high_conflict_score"]),
                                                             cfg["high_conflict_score"]], f"{score} DESC, id", limit),
        "orphaned": log.orphaned(con),
    }


@router.get("/review", response_class=HTMLResponse, include_in_schema=False)
def review_page(request: Request, con: Con) -> HTMLResponse:
    return page(request, "review.html", **review_lists(con))


@router.get("/api/review", tags=["corrections"], summary="Events that most need a human, and orphaned corrections")
def review_api(con: Con) -> dict[str, Any]:
    got = review_lists(con)
    out: dict[str, Any] = {k: got[k] for k in ("threshold", "high_score", "orphaned")}
    for k in ("low_confidence", "disputed", "single_source"):
        items, total = got[k]
        out[k] = {"total": total, "items": [{f: r.get(f) for f in ("id", "event_type", "status", "date", "summary",
                                                                   "confidence", "independent_sources", "score")}
                                            for r in items]}
    return out


@router.get("/api/events/{event_id}/corrections", tags=["corrections"], summary="An event's correction history")
def history(con: Con, event_id: str) -> dict[str, Any]:
    return {"items": log.for_event(con, event_id)}


class CorrectionIn(BaseModel):
    """One correction from the event page: `set` {field: value as text}, `reject`, `merge` (with `events`),
    `split` (the `mentions` to move out) or `withdraw` (a `correction` id); `note` is required."""
    action: Literal["set", "reject", "merge", "split", "withdraw"]
    set: dict[str, str] = Field(default_factory=dict)
    events: list[str] = Field(default_factory=list)
    mentions: list[str] = Field(default_factory=list)
    correction: str | None = None
    note: str = Field(default="", max_length=2000)
    by: str | None = Field(default=None, max_length=100)


@router.post("/api/events/{event_id}/corrections", tags=["corrections"],
             summary="Correct, reject, merge, split or withdraw (needs the token)")
def correct(request: Request, event_id: str, body: CorrectionIn) -> dict[str, Any]:
    from panj.corrections import entries
    from panj.corrections.fields import CorrectionError
    from panj.store import Store

    calls = {
        "set": lambda s: entries.set_fields(s, event_id, [f"{k}={v}" for k, v in body.set.items()], body.note,
                                            body.by),
        "reject": lambda s: entries.reject(s, event_id, body.note, body.by),
        "merge": lambda s: entries.merge(s, [event_id, *body.events], body.note, body.by),
        "split": lambda s: entries.split(s, event_id, body.mentions, body.note, body.by),
        "withdraw": lambda s: entries.withdraw(s, body.correction or "", body.note, body.by),
    }
    with request.app.state.lock:
        request.app.state.reader.close()  # this process writes: its own read-only handle must go first
        try:
            with Store(request.app.state.db_path) as store:
                outcome = calls[body.action](store)
                shown = {r["id"] for r in store.events_by_id([event_id])}
        except CorrectionError as exc:
            raise HTTPException(400, str(exc)) from None
    return {"lines": outcome.lines(), "entries": outcome.entries,
            "next": f"/event/{event_id}" if shown else "/review"}
