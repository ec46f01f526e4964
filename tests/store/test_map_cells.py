"""The map's pre-aggregate follows every write of events: an ingest's fusion, a second ingest that changes events,
an analyst's edit, merge and rejection, a full re-fusion, and the migration of a store that had no cells."""
from __future__ import annotations

from panj.corrections import entries
from panj.fuse.incremental import fuse_store
from panj.records import Actor, DateValue, EventMention, Place
from panj.store import Store, db, map_cells
from panj.store.schema import MIGRATIONS

NORTH = dict(name="Northern Army", kb_id="north_army", country="AAA", sector="MIL")
SOUTH = dict(name="Southland", kb_id="southland", country="BBB", sector="GOV")
VALE = dict(name="Northvale", precision="point", country="AAA", admin1="Upper", lat=10.0, lon=20.0)
PORT = dict(name="Southport", precision="point", country="BBB", admin1="Coast", lat=11.0, lon=21.0)
PUBLISHED = {"doc_a": "2024-01-05", "doc_b": "2024-01-06", "doc_c": "2024-02-20", "doc_d": "2024-01-07"}


def mention(doc: str, n: int, event_type: str, day: str | None, places: list[dict],
            status: str = "asserted") -> EventMention:
    sentence = f"Sentence {n} of {doc}, written for the map cell tests."
    at = n * 100
    return EventMention(doc_id=doc, sentence=sentence, start=at, end=at + len(sentence), trigger="struck",
                        trigger_start=at + 2, trigger_end=at + 8, event_type=event_type,
                        actors=[Actor(text=NORTH["name"], **NORTH)], recipients=[Actor(text=SOUTH["name"], **SOUTH)],
                        date=DateValue(day, day, "day", "on that day") if day else None,
                        locations=[Place(text=p["name"], **p) for p in places], status=status,
                        id=f"em_{doc}_{n}", score=-9.0, quad_class="material_conflict", cameo="190")


def ingest(store: Store, mentions: list[EventMention]) -> None:
    """What `panj ingest` stores of a batch of documents, then its fusion."""
    docs = sorted({m.doc_id for m in mentions})
    store.add_documents([{"id": d, "text": "text of " + d, "outlet": f"Outlet {d}", "published": PUBLISHED[d],
                          "source_path": f"{d}.txt"} for d in docs], [])
    store.save_extractions([(d, [], [], [m.to_dict() for m in mentions if m.doc_id == d]) for d in docs])
    fuse_store(store)


def cells(store: Store, table: str = "map_cells") -> list[tuple]:
    """The cells, their counts by type named (the order of types is the order they were first met in)."""
    names = map_cells.types(store.con)
    rows = store.con.execute(f"SELECT * FROM {table} ORDER BY ALL").fetchall()
    return [(*row[:-1], {t: n for t, n in zip(names, row[-1]) if n}) for row in rows]  # rows in SQL order


def assert_fresh(store: Store) -> list[tuple]:
    """The cells equal those rebuilt from the events now (the rebuild rolled back)."""
    kept, years = cells(store), cells(store, "map_years")
    assert sum(row[4] for row in kept) == sum(row[4] for row in years)
    store.con.execute("BEGIN TRANSACTION")
    try:
        map_cells.rebuild(store.con)
        assert (kept, years) == (cells(store), cells(store, "map_years"))
    finally:
        store.con.execute("ROLLBACK")
    return kept


def test_cells_follow_ingests_edits_and_rebuilds(tmp_path):
    with Store(tmp_path / "m.duckdb") as store:
        ingest(store, [mention("doc_a", 1, "ASSAULT", "2024-01-03", [VALE]),
                       mention("doc_a", 2, "PROTEST", "2024-01-04", [VALE]),
                       mention("doc_b", 1, "ASSAULT", None, [PORT]),  # undated: meets no event, stands alone
                       mention("doc_b", 2, "CONSULT", "2024-01-04", [])])  # no place: counted, not located
        first = assert_fresh(store)
        assert sum(row[4] for row in first) == store.con.execute("SELECT count(*) FROM events").fetchone()[0] == 4
        assert {(row[0], row[2] and row[2].isoformat()): row[-1] for row in first} == {
            (10.0, "2024-01-01"): {"ASSAULT": 1, "PROTEST": 1}, (11.0, None): {"ASSAULT": 1},
            (None, "2024-01-01"): {"CONSULT": 1}}

        # a second ingest: a new report of the assault (its sources grow) and an event in another week
        ingest(store, [mention("doc_d", 1, "ASSAULT", "2024-01-03", [VALE]),
                       mention("doc_c", 1, "ASSAULT", "2024-02-19", [PORT])])
        second = assert_fresh(store)
        assert second != first
        vale = next(row for row in second if row[0] == 10.0)
        assert (vale[4], vale[5], vale[-1]) == (2, 2, {"ASSAULT": 1, "PROTEST": 1})  # two sources now

        # an analyst moves the assault to another week and place, rejects the protest, merges two events
        assault = next(r for r in store.event_records() if "em_doc_a_1" in r["mention_ids"])
        entries.set_fields(store, assault["id"], ["date=2024-02-21", "place=11.0,21.0"], "misread")
        moved = assert_fresh(store)
        assert [row[-1] for row in moved if row[0] == 10.0] == [{"PROTEST": 1}]
        protest = next(r for r in store.event_records() if r["event_type"] == "PROTEST")
        entries.reject(store, protest["id"], "not an event")
        assert not any(row[0] == 10.0 for row in assert_fresh(store))
        others = [r["id"] for r in store.event_records() if r["event_type"] == "ASSAULT"]
        entries.merge(store, others, "one raid")
        assert_fresh(store)

        # a full re-fusion rewrites everything; the cells with it
        store.replace_events(store.event_records()[:1])
        assert sum(row[4] for row in assert_fresh(store)) == 1


def test_the_migration_builds_the_cells_of_an_older_store(tmp_path, monkeypatch):
    mine = next(i for i, m in enumerate(MIGRATIONS) if "map_cells" in (m if isinstance(m, str) else m.sql))
    batch = [mention("doc_a", 1, "ASSAULT", "2024-01-03", [VALE]), mention("doc_b", 1, "COERCE", None, [PORT])]
    with Store(tmp_path / "new.duckdb") as store:
        ingest(store, batch)
        expected = cells(store)
    with monkeypatch.context() as m:  # the store and its writes as they were before the migration
        m.setattr(db, "MIGRATIONS", MIGRATIONS[:mine])
        m.setattr(db.map_cells, "follow", lambda con, ids: __import__("contextlib").nullcontext())
        with Store(tmp_path / "old.duckdb") as store:
            ingest(store, batch)
            assert map_cells.threshold(store.con) is None
    with Store(tmp_path / "old.duckdb") as store:
        assert cells(store) == expected and len(expected) == 2 and len(cells(store, "map_years")) == 2
