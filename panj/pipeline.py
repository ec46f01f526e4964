"""Extraction and fusion over the store: the stages of DESIGN.md's data flow, wired in order.

Each document is parsed once (`nlp.pipe`, batched), then actors, times, places, event mentions and claims are
extracted from that parse and saved in one transaction with the document marked processed. Fusion then turns the
new event mentions into events (panj/fuse/incremental.py); event ids stay stable because fusion starts from the
events already stored.
"""
from __future__ import annotations

import hashlib
from datetime import date
from typing import TYPE_CHECKING, Callable

from spacy.tokens import Doc

from panj.records import DocContext, EventMention
from panj.store import Store

if TYPE_CHECKING:
    from panj.fuse.incremental import FuseReport


def context_of(row: dict) -> DocContext:
    published = row.get("published")
    if isinstance(published, str):
        published = date.fromisoformat(published)
    return DocContext(doc_id=row["id"], text=row["text"], published=published,
                      published_inferred=bool(row.get("published_inferred")),
                      published_granularity=row.get("published_granularity") or "day", outlet=row.get("outlet"),
                      url=row.get("url"), title=row.get("title"))


def mention_id(m: EventMention) -> str:
    key = f"{m.doc_id}:{m.trigger_start}:{m.trigger_end}:{m.event_type}"
    return "em_" + hashlib.sha256(key.encode()).hexdigest()[:16]


def extract_document(doc: Doc, ctx: DocContext) -> tuple[list, list, list[EventMention]]:
    """(sentences, entity mentions, event mentions) of one parsed document."""
    from panj.extract.actors import actor_at, find_actors
    from panj.extract.claims import apply_claims
    from panj.extract.events import extract_events, places_for_mention
    from panj.extract.places import find_places
    from panj.extract.times import date_for_event, find_embedded_reports, find_times

    actors = find_actors(doc, ctx)
    ctx.embedded = find_embedded_reports(ctx.text, ctx.outlet, actors)  # dated apart from the host's text
    times = find_times(doc, ctx)
    places = find_places(doc, ctx)
    mentions = extract_events(doc, ctx, actors)
    for m in mentions:
        trigger = doc.char_span(m.trigger_start, m.trigger_end, alignment_mode="expand")
        trigger_i = trigger.root.i if trigger is not None else doc[0].i
        m.date = date_for_event(doc, trigger_i, times, ctx)
        m.locations = places_for_mention(doc, trigger_i, places, m)
        when = _event_day(m, ctx)
        m.actors = [actor_at(a, when) for a in m.actors]
        m.recipients = [actor_at(a, when) for a in m.recipients]
    apply_claims(doc, ctx, mentions, actors)
    for m in mentions:
        m.id = mention_id(m)

    sentences = [(i, s.start_char, s.end_char, s.text) for i, s in enumerate(doc.sents)]
    entity_mentions = (
        [("actor", a.start, a.end, a.text, a.to_dict()) for a in actors]
        + [("time", t.start_char, t.end_char, t.text, t.to_dict()) for t in times]
        + [("place", p.start, p.end, p.text, p.to_dict()) for p in places]
    )
    return sentences, entity_mentions, mentions


def _event_day(m: EventMention, ctx: DocContext) -> date | None:
    if m.date and m.date.start:
        return date.fromisoformat(m.date.start)
    return ctx.published


SAVE_EVERY = 16  # documents per transaction: a killed run redoes at most this many


def process(store: Store, batch_size: int = 16, on_doc: Callable[[str], None] | None = None,
            stop: Callable[[], bool] | None = None) -> int:
    """Extract from every document not yet processed; returns how many were processed. `stop()` true ends the
    run after the current document, its extraction saved."""
    from panj import nlp

    ids = store.unprocessed_ids()
    done = 0
    for start in range(0, len(ids), 64):
        chunk = ids[start:start + 64]
        rows = store.documents(f"id IN ({', '.join('?' for _ in chunk)})", chunk)
        contexts = [context_of(r) for r in rows]
        results = []
        for doc, ctx in zip(nlp.parse_many((c.text for c in contexts), batch_size=batch_size), contexts):
            sentences, entities, mentions = extract_document(doc, ctx)
            results.append((ctx.doc_id, sentences, entities, [m.to_dict() for m in mentions]))
            if len(results) >= SAVE_EVERY:
                store.save_extractions(results)
                results.clear()
            done += 1
            if on_doc:
                on_doc(ctx.doc_id)
            if stop is not None and stop():
                break
        store.save_extractions(results)
        if stop is not None and stop():
            break
    return done


def fuse_store(store: Store, blocking: bool = True) -> "FuseReport":
    """Fuse the event mentions not yet in an event, starting from the stored events they could join, so ids stay
    stable; only new or changed events are written. The report's `changed` and `removed` ids say which events
    downstream views (alerts, indicators) must refresh."""
    from panj.fuse.incremental import fuse_store as fuse_incrementally

    return fuse_incrementally(store, blocking=blocking)
