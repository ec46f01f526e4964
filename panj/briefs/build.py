"""The brief as data, in the order it is read: headline, key events, disputes, alerts, pictures, coverage, notes.

Why data first and text last: the three outputs (Markdown, HTML, PDF) and the dashboard page render the same
object with templates, so they cannot disagree; and tests can check every line and footnote without parsing.
Every statement about an event carries footnotes to each of its sources; every quote to its document and span.
"""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from panj.briefs import charts
from panj.briefs.select import (BASELINE_DAYS, Options, Scope, baseline_events, document_rows, documents_read,
                                first_document_day, period_alerts, resolve, select)
from panj.briefs.sentences import event_sentence, quotes
from panj.indicators.series import build_series, contribution, document_counts

Dict = dict[str, Any]
KEY_EVENTS = 12
ALERT_EVENTS = 5
QUADS = ("material_conflict", "verbal_conflict", "verbal_cooperation", "material_cooperation")
KIND_WORDS = {"surge": "surge", "large_increase": "large increase", "moderate_increase": "moderate increase",
              "change_point": "change point"}


@dataclass
class Note:
    """A footnote: a stored document, or a span of one (a quote)."""

    n: int
    doc_id: str
    start: int | None = None
    end: int | None = None
    found: bool = False          # the store holds the document
    title: str | None = None
    outlet: str | None = None
    published: str | None = None
    url: str | None = None
    path: str | None = None      # the file name or feed URL it was read from


@dataclass
class Line:
    """A sentence with its footnote numbers (and, for events, what the templates mark it with)."""

    text: str
    notes: list[int] = field(default_factory=list)
    event_id: str | None = None
    status: str | None = None
    label: int | None = None     # the event's number on the map


@dataclass
class Quote:
    who: str
    stance: str
    text: str
    note: int


@dataclass
class Dispute:
    line: Line
    supporting: list[Quote]
    denying: list[Quote]


@dataclass
class AlertView:
    kind: str
    key: str
    metric: str
    week: str
    state: str
    explanation: str
    lines: list[Line]


@dataclass
class Brief:
    title: str
    scope: str
    period: str
    since: date
    until: date
    threshold: float
    empty: bool
    headline: list[Line]
    key_events: list[Line]
    disputes: list[Dispute]
    alerts: list[AlertView]
    trend_png: bytes | None
    trend_caption: str
    map_png: bytes | None
    map_caption: str
    coverage: list[Line]
    left_out_command: str
    notes: list[Note]


class Notes:
    """Footnote numbers in order of first use: one per source document, one per quoted span."""

    def __init__(self) -> None:
        self.items: dict[tuple, Note] = {}

    def source(self, doc_id: str) -> int:
        return self._get((doc_id, None, None))

    def span(self, doc_id: str, start: int | None, end: int | None) -> int:
        return self._get((doc_id, start, end))

    def _get(self, key: tuple) -> int:
        if key not in self.items:
            self.items[key] = Note(len(self.items) + 1, *key)
        return self.items[key].n

    def of_event(self, rec: Dict) -> list[int]:
        docs = [s["doc_id"] for s in rec.get("sources") or [] if s.get("doc_id")]
        docs += [m["doc_id"] for m in rec.get("mentions") or [] if m.get("doc_id")]
        return [self.source(d) for d in dict.fromkeys(docs)]

    def resolved(self, con: Any) -> list[Note]:
        """The notes with what the store says of their documents."""
        rows = document_rows(con, [n.doc_id for n in self.items.values()])
        out = []
        for note in self.items.values():
            row = rows.get(note.doc_id)
            if row:
                note.found, note.title, note.outlet, note.url = True, row["title"], row["outlet"], row["url"]
                note.published = row["published"]
                src = row.get("source_path") or ""
                note.path = src if "://" in src else (Path(src).name if src else None)
            out.append(note)
        return out


def rank(records: list[Dict]) -> list[Dict]:
    """Most independent sources first, then the strongest PLOVER score either way, then date."""
    return sorted(records, key=lambda r: (-(r.get("independent_sources") or 0), -abs(r.get("score") or 0.0),
                                          (r.get("date") or {}).get("start") or "9999", r["id"]))


def event_line(rec: Dict, notes: Notes, label: int | None = None) -> Line:
    return Line(event_sentence(rec), notes.of_event(rec), rec["id"], rec.get("status"), label)


def _quads(records: list[Dict]) -> str:
    n = Counter(r.get("quad_class") or "unclassified" for r in records)
    parts = [f"{n[q]} {q.replace('_', ' ')}" for q in (*QUADS, "unclassified") if n[q]]
    return ", ".join(parts)


def _events(n: int) -> str:
    return f"{n} event" + ("" if n == 1 else "s")


def usual_level(store: Any, scope: Scope, period_events: list[Dict]) -> tuple[Line, Any]:
    """The period's weekly rate against the dyad's weekly levels over the two years before it, and the weekly
    series the trend chart draws (status-weighted, as `panj trend` counts)."""
    cfg, p = scope.cfg, scope.period
    first = first_document_day(store.con) or p.start
    lo = max(first, p.start - timedelta(days=BASELINE_DAYS))
    contribs = [c for r in baseline_events(store, scope) if (c := contribution(r, cfg))]
    series = build_series(contribs, document_counts(store, cfg), lo, p.end, "weekly", cfg, scope.label,
                          with_percentiles=False)
    weeks = [pt for pt in series.points if pt.end < p.start and pt.start >= lo]
    now = [c for r in period_events if (c := contribution(r, cfg))]
    need = int(cfg["percentile"]["min_baseline_periods"]["weekly"])
    if len(weeks) < need:
        return Line(f"There are {len(weeks)} weeks of record before the period, too few (under {need}) to say "
                    f"what level is usual for {scope.label}."), series
    parts = []
    for metric in ("conflict", "cooperation"):
        rate = sum(c.weight for c in now if c.polarity == metric) * 7 / p.days
        base = sorted(getattr(w, metric) for w in weeks)
        if rate == 0 and not any(base):
            continue
        pct = 100.0 * (sum(b < rate for b in base) + 0.5 * sum(b == rate for b in base)) / len(base)
        median = base[len(base) // 2]
        parts.append(f"{metric} at {rate:.2g} status-weighted events a week, the {_ordinal(round(pct))} "
                     f"percentile of its weekly levels (median {median:.2g})")
    if not parts:
        return Line(f"Neither conflict nor cooperation on {scope.label} is on record in the period or the "
                    f"{len(weeks)} weeks before it."), series
    return Line(f"Against the {len(weeks)} weeks before the period, {scope.label} ran with "
                f"{' and '.join(parts)}."), series


def _day(d: date) -> str:
    return f"{d.day} {d:%B %Y}"


def _ordinal(n: int) -> str:
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


def build_brief(store: Any, options: Options, db_label: str = "panj.duckdb") -> Brief:
    """Everything the brief says, from the store (read-only)."""
    scope = resolve(store, options)
    sel = select(store, scope)
    notes = Notes()
    p = scope.period
    ranked = rank(sel.events)
    labels = {r["id"]: i for i, r in enumerate(ranked[:KEY_EVENTS], start=1)}
    alerts = period_alerts(store, scope)

    headline: list[Line] = []
    prev = f"the previous {p.days} days" if p.days != 1 else "the previous day"
    if sel.events:
        headline.append(Line(f"Between {_day(p.start)} and {_day(p.end)} the record holds "
                             f"{_events(len(sel.events))} on {scope.label} ({_quads(sel.events)}), against "
                             f"{len(sel.previous)} in {prev}" +
                             (f" ({_quads(sel.previous)})." if sel.previous else ".")))
    else:
        headline.append(Line(f"No events on {scope.label} are on record between {_day(p.start)} and "
                             f"{_day(p.end)} at or above the confidence threshold of {scope.threshold:g}"
                             + (f" ({len(sel.below)} below it were left out; see Coverage)" if sel.below else "")
                             + f"; {len(sel.previous)} in {prev}."))
    level, series = usual_level(store, scope, sel.events)
    headline.append(level)
    open_alerts = [a for a in alerts if a.state == "open"]
    if open_alerts:
        listed = "; ".join(f"{KIND_WORDS.get(a.kind, a.kind)} in {a.metric} on {a.key} (week of {a.period_start})"
                           for a in open_alerts)
        headline.append(Line(f"{len(open_alerts)} alert{'s are' if len(open_alerts) > 1 else ' is'} open for the "
                             f"period: {listed}."))
    else:
        headline.append(Line("No alert is open for the period."))
    if ranked:
        top = ranked[0]
        n = top.get("independent_sources") or 0
        line = event_line(top, notes, labels.get(top["id"]))
        line.text = f"Most sourced ({n} independent source{'s' if n != 1 else ''}): {line.text}"
        headline.append(line)

    key_events = [event_line(r, notes, labels[r["id"]]) for r in ranked[:KEY_EVENTS]]
    disputes = []
    for r in [r for r in sel.events if r.get("status") in ("disputed", "denied")]:
        pro, con = quotes(r)
        disputes.append(Dispute(event_line(r, notes, labels.get(r["id"])),
                                [Quote(q["who"], q["stance"], q["text"], notes.span(q["doc_id"], q["start"], q["end"]))
                                 for q in pro],
                                [Quote(q["who"], q["stance"], q["text"], notes.span(q["doc_id"], q["start"], q["end"]))
                                 for q in con]))
    views = []
    for a in alerts:
        recs = {r["id"]: r for r in store.events_by_id(a.event_ids[:ALERT_EVENTS])}
        views.append(AlertView(KIND_WORDS.get(a.kind, a.kind), a.key, a.metric, str(a.period_start), a.state,
                               a.explanation, [event_line(recs[i], notes) for i in a.event_ids if i in recs]))

    points = [(r, place, labels.get(r["id"])) for r, place in charts.located(sel.events)]
    docs = documents_read(store.con, p)
    reporting = {s["doc_id"] for r in sel.events for s in r.get("sources") or [] if s.get("doc_id")}
    left_out = f"panj --db {db_label} brief {scope.command_args()} --left-out"
    coverage = [
        Line(f"Documents read: {docs['documents']} published in the period, from {docs['outlets']} outlet"
             f"{'s' if docs['outlets'] != 1 else ''}; {docs['near_copies']} of them near-copies of earlier "
             f"documents (syndicated or republished, each folded into its original)."),
        Line(f"{len(reporting)} stored document{'s' if len(reporting) != 1 else ''} report the events of this "
             f"brief."),
        Line(f"Left out: {_events(len(sel.below))} below the confidence threshold of {scope.threshold:g}."),
    ]
    if sel.vague:
        coverage.append(Line(f"Not counted: {_events(len(sel.vague))} overlapping the period but dated too vaguely "
                             f"(month or wider) to place in it."))
    return Brief(
        title=f"Situation brief: {scope.label}", scope=scope.label, period=p.label(), since=p.start, until=p.end,
        threshold=scope.threshold, empty=not sel.events, headline=headline, key_events=key_events,
        disputes=disputes, alerts=views,
        trend_png=charts.trend_png(series, p.start, p.end, f"{scope.label}: weekly, status-weighted"),
        trend_caption=f"Weekly status-weighted conflict and cooperation events on {scope.label}, "
                      f"{series.points[0].start if series.points else p.start} to {p.end}, at or above the "
                      f"confidence threshold; the brief's period shaded.",
        map_png=charts.map_png(points),
        map_caption=f"{len(points)} of {_events(len(sel.events))} of the period with coordinates (main place); "
                    f"size: independent sources; colour: quad class; dashed ring: disputed or denied; numbers: "
                    f"key events.",
        coverage=coverage, left_out_command=left_out, notes=notes.resolved(store.con))
