"""The brief tests' store, built by hand: documents (one with a hostile title), events of every status that
needs hedging, one below the confidence threshold, one in the previous week, and an alert.

A module of its own (the fixture is in conftest.py), so that tests import these names without colliding with
another folder's conftest module. Why by hand: the brief's wording is tested on records whose every field we know, independent of extraction.
"""
from __future__ import annotations

import json
from pathlib import Path

from panj.store import Store

HOSTILE = '<script>window.__xss=1</script><img src=x onerror="alert(1)">Border [^9] *report*'
DOCS = {
    "d_claim": dict(title="Group says it fired rockets", outlet="Ledger One", url="https://example.org/1",
                    published="2022-05-08",
                    text="The Northern Front said its fighters fired rockets at a Tajik border post on Saturday. "
                         "Tajik border guards denied that any rockets landed."),
    "d_deny": dict(title="Guards deny", outlet="Second Wire", url="https://example.net/2", published="2022-05-09",
                   text="Tajik border guards denied on Monday that Afghan forces had shelled the post."),
    "d_allege": dict(title=HOSTILE, outlet="Hostile <b>Outlet</b>", url="javascript:alert(1)",
                     published="2022-05-10",
                     text="Afghan troops reportedly crossed the river near Panj, unconfirmed reports said."),
    "d_old": dict(title="Earlier talks", outlet="Ledger One", url="https://example.org/0", published="2022-05-03",
                  text="Tajikistan and Afghanistan held border talks in Dushanbe on Tuesday."),
}
FRONT = {"name": "Northern Front", "text": "The Northern Front", "kb_id": None, "wikidata": None, "country": "AFG",
         "sector": "REB"}
TJK_MIL = {"name": "Tajik Border Troops", "text": "Tajik border guards", "kb_id": "tjk_border", "wikidata": None,
           "country": "TJK", "sector": "MIL"}
AFG_MIL = {"name": "Afghan forces", "text": "Afghan forces", "kb_id": None, "wikidata": None, "country": "AFG",
           "sector": "MIL"}
TJK = {"name": "Tajikistan", "text": "Tajikistan", "kb_id": "tjk", "wikidata": None, "country": "TJK", "sector": "GOV"}
AFG = {"name": "Afghanistan", "text": "Afghanistan", "kb_id": "afg", "wikidata": None, "country": "AFG",
       "sector": "GOV"}
PANJ = {"name": "Panj", "text": "Panj", "country": "TJK", "admin1": "Khatlon", "admin2": None, "lat": 37.24,
        "lon": 69.1, "geonames_id": None, "precision": "point", "role": "site"}


def span(doc: str, words: str) -> tuple[int, int]:
    start = DOCS[doc]["text"].index(words)
    return start, start + len(words)


def claim(doc: str, words: str, stance: str, claimant: dict | None) -> dict:
    s, e = span(doc, words)
    return {"claimant": claimant, "stance": stance, "text": words, "doc_id": doc, "start": s, "end": e,
            "via": [{"name": DOCS[doc]["outlet"], "text": DOCS[doc]["outlet"], "sector": "MED"}]}


def event(eid: str, etype: str, status: str, day: str, actors: list, recipients: list, docs: list[str],
          claims: list[dict], score: float, quad: str, independent: int, confidence: float = 0.9) -> dict:
    return {"id": eid, "event_type": etype, "mode": None, "context": [], "actors": actors, "recipients": recipients,
            "date": {"start": day, "end": day, "granularity": "day", "text": "on Saturday"}, "locations": [PANJ],
            "status": status, "claims": claims,
            "mentions": [{"doc_id": d, "sentence": DOCS[d]["text"], "start": 0, "end": len(DOCS[d]["text"]),
                          "trigger": "x", "trigger_start": 0, "trigger_end": 1, "mention_id": f"m_{eid}_{d}"}
                         for d in docs],
            "sources": [{"doc_id": d, "path": f"{d}.md", "outlet": DOCS[d]["outlet"], "url": DOCS[d]["url"],
                         "published": DOCS[d]["published"]} for d in docs],
            "independent_sources": independent, "score": score, "quad_class": quad, "cameo": None,
            "summary": f"{etype} {status}", "mention_ids": [f"m_{eid}_{d}" for d in docs], "confidence": confidence}


EVENTS = [
    event("e_disputed", "ASSAULT", "disputed", "2022-05-07", [FRONT], [TJK_MIL], ["d_claim", "d_deny"],
          [claim("d_claim", "The Northern Front said its fighters fired rockets at a Tajik border post on Saturday.",
                 "claims", FRONT),
           claim("d_claim", "Tajik border guards denied that any rockets landed.", "denies", TJK_MIL)],
          -10.0, "material_conflict", 2),
    event("e_denied", "ASSAULT", "denied", "2022-05-09", [AFG_MIL], [TJK_MIL], ["d_deny"],
          [claim("d_deny", "Tajik border guards denied on Monday that Afghan forces had shelled the post.",
                 "denies", TJK_MIL)], -9.5, "material_conflict", 1),
    event("e_alleged", "COERCE", "alleged", "2022-05-10", [AFG_MIL], [TJK], ["d_allege"],
          [claim("d_allege", "Afghan troops reportedly crossed the river near Panj, unconfirmed reports said.",
                 "alleges", None)], -5.0, "material_conflict", 1),
    event("e_claimed", "THREATEN", "claimed", "2022-05-11", [FRONT], [TJK], ["d_claim"],
          [claim("d_claim", "The Northern Front said its fighters fired rockets at a Tajik border post on Saturday.",
                 "claims", FRONT)], -4.0, "verbal_conflict", 1),
    event("e_low", "ACCUSE", "asserted", "2022-05-12", [AFG], [TJK], ["d_allege"], [], -2.0, "verbal_conflict", 1,
          confidence=0.2),
    event("e_prev", "CONSULT", "asserted", "2022-05-03", [TJK, AFG], [], ["d_old"], [], 1.0, "verbal_cooperation", 1),
]
ALERT_ID = "al_test0000001"


def build_store(path: Path) -> dict[str, dict]:
    with Store(path) as store:
        store.add_documents([{"id": k, "source_path": f"/data/{k}.md", "language": "en", **v}
                             for k, v in DOCS.items()], [])
        store.replace_events(EVENTS)
        with store.transaction() as con:
            con.execute(
                """INSERT INTO alerts (id, kind, scope, key, metric, period_start, period_end, value, baseline, change,
                   event_ids, detail) VALUES (?, 'surge', 'dyad', 'AFG:TJK', 'conflict', DATE '2022-05-09',
                   DATE '2022-05-15', 2.0, 0.5, 3.0, ?, ?)""",
                [ALERT_ID, ["e_alleged", "e_denied"], json.dumps({"explanation": "surge: 2 weighted conflict events "
                                                                                 "in the week of 2022-05-09"})])
    return {e["id"]: e for e in EVENTS}
