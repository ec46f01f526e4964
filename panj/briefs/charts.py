"""The brief's two pictures as PNG bytes: the weekly trend two years back, and a map of the period's events.

Why PNG from matplotlib: the brief must read the same in a mail client, a PDF and a Markdown tool, with no script
and no request leaving the file; HTML embeds the bytes as data URIs, Markdown writes them beside the text. The map
draws country outlines from the Natural Earth file the dashboard vendors (`make static`); where that file is
absent it draws the points over plain longitude/latitude axes.
"""
from __future__ import annotations

import io
import json
from datetime import date
from functools import lru_cache
from pathlib import Path
from typing import Any

from panj.records import main_place

COUNTRIES = Path(__file__).resolve().parents[1] / "web" / "static" / "vendor" / "countries-50m.json"
QUAD_COLOURS = {"material_conflict": "#a50f15", "verbal_conflict": "#f16913", "verbal_cooperation": "#41b6c4",
                "material_cooperation": "#006d2c"}
DPI = 100


def _pyplot():
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    return plt


def _png(fig: Any) -> bytes:
    plt = _pyplot()
    buf = io.BytesIO()
    # fixed metadata: the same brief gives the same bytes
    fig.savefig(buf, format="png", dpi=DPI, metadata={"Software": None})
    plt.close(fig)
    return buf.getvalue()


def trend_png(series: Any, period_start: date, period_end: date, title: str) -> bytes | None:
    """Status-weighted conflict (down) and cooperation (up) events per week, the brief's period shaded."""
    if not series.points:
        return None
    plt = _pyplot()
    xs = [p.start for p in series.points]
    fig, ax = plt.subplots(figsize=(8, 2.8))
    ax.bar(xs, [p.cooperation for p in series.points], width=6, align="edge", color="#2b8cbe", label="cooperation")
    ax.bar(xs, [-p.conflict for p in series.points], width=6, align="edge", color="#d7301f",
           label="conflict (downwards)")
    ax.axhline(0, color="black", linewidth=0.6)
    ax.axvspan(period_start, period_end, color="#ffd54f", alpha=0.45, label="this brief's period")
    ax.set_ylabel("weighted events / week")
    ax.set_title(title, fontsize=10)
    ax.legend(loc="upper left", fontsize=7, frameon=False)
    ax.spines[["top", "right"]].set_visible(False)
    fig.autofmt_xdate()
    fig.tight_layout()
    return _png(fig)


@lru_cache(maxsize=1)
def country_rings(path: str = str(COUNTRIES)) -> tuple[tuple[tuple[float, float], ...], ...]:
    """Every outer and inner ring of the TopoJSON countries as (lon, lat) points; empty when the file is absent."""
    p = Path(path)
    if not p.exists():
        return ()
    topo = json.loads(p.read_text(encoding="utf-8"))
    tr = topo.get("transform") or {"scale": [1, 1], "translate": [0, 0]}
    (sx, sy), (tx, ty) = tr["scale"], tr["translate"]
    arcs = []
    for arc in topo["arcs"]:  # delta-encoded, quantised positions
        x = y = 0
        pts = []
        for dx, dy in arc:
            x, y = x + dx, y + dy
            pts.append((x * sx + tx, y * sy + ty))
        arcs.append(pts)

    def ring(indexes: list[int]) -> tuple[tuple[float, float], ...]:
        pts: list[tuple[float, float]] = []
        for i in indexes:
            a = arcs[i] if i >= 0 else arcs[~i][::-1]
            pts.extend(a if not pts else a[1:])
        return tuple(pts)

    out = []
    for g in next(iter(topo["objects"].values()))["geometries"]:
        kind = g.get("type")
        polys = [g["arcs"]] if kind == "Polygon" else (g["arcs"] if kind == "MultiPolygon" else [])
        for poly in polys:
            out.extend(ring(r) for r in poly)
    return tuple(out)


def located(records: list[dict]) -> list[tuple[dict, dict]]:
    """(record, main place) of the records whose main place has coordinates."""
    out = []
    for r in records:
        p = main_place(r)
        if p and p.get("lat") is not None and p.get("lon") is not None:
            out.append((r, p))
    return out


def map_png(points: list[tuple[dict, dict, int | None]], path: Path | str = COUNTRIES) -> bytes | None:
    """Each (record, place, label) as a circle sized by independent sources and coloured by quad class, a dashed
    ring when disputed, numbered as in the key events; country outlines behind when the vendored file exists."""
    if not points:
        return None
    plt = _pyplot()
    from matplotlib.collections import PolyCollection

    lons = [p["lon"] for _, p, _ in points]
    lats = [p["lat"] for _, p, _ in points]
    pad = max(3.0, (max(lons) - min(lons)) * 0.25, (max(lats) - min(lats)) * 0.25)
    x0, x1, y0, y1 = min(lons) - 1.5 * pad, max(lons) + 1.5 * pad, min(lats) - pad, max(lats) + pad
    fig, ax = plt.subplots(figsize=(6, 4.2))
    rings = [r for r in country_rings(str(path))
             if any(x0 - 5 <= x <= x1 + 5 and y0 - 5 <= y <= y1 + 5 for x, y in r[::8] or r)]
    if rings:
        ax.set_facecolor("#dbe9f4")
        ax.add_collection(PolyCollection(rings, facecolors="#eef0f2", edgecolors="#8a949e", linewidths=0.5))
        note = "outlines: Natural Earth"
    else:
        ax.grid(True, color="#cccccc", linewidth=0.5)
        note = "no country outlines (run `make static`); longitude/latitude axes"
    for rec, p, label in points:
        size = 40 + 40 * min(int(rec.get("independent_sources") or 1), 6)
        ax.scatter([p["lon"]], [p["lat"]], s=size, color=QUAD_COLOURS.get(rec.get("quad_class") or "", "#777777"),
                   alpha=0.8, edgecolors="black",
                   linewidths=1.4 if rec.get("status") in ("disputed", "denied") else 0.5,
                   linestyle="--" if rec.get("status") in ("disputed", "denied") else "-", zorder=3)
        if label is not None:
            ax.annotate(str(label), (p["lon"], p["lat"]), xytext=(6, 5), textcoords="offset points", fontsize=9,
                        weight="bold", zorder=4)
    ax.set_xlim(x0, x1)
    ax.set_ylim(y0, y1)
    ax.set_aspect("equal", adjustable="box")
    ax.set_xlabel(f"longitude ({note})", fontsize=8)
    ax.set_ylabel("latitude", fontsize=8)
    ax.tick_params(labelsize=7)
    handles = [plt.Line2D([], [], marker="o", linestyle="", color=c, label=q.replace("_", " "))
               for q, c in QUAD_COLOURS.items()]
    ax.legend(handles=handles, loc="lower left", fontsize=7, framealpha=0.85)
    fig.tight_layout()
    return _png(fig)
