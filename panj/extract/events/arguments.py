"""Who did it and to whom: actor and recipient of a trigger, read off the dependency parse.

Each argument is an `Actor` copy whose text/start/end are the words of this sentence (a KB actor found by
find_actors, or a plain noun phrase with kb_id None) together with the rule id (triggers.yaml:
argument_rules) and the span that made it an argument.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field, replace

from spacy.tokens import Doc, Token

from panj.nlp import text_of
from panj.extract.events.lexicon import Lexicon
from panj.extract.events.triggers import Match, is_passive, lemma, light_head, match_token, objects
from panj.extract.events import parties
from panj.extract.events.parties import (DIVIDING_PLACES, HOSTILE, anaphoric_description, described_actor,
                                         historic_modifier, is_outlet)
from panj.records import Actor, RuleHit

_MOD_DEPS = {"compound", "amod", "nmod", "poss", "flat", "npadvmod"}
_SKIP_DEPS = {"relcl", "acl", "advcl", "ccomp", "xcomp", "punct", "cc", "prep", "appos", "conj"}
_RECIPIENT_PREPS = {"on", "against", "at", "toward", "towards", "to", "for", "into", "upon", "over"}
_SITE_PREPS = {"in", "near", "at", "around"}
# "the anti-Taliban alliance", "pro-Russian separatists": the name says whom the party is for or against; it is
# not the party
_STANCE_PREFIX = re.compile(r"(?i)\b(?:anti|pro|counter)\s*[-‑–]\s*$")
_PRONOUNS = {"he", "she", "they", "it", "him", "her", "them", "its", "their", "his"}
_PLAIN_ENTS = {"ORG", "NORP", "PERSON"}  # a place name the knowledge base does not know is where, not who
@dataclass
class Args:
    actors: list[tuple[Actor, RuleHit]] = field(default_factory=list)
    recipients: list[tuple[Actor, RuleHit]] = field(default_factory=list)


class ArgFinder:
    """Resolves argument heads to actors for one document."""

    def __init__(self, doc: Doc, actors: list[Actor], lx: Lexicon):
        self.doc = doc
        self.lx = lx
        text = text_of(doc)
        placed = [a for a in actors if a.start is not None and a.end is not None]
        # an outlet reports the story and may claim it; it is never a participant (media.yaml)
        outlets = [a for a in placed if is_outlet(a)]
        self.actors = sorted((a for a in placed if not is_outlet(a)
                              and not _STANCE_PREFIX.search(text[max(0, a.start - 8):a.start])
                              and not historic_modifier(doc, a, text)),
                             key=lambda a: a.start)
        self.by_token: dict[int, list[Actor]] = {}
        for a in self.actors:
            span = doc.char_span(a.start, a.end, alignment_mode="expand")
            if span is None:
                continue
            for t in span:
                self.by_token.setdefault(t.i, []).append(a)
        self.outlet_tokens: set[int] = set()
        self.hostile = False  # the trigger being read is an attack or coercion: its target may be a place
        for a in outlets:
            span = doc.char_span(a.start, a.end, alignment_mode="expand")
            if span is not None:
                self.outlet_tokens.update(t.i for t in span)

    # ---------------------------------------------------------------- resolving one head
    def resolve(self, tok: Token, rule: str) -> list[tuple[Actor, RuleHit]]:
        """Actors named by the phrase headed by `tok`, each with the rule that found it; conjuncts included."""
        out = self._resolve_one(tok, rule)
        for c in _conjuncts(tok):
            out += self._resolve_one(c, "arg.conj")
        return out

    def _hit(self, rule: str, tok: Token) -> RuleHit:
        return RuleHit(rule, tok.idx, tok.idx + len(tok.text), tok.text)

    def _copy(self, a: Actor, rule: str) -> tuple[Actor, RuleHit]:
        return replace(a), RuleHit(rule, a.start or 0, a.end or 0, a.text)

    def _resolve_one(self, tok: Token, rule: str) -> list[tuple[Actor, RuleHit]]:
        if tok.i in self.outlet_tokens:
            return []  # "Kazinform reported", "told Reuters": the outlet is a source, not a party
        if lemma(tok) in self.lx.non_agents or tok.lower_ in self.lx.non_agents:
            # a weapon or vehicle ("Grad", "drones") is an instrument, never a party; its owner may be one
            # ("Kyrgyz vehicles", "Tajik drones")
            owners = _unique(a for t in _modifiers(tok) for a in self.by_token.get(t.i, []) if a.kb_id)
            return [self._copy(a, rule) for a in owners]
        if tok.lower_ in _PRONOUNS and tok.pos_ == "PRON":
            return self._pronoun(tok)
        pair = parties.pair(self, tok)
        if pair:
            return pair
        side = parties.side(self, tok)
        if side:
            return side
        if tok.tag_ in ("WDT", "WP") and tok.head.dep_ == "relcl":
            return self._resolve_one(tok.head.head, "arg.relcl")
        if anaphoric_description(tok) and not any(a.kb_id for a in self.by_token.get(tok.i, [])):
            return self._description(tok)
        if lemma(tok) in self.lx.place_heads and not any(a.kb_id for a in self.by_token.get(tok.i, [])):
            return []  # "the Afghan side of the border" is where, not who; "Islamic State Khorasan Province" is who
        core = [tok] + _modifiers(tok)
        found = _unique(a for t in sorted(core, key=lambda t: t.i) for a in self.by_token.get(t.i, []))
        if not any(a.kb_id for a in found):  # "its fighters": a sector word owned by an earlier actor
            sector = next((a.sector for a in found if a.sector), None) or self.lx.np_sectors.get(lemma(tok))
            owned = self._owned(tok, sector)
            if owned:
                return [owned]
        if any(a.kb_id for a in found):
            return [self._copy(a, rule) for a in found]
        sector_head = (lemma(tok) in self.lx.np_sectors or tok.lower_ in self.lx.np_sectors
                       or lemma(tok) in self.lx.delegation_heads)
        for c in tok.children:  # "forces of the Taliban", "militants from the Islamic State", "Yaqoob, the son of"
            if c.dep_ == "prep" and (lemma(c) == "of" or (lemma(c) == "from" and sector_head) or (
                    lemma(c) == "in" and sector_head and any(lemma(po) in self.lx.pair_heads for po in c.children))):
                # "officials from Borduria", "his counterparts in both countries"
                for po in c.children:
                    if po.dep_ == "pobj":
                        # "the heads of the security committees of Kyrgyzstan and Tajikistan": both states
                        inner = self.resolve(po, "arg.inner")
                        if inner and any(a.kb_id for a, _ in inner):
                            return inner
            if c.dep_ == "appos":
                inner = self._resolve_one(c, "arg.appos")
                if inner and any(a.kb_id for a, _ in inner):
                    return inner
        if found:  # a description the knowledge base does not resolve ("gunmen")
            return [self._copy(a, rule) for a in found]
        plain = self._plain(tok)
        return [plain] if plain else []


    def _pronoun(self, tok: Token) -> list[tuple[Actor, RuleHit]]:
        """The subject of the verb whose report contains the pronoun ("ISKP claimed that it launched"), else the
        nearest preceding subject of the sentence, else the nearest preceding actor; he/she/his/him/her prefer a
        person (spaCy PERSON entity)."""
        personal = tok.lower_ in {"he", "she", "him", "her", "his"}
        plural = tok.lower_ in {"they", "them", "their"}
        named_before = any(a.start is not None and tok.sent.start_char <= a.start < tok.idx for a in self.actors)
        for subject in self._antecedent_subjects(tok, carry_over=not named_before):
            if subject.pos_ == "PRON" or (plural and _singular(subject)
                                          and not any(self._is_group(a) for a in self.by_token.get(subject.i, []))):
                continue
            # the whole subject phrase: "the Islamic State group's Khorasan branch" names its owner
            phrase = [a for a, _ in self._resolve_one(subject, "arg.pronoun-subject") if a.kb_id]
            for a in phrase:
                if plural and self._a_state_named_singly(a):
                    continue
                if a.end is not None and a.end <= tok.idx and self._is_person(a) == personal:
                    copy = replace(a, text=tok.text, start=tok.idx, end=tok.idx + len(tok.text))
                    return [(copy, RuleHit("arg.pronoun-subject", tok.idx, tok.idx + len(tok.text), tok.text))]
        for a in reversed(self.actors):
            if a.end is None or a.end > tok.idx:
                continue
            span = self.doc.char_span(a.start, a.end, alignment_mode="expand")
            is_person = span is not None and any(t.ent_type_ == "PERSON" for t in span)
            if personal != is_person or (plural and (self._a_state_named_singly(a) or (
                    span is not None and _singular(span.root) and not self._is_group(a)))):
                continue
            copy = replace(a, text=tok.text, start=tok.idx, end=tok.idx + len(tok.text))
            return [(copy, RuleHit("arg.pronoun", tok.idx, tok.idx + len(tok.text), tok.text))]
        return []

    def _description(self, tok: Token) -> list[tuple[Actor, RuleHit]]:
        """"the (same) group": the nearest earlier non-state actor the knowledge base knows."""
        a = described_actor(self.actors, tok)
        if a is None:
            return []
        start, end = tok.left_edge.idx, tok.idx + len(tok.text)
        copy = replace(a, text=text_of(self.doc)[start:end], start=start, end=end)
        return [(copy, RuleHit("arg.description", start, end, copy.text))]

    def _a_state_named_singly(self, a: Actor) -> bool:
        """"Tajikistan", "Russia": a state named by its singular name is "it", never "they" ("Tajik officials"
        and "the Taliban" can be "they")."""
        span = self.doc.char_span(a.start, a.end, alignment_mode="expand") if a.start is not None else None
        state = a.kb_id is not None and a.kb_id == (a.country or "").lower()
        return state and span is not None and span.root.tag_ in ("NN", "NNP")

    @staticmethod
    def _is_group(a: Actor) -> bool:
        """An armed group or movement of the knowledge base: named in the singular ("ISIS-K"), it is still "they"
        ("ISIS-K's claim that they launched a rocket attack")."""
        from panj.kb import load_kb

        kb = load_kb()
        return a.kb_id is not None and a.kb_id in kb and kb.get(a.kb_id).type == "group"

    def _is_person(self, a: Actor) -> bool:
        span = self.doc.char_span(a.start, a.end, alignment_mode="expand")
        return span is not None and any(t.ent_type_ == "PERSON" for t in span)

    @staticmethod
    def _antecedent_subjects(tok: Token, carry_over: bool = True) -> list[Token]:
        """Subjects a pronoun most likely refers to: that of the verb reporting its clause, then the others of the
        sentence before it, nearest first (appositions and prepositional phrases are not subjects); with
        `carry_over` (no actor named earlier in the sentence), then the last sentence's."""
        out: list[Token] = []
        clause = tok.head if tok.dep_ in ("nsubj", "nsubjpass") else tok.head.head
        if clause.dep_ in ("ccomp", "xcomp") and clause.head.pos_ in ("VERB", "AUX"):
            out += [c for c in clause.head.children if c.dep_ in ("nsubj", "nsubjpass")]
        out += sorted((t for t in tok.sent if t.i < tok.i and t.dep_ in ("nsubj", "nsubjpass")
                       and t.pos_ in ("NOUN", "PROPN")), key=lambda t: -t.i)
        if carry_over and tok.dep_ in ("nsubj", "nsubjpass") and tok.sent.start > 0:
            # a subject pronoun with none before it continues the last sentence's subject ("ISKP fired rockets at
            # Tajikistan. Weeks later, it claimed ..."): the main clause's subject first, then the others
            before = tok.doc[tok.sent.start - 1].sent
            subjects = [t for t in before if t.dep_ in ("nsubj", "nsubjpass") and t.pos_ in ("NOUN", "PROPN")]
            out += sorted(subjects, key=lambda t: (t.head != before.root, -t.i))
        return out

    def _owned(self, tok: Token, sector: str | None) -> tuple[Actor, RuleHit] | None:
        """"its fighters", "their troops": the owner the possessive pronoun refers to, in the noun's sector."""
        poss = [t for t in tok.children if t.dep_ == "poss" and t.pos_ == "PRON" and t.lower_ in ("its", "their")]
        if sector is None or not poss:
            return None
        found = self._pronoun(poss[0])
        if not found:
            return None
        owner = found[0][0]
        start, end = poss[0].idx, tok.idx + len(tok.text)
        text = text_of(self.doc)[start:end]
        # a state's "troops" are its military; a group's "fighters" stay the group's own sector
        own_sector = sector if owner.sector in (None, "GOV") else owner.sector
        rule = f"{owner.rule or 'alias'}:{own_sector}" if owner.kb_id and ":" not in (owner.rule or "") else owner.rule
        actor = replace(owner, text=text, start=start, end=end, sector=own_sector, rule=rule)
        return actor, RuleHit("arg.possessive-pronoun", start, end, text)

    def _plain(self, tok: Token) -> tuple[Actor, RuleHit] | None:
        """A noun phrase that names a side without being a KB actor ("gunmen", "Afghan pilots")."""
        if tok.pos_ not in ("NOUN", "PROPN"):
            return None
        mods = [t for t in _modifiers(tok) if t.dep_ != "poss"]
        sector = self.lx.np_sectors.get(lemma(tok)) or self.lx.np_sectors.get(tok.lower_)
        entity = tok.ent_type_ in _PLAIN_ENTS or any(t.ent_type_ in _PLAIN_ENTS for t in mods)
        if sector is None and not entity:
            return None
        words = sorted(mods + [tok], key=lambda t: t.i)
        start, end = words[0].idx, tok.idx + len(tok.text)
        text = text_of(self.doc)[start:end]
        return (Actor(name=parties.plain_name(words), text=text, sector=sector, start=start, end=end,
                      rule="arg.plain-np"),
                RuleHit("arg.plain-np", start, end, text))

    def named(self, args: Args) -> bool:
        """`named_party`, or an argument that is a person, organisation or nationality the parser names ("Hinton",
        "the Labour party"): such a mention has its participants, even without a knowledge-base entry."""
        if named_party(args):
            return True
        for a, _ in args.actors + args.recipients:
            span = self.doc.char_span(a.start, a.end, alignment_mode="expand") if a.start is not None else None
            if span is not None and any(t.ent_type_ in ("PERSON", "ORG") for t in span):
                return True
        return False

    # ---------------------------------------------------------------- arguments of a trigger
    def find(self, m: Match) -> Args:
        tr = m.trigger
        tok = m.token
        args = Args()
        self.hostile = tr.type in HOSTILE
        if tr.kind == "noun":
            self._noun_args(m, args)
        else:
            self._verb_args(tok, m, args)
        if tr.two_sided:  # both sides of a clash are actors
            args.actors += args.recipients
            args.recipients = []
        args.actors = _dedupe(args.actors)
        keys = {_key(a) for a, _ in args.actors}
        args.recipients = [(a, h) for a, h in _dedupe(args.recipients) if _key(a) not in keys]
        return args

    def _put(self, args: Args, role: str, found: list[tuple[Actor, RuleHit]]) -> None:
        (args.actors if role == "actor" else args.recipients).extend(found)

    def _verb_args(self, tok: Token, m: Match, args: Args) -> None:
        tr = m.trigger
        subj = [c for c in tok.children if c.dep_ in ("nsubj", "csubj")]
        if tr.kind == "adj" and not subj and tok.head.pos_ == "AUX":
            subj = [c for c in tok.head.children if c.dep_ == "nsubj"]
        for s in subj:
            self._put(args, "actor", self.resolve(s, "arg.subject"))
        for c in tok.children:
            if c.dep_ == "agent":
                for po in c.children:
                    if po.dep_ == "pobj":
                        self._put(args, "actor", self.resolve(po, "arg.agent"))
        for s in subj if not args.actors else []:  # "the 2021 clash between X and Y killed 55": its parties
            noun = match_token(s, self.lx)
            if noun is not None and noun.trigger.kind == "noun" and noun.trigger.type == tr.type:
                self._noun_args(noun, args)
        if not args.actors and is_passive(tok):
            self._setting_body(tok, args)
        if not args.actors and tok.dep_ in ("nsubj", "csubj"):  # a gerund subject: "shooting that broke out"
            self._occurrence_parties(tok, tr, args)
        if not args.actors:
            self._inherit(tok, args)
        patient = "actor" if tr.patient_role == "actor" else "recipient"
        for o in objects(tok):
            if o.i == tok.head.i and tok.dep_ == "acl":
                continue  # already taken as the modified noun
            rule = "arg.passive-subject" if o.dep_ == "nsubjpass" else "arg.object"
            if o.i in {t.i for t in m.tokens[1:]} and lemma(o) not in self.lx.np_sectors:
                # the object is part of the pattern ("fired rockets", "held talks"): its owner may still be named
                self._put(args, patient, [x for x in self.resolve(o, rule) if x[0].kb_id])
                noun = match_token(o, self.lx) if o.dep_ == "nsubjpass" and not args.actors else None
                if noun is not None and noun.trigger.kind == "noun" and noun.trigger.type == tr.type:
                    self._noun_args(noun, args)  # "talks between X and Y were held": the parties of the talks
                continue
            self._put(args, patient, self.resolve(o, rule))
        for c in tok.children:
            if c.dep_ in ("dative", "iobj"):
                self._put(args, "recipient", self.resolve(c, "arg.object"))
        if m.content is not None and not args.recipients:  # "X said Y must ...": Y; "X said Y could occupy Z": Z
            if tr.type == "THREATEN":
                for o in objects(m.content):
                    self._put(args, "recipient", self.resolve(o, "arg.content-subject"))
            else:
                for s in m.content.children:
                    if s.dep_ in ("nsubj", "nsubjpass"):
                        self._put(args, "recipient", self.resolve(s, "arg.content-subject"))
        self._prep_args(tok, args, tr)

    def _inherit(self, tok: Token, args: Args) -> None:
        """Subjectless verb: relative clause, participle, or a complement of another verb."""
        cur = tok
        for _ in range(4):
            dep, head = cur.dep_, cur.head
            if head.i == cur.i:
                return
            if dep == "relcl":
                if is_passive(cur):  # "a trawler that had been seized by pirates": the noun is the patient
                    return
                found = self.resolve(head, "arg.relcl")
                if not found and head.dep_ == "attr":  # "X is the only state to reject Y": X, which that noun is
                    found = [x for c in head.head.children if c.dep_ == "nsubj"
                             for x in self.resolve(c, "arg.relcl-predicate")]
                self._put(args, "actor", found)
                return
            if dep == "acl" and head.pos_ in ("NOUN", "PROPN"):
                if cur.tag_ == "VBN" or is_passive(cur):
                    return  # the noun is the patient; taken as object
                if cur.tag_ == "VBG":
                    self._put(args, "actor", self.resolve(head, "arg.acl"))
                    return
                for c in head.children:  # "Russia's plans to rearm"
                    if c.dep_ in ("poss", "compound", "amod"):
                        self._put(args, "actor", [x for x in self.resolve(c, "arg.acl") if x[0].kb_id])
                return
            # not across "ccomp": a finite complement ("X denied that rockets hit Y") has a subject of its own,
            # and the matrix subject is the source of the report, not the actor
            if dep in ("xcomp", "advcl", "conj", "pcomp", "prep", "pobj"):
                prev, cur = cur, head
                if cur.pos_ in ("VERB", "AUX"):
                    subj = [c for c in cur.children if c.dep_ == "nsubj"]
                    if dep == "xcomp" or (dep == "prep" and lemma(prev) in ("of", "for", "with")):
                        # "urged X to leave", "accused X of blocking", "blamed X for shelling": X does it
                        # "X and Y accused each other of blocking": X and Y each did it
                        subj = [c for c in cur.children if c.dep_ in ("dobj",) and not _each_other(c)] or subj
                    for s in subj:
                        self._put(args, "actor", self.resolve(s, "arg.inherit"))
                    if subj:
                        return
                continue
            return

    def _prep_args(self, tok: Token, args: Args, tr) -> None:
        for p in tok.children:
            if p.dep_ != "prep":
                continue
            plem = lemma(p)
            pobjs = [c for c in p.children if c.dep_ == "pobj"]
            if not pobjs:
                continue
            po = pobjs[0]
            if tr.two_sided and plem in _SITE_PREPS:
                self._sides_after_site(po, args)
            if plem == "between" or (plem == "among" and tr.two_sided):
                self._put(args, "actor", self.resolve(po, "arg.between"))
            elif plem == "with":
                role = tr.with_role or ("actor" if tr.two_sided or tr.type == "CONSULT" else "recipient")
                self._put(args, role, self.resolve(po, "arg.with"))
            elif plem == "by" and tr.kind == "noun":
                self._put(args, "actor", self.resolve(po, "arg.by"))
            elif plem == "of" and tr.kind == "noun":
                role = tr.of_role or ("recipient" if tr.type in ("ASSAULT", "COERCE") else "actor")
                self._put(args, role, self.resolve(po, "arg.of"))
            elif plem == "from" and tr.type == "CONSULT" and tr.kind == "noun":
                # "talks with military officials from both sides" (the parser hangs "from" on the talks)
                self._put(args, "actor", [x for x in self.resolve(po, "arg.from") if x[0].kb_id])
            elif plem == "in" and tr.type == "CONSULT":
                self._put(args, "actor", [x for x in self.resolve(po, "arg.host") if x[0].kb_id])
            elif plem in _RECIPIENT_PREPS:
                if plem in self.lx.setting_preps and match_token(po, self.lx) is not None:
                    continue  # "warned ... at the conference": where it was said, not to whom
                role = "actor" if (tr.type == "CONSULT" and plem == "to") else "recipient"
                self._put(args, role, self.resolve(po, "arg.prep"))

    def _sides_after_site(self, site: Token, args: Args) -> None:
        """"clashes in Panjshir province between the Taliban and the NRF": the parser hangs "between" on the
        place; for a two-sided event it names the sides. A border or frontier may lie between two states
        ("clashes on the border between X and Y"), so there it names no side."""
        if site.lower_ not in self.lx.place_heads or lemma(site) in DIVIDING_PLACES:
            return
        for p in site.children:
            if p.dep_ != "prep" or lemma(p) != "between":
                continue
            for po in p.children:  # "the area between Kunduz and Takhar" is a place, not two sides
                if po.dep_ == "pobj" and po.ent_type_ not in ("GPE", "LOC", "FAC"):
                    self._put(args, "actor", self.resolve(po, "arg.between"))

    def _noun_args(self, m: Match, args: Args) -> None:
        tok, tr = m.token, m.trigger
        pattern = {t.i for t in m.tokens}
        for c in tok.children:
            if c.dep_ == "poss":
                self._put(args, "actor", self.resolve(c, "arg.possessive"))
            elif c.dep_ in ("compound", "amod", "nmod") and c.i not in pattern:
                self._put(args, "actor", [x for x in self.resolve(c, "arg.compound") if x[0].kb_id])
        if tr.type == "CONSULT" and tok.dep_ == "pobj" and lemma(tok.head) in self.lx.setting_preps and not args.actors:
            self._setting_subject(tok, args)  # before the venue, which alone would not make an event
        self._prep_args(tok, args, tr)
        if not args.actors:
            self._participle_agent(tok, args)
        if not args.actors:
            self._occurrence_parties(tok, tr, args)
        head = light_head(tok, self.lx)
        if head is None and tok.dep_ in ("dobj", "obj") and tok.head.pos_ == "VERB":
            head = tok.head
        if head is None and tok.dep_ == "pobj" and lemma(tok.head) == "with" and tok.head.head.pos_ == "VERB":
            head = tok.head.head  # "troops responded with heavy fire"
        # "Zas held talks with X": the counterpart after "with" leaves the light verb's subject a party too
        if head is not None and all(_key(a) in self._with_parties(tok) for a, _ in args.actors):
            for s in head.children:
                if s.dep_ == "nsubj":
                    self._put(args, "actor", self.resolve(s, "arg.light-verb"))
            if not args.actors:
                self._inherit(head, args)

    def _with_parties(self, tok: Token) -> set[str]:
        """Keys of the actors named after the noun's "with" ("talks with X and Y")."""
        return {_key(a) for p in tok.children if p.dep_ == "prep" and lemma(p) == "with"
                for po in p.children if po.dep_ == "pobj" for a, _ in self.resolve(po, "arg.with")}

    def _occurrence_parties(self, tok: Token, tr, args: Args) -> None:
        """"a telephone conversation took place between X and Y", "talks were held with Y", "shooting that broke
        out between the two militaries": the parser hangs the parties on the verb the event occurs with."""
        verbs = [tok.head] if tok.dep_ in ("nsubj", "nsubjpass", "csubj") and tok.head.pos_ in ("VERB", "AUX") else []
        verbs += [c for c in tok.children if c.dep_ == "relcl" and c.pos_ == "VERB"]
        for verb in verbs:
            # "took place between X and Y": the parser may hang the parties on "place"
            heads = [verb] + [o for o in verb.children if o.dep_ == "dobj" and lemma(o) == "place"]
            for p in (p for h in heads for p in h.children):
                if p.dep_ == "prep" and lemma(p) in ("between", "among", "with"):
                    for po in (c for c in p.children if c.dep_ == "pobj"):
                        role = "recipient" if lemma(p) == "with" and tr.with_role == "recipient" else "actor"
                        self._put(args, role, self.resolve(po, "arg.between" if lemma(p) != "with" else "arg.with"))

    def _setting_body(self, verb: Token, args: Args) -> None:
        """"It was adopted at the CSTO Security Council session": an agentless passive done at a meeting is the
        doing of the body the meeting is named after."""
        for p in verb.children:
            if p.dep_ != "prep" or lemma(p) not in self.lx.setting_preps:
                continue
            for po in (c for c in p.children if c.dep_ == "pobj"):
                meeting = match_token(po, self.lx)
                if meeting is None or meeting.trigger.type != "CONSULT":
                    continue
                for c in po.children:
                    if c.dep_ in ("compound", "amod", "poss"):
                        self._put(args, "actor", [x for x in self.resolve(c, "arg.setting-body") if x[0].kb_id])

    def _setting_subject(self, tok: Token, args: Args) -> None:
        """"At the conference of the CSTO, Rahmon warned ...", "during the consultation in Moscow, Russia
        obtained ...": the subject of the clause that a gathering sets took part in it (not so for "amid the
        siege", which the subject need not have joined)."""
        verb = tok.head.head
        if verb.pos_ not in ("VERB", "AUX"):
            return
        for s in (c for c in verb.children if c.dep_ == "nsubj"):
            self._put(args, "actor", [x for x in self.resolve(s, "arg.setting-subject") if x[0].kb_id])

    def _participle_agent(self, tok: Token, args: Args) -> None:
        """"drills held by the CSTO", "an attack carried out by militants": the agent of a past participle that
        modifies the event noun, or a noun inside its own phrase ("drills in years held by ..." is parsed with
        the participle on "years")."""
        inside = [tok] + [po for p in tok.children if p.dep_ == "prep" for po in p.children if po.dep_ == "pobj"]
        for n in inside:
            for v in n.children:
                if v.dep_ == "acl" and v.tag_ == "VBN":
                    for ag in (c for c in v.children if c.dep_ == "agent"):
                        for po in (c for c in ag.children if c.dep_ == "pobj"):
                            self._put(args, "actor", self.resolve(po, "arg.participle-agent"))
                    if args.actors:
                        return


_ANONYMOUS_SECTORS = {None, "CVL"}


def named_party(args: Args) -> bool:
    """Does the mention name a party: a knowledge-base actor, one with a country, or an armed, state or
    organised group ("gunmen", "troops")? "people", "villagers", "unidentified persons" name none."""
    return any(a.kb_id or a.country or a.sector not in _ANONYMOUS_SECTORS for a, _ in args.actors + args.recipients)


def borrow_sides(m: Match, args: Args, found: list[tuple[Match, Args]]) -> Args | None:
    """The sides a participant-less mention takes from the nearest other trigger of its sentence that names
    parties ("At least one civilian was killed as X and Y security forces traded fire"); None (drop it) when no
    clause of the sentence names one. The unnamed victims stay recipients."""
    if m.trigger.type not in HOSTILE:
        return None  # only the casualties of a clash or attack belong to the clash's sides
    others = [(abs(o.token.i - m.token.i), o, a) for o, a in found
              if o is not m and o.trigger.type in HOSTILE and _linked(o.token, m.token)
              and any(x.kb_id for x, _ in a.actors + a.recipients)]
    if not others:
        return None
    _, o, donor = min(others, key=lambda x: x[0])
    hit = lambda a, h: (replace(a), RuleHit("arg.neighbour", h.start, h.end, h.text))  # noqa: E731
    actors = [hit(a, h) for a, h in donor.actors if a.kb_id]
    recipients = [hit(a, h) for a, h in donor.recipients if a.kb_id]
    if not actors:  # the donor's target is the one acted upon here too
        return None
    keys = {_key(a) for a, _ in actors}
    recipients += [(a, h) for a, h in args.recipients if _key(a) not in keys]
    return Args(actors=actors, recipients=_dedupe(recipients))


def _linked(a: Token, b: Token) -> bool:
    """One trigger's clause contains the other's ("were killed as X and Y traded fire", "fighting between X and Y
    has wounded six people"), or both are conjuncts of one clause."""
    return a in b.subtree or b in a.subtree or (a.head.i == b.head.i and "conj" in (a.dep_, b.dep_))


def _singular(tok: Token) -> bool:
    """A head "they" cannot refer to: a singular common noun, or a singular place name (a state is "it");
    "the Taliban" and other groups named in the singular form stay possible antecedents."""
    return tok.tag_ == "NN" or (tok.tag_ == "NNP" and tok.ent_type_ == "GPE")


def _modifiers(tok: Token) -> list[Token]:
    out = []
    for c in tok.children:
        if c.dep_ in _MOD_DEPS and c.i < tok.i:
            out.append(c)
            out.extend(t for t in c.subtree if t.i != c.i and t.i < tok.i and (
                t.dep_ not in _SKIP_DEPS or (t.dep_ == "conj" and t.head.i == c.i and c.dep_ == "amod")))
            # "Kyrgyz and Tajik security forces": both demonyms modify the head
    return out


def _each_other(tok: Token) -> bool:
    """"each other", "one another": a reciprocal object names no one new."""
    return tok.lower_ in ("other", "another") and any(c.lower_ in ("each", "one") for c in tok.children)


def _conjuncts(tok: Token) -> list[Token]:
    out, cur = [], tok
    for _ in range(8):
        nxt = [c for c in cur.children if c.dep_ == "conj" and c.pos_ in ("NOUN", "PROPN", "PRON")]
        if not nxt:
            break
        out.append(nxt[0])
        cur = nxt[0]
    return out


def _key(a: Actor) -> str:
    return (a.kb_id or a.name or a.text).lower()


def _unique(actors) -> list[Actor]:
    seen, out = set(), []
    for a in actors:
        if id(a) not in seen:
            seen.add(id(a))
            out.append(a)
    return out


def _dedupe(items: list[tuple[Actor, RuleHit]]) -> list[tuple[Actor, RuleHit]]:
    seen, out = set(), []
    for a, h in items:
        k = _key(a)
        if k not in seen:
            seen.add(k)
            out.append((a, h))
    return out
