"""The versioned DuckDB schema. Each migration is applied once, in order, inside a transaction.

Add a migration by appending to MIGRATIONS; never edit one that has shipped. A migration is SQL, or SQL with a
backfill that fills new derived tables from what an older store already holds.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

import duckdb

from panj.fuse.blocking import member_rows
from panj.store import corrections, event_index, map_cells
from panj.store.bulk import insert_rows, record_chunks, sort_rows


@dataclass(frozen=True)
class Migration:
    sql: str
    backfill: Callable[[duckdb.DuckDBPyConnection], None] | None = None


def _map_and_series(con: duckdb.DuckDBPyConnection) -> None:
    """Migration 15's backfill: the map's cells, and the alert index's rows in key order (as `keyindex.rebuild`
    leaves them), so a dyad's series reads a few row groups of it instead of every one."""
    map_cells.rebuild(con)
    sort_rows(con, "series_keys", "scope, key, day")


def _index_stored_events(con: duckdb.DuckDBPyConnection, chunk: int = 20_000) -> None:
    """Side rows for the events an older store holds, a chunk at a time (bounded memory)."""
    for records in record_chunks(con, chunk):
        event_index.write(con, records, replace=False)


def _block_stored_members(con: duckdb.DuckDBPyConnection, chunk: int = 20_000) -> None:
    """Blocking rows for the members of the events an older store holds (fusion indexes the machine's records), a
    chunk at a time (bounded memory); a store whose fusion index is stale is indexed in full by its next fusion."""
    if con.execute("SELECT count(*) FROM fusion_state WHERE name = 'index' AND value = 'stale'").fetchone()[0]:
        return
    last = ""
    while True:
        ids = [r[0] for r in con.execute(
            """SELECT id FROM (SELECT id FROM events UNION SELECT id FROM machine_events WHERE record IS NOT NULL)
               WHERE id > ? ORDER BY id LIMIT ?""", [last, chunk]).fetchall()]
        if not ids:
            return
        insert_rows(con, "member_blocks", [row for r in corrections.machine_records(con, ids) for row in member_rows(r)])
        last = ids[-1]


MIGRATIONS: list[str | Migration] = [
    # 1: documents, their sentences, mentions, event mentions, claims, events, links
    """
    CREATE TABLE documents (
        id TEXT PRIMARY KEY,               -- sha256 of the normalised text (first 16 hex)
        source_path TEXT,                  -- file, feed URL or WARC the document came from
        url TEXT, outlet TEXT, title TEXT, language TEXT,
        published DATE,
        published_inferred BOOLEAN NOT NULL DEFAULT FALSE,
        published_basis TEXT,              -- 'front matter', 'byline "May 13, 2022"', ...
        outlet_basis TEXT,
        credits TEXT[],                    -- wire / "Via ..." credits found in the text
        text TEXT NOT NULL,
        n_chars INTEGER,
        minhash UBIGINT[],                 -- MinHash signature for near-duplicate detection
        duplicate_of TEXT,                 -- the original when this is a near-copy
        ingested_at TIMESTAMP DEFAULT current_timestamp,
        processed_at TIMESTAMP             -- NULL until extraction has run on it
    );
    CREATE TABLE document_links (
        doc_id TEXT, other_id TEXT, kind TEXT, similarity DOUBLE,
        PRIMARY KEY (doc_id, other_id, kind)
    );
    CREATE TABLE skipped (
        source_path TEXT, reason TEXT, skipped_at TIMESTAMP DEFAULT current_timestamp,
        PRIMARY KEY (source_path, reason)
    );
    CREATE TABLE sentences (
        doc_id TEXT, idx INTEGER, start_char INTEGER, end_char INTEGER, text TEXT,
        PRIMARY KEY (doc_id, idx)
    );
    CREATE TABLE mentions (                -- actors, places and times found in the text
        doc_id TEXT, kind TEXT, start_char INTEGER, end_char INTEGER, text TEXT, record JSON
    );
    CREATE TABLE event_mentions (
        id TEXT PRIMARY KEY, doc_id TEXT, start_char INTEGER, end_char INTEGER,
        trigger TEXT, event_type TEXT, mode TEXT, status TEXT,
        date_start DATE, date_end DATE, granularity TEXT,
        record JSON
    );
    CREATE TABLE claims (
        event_mention_id TEXT, doc_id TEXT, stance TEXT, claimant TEXT,
        start_char INTEGER, end_char INTEGER, record JSON
    );
    CREATE TABLE events (
        id TEXT PRIMARY KEY, event_type TEXT, status TEXT,
        date_start DATE, date_end DATE, granularity TEXT,
        independent_sources INTEGER, record JSON
    );
    CREATE TABLE event_links (event_id TEXT, mention_id TEXT, PRIMARY KEY (event_id, mention_id));
    """,
    # 2: alerts raised on indicator series (panj/indicators/alerts.py); state is the analyst's decision and survives refreshes
    """
    CREATE TABLE alerts (
        id TEXT PRIMARY KEY,               -- hash of rule family, scope, key, metric, period (stable across refreshes)
        kind TEXT NOT NULL,                -- moderate_increase | large_increase | surge | change_point
        scope TEXT NOT NULL,               -- dyad | admin1
        key TEXT NOT NULL,                 -- 'AFG:TJK', 'AFG/Takhar'
        metric TEXT NOT NULL,              -- conflict | cooperation (status-weighted event counts per week)
        period_start DATE NOT NULL, period_end DATE NOT NULL,
        value DOUBLE, baseline DOUBLE, change DOUBLE,
        state TEXT NOT NULL DEFAULT 'open',  -- open | acknowledged | dismissed
        active BOOLEAN NOT NULL DEFAULT TRUE, -- FALSE when the last refresh no longer raised it
        event_ids TEXT[],                  -- the events that drove it, strongest first
        detail JSON,                       -- explanation, per-event weights, rule parameters
        created_at TIMESTAMP DEFAULT current_timestamp,
        updated_at TIMESTAMP DEFAULT current_timestamp
    );
    """,
    # 3: how precise an inferred publication date is: 'day', or 'year' for an undated text placed only by the
    # newest year it refers to (published then holds 1 January of that year)
    """
    ALTER TABLE documents ADD COLUMN published_granularity TEXT DEFAULT 'day';
    """,
    # 4: typed side rows of the fused events (panj/store/event_index.py), so the dashboard's API filters and
    # counts by actor and place with column scans instead of reading every record's JSON (no ART index: DuckDB's
    # scans of these narrow columns take milliseconds at a million events, and an index costs memory and writes)
    Migration("""
    CREATE TABLE event_actors (
        event_id TEXT NOT NULL, ord INTEGER NOT NULL,
        role TEXT NOT NULL,                -- actor | recipient
        key TEXT NOT NULL,                 -- kb id, else name: the id an URL uses
        kb_id TEXT, name TEXT, label TEXT, country TEXT, sector TEXT, wikidata TEXT
    );
    CREATE TABLE event_places (
        event_id TEXT NOT NULL, ord INTEGER NOT NULL,
        key TEXT NOT NULL,                 -- the place's name (its text when unnamed)
        name TEXT, admin1 TEXT, country TEXT, lat DOUBLE, lon DOUBLE, precision TEXT,
        is_main BOOLEAN NOT NULL           -- the event's point on the map (records.main_place)
    );
    ALTER TABLE events ADD COLUMN summary TEXT;  -- the record's one-line summary, for lists and map points
    UPDATE events SET summary = json_extract_string(record, '$.summary');
    -- counters that change with every write of events: a reader's cache of counts is good while they stay put
    CREATE TABLE store_state (name TEXT PRIMARY KEY, value BIGINT NOT NULL);
    INSERT INTO store_state VALUES ('events_version', 0);
    """, _index_stored_events),
    # 5: the fusion index (panj/fuse/blocking.py), so an ingest loads only the events its new mentions could join:
    # per event the span of its dated members' windows and whether one is undated, its participant and place keys,
    # the normalised event sentences of each document and the copy links found from them (panj/fuse/sources.py).
    # Stores fused before this migration are indexed once by the next fusion (fusion_state 'index' = 'stale').
    """
    CREATE TABLE event_blocks (
        event_id TEXT PRIMARY KEY, event_type TEXT,
        date_lo DATE, date_hi DATE,        -- first and last day of the dated members' windows; NULL when none
        has_undated BOOLEAN
    );
    CREATE TABLE fusion_keys (event_id TEXT, key TEXT, undated BOOLEAN);  -- undated: from an undated member
    CREATE INDEX fusion_keys_key ON fusion_keys (key);
    CREATE INDEX fusion_keys_event ON fusion_keys (event_id);
    CREATE TABLE event_sentences (doc_id TEXT, key TEXT, PRIMARY KEY (doc_id, key));
    CREATE INDEX event_sentences_key ON event_sentences (key);
    CREATE TABLE document_copies (doc_id TEXT PRIMARY KEY, original_id TEXT NOT NULL);
    CREATE INDEX event_links_mention ON event_links (mention_id);
    CREATE TABLE fusion_state (name TEXT PRIMARY KEY, value TEXT);
    INSERT INTO fusion_state VALUES ('index', 'stale');
    """,
    # 6: what incremental alert refreshes need (panj/indicators/keyindex.py): the series keys each event counted in
    # at the last refresh with what it added there, so the keys an event leaves are known after fusion rewrote it
    # and a series is rebuilt from these rows alone; and the window and settings that refresh used
    """
    CREATE TABLE series_keys (
        event_id TEXT NOT NULL,
        scope TEXT NOT NULL,               -- dyad | admin1
        key TEXT NOT NULL,                 -- 'AFG:TJK', 'AFG/Takhar'
        day DATE NOT NULL,                 -- the day the event counts on
        -- what the event adds to the series (indicators.series.Contribution), so a refresh reads no record JSON
        polarity TEXT NOT NULL, weight DOUBLE NOT NULL, score DOUBLE NOT NULL, status TEXT, event_type TEXT,
        summary TEXT
    );
    CREATE TABLE alert_refresh (name TEXT PRIMARY KEY, value TEXT);  -- 'window', 'config' of the last refresh
    -- events fusion wrote that no refresh has seen yet: written with the events, emptied by the refresh that reads
    -- them, so a run killed between the two leaves the work for the next one
    CREATE TABLE alert_queue (event_id TEXT NOT NULL);
    """,
    # 7: the LSH bands of each document's MinHash signature (panj/ingest/dedup.py), so that an ingest finds the
    # near-copies of a new text with one indexed look-up instead of loading every stored signature; documents
    # stored before this migration are banded by the next ingest
    """
    CREATE TABLE document_bands (doc_id TEXT NOT NULL, band INTEGER NOT NULL, hash BIGINT NOT NULL);
    CREATE INDEX document_bands_hash ON document_bands (hash);
    """,
    # 8: each event's confidence (panj/fuse/confidence.py), a column so that lists, counts and exports filter on it
    # in SQL; events fused before it stay NULL (unscored, never hidden) until fusion next rewrites them
    """
    ALTER TABLE events ADD COLUMN confidence DOUBLE;
    UPDATE events SET confidence = TRY_CAST(json_extract(record, '$.confidence') AS DOUBLE);
    """,
    # 9: the sources `panj watch` polls (panj/watch): per source the outcome of its last poll, and the HTTP validators
    # (ETag, Last-Modified) that let the next poll of a feed be answered "304 Not Modified"; and the feed items
    # already read, by URL, so a repeated item is neither re-read nor re-fetched (content hashes catch the rest)
    """
    CREATE TABLE sources (
        source TEXT PRIMARY KEY,           -- feed URL or folder, as given to panj watch
        kind TEXT NOT NULL,                -- feed | folder
        title TEXT,                        -- the feed's own title
        last_poll TIMESTAMP, last_success TIMESTAMP,
        last_status TEXT,                  -- 'ok', 'not modified', 'error'
        last_error TEXT, last_error_at TIMESTAMP,
        failures INTEGER NOT NULL DEFAULT 0,  -- failed polls in a row
        polls BIGINT NOT NULL DEFAULT 0,
        items_seen INTEGER,                -- entries (files) in the last successful poll
        items_new INTEGER,                 -- of those, documents added to the store
        items_total BIGINT NOT NULL DEFAULT 0,  -- documents added from this source, all polls
        etag TEXT, last_modified TEXT
    );
    CREATE TABLE feed_items (
        url TEXT PRIMARY KEY, source TEXT, doc_id TEXT,  -- doc_id NULL when the item was skipped
        first_seen TIMESTAMP DEFAULT current_timestamp
    );
    """,
    # 10: analysts' corrections (panj/corrections/): an append-only log keyed by the mentions that anchor each
    # correction, so it is re-applied after every fusion; what the log derives (where each correction applies or why
    # it is orphaned, and the machine's own record of every event a correction changed) lives beside it
    """
    CREATE TABLE corrections (         -- append-only: rows are never updated or deleted
        id TEXT PRIMARY KEY,               -- cor_ + hash of the entry
        seq BIGINT NOT NULL,               -- order in the log: corrections are re-applied in this order
        created_at TIMESTAMP NOT NULL,
        author TEXT NOT NULL,
        action TEXT NOT NULL,              -- set | reject | merge | split | withdraw
        event_id TEXT,                     -- the event as the analyst saw it
        anchors TEXT[] NOT NULL,           -- that event's mention ids: what the correction follows across fusions
        field TEXT,                        -- set: event_type | mode | status | date | place | actors | recipients
        before JSON, after JSON,
        note TEXT NOT NULL,
        detail JSON                        -- merge: the other events and their anchors; split: the mentions;
                                           -- withdraw: the correction withdrawn
    );
    CREATE TABLE correction_mentions (correction_id TEXT NOT NULL, mention_id TEXT NOT NULL);
    CREATE INDEX correction_mentions_mention ON correction_mentions (mention_id);
    CREATE TABLE correction_state (    -- derived, rewritten by each application
        correction_id TEXT PRIMARY KEY,
        state TEXT NOT NULL,               -- applied | orphaned | withdrawn
        event_ids TEXT[],                  -- the events it applies to now
        reason TEXT                        -- why orphaned
    );
    -- the machine's record of each event whose record a correction changes or hides (NULL: an event only a split
    -- made); events holds what users get, so exports, indicators and the dashboard read corrected values
    CREATE TABLE machine_events (id TEXT PRIMARY KEY, record JSON);
    """,
    # 11: sentence vectors (panj/semantic/): all-MiniLM-L6-v2 vectors of event mentions' sentences, keyed by a hash of
    # the sentence (panj.semantic.model.sentence_key) and the model id, so the fusion signal of semantic.yaml
    # compares stored events without embedding their sentences again on every ingest
    """
    CREATE TABLE sentence_vectors (key TEXT NOT NULL, model TEXT NOT NULL, vec FLOAT[384] NOT NULL,
                                   PRIMARY KEY (key, model));
    """,
    # 12: what the dashboard's API needs at a million events. The place filter's keys (panj/store/event_index.py):
    # one row per distinct name, admin1 and country of an event's places, so `?place=` is one equality on one column
    # instead of three (backfilled sorted by key, so DuckDB's zone maps skip other places' row groups). And each
    # event's main place (records.main_place: its point on the map) on its own row, so the map counts events per
    # place with one scan of the events instead of a join with every place row. And each event's distinct actor
    # and place keys (the side rows' `key`) as lists on its row, so facets count the filtered events' actors and
    # places with one scan and an unnest, where a join of a million events with their side rows took a second.
    """
    CREATE TABLE event_place_keys (event_id TEXT NOT NULL, key TEXT NOT NULL);
    INSERT INTO event_place_keys
        SELECT DISTINCT event_id, k FROM (SELECT event_id, unnest([name, admin1, country]) AS k FROM event_places)
        WHERE k IS NOT NULL ORDER BY k, event_id;
    -- the new columns are filled by rebuilding the table (an UPDATE of a million rows' list columns takes minutes)
    CREATE TABLE events_v12 AS
        SELECT e.*, p.name AS place, p.lat, p.lon, p.precision AS place_precision, a.keys AS actor_keys,
               k.keys AS place_keys
        FROM events e
        LEFT JOIN event_places p ON p.event_id = e.id AND p.is_main
        LEFT JOIN (SELECT event_id, list(DISTINCT key ORDER BY key) AS keys FROM event_actors GROUP BY event_id) a
               ON a.event_id = e.id
        LEFT JOIN (SELECT event_id, list(DISTINCT key ORDER BY key) AS keys FROM event_places GROUP BY event_id) k
               ON k.event_id = e.id;
    DROP TABLE events;
    ALTER TABLE events_v12 RENAME TO events;
    ALTER TABLE events ADD PRIMARY KEY (id);
    """,
    # 13: fusion looks events up by date weeks and documents only (panj/fuse/blocking.py): a mention with no date
    # meets recent events or its own documents' events, so no lookup by participant keys or undated members
    """
    DROP TABLE fusion_keys;
    ALTER TABLE event_blocks DROP COLUMN has_undated;
    """,
    # 14: fusion's blocking per member date (panj/fuse/blocking.py `member_rows`): a pair of dates that are not both
    # of day or week granularity merges only with participant or place evidence, so an event is found through such
    # a member only when it shares a participant or place key with the mention, and a year-dated report no longer
    # loads every event of its year. Replaces the per-event date span of event_blocks; backfilled from the stored
    # (machine) records.
    Migration("""
    CREATE TABLE member_blocks (
        event_id TEXT NOT NULL, event_type TEXT,
        date_lo DATE, date_hi DATE,        -- the member's date window; NULL when it has no date
        precise BOOLEAN NOT NULL,          -- day or week granularity, not a publication stand-in
        keys TEXT[] NOT NULL               -- the event's participant and place keys (blocking.event_keys)
    );
    DROP TABLE event_blocks;
    """, _block_stored_members),
    # 15: the map's pre-aggregate (panj/store/map_cells.py): events counted per main place (lat, lon), week of their
    # start and whether they reach the confidence threshold kept in map_state, with what the map shows of them, so
    # a map over a date range reads cells instead of every event; backfilled from the events a year at a time. And
    # the alert index's rows (migration 6) rewritten in key order, for the dashboard's dyad series (indicators.stored)
    Migration("""
    CREATE TABLE map_cells (
        lat DOUBLE, lon DOUBLE,            -- the events' main place (NULL: no coordinates)
        week DATE,                         -- Monday of the week of date_start (NULL: undated)
        confident BOOLEAN,                 -- coalesce(confidence, 1) >= map_state's confidence_threshold
        n BIGINT NOT NULL,                 -- events
        sources INTEGER,                   -- most independent sources of one of them
        lo TEXT, hi TEXT,                  -- least and greatest status
        disputed BIGINT,                   -- events whose status is disputed
        first_day DATE, last_day DATE,     -- their earliest and latest date_start
        first_id TEXT, first_place TEXT, first_precision TEXT, first_summary TEXT,  -- the first in list order
        types INTEGER[]                    -- events per type, by map_types.idx (shorter lists: no later types)
    );
    CREATE TABLE map_years (               -- the cells of each place's weeks merged per year of their Mondays
        lat DOUBLE, lon DOUBLE, year INTEGER, confident BOOLEAN, n BIGINT NOT NULL, sources INTEGER,
        lo TEXT, hi TEXT, disputed BIGINT, first_day DATE, last_day DATE,
        first_id TEXT, first_place TEXT, first_precision TEXT, first_summary TEXT, types INTEGER[]
    );
    CREATE TABLE map_types (idx INTEGER PRIMARY KEY, event_type TEXT NOT NULL);
    CREATE TABLE map_state (name TEXT PRIMARY KEY, value DOUBLE);
    """, _map_and_series),
    # 16: the actor and place filters' keys of each event beside the columns that the other filters, the facets and
    # the map read, and every event's row once more (panj/store/event_index.py `event_keys`), in key and date order,
    # so that the dashboard's list, total, facets and map of one actor's or place's events read that key's rows
    # instead of every event's, and a page of the list or a range of dates the row groups of its dates; backfilled
    # from the side rows
    Migration("""
    CREATE TABLE event_keys (
        kind TEXT NOT NULL,                -- actor | place | all (each event once, key '')
        key TEXT NOT NULL,                 -- what the filter matches (EventFilter.actor / .place)
        event_id TEXT NOT NULL,
        date_start DATE, date_end DATE, event_type TEXT, status TEXT, independent_sources INTEGER,
        confidence DOUBLE, actor_keys TEXT[], place_keys TEXT[],
        place TEXT, lat DOUBLE, lon DOUBLE, place_precision TEXT,
        summary TEXT                       -- the event's own columns, as on its row in events
    );
    """, event_index.fill_keys),
    # 17: event_keys kept in key order as the store grows (panj/store/event_index.py `due`): the rows written
    # since its last sorted rewrite and the rows it held then, in store_state; rewritten in key order once now (a
    # store written to since migration 16 holds the later rows in write order)
    Migration("""
    INSERT INTO store_state VALUES ('event_keys_sorted', 0), ('event_keys_appended', 0);
    """, event_index.resort),
]
