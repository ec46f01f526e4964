"""The pinned sentence-embedding model on sentences written for these tests."""
from __future__ import annotations

import numpy as np
import pytest

from panj.semantic.model import DIM, Embedder, ModelUnavailable, _pinned_file, cosine, embedder, sentence_key


def test_similar_sentences_are_closer_than_unrelated_ones():
    a, b, c = embedder().embed([
        "Border guards of Ruritania opened fire on a Bordurian checkpoint.",
        "Ruritanian soldiers shot at a frontier post of Borduria.",
        "The football club signed a new goalkeeper for the season.",
    ])
    assert a.shape == (DIM,)
    assert cosine(a, b) > 0.5
    assert cosine(a, c) < 0.2
    assert cosine(a, b) > cosine(a, c) + 0.3


def test_vectors_are_unit_length_and_do_not_depend_on_the_batch():
    emb = Embedder()
    text = "The ministers of Syldavia and Borduria met in the capital for talks."
    alone = emb.embed([text])[0]
    emb2 = Embedder()
    batched = emb2.embed(["Short one.", text, "A much longer sentence about troops, trucks and artillery "
                                               "moved towards the border over several nights in a row."])[1]
    assert abs(float(np.linalg.norm(alone)) - 1.0) < 1e-4
    assert cosine(alone, batched) > 0.999


def test_each_sentence_is_embedded_once():
    emb = Embedder()
    emb.embed(["Protesters marched in the capital.", "Protesters  marched in the capital."])  # same after spaces
    assert emb.embedded == 1
    emb.embed(["Protesters marched in the capital.", "The army withdrew from the town."])
    assert emb.embedded == 2
    assert sentence_key("a  b\n c") == sentence_key("a b c")


def test_a_file_that_differs_from_its_pin_is_refused():
    spec = dict(embedder().cfg["tokenizer"], sha256="0" * 64)
    with pytest.raises(ModelUnavailable, match="not the pinned"):
        _pinned_file(spec)
    with pytest.raises(ModelUnavailable, match="not installed"):
        _pinned_file({"distribution": "no-such-panj-model", "file": "x", "sha256": "0"})
