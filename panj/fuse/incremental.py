"""Fusion over the store, incrementally: an ingest costs what its new mentions cost, not what the store holds.

Only mentions not yet linked to an event are fused. The events they could join are found by SQL on the
fusion index (member_blocks: the blocking of panj/fuse/blocking.py, kept per member) and by document, loaded, and
given to `fuse` with the new mentions; only events that come out different are written back (upserts, nothing
is deleted). Copy detection looks at the new mentions' documents and the documents that share an event
sentence with them (event_sentences), and keeps the links it found (document_copies); events whose documents'
copy links changed are re-finished too. A store fused before the index existed is indexed once, in full.

The guarantee of panj/fuse/cluster.py holds: when each batch's documents come after the stored ones in the
canonical order (published, then id), fusing batch by batch gives the records of fusing everything at once.
Known limit: a document whose mentions are re-extracted with new ids keeps its old links and sentence keys.

Fusion reads and indexes the machine's records only (`Store.machine_records`); what it writes for users is that
record with the analysts' corrections re-applied (panj/corrections/replay.py), in the same transaction.
"""
from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

from panj.corrections import replay
from panj.fuse.blocking import keyed, lookup_keys, lookup_window, member_rows, precise
from panj.fuse.cluster import fuse
from panj.fuse.config import config, family
from panj.fuse.sources import SourceDoc, copies_among, find_copies, pair_key, sentence_keys, source_doc
from panj.records import EventMention
from panj.semantic import fusion as semantic

Dict = dict[str, Any]


@dataclass
class FuseReport:
    """What one fusion wrote: ids of events inserted or updated, and of events deleted (fusion never deletes)."""
    changed: set[str] = field(default_factory=set)
    removed: set[str] = field(default_factory=set)
    mentions: int = 0  # new mentions fused
    candidates: int = 0  # stored events loaded as candidates


def _types_of(fam: str) -> list[str]:
    listed = (config().get("type_families") or {}).get(fam)
    return list(listed) if listed else [fam]


def _candidate_ids(store, mentions: list[EventMention], published: dict[str, str | None]) -> set[str]:
    """Stored events any new mention could join by date and keys: the blocking of panj/fuse/blocking.py asked of
    the store (events of the mentions' own documents are added by the caller); `published`: by document."""
    per_family: dict[str, set[tuple]] = {}
    for m in mentions:
        d = m.date.to_dict() if m.date else None
        w = lookup_window(d, published.get(m.doc_id))
        if w is not None:
            keys = lookup_keys([a.to_dict() for a in m.actors], [a.to_dict() for a in m.recipients],
                               [p.to_dict() for p in m.locations])
            per_family.setdefault(family(m.event_type), set()).add((w[0], w[1], precise(d), tuple(keys)))
    out: set[str] = set()
    for fam, lookups in per_family.items():
        out |= store.candidate_events(_types_of(fam), sorted(lookups), keyed=keyed())
    return out


def _copy_links(store, new: list[EventMention], sources: dict[str, SourceDoc]
                ) -> tuple[dict[str, str | None], list[tuple[str, str]]]:
    """(copy links that change {doc: original or None}, new sentence key rows) for the new mentions' documents
    and the documents sharing an event sentence with them."""
    fresh: dict[str, set[str]] = {}
    for m in new:
        fresh.setdefault(m.doc_id, set()).update(sentence_keys([m.sentence or ""]))
    docs = set(fresh)
    sets = store.sentence_keys(docs)
    rows = [(d, k) for d, ks in fresh.items() for k in sorted(ks - sets.get(d, set()))]
    for d, ks in fresh.items():
        sets.setdefault(d, set()).update(ks)
    neighbours = store.documents_sharing({k for ks in fresh.values() for k in ks}) - docs
    sets.update(store.sentence_keys(neighbours))
    sources.update({r["id"]: source_doc(r) for r in store.source_rows(neighbours - set(sources))})
    found = copies_among(sets, sources)
    stored = store.copy_links(docs | neighbours)
    changes: dict[str, str | None] = {}
    for d in docs | neighbours:
        best = found.get(d)
        old = stored.get(d)
        if d not in docs and old is not None and old not in docs and (
                best is None or pair_key(d, old) < pair_key(d, best)):
            best = old  # decided by a pair outside this neighbourhood, still the first
        if best != old:
            changes[d] = best
    return changes, rows


def _close_sources(store, sources: dict[str, SourceDoc], links: dict[str, str]) -> None:
    """Add every document on the copy chains of those in `sources`, so origins resolve as over the whole store."""
    todo = set(sources)
    while todo:
        stored = store.copy_links(todo)
        for d in todo:
            if d in stored and d not in links:
                links[d] = stored[d]
        targets = {t for d in todo for t in (sources[d].duplicate_of if d in sources else None, links.get(d)) if t}
        todo = targets - set(sources)
        sources.update({r["id"]: source_doc(r) for r in store.source_rows(todo)})
        todo &= set(sources)


def fuse_store(store, blocking: bool = True) -> FuseReport:
    """Fuse the mentions not yet in an event with the stored events they could join; write what changed."""
    if store.fusion_index_stale():
        rebuild_index(store)
    new = [EventMention.from_dict(d) for d in store.unfused_mention_records()]
    report = FuseReport(mentions=len(new))
    if not new:
        return report
    sources = {r["id"]: source_doc(r) for r in store.source_rows({m.doc_id for m in new})}
    changes, sentence_rows = _copy_links(store, new, sources)
    moved = {d for d in changes if d not in {m.doc_id for m in new}}
    reach, frontier = set(moved), set(moved)
    while frontier:  # documents whose origin runs through a document whose link changed
        frontier = store.documents_linked_to(frontier) - reach
        reach |= frontier
    ids = (_candidate_ids(store, new, {d: s.published for d, s in sources.items()}) if blocking else store.candidate_events(
        sorted({t for m in new for t in _types_of(family(m.event_type))}), [], whole_family=True))
    ids |= store.events_of_documents(reach | {m.doc_id for m in new})
    existing = store.machine_records(ids)
    report.candidates = len(existing)
    docs = {x["doc_id"] for r in existing for x in r["mentions"]} - set(sources)
    sources.update({r["id"]: source_doc(r) for r in store.source_rows(docs)})
    links = {d: o for d, o in changes.items() if o is not None}
    dropped = {d for d, o in changes.items() if o is None}
    _close_sources(store, sources, links)
    for d in dropped:
        links.pop(d, None)
    ordered = dict(sorted(links.items(), key=lambda kv: pair_key(*kv)))
    if semantic.enabled():  # stored vectors read back, only new sentences embedded
        semantic.prepare([m.sentence or "" for m in new] + [x.get("sentence") or "" for r in existing
                                                            for x in r["mentions"]], store)
    before = {r["id"]: _dump(r) for r in existing}
    out = [r for r in fuse(new, sources, existing=existing, blocking=blocking, copies=ordered)
           if before.get(r["id"]) != _dump(r)]
    _save(store, out, sentence_rows, changes)
    report.changed = {r["id"] for r in out}
    return report


def _dump(r: Dict) -> str:
    return json.dumps(r, sort_keys=True, default=str)


def _save(store, records: list[Dict], sentence_rows: list[tuple[str, str]], links: dict[str, str | None]) -> None:
    blocks = []
    for r in records:
        blocks += member_rows(r)
        r.pop("_views", None)
    view = replay.view(store, records, recheck=store.fusion_index_stale())  # stale: every event is rewritten
    store.save_fusion(records, blocks, sentence_rows, links, view=view)


def write_events(store, records: list[Dict]) -> None:
    """Write finished event records (an import, a synthetic benchmark store) as fusion writes its own: rows, side
    rows and fusion index, so later ingests can join them."""
    _save(store, records, [], {})


def rebuild_index(store) -> None:
    """Index a store fused before the fusion index existed (or after `replace_events`): once, over everything."""
    records = store.machine_event_records()
    sentences: dict[str, list[str]] = {}
    for r in records:
        for x in r["mentions"]:
            sentences.setdefault(x["doc_id"], []).append(x.get("sentence") or "")
    sources = {r["id"]: source_doc(r) for r in store.source_rows(sentences)}
    rows = [(d, k) for d, ss in sentences.items() for k in sorted(sentence_keys(ss))]
    links: dict[str, str | None] = dict(find_copies(sentences, sources))
    _save(store, records, rows, links)
