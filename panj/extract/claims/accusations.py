"""Accusations made by a statement itself: one side saying, in its own words, that the other broke an agreement
or attacked it.

Why: "The Ostrian forces ignored the conditions of the declared ceasefire, reports the Varnian press center"
tells two events: the breach, which is the press center's claim, and the accusation, an act the press center
performed by saying it. The accusation has no verb of its own ("accused") for the trigger lexicon to find; it is
read off the claim: a breach of an agreement (lexicon `statement_accusations`) claimed by a named party against
another side becomes an ACCUSE by the claimant, with the breaching side as recipient, asserted by the author who
reports the statement. So does an attack the claimant tells against its own side ("Kyrgyz forces opened fire on
our positions, the Tajik border service said"; lexicon `attack_types`): blaming is accusing without the verb.
Its trigger and sentence are the breach's or the attack's, so it keeps its text span.
"""
from __future__ import annotations

from spacy.tokens import Doc, Token

from panj.extract.claims.frames import lexicon
from panj.extract.claims.stance import MEDIA_SECTORS, trigger_token
from panj.records import Actor, Claim, DocContext, EventMention, RuleHit

RULE = "claims.statement_accusation"


def _breaks_agreement(tok: Token) -> bool:
    """'violated the agreement', 'ignored the conditions of the ceasefire', 'breaching the truce'."""
    lx = lexicon()["statement_accusations"]
    if tok.lemma_.lower() not in lx["breach_verbs"]:
        return False
    for d in tok.children:
        if d.dep_ != "dobj":
            continue
        heads = [d] + [c for c in d.children if c.dep_ == "conj"]
        for h in heads:
            if h.lemma_.lower() in lx["agreement_nouns"]:
                return True
            if any(p.dep_ == "pobj" and p.lemma_.lower() in lx["agreement_nouns"]
                   for c in h.children if c.dep_ == "prep" and c.lower_ == "of" for p in c.children):
                return True
    return False


def _attack_on(claimant: Actor, m: EventMention, tok: Token) -> bool:
    """"The Ostrian forces opened fire on our positions, the Varnian border service said": an attack the claimant
    tells against its own side (no recipient named, or only its own country's) is the claimant blaming the other.
    The attackers must be one side: "bullets fired during a fight between X and Y" blames neither; and the attack
    told by a verb ("they fired", "shelled"): a noun ("the latest of our clashes with X", "our operations") is the
    teller's account of a fight, not a charge."""
    if m.event_type not in lexicon()["statement_accusations"]["attack_types"] or tok.pos_ != "VERB":
        return False
    return len({a.country for a in m.actors}) == 1 and all(r.country == claimant.country for r in m.recipients)


def _other_side(claimant: Actor, parties: list[Actor]) -> bool:
    return bool(claimant.country) and bool(parties) and all(p.country and p.country != claimant.country
                                                           for p in parties)


def statement_accusations(doc: Doc, ctx: DocContext, mentions: list[EventMention]) -> list[EventMention]:
    """New ACCUSE mentions for the breaches of agreements and the attacks that one party claims another committed."""
    from panj.extract.events.lexicon import score_of

    accusers = {(m.start, (m.actors[0].kb_id or m.actors[0].name)) for m in mentions
                if m.event_type == "ACCUSE" and m.actors}
    out: list[EventMention] = []
    for m in mentions:
        if m.doc_id != ctx.doc_id or m.status not in ("claimed", "alleged") or not m.claims:
            continue
        claim = m.claims[0]
        who = claim.claimant
        if who is None or who.sector in MEDIA_SECTORS or not _other_side(who, m.actors):
            continue
        tok = trigger_token(doc, m.trigger_start, m.trigger_end)
        if tok is None or not (_breaks_agreement(tok) or _attack_on(who, m, tok)):
            continue
        key = (m.start, who.kb_id or who.name)
        if key in accusers:
            continue  # "X accused Y of violating the truce": the accusation is already there
        accusers.add(key)
        score, quad, cameo = score_of("ACCUSE", None)
        said = Claim(None, "asserts", claim.text, claim.doc_id, claim.start, claim.end, list(claim.via), claim.cue,
                     RULE)
        out.append(EventMention(
            m.doc_id, m.sentence, m.start, m.end, m.trigger, m.trigger_start, m.trigger_end, "ACCUSE",
            context=list(m.context), actors=[who], recipients=list(m.actors), date=m.date,
            locations=list(m.locations), claims=[said], status="asserted", score=score, quad_class=quad,
            cameo=cameo, rules=[RuleHit(RULE, m.trigger_start, m.trigger_end, m.trigger),
                                RuleHit(f"{RULE}.by", claim.start, claim.end, claim.text)]))
    return out
