"""The spaCy component `panj_events`: panj's event extraction over a user's own English pipeline.

    nlp = spacy.load("en_core_web_sm")                                  # any English pipeline with a parser and NER
    nlp.add_pipe("panj_events", config={"published": "2022-05-08"})     # the date relative dates resolve against
    for ev in nlp(text)._.events:
        ev.event_type, ev.status, ev.trigger, ev.actors, ev.recipients, ev.places, ev.times, ev.claims

Why a component: analysts who already run spaCy get panj's events (PLOVER type, participants, place, date,
epistemic status and who claims or denies it) on their own Docs, every field a `Span` of that Doc. It runs
`panj.pipeline.extract_document` on the user's parse, so results can differ a little from `panj ingest`, which
adds four small repair pipes to its pinned model (panj/nlp.py).

spaCy finds the factory through the `spacy_factories` entry point (pyproject.toml), so `add_pipe` and
`spacy.load` of a saved pipeline work without importing panj first. spaCy imports this module whenever it creates
a pipeline, so it imports nothing heavy at the top. The Doc keeps plain data only (`doc.user_data`), so it still
serialises (DocBin, `n_process`); `doc._.events` builds the spans from it on access.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from spacy.language import Language
from spacy.tokens import Doc, Span

KEY = "panj_events"  # doc.user_data key: the event mentions as plain dicts (records.EventMention.to_dict)


@dataclass
class EventSpans:
    """One event mention: its words as spans of the Doc, and the record panj made of it (names, knowledge-base
    ids, resolved dates and coordinates, the rules that fired) in `record`."""

    event_type: str
    mode: str | None
    status: str  # asserted | claimed | alleged | denied | disputed | planned | hypothetical | negated
    trigger: Span
    sentence: Span
    actors: list[Span] = field(default_factory=list)
    recipients: list[Span] = field(default_factory=list)
    places: list[Span] = field(default_factory=list)
    times: list[Span] = field(default_factory=list)  # the date expression; empty when the publication stood in
    claims: list[Span] = field(default_factory=list)  # the words that carry each claim or denial
    record: dict[str, Any] = field(default_factory=dict)


def _span(doc: Doc, start: Any, end: Any) -> Span | None:
    if start is None or end is None or not 0 <= start < end <= len(doc.text):
        return None
    return doc.char_span(int(start), int(end), alignment_mode="expand")


def _spans(doc: Doc, items: list[dict], start: str = "start", end: str = "end") -> list[Span]:
    return [s for x in items or [] if (s := _span(doc, x.get(start), x.get(end))) is not None]


def events_of(doc: Doc) -> list[EventSpans]:
    """`doc._.events`: the stored event mentions as spans of this Doc."""
    out = []
    for m in doc.user_data.get(KEY) or []:
        trigger = _span(doc, m["trigger_start"], m["trigger_end"])
        sentence = _span(doc, m["start"], m["end"])
        if trigger is None or sentence is None:
            continue
        out.append(EventSpans(
            event_type=m["event_type"], mode=m.get("mode"), status=m.get("status") or "asserted", trigger=trigger,
            sentence=sentence, actors=_spans(doc, m.get("actors")), recipients=_spans(doc, m.get("recipients")),
            places=_spans(doc, m.get("locations")), times=_spans(doc, [m.get("date") or {}], "start_char", "end_char"),
            claims=_spans(doc, m.get("claims")), record=m))
    return out


if not Doc.has_extension("events"):
    Doc.set_extension("events", getter=events_of)


class PanjEvents:
    """Sets `doc._.events` on each Doc (see the module's docstring)."""

    def __init__(self, published: str | None = None):
        self.published = date.fromisoformat(published) if published else None

    def context(self, doc: Doc):
        """What extraction knows of the document besides its parse: the configured publication date, or one
        inferred from the text (a dateline or byline, else the newest year it names) as `panj ingest` does."""
        from panj.ingest.base import RawDoc, doc_id
        from panj.ingest.metadata import complete
        from panj.records import DocContext

        raw = RawDoc(text=doc.text, source_path="<spaCy Doc>", published=self.published,
                     published_basis="component config" if self.published else None)
        if self.published is None:
            raw = complete(raw)
        return DocContext(doc_id=doc_id(doc.text), text=doc.text, published=raw.published,
                          published_inferred=raw.published_inferred, published_granularity=raw.published_granularity,
                          outlet=raw.outlet)

    def __call__(self, doc: Doc) -> Doc:
        from panj.pipeline import extract_document

        if not doc.has_annotation("DEP"):
            raise ValueError("panj_events needs a dependency parse: add it after a parser (e.g. en_core_web_sm)")
        _, _, mentions = extract_document(doc, self.context(doc))
        doc.user_data.pop("panj_text", None)  # extraction's cache of doc.text, not worth serialising
        doc.user_data[KEY] = [m.to_dict() for m in mentions]
        return doc


@Language.factory("panj_events", default_config={"published": None}, assigns=["doc._.events"],
                  requires=["token.dep", "token.lemma", "doc.ents"])
def make_panj_events(nlp: Language, name: str, published: str | None) -> PanjEvents:
    """`published`: the day (YYYY-MM-DD) the texts were published, which "on Saturday" and "last week" resolve
    against; null infers it per text from datelines and bylines, as `panj ingest` does for texts without metadata."""
    return PanjEvents(published)
