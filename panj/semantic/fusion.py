"""Semantic fusion signal: do two reports tell the same happening in similar words?

Why: when a mention and an event member share neither a date nor a place finer than a country, fusion decides
on participants and type alone; the cosine of the two sentences then tells a follow-up report of the same
clash ("Tajik and Kyrgyz guards exchanged fire near the water intake") from an unrelated act of the same sides.
The signal is bounded (semantic.yaml `fusion`: + bonus at or above `high`, - penalty at or below `low`, nothing
in between), so it tips a close call and never outweighs a clash, which still vetoes.

Vectors: `prepare` embeds the sentences a fusion run compares in one batch; with a store, vectors are read back
from `sentence_vectors` and only new sentences are embedded (and written), so stored events are not re-embedded
on every ingest.
"""
from __future__ import annotations

from typing import Any, Iterable

import numpy as np

from panj.semantic.model import embedder, sentence_key, settings

Dict = dict[str, Any]


def enabled() -> bool:
    return bool(settings()["fusion"].get("enabled"))


def prepare(sentences: Iterable[str], store=None) -> int:
    """Make the vectors of `sentences` available to `signal`; returns how many had to be embedded. With a
    store, vectors it holds are read back and the ones it lacks are written to it."""
    emb = embedder()
    wanted = {sentence_key(s): s for s in sentences if s}
    missing = wanted
    model = settings()["model"]["id"]
    if store is not None and wanted:
        stored = store.sentence_vectors(wanted, model)
        for k, v in stored.items():
            if emb.known(k) is None:
                emb.remember(k, np.asarray(v, dtype=np.float32))
        missing = {k: s for k, s in wanted.items() if k not in stored}
    new = sum(1 for k in missing if emb.known(k) is None)
    if missing:
        keys = sorted(missing)
        vecs = emb.embed([missing[k] for k in keys])  # only the ones not cached run through the model
        if store is not None:
            store.save_sentence_vectors([(k, v.tolist()) for k, v in zip(keys, vecs)], model)
    return new


def similarity(sentence: str, others: Iterable[str]) -> float | None:
    """The highest cosine between `sentence` and any of `others` (None when either side is empty)."""
    others = [o for o in others if o]
    if not sentence or not others:
        return None
    vecs = embedder().embed([sentence] + others)
    return float(np.max(vecs[1:] @ vecs[0]))


def signal(cos: float | None, cfg: Dict | None = None) -> float:
    """The evidence a cosine adds: + bonus at or above `high`, - penalty at or below `low`, else 0."""
    if cos is None:
        return 0.0
    cfg = cfg or settings()["fusion"]
    if cos >= float(cfg["high"]):
        return float(cfg["bonus"])
    if cos <= float(cfg["low"]):
        return -float(cfg["penalty"])
    return 0.0


def event_signal(sentence: str | None, doc_id: str, rec: Dict) -> float:
    """The signal between a mention's sentence and the closest sentence among the event's mentions from other
    documents: two events told in one sentence ("X supports A, and B threatens to support C") are no closer for
    sharing it, and within one document the sentence says nothing the rules have not read."""
    others = [x.get("sentence") or "" for x in rec.get("mentions") or [] if x.get("doc_id") != doc_id]
    return signal(similarity(sentence or "", others))
