"""Metadata a document does not state in front matter: its outlet (credit lines) and publication date."""
from __future__ import annotations

import re
from functools import lru_cache

from panj.data import load_yaml
from panj.extract.times.publication import infer_publication_date, infer_publication_year
from panj.ingest.base import RawDoc


def ingest_rules() -> dict:
    """panj/data/ingest.yaml: how outlets, wire credits and embedded reports show up in article text."""
    return load_yaml("ingest.yaml")


@lru_cache(maxsize=1)
def _credit_patterns() -> list[tuple[str, re.Pattern[str]]]:
    return [(r["id"], re.compile(r["pattern"])) for r in ingest_rules()["credit_lines"]]


def wire_credits(text: str) -> list[str]:
    """Wire agencies credited in the text ("(Reuters) -", "TASS reported"): a sign of a syndicated copy."""
    # a plain substring test first: most texts name few agencies, and the bounded pattern needs the name verbatim
    return [agency for agency, pattern in _agency_patterns() if agency in text and pattern.search(text)]


@lru_cache(maxsize=1)
def _agency_patterns() -> list[tuple[str, re.Pattern[str]]]:
    return [(a, re.compile(rf"(?<![\w-]){re.escape(a)}(?![\w-])")) for a in ingest_rules()["wire_agencies"]]


def credit_line(text: str) -> tuple[str, str] | None:
    """(outlet, basis) from lines like "Via GlobalVoices.org" or "Courtesy: Central Asian Light"."""
    for rule_id, pattern in _credit_patterns():
        m = pattern.search(text)
        if m:
            name = m.group(1).strip(" .")
            return name, f'credit line ({rule_id}): "{m.group(0).strip()[:80]}"'
    return None


def complete(doc: RawDoc) -> RawDoc:
    """Fill outlet, publication date and credits that metadata left empty, saying how each was inferred."""
    if not doc.outlet:
        found = credit_line(doc.text)
        if found:
            doc.outlet, doc.outlet_basis = found
    elif not doc.outlet_basis:
        doc.outlet_basis = "metadata"
    if doc.published is None:
        inferred = infer_publication_date(doc.text)
        if inferred:
            doc.published, doc.published_basis = inferred
            doc.published_inferred = True
        elif (year := infer_publication_year(doc.text)) is not None:
            doc.published, doc.published_basis = year
            doc.published_inferred, doc.published_granularity = True, "year"
    elif not doc.published_basis:
        doc.published_basis = "metadata"
    doc.credits = sorted(set(doc.credits) | set(wire_credits(doc.text)))
    return doc
