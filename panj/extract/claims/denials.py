"""Denials that do not repeat the words of the event they deny.

Three shapes, resolved within one document and only to an event that someone else put forward:
- anaphoric: a denial verb whose object is "the claims", "the reports", "it" ("Officials dismissed the claims");
- unrepeated content: the denied clause names the happening but no party ("denied that rockets hit Termez, after
  ISKP said it attacked the city");
- alternative account: a party answers with its own version of the same kind of happening, marked as a reply
  ("in response", "responded by saying") or as a minimisation ("only bullets were fired", "fired accidentally").
"""
from __future__ import annotations

from spacy.tokens import Doc, Token

from panj.extract.claims.stance import actor_for, clause_span, effective_stance
from panj.extract.claims.frames import Analysis, _negated, back_reference, lexicon, subject_of
from panj.records import Actor, Claim, DocContext, EventMention

WINDOW_SENTENCES = 2  # a denial reaches back this many sentences before its own


def _sent_index(doc: Doc) -> dict[int, int]:
    return {s.start: k for k, s in enumerate(doc.sents)}


def _name(a: Actor | None) -> str | None:
    return a.name.lower() if a is not None else None


def _claimant_names(m: EventMention) -> set[str | None]:
    return {_name(c.claimant) for c in m.claims if c.stance != "denies"}


def _candidates(doc: Doc, info, cue: Token, sidx: dict[int, int], exclude: set[int]):
    """Mentions before the cue, inside the window, that are not part of the denial's own clause."""
    cue_sent = sidx[cue.sent.start]
    out = []
    for m, tok, an in info:
        if tok is None or tok.i in exclude or tok.i >= cue.i:
            continue
        if cue_sent - sidx[tok.sent.start] > WINDOW_SENTENCES:
            continue
        if m.status not in ("asserted", "claimed", "alleged"):
            continue
        out.append((m, tok, an))
    return out


def _denial(ctx: DocContext, doc: Doc, cue: Token, denier: Actor | None, rule: str,
            outlet: Actor | None) -> Claim:
    s, e, text = clause_span(cue)
    via = [outlet] if outlet is not None else []
    return Claim(claimant=denier, stance="denies", text=text, doc_id=ctx.doc_id, start=s, end=e, via=via,
                 cue=cue.text, rule=rule)


def _add(m: EventMention, claim: Claim) -> None:
    if not any(c.stance == "denies" and c.start == claim.start and c.end == claim.end for c in m.claims):
        m.claims.append(claim)


def _claim_cue(an: Analysis | None) -> int | None:
    """The reporting word that put the mention forward (groups mentions of one claim)."""
    if an is None or not an.frames:
        return None
    return an.frames[0].cue_i


def attach_denials(doc: Doc, ctx: DocContext, info: list[tuple[EventMention, Token | None, Analysis | None]],
                   actors: list[Actor], outlet: Actor | None) -> None:
    lx = lexicon()
    sidx = _sent_index(doc)
    trig = {tok.i for _m, tok, _a in info if tok is not None}
    for t in doc:
        lem = t.lemma_.lower()
        verb = lx["reporting_verbs"].get(lem)
        if verb is None or not (t.pos_ == "VERB" or t.tag_.startswith("VB")):
            continue
        if verb["stance"] == "denies" and _negated(t) is None:
            _anaphoric(doc, ctx, info, actors, outlet, t, sidx, trig)
            _unrepeated_content(doc, ctx, info, actors, outlet, t, sidx, trig)
        elif verb["stance"] in ("claims", "asserts"):
            _alternative(doc, ctx, info, actors, outlet, t, sidx, trig)


def _relative_antecedent(t: Token) -> Token | None:
    """"a rocket attack on Termez, which Uzbek officials rejected", "a claim that officials rejected": the noun
    a relative clause's denial verb is about."""
    if t.dep_ not in ("relcl", "acl") or not t.head.tag_.startswith("NN"):
        return None
    objs = [c for c in t.children if c.dep_ in ("dobj", "nsubjpass")]
    if objs and not all(o.tag_ in ("WDT", "WP") for o in objs):
        return None
    return t.head


def _anaphoric(doc, ctx, info, actors, outlet, t: Token, sidx, trig) -> None:
    lx = lexicon()
    objs = [c for c in t.children if c.dep_ in ("dobj", "nsubjpass")]
    antecedent = _relative_antecedent(t)
    if antecedent is not None and antecedent.i not in trig and antecedent.dep_ == "pobj":
        owner = antecedent.head.head  # "a rocket attack on Osk, which Varnia rejected": the parse hangs it on Osk
        if owner.i in trig:
            antecedent = owner
    if antecedent is not None and antecedent.i in trig:  # the relative clause denies that very mention
        denier = actor_for(doc, subject_of(t).i if subject_of(t) is not None else None, actors)
        for m, tok, _an in info:
            if tok is not None and tok.i == antecedent.i and _name(denier) not in _claimant_names(m):
                _add(m, _denial(ctx, doc, t, denier, "claims.deny.relative", outlet))
        return
    if antecedent is not None:
        objs = [antecedent]
    for o in objs:
        noun = o.lemma_.lower() in lx["claim_anaphor_nouns"]
        pron = o.lower_ in lx["claim_anaphor_pronouns"]
        if not (noun or pron):
            continue
        subtree = {x.i for x in t.subtree}
        if any(i in trig for i in range(o.left_edge.i, o.right_edge.i + 1) if i != o.i and i not in subtree):
            continue  # "denied reports that X patrols": the content is there, the walk already saw it
        denier = actor_for(doc, subject_of(t).i if subject_of(t) is not None else None, actors)
        cands = _candidates(doc, info, t, sidx, subtree)
        if noun:  # "the claims / reports": something someone else put forward
            cands = [c for c in cands if c[2] is not None and c[2].frames and
                     effective_stance(c[2].frames[0]) != "denies" and _name(denier) not in _claimant_names(c[0])]
        else:
            cands = [c for c in cands if _name(denier) not in _claimant_names(c[0])]
        if not cands:
            continue
        nearest = max(cands, key=lambda c: c[1].i)
        key = _claim_cue(nearest[2])
        chosen = [c for c in cands if key is not None and _claim_cue(c[2]) == key] or [nearest]
        claim = _denial(ctx, doc, t, denier, "claims.deny.anaphor", outlet)
        for m, _tok, _an in chosen:
            _add(m, claim)


def _unrepeated_content(doc, ctx, info, actors, outlet, t: Token, sidx, trig) -> None:
    """"Uzbekistan denied that rockets hit Termez, after ISKP said it had attacked the city": the denied clause
    names a happening of some type but yields no mention (no party in it); the denial goes to the mention of
    that type which someone else put forward, in the same sentence or just before."""
    from panj.extract.events import lexicon as event_lexicon
    from panj.extract.events.triggers import match_token

    content = [c for c in t.children if c.dep_ == "ccomp"]
    ids = {x.i for c in content for x in c.subtree}
    if not ids or ids & trig:
        return
    lx = event_lexicon.load()
    types = {m.trigger.type for m in (match_token(doc[i], lx) for i in sorted(ids)) if m is not None}
    if not types:
        return
    src = subject_of(t)
    denier = actor_for(doc, src.i if src is not None else None, actors)
    same_sentence = [(m, tok, an) for m, tok, an in info if tok is not None and tok.sent == t.sent
                     and tok.i not in ids and tok.i != t.i and m.status in ("asserted", "claimed", "alleged")]
    cands = same_sentence + _candidates(doc, info, t, sidx, ids | {t.i})
    chosen = [c for c in cands if c[0].event_type in types and _name(denier) not in _claimant_names(c[0])
              and c[2] is not None and c[2].frames]
    if not chosen:
        return
    nearest = min(chosen, key=lambda c: abs(c[1].i - t.i))
    _add(nearest[0], _denial(ctx, doc, t, denier, "claims.deny.unrepeated_content", outlet))


def _alternative(doc, ctx, info, actors, outlet, t: Token, sidx, trig) -> None:
    lx = lexicon()
    content = [c for c in t.children if c.dep_ in ("ccomp", "dobj", "xcomp", "parataxis")]
    content_ids = {x.i for c in content for x in c.subtree}
    if t.dep_ == "amod" and any(c.dep_ == "nsubj" for c in t.children):
        # the parser made the reporting verb a modifier of its content's subject (frames._misparsed_report)
        clause = t.head.head if t.head.dep_ in ("nsubj", "nsubjpass") else t.head
        own = {x.i for x in t.subtree}
        content_ids |= {x.i for x in clause.subtree} - own
    if not content_ids:
        return
    minimiser = [doc[i] for i in content_ids if doc[i].lower_ in lx["alternative_account_cues"]
                 and doc[i].dep_ in ("advmod", "amod", "npadvmod", "preconj", "cc")]
    gov = t
    while gov.dep_ in ("pcomp", "prep", "advcl", "xcomp") and gov.head is not gov:
        gov = gov.head
    sent_l = t.sent.text.lower()
    response = gov.lemma_.lower() in lx["response_verbs"] or any(p in sent_l for p in lx["response_phrases"])
    if not (minimiser or response):
        return
    if not minimiser and not any(doc[i].dep_ == "neg" for i in content_ids):
        # a reply that neither minimises nor contradicts is no denial
        if not response:
            return
    src = subject_of(t)
    if src is not None and back_reference(src):
        return  # "In response, our guards returned fire, the report said": the statement goes on, denies nothing
    denier = actor_for(doc, src.i if src is not None else None, actors)
    if denier is None:
        return
    lemmas = {doc[i].lemma_.lower() for i in content_ids if doc[i].pos_ in ("VERB", "NOUN")}
    own_types = {m.event_type for m, tok, _an in info if tok is not None and tok.i in content_ids}
    cands = _candidates(doc, info, t, sidx, content_ids | {t.i})
    chosen = [c for c in cands
              if (c[1].lemma_.lower() in lemmas or c[0].event_type in own_types)
              and _name(denier) not in _claimant_names(c[0])
              and c[2] is not None and (c[2].frames or c[0].status != "asserted")]
    if not chosen:
        return
    claim = _denial(ctx, doc, t, denier, "claims.deny.alternative_account", outlet)
    for m, _tok, _an in chosen:
        _add(m, claim)
    # the denier's own version is a different event: mark it so fusion can keep it apart from the one it denies
    for m, tok, _an in info:
        if tok is not None and tok.i in content_ids:
            for c in m.claims:
                if c.stance != "denies" and c.rule and not c.rule.endswith(".alternative_account"):
                    c.rule = f"{c.rule}.alternative_account"
