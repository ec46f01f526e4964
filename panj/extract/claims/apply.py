"""Every event mention of a document gets its claims and its status within that document.

`apply_claims` reads the stance of each mention off the parse (`frames.analyse`), turns the chain of sources into
`Claim` records (`stance.build_claim`), and then attaches denials that refer to an event without repeating it
(`denials`). It sits above both, so that denials can use the stance helpers without a circle.
"""
from __future__ import annotations

from spacy.tokens import Doc, Token

from panj.extract.claims.denials import attach_denials
from panj.extract.claims.frames import Analysis, Frame, analyse, lexicon
from panj.extract.claims.quotes import quote_frame
from panj.extract.claims.scope import apply_scopes
from panj.extract.claims.stance import POSITIVE, build_claim, outlet_actor, status_of, trigger_token
from panj.records import Actor, Claim, DocContext, EventMention


def apply_claims(doc: Doc, ctx: DocContext, mentions: list[EventMention], actors: list[Actor]) -> None:
    """For every mention of this document set mention.claims (Claim per stance-bearing source, claimant Actor or
    None for the author, via chain nearest first, ending with the document outlet ctx.outlet as an Actor with
    sector 'PRE'/'MED' if known), and mention.status (asserted|claimed|alleged|denied|planned|hypothetical|negated;
    disputed when the document itself holds a claim and a denial). Also attach document-internal denials that refer
    to a mention anaphorically ("dismissed the claims", "said only bullets were fired")."""
    lx = lexicon()
    outlet = outlet_actor(ctx)
    info: list[tuple[EventMention, Token | None, Analysis | None]] = []
    for m in mentions:
        if m.doc_id != ctx.doc_id:
            continue
        tok = trigger_token(doc, m.trigger_start, m.trigger_end)
        if tok is None:
            m.claims = [Claim(None, "asserts", m.sentence, ctx.doc_id, m.start, m.end,
                              [outlet] if outlet else [], None, "claims.author")]
            m.status = "asserted"
            info.append((m, None, None))
            continue
        an = analyse(doc, tok.i)
        if not an.frames:  # '"Troops opened fire. Houses burned," the ministry said.': the quote's speaker
            quoted = quote_frame(tok)
            if quoted is not None:
                an.frames.append(quoted)
        status, k, rule = status_of(an, absorb_negation=m.event_type in lx["negation_absorbing_types"])
        claim = build_claim(doc, ctx, an, status, k, rule, actors, outlet, tok)
        if status == "claimed" and k is not None and _self_report(doc, an.frames[k], claim, m):
            status, claim.stance = "asserted", "asserts"
            claim.rule = f"{claim.rule}.involved_party"
        _other_sides_version(m, claim)
        m.claims = [claim]
        m.status = status
        info.append((m, tok, an))
    apply_scopes(doc, ctx, [m for m, _t, _a in info], {id(m): an for m, _t, an in info if an is not None}, actors,
                 outlet)
    attach_denials(doc, ctx, info, actors, outlet)
    for m, _tok, _an in info:
        m.status = document_status(m)


def _other_sides_version(m: EventMention, claim: Claim) -> None:
    """"Varnia and Ostria accused each other of shelling": Varnia's shelling is Ostria's claim, not the claim of
    "the two countries" that the parse names as the speaker (see events.mentions.directed_halves)."""
    if not m.one_side or claim.claimant is None or claim.stance not in ("claims", "alleges"):
        return
    accusers = [r for r in m.recipients if r.kb_id]
    if len(accusers) == 1 and claim.claimant.kb_id not in {a.kb_id for a in m.actors + m.recipients}:
        claim.claimant = accusers[0]


def _self_report(doc: Doc, f: Frame, claim: Claim, m: EventMention) -> bool:
    """Spec: an involved party stating it happened is `asserted`, unless its verb is a claim ("claimed",
    "admitted": lexicon `self`)."""
    if claim.claimant is None:
        return False
    ent = lexicon()["reporting_verbs"].get(doc[f.cue_i].lemma_.lower(), {})
    if ent.get("self") != "asserts":
        return False
    parties = m.actors + m.recipients
    key = lambda a: (a.kb_id or a.name or "").lower()  # noqa: E731
    if any(key(p) == key(claim.claimant) or (p.country and p.country == claim.claimant.country
                                             and p.sector == claim.claimant.sector) for p in parties):
        return True
    # "X announced the formation of a new battalion": no other known party is named, so X speaks for itself
    return bool(parties) and not any(p.kb_id or p.country for p in parties)


def document_status(m: EventMention) -> str:
    """Within one document: a denial beside a claim or assertion of the same event makes it disputed."""
    stances = [c.stance for c in m.claims]
    if "denies" in stances:
        deniers = {(c.claimant.name if c.claimant else None) for c in m.claims if c.stance == "denies"}
        others = [c for c in m.claims if c.stance != "denies"
                  and (c.claimant.name if c.claimant else None) not in deniers]
        if others and m.status in POSITIVE + ("disputed",):
            return "disputed"
        if others and m.status == "denied":
            return "disputed"
        return "denied"
    return m.status
