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
    """Make the vectors of `sentences` available to `signal`; returns how many had to be embedded."""
    emb = embedder()
    todo = {sentence_key(s): s for s in sentences if s}
    todo = {k: s for k, s in todo.items() if emb.known(k) is None}
    if not todo:
        return 0
    model = settings()["model"]["id"]
    if store is not None:
        for k, v in store.sentence_vectors(todo, model).items():
            emb.remember(k, np.asarray(v, dtype=np.float32))
            todo.pop(k, None)
    if not todo:
        return 0
    keys = sorted(todo)
    vecs = emb.embed([todo[k] for k in keys])
    if store is not None:
        store.save_sentence_vectors([(k, v.tolist()) for k, v in zip(keys, vecs)], model)
    return len(keys)


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


def event_signal(sentence: str | None, rec: Dict) -> float:
    """The signal between a mention's sentence and the closest sentence among an event's mentions."""
    return signal(similarity(sentence or "", [x.get("sentence") or "" for x in rec.get("mentions") or []]))
