"""What the corrections tests share: constructed documents and mentions (no parsing) whose mentions fuse into
known events, saved as the pipeline saves them."""
from __future__ import annotations

from pathlib import Path

from panj.fuse.incremental import fuse_store
from panj.records import Actor, DateValue, EventMention, Place
from panj.store import Store

ISKP = dict(name="Islamic State – Khorasan Province", kb_id="iskp", country="AFG", sector="REB")
TJK = dict(name="Tajikistan", kb_id="tjk", country="TJK", sector="GOV")
RUS = dict(name="Russia", kb_id="rus", country="RUS", sector="GOV")
TAKHAR = dict(name="Takhar", precision="admin1", country="AFG", admin1="Takhar", lat=36.7, lon=69.5)
DOCS = {  # id: (outlet, published)
    "doc_a": ("Ledger One", "2022-05-08"), "doc_b": ("Second Wire", "2022-05-09"),
    "doc_c": ("Ledger One", "2022-06-02"), "doc_d": ("Third Post", "2022-05-10"),
    "doc_e": ("Fourth Daily", "2022-05-11"),
}


def mention(doc: str, n: int, event_type: str, actors: list[dict], recipients: list[dict], day: str,
            places: list[dict] = (), status: str = "asserted", score: float = -9.0,
            quad: str = "material_conflict") -> EventMention:
    sentence = f"Sentence {n} of {doc}, written for the corrections tests."
    at = n * 100
    return EventMention(doc_id=doc, sentence=sentence, start=at, end=at + len(sentence), trigger="struck",
                        trigger_start=at + 2, trigger_end=at + 8, event_type=event_type,
                        actors=[Actor(text=a["name"], **a) for a in actors],
                        recipients=[Actor(text=a["name"], **a) for a in recipients],
                        date=DateValue(day, day, "day", "on that day"),
                        locations=[Place(text=p["name"], **p) for p in places], status=status,
                        id=f"em_{doc}_{n}", score=score, quad_class=quad, cameo="190")


def corpus() -> list[EventMention]:
    """doc_a and doc_b report one assault; doc_c a consultation; doc_d a second, distinct assault (other day)."""
    return [
        mention("doc_a", 1, "ASSAULT", [ISKP], [TJK], "2022-05-07", [TAKHAR]),
        mention("doc_b", 1, "ASSAULT", [ISKP], [TJK], "2022-05-07", [TAKHAR]),
        mention("doc_c", 1, "CONSULT", [TJK, RUS], [], "2022-06-01", score=1.0, quad="verbal_cooperation"),
        mention("doc_d", 1, "ASSAULT", [ISKP], [TJK], "2022-05-03", [TAKHAR]),
    ]


def save(store: Store, mentions: list[EventMention]) -> None:
    docs = sorted({m.doc_id for m in mentions})
    store.add_documents([{"id": d, "text": "text of " + d, "outlet": DOCS[d][0], "published": DOCS[d][1],
                          "source_path": f"{d}.txt"} for d in docs], [])
    store.save_extractions([(d, [], [], [m.to_dict() for m in mentions if m.doc_id == d]) for d in docs])


def event_of(store: Store, mention_id: str) -> dict:
    return next(r for r in store.event_records() if mention_id in r["mention_ids"])
