"""The event filter every reader of the store shares: the dashboard's API and pages, and the Python library
(`panj.open(...).events(...)`), as one WHERE clause of fixed fragments with bound parameters.

Why below both: the web package and the library read the same events the same way; neither imports the other.
"""
from __future__ import annotations

from dataclasses import dataclass, fields
from datetime import date
from typing import Any

# SQL expressions over the events.record JSON (fixed strings from our code, never user input)
_ACTOR_KEYS = ("list_concat(json_extract_string(record, '$.actors[*].kb_id'), "
               "json_extract_string(record, '$.actors[*].name'), "
               "json_extract_string(record, '$.recipients[*].kb_id'), "
               "json_extract_string(record, '$.recipients[*].name'))")
_PLACE_KEYS = ("list_concat(json_extract_string(record, '$.locations[*].name'), "
               "json_extract_string(record, '$.locations[*].admin1'), "
               "json_extract_string(record, '$.locations[*].country'))")
_TEXT = ("lower(concat_ws(' ', json_extract_string(record, '$.summary'), "
         "array_to_string(json_extract_string(record, '$.mentions[*].sentence'), ' '), "
         f"array_to_string({_ACTOR_KEYS}, ' '), array_to_string({_PLACE_KEYS}, ' ')))")
# the columns of the events table that `event_keys` repeats (panj/store/event_index.py)
_KEYED = ("date_start, date_end, event_type, status, independent_sources, confidence, actor_keys, place_keys, "
          "place, lat, lon, place_precision, summary")


@dataclass
class EventFilter:
    """The filters shared by every view (and kept in the page URL under the same names)."""

    date_from: date | None = None
    date_to: date | None = None
    type: list[str] | None = None
    actor: str | None = None
    place: str | None = None
    status: list[str] | None = None
    min_sources: int | None = None
    q: str | None = None
    min_confidence: float | None = None  # events fused before confidence existed (NULL) are never hidden

    def where(self, omit: str | None = None) -> tuple[str, list[Any]]:
        """A WHERE clause of fixed fragments and its bound parameters; `omit`: leave out the actor or place
        condition (what `rows` reads the rows of)."""
        parts, params = ["TRUE"], []
        if self.date_from:  # events overlapping the range; undated events drop out of a dated view
            parts.append("coalesce(date_end, date_start) >= ?")
            params.append(self.date_from)
        if self.date_to:
            parts.append("date_start <= ?")
            params.append(self.date_to)
        if self.type:
            parts.append(f"event_type IN ({', '.join('?' for _ in self.type)})")
            params.extend(self.type)
        if self.status:
            parts.append(f"status IN ({', '.join('?' for _ in self.status)})")
            params.extend(self.status)
        if self.min_sources:
            parts.append("coalesce(independent_sources, 0) >= ?")
            params.append(self.min_sources)
        if self.min_confidence:
            parts.append("coalesce(confidence, 1) >= ?")
            params.append(self.min_confidence)
        for kind in ("actor", "place"):  # actor: as actor or recipient, by kb id or name; place: by name, admin1 or
            # ISO3 country. One key column of the filter keys (panj/store/event_index.py)
            if getattr(self, kind) and kind != omit:
                parts.append("id IN (SELECT event_id FROM event_keys WHERE kind = ? AND key = ?)")
                params += [kind, getattr(self, kind)]
        if self.q:
            parts.append(f"contains({_TEXT}, ?)")
            params.append(self.q.lower())
        return " AND ".join(parts), params

    def rows(self) -> tuple[str, list[Any]]:
        """The filtered events' rows as SQL and its parameters, with the events' columns but the record and
        granularity: from `event_keys` (panj/store/event_index.py), the rows of the filter's actor or place, else
        every event's row there (in date order), where the filter has no free text; else from the events."""
        if self.q:  # the text is in the records
            where, params = self.where()
            return f"SELECT * FROM events WHERE {where}", params
        kind, key = ("actor", self.actor) if self.actor else ("place", self.place) if self.place else ("all", "")
        where, params = self.where(omit=kind)
        return (f"SELECT * FROM (SELECT event_id AS id, {_KEYED} FROM event_keys WHERE kind = ? AND key = ?) "
                f"WHERE {where}", [kind, key, *params])

    def query_items(self) -> list[tuple[str, str]]:
        """The filter as URL query pairs (for export links and page state)."""
        out: list[tuple[str, str]] = []
        for f in fields(self):
            v = getattr(self, f.name)
            if v in (None, "", []):
                continue
            for item in v if isinstance(v, list) else [v]:
                out.append((f.name, str(item)))
        return out
