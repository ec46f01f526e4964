"""The semantic fusion signal on a constructed pair, and its vectors kept in the store."""
from __future__ import annotations

from pathlib import Path

import pytest

from panj.fuse import fuse
from panj.fuse.incremental import fuse_store
from panj.semantic import fusion
from panj.semantic.model import embedder, settings
from panj.store import Store

from panj.fuse import SourceDoc
from panj.records import Actor, DateValue, EventMention

TJK = dict(name="Tajikistan", kb_id="tjk", country="TJK", sector="GOV")
KGZ = dict(name="Kyrgyzstan", kb_id="kgz", country="KGZ", sector="GOV")
SOURCES = {"d1": SourceDoc("d1", "Pamir Dispatch", "https://example.org/1", "2022-05-08"),
           "d4": SourceDoc("d4", "Border Desk", "https://example.org/4", "2022-05-20")}


def em(doc: str, actors: list[dict], trigger: str, sentence: str) -> EventMention:
    """An ASSAULT mention dated only by its document's publication (no date evidence), with no place."""
    return EventMention(
        doc_id=doc, sentence=sentence, start=0, end=len(sentence), trigger=trigger, trigger_start=2,
        trigger_end=2 + len(trigger), event_type="ASSAULT", actors=[Actor(text=a["name"], **a) for a in actors],
        recipients=[], date=DateValue(SOURCES[doc].published, SOURCES[doc].published, "day", "", basis="publication"),
        locations=[],
        id=f"em_{doc}", score=-9.5, quad_class="material_conflict", cameo="190")


def _store_with(store: Store, mentions: list[EventMention]) -> None:
    docs = sorted({m.doc_id for m in mentions})
    store.add_documents([{"id": d, "text": "text of " + d, "outlet": SOURCES[d].outlet, "url": SOURCES[d].url,
                          "published": SOURCES[d].published, "credits": []} for d in docs], [])
    store.save_extractions([(d, [], [], [m.to_dict() for m in mentions if m.doc_id == d]) for d in docs])

SAME_A = "Kyrgyz and Tajik border guards exchanged fire near the disputed water intake on the border."
SAME_B = "Guards from Tajikistan and Kyrgyzstan traded gunfire by the contested water distribution point."
OTHER = "Tajikistan and Kyrgyzstan signed a protocol on the demarcation of a railway section."


def pair(second: str):
    # one shared participant and the type (1.5), no date evidence, no place: below the threshold (2.0)
    return [em("d1", [TJK], "exchanged", SAME_A), em("d4", [TJK], "traded", second)]


@pytest.fixture
def fusion_on(monkeypatch):
    monkeypatch.setitem(settings()["fusion"], "enabled", True)


def test_signal_is_bounded():
    cfg = {"high": 0.7, "low": 0.25, "bonus": 0.5, "penalty": 0.4}
    assert fusion.signal(0.9, cfg) == 0.5
    assert fusion.signal(0.5, cfg) == 0.0
    assert fusion.signal(0.1, cfg) == -0.4
    assert fusion.signal(None, cfg) == 0.0


def test_similar_sentences_tip_a_thin_pair_into_one_event(fusion_on, monkeypatch):
    assert fusion.similarity(SAME_A, [SAME_B]) > fusion.similarity(SAME_A, [OTHER])
    monkeypatch.setitem(settings()["fusion"], "high", fusion.similarity(SAME_A, [SAME_B]) - 0.01)
    assert len(fuse(pair(SAME_B), SOURCES)) == 1
    assert len(fuse(pair(OTHER), SOURCES)) == 2


def test_off_the_pair_fuses_as_before_without_touching_the_model(monkeypatch):
    base = fuse(pair(SAME_B), SOURCES)
    monkeypatch.setattr(type(embedder()), "embed", lambda *a, **k: pytest.fail("model used while off"))
    assert fuse(pair(SAME_B), SOURCES) == base
    assert len(base) == 2


def test_vectors_are_stored_once_and_read_back(tmp_path: Path, fusion_on):
    ms = pair(SAME_B)
    with Store(tmp_path / "s.duckdb") as store:
        _store_with(store, ms[:1])
        fuse_store(store)
        model = settings()["model"]["id"]
        from panj.semantic.model import sentence_key

        assert set(store.sentence_vectors([sentence_key(SAME_A)], model)) == {sentence_key(SAME_A)}
        embedder()._cache.clear()
        before = embedder().embedded
        _store_with(store, ms[1:])
        fuse_store(store)
        assert embedder().embedded - before == 1  # only the new sentence; the stored one was read back
