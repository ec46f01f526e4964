"""Extraction and fusion over the store: the stages of DESIGN.md's data flow, wired in order.

Each document is parsed once (`nlp.pipe`, batched), then actors, times, places, event mentions and claims are
extracted from that parse (`extract_chunk`, here or in worker processes: panj/parallel.py) and saved in one
transaction with the document marked processed. Fusion then turns the
new event mentions into events (panj/fuse/incremental.py); event ids stay stable because fusion starts from the
events already stored.
"""
from __future__ import annotations

import hashlib
import threading
from datetime import date
from typing import TYPE_CHECKING, Any, Callable, Iterable, Iterator

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


def map_chunks(chunks: Iterable[list[Job]], count: int = 0) -> Iterator[list[Extraction]]:
    """Extract chunk after chunk in this process (`count`, how many chunks, sizes a pool; unused here)."""
    return map(extract_chunk, chunks)


def mention_id(m: EventMention) -> str:
    key = f"{m.doc_id}:{m.trigger_start}:{m.trigger_end}:{m.event_type}"
    if m.one_side:  # one trigger, one mention per side
        key += ":" + ":".join(a.kb_id or a.name for a in m.actors)
    return "em_" + hashlib.sha256(key.encode()).hexdigest()[:16]


def extract_document(doc: Doc, ctx: DocContext) -> tuple[list, list, list[EventMention]]:
    """(sentences, entity mentions, event mentions) of one parsed document."""
    from panj import nlp
    from panj.extract.actors import actor_at, find_actors, namesake_units
    from panj.extract.claims import apply_claims
    from panj.extract.claims.accusations import statement_accusations
    from panj.extract.events import extract_events, places_for_mention
    from panj.extract.places import find_places
    from panj.extract.times import date_for_event, find_embedded_reports, find_times

    actors = find_actors(doc, ctx)
    ctx.embedded = find_embedded_reports(ctx.text, ctx.outlet, actors)  # dated apart from the host's text
    times = find_times(doc, ctx)
    places = find_places(doc, ctx)
    actors = namesake_units(actors, places)  # "Georgia" in a story placed in the US state is not the country
    mentions = extract_events(doc, ctx, actors)
    for m in mentions:
        trigger = doc.char_span(m.trigger_start, m.trigger_end, alignment_mode="expand")
        trigger_i = trigger.root.i if trigger is not None else doc[0].i
        m.date = date_for_event(doc, trigger_i, times, ctx)
        m.locations = places_for_mention(doc, trigger_i, places, m, actors)
        when = _event_day(m, ctx)
        m.actors = [actor_at(a, when) for a in m.actors]
        m.recipients = [actor_at(a, when) for a in m.recipients]
    apply_claims(doc, ctx, mentions, actors)
    mentions += statement_accusations(doc, ctx, mentions)  # "X violated the truce, Y said" is Y's accusation too
    for m in mentions:
        m.id = mention_id(m)

    text = nlp.text_of(doc)  # a slice of the text, not Span.text's join of every token
    sentences = [(i, s.start_char, s.end_char, text[s.start_char:s.end_char]) for i, s in enumerate(doc.sents)]
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


CHUNK = 16  # documents per task: one spaCy batch and one store transaction (a killed run redoes at most this)
CONTEXT_FIELDS = ("published", "published_inferred", "published_granularity", "outlet", "url", "title")
Job = tuple[str, str, dict[str, Any]]  # (doc id, text, the other DocContext fields): a task's input
Extraction = tuple[str, list, list, list[dict[str, Any]]]  # (doc id, sentences, entity mentions, event mentions)
_PARSING = threading.Lock()  # one parse at a time per process: a Dask worker may run tasks in several threads


def job_of(row: dict[str, Any]) -> Job:
    """A stored document as a task's input: only what extraction reads, as plain data that pickles."""
    return row["id"], row["text"], {k: row.get(k) for k in CONTEXT_FIELDS}


def extract_chunk(jobs: list[Job]) -> list[Extraction]:
    """Parse a chunk as one `nlp.pipe` batch and extract each document; the answer is plain data, what
    `Store.save_extractions` takes. The one function every runner calls: here, in a worker process, on Dask."""
    from panj import nlp

    with _PARSING:
        contexts = [context_of({"id": doc_id, "text": text, **fields}) for doc_id, text, fields in jobs]
        out: list[Extraction] = []
        for doc, ctx in zip(nlp.parse_many([c.text for c in contexts], batch_size=CHUNK), contexts):
            sentences, entities, mentions = extract_document(doc, ctx)
            out.append((ctx.doc_id, sentences, entities, [m.to_dict() for m in mentions]))
    return out


def chunks_of(store: Store, ids: list[str]) -> Iterator[list[Job]]:
    """The documents to extract, CHUNK at a time in the store's order, read as they are needed."""
    for start in range(0, len(ids), CHUNK):
        part = ids[start:start + CHUNK]
        yield [job_of(r) for r in store.documents(f"id IN ({', '.join('?' for _ in part)})", part)]


def process(store: Store, on_doc: Callable[[str], None] | None = None,
            run: Callable[[Iterable[list[Job]], int], Iterable[list[Extraction]]] = map_chunks,
            stop: Callable[[], bool] | None = None) -> int:
    """Extract from every document not yet processed; returns how many were processed. `run` maps
    `extract_chunk` over the chunks and answers in their order (`panj.parallel.Runner.map` spreads them over
    processes or a cluster); each answer is saved in one transaction with its documents marked processed, so a
    killed run loses nothing it committed and the output does not depend on who extracted. `stop()` true ends
    the run after the chunk just saved; chunks still in flight are dropped and stay for the next run."""
    ids = store.unprocessed_ids()
    done = 0
    for results in run(chunks_of(store, ids), -(-len(ids) // CHUNK)):
        store.save_extractions(results)
        done += len(results)
        if on_doc:
            for doc_id, *_ in results:
                on_doc(doc_id)
        if stop is not None and stop():
            break
    return done


def fuse_store(store: Store, blocking: bool = True) -> "FuseReport":
    """Fuse the event mentions not yet in an event, starting from the stored events they could join, so ids stay
    stable; only new or changed events are written. The report's `changed` and `removed` ids say which events
    downstream views (alerts, indicators) must refresh."""
    from panj.fuse.incremental import fuse_store as fuse_incrementally

    return fuse_incrementally(store, blocking=blocking)
