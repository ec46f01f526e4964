"""The fields an analyst may set, how a value given as text becomes a record value, and how a set value changes a
record (with the fields derived from it: score, quad class and CAMEO from type and mode, the summary).

Why text in one place: the CLI (`--set FIELD=VALUE`) and the dashboard's forms give the same strings, and a bad
one must fail the same way, with one line, before anything is written.
"""
from __future__ import annotations

import re
from datetime import date
from typing import Any

from panj.records import PLOVER_TYPES, STATUSES

Dict = dict[str, Any]
FIELDS = ("event_type", "mode", "status", "date", "place", "actors", "recipients")
DERIVED = ("score", "quad_class", "cameo", "summary")  # recomputed after a set; their machine values are kept too
NONE_WORDS = ("", "none", "null", "-")


class CorrectionError(ValueError):
    """A bad event id, field or value: its message is the one line the user sees."""


def parse(field: str, text: str, record: Dict) -> Any:
    """The record value for `field` given as text (`record` is the event as shown: a mode is checked against
    its type)."""
    if field not in FIELDS:
        raise CorrectionError(f"unknown field {field!r}: choose one of {', '.join(FIELDS)}")
    text = text.strip()
    return {"event_type": _event_type, "mode": _mode, "status": _status, "date": _date, "place": _place,
            "actors": _actors, "recipients": _actors}[field](text, record)


def _event_type(text: str, record: Dict) -> str:
    t = text.upper()
    if t not in PLOVER_TYPES:
        raise CorrectionError(f"unknown event type {text!r}: choose one of the 16 PLOVER types ({', '.join(PLOVER_TYPES)})")
    return t


def _modes(event_type: str) -> list[str]:
    from panj.extract.events.lexicon import load

    return sorted((load().types.get(event_type) or {}).get("modes") or {})


def _mode(text: str, record: Dict) -> str | None:
    if text.lower() in NONE_WORDS:
        return None
    modes = _modes(record["event_type"])
    if text not in modes:
        raise CorrectionError(f"mode {text!r} is not a PLOVER mode of {record['event_type']}"
                              f" (modes: {', '.join(modes) or 'none'})")
    return text


def _status(text: str, record: Dict) -> str:
    if text.lower() not in STATUSES:
        raise CorrectionError(f"unknown status {text!r}: choose one of {', '.join(STATUSES)}")
    return text.lower()


_DAY = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")


def _bounds(part: str) -> tuple[date, date, str]:
    if not _DAY.match(part):
        raise ValueError(part)
    bits = [int(x) for x in part.split("-")]
    if len(bits) == 3:
        d = date(*bits)
        return d, d, "day"
    if len(bits) == 2:
        first = date(bits[0], bits[1], 1)
        nxt = date(bits[0] + (bits[1] == 12), bits[1] % 12 + 1, 1)
        return first, date.fromordinal(nxt.toordinal() - 1), "month"
    return date(bits[0], 1, 1), date(bits[0], 12, 31), "year"


def _date(text: str, record: Dict) -> Dict:
    """START[..END], each YYYY-MM-DD, YYYY-MM or YYYY; the granularity is the coarser of the two ends."""
    start_text, _, end_text = text.partition("..")
    try:
        lo, _, g1 = _bounds(start_text.strip())
        _, hi, g2 = _bounds((end_text or start_text).strip())
    except ValueError:
        raise CorrectionError(f"bad date {text!r}: give START[..END] as YYYY-MM-DD, YYYY-MM or YYYY") from None
    if hi < lo:
        raise CorrectionError(f"bad date {text!r}: the end comes before the start")
    order = ("day", "month", "year")
    gran = max(g1, g2, key=order.index)
    return {"start": lo.isoformat(), "end": hi.isoformat(), "granularity": gran, "text": text, "basis": "analyst"}


_LATLON = re.compile(r"^\s*(-?\d+(?:\.\d+)?)\s*,\s*(-?\d+(?:\.\d+)?)\s*$")


def _place(text: str, record: Dict) -> list[Dict]:
    """A gazetteer name (its best-known entry: primary name, then precision, then population) or `lat,lon`."""
    m = _LATLON.match(text)
    if m:
        lat, lon = float(m.group(1)), float(m.group(2))
        if not (-90 <= lat <= 90 and -180 <= lon <= 180):
            raise CorrectionError(f"bad place {text!r}: latitude must lie in -90..90 and longitude in -180..180")
        return [{"name": f"{lat:.4f}, {lon:.4f}", "text": text, "country": None, "admin1": None, "admin2": None,
                 "lat": lat, "lon": lon, "geonames_id": None, "precision": "point", "role": "site",
                 "basis": "analyst"}]
    from panj import gazetteer

    found = gazetteer.load().candidates(text) if text else []
    if not found:
        raise CorrectionError(f"unknown place {text!r}: give a gazetteer name or lat,lon")
    rank = {"point": 0, "admin2": 1, "admin1": 2, "country": 3, "region": 4}
    e, _ = min(found, key=lambda c: (not c[1], rank.get(c[0].precision, 9), -c[0].population, c[0].id))
    return [{"name": e.name, "text": text, "country": e.iso3, "admin1": e.admin1, "admin2": e.admin2, "lat": e.lat,
             "lon": e.lon, "geonames_id": e.geonames_id, "precision": e.precision, "role": "site",
             "basis": "analyst"}]


def _actors(text: str, record: Dict) -> list[Dict]:
    """Comma-separated knowledge-base ids or names, each resolved to its role on the event's date."""
    from panj.kb import load_kb

    kb = load_kb()
    start = (record.get("date") or {}).get("start")
    when = date.fromisoformat(str(start)[:10]) if start else None
    out = []
    for name in [x.strip() for x in text.split(",") if x.strip()]:
        entry = kb.get(name) if name in kb else kb.find(name)
        if entry is None:
            raise CorrectionError(f"unknown actor {name!r}: give a knowledge-base id or a name it knows")
        a = kb.actor(entry.id, name, when, rule="analyst").to_dict()
        out.append({k: a.get(k) for k in ("name", "text", "kb_id", "wikidata", "country", "sector", "rule")})
    return out


def apply_set(rec: Dict, field: str, value: Any) -> None:
    """Set a field on a record and recompute what derives from it."""
    from panj.extract.events.lexicon import score_of
    from panj.fuse.record import summary

    if field == "place":
        rec["locations"] = value
    else:
        rec[field] = value
    if field == "event_type" and rec.get("mode") not in _modes(value):
        rec["mode"] = None  # the old type's mode means nothing for the new type
    if field in ("event_type", "mode"):
        rec["score"], rec["quad_class"], rec["cameo"] = score_of(rec["event_type"], rec.get("mode"))
    rec["summary"] = summary(rec)


def shown(rec: Dict, field: str) -> Any:
    """The record's current value of a field, as the log keeps it for `before`."""
    return rec.get("locations") if field == "place" else rec.get(field)
