"""Exports of fused events (or raw event mentions): JSONL per spec/events.md, ACLED-like CSV, GeoJSON, Parquet."""
from __future__ import annotations

import csv
import io
import json
from pathlib import Path
from typing import Any, Iterable

from panj.records import main_place

CSV_COLUMNS = [
    "event_id", "event_date", "end_date", "time_precision", "date_basis", "date_text", "event_type", "mode",
    "actor1", "actor2", "country",
    "admin1", "admin2", "location", "latitude", "longitude", "geo_precision", "status", "independent_sources",
    "confidence", "source", "notes", "corrected",
]
FORMATS = ("jsonl", "csv", "geojson", "parquet")
def csv_row(r: dict[str, Any]) -> dict[str, Any]:
    d = r.get("date") or {}
    p = main_place(r) or {}
    names = lambda actors: "; ".join(dict.fromkeys(a.get("name") or a.get("text") for a in actors or []))  # noqa: E731
    outlets = "; ".join(dict.fromkeys(s.get("outlet") or s.get("doc_id") for s in r.get("sources") or []))
    return {
        "event_id": r.get("id"), "event_date": d.get("start"), "end_date": d.get("end"),
        "time_precision": d.get("granularity"), "date_basis": d.get("basis"), "date_text": d.get("text"),
        "event_type": r.get("event_type"), "mode": r.get("mode"),
        "actor1": names(r.get("actors")), "actor2": names(r.get("recipients")), "country": p.get("country"),
        "admin1": p.get("admin1"), "admin2": p.get("admin2"), "location": p.get("name"),
        "latitude": p.get("lat"), "longitude": p.get("lon"), "geo_precision": p.get("precision"),
        "status": r.get("status"), "independent_sources": r.get("independent_sources"),
        "confidence": r.get("confidence"), "source": outlets,
        "notes": r.get("summary") or (r.get("mentions") or [{}])[0].get("sentence", r.get("sentence")),
        "corrected": bool(r.get("corrected")),
    }


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
    """Points for events whose main place has coordinates; events without one are left out (not guessed)."""
    features = []
    for r in records:
        p = main_place(r)
        if not p or p.get("lat") is None or p.get("lon") is None:
            continue
        props = csv_row(r)
        features.append({"type": "Feature", "id": r.get("id"),
                         "geometry": {"type": "Point", "coordinates": [p["lon"], p["lat"]]},
                         "properties": props})
    return json.dumps({"type": "FeatureCollection", "features": features}, ensure_ascii=False, default=str)


def to_parquet(records: list[dict[str, Any]], path: Path) -> None:
    """CSV columns plus the whole record as JSON, written by DuckDB (no pandas or pyarrow needed)."""
    import duckdb

    con = duckdb.connect()
    cols = ", ".join(f'"{c}" {"DOUBLE" if c in ("latitude", "longitude", "confidence") else "BIGINT" if c == "independent_sources" else "BOOLEAN" if c == "corrected" else "VARCHAR"}'
                     for c in CSV_COLUMNS)
    con.execute(f"CREATE TABLE export ({cols}, record JSON)")
    placeholders = ", ".join("?" for _ in range(len(CSV_COLUMNS) + 1))
    rows = [[csv_row(r)[c] for c in CSV_COLUMNS] + [json.dumps(r, default=str)] for r in records]
    if rows:
        con.executemany(f"INSERT INTO export VALUES ({placeholders})", rows)
    con.execute("COPY export TO ? (FORMAT PARQUET)", [str(path)])
    con.close()


def render(records: list[dict[str, Any]], fmt: str) -> str:
    if fmt == "jsonl":
        return to_jsonl(records)
    if fmt == "csv":
        return to_csv(records)
    if fmt == "geojson":
        return to_geojson(records)
    raise ValueError(f"unknown text format {fmt!r}; choose one of {', '.join(FORMATS)}")
