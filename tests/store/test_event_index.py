"""The derived rows the dashboard filters and counts by: kept equal to the records by every write, and backfilled
into an older store by its migration exactly as writes would have filled them."""
from __future__ import annotations

import copy
from datetime import date

from panj.store import Store, bulk, corrections, db, event_index
from panj.store.schema import MIGRATIONS
from panj.web import map_points, queries
from panj.web.queries import EventFilter

PLACE_A = {"name": "Northvale", "text": "Northvale", "country": "AAA", "admin1": "Upper Province", "lat": 10.0,
           "lon": 20.0, "precision": "point", "role": "site"}
PLACE_B = {"name": "Upper Province", "text": "the province", "country": "AAA", "admin1": "Upper Province",
           "lat": 11.0, "lon": 21.0, "precision": "admin1", "role": "site"}
PLACE_C = {"name": "Southport", "text": "Southport", "country": "BBB", "admin1": None, "lat": None, "lon": None,
           "precision": "point", "role": "origin"}
ACTOR = {"name": "Northern Army", "text": "the army", "kb_id": "north_army", "country": "AAA", "sector": "MIL"}
OTHER = {"name": "River Front", "text": "the Front", "kb_id": None, "country": None, "sector": "REB"}


def record(eid: str, day: str, places: list, actors: list, recipients: list, status: str = "asserted") -> dict:
    return {"id": eid, "event_type": "ASSAULT", "status": status, "date": {"start": day, "end": day,
            "granularity": "day"}, "locations": places, "actors": actors, "recipients": recipients, "mentions": [],
            "mention_ids": [f"m_{eid}"], "independent_sources": 1, "summary": f"event {eid}", "confidence": 0.9}


RECORDS = [record("e1", "2024-01-02", [PLACE_A, PLACE_C], [ACTOR], [OTHER]),
           record("e2", "2024-01-09", [PLACE_B], [ACTOR, ACTOR], [], "disputed"),
           record("e3", "2024-02-01", [PLACE_C], [OTHER], [ACTOR]),
           record("e4", "2024-03-01", [], [], [])]


def derived(store: Store) -> tuple[list, list]:
    events = store.con.execute("SELECT id, place, lat, lon, place_precision, actor_keys, place_keys FROM events "
                               "ORDER BY id").fetchall()
    keys = store.con.execute("SELECT event_id, key FROM event_place_keys ORDER BY ALL").fetchall()
    return events, keys


def test_writes_keep_the_derived_rows_equal_to_the_records(tmp_path):
    with Store(tmp_path / "a.duckdb") as store:
        store.replace_events(RECORDS)
        events, keys = derived(store)
        assert events[0] == ("e1", "Northvale", 10.0, 20.0, "point", ["River Front", "north_army"],
                             ["Northvale", "Southport"])
        assert events[1][5] == ["north_army"]  # one key per event, however often it appears
        assert events[3] == ("e4", None, None, None, None, None, None)
        assert keys == [("e1", "AAA"), ("e1", "BBB"), ("e1", "Northvale"), ("e1", "Southport"),
                        ("e1", "Upper Province"), ("e2", "AAA"), ("e2", "Upper Province"), ("e3", "BBB"),
                        ("e3", "Southport")]
        # fusion rewrites an event: its rows follow, and the place filter with them
        moved = copy.deepcopy(RECORDS[0]) | {"locations": [PLACE_B]}
        store.save_fusion([moved], [], [], {})
        assert queries.count(store.con, EventFilter(place="Southport")) == 1
        assert queries.count(store.con, EventFilter(place="Upper Province")) == 2
        assert queries.count(store.con, EventFilter(place="AAA")) == 2
        assert derived(store)[0][0][1:5] == ("Upper Province", 11.0, 21.0, "admin1")


def test_the_migration_backfills_an_older_store_as_writes_would(tmp_path, monkeypatch):
    with Store(tmp_path / "new.duckdb") as store:
        store.replace_events(RECORDS)
        expected = derived(store)
    mine = next(i for i, m in enumerate(MIGRATIONS) if "event_place_keys" in (m if isinstance(m, str) else m.sql))
    with monkeypatch.context() as m:  # the store and its writes as they were before the migration
        m.setattr(db, "MIGRATIONS", MIGRATIONS[:mine])
        m.setattr(db, "_event_row", lambda r, row=db._event_row: row(r)[:10])
        m.setattr(event_index, "TABLES", ("event_actors", "event_places"))
        m.setattr(db, "FUSION_INDEX", ("event_blocks", "event_sentences", "document_copies"))
        m.setattr(db.map_cells, "rebuild", lambda con: None)  # no map cells yet either
        with Store(tmp_path / "old.duckdb") as store:
            store.replace_events(RECORDS)
            assert "event_place_keys" not in {r[0] for r in store.con.execute("SHOW TABLES").fetchall()}
    with Store(tmp_path / "old.duckdb") as store:
        assert derived(store) == expected
        assert queries.count(store.con, EventFilter(place="Upper Province")) == 2
        store.replace_events(RECORDS[:1])  # still writable: the rebuilt table kept its primary key
        assert store.con.execute("SELECT count(*) FROM events").fetchone()[0] == 1


def test_facets_and_map_count_from_the_event_rows(tmp_path):
    with Store(tmp_path / "f.duckdb") as store:
        store.replace_events(RECORDS)
        f = queries.facets(store.con, EventFilter())
        assert f["actor"] == [{"value": "north_army", "label": "Northern Army", "count": 3},
                              {"value": "River Front", "label": "River Front", "count": 2}]
        assert f["place"] == [{"value": "Southport", "count": 2}, {"value": "Northvale", "count": 1},
                              {"value": "Upper Province", "count": 1}]
        points, total, located = map_points.points(store.con, EventFilter(), 10)
        assert (total, located) == (4, 2)  # e3's only place has no coordinates, e4 has none
        assert [(p["place"], p["events"], p["status"], p["id"]) for p in points] == [
            ("Northvale", 1, "asserted", "e1"), ("Upper Province", 1, "disputed", "e2")]


def test_the_actor_filter_finds_a_kb_actor_by_id_or_name_and_others_by_name(tmp_path):
    from panj.fuse.incremental import write_events

    with Store(tmp_path / "a.duckdb") as store:
        write_events(store, copy.deepcopy(RECORDS))

        def ids(actor: str) -> list[str]:
            return sorted(r["id"] for r in queries.events(store.con, EventFilter(actor=actor))[0])

        assert ids("north_army") == ids("Northern Army") == ["e1", "e2", "e3"]
        assert ids("River Front") == ["e1", "e3"]
        assert ids("the army") == [] and ids("Southport") == []


def keys(store: Store) -> list[tuple]:
    return store.con.execute("SELECT * FROM event_keys ORDER BY ALL").fetchall()


def rebuilt(store: Store) -> list[tuple]:
    """The filter keys as the migration's backfill makes them from the stored events (in a transaction undone)."""
    store.con.execute("BEGIN TRANSACTION")
    try:
        store.con.execute("DELETE FROM event_keys")
        event_index.fill_keys(store.con, chunk=5)  # a few keys at a time, as at a million events
        return keys(store)
    finally:
        store.con.execute("ROLLBACK")


def test_the_filter_keys_follow_every_write_as_a_rebuild_would(tmp_path):
    from panj.fuse.incremental import write_events

    with Store(tmp_path / "k.duckdb") as store:
        write_events(store, copy.deepcopy(RECORDS))
        assert keys(store) == rebuilt(store)
        e1 = [k for k in keys(store) if k[2] == "e1"]
        # a kb actor by its id and its name, another by its name; each place by name, admin1 and country, once;
        # and the event itself
        assert [(k[0], k[1]) for k in e1] == [
            ("actor", "Northern Army"), ("actor", "River Front"), ("actor", "north_army"), ("all", ""),
            ("place", "AAA"), ("place", "BBB"), ("place", "Northvale"), ("place", "Southport"),
            ("place", "Upper Province")]
        assert [k[0] for k in keys(store)].count("all") == 4
        assert e1[0][3:] == (date(2024, 1, 2), date(2024, 1, 2), "ASSAULT", "asserted", 1, 0.9,
                             ["River Front", "north_army"], ["Northvale", "Southport"], "Northvale", 10.0, 20.0,
                             "point", "event e1")
        # an update: new date, status, sources, participants and places
        moved = copy.deepcopy(RECORDS[0]) | {"locations": [PLACE_B], "actors": [OTHER], "recipients": [],
                                             "status": "disputed", "independent_sources": 3,
                                             "date": {"start": "2024-05-01", "end": "2024-05-03",
                                                      "granularity": "day"}}
        store.save_fusion([moved], [], [], {})
        assert keys(store) == rebuilt(store)
        assert {k[1] for k in keys(store) if k[2] == "e1"} == {"River Front", "AAA", "Upper Province", ""}
        # an insert, then a delete (corrections take events out of what users get this way)
        write_events(store, [record("e5", "2023-12-31", [PLACE_C], [ACTOR], [])])
        with store.transaction() as con:
            corrections.delete_events(con, ["e2"])
        assert keys(store) == rebuilt(store)
        assert {k[2] for k in keys(store)} == {"e1", "e3", "e4", "e5"}  # e4: no participant or place, only 'all'
        store.replace_events(RECORDS[2:])  # a full re-fusion
        assert keys(store) == rebuilt(store) and {k[2] for k in keys(store)} == {"e3", "e4"}


def physical(store: Store) -> list[tuple]:
    """The rows of event_keys in the order they are stored."""
    return store.con.execute("SELECT * EXCLUDE (r) FROM (SELECT *, rowid AS r FROM event_keys) ORDER BY r").fetchall()


def in_key_order(rows: list[tuple]) -> bool:
    order = [(k[0], k[1], k[3] is None, k[3], k[2]) for k in rows]  # kind, key, date_start NULLS LAST, event_id
    return order == sorted(order)


def state(store: Store) -> tuple[int, int]:
    got = dict(store.con.execute("SELECT name, value FROM store_state WHERE name LIKE 'event_keys_%'").fetchall())
    return got["event_keys_sorted"], got["event_keys_appended"]


def batch(n: int, start: int) -> list[dict]:
    """`n` events, each with its own actor and the shared places, dated so that key order is not write order."""
    actors = [ACTOR, OTHER, {**OTHER, "name": f"Band {start}"}]
    return [record(f"g{start + i:03d}", f"2024-{1 + (start + i) * 7 % 12:02d}-01", [PLACE_A, PLACE_C],
                   [actors[i % 3]], []) for i in range(n)]


def test_a_growing_table_is_rewritten_in_key_order_when_the_appended_rows_are_due(tmp_path, monkeypatch):
    from panj.fuse.incremental import write_events

    monkeypatch.setattr(event_index, "RESORT_SHARE", 0.5)
    monkeypatch.setattr(event_index, "RESORT_MIN_ROWS", 20)
    rewrites = []
    monkeypatch.setattr(event_index, "resort", lambda con, f=event_index.resort: (rewrites.append(1), f(con)))
    with Store(tmp_path / "g.duckdb") as store:
        write_events(store, batch(4, 0))  # a new store's first write is one insert in key order
        assert state(store) == (len(physical(store)), 0) and in_key_order(physical(store)) and not rewrites
        seen = []
        for start in range(4, 40, 3):
            before = state(store)
            write_events(store, batch(3, start))
            rows = len(physical(store))
            added = rows - before[0] - before[1]  # a write of new events only adds rows
            due = before[1] + added >= max(0.5 * before[0], 20)
            seen.append(due)
            assert len(rewrites) == seen.count(True)  # when due, and not before
            if due:
                assert state(store) == (rows, 0) and in_key_order(physical(store))
            else:
                assert state(store) == (before[0], before[1] + added)
                assert not in_key_order(physical(store))  # the write's rows at the end
            assert sorted(physical(store)) == rebuilt(store)
        assert seen.count(True) >= 2 and seen.count(False) >= 4  # geometric: the gaps grow with the table
        gaps = [i for i, due in enumerate(seen) if due]
        assert gaps[1] - gaps[0] <= gaps[-1] - gaps[-2]
        # a full re-fusion writes every key in one insert in key order: sorted, without a rewrite
        n = len(rewrites)
        store.replace_events(batch(40, 0)[::-1])
        assert state(store) == (len(physical(store)), 0) and in_key_order(physical(store)) and len(rewrites) == n


def test_a_failure_in_the_middle_of_the_rewrite_leaves_the_table_as_the_write_left_it(tmp_path, monkeypatch):
    from panj.fuse.incremental import write_events

    monkeypatch.setattr(event_index, "RESORT_MIN_ROWS", 10)
    with Store(tmp_path / "c.duckdb") as store:
        write_events(store, batch(4, 0))
        write_events(store, batch(1, 4))
        assert not event_index.due(store.con)
    written = []

    def crash(con, table, order):  # the old rows deleted, the sorted ones not yet written
        written.append(physical(store))
        con.execute(f"DELETE FROM {table}")
        raise KeyboardInterrupt("killed")

    monkeypatch.setattr(event_index, "sort_rows", crash)
    with Store(tmp_path / "c.duckdb") as store:
        try:
            write_events(store, batch(3, 5))  # committed, then the rewrite it calls for fails
        except KeyboardInterrupt:
            pass
        else:
            raise AssertionError("the rewrite was not due")
    monkeypatch.setattr(event_index, "sort_rows", bulk.sort_rows)
    with Store(tmp_path / "c.duckdb") as store:
        assert physical(store) == written[0] and not in_key_order(written[0])
        assert sorted(physical(store)) == rebuilt(store)
        assert store.con.execute("SELECT count(*) FROM events").fetchone()[0] == 8
        assert event_index.due(store.con)  # still: the next write does it
        write_events(store, batch(1, 8))
        assert in_key_order(physical(store)) and sorted(physical(store)) == rebuilt(store)
        assert state(store) == (len(physical(store)), 0)


def test_the_migration_sorts_a_table_grown_in_write_order(tmp_path, monkeypatch):
    from panj.fuse.incremental import write_events

    mine = next(i for i, m in enumerate(MIGRATIONS) if not isinstance(m, str) and "event_keys_sorted" in m.sql)
    with monkeypatch.context() as m:  # the store as it was before the counts
        m.setattr(db, "MIGRATIONS", MIGRATIONS[:mine])
        with Store(tmp_path / "m.duckdb") as store:
            for start in range(0, 12, 3):
                write_events(store, batch(3, start))
            assert not in_key_order(physical(store))
            grown = sorted(physical(store))
    with Store(tmp_path / "m.duckdb") as store:
        assert in_key_order(physical(store)) and sorted(physical(store)) == grown
        assert state(store) == (len(grown), 0)
