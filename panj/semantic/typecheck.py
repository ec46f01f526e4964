"""Semantic type check: where the trigger lexicon is least sure of a type, ask the sentence's embedding.

Why only there: a lexicon entry with a constraint ("fire" + a weapon as object, "call" + "on") has already
disambiguated its lemma; a bare lemma that other entries map to other types ("seize", "block", "call") has not,
and the first entry in file order won. For those matches the sentence is compared with each candidate type's
prototype (panj/data/lexicons/type_prototypes.yaml): the rule's type is confirmed, replaced by a candidate that is
closer by `retype_margin`, or (optionally) the match is rejected when non-event uses are closer than every type.
The decision is appended to the match's notes, so the mention's rules say which entry fired and what the
embedding decided, with both cosines.
"""
from __future__ import annotations

from dataclasses import replace
from functools import lru_cache
from importlib import resources
from typing import TYPE_CHECKING, Any, Sequence

import numpy as np
import yaml

from panj.semantic.model import embedder, settings

if TYPE_CHECKING:  # the event extractor calls in here: importing it at run time would be circular
    from spacy.tokens import Span

    from panj.extract.events.lexicon import Lexicon, Trigger
    from panj.extract.events.triggers import Match

NON_EVENT = "NONE"


@lru_cache(maxsize=1)
def prototypes() -> tuple[tuple[str, ...], np.ndarray]:
    """(labels, unit centroid per label) from type_prototypes.yaml, embedded once per process."""
    text = resources.files("panj.data").joinpath("lexicons", "type_prototypes.yaml").read_text("utf-8")
    raw = yaml.safe_load(text)["types"]
    labels = tuple(raw)
    rows = []
    for label in labels:
        c = embedder().embed([str(s) for s in raw[label]]).mean(axis=0)
        rows.append(c / np.linalg.norm(c))
    return labels, np.vstack(rows)


def _constrained(t: Trigger) -> bool:
    return any(x is not None for x in (t.dobj, t.prep, t.pobj, t.prt, t.mods, t.of)) or t.light or t.xcomp


_ALTERNATIVES: dict[int, dict[tuple[str, str], frozenset[str]]] = {}


def alternatives(lx: Lexicon) -> dict[tuple[str, str], frozenset[str]]:
    """(kind, lemma) -> every type some entry of that kind gives the lemma, constrained entries included."""
    key = id(lx)
    if key not in _ALTERNATIVES:
        out: dict[tuple[str, str], set[str]] = {}
        for t in lx.verbs + lx.nouns + lx.adjs:
            for lem in t.lemmas:
                out.setdefault((t.kind, lem), set()).add(t.type)
        _ALTERNATIVES.clear()
        _ALTERNATIVES[key] = {k: frozenset(v) for k, v in out.items()}
    return _ALTERNATIVES[key]


def candidates(m: Match, lx: Lexicon) -> frozenset[str]:
    """The types this match could have had when its entry is a bare lemma the lexicon maps to several types;
    empty when the rule is sure (a constrained entry, a clause rule, or a lemma with one type)."""
    t = m.trigger
    if not t.lemmas or m.notes or _constrained(t):
        return frozenset()
    alts = alternatives(lx).get((t.kind, m.token.lemma_.lower()), frozenset()) | {t.type}
    return alts if len(alts) > 1 else frozenset()


def text_of(sent: "Span", m: "Match", cfg: dict[str, Any]) -> str:
    """What is compared with the prototypes: the sentence, or (`text: clause`) the trigger's own clause, the
    subtree of the trigger (of the verb governing it, for a noun), so that other events of the sentence do not
    pull its vector."""
    if cfg.get("text", "sentence") != "clause":
        return sent.text
    tok = m.token
    if tok.pos_ != "VERB" and tok.head.pos_ == "VERB" and tok.head.i != tok.i:
        tok = tok.head
    ids = [t.i for t in tok.subtree]
    return sent.doc[min(ids):max(ids) + 1].text


def decide(sentence: str, rule_type: str, cands: frozenset[str], cfg: dict[str, Any] | None = None
           ) -> tuple[str, str | None, dict[str, float]]:
    """(decision, new type or None, cosines): decision is confirm, retype or reject."""
    cfg = cfg or settings()["type_check"]
    labels, protos = prototypes()
    sims = dict(zip(labels, (protos @ embedder().embed([sentence])[0]).tolist()))
    best = max(sorted(cands), key=lambda c: sims.get(c, -1.0))
    reject = cfg.get("reject_margin")
    top_event = max(v for k, v in sims.items() if k != NON_EVENT)
    if reject is not None and NON_EVENT in sims and sims[NON_EVENT] - top_event >= float(reject):
        return "reject", None, sims
    if best != rule_type and sims[best] - sims[rule_type] >= float(cfg["retype_margin"]):
        return "retype", best, sims
    return "confirm", None, sims


def review(sentences: Sequence[tuple[Span, list[Match]]], lx: Lexicon) -> list[tuple[Span, list[Match]]]:
    """The matches of each sentence after the check (unchanged when type_check is off in semantic.yaml)."""
    cfg = settings()["type_check"]
    if not cfg.get("enabled"):
        return list(sentences)
    weak = [(s, m, c) for s, ms in sentences for m in ms for c in [candidates(m, lx)] if c]
    if not weak:
        return list(sentences)
    texts = [text_of(s, m, cfg) for s, m, _ in weak]
    embedder().embed(texts)  # one batch for the document
    dropped: set[int] = set()
    for (sent, m, cands), text in zip(weak, texts):
        decision, new, sims = decide(text, m.trigger.type, cands, cfg)
        shown = new or m.trigger.type
        note = (f"semantic.{decision}:{m.trigger.type}" + (f">{new}" if new else "")
                + f" cos={sims[shown]:.2f}" + (f"/{sims[m.trigger.type]:.2f}" if new else ""))
        if decision == "reject":
            dropped.add(id(m))
            continue
        if new is not None:
            m.trigger = replace(m.trigger, type=new, mode=None, cameo=None)
        m.notes.append((note, [m.token]))
    return [(s, [m for m in ms if id(m) not in dropped]) for s, ms in sentences]
