"""The attribute ruler matched by look-up gives what spaCy's Matcher gives, token for token."""
from __future__ import annotations

import pickle

from spacy.pipeline import AttributeRuler

from panj.attribute_rules import FastMatch, install

# sentences of ours that reach the pinned model's exceptions: contractions, auxiliaries, expletive "there",
# negation, pronoun objects, a two-token pattern ("gon na", "let 's"), a regex ("y'all"), whitespace tokens
SENTENCES = [
    "I didn't know that it was gonna rain, y'all, but there are guards on the bridge.",
    "Let's go: the commander ain't coming, and nothin' has changed since the talks.",
    "Border guards said that they had fired on the post because it was attacked.\n\nGive it to me, he told you.",
    "Which posts were shelled? Those that the troops have left, whether or not they're   empty.",
    "She does what she did before; it's the one that was hit, isn't it?",
]


def _stock(ruler: AttributeRuler):
    return type(ruler).match.__get__(ruler)


def test_panj_pipeline_uses_the_look_up(nlp):
    assert isinstance(nlp.get_pipe("attribute_ruler").match, FastMatch)


def test_same_matches_and_same_annotations_as_the_matcher(nlp):
    ruler = nlp.get_pipe("attribute_ruler")
    with nlp.select_pipes(disable=["attribute_ruler", "lemmatizer", "ner"]):
        docs = list(nlp.pipe(SENTENCES))
    for doc in docs:
        assert ruler.match(doc) == _stock(ruler)(doc)
    fast = [[(t.pos_, str(t.morph), t.lemma_) for t in doc] for doc in nlp.pipe(SENTENCES)]
    try:
        del ruler.match  # spaCy's own Matcher again, for the same texts
        stock = [[(t.pos_, str(t.morph), t.lemma_) for t in doc] for doc in nlp.pipe(SENTENCES)]
    finally:
        assert install(ruler)
    assert fast == stock


def test_a_ruler_with_operators_keeps_the_matcher(nlp):
    ruler = AttributeRuler(nlp.vocab)
    ruler.add([[{"LOWER": "very", "OP": "+"}, {"TAG": "JJ"}]], {"LEMMA": "quite"})
    assert not install(ruler)
    assert "match" not in vars(ruler)
    plain = AttributeRuler(nlp.vocab)
    plain.add([[{"LOWER": {"IN": ["guards", "troops"]}, "TAG": "NNS"}]], {"LEMMA": "force"})
    assert install(plain)
    doc = nlp.make_doc("The guards left.")
    doc[1].tag_ = "NNS"
    assert plain.match(doc) == _stock(plain)(doc) != []


def test_the_look_up_pickles_with_the_pipeline(nlp):
    fast = pickle.loads(pickle.dumps(nlp.get_pipe("attribute_ruler").match))
    with nlp.select_pipes(disable=["attribute_ruler", "lemmatizer", "ner"]):
        doc = nlp(SENTENCES[0])
    assert fast(doc) == _stock(nlp.get_pipe("attribute_ruler"))(doc)
