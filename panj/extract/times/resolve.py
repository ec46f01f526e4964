"""Dates: temporal expressions found in a parsed document, resolved into intervals with a granularity.

- `resolve_expression`: one expression against the publication date (and the narrative's last date).
- `find_times`: every expression in a document, in order, with narrative anchoring ("the following September").
- `date_for_event`: the expression that governs an event trigger in the parse, else the sentence's, the
  paragraph's, or the publication date (marked as such); in a report embedded in the page (embedded.py),
  only that report's own expressions, else the bounds of when it can have been written.
- `infer_publication_date`: for documents without metadata (datelines, bylines, "Posted on ...").

The rules live in grammar.py (ranges, modifiers, vague words, anchor events) and rules.py (one
pattern and handler per single form), with their words in panj/data/lexicons/time_words.yaml; finding and
attaching expressions in a parse lives in attach.py, embedded reports in embedded.py.
"""
from __future__ import annotations

import re
from datetime import date
from typing import Any

from spacy.tokens import Doc

from panj.nlp import CITATION, text_of
from panj.extract.times import periods as cal
from panj.extract.times.embedded import EmbeddedReport, report_at
from panj.extract.times.periods import Period
from panj.extract.times.attach import WITHIN_OFFSET, attach, find_spans, tense_of
from panj.extract.times.grammar import resolve
from panj.extract.times.publication import infer_publication_date, infer_publication_year
from panj.records import DateValue, DocContext

__all__ = ["resolve_expression", "find_times", "date_for_event", "infer_publication_date",
           "infer_publication_year", "resolve_spans", "to_date_value"]

# Two anchors far apart: an expression that resolves the same against both does not depend on the anchor.
_PROBES = (date(1901, 7, 2), date(2098, 1, 29))
# The widest interval still called a year: a publication year plus the few months an expression reaches back.
_YEAR_HULL_DAYS = 470


def to_date_value(p: Period, text: str = "", start_char: int | None = None, end_char: int | None = None,
                  publication_inferred: bool = False) -> DateValue:
    if not p.resolved:
        unresolved = DateValue.unresolved(text, start_char, end_char)
        unresolved.rule = p.rule or None
        return unresolved
    return DateValue(p.start.isoformat(), p.end.isoformat(), p.granularity, text, start_char, end_char,
                     basis=p.basis, publication_inferred=publication_inferred and p.basis != "narrative-anchor",
                     rule=p.rule or None)


def year_anchors(year_start: date, today: date | None = None) -> tuple[date, date]:
    """The first and last day a publication known only by its year can have (not after today)."""
    return year_start, min(date(year_start.year, 12, 31), today or date.today())


def _resolve(text: str, anchor: date | tuple[date, date] | None, narr: Period | None, tense: str | None) -> Period:
    """Resolve; with no anchor, keep only what does not depend on one (absolute or narrative-anchored). With a
    (first, last) pair, the publication is known only to lie between them: keep what resolves the same against
    both, and a month named without its year, which English leaves off for the publication year's months."""
    if isinstance(anchor, date):
        return resolve(text, anchor, narr, tense)
    first, last = anchor or _PROBES
    a, b = (resolve(text, probe, narr, tense) for probe in (first, last))
    if a == b:
        return a
    if anchor is not None and a.resolved and b.resolved:
        if b.granularity in ("day", "month") and first <= b.start and b.end <= last and _names_month(text):
            return b.with_(rule=f"{b.rule}+publication-year")
        lo, hi = min(a.start, b.start), max(a.end, b.end)
        if (hi - lo).days <= _YEAR_HULL_DAYS:  # "recently", "on Wednesday": somewhere in this hull, no finer
            return cal.Period(lo, hi, "year", None, f"{b.rule}+publication-year-hull", b.basis, vague=True)
    if a.rule == b.rule == "range:since" and a.start == b.start:  # "since January 2022", end unknown
        inner = _resolve(re.sub(r"(?i)^\s*since\s+", "", text), None, narr, tense)
        if inner.resolved:
            return inner.with_(rule="range:since-open")
    return cal.unresolved("needs-publication-date")


def _names_month(text: str) -> bool:
    words = {w.lower().rstrip(".") for w in re.findall(r"[A-Za-z.]+", text)}
    return bool(words & {m.lower() for m in cal.lexicon()["months"]})


def resolve_expression(text: str, anchor: date, narrative_anchor: date | None = None,
                       tense: str | None = None) -> DateValue:
    """Resolve one temporal expression string against a publication/anchor date.

    `narrative_anchor` is the narrative's last explicit date (a day); `tense` ('past' | 'future') decides
    between last and next Friday/August when the words do not.
    """
    narr = cal.day(narrative_anchor, "narrative") if narrative_anchor else None
    p = _resolve(text, anchor, narr, tense)
    return to_date_value(p, text)


def resolve_spans(doc: Doc, spans: list[tuple[int, int]], anchor: date | tuple[date, date] | None) -> list[Period]:
    """Resolve character spans of `doc` in document order, each against the last resolved one as narrative
    anchor and with the tense of the verb that governs it."""
    out: list[Period] = []
    narr: Period | None = None
    latest = anchor[1] if isinstance(anchor, tuple) else anchor
    for start, end in spans:
        p = _resolve(text_of(doc)[start:end], anchor, narr, tense_of(doc, start, end))
        out.append(p)
        if p.resolved and not p.vague and ":back" not in p.rule and (latest is None or p.start <= latest):
            # the narrative is what has happened: plans ("will host a conference in July") and backward
            # comparisons ("from $5 a year earlier") do not move it
            narr = p
    return out


def find_times(doc: Doc, ctx: DocContext) -> list[DateValue]:
    """All temporal expressions in the document, in document order, each resolved, with character offsets."""
    spans = find_spans(doc)
    anchor = publication_anchor(ctx)
    periods = []
    for part, part_anchor in _parts(spans, ctx, anchor):
        periods += resolve_spans(doc, part, part_anchor)
    text = text_of(doc)
    out = [to_date_value(p, text[s:e], s, e, ctx.published_inferred and _needs_anchor(text[s:e], p))
           for (s, e), p in zip(spans, periods)]
    out += [_named_anchor(doc, dv, anchor if report_at(ctx.embedded, dv.start_char) is None else None, ctx)
            for dv in out if "+" in (dv.rule or "") and dv.rule.startswith("anchor:")]
    out.sort(key=lambda dv: (dv.start_char, -dv.end_char))
    cited = [(m.start(), m.end()) for m in CITATION.finditer(text_of(doc))]
    for dv in out:  # "(Reuters, 2021)": when the cited report appeared, which dates only its own sentence
        if dv.granularity != "unresolved" and any(a <= dv.start_char and dv.end_char <= b for a, b in cited):
            dv.basis = "citation"
    return out


def _needs_anchor(text: str, p: Period) -> bool:
    """Whether a resolved expression depends on the publication date: "on Wednesday" does, "May 7, 2022" and
    "from 1979 to 1989" do not (they resolve the same with no anchor at all). Only the former say that the
    publication they were resolved against was inferred."""
    return p.resolved and p.basis != "narrative-anchor" and _resolve(text, None, None, None) != p


def _parts(spans: list[tuple[int, int]], ctx: DocContext, anchor) -> list[tuple[list[tuple[int, int]], Any]]:
    """Runs of consecutive spans that share a narrative, with what they resolve against: the host's text against
    its publication; an embedded report (written on a day of its own, unknown here) against no date, so only
    what needs none resolves ("on Wednesday" stays unresolved)."""
    out: list[tuple[list[tuple[int, int]], Any]] = []
    current: object = ()
    for span in spans:
        report = report_at(ctx.embedded, span[0])
        if report is not current or not out:
            out.append(([], anchor if report is None else None))
            current = report
        out[-1][0].append(span)
    return out


def _named_anchor(doc: Doc, offset: DateValue, anchor, ctx: DocContext) -> DateValue:
    """In "two weeks into the Ukraine war", "the Ukraine war" is a time of its own: it dates the war itself."""
    words = re.search(r"(?i)(?:^|\s)(?:into|after|before|following|prior\s+to|until)\s+", offset.text)
    start = offset.start_char + (words.end() if words else 0)
    text = text_of(doc)[start:offset.end_char]
    named = to_date_value(_resolve(text, anchor, None, None), text, start, offset.end_char, ctx.published_inferred)
    if named.rule:
        named.rule += WITHIN_OFFSET  # dates only an event named inside it, never the clause around
    return named


def publication_anchor(ctx: DocContext) -> date | tuple[date, date] | None:
    """What relative expressions resolve against: the publication day, or the span of its year."""
    if ctx.published is not None and ctx.published_granularity == "year":
        return year_anchors(ctx.published)
    return ctx.published


def publication_value(ctx: DocContext) -> DateValue:
    if ctx.published is None:
        return DateValue.unresolved()
    basis = "inferred-publication" if ctx.published_inferred else "publication"
    if ctx.published_granularity == "year":
        first, last = year_anchors(ctx.published)
        return DateValue(first.isoformat(), last.isoformat(), "year", "", basis=basis,
                         publication_inferred=ctx.published_inferred)
    iso = ctx.published.isoformat()
    return DateValue(iso, iso, "day", "", basis=basis, publication_inferred=ctx.published_inferred)


def date_for_event(doc: Doc, trigger_i: int, times: list[DateValue], ctx: DocContext) -> DateValue:
    """The date of the event whose trigger is token `trigger_i` (see module docstring for the order)."""
    latest = publication_anchor(ctx)
    latest = latest[1] if isinstance(latest, tuple) else latest
    report = report_at(ctx.embedded, doc[trigger_i].idx)
    # an embedded report's events are dated by its own words only, the host's by the host's
    own = times if not ctx.embedded else [t for t in times if t.start_char is None
                                           or report_at(ctx.embedded, t.start_char) is report]
    chosen = attach(doc, trigger_i, own, latest)
    if chosen is not None:
        return chosen
    return publication_value(ctx) if report is None else embedded_value(report, ctx)


def embedded_value(report: EmbeddedReport, ctx: DocContext) -> DateValue:
    """What dates an event of an embedded report that its words leave undated: the report was written no later
    than the page that carries it and no earlier than its actors existed; with no such bound, unresolved."""
    end = publication_value(ctx).end
    if report.earliest is None or end is None or report.earliest.isoformat() > end:
        unknown = DateValue.unresolved()
        unknown.basis, unknown.rule = "embedded-report", f"embedded:{report.credit}"
        return unknown
    return DateValue(report.earliest.isoformat(), end, "year", "", basis="embedded-report",
                     publication_inferred=ctx.published_inferred, rule=f"embedded:{report.credit}:earliest-actor")
