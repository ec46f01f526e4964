"""A small store written by hand for the library's tests: three documents, their event mentions and claims, four
fused events whose every field we know (one below the default confidence threshold, one never scored)."""
from __future__ import annotations

from pathlib import Path

import pytest

from panj.store import Store

DOCS = {
    "doc_a": dict(title="Rockets hit border post", outlet="Ledger One", url="https://example.org/ledger/1",
                  published="2022-05-08",
                  text="Militants fired rockets at a border post near Fort Alder on Saturday. "
                       "The Northern Front claimed the attack. Officials in Varn denied it."),
    "doc_b": dict(title="Post shelled", outlet="Second Wire", url="https://example.net/wire/7", published="2022-05-09",
                  text="Rockets struck a frontier post near Fort Alder, the border service said."),
    "doc_c": dict(title="Accord signed", outlet="Ledger One", url="https://example.org/ledger/2",
                  published="2021-08-04",
                  text="Tajikistan and Russia agreed on Tuesday to hold joint exercises. Officials in Varn accused "
                       "Tajikistan of shelling. Tajikistan will call up reservists."),
}
FRONT = {"name": "Northern Front", "text": "The Northern Front", "kb_id": "front", "wikidata": None,
         "country": "AFG", "sector": "REB"}
GUARDS = {"name": "Border service", "text": "border post", "kb_id": "tjk_guards", "wikidata": None,
          "country": "TJK", "sector": "MIL"}
TJK = {"name": "Tajikistan", "text": "Tajikistan", "kb_id": "tjk", "wikidata": "Q863", "country": "TJK",
       "sector": "GOV"}
RUS = {"name": "Russia", "text": "Russia", "kb_id": "rus", "wikidata": "Q159", "country": "RUS", "sector": "GOV"}
VARN = {"name": "Varn officials", "text": "Officials in Varn", "kb_id": None, "wikidata": None, "country": "AFG",
        "sector": "GOV"}
FORT = {"name": "Fort Alder", "text": "Fort Alder", "country": "AFG", "admin1": "Kunduz", "admin2": None,
        "lat": 37.19, "lon": 68.6, "geonames_id": 123, "precision": "point", "role": "site"}
KHATLON = {"name": "Khatlon", "text": "Khatlon", "country": "TJK", "admin1": "Khatlon", "admin2": None, "lat": 37.9,
           "lon": 69.0, "geonames_id": None, "precision": "admin1", "role": "site"}
NOWHERE = {"name": "Afghanistan", "text": "Varn", "country": "AFG", "admin1": None, "admin2": None, "lat": None,
           "lon": None, "geonames_id": None, "precision": "country", "role": "site"}


def _span(doc: str, words: str) -> tuple[int, int]:
    start = DOCS[doc]["text"].index(words)
    return start, start + len(words)


def _mention(mid: str, doc: str, sentence: str, trigger: str, etype: str, status: str, day: str,
             claims: list[dict] | None = None) -> dict:
    s, e = _span(doc, sentence)
    ts, te = _span(doc, trigger)
    return {"id": mid, "doc_id": doc, "sentence": sentence, "start": s, "end": e, "trigger": trigger,
            "trigger_start": ts, "trigger_end": te, "event_type": etype, "mode": None, "status": status,
            "date": {"start": day, "end": day, "granularity": "day", "text": "on Saturday"}, "actors": [],
            "recipients": [], "locations": [], "claims": claims or [], "context": [], "score": -9.0,
            "rules": [{"rule_id": f"test.{etype.lower()}", "start": ts, "end": te, "text": trigger}]}


def _claim(doc: str, words: str, stance: str, claimant: dict | None) -> dict:
    s, e = _span(doc, words)
    return {"claimant": claimant, "stance": stance, "text": words, "doc_id": doc, "start": s, "end": e,
            "via": [{"name": DOCS[doc]["outlet"], "text": DOCS[doc]["outlet"], "sector": "MED"}], "cue": None,
            "rule": "test"}


def _event(eid, etype, status, day, actors, recipients, places, mentions, sources, confidence, score):
    return {"id": eid, "event_type": etype, "mode": None, "context": ["border"], "actors": actors,
            "recipients": recipients, "date": {"start": day, "end": day, "granularity": "day", "text": "on Tuesday",
                                               "basis": "text"},
            "locations": places, "status": status, "claims": [c for m in mentions for c in m["claims"]],
            "mentions": [{k: m[k] for k in ("doc_id", "sentence", "start", "end", "trigger", "trigger_start",
                                            "trigger_end", "status")} | {"mention_id": m["id"]} for m in mentions],
            "sources": [{"doc_id": d, "path": f"{d}.md", "outlet": DOCS[d]["outlet"], "url": DOCS[d]["url"],
                         "published": DOCS[d]["published"]} for d in sources],
            "independent_sources": len(sources), "score": score, "quad_class": "material_conflict" if score < 0
            else "verbal_cooperation", "cameo": None, "summary": f"{etype.lower()} {eid}",
            "mention_ids": [m["id"] for m in mentions], "confidence": confidence}


def build(path: Path) -> dict[str, dict]:
    """Write the store; returns the events by id."""
    m_a = _mention("em_a", "doc_a", "Militants fired rockets at a border post near Fort Alder on Saturday.", "fired",
                   "ASSAULT", "claimed", "2022-05-07",
                   [_claim("doc_a", "The Northern Front claimed the attack.", "claims", FRONT),
                    _claim("doc_a", "Officials in Varn denied it.", "denies", VARN)])
    m_b = _mention("em_b", "doc_b", "Rockets struck a frontier post near Fort Alder, the border service said.",
                   "struck", "ASSAULT", "asserted", "2022-05-07")
    m_c = _mention("em_c", "doc_c", "Tajikistan and Russia agreed on Tuesday to hold joint exercises.", "agreed",
                   "AGREE", "asserted", "2021-08-03")
    m_d = _mention("em_d", "doc_c", "Officials in Varn accused Tajikistan of shelling.", "accused", "ACCUSE",
                   "alleged", "2021-08-04")
    m_e = _mention("em_e", "doc_c", "Tajikistan will call up reservists.", "call up", "MOBILIZE", "planned",
                   "2021-08-10")
    events = [
        _event("evt_assault", "ASSAULT", "disputed", "2022-05-07", [FRONT], [GUARDS], [FORT], [m_a, m_b],
               ["doc_a", "doc_b"], 0.95, -10.0),
        _event("evt_agree", "AGREE", "asserted", "2021-08-03", [TJK, RUS], [], [KHATLON], [m_c], ["doc_c"], 0.8, 4.0),
        _event("evt_accuse", "ACCUSE", "alleged", "2021-08-04", [VARN], [TJK], [NOWHERE], [m_d], ["doc_c"], 0.3,
               -3.0),
        _event("evt_mobilize", "MOBILIZE", "planned", "2021-08-10", [TJK], [], [KHATLON], [m_e], ["doc_c"], None,
               -2.0),
    ]
    with Store(path) as store:
        store.add_documents([{"id": k, "source_path": f"{k}.md", "language": "en", **v} for k, v in DOCS.items()], [])
        for doc, ems in {"doc_a": [m_a], "doc_b": [m_b], "doc_c": [m_c, m_d, m_e]}.items():
            store.save_extraction(doc, [], [], ems)
        store.replace_events(events)
    return {e["id"]: e for e in events}


@pytest.fixture(scope="module")
def hand_store(tmp_path_factory) -> tuple[Path, dict[str, dict]]:
    path = tmp_path_factory.mktemp("library") / "hand.duckdb"
    return path, build(path)
