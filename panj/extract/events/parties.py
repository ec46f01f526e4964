"""Parties named by description, and who is never a party (panj/extract/events/arguments.py uses these).

- `pair`: "the two countries", "both sides", "the parties": the two parties named most nearby;
- `side`: "the Kyrgyz side", and the state whose villages or posts an attack hit;
- `is_outlet`, `historic_modifier`: the outlet that reports a story and "the former Soviet republics" are no party.
`f` is the document's `arguments.ArgFinder` (its doc, actors by token, lexicon, and whether the trigger is hostile).
"""
from __future__ import annotations

import re
from dataclasses import replace
from typing import Any

from spacy.tokens import Doc, Token

from panj.extract.events.triggers import lemma
from panj.extract.places.toponyms import config as place_words
from panj.nlp import text_of
from panj.records import Actor, RuleHit

DIVIDING_PLACES = {"border", "frontier", "boundary", "line"}  # may lie between two states
_LOCATIVE_PREPS = {"on", "from", "in", "at", "to", "across", "along", "inside", "into", "near", "towards", "toward"}
_TARGET_PREPS = {"on", "at", "towards", "toward", "against", "upon"}
HOSTILE = {"ASSAULT", "COERCE"}


_HISTORIC_PREFIX = re.compile(r"(?i)\b(?:former|ex)\s*[-‑–]?\s*$")


def historic_modifier(doc: Doc, a: Actor, text: str) -> bool:
    """"the former Soviet republics", "two ex-Soviet countries": a name that says where the parties come from,
    not who they are (the Soviet Union is not a party to their clash). A person ("former President X") stays."""
    if not _HISTORIC_PREFIX.search(text[max(0, (a.start or 0) - 8):a.start]):
        return False
    span = doc.char_span(a.start, a.end, alignment_mode="expand")
    return span is not None and span.root.dep_ in ("amod", "compound") and span.root.head.tag_ == "NNS"


def reciprocal(verb: Token) -> bool:
    """"fought each other", "accused one another": the verb's object is reciprocal."""
    words = " ".join(t.lower_ for t in verb.subtree)
    return "each other" in words or "one another" in words


def is_outlet(a: Actor) -> bool:
    from panj.kb import load_kb

    kb = load_kb()
    return a.kb_id is not None and a.kb_id in kb and kb.get(a.kb_id).type == "media"


def pair(f: Any, tok: Token) -> list[tuple[Actor, RuleHit]]:
    """"the two countries", "both sides", "the parties", "the two Central Asian nations": a pair named by
    description is the two states the document names most (triggers.yaml `pair_heads`); "the two countries' border
    chiefs" are both states' too."""
    if lemma(tok) not in f.lx.pair_heads or tok.pos_ != "NOUN":
        return next((found for c in tok.children if c.dep_ == "poss" and (found := pair(f, c))), [])
    kids = {c.lower_ for c in tok.children if c.dep_ in ("det", "nummod", "amod", "predet", "quantmod")}
    words = {t.lower_ for t in tok.subtree if t.i < tok.i}
    if words & {"other", "dozen", "dozens", "many", "several", "all", "some", "hundred", "three", "four"} or any(
            c.dep_ in ("amod", "compound") and any(g.dep_ == "conj" for g in c.children) for c in tok.children):
        return []  # "two dozen other countries", "both the Labour and Nationalist parties" name no pair
    modified = any(c.dep_ in ("amod", "compound") for c in tok.children)
    definite_party = lemma(tok) in ("party", "side") and "the" in kids and tok.tag_ == "NNS" and not modified
    mutual = tok.tag_ == "NNS" and tok.dep_ == "nsubj" and reciprocal(tok.head)
    if not (kids & {"two", "both"} or definite_party or mutual):
        return []  # "the former Soviet republics fought each other" is a pair too
    if any(c.dep_ in ("compound", "amod", "poss") and f.by_token.get(c.i) for c in tok.children):
        return []  # "both Kyrgyz and Tajik sides" are named; the conjuncts give them
    states = main_states(f, tok)
    if len(states) < 2:
        return []
    start, end = tok.left_edge.idx, tok.idx + len(tok.text)
    text = text_of(f.doc)[start:end]
    return [(replace(a, text=text, start=start, end=end, rule="pair"), RuleHit("arg.pair", start, end, text))
            for a in states]

def main_states(f: Any, tok: Token) -> list[Actor]:
    """The two parties named most in the last three sentences up to `tok` (ties: the latest), else in the
    whole document (each at least twice), one Actor each: a state counts its organs and officials ("the
    Border Service of Kyrgyzstan"), an armed group counts for itf."""
    from panj.kb import load_kb

    kb = load_kb()
    sents = list(f.doc.sents)
    here = next((k for k, st in enumerate(sents) if st.start <= tok.i < st.end), 0)
    window_start = sents[max(0, here - 2)].start_char
    found: list[tuple[str, Actor]] = []
    for a in f.actors:
        if not a.kb_id:
            continue
        e = kb.get(a.kb_id) if a.kb_id in kb else None
        if e is not None and e.type == "group":
            key = a.kb_id
        elif e is not None and a.sector in ("REB", "OPP") and e.type != "state":
            key = e.parent or a.kb_id  # a rebel leader stands for his movement
        else:
            key = (a.country or "").lower()
        if key:
            found.append((key, a))

    def top(items: list[tuple[str, Actor]], least: int) -> list[str]:
        count: dict[str, int] = {}
        last: dict[str, int] = {}
        for k, a in items:
            count[k] = count.get(k, 0) + 1
            last[k] = a.start or 0
        keys = sorted(count, key=lambda k: (-count[k], -last[k]))[:2]
        return keys if len(keys) == 2 and count[keys[1]] >= least else []

    near = [(k, a) for k, a in found if window_start <= (a.start or 0) < tok.idx]
    keys = top(near, 1) or top(found, 2)
    firsts = {k: a for k, a in reversed(found)}
    return [kb.actor(k, firsts[k].text, None, firsts[k].start, firsts[k].end, rule="alias")
            if k in kb and kb.get(k).type == "state" else replace(firsts[k]) for k in keys]

def side(f: Any, tok: Token) -> list[tuple[Actor, RuleHit]]:
    """"the Kyrgyz side demanded", "the Tajik party": a side named by its demonym is that state when it acts
    or is acted upon ("on the Tajik side", a place, is left to the places stage); the target of an attack
    named as a state's place ("shelled Tajik villages", "fire towards Kyrgyz posts") is that state."""
    if f.by_token.get(tok.i):
        return []
    if lemma(tok) in f.lx.party_heads:
        if tok.dep_ == "pobj" and lemma(tok.head) in _LOCATIVE_PREPS and not f.hostile:
            return []
    elif (lemma(tok) in f.lx.place_heads and lemma(tok) not in DIVIDING_PLACES | {"bank", "side"}
          and f.hostile
          and tok.dep_ in ("dobj", "nsubjpass", "pobj")):
        if tok.dep_ == "pobj" and lemma(tok.head) not in _TARGET_PREPS:
            return []
    else:
        return []
    from panj.kb import load_kb

    kb = load_kb()
    for c in tok.children:
        if c.dep_ not in ("amod", "compound") or c.i > tok.i:
            continue
        start, end = c.idx, tok.idx + len(tok.text)
        text = text_of(f.doc)[start:end]
        known = [a for a in f.by_token.get(c.i, []) if a.kb_id]
        if known:
            return [(replace(known[0], text=text, start=start, end=end), RuleHit("arg.side", start, end, text))]
        hits = [h for h in kb.lookup(c.text) if h.kind in ("demonym", "alias") and kb.get(h.entry_id).type == "state"]
        if hits:
            a = kb.actor(hits[0].entry_id, text, None, start, end, rule="alias")
            return [(a, RuleHit("arg.side", start, end, text))]
    return []


def plain_name(words: list[Token]) -> str:
    """The name that keys an actor the knowledge base lacks across documents, from its words (modifiers, then the
    head): a person's without the honorific ("Mr. Gigante" is Gigante), and a common word capitalised only because
    it starts the sentence in lower case ("Police said" is the police; "Atlanta police", "anti-Taliban" stay)."""
    honorifics = place_words()["honorifics"]
    named = [t for t in words if t.lower_.rstrip(".") not in honorifics] or words
    span = named[0].doc[named[0].i: words[-1].i + 1]
    return "".join((t.lower_ if t.is_sent_start and not t.ent_type_ and t.pos_ != "PROPN" else t.text)
                   + t.whitespace_ for t in span).strip()


def anaphoric_description(tok: Token) -> bool:
    """"the group said ...", "the same group claimed ...": a definite generic noun with no name of its own
    (triggers.yaml `anaphoric_heads`) refers back, like a pronoun."""
    from panj.extract.events import lexicon as event_lexicon

    mods = [c for c in tok.children if c.dep_ not in ("det", "punct") and c.lower_ != "same"]
    return (tok.lemma_.lower() in event_lexicon.load().anaphoric_heads and not mods
            and any(c.dep_ == "det" and c.lower_ == "the" for c in tok.children))


def described_actor(actors: list[Actor], tok: Token) -> Actor | None:
    """The actor an anaphoric description ("the group") refers to: the nearest earlier non-state actor (not a
    government or army) that the knowledge base knows."""
    earlier = [a for a in actors if a.end is not None and a.end <= tok.idx and a.kb_id
               and a.sector not in ("GOV", "MIL")]
    return max(earlier, key=lambda a: a.end or 0) if earlier else None
