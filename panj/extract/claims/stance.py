"""Stance and attribution: who says an event happened, through whom, and the status that follows.

`status_of` reads a mention's status off its analysed frames (`frames.analyse`); `build_claim` turns the chain of
sources into a `Claim` (claimant nearest the event first, the document's outlet last). `derive_status` fuses
statuses across documents; `mention_factuality` gives the status of any predicate (for `panj eval factuality`).
"""
from __future__ import annotations

from spacy.tokens import Doc, Span, Token

from panj.extract.claims.frames import Analysis, Frame, analyse, lexicon
from panj.extract.events.parties import anaphoric_description, described_actor
from panj.records import Actor, Claim, DocContext

POSITIVE = ("asserted", "claimed", "alleged")
MEDIA_SECTORS = ("PRE", "MED")


# ---------------------------------------------------------------- tokens, spans and actors
def trigger_token(doc: Doc, start: int, end: int) -> Token | None:
    """The syntactic head of the tokens inside a character span."""
    span = doc.char_span(start, end, alignment_mode="expand")
    toks = list(span) if span is not None else []
    if not toks:
        return None
    ids = {t.i for t in toks}
    for t in toks:
        if t.head.i not in ids or t.head is t:
            return t
    return toks[0]


def phrase_span(tok: Token) -> Span:
    """The noun phrase of a source, without clauses hanging off it ('officials who spoke' → 'officials')."""
    doc = tok.doc
    left = tok.i
    for c in tok.lefts:
        if c.dep_ not in ("punct", "cc", "advcl", "acl", "relcl"):
            left = min(left, c.left_edge.i)
    right = tok.i
    for c in tok.rights:
        if c.dep_ in ("compound", "flat", "nummod", "amod", "prep") and c.i == right + 1:
            right = c.right_edge.i if c.dep_ != "prep" else right
            if c.dep_ != "prep":
                right = max(right, c.right_edge.i)
    return doc[left:right + 1]


def actor_for(doc: Doc, tok_i: int | None, actors: list[Actor]) -> Actor | None:
    """The Actor behind a source token: an extracted actor inside its phrase, a pronoun's antecedent, or a
    record built from the words when the knowledge base does not know the source."""
    if tok_i is None:
        return None
    tok = doc[tok_i]
    span = phrase_span(tok)
    s, e = span.start_char, span.end_char
    inside = [a for a in actors if a.start is not None and a.end is not None and a.start < e and a.end > s]
    if inside:
        covering = [a for a in inside if a.start <= tok.idx < a.end]
        return (covering or inside)[0]
    organ = _of_chain_actor(tok, actors)
    if organ is not None:  # "the press center of the Border Troops of Tajikistan": the organ it speaks for
        return organ
    if anaphoric_description(tok):  # "the (same) group"
        return described_actor(actors, tok)
    if tok.pos_ == "PRON":  # the nearest earlier actor, preferring one that was a subject
        start = tok.sent.start
        prev = doc[start - 1].sent.start_char if start > 0 else 0
        before = [a for a in actors if a.end is not None and a.start is not None and prev <= a.start
                  and a.end <= tok.idx]
        if not before:
            return None
        subjects = [a for a in before if (h := trigger_token(doc, a.start, a.end)) is not None
                    and (h.dep_ in ("nsubj", "nsubjpass") or h.head.dep_ in ("nsubj", "nsubjpass"))]
        return max(subjects or before, key=lambda a: a.end or 0)
    text = span.text.strip()
    if text.lower().startswith("the "):
        text = text[4:]
    return Actor(name=text, text=span.text, start=s, end=e, rule="claims.source_not_in_kb")


def _of_chain_actor(tok: Token, actors: list[Actor]) -> Actor | None:
    """The first known actor down a chain of 'of' phrases under a source that names none itself ('the press
    service of the ministry of defence of Varnia' → the ministry)."""
    cur = tok
    for _ in range(4):
        nxt = next((p for c in cur.children if c.dep_ == "prep" and c.lower_ == "of"
                    for p in c.children if p.dep_ == "pobj"), None)
        if nxt is None:
            return None
        span = phrase_span(nxt)
        inside = [a for a in actors if a.start is not None and a.end is not None
                  and a.start < span.end_char and a.end > span.start_char]
        if inside:
            return inside[0]
        cur = nxt
    return None


def outlet_actor(ctx: DocContext, kb=None) -> Actor | None:
    """The document's outlet, the outermost source of every claim in it: the knowledge base's media entry when it
    knows the outlet, else an Actor with sector MED (every outlet is media)."""
    if not ctx.outlet:
        return None
    try:
        if kb is None:
            from panj.kb import load_kb

            kb = load_kb()
        entry = kb.find(ctx.outlet)
        if entry is not None:
            actor = kb.actor(entry.id, ctx.outlet, ctx.published, rule="claims.outlet")
            actor.sector = actor.sector or "MED"
            return actor
    except Exception:  # a missing or broken KB must not stop claims; the outlet still heads the chain
        pass
    return Actor(name=ctx.outlet, text=ctx.outlet, sector="MED", rule="claims.outlet")


def clause_span(tok: Token) -> tuple[int, int, str]:
    """Char span and words of the clause a cue heads, kept inside its sentence."""
    sent = tok.sent
    left = max(tok.left_edge.i, sent.start)
    right = min(tok.right_edge.i, sent.end - 1)
    span = tok.doc[left:right + 1]
    return span.start_char, span.end_char, span.text


# ---------------------------------------------------------------- stance and status of one predicate
def effective_stance(f: Frame) -> str:
    """'did not confirm' is not a confirmation; 'did not deny' is not a denial."""
    if not f.negated:
        return f.stance
    return {"denies": "claims", "confirms": "alleges", "claims": "alleges", "asserts": "alleges"}.get(f.stance,
                                                                                                    "alleges")


def status_of(an: Analysis, absorb_negation: bool = False) -> tuple[str, int | None, str]:
    """(status, index of the frame whose source owns the claim or None for the author, rule)."""
    frames = an.frames
    for k, f in enumerate(frames):
        if effective_stance(f) == "denies":
            return "denied", k, f.rule
    negated = an.has("negated") and not absorb_negation
    if an.has("hypothetical"):
        return "hypothetical", (0 if frames else None), _cue_rule(an, "hypothetical")
    if negated:
        if frames and effective_stance(frames[0]) in ("claims", "asserts", "confirms"):
            return "denied", 0, "claims.reported_negation"
        return "negated", (0 if frames else None), _cue_rule(an, "negated")
    hedged = an.has("hedged") or any(f.hedged or f.unnamed or effective_stance(f) == "alleges" for f in frames)
    if hedged:  # second-hand outranks planned: "reports that X was preparing to attack" is first of all alleged
        rule = _cue_rule(an, "hedged") if an.has("hedged") else next(
            f.rule for f in frames if f.hedged or f.unnamed or effective_stance(f) == "alleges")
        return "alleged", (0 if frames else None), rule
    if an.has("planned"):
        return "planned", (0 if frames else None), _cue_rule(an, "planned")
    if frames:
        if effective_stance(frames[0]) == "confirms":
            return "asserted", 0, frames[0].rule
        return "claimed", 0, frames[0].rule
    return "asserted", None, "claims.author"


def _cue_rule(an: Analysis, kind: str) -> str:
    return next(c.rule for c in an.cues if c.kind == kind)


def _cue_token(an: Analysis, kind: str) -> int | None:
    return next((c.token_i for c in an.cues if c.kind == kind), None)


def build_claim(doc: Doc, ctx: DocContext, an: Analysis, status: str, k: int | None, rule: str,
                actors: list[Actor], outlet: Actor | None, tok: Token) -> Claim:
    """One Claim for the chain: claimant = source of frame k (or a cited origin), via = the farther sources."""
    frames = an.frames
    via: list[Actor] = []
    if k is None:
        sent = tok.sent
        kind = {"alleged": "hedged", "hypothetical": "hypothetical", "planned": "planned",
                "negated": "negated"}.get(status)
        cue_i = _cue_token(an, kind) if kind else None
        stance = "alleges" if status == "alleged" else "asserts"
        claimant = None
        s, e, text = sent.start_char, sent.end_char, sent.text
        cue = doc[cue_i].text if cue_i is not None else None
    else:
        f = frames[k]
        stance = "denies" if status == "denied" else effective_stance(f)
        if stance == "claims" and (f.unnamed or f.hedged):
            stance = "alleges"
        claimant = actor_for(doc, f.source_i, actors)
        if f.cited_i is not None:
            cited = actor_for(doc, f.cited_i, actors)
            if cited is not None:
                if claimant is not None:
                    via.append(claimant)
                claimant = cited
        via.extend(a for a in (actor_for(doc, r, actors) for r in f.relays) if a is not None)
        for g in frames[k + 1:]:
            a = actor_for(doc, g.source_i, actors)
            if a is not None:
                via.append(a)
            via.extend(a for a in (actor_for(doc, r, actors) for r in g.relays) if a is not None)
        s, e, text = clause_span(doc[f.cue_i])
        cue = doc[f.cue_i].text
        if doc[f.cue_i].dep_ == "prep":  # "according to X": the whole sentence carries it
            sent = doc[f.cue_i].sent
            s, e, text = sent.start_char, sent.end_char, sent.text
    if outlet is not None:
        via.append(outlet)
    via = _dedupe(via, claimant)
    return Claim(claimant=claimant, stance=stance, text=text, doc_id=ctx.doc_id, start=s, end=e, via=via,
                 cue=cue, rule=rule)


def _dedupe(via: list[Actor], claimant: Actor | None) -> list[Actor]:
    seen = {claimant.name.lower()} if claimant is not None else set()
    out = []
    for a in via:
        if a.name.lower() not in seen:
            seen.add(a.name.lower())
            out.append(a)
    return out


def derive_status(claims: list[Claim], mention_statuses: list[str]) -> str:
    """A fused event's status from all its claims/mention statuses across documents.

    Rules, in order: (1) anything denied or negated beside anything that says it happened → disputed;
    (2) only denials → denied, only negations → negated; (3) asserted or confirmed anywhere → asserted (a later
    report of a planned event outranks the announcement); (4) claimed, then alleged; (5) planned, then
    hypothetical. With no mention statuses the claims' stances decide the same way.

    Rule (3) is spec/events.md's: `claimed` is "a party says it happened, not independently confirmed" and
    `asserted` is "the author ... states it happened, no attribution hedge"; so one side's claim that another
    outlet narrates in its own voice is asserted (the claim stays among the record's claims). An outlet that
    carries the side's statement whole is not that confirmation: its sentences are the side's claims
    (`scope`)."""
    statuses = list(mention_statuses)
    if not statuses:
        for c in claims:
            statuses.append({"asserts": "asserted", "confirms": "asserted", "claims": "claimed",
                             "alleges": "alleged", "denies": "denied"}.get(c.stance, "asserted"))
    st = set(statuses)
    denied = "denied" in st or any(c.stance == "denies" for c in claims)
    negated = "negated" in st
    happened = bool(st & set(POSITIVE))
    if "disputed" in st or ((denied or negated) and happened):
        return "disputed"
    if denied:
        return "denied"
    if negated and not st & {"planned", "hypothetical"}:
        return "negated"
    if "asserted" in st or any(c.stance == "confirms" for c in claims):
        return "asserted"
    for s in ("claimed", "alleged", "planned", "hypothetical", "negated"):
        if s in st:
            return s
    return "asserted"


def mention_factuality(doc: Doc, token_i: int) -> str:
    """Status for an arbitrary predicate token (used by `panj eval factuality` on MEANTIME targets)."""
    an = analyse(doc, token_i)
    status, _k, _rule = status_of(an)
    return status


def factuality_value(status: str) -> float:
    """The [-3, 3] value of a status (lexicon `factuality_scale`)."""
    return float(lexicon()["factuality_scale"].get(status, 3.0))
