"""Helpers the page templates share: highlight segments, safe links, and the page response.

Why segments: highlighting is done by cutting the text into plain pieces that the template escapes one by one,
never by building HTML strings from article text.
"""
from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit

from fastapi import Request
from fastapi.responses import HTMLResponse

Dict = dict[str, Any]


def safe_url(url: Any) -> str | None:
    """Only http(s) links are rendered as links; `javascript:` and the like become plain text."""
    if not isinstance(url, str):
        return None
    try:
        scheme = urlsplit(url.strip()).scheme.lower()
    except ValueError:
        return None
    return url.strip() if scheme in ("http", "https") else None


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


def date_label(d: Dict | None) -> str:
    if not d or not d.get("start"):
        return "undated"
    s, e = str(d["start"])[:10], str(d.get("end") or d["start"])[:10]
    span = s if s == e else f"{s} – {e}"
    return f"{span} ({d.get('granularity') or '?'})"


FILTERS = {"safe_url": safe_url, "names": names, "date_label": date_label}


def page(request: Request, template: str, status_code: int = 200, **context: Any) -> HTMLResponse:
    env = request.app.state.templates
    html = env.get_template(template).render(request=request, **context)
    return HTMLResponse(html, status_code=status_code)
