"""`panj eval geo PATH`: toponym resolution against LGL / GeoWebNews XML, given the gold toponym spans.

Scores panj's context resolver and, in the same run, the most-populous-candidate baseline: exact GeoNames id
match (over gold toponyms that have an id), accuracy within 161 km, correct country, mean and median error
(over gold toponyms with coordinates; a toponym left unresolved counts as a miss), and the gazetteer-coverage
ceiling (share of gold ids present in the gazetteer).
"""
from __future__ import annotations

import json
import statistics
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterator

import typer

from panj.eval import eval_app


@dataclass
class GoldToponym:
    start: int
    end: int
    text: str
    geonames_id: int | None
    lat: float | None
    lon: float | None


@dataclass
class GoldArticle:
    corpus: str  # LGL | GWN
    doc_id: str
    text: str
    toponyms: list[GoldToponym] = field(default_factory=list)


def _f(x: str | None) -> float | None:
    try:
        return float(x) if x not in (None, "") else None
    except ValueError:
        return None


def _i(x: str | None) -> int | None:
    return int(x) if x and x.strip().isdigit() else None


def read_xml(path: Path) -> Iterator[GoldArticle]:
    """Articles of one LGL (`<article docid>` … `<gaztag>`) or GeoWebNews (`<article file>`) XML file."""
    root = ET.parse(path).getroot()
    for art in root.iter("article"):
        text = art.findtext("text") or ""
        tops = art.find("toponyms")
        if "docid" in art.attrib:
            a = GoldArticle("LGL", art.attrib["docid"], text)
            for t in (tops if tops is not None else []):
                g = t.find("gaztag")
                a.toponyms.append(GoldToponym(
                    int(t.findtext("start") or -1), int(t.findtext("end") or -1), t.findtext("phrase") or "",
                    _i(g.get("geonameid")) if g is not None else None,
                    _f(g.findtext("lat")) if g is not None else None,
                    _f(g.findtext("lon")) if g is not None else None))
        else:
            a = GoldArticle("GWN", art.attrib.get("file", ""), text)
            for t in (tops if tops is not None else []):
                a.toponyms.append(GoldToponym(
                    int(t.findtext("start") or -1), int(t.findtext("end") or -1), t.findtext("extractedName") or "",
                    _i(t.findtext("geonamesID")), _f(t.findtext("latitude")), _f(t.findtext("longitude"))))
        yield a


def read_path(path: Path) -> Iterator[GoldArticle]:
    files = sorted(path.rglob("*.xml")) if path.is_dir() else [path]
    for f in files:
        try:
            yield from read_xml(f)
        except ET.ParseError:
            continue


class Scores:
    """Running totals for one system on one corpus."""

    def __init__(self) -> None:
        self.n = self.hits161 = self.with_id = self.exact = self.country_ok = self.resolved = 0
        self.errors: list[float] = []

    def add(self, gold: GoldToponym, entry, gold_cc: str | None) -> float | None:
        from panj.gazetteer import haversine_km

        self.n += 1
        if gold.geonames_id is not None:
            self.with_id += 1
            if entry is not None and entry.geonames_id == gold.geonames_id:
                self.exact += 1
        if entry is None or entry.lat is None:
            return None
        self.resolved += 1
        d = haversine_km(gold.lat, gold.lon, entry.lat, entry.lon)
        self.errors.append(d)
        if d <= 161:
            self.hits161 += 1
        if gold_cc and entry.cc == gold_cc:
            self.country_ok += 1
        return d

    def row(self) -> dict[str, float]:
        return {
            "n": self.n,
            "acc@161km": self.hits161 / self.n if self.n else 0.0,
            "exact_id": self.exact / self.with_id if self.with_id else 0.0,
            "country": self.country_ok / self.n if self.n else 0.0,
            "resolved": self.resolved / self.n if self.n else 0.0,
            "mean_km": statistics.fmean(self.errors) if self.errors else 0.0,
            "median_km": statistics.median(self.errors) if self.errors else 0.0,
        }


def evaluate(articles: Iterator[GoldArticle], out: Path | None = None, gaz=None) -> dict[str, dict[str, dict]]:
    """Resolve every article's gold spans together; score panj and the baseline per corpus."""
    from panj.extract.places.toponyms import Mention, most_populous, resolve
    from panj.gazetteer import load

    gaz = gaz or load()
    results: dict[str, dict[str, Scores]] = {}
    coverage: dict[str, list[int]] = {}
    fh = out.open("w", encoding="utf-8") if out else None
    try:
        for art in articles:
            tops = [t for t in art.toponyms if t.lat is not None and t.lon is not None]
            if not tops:
                continue
            mentions = []
            for t in tops:
                ok = 0 <= t.start < t.end <= len(art.text)
                surface = art.text[t.start:t.end] if ok else t.text
                mentions.append(Mention(surface, t.start if ok else -1, t.end if ok else -1))
            res = resolve(mentions, gaz, art.text)
            sc = results.setdefault(art.corpus, {"panj": Scores(), "most_populous": Scores()})
            cov = coverage.setdefault(art.corpus, [0, 0])
            for t, m, r in zip(tops, mentions, res):
                gold_entry = gaz.by_geonames_id(t.geonames_id) if t.geonames_id else None
                if t.geonames_id:
                    cov[1] += 1
                    cov[0] += gold_entry is not None
                gold_cc = gold_entry.cc if gold_entry else None
                d = sc["panj"].add(t, r.entry, gold_cc)
                base = most_populous(m, gaz)
                db = sc["most_populous"].add(t, base, gold_cc)
                if fh:
                    e = r.entry
                    fh.write(json.dumps({
                        "corpus": art.corpus, "doc_id": art.doc_id, "start": t.start, "end": t.end,
                        "text": m.text, "gold_geonames_id": t.geonames_id, "gold_lat": t.lat, "gold_lon": t.lon,
                        "pred_name": e.name if e else None, "pred_kind": e.kind if e else None,
                        "pred_country": e.iso3 if e else None, "pred_geonames_id": e.geonames_id if e else None,
                        "pred_lat": e.lat if e else None, "pred_lon": e.lon if e else None,
                        "error_km": round(d, 1) if d is not None else None, "ambiguous": r.ambiguous,
                        "candidates": r.candidates, "rule": r.rule,
                        "baseline_geonames_id": base.geonames_id if base else None,
                        "baseline_error_km": round(db, 1) if db is not None else None,
                    }, ensure_ascii=False) + "\n")
    finally:
        if fh:
            fh.close()
    return {c: {"panj": s["panj"].row(), "most_populous": s["most_populous"].row(),
                "coverage": {"gold_ids_in_gazetteer": coverage[c][0] / coverage[c][1] if coverage[c][1] else 0.0}}
            for c, s in results.items()}


@eval_app.command("geo")
def geo(path: Path = typer.Argument(..., help="An LGL or GeoWebNews XML file, or a folder of them"),
        output: Path = typer.Option(None, "-o", "--output", help="Write one JSON line per gold toponym")) -> None:
    """Toponym resolution given gold spans: acc@161km, exact GeoNames id, beside the most-populous baseline."""
    report = evaluate(read_path(path), output)
    for corpus, rows in sorted(report.items()):
        typer.echo(f"{corpus}: gold toponyms with coordinates n={rows['panj']['n']}, "
                   f"gold ids in gazetteer={rows['coverage']['gold_ids_in_gazetteer']:.3f}")
        for system in ("panj", "most_populous"):
            r = rows[system]
            typer.echo(f"  {system:14s} acc@161km={r['acc@161km']:.3f} exact_id={r['exact_id']:.3f} "
                       f"country={r['country']:.3f} resolved={r['resolved']:.3f} "
                       f"mean_km={r['mean_km']:.0f} median_km={r['median_km']:.1f}")
