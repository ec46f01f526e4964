"""A small store built by hand for the web tests: four documents (one hostile), their spans, four fused events.

Why by hand: the API and pages are tested on records whose every field we know, independent of extraction.
"""
from __future__ import annotations

from pathlib import Path

import pytest

from panj.store import Store

XSS_TITLE = '<script>window.__xss_title=1</script>Border "report"'
XSS_TEXT = ('Officials in Kabul accused Dushanbe of sheltering fighters <img src=x onerror="window.__xss=1"> '
            'near the river. <script>window.__xss=2</script> The claim could not be verified.')

DOCS = {
    "doc_a": dict(title="Rockets hit border post", outlet="Ledger One", url="https://example.org/ledger/1",
                  published="2022-05-08",
                  text="DUSHANBE, May 8. Militants fired eight rockets at a Tajik border post near Shir Khan Bandar "
                       "on Saturday, officials said. The Islamic State group claimed responsibility for the attack. "
                       "Taliban officials denied that any rockets were fired from Afghan territory."),
    "doc_b": dict(title="Tajik post shelled", outlet="Second Wire", url="https://example.net/wire/77",
                  published="2022-05-09",
                  text="Rockets struck a Tajik frontier post near Shir Khan Bandar, the border service said on Sunday. "
                       "The Islamic State claimed the shelling."),
    "doc_c": dict(title="Dushanbe and Moscow sign accord", outlet="Ledger One", url="https://example.org/ledger/2",
                  published="2021-08-04",
                  text="Tajikistan and Russia agreed on Tuesday to hold joint exercises in Khatlon. Tajikistan will "
                       "call up reservists next week, the defence ministry said."),
    "doc_x": dict(title=XSS_TITLE, outlet="Hostile <b>Outlet</b>", url="javascript:alert(1)", published="2023-01-16",
                  text=XSS_TEXT),
}

ISKP = {"name": "Islamic State – Khorasan Province", "text": "The Islamic State group", "kb_id": "iskp",
        "wikidata": None, "country": "AFG", "sector": "REB"}
TJK_MIL = {"name": "Tajikistan border service", "text": "Tajik border post", "kb_id": "tjk_border", "wikidata": None,
           "country": "TJK", "sector": "MIL"}
TJK = {"name": "Tajikistan", "text": "Tajikistan", "kb_id": "tjk", "wikidata": None, "country": "TJK", "sector": "GOV"}
RUS = {"name": "Russia", "text": "Russia", "kb_id": "rus", "wikidata": None, "country": "RUS", "sector": "GOV"}
TALIBAN = {"name": "Taliban", "text": "Taliban officials", "kb_id": "taliban", "wikidata": None, "country": "AFG",
           "sector": "GOV"}
SHIR_KHAN = {"name": "Shir Khan Bandar", "text": "Shir Khan Bandar", "country": "AFG", "admin1": "Kunduz",
             "admin2": None, "lat": 37.19, "lon": 68.6, "geonames_id": None, "precision": "point", "role": "site"}
KHATLON = {"name": "Khatlon", "text": "Khatlon", "country": "TJK", "admin1": "Khatlon", "admin2": None, "lat": 37.9,
           "lon": 69.0, "geonames_id": None, "precision": "admin1", "role": "site"}
AFGHANISTAN = {"name": "Afghanistan", "text": "Kabul", "country": "AFG", "admin1": None, "admin2": None, "lat": None,
               "lon": None, "geonames_id": None, "precision": "country", "role": "site"}


def span(doc: str, words: str) -> tuple[int, int]:
    start = DOCS[doc]["text"].index(words)
    return start, start + len(words)


def mention(doc: str, sentence: str, trigger: str, event_type: str, status: str, rule: str) -> dict:
    s, e = span(doc, sentence)
    ts, te = span(doc, trigger)
    return {"id": f"m_{doc}_{ts}", "doc_id": doc, "sentence": sentence, "start": s, "end": e, "trigger": trigger,
            "trigger_start": ts, "trigger_end": te, "event_type": event_type, "status": status,
            "rules": [{"rule_id": rule, "start": ts, "end": te, "text": trigger}]}


def claim(doc: str, words: str, stance: str, claimant: dict | None, via: list[dict] | None = None) -> dict:
    s, e = span(doc, words)
    return {"claimant": claimant, "stance": stance, "text": words, "doc_id": doc, "start": s, "end": e,
            "via": via or [], "cue": None, "rule": "test"}


def event(eid: str, etype: str, status: str, day: str, actors: list, recipients: list, places: list,
          mentions: list[dict], claims: list[dict], score: float, quad: str, summary: str, independent: int,
          confidence: float | None = None) -> dict:
    docs = list(dict.fromkeys(m["doc_id"] for m in mentions))
    return {"id": eid, "event_type": etype, "mode": None, "context": [], "actors": actors, "recipients": recipients,
            "date": {"start": day, "end": day, "granularity": "day", "text": "on Saturday"}, "locations": places,
            "status": status, "claims": claims,
            "mentions": [{k: m[k] for k in ("doc_id", "sentence", "start", "end", "trigger", "trigger_start",
                                            "trigger_end", "event_type", "status")} | {"mention_id": m["id"],
                                                                                         "fusion": {"rule": "seed", "evidence": 1.0}}
                         for m in mentions],
            "sources": [{"doc_id": d, "outlet": DOCS[d]["outlet"], "url": DOCS[d]["url"],
                         "published": DOCS[d]["published"]} for d in docs],
            "independent_sources": independent, "score": score, "quad_class": quad, "cameo": None,
            "summary": summary, "mention_ids": [m["id"] for m in mentions], "confidence": confidence}


def build_store(path: Path) -> dict[str, dict]:
    """Write the documents, their spans and the fused events; returns the events by id."""
    m_a = mention("doc_a", "Militants fired eight rockets at a Tajik border post near Shir Khan Bandar on Saturday, "
                           "officials said.", "fired", "ASSAULT", "asserted", "lex.assault.fire")
    m_b = mention("doc_b", "Rockets struck a Tajik frontier post near Shir Khan Bandar, the border service said on "
                           "Sunday.", "struck", "ASSAULT", "asserted", "lex.assault.strike")
    m_c = mention("doc_c", "Tajikistan and Russia agreed on Tuesday to hold joint exercises in Khatlon.", "agreed",
                  "AGREE", "asserted", "lex.agree.agree")
    m_c2 = mention("doc_c", "Tajikistan will call up reservists next week, the defence ministry said.", "call up",
                   "MOBILIZE", "planned", "lex.mobilize.call_up")
    m_x = mention("doc_x", 'Officials in Kabul accused Dushanbe of sheltering fighters <img src=x '
                           'onerror="window.__xss=1"> near the river.', "accused", "ACCUSE", "alleged",
                  "lex.accuse.accuse")
    events = [
        event("evt_assault", "ASSAULT", "disputed", "2022-05-07", [ISKP], [TJK_MIL], [SHIR_KHAN], [m_a, m_b],
              [claim("doc_a", "The Islamic State group claimed responsibility for the attack.", "claims", ISKP),
               claim("doc_a", "Taliban officials denied that any rockets were fired from Afghan territory.",
                     "denies", TALIBAN)],
              -9.5, "material_conflict", "ISKP fired rockets at a Tajik border post (claimed by ISKP, denied by "
                                         "the Taliban)", 2, 0.95),
        event("evt_agree", "AGREE", "asserted", "2021-08-03", [TJK, RUS], [], [KHATLON], [m_c], [], 5.0,
              "verbal_cooperation", "Tajikistan and Russia agreed to hold joint exercises", 1, 0.8),
        event("evt_mobilize", "MOBILIZE", "planned", "2021-08-10", [TJK], [], [KHATLON], [m_c2], [], -2.0,
              "material_conflict", "Tajikistan will call up reservists", 1),
        event("evt_accuse", "ACCUSE", "alleged", "2023-01-15", [TALIBAN], [TJK], [AFGHANISTAN], [m_x], [], -3.0,
              "verbal_conflict", 'Taliban accused Tajikistan <script>window.__xss_summary=1</script>', 1, 0.55),
    ]
    with Store(path) as store:
        store.add_documents([{"id": k, "source_path": f"{k}.md", "language": "en", **v} for k, v in DOCS.items()], [])
        spans = {"doc_a": [("place", "Shir Khan Bandar", SHIR_KHAN), ("actor", "The Islamic State group", ISKP),
                           ("actor", "Taliban officials", TALIBAN), ("time", "on Saturday",
                                                                      {"start": "2022-05-07", "end": "2022-05-07",
                                                                       "granularity": "day"})],
                 "doc_x": [("actor", "Officials in Kabul", TALIBAN), ("place", "Dushanbe", TJK)]}
        by_doc = {"doc_a": [m_a], "doc_b": [m_b], "doc_c": [m_c, m_c2], "doc_x": [m_x]}
        for doc, ems in by_doc.items():
            found = [(kind, *span(doc, words), words, rec) for kind, words, rec in spans.get(doc, [])]
            store.save_extraction(doc, [], found, ems)
        store.replace_events(events)
    return {e["id"]: e for e in events}


@pytest.fixture(scope="session")
def web_store(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("web") / "web.duckdb"
    build_store(path)
    return path


@pytest.fixture(scope="session")
def client(web_store):
    from fastapi.testclient import TestClient

    from panj.web.app import create_app

    with TestClient(create_app(web_store, token="test-token")) as c:
        yield c


@pytest.fixture()
def own_client(tmp_path):
    """A client over a store of its own, for tests that write to the store."""
    from fastapi.testclient import TestClient

    from panj.web.app import create_app

    path = tmp_path / "own.duckdb"
    build_store(path)
    with TestClient(create_app(path, token="test-token")) as c:
        yield c, path


# -- headless Chromium (used by test_browser*.py, which skip first when it is missing) -------------------------
@pytest.fixture(scope="session")
def browser():
    from browser_support import ARGS, CHROMIUM
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        yield b
        b.close()


@pytest.fixture
def page(browser, server):
    """A fresh page that records console errors, failed responses, CSP violations, dialogs and any request
    that leaves the server (the dashboard must work offline)."""
    context = browser.new_context(viewport={"width": 1400, "height": 1000}, accept_downloads=True)
    pg = context.new_page()
    pg.problems = []
    pg.on("console", lambda m: m.type == "error" and "404" not in m.text and pg.problems.append(f"console: {m.text}"))
    pg.on("response", lambda r: r.status >= 400 and pg.problems.append(f"HTTP {r.status}: {r.url}"))
    pg.on("pageerror", lambda e: pg.problems.append(f"page error: {e}"))
    pg.on("dialog", lambda d: (pg.problems.append(f"dialog: {d.message}"), d.dismiss()))
    pg.on("request", lambda r: r.url.startswith(server) or r.url.startswith("data:")
          or pg.problems.append(f"off-site request: {r.url}"))
    yield pg
    context.close()
