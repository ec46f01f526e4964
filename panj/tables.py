"""Event and event-mention records (spec/events.md) as typed Arrow tables: the Parquet export and the Python library
(`panj.open(...).events()`) write and return the same columns.

Why typed: a user of pandas, polars, R's arrow or DuckDB should get dates as DATE, coordinates as DOUBLE, counts as
INTEGER and the participants, places, sources and claims as LIST<STRUCT> columns, without re-parsing text. The flat
columns of the CSV export come first under the same names (so a script written for the CSV reads the Parquet), then
the nested ones, then the whole record as JSON text (lossless).
"""
from __future__ import annotations

import json
from datetime import date, datetime
from typing import Any, Callable, Iterable

import pyarrow as pa

from panj.records import main_place

_S = pa.string()
ACTOR = pa.struct([("name", _S), ("text", _S), ("kb_id", _S), ("wikidata", _S), ("country", _S), ("sector", _S),
                   ("start", pa.int32()), ("end", pa.int32())])
PLACE = pa.struct([("name", _S), ("text", _S), ("country", _S), ("admin1", _S), ("admin2", _S),
                   ("lat", pa.float64()), ("lon", pa.float64()), ("geonames_id", pa.int64()), ("precision", _S),
                   ("role", _S), ("start", pa.int32()), ("end", pa.int32())])
SOURCE = pa.struct([("doc_id", _S), ("path", _S), ("outlet", _S), ("url", _S), ("published", pa.date32())])
CLAIM = pa.struct([("claimant", ACTOR), ("stance", _S), ("text", _S), ("doc_id", _S), ("start", pa.int32()),
                   ("end", pa.int32()), ("via", pa.list_(ACTOR)), ("cue", _S), ("rule", _S)])
MENTION = pa.struct([("mention_id", _S), ("doc_id", _S), ("sentence", _S), ("start", pa.int32()),
                     ("end", pa.int32()), ("trigger", _S), ("trigger_start", pa.int32()), ("trigger_end", pa.int32()),
                     ("status", _S)])
RULE = pa.struct([("rule_id", _S), ("start", pa.int32()), ("end", pa.int32()), ("text", _S)])

_FLAT = [  # the CSV export's columns (panj/export.py CSV_COLUMNS), typed
    ("event_id", _S), ("event_date", pa.date32()), ("end_date", pa.date32()), ("time_precision", _S),
    ("date_basis", _S), ("date_text", _S), ("event_type", _S), ("mode", _S), ("actor1", _S), ("actor2", _S),
    ("country", _S), ("admin1", _S), ("admin2", _S), ("location", _S), ("latitude", pa.float64()),
    ("longitude", pa.float64()), ("geo_precision", _S), ("status", _S), ("independent_sources", pa.int32()),
    ("confidence", pa.float64()), ("source", _S), ("notes", _S), ("corrected", pa.bool_()),
]
FLAT_COLUMNS = [name for name, _ in _FLAT]
_NESTED = [
    ("score", pa.float64()), ("quad_class", _S), ("cameo", _S), ("context", pa.list_(_S)),
    ("summary", _S), ("actors", pa.list_(ACTOR)), ("recipients", pa.list_(ACTOR)), ("places", pa.list_(PLACE)),
    ("sources", pa.list_(SOURCE)), ("claims", pa.list_(CLAIM)), ("mentions", pa.list_(MENTION)),
]
EVENTS = pa.schema(_FLAT + _NESTED + [("record", _S)])

MENTIONS = pa.schema([
    ("mention_id", _S), ("event_id", _S), ("doc_id", _S), ("event_type", _S), ("mode", _S), ("status", _S),
    ("trigger", _S), ("trigger_start", pa.int32()), ("trigger_end", pa.int32()), ("sentence", _S),
    ("start", pa.int32()), ("end", pa.int32()), ("date_start", pa.date32()), ("date_end", pa.date32()),
    ("granularity", _S), ("date_text", _S), ("score", pa.float64()), ("quad_class", _S),
    ("context", pa.list_(_S)), ("actors", pa.list_(ACTOR)), ("recipients", pa.list_(ACTOR)),
    ("places", pa.list_(PLACE)), ("claims", pa.list_(CLAIM)), ("rules", pa.list_(RULE)), ("record", _S),
])


def as_date(value: Any) -> date | None:
    """An ISO day (the first ten characters of a date or timestamp string), else None: never a guess."""
    if value is None or isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value)[:10])
    except ValueError:
        return None


def _number(kind: type) -> Callable[[Any], Any]:
    def convert(value: Any) -> Any:
        try:
            return None if value is None or isinstance(value, (dict, list)) else kind(value)
        except (TypeError, ValueError):
            return None
    return convert


def _text(value: Any) -> str | None:
    return value if value is None or value.__class__ is str else str(value)


def _timestamp(value: Any) -> datetime | None:
    return value if isinstance(value, datetime) else None


_CONVERTERS: dict[pa.DataType, Callable[[Any], Any]] = {}


def converter(t: pa.DataType) -> Callable[[Any], Any]:
    """A function shaping a JSON value to an Arrow type: struct fields picked by name (others dropped), numbers
    coerced, values that do not fit left out (null) rather than failing the whole table. Built once per type."""
    if t in _CONVERTERS:
        return _CONVERTERS[t]
    if pa.types.is_struct(t):
        fields = [(f.name, converter(f.type)) for f in t]

        def fn(value: Any) -> Any:
            return {n: c(value.get(n)) for n, c in fields} if isinstance(value, dict) else None
    elif pa.types.is_list(t):
        item = converter(t.value_type)

        def fn(value: Any) -> Any:
            return [item(v) for v in value] if isinstance(value, list) else None
    elif pa.types.is_date(t):
        fn = as_date
    elif pa.types.is_timestamp(t):
        fn = _timestamp
    elif pa.types.is_integer(t):
        fn = _number(int)
    elif pa.types.is_floating(t):
        fn = _number(float)
    elif pa.types.is_boolean(t):
        fn = _number(bool)
    else:
        fn = _text
    _CONVERTERS[t] = fn
    return fn


def _columns(schema: pa.Schema, keep_record: bool = False) -> list[tuple[str, Callable[[Any], Any]]]:
    """Each column's converter, looked up once per table (hashing an Arrow type costs more than converting)."""
    return [(f.name, converter(f.type)) for f in schema if keep_record or f.name != "record"]


def _names(actors: list[dict] | None) -> str:
    return "; ".join(dict.fromkeys(a.get("name") or a.get("text") or "" for a in actors or []))


def flat_row(r: dict[str, Any]) -> dict[str, Any]:
    """The CSV export's row of a record: main place, actor and outlet names joined with "; "."""
    d = r.get("date") or {}
    p = main_place(r) or {}
    outlets = "; ".join(dict.fromkeys(s.get("outlet") or s.get("doc_id") for s in r.get("sources") or []))
    return {
        "event_id": r.get("id"), "event_date": d.get("start"), "end_date": d.get("end"),
        "time_precision": d.get("granularity"), "date_basis": d.get("basis"), "date_text": d.get("text"),
        "event_type": r.get("event_type"), "mode": r.get("mode"),
        "actor1": _names(r.get("actors")), "actor2": _names(r.get("recipients")), "country": p.get("country"),
        "admin1": p.get("admin1"), "admin2": p.get("admin2"), "location": p.get("name"),
        "latitude": p.get("lat"), "longitude": p.get("lon"), "geo_precision": p.get("precision"),
        "status": r.get("status"), "independent_sources": r.get("independent_sources"),
        "confidence": r.get("confidence"), "source": outlets,
        "notes": r.get("summary") or (r.get("mentions") or [{}])[0].get("sentence", r.get("sentence")),
        "corrected": bool(r.get("corrected")),  # an analyst changed the record (panj correct)
    }


def _mentions_of(r: dict[str, Any]) -> list[dict]:
    return [{**m, "mention_id": m.get("mention_id") or m.get("id")} for m in r.get("mentions") or []]


def event_table(records: Iterable[dict[str, Any] | str]) -> pa.Table:
    """Fused event records as a table of schema `EVENTS`. A record may come as its JSON text (as the store keeps
    it), which then becomes the `record` column as it is."""
    rows, convert = [], _columns(EVENTS)
    for r in records:
        text = r if isinstance(r, str) else None
        r = json.loads(text) if text is not None else r
        row = flat_row(r)
        row.update({k: r.get(k) for k in ("score", "quad_class", "cameo", "context", "corrected", "summary",
                                          "actors", "recipients", "sources", "claims")})
        row["places"], row["mentions"] = r.get("locations"), _mentions_of(r)
        row = {name: c(row.get(name)) for name, c in convert}
        row["record"] = text if text is not None else json.dumps(r, ensure_ascii=False, default=str)
        rows.append(row)
    return pa.Table.from_pylist(rows, schema=EVENTS)


def mention_table(records: Iterable[dict[str, Any]], event_of: dict[str, str] | None = None) -> pa.Table:
    """Event-mention records (before fusion) as a table of schema `MENTIONS`; `event_of` maps a mention id to
    the event it was fused into."""
    rows, convert = [], _columns(MENTIONS)
    for m in records:
        d = m.get("date") or {}
        row = {**m, "mention_id": m.get("id"), "event_id": (event_of or {}).get(m.get("id")),
               "date_start": d.get("start"), "date_end": d.get("end"), "granularity": d.get("granularity"),
               "date_text": d.get("text"), "places": m.get("locations")}
        row = {name: c(row.get(name)) for name, c in convert}
        row["record"] = json.dumps(m, ensure_ascii=False, default=str)
        rows.append(row)
    return pa.Table.from_pylist(rows, schema=MENTIONS)


def typed_rows(rows: Iterable[dict[str, Any]], schema: pa.Schema) -> pa.Table:
    """Plain dicts (from SQL or dataclasses) as a table of `schema`, each value shaped to its column's type."""
    convert = _columns(schema, keep_record=True)
    return pa.Table.from_pylist([{name: c(r.get(name)) for name, c in convert} for r in rows],
                                schema=schema)
