"""The versioned DuckDB schema. Each migration is applied once, in order, inside a transaction.

Add a migration by appending to MIGRATIONS; never edit one that has shipped.
"""
from __future__ import annotations

MIGRATIONS: list[str] = [
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
    # 4: what incremental alert refreshes need (panj/indicators/keyindex.py): the series keys each event counted in
    # at the last refresh, so the keys an event leaves are known after fusion rewrote it; and the window and
    # settings that refresh used
    """
    CREATE TABLE event_keys (
        event_id TEXT NOT NULL,
        scope TEXT NOT NULL,               -- dyad | admin1
        key TEXT NOT NULL,                 -- 'AFG:TJK', 'AFG/Takhar'
        day DATE NOT NULL                  -- the day the event counts on
    );
    CREATE TABLE alert_refresh (name TEXT PRIMARY KEY, value TEXT);  -- 'window', 'config' of the last refresh
    """,
]
