"""The model's attribute ruler and lemmatizer answered by look-up give what spaCy gives, token for token."""
from __future__ import annotations

import pickle

import pytest
import spacy
from spacy.pipeline import AttributeRuler

from panj import nlp as panj_nlp
from panj.model_rules import FastLemmatizer, FastMatch, install, install_lemmatizer, install_match

# sentences of ours that reach the pinned model's exceptions: contractions, auxiliaries, expletive "there",
# negation, pronoun objects, two-token patterns ("gon na", "let 's"), a regex ("y'all"), whitespace tokens,
# plurals, comparatives and unknown words for the lemmatizer's rules
SENTENCES = [
    "I didn't know that it was gonna rain, y'all, but there are guards on the bridges.",
    "Let's go: the commander ain't coming, and nothin' has changed since the talks.",
    "Border guards said that they had fired on the posts because they were attacked.\n\nGive it to me, he told you.",
    "Which posts were shelled? Those that the troops have left, whether or not they're   empty.",
    "She does what she did before; it's the one that was hit, isn't it? The better-armed units fled faster.",
    "Zorbistani militias were regrouping near the Qalvandi crossings, officials said, and the shellings worsened.",
]


def _annotations(nlp):
    return [[(t.pos_, str(t.morph), t.lemma_) for t in doc] for doc in nlp.pipe(SENTENCES)]


@pytest.fixture(scope="module")
def stock():
    return spacy.load(panj_nlp.MODEL)


def test_panj_pipeline_uses_the_look_ups(nlp):
    assert isinstance(nlp.get_pipe("attribute_ruler").match, FastMatch)
    assert isinstance(nlp.get_pipe("lemmatizer"), FastLemmatizer)


def test_same_annotations_as_the_model_as_shipped(stock):
    fast = spacy.load(panj_nlp.MODEL)
    install(fast)
    assert _annotations(fast) == _annotations(stock)
    assert _annotations(fast) == _annotations(stock)  # and again, answered from what the look-ups remember


def test_same_matches_as_the_matcher(nlp, stock):
    ruler, plain = nlp.get_pipe("attribute_ruler"), stock.get_pipe("attribute_ruler")
    with stock.select_pipes(disable=["attribute_ruler", "lemmatizer", "ner"]):
        docs = list(stock.pipe(SENTENCES))
    assert any(e - s > 1 for doc in docs for _, _, s, e in plain.match(doc))  # a two-token pattern is exercised
    for doc in docs:
        assert ruler.match(doc) == plain.match(doc)


def test_a_ruler_with_operators_keeps_the_matcher(nlp):
    ruler = AttributeRuler(nlp.vocab)
    ruler.add([[{"LOWER": "very", "OP": "+"}, {"TAG": "JJ"}]], {"LEMMA": "quite"})
    assert not install_match(ruler)
    assert "match" not in vars(ruler)
    plain = AttributeRuler(nlp.vocab)
    plain.add([[{"LOWER": {"IN": ["guards", "troops"]}, "TAG": "NNS"}]], {"LEMMA": "force"})
    stock_match = plain.match
    assert install_match(plain)
    doc = nlp.make_doc("The guards left.")
    doc[1].tag_ = "NNS"
    assert plain.match(doc) == stock_match(doc) == [(0, nlp.vocab.strings["0"], 1, 2)]


def test_other_lemmatizers_are_left_alone():
    nlp = spacy.blank("en")
    lookup = nlp.add_pipe("lemmatizer", config={"mode": "lookup"})
    assert not install_lemmatizer(lookup)
    assert type(lookup) is not FastLemmatizer


def test_the_look_ups_pickle_with_the_pipeline(nlp, stock):
    fast = pickle.loads(pickle.dumps(nlp.get_pipe("attribute_ruler").match))
    with stock.select_pipes(disable=["attribute_ruler", "lemmatizer", "ner"]):
        doc = stock(SENTENCES[0])
    assert fast(doc) == stock.get_pipe("attribute_ruler").match(doc)
    lemmatizer = pickle.loads(pickle.dumps(nlp.get_pipe("lemmatizer")))
    assert isinstance(lemmatizer, FastLemmatizer)
