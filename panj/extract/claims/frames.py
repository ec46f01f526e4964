"""The stance of one predicate read off the dependency parse: its own modality and the chain of sources above it.

Why a walk up the tree: a hedge, negation or modal only scopes over the clause it attaches to, and a reporting
frame ("X said …", "reports that …", "according to X") scopes over everything below it. Walking from the
predicate to the root, we keep the modifiers of the clause we are in and collect every source frame we pass,
nearest first, so that "AIP quoted an IS release claiming …" gives the chain IS → AIP.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from typing import Any

from spacy.tokens import Doc, Token

from panj.data import parse_yaml

CLAUSAL_CONTENT = {"ccomp", "xcomp", "parataxis", "dobj", "oprd", "acl", "relcl", "pcomp", "advcl", "nsubjpass"}
NOMINAL_ARGS = {"dobj", "attr", "oprd", "appos"}  # objects share their verb's clause; subjects do not


@lru_cache(maxsize=1)
def lexicon() -> dict[str, Any]:
    """panj/data/lexicons/reporting.yaml, with lists turned into sets for lookup."""
    text = resources.files("panj.data.lexicons").joinpath("reporting.yaml").read_text(encoding="utf-8")
    raw = parse_yaml(text)
    out: dict[str, Any] = {}
    for k, v in raw.items():
        out[k] = set(v) if isinstance(v, list) else v
    out["claim_anaphor_nouns"] = set(raw["claim_anaphors"]["nouns"])
    out["claim_anaphor_pronouns"] = set(raw["claim_anaphors"]["pronouns"])
    return out


@dataclass
class Cue:
    """A word that decided something, with the rule that used it."""

    kind: str  # negated | hypothetical | planned | hedged
    token_i: int
    rule: str


@dataclass
class Frame:
    """One source level above the predicate: a reporting verb, report noun, 'according to', hedge-raising verb."""

    stance: str  # asserts | claims | alleges | confirms | denies
    cue_i: int  # the reporting word
    rule: str
    source_i: int | None = None  # head token of the source phrase (None: nobody named)
    unnamed: bool = False  # "some sources", "reports", passive "is believed"
    negated: bool = False  # "did not confirm"
    hedged: bool = False  # "allegedly stated", "citing unnamed sources"
    cited_i: int | None = None  # "X, citing Y, said": Y, a named origin nearer the event than X
    relays: list[int] = field(default_factory=list)  # "quoted by Z": Z, farther than the source
    strength: float = 0.5


@dataclass
class Analysis:
    cues: list[Cue] = field(default_factory=list)
    frames: list[Frame] = field(default_factory=list)  # nearest first

    def has(self, kind: str) -> bool:
        return any(c.kind == kind for c in self.cues)


def _lem(t: Token) -> str:
    return t.lemma_.lower()


def is_unnamed_source(t: Token) -> bool:
    """'some sources', 'unconfirmed reports', 'experts', 'certain perceptions': no party is named."""
    lx = lexicon()
    if t.ent_type_ in ("PERSON", "ORG", "NORP", "GPE") and t.pos_ == "PROPN":
        return False
    if t.pos_ == "PROPN":
        return False
    if _lem(t) not in lx["unnamed_source_heads"] and t.lower_ not in lx["unnamed_source_heads"]:
        return False
    named = [c for c in t.children if c.dep_ in ("compound", "poss", "amod") and (c.pos_ == "PROPN" or c.ent_type_)]
    return not named


def back_reference(tok: Token) -> bool:
    """'the report', 'the statement', 'its information': a source word that points back to a statement."""
    lx = lexicon()["statement_scope"]
    if tok.lemma_.lower() not in lx["anaphors"] and tok.lower_ not in lx["anaphors"]:
        return False
    return any(c.dep_ in ("det", "poss") and c.lower_ in ("the", "this", "that", "its", "their") for c in tok.children)


def subject_of(v: Token) -> Token | None:
    """The source of a reporting verb: its subject, passive agent, object controller, or the noun it modifies."""
    for c in v.children:
        if c.dep_ in ("nsubj", "csubj"):
            return c
    for c in v.children:  # "as IS admitted": the tagger read the acronym as the auxiliary "is"
        if c.dep_ in ("aux", "auxpass") and c.tag_ in ("NNP", "NNPS") and c.i < v.i:
            return c
    for c in v.children:
        if c.dep_ == "agent":
            for p in c.children:
                if p.dep_ == "pobj":
                    return p
    h = v.head
    if v.dep_ == "xcomp" and h is not v:  # "led some sources to share", "continues to suggest"
        for c in h.children:
            if c.dep_ == "dobj":
                return c
        return subject_of(h)
    if v.dep_ in ("acl", "relcl") and h.pos_ in ("NOUN", "PROPN", "PRON"):  # "a release claiming"
        return h
    if v.dep_ in ("pcomp", "advcl", "conj") and h is not v:  # "responded by saying", "and said"
        hh = h.head if h.pos_ == "ADP" else h
        if hh is not v:
            return subject_of(hh)
    # the small model sometimes attaches a sentence-initial subject oddly ("Serenko, citing …, claimed")
    for c in v.lefts:
        if c.pos_ in ("PROPN", "NOUN") and c.dep_ not in ("npadvmod", "dobj", "pobj"):
            return c
        if c.dep_ in ("advcl",) and c.pos_ in ("ADJ", "PROPN") and c.i == c.left_edge.i:
            return c
    return None


def is_passive(v: Token) -> bool:
    return any(c.dep_ in ("auxpass", "nsubjpass") for c in v.children)


def _author_of(p: Token) -> Token:
    """"according to a claim posted by the group", "a statement from the ministry": the author of a reported
    document is the source, not the document."""
    if _lem(p) not in lexicon()["report_nouns"]:
        return p
    for a in p.children:
        if a.dep_ == "acl" and a.tag_ == "VBN":
            for ag in (c for c in a.children if c.dep_ == "agent"):
                for po in (c for c in ag.children if c.dep_ == "pobj"):
                    return po
        if a.dep_ == "prep" and a.lower_ in ("by", "from"):
            for po in (c for c in a.children if c.dep_ == "pobj"):
                return po
    return p


def _according_to(t: Token) -> Frame | None:
    lx = lexicon()
    for c in t.children:
        if c.dep_ == "prep" and c.lower_ == "according":
            for to in c.children:
                if to.lower_ == "to":
                    for p in to.children:
                        if p.dep_ == "pobj":
                            if _lem(p) in lx["according_to_documents"]:
                                return None
                            p = _author_of(p)
                            unnamed = is_unnamed_source(p)
                            return Frame("alleges" if unnamed else "claims", c.i, "claims.according_to",
                                         source_i=None if unnamed else p.i, unnamed=unnamed, strength=0.6)
    return None


def _relays(t: Token) -> list[int]:
    """'in a statement quoted by Z', 'quoted by Z': Z relays the source's words."""
    lx = lexicon()
    out: list[int] = []
    nouns = [t] + [p for c in t.children if c.dep_ == "prep" for p in c.children if p.dep_ == "pobj"]
    for n in nouns:
        for a in n.children:
            if a.dep_ in ("acl", "relcl") and _lem(a) in lx["relay_verbs"]:
                for ag in a.children:
                    if ag.dep_ == "agent":
                        out.extend(p.i for p in ag.children if p.dep_ == "pobj")
    return out


def _citing(v: Token) -> tuple[int | None, bool]:
    """'X, citing Y, said': (Y if named, hedged if Y names nobody)."""
    for c in v.children:
        if c.dep_ in ("advcl", "prep", "acl") and _lem(c) in ("cite", "quote"):
            for o in c.children:
                if o.dep_ in ("dobj", "pobj"):
                    return (None, True) if is_unnamed_source(o) else (o.i, False)
    return None, False


def _negated(t: Token) -> Token | None:
    lx = lexicon()
    doc = t.doc
    for c in t.children:
        if c.dep_ == "neg" or (c.dep_ in ("advmod", "det") and c.lower_ in lx["negators"]):
            if c.i > t.i and c.i > 0 and doc[c.i - 1].text in (",", ";") and c.i + 1 < len(doc) \
                    and doc[c.i + 1].pos_ in ("NOUN", "PROPN", "DET", "NUM", "ADJ"):
                continue  # contrastive "…, not rockets" negates a noun, not the clause
            return c
    return None


def local_cues(t: Token, in_report: bool = False) -> list[Cue]:
    """Modality carried by t's own dependents: negation, modals, future, hedges, conditionals."""
    lx = lexicon()
    cues: list[Cue] = []
    neg = _negated(t)
    if neg is not None:
        cues.append(Cue("negated", neg.i, "claims.neg"))
    for c in t.children:
        lw = c.lower_
        if c.dep_ in ("aux", "auxpass") or (c.tag_ == "MD"):
            if lw in lx["future_auxiliaries"]:
                cues.append(Cue("planned", c.i, "claims.future_aux"))
            elif lw == "would" and in_report:
                cues.append(Cue("planned", c.i, "claims.future_in_past"))
            elif lw in lx["hypothetical_modals"] or _lem(c) in lx["hypothetical_modals"]:
                cues.append(Cue("hypothetical", c.i, "claims.modal"))
        elif c.dep_ == "advmod" and lw in lx["hedge_adverbs"]:
            cues.append(Cue("hedged", c.i, "claims.hedge_adverb"))
        elif c.dep_ == "advmod" and lw in lx["speculative_adverbs"]:
            cues.append(Cue("hypothetical", c.i, "claims.speculative_adverb"))
        elif c.dep_ == "amod" and lw in lx["hedge_adjectives"]:
            cues.append(Cue("hedged", c.i, "claims.hedge_adjective"))
        elif c.dep_ in ("amod", "compound") and lw in lx["intention_adjectives"]:
            cues.append(Cue("planned", c.i, "claims.intention_adjective"))
        elif c.dep_ == "amod" and lw in lx["hypothetical_adjectives"]:
            cues.append(Cue("hypothetical", c.i, "claims.hypothetical_adjective"))
        elif c.dep_ == "advcl":
            if any(m.dep_ == "mark" and m.lower_ in lx["conditional_marks"] for m in c.children):
                cues.append(Cue("hypothetical", c.i, "claims.conditional_main"))
        elif c.dep_ == "mark" and lw in lx["conditional_marks"]:
            cues.append(Cue("hypothetical", c.i, "claims.conditional_clause"))
        elif c.dep_ == "prep" and lw == "in":
            for p in c.children:
                if p.dep_ == "pobj" and _lem(p) in lx["conditional_prep_nouns"] and any(
                        q.lower_ == "of" for q in p.children):
                    cues.append(Cue("hypothetical", c.i, "claims.in_the_event_of"))
    return cues


def _has_own_subject(t: Token) -> bool:
    return any(c.dep_ in ("nsubj", "nsubjpass", "csubj", "expl") for c in t.children)


def _verb_frame(head: Token, stance: str, rule: str, strength: float) -> Frame:
    lx = lexicon()
    src = subject_of(head)
    unnamed = src is None or is_unnamed_source(src)
    f = Frame(stance, head.i, rule, source_i=None if unnamed else src.i, unnamed=unnamed, strength=strength)
    if _negated(head) is not None:
        f.negated = True
    if any(c.dep_ == "advmod" and c.lower_ in lx["hedge_adverbs"] for c in head.children):
        f.hedged = True
    cited, hedged = _citing(head)
    f.cited_i = cited
    f.hedged = f.hedged or hedged
    f.relays = _relays(head)
    return f


def _noun_frame(noun: Token, stance: str) -> Frame:
    """'reports that …', "IS's claim that …", 'a statement by X', 'unconfirmed reports'."""
    lx = lexicon()
    src: Token | None = None
    for c in noun.children:
        if c.dep_ == "poss" or (c.dep_ == "compound" and (c.pos_ == "PROPN" or c.ent_type_)) or (
                c.i < noun.i and any(x.dep_ == "case" for x in c.children)):  # "ISIS-K's claim", however parsed
            src = c
    if src is None:
        for c in noun.children:
            if c.dep_ == "prep" and c.lower_ in ("by", "from"):
                for p in c.children:
                    if p.dep_ == "pobj" and not is_unnamed_source(p):
                        src = p
    f = Frame(stance, noun.i, "claims.report_noun", source_i=src.i if src is not None else None,
              unnamed=src is None, strength=0.5)
    if any(c.dep_ == "amod" and c.lower_ in lx["hedge_adjectives"] for c in noun.children):
        f.hedged = True
    if src is None and stance == "claims":
        f.stance = "claims"
    f.relays = _relays(noun)
    return f


def _misparsed_report(clause: Token) -> Token | None:
    """Repair a parse that made the reporting verb a modifier of the content's subject: in "officials mentioned
    bullets fired …" the small model may read "mentioned" as an adjective on "bullets" with its own subject."""
    lx = lexicon()
    for sub in clause.children:
        if sub.dep_ in ("nsubj", "nsubjpass"):
            for r in sub.children:
                if r.dep_ == "amod" and r.i < sub.i and _lem(r) in lx["reporting_verbs"] and any(
                        c.dep_ == "nsubj" for c in r.children):
                    return r
    return None


def _trailing_report(clause: Token) -> tuple[Token, Token] | None:
    """Repair a reporting verb that trails its content after a comma and hangs below it in the parse:
    "Troops stopped the car ..., reported the Press Center" (inverted, the source its object), "A clash
    occurred on the border, the Border Service reported" (parataxis with its own subject), "Forces struck two
    outposts, the Border Guard Service said on Friday" (an advcl whose source the model hung elsewhere: the noun
    phrase between the comma and the verb). (verb, source) or None."""
    lx = lexicon()
    doc = clause.doc
    for r in clause.children:
        if r.dep_ not in ("conj", "parataxis", "advcl") or r.i < clause.i or _lem(r) not in lx["reporting_verbs"]:
            continue
        if any(c.dep_ in ("ccomp", "xcomp", "mark") for c in r.children):
            continue  # a reporting clause of its own ("..., and said that ..."), not a trailing attribution
        subj = [c for c in r.children if c.dep_ in ("nsubj", "nsubjpass")]
        if subj:
            if r.dep_ != "conj" and doc[subj[0].left_edge.i - 1].text == "," and subj[0].i < r.i:
                return r, subj[0]
            continue
        if r.i == 0:
            continue
        if doc[r.i - 1].text == ",":
            src = [c for c in r.children if c.dep_ in ("dobj", "attr") and c.i > r.i and c.pos_ in ("NOUN", "PROPN")]
            if src:
                return r, src[0]
            continue
        comma = next((j for j in range(r.i - 1, max(clause.sent.start, r.i - 16) - 1, -1) if doc[j].text == ","),
                     None)
        if comma is None or r.dep_ != "advcl":
            continue
        span = doc[comma + 1:r.i]
        if any(t.pos_ in ("VERB", "AUX") for t in span):
            continue
        heads = [t for t in span if not (span.start <= t.head.i < span.end) and t.pos_ in ("NOUN", "PROPN")]
        if heads:
            return r, heads[0]
    return None


def _gerund_content(prep: Token) -> bool:
    """"invest in strengthening", "insist on holding": a gerund filling a verb's "in"/"on" is what the verb is
    about, and shares its future or modal ("will invest in strengthening the border" is planned)."""
    return prep.lower_ in ("in", "on") and any(c.dep_ == "pcomp" and c.tag_ == "VBG" for c in prep.children)


def _presupposed(cur: Token, head: Token, frame_verbs: set[int]) -> bool:
    """Clauses whose truth the author takes for granted: relative and participle clauses on ordinary nouns,
    temporal/causal adverbial clauses. Sources above them do not reach the event inside."""
    lx = lexicon()
    dep = cur.dep_
    if dep in ("relcl", "acl") and head.pos_ in ("NOUN", "PROPN", "PRON"):
        if cur.i in frame_verbs:
            return False  # "a release claiming …": the clause is the source, keep climbing
        hl = _lem(head)
        return not (hl in lx["report_nouns"] or hl in lx["intention_nouns"] or hl in lx["hypothetical_nouns"])
    if dep == "advcl":
        return any(m.dep_ == "mark" and m.lower_ in lx["presupposing_marks"] for m in cur.children)
    return False


def analyse(doc: Doc, i: int) -> Analysis:
    """Modality cues of the predicate at token i and its source frames, nearest first."""
    lx = lexicon()
    tok = doc[i]
    an = Analysis()
    inherit = True  # still inside the predicate's own clause
    clause_tokens: list[tuple[Token, bool]] = [(tok, False)]  # (token, only its shared auxiliaries count)
    cur = tok
    used_sources: set[int] = set()
    frame_verbs: set[int] = set()
    seen = {tok.i}
    for _ in range(40):
        head = cur.head
        if head is cur or head.i in seen:
            break
        seen.add(head.i)
        dep = cur.dep_
        hl = _lem(head)
        frame: Frame | None = None
        next_inherit = False
        shared_only = False
        if _presupposed(cur, head, frame_verbs):
            if dep == "advcl":  # "X reportedly began after guards closed a road": the hedge covers the whole story
                hedge = next((c for c in head.children if c.dep_ == "advmod" and c.lower_ in lx["hedge_adverbs"]),
                             None)
                if hedge is not None:
                    an.cues.append(Cue("hedged", hedge.i, "claims.hedge_adverb.over_adverbial_clause"))
            break
        if dep == "conj":
            next_inherit = inherit and not _has_own_subject(cur)
            shared_only = True  # "could attack and occupy": the auxiliaries are shared, adjuncts are not
            if not next_inherit:
                # "X claimed A, but Y dismissed B": a conjoined clause with its own subject shares nothing
                # with the first clause except the frames above the coordination's head
                inherit = False
                cur = head
                continue
        elif head.pos_ in ("VERB", "AUX") or head.tag_.startswith("VB"):
            if dep == "prep" and _gerund_content(cur):
                next_inherit, shared_only = inherit, True  # "will invest in strengthening": the future is shared
            elif dep == "dobj" and hl in lx["addressee_verbs"]:
                pass  # "told a ministerial meeting": the object is the audience, not what was said
            elif hl in lx["reporting_verbs"] and dep in CLAUSAL_CONTENT - {"relcl", "advcl"} | {"pobj"}:
                ent = lx["reporting_verbs"][hl]
                if hl in lx["hedge_raising_verbs"] and dep == "xcomp" and is_passive(head):
                    frame = Frame("alleges", head.i, "claims.passive_report", unnamed=True, strength=0.4)
                else:
                    frame = _verb_frame(head, ent["stance"], f"claims.verb.{hl}", ent["strength"])
                frame_verbs.add(head.i)
            elif hl in lx["hedge_raising_verbs"] and dep == "xcomp":
                frame = Frame("alleges", head.i, "claims.hedge_raising", unnamed=True, strength=0.3)
                next_inherit = inherit
            elif hl in lx["belief_verbs"] and dep in ("ccomp", "xcomp", "dobj", "oprd"):
                frame = _verb_frame(head, "alleges", f"claims.belief.{hl}", 0.3)
                frame_verbs.add(head.i)
            elif dep == "xcomp" and hl in lx["negative_verbs"]:
                an.cues.append(Cue("negated", head.i, "claims.negative_verb"))
                next_inherit = inherit
            elif dep == "xcomp" and hl in lx["intention_verbs"]:
                an.cues.append(Cue("planned", head.i, f"claims.intention.{hl}"))
                next_inherit = inherit
            elif dep == "xcomp" and (hl in lx["transparent_verbs"] or head.lower_ in lx["future_be_to"]):
                if head.lower_ in lx["future_be_to"] and head.lower_ not in lx["transparent_verbs"]:
                    an.cues.append(Cue("planned", head.i, "claims.be_going_to"))
                next_inherit = inherit
            elif dep == "ccomp" and any(c.dep_ == "nsubj" and _lem(c) in lx["report_nouns"] and c.pos_ == "NOUN"
                                        for c in head.children):
                # "Reports had surfaced that …", "rumours spread that …"
                noun = next(c for c in head.children if c.dep_ == "nsubj" and _lem(c) in lx["report_nouns"])
                frame = _noun_frame(noun, lx["report_nouns"][_lem(noun)]["stance"])
            elif dep in NOMINAL_ARGS and cur.pos_ in ("NOUN", "PROPN"):
                if hl in lx["preventing_verbs"]:
                    an.cues.append(Cue("negated", head.i, f"claims.prevented.{hl}"))  # "foiled an attack"
                    next_inherit = False
                elif hl not in lx["light_verbs"]:
                    break  # "expropriated the summit": the summit itself is taken for granted
                if hl in lx["intention_verbs"]:
                    an.cues.append(Cue("planned", head.i, f"claims.intention.{hl}"))
                next_inherit = inherit  # "launched an attack": the light verb's clause is the trigger's
        elif head.pos_ in ("NOUN", "PROPN"):
            if hl in lx["report_nouns"] and dep in ("acl", "ccomp", "relcl", "appos") and head.i not in used_sources:
                frame = _noun_frame(head, lx["report_nouns"][hl]["stance"])
            elif hl in lx["hypothetical_nouns"] and dep in ("acl", "ccomp", "xcomp"):
                an.cues.append(Cue("hypothetical", head.i, f"claims.hypothetical_noun.{hl}"))
            elif hl in lx["intention_nouns"] and dep in ("acl", "ccomp", "xcomp"):
                an.cues.append(Cue("planned", head.i, f"claims.intention_noun.{hl}"))
        elif head.pos_ == "ADP" and dep in ("pobj", "pcomp"):
            hh = head.head
            if head.dep_ == "prep" and _gerund_content(head) and hh.pos_ in ("VERB", "AUX"):
                next_inherit = inherit  # on to the verb whose "in"/"on" the gerund fills
            elif head.lower_ in ("of", "about", "on") and _lem(hh) in lx["report_nouns"] and hh.pos_ == "NOUN":
                frame = _noun_frame(hh, lx["report_nouns"][_lem(hh)]["stance"])
                used_sources.add(hh.i)
            elif head.lower_ in ("of", "for") and dep == "pcomp" and _lem(hh) in lx["reporting_verbs"] \
                    and hh.pos_ == "VERB":
                # "accused X of blocking the road", "blamed X for shelling": the act is the charge's content
                ent = lx["reporting_verbs"][_lem(hh)]
                frame = _verb_frame(hh, ent["stance"], f"claims.verb.{_lem(hh)}", ent["strength"])
                frame_verbs.add(hh.i)
            elif not inherit:
                pass  # modality nouns reach only their own object ("fears of X", not X's modifiers' modifiers)
            elif head.lower_ in ("of", "for") and _lem(hh) in lx["hypothetical_nouns"] and hh.pos_ == "NOUN":
                an.cues.append(Cue("hypothetical", hh.i, f"claims.hypothetical_noun.{_lem(hh)}"))
            elif head.lower_ == "of" and _lem(hh) in lx["intention_nouns"] and hh.pos_ == "NOUN":
                an.cues.append(Cue("planned", hh.i, f"claims.intention_noun.{_lem(hh)}"))
            elif head.lower_ == "of" and _lem(hh) in lx["conditional_prep_nouns"] and hh.head.lower_ in ("in",):
                an.cues.append(Cue("hypothetical", hh.i, "claims.in_the_event_of"))
        if frame is not None:
            if frame.source_i is not None:
                used_sources.add(frame.source_i)
            if head.dep_ in ("acl", "relcl") and frame.source_i == head.head.i:
                used_sources.add(head.head.i)
            an.frames.append(frame)
        # 'according to X' on the clause we leave; a reporting verb misparsed onto the clause's subject
        _clause_sources(an, cur, frame is not None)
        if next_inherit:
            clause_tokens.append((head, shared_only))
        inherit = next_inherit
        cur = head
    _clause_sources(an, cur, False)
    in_report = bool(an.frames)
    for t, shared in clause_tokens:
        cues = local_cues(t, in_report=in_report and any(f.cue_i < t.i for f in an.frames))
        if shared:
            cues = [c for c in cues if c.rule in ("claims.modal", "claims.future_aux", "claims.future_in_past")]
        an.cues.extend(cues)
        # relays attached to the content clause ("claimed they fired … in a statement quoted by Z")
        if an.frames:
            for r in _relays(t):
                if r not in an.frames[0].relays:
                    an.frames[0].relays.append(r)
    return an


def _clause_sources(an: Analysis, cur: Token, just_added: bool) -> None:
    at = len(an.frames) - (1 if just_added else 0)
    acc = _according_to(cur)
    if acc is not None and not any(f.cue_i == acc.cue_i for f in an.frames):
        an.frames.insert(at, acc)
    trail = _trailing_report(cur) if cur.pos_ in ("VERB", "AUX") else None
    if trail is not None and not any(f.cue_i == trail[0].i for f in an.frames):
        verb, src = trail
        ent = lexicon()["reporting_verbs"][_lem(verb)]
        unnamed = is_unnamed_source(src)
        how = "inverted" if src.i > verb.i else "trailing"
        an.frames.insert(at, Frame(ent["stance"], verb.i, f"claims.verb.{_lem(verb)}.{how}",
                                   source_i=None if unnamed else src.i, unnamed=unnamed, strength=ent["strength"]))
    mis = _misparsed_report(cur) if cur.pos_ in ("VERB", "AUX") else None
    if mis is not None and not any(f.cue_i == mis.i for f in an.frames):
        ent = lexicon()["reporting_verbs"][_lem(mis)]
        src = next(c for c in mis.children if c.dep_ == "nsubj")
        unnamed = is_unnamed_source(src)
        an.frames.insert(at, Frame(ent["stance"], mis.i, f"claims.verb.{_lem(mis)}.repaired",
                                   source_i=None if unnamed else src.i, unnamed=unnamed, strength=ent["strength"]))
