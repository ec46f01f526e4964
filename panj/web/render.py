"""Helpers the page templates share: highlight segments, safe links, and the page response.

Why segments: highlighting is done by cutting the text into plain pieces that the template escapes one by one,
never by building HTML strings from article text.
"""
from __future__ import annotations

from typing import Any

from fastapi import Request
from fastapi.responses import HTMLResponse

from panj.safety import safe_url

Dict = dict[str, Any]




def segments(text: str, spans: list[Dict], offset: int = 0) -> list[Dict]:
    """Cut `text` (which starts at document offset `offset`) at every span boundary.

    Each piece: {"text", "kinds": [...], "titles": [...], "event_id"}; overlapping spans give a piece all their
    kinds, so nothing is dropped when an actor sits inside an event trigger's sentence."""
    n = len(text)
    cuts = {0, n}
    inside = []
    for s in spans:
        a, b = s["start"] - offset, s["end"] - offset
        if b <= 0 or a >= n or a >= b:
            continue
        a, b = max(a, 0), min(b, n)
        cuts.update((a, b))
        inside.append((a, b, s))
    points = sorted(cuts)
    out = []
    for a, b in zip(points, points[1:]):
        covering = [s for (x, y, s) in inside if x <= a and b <= y]
        out.append({"text": text[a:b], "kinds": sorted({s["kind"] for s in covering}),
                    "titles": [s.get("title") for s in covering if s.get("title")],
                    "event_id": next((s.get("event_id") for s in covering if s.get("event_id")), None)})
    return out


def window(text: str, start: int, end: int, pad: int = 280) -> tuple[int, int]:
    """A context window around [start, end], widened to whole words."""
    lo, hi = max(0, start - pad), min(len(text), end + pad)
    while lo > 0 and not text[lo - 1].isspace() and start - lo < pad + 40:
        lo -= 1
    while hi < len(text) and not text[hi].isspace() and hi - end < pad + 40:
        hi += 1
    return lo, hi


def names(actors: list[Dict] | None) -> str:
    return ", ".join(dict.fromkeys(a.get("name") or a.get("text") or "?" for a in actors or [])) or "—"


# How a date was found, for the reader (DateValue.basis); a date the text states plainly needs no note.
DATE_BASIS_NOTES = {
    "publication": "the publication date stands in",
    "inferred-publication": "the inferred publication date stands in",
    "narrative-anchor": "counted from the narrative's last date",
    "knowledge": "from the known date of an event it names",
    "citation": "the date of a cited report",
    "embedded-report": "from an embedded report of unknown date: no earlier than its actors, no later than the page",
}


def date_label(d: Dict | None, notes: bool = False) -> str:
    """"2022-05-07 (day)"; with `notes`, also how the date was found ("the publication date stands in")."""
    if not d or not d.get("start"):
        return "undated"
    s, e = str(d["start"])[:10], str(d.get("end") or d["start"])[:10]
    span = s if s == e else f"{s} – {e}"
    note = DATE_BASIS_NOTES.get(d.get("basis") or "text") if notes else None
    if notes and d.get("publication_inferred") and d.get("basis") not in ("inferred-publication", "embedded-report"):
        note = "; ".join(filter(None, [note, "resolved against an inferred publication date"]))
    return f"{span} ({d.get('granularity') or '?'}{'; ' + note if note else ''})"


FILTERS = {"safe_url": safe_url, "names": names, "date_label": date_label}


def page(request: Request, template: str, status_code: int = 200, **context: Any) -> HTMLResponse:
    env = request.app.state.templates
    html = env.get_template(template).render(request=request, **context)
    return HTMLResponse(html, status_code=status_code)
