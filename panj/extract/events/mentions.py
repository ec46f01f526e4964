"""Event mentions from the parse: trigger lexicon + dependency patterns -> PLOVER 2.0 type, mode and roles.

Data lives in panj/data/lexicons/triggers.yaml (triggers, light verbs, cues, argument rules) and plover.yaml
(score, quad class, CAMEO by type and mode). Every rule that fires is kept in `EventMention.rules` with the span
it matched, so a reader can go from a record to the YAML entry (grep the id). Reporting verbs are not events:
the claims stage reads them as attribution of the embedded event. Date, places, claims and status are left to
the other stages (status stays 'asserted').
"""
from __future__ import annotations

from dataclasses import replace
from itertools import islice

from spacy.tokens import Doc, Span, Token

from panj.nlp import text_of
from panj.extract.events import lexicon as event_lexicon
from panj.extract.events.arguments import ArgFinder, borrow_sides
from panj.extract.events.parties import reciprocal
from panj.extract.events.triggers import Match, find_matches, lemma
from panj.records import Actor, DocContext, EventMention, RuleHit
from panj.semantic.typecheck import review as semantic_review

__all__ = ["extract_events", "classify_predicate"]


def extract_events(doc: Doc, ctx: DocContext, actors: list[Actor]) -> list[EventMention]:
    """Event mentions of each sentence, with actors/recipients, PLOVER type/mode/context/score and rule hits.

    A mention with neither actor nor recipient is dropped: it cannot say who did what to whom; one whose parties
    are only unnamed people ("people were killed") takes the sides of a neighbouring clause or is dropped.
    """
    lx = event_lexicon.load()
    finder = ArgFinder(doc, actors, lx)
    out: list[EventMention] = []
    matched = [(sent, find_matches(sent, lx)) for sent in doc.sents if not is_heading(sent)]
    for sent, matches in semantic_review(matched, lx):
        found = [(m, finder.find(m)) for m in matches]
        for m, args in found:
            if not args.actors and not args.recipients:
                continue
            if only_a_venue(args):
                continue
            if not finder.named(args):  # "people were killed as X and Y traded fire": the sides of the clause
                args = borrow_sides(m, args, found)
                if args is None:
                    continue
            if m.trigger.state_type and any(a.sector in _STATE_AGENTS for a, _ in args.actors):
                # a road blocked by border troops is a state's restriction (COERCE), by villagers a protest
                m.trigger = replace(m.trigger, type=m.trigger.state_type, mode=None, cameo=None)
            out.append(_mention(doc, ctx, sent, m, args))
    return directed_halves(doc, out, lx.directed_types)


def directed_halves(doc: Doc, mentions: list[EventMention], types: frozenset[str]) -> list[EventMention]:
    """"Varnia and Ostria accused each other of breaching the truce" is two accusations, one by each side with
    the other as recipient: a directed act told as mutual becomes one mention per party (rule arg.reciprocal-half).
    """
    spans = [doc.char_span(m.trigger_start, m.trigger_end, alignment_mode="expand") for m in mentions]
    mutual = {s.root.i: _sides(m) for m, s in zip(mentions, spans) if s is not None and m.event_type in types
              and len(m.actors) >= 2 and not m.recipients and reciprocal(s.root)}
    out: list[EventMention] = []
    for m, span in zip(mentions, spans):
        if span is None or len(m.actors) < 2 or not (
                (m.event_type in types and not m.recipients and reciprocal(span.root))
                or _charged_each_other(span.root, m, mutual)):
            out.append(m)
            continue
        for a in m.actors:
            hit = RuleHit("arg.reciprocal-half", a.start or m.trigger_start, a.end or m.trigger_end, a.text)
            others = m.recipients or [b for b in m.actors if b is not a]  # "of shelling villages": kept
            out.append(replace(m, actors=[a], recipients=others, rules=m.rules + [hit]))
    return out


def _charged_each_other(tok: Token, m: EventMention, mutual: dict[int, frozenset]) -> bool:
    """"X and Y accused each other of blocking the road": the blocking is two versions, X's by Y's account and
    Y's by X's, as the charge is, when the act under the charge has exactly the charge's parties as its actors."""
    return any(mutual.get(t.i) == _sides(m) for t in tok.ancestors)


def _sides(m: EventMention) -> frozenset:
    return frozenset(a.kb_id or a.name for a in m.actors)


_FINITE = {"VBD", "VBZ", "VBP", "MD"}
_STATE_AGENTS = {"GOV", "MIL", "COP", "SPY"}


def only_a_venue(args) -> bool:
    """"A summit in Spain": the host country alone does not say who met, so there is no event to code."""
    hits = args.actors + args.recipients
    return bool(hits) and all(hit.rule_id == "arg.host" for _, hit in hits)


def is_heading(sent) -> bool:
    """A heading, caption or byline reports nothing; the events it names are told in the sentences under it.
    A line is one when it has no finite verb and does not end as a sentence does, or when it is written in
    title case without closing punctuation ("Massoud, Taliban Agree to Not Fight Until Next Round")."""
    text = text_of(sent.doc)[sent.start_char:sent.end_char].strip()  # Span.text joins every token
    if not text:
        return False
    closed = text.endswith((".", "!", "?", '"', "”", "’", "'"))
    if not any(t.tag_ in _FINITE for t in sent) and not text.endswith("."):
        return True
    if closed:
        return False  # title case or not
    words = [t for t in sent if t.is_alpha and len(t.text) > 3]
    title_case = len(words) >= 3 and sum(t.text[0].isupper() for t in words) / len(words) >= 0.75
    return title_case and not closed


def classify_predicate(text: str) -> tuple[str, str | None] | None:
    """PLOVER (type, mode) of a short predicate or sentence: its highest trigger in the parse, or None."""
    from panj import nlp

    lx = event_lexicon.load()
    doc = nlp.parse(text)
    best: tuple[int, int, Match] | None = None
    for sent, matches in semantic_review([(sent, find_matches(sent, lx)) for sent in doc.sents], lx):
        for m in matches:
            if m.trigger.needs_party and not _has_party(m.token):
                continue
            key = (_depth(m.token), m.token.i)
            if best is None or key < best[:2]:
                best = (key[0], key[1], m)
    if best is None:
        return None
    m = best[2]
    mode, _ = _mode(doc, m, lx)
    return _intent(m, lx) or (m.trigger.type, mode)


# ---------------------------------------------------------------------------------------------------- helpers
def _mention(doc: Doc, ctx: DocContext, sent: Span, m: Match, args) -> EventMention:
    lx = event_lexicon.load()
    tr = m.trigger
    start, end = m.span
    rules = [RuleHit(tr.id, start, end, text_of(doc)[start:end])]
    for rule_id, toks in m.notes:
        a, b = min(t.idx for t in toks), max(t.idx + len(t.text) for t in toks)
        rules.append(RuleHit(rule_id, a, b, text_of(doc)[a:b]))
    mode, mode_hit = _mode(doc, m, lx)
    if mode_hit is not None:
        rules.append(mode_hit)
    contexts = list(tr.context)
    for c, hit in _contexts(m, lx):
        if c not in contexts:
            contexts.append(c)
            rules.append(hit)
    score, quad, default_cameo = event_lexicon.score_of(tr.type, mode)
    cameo = default_cameo if mode_hit is not None else (tr.cameo or default_cameo)
    rules += [h for _, h in args.actors] + [h for _, h in args.recipients]
    tok = m.token
    return EventMention(
        doc_id=ctx.doc_id, sentence=sent.text, start=sent.start_char, end=sent.end_char,
        trigger=tok.text, trigger_start=tok.idx, trigger_end=tok.idx + len(tok.text),
        event_type=tr.type, mode=mode, context=contexts,
        actors=[a for a, _ in args.actors], recipients=[a for a, _ in args.recipients],
        score=score, quad_class=quad, cameo=cameo, rules=rules,
    )


def _intent(m: Match, lx) -> tuple[str, None] | None:
    """PLOVER/CAMEO coding of a stated future act: cooperative -> AGREE, conflictual or conditional -> THREATEN."""
    rule = lx.clause_rules["intent"]
    tok = m.token
    if m.trigger.kind != "verb" or m.trigger.frame:
        return None
    if not any(c.dep_ == "aux" and c.lower_ in rule["modals"] for c in tok.children):
        return None
    quad = event_lexicon.score_of(m.trigger.type, None)[1]
    conditional = any(c.dep_ == "advcl" and any(g.dep_ == "mark" and g.lower_ in rule["conditional_marks"]
                                                 for g in c.children) for c in tok.children)
    if conditional or quad in rule["threaten_quads"]:
        return "THREATEN", None
    if quad in rule["agree_quads"]:
        return "AGREE", None
    return None


def _cue_tokens(m: Match) -> list[Token]:
    """Words that can qualify the trigger: its modifiers and objects, not the rest of the sentence (the first
    words of each subtree, read no further than needed)."""
    tok = m.token
    if m.trigger.kind == "noun":
        return list(islice((t for t in tok.subtree if t.i != tok.i and t.dep_ not in ("relcl", "acl")), 30))
    out: list[Token] = []
    for c in tok.children:
        if c.dep_ in ("dobj", "nsubjpass", "prep", "npadvmod", "advmod", "nsubj", "agent"):
            out.extend(islice(c.subtree, 15))
    return out


def _mode(doc: Doc, m: Match, lx) -> tuple[str | None, RuleHit | None]:
    if m.trigger.mode is not None or m.trigger.type != "ASSAULT":
        return m.trigger.mode, None
    for t in sorted(_cue_tokens(m), key=lambda t: abs(t.i - m.token.i)):
        mode = lx.assault_modes.get(lemma(t)) or lx.assault_modes.get(t.lower_)
        if mode is not None:
            return mode, RuleHit(f"assault_modes.{mode}", t.idx, t.idx + len(t.text), t.text)
    return None, None


def _contexts(m: Match, lx) -> list[tuple[str, RuleHit]]:
    out = []
    for t in _cue_tokens(m) + [m.token]:
        c = lx.context_cues.get(lemma(t)) or lx.context_cues.get(t.lower_)
        if c is not None:
            out.append((c, RuleHit(f"context_cues.{c}", t.idx, t.idx + len(t.text), t.text)))
    return out


def _depth(tok: Token) -> int:
    d = 0
    while tok.head.i != tok.i and d < 50:
        tok, d = tok.head, d + 1
    return d


def _has_party(tok: Token) -> bool:
    """A noun trigger that needs a party has a possessor, modifier or by/between/of/with phrase, or a verb."""
    for c in tok.children:
        if c.dep_ in ("poss", "compound", "amod") or (c.dep_ == "prep" and lemma(c) in ("by", "between", "of", "with", "among")):
            return True
    return tok.dep_ in ("dobj", "nsubj", "nsubjpass")
