"""The event page: every mention with its sentence highlighted in its document, the claims, the sources, the
rules that coded it, related events, the event's correction history and the forms to correct it."""
from __future__ import annotations

from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse

from panj.corrections.fields import FIELDS
from panj.store import corrections
from panj.web import queries
from panj.web.api import Con, connection  # noqa: F401 - Con resolves through connection
from panj.web.render import page, segments, window

router = APIRouter(include_in_schema=False)


def mention_view(m: dict, doc: dict | None, claims: list[dict]) -> dict:
    """One mention in its document's context: the sentence, its trigger and the claim words as spans."""
    view = {"mention": m, "doc": doc, "segments": None}
    text = (doc or {}).get("text")
    if not text or m.get("start") is None:
        return view
    lo, hi = window(text, m["start"], m["end"])
    spans = [{"kind": "sentence", "start": m["start"], "end": m["end"]}]
    if m.get("trigger_start") is not None:
        spans.append({"kind": "trigger", "start": m["trigger_start"], "end": m["trigger_end"],
                      "title": f"trigger: {m.get('event_type')}"})
    for c in claims:
        if c.get("doc_id") == m["doc_id"] and c.get("start") is not None:
            spans.append({"kind": "claim", "start": c["start"], "end": c["end"], "title": f"stance: {c.get('stance')}"})
    view.update(segments=segments(text[lo:hi], spans, lo), before=lo > 0, after=hi < len(text))
    return view


@router.get("/event/{event_id}", response_class=HTMLResponse)
def event_page(request: Request, event_id: str, con: Con) -> HTMLResponse:
    rec = queries.event(con, event_id)
    hidden = rec is None and corrections.machine_records(con, [event_id])
    if hidden:  # rejected or merged into another: the machine's record, the history, and a way to withdraw
        return page(request, "event.html", status_code=404, e=hidden[0], mentions=[], claims=[], docs={}, coded=[],
                    related=[], history=corrections.for_event(con, event_id), fields=FIELDS, hidden=True)
    if rec is None:
        return page(request, "missing.html", status_code=404, what="event", key=event_id)
    claims = rec.get("claims") or []
    docs = queries.doc_titles(con, list(dict.fromkeys(m["doc_id"] for m in rec.get("mentions") or [])))
    mentions = [mention_view(m, docs.get(m["doc_id"]), claims) for m in rec.get("mentions") or []]
    coded = queries.mention_records(con, event_id)
    return page(request, "event.html", e=rec, mentions=mentions, claims=claims, docs=docs, coded=coded,
                related=queries.related_events(con, rec), history=corrections.for_event(con, event_id),
                fields=FIELDS)
