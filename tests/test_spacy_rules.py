"""The cached attribute ruler and lemmatizer give the shipped components' output, token for token."""
from __future__ import annotations

from pathlib import Path

import pytest
import spacy
from spacy.attrs import DEP, ENT_IOB, ENT_TYPE, HEAD, LEMMA, MORPH, POS, TAG

from panj import nlp as panj_nlp
from panj.spacy_rules import compile_ruler, speed_up

DEMO = Path(panj_nlp.__file__).parent / "data" / "demo"
# sentences that reach the ruler's rarer rules: two-token rules ("ai n't", "gon na", "let 's", "there is"), a regular
# expression ("nothin'"), pronoun case by dependency, space tokens, auxiliaries and a determiner used as a pronoun
RARE = [
    "Y'all ain't seen nothin' yet, and there is more: I told you it would come, and they gave it to me.",
    "Gonna be a long night.  Let's   go.\n\n\nThat was what they did, whether or not it's true.",
    "The guards have done that before; those who do are few. Ya ain't gotta believe it, but we're here!",
]


@pytest.fixture(scope="module")
def pipelines():
    return spacy.load(panj_nlp.MODEL), speed_up(spacy.load(panj_nlp.MODEL))


def _texts() -> list[str]:
    return RARE + [p.read_text("utf-8") for p in sorted(DEMO.glob("*.md"))]


def test_the_cached_components_replace_the_shipped_ones(pipelines):
    shipped, fast = pipelines
    assert "attribute_ruler" in shipped.pipe_names and "lemmatizer" in shipped.pipe_names
    assert [n for n in fast.pipe_names if n.startswith("panj_")] == ["panj_attribute_ruler", "panj_lemmatizer"]
    assert fast.pipe_names.index("panj_attribute_ruler") == shipped.pipe_names.index("attribute_ruler")
    assert "panj_attribute_ruler" in panj_nlp.load().pipe_names


def test_same_tags_parts_of_speech_morphology_lemmas_and_entities(pipelines):
    shipped, fast = pipelines
    columns = [TAG, POS, MORPH, LEMMA, DEP, HEAD, ENT_IOB, ENT_TYPE]
    texts = _texts()
    assert len(texts) > 10
    for a, b in zip(shipped.pipe(texts), fast.pipe(texts)):
        assert (a.to_array(columns) == b.to_array(columns)).all()
        assert [(t.lemma_, str(t.morph), t.pos_) for t in a] == [(t.lemma_, str(t.morph), t.pos_) for t in b]
    rare = fast(RARE[0] + " " + RARE[1])  # lemmas that only the ruler gives, two of them to a token's neighbour
    assert [t.lemma_ for t in rare if t.lower_ in ("ai", "nothin'", "gon", "na", "'s")] == [
        "be", "nothing", "go", "to", "us", "be"]


def test_the_same_again_with_warm_caches(pipelines):
    shipped, fast = pipelines
    text = RARE[0] + " " + RARE[2]
    for _ in range(2):
        a, b = shipped(text), fast(text)
        assert [(t.lemma_, str(t.morph), t.pos_, t.dep_) for t in a] == [(t.lemma_, str(t.morph), t.pos_, t.dep_)
                                                                         for t in b]
    assert len(fast("")) == 0


def test_a_pattern_it_cannot_compile_keeps_the_shipped_ruler():
    nlp = spacy.load(panj_nlp.MODEL)
    ruler = nlp.get_pipe("attribute_ruler")
    assert compile_ruler(ruler) is not None
    ruler.add([[{"LOWER": "border"}, {"IS_PUNCT": True, "OP": "?"}]], {"LEMMA": "frontier"})
    assert compile_ruler(ruler) is None
    assert "attribute_ruler" in speed_up(nlp).pipe_names
