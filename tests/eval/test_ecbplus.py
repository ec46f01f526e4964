"""ECB+ reader, systems and scoring on a tiny hand-written corpus in the CAT XML format."""
from __future__ import annotations

from pathlib import Path

import pytest

from panj.eval import ecbplus as E


def _doc(name: str, sentences: list[list[str]], actions: dict[str, list[int]], cross: dict[str, list[str]],
         intra: list[list[str]] = ()) -> str:
    toks, t = [], 1
    for s, words in enumerate(sentences):
        for n, w in enumerate(words):
            toks.append(f'<token t_id="{t}" sentence="{s}" number="{n}">{w}</token>')
            t += 1
    marks = [f'<ACTION_OCCURRENCE m_id="{m}">' + "".join(f'<token_anchor t_id="{i}"/>' for i in ids)
             + "</ACTION_OCCURRENCE>" for m, ids in actions.items()]
    marks.append('<ACTION_OCCURRENCE m_id="99" RELATED_TO="" TAG_DESCRIPTOR="x" instance_id="ACT1"/>')
    rels = [f'<CROSS_DOC_COREF r_id="{k}" note="{note}">' + "".join(f'<source m_id="{m}"/>' for m in ms)
            + '<target m_id="99"/></CROSS_DOC_COREF>' for k, (note, ms) in enumerate(cross.items())]
    rels += [f'<INTRA_DOC_COREF r_id="i{k}">' + "".join(f'<source m_id="{m}"/>' for m in ms[:-1])
             + f'<target m_id="{ms[-1]}"/></INTRA_DOC_COREF>' for k, ms in enumerate(intra)]
    return (f'<Document doc_name="{name}.xml" doc_id="D">' + "".join(toks) + "<Markables>" + "".join(marks)
            + "</Markables><Relations>" + "".join(rels) + "</Relations></Document>")


@pytest.fixture()
def corpus(tmp_path: Path) -> Path:
    top = tmp_path / "dev" / "7"
    top.mkdir(parents=True)
    # doc 1: "Rebels attacked the post . Guards repelled the attack ." + an unvalidated sentence
    (top / "7_1ecb.xml").write_text(_doc(
        "7_1ecb",
        [["Rebels", "attacked", "the", "post", "."], ["Guards", "repelled", "the", "attack", "."],
         ["Nobody", "attacked", "again", "."]],
        {"1": [2], "2": [7], "3": [9], "4": [12]}, {"ACT_ATTACK": ["1"]}, intra=[["1", "3"]]), encoding="utf-8")
    (top / "7_2ecb.xml").write_text(_doc(
        "7_2ecb", [["Militants", "attacked", "a", "border", "post", "."]], {"1": [2]},
        {"ACT_ATTACK": ["1"]}), encoding="utf-8")
    (tmp_path / "ECBplus_coreference_sentences.csv").write_text(
        "Topic,File,Sentence Number\n7,1ecb,0\n7,1ecb,1\n7,2ecb,0\n", encoding="utf-8")
    return tmp_path


def test_reader_keeps_validated_sentences_and_cluster_ids(corpus: Path):
    docs, mentions = E.load_split(corpus, "dev")
    assert set(docs) == {"7_1ecb", "7_2ecb"}
    got = {m.key: m.gold for m in mentions}
    assert "7_1ecb:4" not in got  # sentence 2 of 7_1ecb is not validated
    assert got["7_1ecb:1"] == got["7_2ecb:1"] == "ACT_ATTACK"  # cross-document cluster
    assert got["7_1ecb:3"] == "ACT_ATTACK"  # joined through its within-document chain
    assert got["7_1ecb:2"].startswith("7_1ecb#single")


def test_systems_and_scores(corpus: Path, nlp):
    docs, mentions = E.load_split(corpus, "dev")
    E.annotate(docs, mentions)
    lemmas = {m.key: m.head_lemma for m in mentions}
    assert lemmas["7_1ecb:1"] == lemmas["7_2ecb:1"] == "attack"
    lemma = E.lemma_baseline(mentions)
    assert {"7_1ecb:1", "7_2ecb:1", "7_1ecb:3"} in lemma  # "attacked" and "attack" share a lemma
    key = E.gold_clusters(mentions)
    perfect = E.score(key, key)
    assert perfect["conll"] == pytest.approx(100.0)
    split = E.score(key, [{m.key} for m in mentions])
    assert split["b3_p"] == pytest.approx(100.0) and split["conll"] < 100.0
    fused = E.fuse_system(docs, mentions, doc_threshold=0.06)
    # fuse only refines the lemma blocks: every fused cluster lies inside one lemma cluster
    assert all(any(c <= block for block in lemma) for c in fused)
    assert {m.key for c in fused for m in mentions if m.key in c} == {m.key for m in mentions}


def test_dev_counts_match_the_release(shared_dir: Path):
    root = shared_dir / "bench" / "ecbplus-dev"
    if not root.exists():
        pytest.skip("ECB+ bench not present")
    docs, mentions = E.load_split(root, "dev")
    key = E.gold_clusters(mentions)
    assert (len(docs), len(mentions), len(key), sum(len(k) == 1 for k in key)) == (197, 1245, 409, 280)
