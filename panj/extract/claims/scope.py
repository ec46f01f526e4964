"""Statements carried whole: one side's attribution scopes over the sentences and paragraphs that continue it.

Why: news agencies print a press release or an organ's statement as the story itself. The lead names the source
once ("Troops shelled the village, the press center of the border troops reported"), the following paragraphs
go on in the release's words without repeating "said", and at most refer back to it ("the report said",
"according to the source"). Read sentence by sentence, those paragraphs look like the outlet's own assertions;
they are the organ's claims.

A statement scope opens at the first sentence of the document body (or the first after a heading such as
"Statement by the ministry") when that sentence attributes its content to an organ, group or organisation,
and when the text confirms that what follows continues it: a heading that names a statement ("X Reports",
"Statement by X") or a later sentence that cites the same source again or refers back to the report. It ends at
the next heading line. Inside it, a mention the author would otherwise assert becomes the source's claim, and a
claim by "the report" or "the source" becomes the source's. Words: lexicon `statement_scope`.
"""
from __future__ import annotations

from dataclasses import dataclass

from spacy.tokens import Doc, Span, Token

from panj.extract.claims.frames import Analysis, Frame, analyse, back_reference, lexicon, subject_of
from panj.extract.claims.stance import MEDIA_SECTORS, actor_for, clause_span
from panj.nlp import text_of
from panj.records import Actor, Claim, DocContext, EventMention

_END_PUNCT = (".", "!", "?", '"', "”", "’", "»", ":", ";", ",")


@dataclass
class Scope:
    """The stretch of a document [start, end) that continues the statement of `source`."""

    source: Actor
    start: int
    end: int
    cue: str  # the reporting word of the lead
    cue_start: int  # character span of the lead's attributing clause (the claim's provenance)
    cue_end: int
    cue_text: str


def heading_lines(text: str, title: str | None) -> list[tuple[int, int]]:
    """Character spans of the lines that are headings, not prose: a line without closing punctuation (a title,
    a section heading, a dateline) or the document's title itself."""
    out: list[tuple[int, int]] = []
    pos = 0
    norm_title = (title or "").strip().rstrip(".").lower()
    for line in text.split("\n"):
        body = line.strip()
        if body and (not body.endswith(_END_PUNCT) or (norm_title and body.rstrip(".").lower() == norm_title)):
            out.append((pos, pos + len(line)))
        pos += len(line) + 1
    return out


def _is_heading(sent: Span, lines: list[tuple[int, int]]) -> bool:
    s = sent.start_char
    e = s + len(sent.text.rstrip())
    return any(a <= s and e <= b for a, b in lines)


def _names_statement(sent: Span) -> bool:
    """'Press Center of the Border Troops Reports', 'Statement by the Foreign Ministry', 'Press release'."""
    lx = lexicon()["statement_scope"]
    words = [t.lower_ for t in sent if not (t.is_punct or t.is_space)]
    if not words:
        return False
    if words[-1] in lx["heading_verbs"]:
        return True
    for k, w in enumerate(words):
        if w in lx["heading_nouns"] and (k == 0 or k + 1 == len(words) or words[k + 1] in ("by", "of", "from")):
            return True
    return False


def _source_token(doc: Doc, f: Frame) -> Token | None:
    """The head word of a frame's source phrase, named or not ('the report' in "the report said")."""
    if f.source_i is not None:
        return doc[f.source_i]
    cue = doc[f.cue_i]
    if f.rule == "claims.according_to":
        for to in cue.children:
            for p in to.children:
                if p.dep_ == "pobj":
                    return p
        return None
    if f.rule == "claims.report_noun":
        return cue
    return subject_of(cue)


def refers_back(doc: Doc, f: Frame) -> bool:
    """Is the frame's source a word that points back to a statement already named: 'the report', 'the
    source', 'its information', 'the press service'?"""
    tok = _source_token(doc, f)
    return tok is not None and back_reference(tok)


def _issuer(actor: Actor | None, ctx: DocContext) -> bool:
    """Does the source issue statements an outlet would carry whole: a knowledge-base organ, group or
    organisation (lexicon `issuer_types`)? A state named through "officials said", a person quoted at length,
    an unknown phrase or the media do not."""
    if actor is None or actor.kb_id is None or actor.sector in MEDIA_SECTORS:
        return False
    if ctx.outlet and actor.name.lower() in ctx.outlet.lower():
        return False
    from panj.kb import load_kb

    kb = load_kb()
    entry = kb.get(actor.kb_id) if actor.kb_id in kb else None
    return entry is not None and entry.type in lexicon()["statement_scope"]["issuer_types"]


def _lead_frame(doc: Doc, sent: Span, actors: list[Actor], ctx: DocContext, headed: bool = False
                ) -> tuple[Frame, Actor] | None:
    """The nearest reporting frame over the lead's content whose source is a named party (not the media), when
    the lead is written the way a carried statement opens: the content first and its source after it
    ("Troops shelled the village, the press center reported"; "According to the ministry, ..."), or "In a
    statement, X said ...". A lead that opens with its source ("X said ...") is the outlet's own story, unless a
    heading has just named the statement (`headed`)."""
    seen: set[int] = set()
    for tok in sent:
        if tok.pos_ not in ("VERB", "AUX", "NOUN") or tok.is_stop:
            continue
        an: Analysis = analyse(doc, tok.i)
        for f in an.frames:
            if f.cue_i in seen or f.cue_i < sent.start or f.cue_i >= sent.end:
                continue
            seen.add(f.cue_i)
            if f.unnamed or f.hedged or f.stance not in ("claims", "asserts"):
                continue
            if not (headed or f.cue_i > tok.i or f.rule == "claims.according_to" or _in_a_statement(doc[f.cue_i])):
                continue
            src = actor_for(doc, f.cited_i if f.cited_i is not None else f.source_i, actors)
            if _issuer(src, ctx):
                return f, src
    return None


def _in_a_statement(cue: Token) -> bool:
    """'In a statement issued on Friday, the ministry said ...'."""
    nouns = lexicon()["statement_scope"]["heading_nouns"]
    return any(c.dep_ == "prep" and c.lower_ == "in" and any(p.dep_ == "pobj" and p.lemma_.lower() in nouns
                                                             for p in c.children) for c in cue.children)


def _same_source(a: Actor | None, b: Actor) -> bool:
    if a is None:
        return False
    if a.kb_id and b.kb_id:
        return a.kb_id == b.kb_id
    return a.name.lower() == b.name.lower()


def _continued(doc: Doc, sents: list[Span], source: Actor, actors: list[Actor]) -> bool:
    """Does a later sentence cite the same source again, or point back to its report?"""
    for sent in sents:
        for tok in sent:
            if tok.pos_ not in ("VERB", "AUX", "NOUN"):
                continue
            for f in analyse(doc, tok.i).frames:
                if not sent.start <= f.cue_i < sent.end:
                    continue
                if refers_back(doc, f) or (f.source_i is not None and doc[f.source_i].pos_ == "PRON"):
                    return True
                cited = actor_for(doc, f.source_i, actors)
                if _same_source(cited, source) or _organ_part(cited):
                    return True
    return False


def statement_scopes(doc: Doc, ctx: DocContext, actors: list[Actor]) -> list[Scope]:
    """The statement scopes of a document (see the module's docstring)."""
    text = text_of(doc)
    sents = list(doc.sents)
    lines = heading_lines(text, ctx.title)
    headings = [_is_heading(s, lines) for s in sents]
    scopes: list[Scope] = []
    k = 0
    opening = True  # at the document's start, or just after a heading that names a statement
    header_named = False
    while k < len(sents):
        if headings[k]:
            header_named = _names_statement(sents[k]) or (header_named and k > 0 and headings[k - 1])
            opening = opening or header_named
            k += 1
            continue
        if not opening:
            k += 1
            continue
        if not any(t.pos_ in ("VERB", "AUX") for t in sents[k]):
            k += 1  # a dateline ("CITY, 27.01.2022 (Agency) –") before the lead
            continue
        opening = False
        end_k = next((j for j in range(k + 1, len(sents)) if headings[j]), len(sents))
        found = _lead_frame(doc, sents[k], actors, ctx, header_named)
        if found is not None:
            f, source = found
            if header_named or _continued(doc, sents[k + 1:end_k], source, actors):
                cue = doc[f.cue_i]
                if cue.dep_ == "prep":  # "according to X": the whole sentence carries it
                    s, e, words = sents[k].start_char, sents[k].end_char, sents[k].text
                else:
                    s, e, words = clause_span(cue)
                end = sents[end_k - 1].end_char
                scopes.append(Scope(source, sents[k].start_char, end, cue.text, s, e, words))
        header_named = False
        k = end_k
    return scopes


def apply_scopes(doc: Doc, ctx: DocContext, mentions: list[EventMention], analyses: dict[int, Analysis],
                 actors: list[Actor], outlet: Actor | None) -> None:
    """Give the mentions inside a statement scope the statement's source: the author's assertions become its
    claims; claims by 'the report' or 'the source' become its claims too, and a source the knowledge base does
    not know that names a part of an organ ('according to the press service') is the statement's source."""
    scopes = statement_scopes(doc, ctx, actors)
    if not scopes:
        return
    for m in mentions:
        sc = next((s for s in scopes if s.start <= m.trigger_start < s.end), None)
        if sc is None or not m.claims:
            continue
        claim = m.claims[0]
        if m.status == "asserted" and claim.claimant is None and claim.rule == "claims.author":
            pass
        elif m.status in ("alleged", "claimed") and (claim.claimant is None or claim.claimant.kb_id is None) \
                and _refers_back(doc, analyses.get(id(m))):
            pass
        elif m.status in ("alleged", "claimed") and _organ_part(claim.claimant):
            claim.claimant, claim.rule = sc.source, f"{claim.rule}.statement_scope"
            claim.stance = "claims"
            m.status = "claimed"
            continue
        else:
            continue
        via = [outlet] if outlet is not None else []
        m.claims[0] = Claim(sc.source, "claims", sc.cue_text, ctx.doc_id, sc.cue_start, sc.cue_end, via, sc.cue,
                            "claims.statement_scope")
        m.status = "claimed"


def _organ_part(a: Actor | None) -> bool:
    """'press service', 'press center': a source phrase outside the knowledge base naming a part of an organ."""
    if a is None or a.kb_id is not None or a.rule != "claims.source_not_in_kb" or not a.name.split():
        return False
    return a.name.split()[-1].lower() in lexicon()["statement_scope"]["organ_parts"]


def _refers_back(doc: Doc, an: Analysis | None) -> bool:
    return an is not None and bool(an.frames) and refers_back(doc, an.frames[0])
