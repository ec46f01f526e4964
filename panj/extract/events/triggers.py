"""Which tokens are event triggers: lexicon lookup plus the dependency constraints of each entry.

A match records the tokens that satisfied the entry (the trigger word, its object, particle or preposition) so
the exported RuleHit spans the whole pattern ("opened fire", "pulled out").
"""
from __future__ import annotations

from dataclasses import dataclass, field, replace

from spacy.tokens import Span, Token

from panj.extract.events.lexicon import Lexicon, Trigger, score_of

_CLAUSAL = {"xcomp", "ccomp", "pcomp", "advcl", "acl", "relcl", "csubj"}
_NOUN_POS = {"NOUN", "PROPN"}
_MOD_DEPS = {"compound", "amod", "nmod", "npadvmod", "nummod"}


@dataclass
class Match:
    token: Token
    trigger: Trigger
    tokens: list[Token]  # every token the pattern used, trigger first
    notes: list[tuple[str, list[Token]]] = field(default_factory=list)  # clause rules that changed the match
    content: Token | None = None  # the complement clause of a speech act ("Y must leave": leave)

    @property
    def span(self) -> tuple[int, int]:
        return (min(t.idx for t in self.tokens), max(t.idx + len(t.text) for t in self.tokens))


def lemma(t: Token) -> str:
    return t.lemma_.lower()


def is_passive(v: Token) -> bool:
    return any(c.dep_ in ("nsubjpass", "auxpass") for c in v.children)


def objects(v: Token) -> list[Token]:
    """Direct objects of a verb; in the passive, its passive subject is its logical object."""
    objs = [c for c in v.children if c.dep_ in ("dobj", "obj")]
    if not objs:
        objs = [c for c in v.children if c.dep_ == "nsubjpass"]
    if not objs and v.dep_ == "acl" and v.tag_ == "VBN" and v.head.pos_ in _NOUN_POS:
        objs = [v.head]  # "troops deployed on the border"
    return objs


def _preps(t: Token) -> list[Token]:
    return [c for c in t.children if c.dep_ in ("prep", "agent", "dative")]


def _pobj(p: Token) -> Token | None:
    for c in p.children:
        if c.dep_ in ("pobj", "pcomp"):
            return c
    return None


_ANAPHORS = {"it", "this", "that"}


def _antecedent(o: Token) -> Token:
    """"This program has been discussed for a decade, and it was adopted": the noun an object pronoun stands
    for, the nearest earlier subject or object noun of its sentence; the pronoun itself when there is none."""
    if o.lower_ not in _ANAPHORS or o.pos_ not in ("PRON", "DET"):
        return o
    for t in reversed(list(o.sent)[: o.i - o.sent.start]):
        if t.pos_ == "NOUN" and t.dep_ in ("nsubj", "nsubjpass", "dobj"):
            return t
    return o


def _obj_lemmas(o: Token, lx: Lexicon) -> set[str]:
    """An object's lemma, plus its modifier's when the head is generic ("mediation efforts"); a pronoun object
    is read as the noun it stands for."""
    o = _antecedent(o)
    out = {lemma(o)}
    if lemma(o) in lx.nominal_heads:
        out |= {lemma(c) for c in o.children if c.dep_ in ("compound", "amod")}
    return out


def topic_lemmas(o: Token, lx: Lexicon) -> set[str]:
    """What a noun is about: its lemma, its modifiers, and what its topic prepositions and infinitives name
    ("a border delimitation protocol", "an accord on the withdrawal of troops", "a deal to withdraw"); relative
    clauses and other attachments ("signed after the border clash") are not its topic."""
    out: set[str] = set()
    todo = [o]
    while todo:
        t = todo.pop()
        out.add(lemma(t))
        out |= {w for w in t.lower_.split("-") if w}  # "de-escalation" as one token or as parts
        for c in t.children:
            if c.dep_ in _MOD_DEPS or c.dep_ == "pobj" or (c.dep_ == "conj" and t is not o):
                todo.append(c)
            elif c.dep_ == "prep" and lemma(c) in lx.topic_preps:
                todo.append(c)
            elif c.dep_ == "acl" and c.pos_ == "VERB" and any(a.dep_ == "aux" and a.lower_ == "to" for a in c.children):
                todo.append(c)
            elif c.dep_ == "dobj" and t.pos_ == "VERB":
                todo.append(c)
    return out


def _verb_fits(tok: Token, tr: Trigger, lx: Lexicon) -> list[Token] | None:
    used = [tok]
    objs = objects(tok)
    obj_lemmas = set().union(*(_obj_lemmas(o, lx) for o in objs)) if objs else set()
    if tr.dobj is not None:
        hit = [o for o in objs if _obj_lemmas(o, lx) & tr.dobj]
        if tr.about is not None:  # "signed a protocol on the border": the parser often hangs the topic on the verb
            verb_topics = [p for p in _preps(tok) if lemma(p) in lx.topic_preps and lemma(p) != "to"
                           and (po := _pobj(p)) is not None and po.ent_type_ not in ("DATE", "TIME")]
            verb_topics += [c for c in tok.children if c.dep_ in ("advcl", "xcomp") and c.pos_ == "VERB"
                            and c.i > 0 and c.doc[c.i - 1].lower_ == "to"]  # "signed a deal to withdraw"
            hit = [o for o in hit if (topic_lemmas(_antecedent(o), lx)
                                      | {w for p in verb_topics if p.i > o.i for w in topic_lemmas(p, lx)}) & tr.about]
        if not hit:
            return None
        used.append(hit[0])
    if tr.not_dobj and obj_lemmas & tr.not_dobj:
        return None
    if tr.held and not _held(tok, objs, lx):
        return None
    if tr.intransitive and any(c.dep_ in ("dobj", "obj") for c in tok.children):
        return None
    if tr.prt is not None:
        prts = [c for c in tok.children if c.dep_ == "prt" and lemma(c) in tr.prt]
        if not prts:
            return None
        used.append(prts[0])
    if tr.prep is not None:
        found = None
        for p in _preps(tok):
            if lemma(p) in tr.prep:
                po = _pobj(p)
                if po is not None and po.ent_type_ in ("DATE", "TIME"):
                    continue  # "fired the coach on Saturday", "called on Monday": when, not at whom
                if tr.pobj is None or (po is not None and lemma(po) in tr.pobj):
                    found = p
                    break
        if found is None:
            return None
        used.append(found)
    elif tr.pobj is not None:
        return None
    if tr.needs_target:
        if not objs and not any(lemma(p) in ("against", "about", "of") for p in _preps(tok)):
            if not any(c.dep_ in ("dobj", "dative", "iobj") for c in tok.children):
                return None
    return used


_PERSONAL = {"him", "her", "them", "me", "us", "he", "she", "they", "we", "i", "you", "who", "whom"}


def _held(tok: Token, objs: list[Token], lx: Lexicon) -> bool:
    """Someone held is let go: the object is a person (pronoun, PERSON or NORP entity, a group or held noun), or the
    verb says from what custody or on what terms ("was released from jail", "on bail", "without charge")."""
    for o in objs:
        if o.lower_ in _PERSONAL or o.ent_type_ in ("PERSON", "NORP") or lemma(o) in lx.np_sectors \
                or lemma(o) in lx.held_nouns:
            return True
    return any((po := _pobj(p)) is not None and lemma(po) in lx.custody_words for p in _preps(tok))


def _noun_fits(tok: Token, tr: Trigger, lx: Lexicon) -> list[Token] | None:
    used = [tok]
    left = [t for t in tok.subtree if t.i < tok.i and t.dep_ != "det"]
    left_lemmas = {lemma(t) for t in left} | {t.lower_ for t in left}
    if tr.mods is not None:
        hit = [t for t in left if lemma(t) in tr.mods or t.lower_ in tr.mods]
        if not hit:
            return None
        used.append(hit[0])
    if tr.not_mods and left_lemmas & tr.not_mods:
        return None
    if tr.of is not None:
        hit = None
        for p in tok.children:
            if p.dep_ == "prep" and lemma(p) == "of":
                po = _pobj(p)
                if po is not None and lemma(po) in tr.of:
                    hit = po
        if hit is None:
            return None
        used.append(hit)
    if tr.light and not light_head(tok, lx):
        return None
    if tr.prep is not None:  # "strikes against the outposts", "carried out strikes on ...": the noun's or its verb's
        head = light_head(tok, lx)
        owners = [tok] + ([head] if head is not None else [])
        preps = [c for o in owners for c in o.children if c.dep_ == "prep" and lemma(c) in tr.prep]
        if not preps:
            return None
        used.append(preps[0])
    return used


def light_head(tok: Token, lx: Lexicon) -> Token | None:
    """The light verb a noun is the object of ("held talks", "talks were held", "reached a deal")."""
    h = tok
    if h.dep_ == "conj":
        h = h.head
    if h.dep_ in ("dobj", "nsubjpass", "obj", "attr") and h.head.pos_ in ("VERB", "AUX") and lemma(h.head) in lx.light_verbs:
        return h.head
    return None


def match_token(tok: Token, lx: Lexicon) -> Match | None:
    lem = lemma(tok)
    if lem not in lx.verb_lemmas and lem not in lx.adj_lemmas and lem not in lx.noun_lemmas \
            and tok.lower_ not in lx.noun_lemmas:
        return None  # no entry has this word: the tests below could only say no (most tokens)
    if tok.dep_ in ("amod", "compound") and tok.pos_ != "NOUN":
        return None  # "long-threatened invasion": a modifier, not a predication
    if tok.pos_ == "VERB" or (tok.tag_.startswith("VB") and tok.pos_ != "AUX"):
        if lem in lx.verb_lemmas:
            for tr in lx.verbs:
                if lem in tr.lemmas:
                    used = _verb_fits(tok, tr, lx)
                    if used is not None:
                        return Match(tok, tr, used)
        return None
    if tok.pos_ == "ADJ" and lem in lx.adj_lemmas:
        for tr in lx.adjs:
            if lem in tr.lemmas and (not tr.xcomp or any(c.dep_ == "xcomp" for c in tok.children)):
                return Match(tok, tr, [tok])
        return None
    if tok.dep_ == "compound" and lemma(tok.head) not in lx.nominal_heads:
        return None  # "border patrol agents"
    if tok.pos_ == "PROPN" and tok.ent_type_ == "DATE":
        return None  # "In March, ...": a month's name, not a protest march
    if tok.pos_ in _NOUN_POS and (lem in lx.noun_lemmas or tok.lower_ in lx.noun_lemmas):
        for tr in lx.nouns:
            if lem in tr.lemmas or tok.lower_ in tr.lemmas:
                used = _noun_fits(tok, tr, lx)
                if used is not None:
                    return Match(tok, tr, used)
    return None


def find_matches(sent: Span, lx: Lexicon) -> list[Match]:
    """Every trigger of a sentence, minus those that are the content of another (see `_governor`)."""
    by_token: dict[int, Match] = {}
    for tok in sent:
        m = match_token(tok, lx)
        if m is not None:
            by_token[tok.i] = m
    _negated_reject(sent, lx, by_token)
    _modal_demand(sent, lx, by_token)
    _modal_threat(sent, lx, by_token)
    _characterization(sent, lx, by_token)
    kept = []
    rule = lx.clause_rules["intent_conflict"]
    for m in list(by_token.values()):
        gov = _governor(m, by_token, lx)
        if gov is None:
            kept.append(m)
            continue
        quad = score_of(m.trigger.type, None)[1]
        direct = m.token.head.i == gov.token.i and m.token.dep_ in ("xcomp", "ccomp") and m.trigger.kind == "verb"
        negated = any(c.dep_ == "neg" for c in m.token.children)  # "agreed not to attack": a promise of peace
        if direct and gov.trigger.type in rule["frames"] and quad in rule["conflict_quads"] and gov.trigger.frame \
                and not negated:
            gov.notes.append((rule["id"], [m.token]))  # "vowed to fight": a threat, not a promise
            gov.trigger = replace(gov.trigger, type=rule["type"], mode=None, cameo=str(rule["cameo"]))
    return sorted(kept, key=lambda m: m.token.i)


def _synthetic(rule_id: str, event_type: str, cameo: str) -> Trigger:
    return Trigger(id=rule_id, kind="verb", lemmas=frozenset(), type=event_type, cameo=cameo, frame=True)


def _negated_reject(sent: Span, lx: Lexicon, by_token: dict[int, Match]) -> None:
    """"would not recognize", "will not accept": refusing is the act (REJECT), not a negated acceptance."""
    rule = lx.clause_rules["negated_reject"]
    lemmas = set(rule["lemmas"])
    for tok in sent:
        if tok.pos_ != "VERB" or lemma(tok) not in lemmas:
            continue
        negs = [c for c in tok.children if c.dep_ == "neg"]
        if not negs:
            continue
        old = by_token.get(tok.i)
        m = Match(tok, _synthetic(rule["id"], "REJECT", str(rule["cameo"])), [tok, negs[0]])
        if old is not None:
            m.notes.append((old.trigger.id, old.tokens))
        by_token[tok.i] = m


def _modal_demand(sent: Span, lx: Lexicon, by_token: dict[int, Match]) -> None:
    """"X said Y must do Z": X demands Z of Y (the governing verb is the trigger, Y the recipient)."""
    rule = lx.clause_rules["modal_demand"]
    modals = set(rule["modals"])
    for tok in sent:
        if tok.dep_ != "ccomp" or tok.head.pos_ != "VERB" or tok.head.i in by_token:
            continue
        if lemma(tok.head) in rule.get("not_heads", ()):  # decisions and beliefs are not demands
            continue
        aux = [c for c in tok.children if c.dep_ == "aux" and c.lower_ in modals]
        subj = [c for c in tok.children if c.dep_ in ("nsubj", "nsubjpass")]
        if not aux or not subj or subj[0].lower_ in ("i", "we"):
            continue
        head = tok.head
        m = Match(head, _synthetic(rule["id"], rule["type"], str(rule["cameo"])), [head, aux[0]], content=tok)
        by_token[head.i] = m


def _characterization(sent: Span, lx: Lexicon, by_token: dict[int, Match]) -> None:
    """"X stated that Y virtually declared war on Z": X accuses Y (the saying verb is the trigger, Y the
    recipient); the act said to hold "virtually" is the accusation's content, not an event of its own."""
    rule = lx.clause_rules["characterization"]
    for tok in sent:
        if tok.dep_ != "ccomp" or tok.head.pos_ != "VERB" or tok.head.i in by_token:
            continue
        if lemma(tok.head) not in rule["heads"] or not any(c.dep_ == "nsubj" for c in tok.head.children):
            continue
        hedge = [c for c in tok.children if c.dep_ == "advmod" and c.lower_ in rule["adverbs"]]
        if not hedge or not any(c.dep_ in ("nsubj", "nsubjpass") for c in tok.children):
            continue
        head = tok.head
        by_token[head.i] = Match(head, _synthetic(rule["id"], rule["type"], str(rule["cameo"])), [head, hedge[0]],
                                 content=tok)


def _modal_threat(sent: Span, lx: Lexicon, by_token: dict[int, Match]) -> None:
    """"X stated that Y could occupy Z": announcing a violent act is X's threat (the act itself is its content)."""
    rule = lx.clause_rules["modal_threat"]
    for m in list(by_token.values()):
        tok = m.token
        if m.trigger.kind != "verb" or m.trigger.type not in rule["types"] or tok.dep_ != "ccomp":
            continue
        head = tok.head
        if head.pos_ != "VERB" or head.i in by_token:
            continue
        aux = [c for c in tok.children if c.dep_ == "aux" and c.lower_ in rule["modals"]]
        if not aux:
            continue
        t = _synthetic(rule["id"], rule["type"], str(rule["cameo"]))
        by_token[head.i] = Match(head, replace(t, mode="violence"), [head, aux[0]], notes=[(m.trigger.id, m.tokens)],
                                 content=tok)


def _governor(m: Match, by_token: dict[int, Match], lx: Lexicon) -> Match | None:
    """The trigger this one is only the content of (a speech act), or repeats; None when it stands alone.

    "threatened to attack", "urged X to withdraw", "agreed to hold talks", "accused X of attacking": one event
    (the frame), not two. A nominal event under ACCUSE stays ("condemned the attack": the attack happened).
    A noun trigger that is the object of a verb trigger of the same type repeats it ("fought a battle"). A noun
    in a setting phrase ("warned ... at the conference") is an event of its own (lexicon `setting_preps`).
    """
    tok = m.token
    cur = tok
    clausal = m.trigger.kind != "noun"
    for _ in range(6):
        if cur.dep_ in ("ROOT",) or cur.head.i == cur.i:
            return None
        dep = cur.dep_
        cur = cur.head
        if dep == "pobj" and lemma(cur) in lx.setting_preps:
            return None
        if dep in _CLAUSAL - {"relcl", "acl", "advcl"}:
            clausal = True
        elif dep in ("relcl", "advcl", "acl"):
            return None
        gov = by_token.get(cur.i)
        if gov is not None and dep == "conj" and cur.i == tok.head.i and m.trigger.kind == "verb":
            return None  # "encouraged X and threatened Y": a coordinated verb is a predication of its own
        if gov is not None and gov.trigger.kind != "noun":
            if gov.trigger.type == m.trigger.type and m.trigger.kind == "noun" and not clausal:
                return gov
            if gov.trigger.frame:
                if gov.trigger.type == "ACCUSE" and gov.trigger.lemmas \
                        and score_of(m.trigger.type, None)[1] == "material_conflict":
                    return None  # "accused X of blocking the road": the charge and the act it alleges, both
                if clausal or gov.trigger.type != "ACCUSE":
                    return gov
            return None
        if cur.pos_ in ("VERB", "AUX") and dep not in ("xcomp", "ccomp", "pcomp", "dobj", "prep", "pobj", "conj"):
            return None
    return None
