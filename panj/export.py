"""Exports of fused events (or raw event mentions): JSONL per spec/events.md, ACLED-like CSV, GeoJSON, typed Parquet.

CSV stays flat (one text or number per cell, for Excel); Parquet is typed, with the same flat columns followed by
LIST<STRUCT> columns (panj/tables.py), so pandas, polars, R's arrow and DuckDB read dates, coordinates, counts,
participants and sources as they are; GeoJSON follows RFC 7946 ([lon, lat], WGS 84, no `crs` member) with flat
properties that QGIS can filter on.
"""
from __future__ import annotations

import csv
import io
import json
from pathlib import Path
from typing import Any, Iterable

from panj.records import main_place
from panj.tables import FLAT_COLUMNS as CSV_COLUMNS
from panj.tables import event_table, mention_table
from panj.tables import flat_row as csv_row  # the flat row of a record: main place, names joined with "; "
FORMATS = ("jsonl", "csv", "geojson", "parquet")
# GeoJSON properties beyond the CSV's: plain strings and numbers (QGIS types a field by its values)
GEOJSON_EXTRA = ("score", "quad_class", "summary")


def with_flags(r: dict[str, Any]) -> dict[str, Any]:
    """An event as exported: `corrected` always present (false where no analyst changed it)."""
    return r if "corrected" in r else {**r, "corrected": False}


def to_jsonl(records: Iterable[dict[str, Any]]) -> str:
    return "".join(json.dumps(r, ensure_ascii=False, default=str) + "\n" for r in records)


def to_csv(records: Iterable[dict[str, Any]]) -> str:
    buf = io.StringIO()
    writer = csv.DictWriter(buf, fieldnames=CSV_COLUMNS, lineterminator="\n")
    writer.writeheader()
    for r in records:
        writer.writerow(csv_row(r))
    return buf.getvalue()


def to_geojson(records: Iterable[dict[str, Any]]) -> str:
    """RFC 7946 points ([lon, lat]) for events whose main place has coordinates; events without one are left out
    (not guessed). Properties are the CSV's columns plus score, quad class, summary and the sources' URLs, each a
    plain value, so that QGIS filters on them (`"status" = 'disputed' AND "independent_sources" >= 2`)."""
    features = []
    for r in records:
        p = main_place(r)
        if not p or p.get("lat") is None or p.get("lon") is None:
            continue
        props = {**csv_row(r), **{k: r.get(k) for k in GEOJSON_EXTRA},
                 "source_urls": "; ".join(dict.fromkeys(s["url"] for s in r.get("sources") or [] if s.get("url")))}
        features.append({"type": "Feature", "id": r.get("id"),
                         "geometry": {"type": "Point", "coordinates": [float(p["lon"]), float(p["lat"])]},
                         "properties": props})
    return json.dumps({"type": "FeatureCollection", "features": features}, ensure_ascii=False, default=str)


def to_parquet(records: list[dict[str, Any]], path: Path, level: str = "event") -> None:
    """Typed Parquet (panj/tables.py `EVENTS`, or `MENTIONS` for event mentions): DATE, DOUBLE, INTEGER and
    LIST<STRUCT> columns (actors, recipients, places, sources, claims, mentions) and the whole record as JSON text
    in `record`."""
    import pyarrow.parquet as pq

    pq.write_table(event_table(records) if level == "event" else mention_table(records), str(path))


def render(records: list[dict[str, Any]], fmt: str) -> str:
    if fmt == "jsonl":
        return to_jsonl(records)
    if fmt == "csv":
        return to_csv(records)
    if fmt == "geojson":
        return to_geojson(records)
    raise ValueError(f"unknown text format {fmt!r}; choose one of {', '.join(FORMATS)}")
