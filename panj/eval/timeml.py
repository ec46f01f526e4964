"""`panj eval timeml DIR`: date normalisation on TimeML gold (e.g. TempEval-3), panj beside dateparser alone.

For every gold TIMEX3 of type DATE (not the document creation time), both systems get the gold span and the
DCT; a prediction counts when its TIMEX3 value equals the gold `value` exactly. panj also sees the parsed text
(tense of the governing verb; the previous expressions as narrative anchor), as it does in the pipeline.

Mapping panj's interval + granularity back to TIMEX3 (`period_to_timex`): day 1998-01-08, week 1998-W02,
month 1998-01, season 1998-SU (a winter 1998-WI begins in December 1998), quarter 1998-Q1, half-year 1998-H1,
year 1998, decade 199; "recently" PAST_REF; "now"/"currently" PRESENT_REF; "in the future" FUTURE_REF.
Ranges ("from 1979 to 1989"), which TimeML splits into two timexes, have no single value.
"""
from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path

import typer

from panj.eval import eval_app


@dataclass
class TmlDoc:
    doc_id: str
    dct: date
    text: str
    timexes: list[dict] = field(default_factory=list)  # tid, value, mod, text, start, end, type


def read_tml(path: Path) -> TmlDoc:
    """The TEXT of a TimeML file as plain text, with the character spans of its TIMEX3 elements."""
    root = ET.parse(path).getroot()
    doc_id = (root.findtext("DOCID") or path.stem).strip()
    dct_el = root.find("DCT/TIMEX3")
    dct = date.fromisoformat(dct_el.get("value")[:10])
    parts: list[str] = []
    timexes: list[dict] = []

    def walk(el: ET.Element) -> None:
        start = sum(map(len, parts))
        if el.text:
            parts.append(el.text)
        for child in el:
            walk(child)
            if child.tail:
                parts.append(child.tail)
        if el.tag == "TIMEX3":
            end = sum(map(len, parts))
            timexes.append({"tid": el.get("tid"), "type": el.get("type"), "value": el.get("value"),
                            "mod": el.get("mod"), "start": start, "end": end,
                            "text": " ".join("".join(parts)[start:end].split())})

    text_el = root.find("TEXT")
    walk(text_el)
    return TmlDoc(doc_id, dct, "".join(parts), timexes)


def period_to_timex(p) -> str | None:
    """A panj Period as a TIMEX3 value (see module docstring)."""
    if p.timex:
        return p.timex
    if not p.resolved:
        return None
    from panj.extract.times import periods as cal

    if p.granularity == "day" and p.start == p.end:
        return p.start.isoformat()
    if p.granularity in cal.UNIT_OF:
        whole = cal.unit_period(p.start, cal.UNIT_OF[p.granularity], "")
        if whole.start == p.start and whole.end == p.end:
            return whole.timex
    return None


def dateparser_value(text: str, dct: date, parser) -> str | None:
    """dateparser alone, its own period (day/week/month/year) giving the shape of the value."""
    data = parser.get_date_data(text)
    if data.date_obj is None:
        return None
    d = data.date_obj.date()
    if data.period == "year":
        return f"{d.year:04d}"
    if data.period == "month":
        return f"{d.year:04d}-{d.month:02d}"
    if data.period == "week":
        iso = d.isocalendar()
        return f"{iso[0]}-W{iso[1]:02d}"
    return d.isoformat()


@eval_app.command("timeml")
def timeml(directory: Path = typer.Argument(..., help="Folder of TimeML .tml files (searched recursively)."),
           output: Path = typer.Option(None, "-o", "--output", help="Write predictions here (JSONL)."),
           no_baseline: bool = typer.Option(False, help="Skip the dateparser baseline."),
           limit: int = typer.Option(0, help="Only the first N files (0: all).")) -> None:
    """Share of gold DATE timexes whose value panj resolves exactly, beside dateparser alone."""
    from dateparser.date import DateDataParser

    from panj.extract.times.resolve import resolve_spans
    from panj.nlp import parse_many

    files = sorted(directory.rglob("*.tml"))
    if limit:
        files = files[:limit]
    docs = [read_tml(f) for f in files]
    rows = []
    for tml, doc in zip(docs, parse_many([d.text for d in docs])):
        dates = [t for t in tml.timexes if t["type"] == "DATE"]
        periods = resolve_spans(doc, [(t["start"], t["end"]) for t in dates], tml.dct)
        parser = None if no_baseline else DateDataParser(languages=["en"], settings={
            "RELATIVE_BASE": datetime(tml.dct.year, tml.dct.month, tml.dct.day), "PREFER_DAY_OF_MONTH": "first"})
        for t, p in zip(dates, periods):
            pred = period_to_timex(p)
            base = dateparser_value(t["text"], tml.dct, parser) if parser else None
            rows.append({"doc": tml.doc_id, "file": str(t and files[docs.index(tml)].relative_to(directory)),
                         "tid": t["tid"], "text": t["text"], "dct": tml.dct.isoformat(), "gold": t["value"],
                         "gold_mod": t["mod"], "panj": pred, "panj_mod": p.mod, "rule": p.rule,
                         "granularity": p.granularity, "start": p.start and p.start.isoformat(),
                         "end": p.end and p.end.isoformat(), "dateparser": base})
    n = len(rows)
    acc = sum(r["panj"] == r["gold"] for r in rows) / n if n else 0.0
    shape = sum(_shape(r["panj"]) == _shape(r["gold"]) for r in rows) / n if n else 0.0
    line = f"files={len(files)} date_timexes={n} accuracy={acc:.4f} granularity_accuracy={shape:.4f}"
    if not no_baseline:
        base_acc = sum(r["dateparser"] == r["gold"] for r in rows) / n if n else 0.0
        line += f" dateparser_accuracy={base_acc:.4f}"
    typer.echo(line)
    if output:
        with output.open("w", encoding="utf-8") as fh:
            for r in rows:
                fh.write(json.dumps(r, ensure_ascii=False) + "\n")


def _shape(v: str | None) -> str:
    """The shape of a TIMEX3 value: digits become 9 ('1998-Q3' -> '9999-Q9')."""
    if v is None:
        return ""
    return "".join("9" if c.isdigit() else c for c in v)
