"""Blocking and incremental fusion: the index never changes a result, and batches equal one run from scratch.

A few hundred synthetic mentions with varied types, dates (days, weeks, months, parts of periods, publication
stand-ins, none), actors (known, parent/child, organisation members, country-only, vague) and places; fused
exhaustively, with the index, batch by batch in memory, and batch by batch through a store."""
from __future__ import annotations

import json
import random
from datetime import date, timedelta
from pathlib import Path

from panj.fuse import SourceDoc, fuse
from panj.fuse.incremental import fuse_store
from panj.records import Actor, DateValue, EventMention, Place
from panj.store import Store

ACTORS = [
    dict(name="Islamic State – Khorasan Province", kb_id="iskp", country="AFG", sector="REB"),
    dict(name="Islamic State", kb_id="islamic_state", country=None, sector="REB"),
    dict(name="Tajikistan", kb_id="tjk", country="TJK", sector="GOV"),
    dict(name="Taliban", kb_id="taliban", country="AFG", sector="GOV"),
    dict(name="Russia", kb_id="rus", country="RUS", sector="GOV"),
    dict(name="Kyrgyzstan", kb_id="kgz", country="KGZ", sector="GOV"),
    dict(name="CSTO", kb_id="csto", country=None, sector="IGO"),
    dict(name="Tajik border guards", kb_id=None, country="TJK", sector="MIL"),
    dict(name="militants", kb_id=None, country=None, sector=None),
    dict(name="Jamoat elders", kb_id=None, country=None, sector=None),
]
PLACES = [
    dict(name="Takhar", precision="admin1", country="AFG", admin1="Takhar"),
    dict(name="Khawaja Ghar", precision="admin2", country="AFG", admin1="Takhar", admin2="Khawaja Ghar"),
    dict(name="Kunduz", precision="admin1", country="AFG", admin1="Kunduz"),
    dict(name="Afghanistan", precision="country", country="AFG"),
    dict(name="Tajikistan", precision="country", country="TJK"),
    dict(name="Batken", precision="admin1", country="KGZ", admin1="Batken"),
    dict(name="Central Asia", precision="region", country=None),
]
TYPES = ["ASSAULT", "ASSAULT", "COERCE", "CONSULT", "THREATEN", "ACCUSE", "AID", "COOPERATE"]
TRIGGERS = ["fired", "attack", "clashed", "met", "warned", "accused", "sent aid"]
START = date(2022, 3, 1)
SENTENCES = ["Rockets were fired across the river from Takhar Province towards the Tajik border posts overnight.",
             "Officials in Dushanbe said the talks with Kyrgyz counterparts on the disputed border would continue.",
             "A short line.", ""]


def _date(rng: random.Random, published: date) -> DateValue | None:
    kind = rng.choice(["day", "day", "week", "month", "part", "publication", "none", "none", "year"])
    d = published - timedelta(days=rng.randint(0, 40))
    if kind == "none":
        return None
    if kind == "publication":
        return DateValue(published.isoformat(), published.isoformat(), "day", "", basis="publication")
    if kind == "day":
        return DateValue(d.isoformat(), d.isoformat(), "day", "on that day")
    if kind == "week":
        return DateValue(d.isoformat(), (d + timedelta(days=6)).isoformat(), "week", "that week")
    if kind == "year":
        return DateValue(f"{d.year}-01-01", f"{d.year}-12-31", "year", "that year")
    end = (d.replace(day=28) + timedelta(days=4)).replace(day=1) - timedelta(days=1)
    rule = "mod:early+month_year" if kind == "part" else None
    return DateValue(d.replace(day=1).isoformat(), end.isoformat(), "month", "that month", rule=rule)


def stream(n_docs: int = 60, seed: int = 7) -> tuple[list[EventMention], dict[str, SourceDoc]]:
    """Documents published one after another (a few on the same day), each with a few mentions."""
    rng = random.Random(seed)
    sources: dict[str, SourceDoc] = {}
    mentions: list[EventMention] = []
    for i in range(n_docs):
        doc = f"doc{i:03d}"
        published = START + timedelta(days=i // 2 * 3)
        outlet = rng.choice(["Reuters", "AFP", "Asia-Plus", "Ozodi", "Pamir Dispatch"])
        sources[doc] = SourceDoc(doc, outlet, f"https://example.org/{doc}", published.isoformat(),
                                 credits=["Reuters"] if rng.random() < 0.2 else [])
        for j in range(rng.randint(2, 7)):
            actors = rng.sample(ACTORS, rng.choice([0, 1, 1, 2]))
            recipients = rng.sample([a for a in ACTORS if a not in actors], rng.choice([0, 1, 1]))
            places = rng.sample(PLACES, rng.choice([0, 1, 1, 2]))
            sentence = rng.choice(SENTENCES) or f"Sentence {i}.{j} written for this test about some event."
            at = j * 200
            trigger = rng.choice(TRIGGERS)
            mentions.append(EventMention(
                doc_id=doc, sentence=sentence, start=at, end=at + len(sentence), trigger=trigger,
                trigger_start=at + 2, trigger_end=at + 2 + len(trigger), event_type=rng.choice(TYPES),
                actors=[Actor(text=a["name"], **a) for a in actors],
                recipients=[Actor(text=a["name"], **a) for a in recipients], date=_date(rng, published),
                locations=[Place(text=p["name"], role=rng.choice(["site", "site", "origin"]), **p) for p in places],
                status=rng.choice(["asserted", "claimed", "denied"]), id=f"em_{doc}_{j}", score=-5.0,
                quad_class="material_conflict", cameo="190"))
    return mentions, sources


def dump(events: list[dict]) -> str:
    return json.dumps(sorted(events, key=lambda e: e["id"]), sort_keys=True, default=str)


def batches(mentions: list[EventMention], n: int) -> list[list[EventMention]]:
    docs = sorted({m.doc_id for m in mentions})
    size = -(-len(docs) // n)
    return [[m for m in mentions if m.doc_id in set(docs[i:i + size])] for i in range(0, len(docs), size)]


def test_blocking_never_changes_the_result():
    for seed in (7, 11, 23):
        mentions, sources = stream(60, seed)
        assert len(mentions) > 200
        exhaustive = fuse(mentions, sources, blocking=False)
        assert dump(fuse(mentions, sources)) == dump(exhaustive)
        assert 0 < len(exhaustive) < len(mentions)  # some mentions did fuse


def test_batches_in_memory_equal_one_run():
    mentions, sources = stream(60, 5)
    scratch = fuse(mentions, sources)
    events: list[dict] = []
    for part in batches(mentions, 6):
        events = fuse(part, sources, existing=events)
    assert dump(events) == dump(scratch)


def _store_with(store: Store, mentions: list[EventMention], sources: dict[str, SourceDoc]) -> None:
    """Documents and their extracted mentions, saved as the pipeline saves them (no parsing)."""
    docs = sorted({m.doc_id for m in mentions})
    store.add_documents([{"id": d, "text": "text of " + d, "outlet": sources[d].outlet, "url": sources[d].url,
                          "published": sources[d].published, "credits": sources[d].credits} for d in docs], [])
    for m in mentions:
        m.id = m.id  # ids are given
    store.save_extractions([(d, [], [], [m.to_dict() for m in mentions if m.doc_id == d]) for d in docs])


def _stored(store: Store) -> str:
    return dump(store.event_records())


def test_batches_through_the_store_equal_one_run(tmp_path: Path):
    mentions, sources = stream(60, 3)
    with Store(tmp_path / "scratch.duckdb") as one, Store(tmp_path / "stream.duckdb") as store:
        _store_with(one, mentions, sources)
        report = fuse_store(one)
        scratch = _stored(one)
        assert report.changed == {e["id"] for e in one.event_records()} and not report.removed
        for part in batches(mentions, 5):
            _store_with(store, part, sources)
            before = {e["id"]: json.dumps(e, sort_keys=True) for e in store.event_records()}
            rows_before = dict(store.con.execute("SELECT id, record FROM events").fetchall())
            report = fuse_store(store)
            after = {e["id"]: json.dumps(e, sort_keys=True) for e in store.event_records()}
            # exactly the events that differ were written; the others' rows are untouched
            assert report.changed == {i for i in after if before.get(i) != after[i]}
            assert report.changed and report.candidates < len(after)
            rows_after = dict(store.con.execute("SELECT id, record FROM events").fetchall())
            assert all(rows_after[i] == rows_before[i] for i in rows_before if i not in report.changed)
        assert _stored(store) == scratch
        assert not fuse_store(store).changed  # nothing new: nothing written
        # the typed side rows the API reads follow every upsert, as if written from scratch
        side = "SELECT event_id, ord, role, key, label FROM event_actors ORDER BY ALL"
        places = "SELECT event_id, ord, key, is_main FROM event_places ORDER BY ALL"
        assert store.con.execute(side).fetchall() == one.con.execute(side).fetchall() != []
        assert store.con.execute(places).fetchall() == one.con.execute(places).fetchall() != []
        links = store.con.execute("SELECT count(*) FROM event_links").fetchone()[0]
        assert links == len(mentions)


def test_blocking_through_the_store_matches_the_exhaustive_lookup(tmp_path: Path):
    for seed in (9, 7):
        mentions, sources = stream(40, seed)
        results = []
        for blocking in (True, False):
            with Store(tmp_path / f"b{blocking}{seed}.duckdb") as store:
                for part in batches(mentions, 4):
                    _store_with(store, part, sources)
                    fuse_store(store, blocking=blocking)
                results.append(_stored(store))
        assert results[0] == results[1]


def test_copies_found_across_batches(tmp_path: Path):
    """A later document repeating an earlier one's event sentences folds into it, across batches too."""
    long = [f"Sentence number {i} of a wire story about the border clash, long enough to be compared." for i in range(3)]
    sources = {d: SourceDoc(d, o, None, p) for d, o, p in (("a", "Wire", "2022-05-01"), ("b", "Daily", "2022-05-02"))}
    tjk = Actor(text="Tajikistan", name="Tajikistan", kb_id="tjk", country="TJK")
    ms = [EventMention(doc_id=d, sentence=s, start=i * 100, end=i * 100 + len(s), trigger="clash",
                       trigger_start=i * 100, trigger_end=i * 100 + 5, event_type="ASSAULT", actors=[tjk],
                       date=DateValue("2022-04-30", "2022-04-30", "day", "on Saturday"), id=f"em_{d}_{i}")
          for d in "ab" for i, s in enumerate(long)]
    with Store(tmp_path / "one.duckdb") as one, Store(tmp_path / "two.duckdb") as two:
        _store_with(one, ms, sources)
        fuse_store(one)
        _store_with(two, ms[:3], sources)
        fuse_store(two)
        _store_with(two, ms[3:], sources)
        fuse_store(two)
        assert _stored(one) == _stored(two)
        assert two.copy_links(["b"]) == {"b": "a"}
        assert {e["independent_sources"] for e in two.event_records()} == {1}


def test_an_old_store_is_indexed_once(tmp_path: Path):
    """A store whose events were written before the index existed is indexed by its next fusion."""
    mentions, sources = stream(20, 4)
    first, second = batches(mentions, 2)
    with Store(tmp_path / "s.duckdb") as store:
        _store_with(store, first, sources)
        store.replace_events(fuse(first, sources))
        assert store.fusion_index_stale()
        _store_with(store, second, sources)
        fuse_store(store)
        assert not store.fusion_index_stale()
        assert _stored(store) == dump(fuse(mentions, sources))


def _report(doc: str, actors: list[dict], recipients: list[dict], places: list[dict], year: int | None = 2021
            ) -> EventMention:
    """An attack reported in one sentence, dated by a year (None: undated)."""
    sentence = f"Forces of {doc} attacked positions in the border area in {year or 'recent days'}."
    return EventMention(
        doc_id=doc, sentence=sentence, start=0, end=len(sentence), trigger="attacked", trigger_start=10,
        trigger_end=18, event_type="ASSAULT", actors=[Actor(text=a["name"], **a) for a in actors],
        recipients=[Actor(text=a["name"], **a) for a in recipients],
        date=DateValue(f"{year}-01-01", f"{year}-12-31", "year", f"in {year}") if year else None,
        locations=[Place(text=p["name"], role="site", **p) for p in places], id=f"em_{doc}_0",
        quad_class="material_conflict")


def _sources(docs: str, first: date) -> dict[str, SourceDoc]:
    return {d: SourceDoc(d, "Outlet " + d, None, (first + timedelta(days=i)).isoformat()) for i, d in enumerate(docs)}


def test_a_coarse_report_meets_its_coarse_partner_through_a_shared_key(tmp_path: Path):
    """Year-dated reports merge only with participant or place evidence, so the store is asked only for events
    of that year that share a participant or place key: the partner is found, an unrelated clash of the same
    year is not even loaded, and the result is the exhaustive one."""
    tjk, taliban, kgz, militants = ACTORS[2], ACTORS[3], ACTORS[5], ACTORS[8]
    sources = _sources("abc", date(2022, 2, 1))
    stored = [_report("a", [tjk], [taliban], [PLACES[0]]), _report("b", [kgz], [militants], [PLACES[5]])]
    later = _report("c", [tjk], [taliban], [PLACES[1]])  # Khawaja Ghar, inside Takhar
    with Store(tmp_path / "s.duckdb") as store:
        _store_with(store, stored, sources)
        fuse_store(store)
        assert len(store.event_records()) == 2
        _store_with(store, [later], sources)
        report = fuse_store(store)
        assert report.candidates == 1  # the Kyrgyz clash shares no key with it (Tajik border guards would)
        events = store.event_records()
        assert sorted(len(e["mentions"]) for e in events) == [1, 2]
        assert dump(events) == dump(fuse(stored + [later], sources, blocking=False))


def test_the_shared_key_may_come_from_a_member_other_than_the_dated_one(tmp_path: Path):
    """An event dated only by a year-dated report (Kyrgyz forces against militants in Batken) that an undated
    report joined (Kyrgyz forces against Tajikistan in Batken): a later undated report of an attack on Tajikistan
    shares a key only with the undated member, which is the one it scores with; the dated one anchors it in
    time (cluster.anchored). Keys are kept per event, so the store still finds it."""
    tjk, kgz, militants = ACTORS[2], ACTORS[5], ACTORS[8]
    sources = _sources("abc", date(2022, 3, 1))
    stored = [_report("a", [kgz], [militants], [PLACES[5]], 2022), _report("b", [kgz], [tjk], [PLACES[5]], None)]
    later = _report("c", [], [tjk], [], None)
    with Store(tmp_path / "s.duckdb") as store:
        _store_with(store, stored, sources)
        fuse_store(store)
        assert [len(e["mentions"]) for e in store.event_records()] == [2]
        _store_with(store, [later], sources)
        fuse_store(store)
        assert [len(e["mentions"]) for e in store.event_records()] == [3]
        assert _stored(store) == dump(fuse(stored + [later], sources, blocking=False))


def test_the_migration_backfills_member_blocks_as_fusion_writes_them(tmp_path: Path):
    from panj.store.schema import MIGRATIONS, Migration

    migration = next(m for m in MIGRATIONS if isinstance(m, Migration) and "member_blocks" in m.sql)
    mentions, sources = stream(30, 8)
    rows = "SELECT event_id, event_type, date_lo, date_hi, precise, keys FROM member_blocks ORDER BY ALL"
    with Store(tmp_path / "s.duckdb") as store:
        _store_with(store, mentions, sources)
        fuse_store(store)
        expected = store.con.execute(rows).fetchall()
        assert expected and any(r[2] is None for r in expected) and any(r[4] for r in expected)
        with store.transaction() as con:
            con.execute("DELETE FROM member_blocks")
            migration.backfill(con, chunk=7)  # several chunks
        assert store.con.execute(rows).fetchall() == expected
