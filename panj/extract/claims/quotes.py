"""Quoted passages that run over several sentences: the attribution after the closing quote covers them all.

News quotes a statement sentence by sentence and names the speaker once, after the last sentence
('"Troops opened fire on the village. Two houses burned," the ministry said.'). A predicate in an earlier
sentence of the quote has no reporting verb above it in its own parse; this module finds the one that closes
the quotation, so that the claims stage attributes the whole quote.
"""
from __future__ import annotations

import re

from spacy.tokens import Token

from panj.extract.claims.frames import Frame, is_unnamed_source, lexicon
from panj.nlp import text_of

_OPEN, _CLOSE, _STRAIGHT = "“«", "”»", '"'


_CURLY = re.compile(f"[{_OPEN}{_CLOSE}]")


def _quote_open_at(text: str, start: int, end: int) -> bool:
    """Is a quotation open at `end`, counting quote marks from `start` (the paragraph's beginning)? Only the
    marks are visited, not every character: a text without line breaks is one long paragraph."""
    if text.count(_STRAIGHT, start, end) % 2:
        return True
    depth = 0
    for m in _CURLY.finditer(text, start, end):
        depth = depth + 1 if m.group() in _OPEN else max(0, depth - 1)
    return depth > 0


def quote_frame(tok: Token, max_sentences: int = 3) -> Frame | None:
    """The reporting frame of the quotation the predicate `tok` stands in, when the quote closes, in this
    sentence or a later one of the same paragraph, followed by a reporting verb with its speaker ('," the
    ministry said'). In its own sentence the parse usually carries the attribution; this catches the predicates
    it does not reach ('"... drones violating the airspace," they said': a participle on a noun)."""
    doc = tok.doc
    text = text_of(doc)
    sent = tok.sent
    para = text.rfind("\n", 0, sent.start_char) + 1
    if not _quote_open_at(text, para, tok.idx):
        return None
    nxt = sent
    for step in range(max_sentences + 1):
        if step:
            if nxt.end >= len(doc) or "\n" in text[sent.end_char:doc[nxt.end].idx]:
                return None
            nxt = doc[nxt.end].sent
        if _quote_open_at(text, para, nxt.end_char):
            continue  # still inside the quotation
        return _speaker_after_quote(nxt, text, tok.idx if step == 0 else nxt.start_char)
    return None


def _speaker_after_quote(sent, text: str, after: int) -> Frame | None:
    """The reporting verb after the closing quote in `sent` (past character `after`), with its speaker."""
    lx = lexicon()
    for t in sent:
        if t.idx <= after or t.lemma_.lower() not in lx["reporting_verbs"] or t.pos_ != "VERB":
            continue
        if not any(q in text[after:t.idx] for q in _CLOSE + _STRAIGHT):
            continue  # the verb must follow the closing quote
        src = [c for c in t.children if c.dep_ == "nsubj"]
        if not src:
            return None
        ent = lx["reporting_verbs"][t.lemma_.lower()]
        unnamed = is_unnamed_source(src[0])
        return Frame(ent["stance"], t.i, f"claims.verb.{t.lemma_.lower()}.quote",
                     source_i=None if unnamed else src[0].i, unnamed=unnamed, strength=ent["strength"])
    return None
