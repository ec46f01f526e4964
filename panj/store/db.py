"""The embedded store: one DuckDB file, migrated on open, written in transactions.

Every write happens inside `transaction()`, so a process killed at any moment leaves the store as it was at the
last commit; every insert is keyed by content hashes, so a re-run adds nothing twice. SQL is parameterised.
DuckDB's cache is bounded (`PANJ_DUCKDB_MEMORY`, default 512MB; DuckDB's own default is 80% of the machine's
memory, which a long ingest into a large store fills): beyond it DuckDB evicts pages and spills to disk.
"""
from __future__ import annotations

import json
import os
import time
from contextlib import contextmanager
from pathlib import Path
from datetime import date
from typing import Any, Callable, Iterable, Iterator

import duckdb

from panj.records import main_place
from panj.store import corrections, event_index, map_cells
from panj.store.bulk import insert_rows
from panj.store.schema import MIGRATIONS


MEMORY_LIMIT = "512MB"
FUSION_INDEX = ("member_blocks", "event_sentences", "document_copies")  # panj/fuse/incremental.py's tables
LOCK_WAIT_SECONDS = 10.0  # a writer waits this long for a reader in another process (the dashboard) to let go


def _connect(path: Path, read_only: bool) -> duckdb.DuckDBPyConnection:
    """Open the file; a writer that finds it locked by another process retries until `PANJ_LOCK_WAIT` seconds
    have passed (the dashboard holds it only between close requests, `panj/web/reader.py`)."""
    config = {"memory_limit": os.environ.get("PANJ_DUCKDB_MEMORY", MEMORY_LIMIT)}
    deadline = time.monotonic() + (0.0 if read_only else float(os.environ.get("PANJ_LOCK_WAIT", LOCK_WAIT_SECONDS)))
    while True:
        try:
            return duckdb.connect(str(path), read_only=read_only, config=config)
        except duckdb.IOException as e:
            if "lock" not in str(e).lower() or time.monotonic() >= deadline:
                raise
            time.sleep(0.2)


class Store:
    def __init__(self, path: Path | str, read_only: bool = False, con: duckdb.DuckDBPyConnection | None = None):
        self.path = Path(path)
        if con is not None:  # a cursor of an open store (`cursor`): already migrated
            self.con = con
            return
        if not read_only:
            self.path.parent.mkdir(parents=True, exist_ok=True)
        self.con = _connect(self.path, read_only)
        if not read_only:
            self._migrate()

    def cursor(self) -> "Store":
        """A second handle on this open store for another thread of this process (the dashboard of `panj watch
        --serve`): a DuckDB cursor is a connection of its own to the same database, which reads what is committed
        while this one writes. No other process could open the file meanwhile."""
        return Store(self.path, con=self.con.cursor())

    # -- lifecycle -------------------------------------------------------------------------------------------
    def close(self) -> None:
        self.con.close()

    def __enter__(self) -> "Store":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @contextmanager
    def transaction(self) -> Iterator[duckdb.DuckDBPyConnection]:
        self.con.execute("BEGIN TRANSACTION")
        try:
            yield self.con
        except BaseException:
            self.con.execute("ROLLBACK")
            raise
        self.con.execute("COMMIT")

    def _migrate(self) -> None:
        self.con.execute("CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL)")
        row = self.con.execute("SELECT max(version) FROM schema_version").fetchone()
        current = row[0] or 0
        for version, migration in enumerate(MIGRATIONS, start=1):
            if version <= current:
                continue
            with self.transaction() as con:
                con.execute(migration if isinstance(migration, str) else migration.sql)
                if not isinstance(migration, str) and migration.backfill is not None:
                    migration.backfill(con)
                con.execute("INSERT INTO schema_version VALUES (?)", [version])

    @property
    def schema_version(self) -> int:
        return self.con.execute("SELECT max(version) FROM schema_version").fetchone()[0] or 0

    # -- documents -------------------------------------------------------------------------------------------
    def stored_document_ids(self, ids: list[str]) -> set[str]:
        """Which of these document ids the store holds (one query for a batch: DuckDB pays per statement)."""
        return {r[0] for r in self.con.execute(
            "SELECT id FROM documents WHERE id IN (SELECT unnest(?::VARCHAR[]))", [ids]).fetchall()} if ids else set()

    def add_documents(self, rows: list[dict[str, Any]], links: list[tuple[str, str, str, float]]) -> int:
        """Insert new documents (ignoring ones already stored) and their links, in one transaction and one
        statement per table."""
        if not rows and not links:
            return 0
        with self.transaction() as con:
            stored = self.stored_document_ids([r["id"] for r in rows])
            new = [r for r in {r["id"]: r for r in rows}.values() if r["id"] not in stored]
            insert_rows(con, "documents (id, source_path, url, outlet, title, language, published, "
                             "published_inferred, published_basis, outlet_basis, credits, text, n_chars, minhash, "
                             "duplicate_of, published_granularity)",
                        [(r["id"], r.get("source_path"), r.get("url"), r.get("outlet"), r.get("title"),
                          r.get("language"), r.get("published"), bool(r.get("published_inferred")),
                          r.get("published_basis"), r.get("outlet_basis"), list(r.get("credits") or []), r["text"],
                          len(r["text"]), r.get("minhash"), r.get("duplicate_of"),
                          r.get("published_granularity") or "day") for r in new])
            insert_rows(con, "document_links", [tuple(link) for link in dict.fromkeys(links)], "INSERT OR IGNORE INTO")
            insert_rows(con, "document_bands", [(r["id"], b, h) for r in new for b, h in r.get("bands") or []])
        return len(new)

    def log_skipped(self, items: list[tuple[str, str]]) -> None:
        if not items:
            return
        with self.transaction() as con:
            con.executemany("INSERT OR IGNORE INTO skipped (source_path, reason) VALUES (?, ?)", items)

    def band_candidates(self, bands: list[tuple[int, int]]) -> list[tuple[str, list[int]]]:
        """Stored documents sharing an LSH band with a signature (panj/ingest/dedup.py), earliest ingested first,
        with their signatures."""
        return self.con.execute(
            """SELECT d.id, d.minhash FROM documents d
               WHERE d.id IN (SELECT b.doc_id FROM document_bands b
                              JOIN (SELECT unnest(?::INTEGER[]) AS band, unnest(?::BIGINT[]) AS hash) q
                                ON b.band = q.band AND b.hash = q.hash)
               ORDER BY d.ingested_at, d.id""", [[b for b, _ in bands], [h for _, h in bands]]).fetchall()

    def has_banded_documents(self) -> bool:
        return self.con.execute("SELECT count(*) FROM (SELECT 1 FROM document_bands LIMIT 1)").fetchone()[0] > 0

    def band_missing_documents(self, bands_of) -> int:
        """Give LSH bands to stored documents that have a signature but none (stores older than the bands)."""
        rows = self.con.execute(
            """SELECT id, minhash FROM documents WHERE minhash IS NOT NULL
               AND id NOT IN (SELECT doc_id FROM document_bands)""").fetchall()
        if rows:
            with self.transaction() as con:
                insert_rows(con, "document_bands", [(doc_id, b, h) for doc_id, values in rows
                                                    for b, h in bands_of(values)])
        return len(rows)

    def documents(self, where: str = "TRUE", params: list[Any] | None = None) -> list[dict[str, Any]]:
        """Documents as dicts; `where` is a fixed SQL fragment from our code, values go in `params`."""
        cur = self.con.execute(
            f"""SELECT id, source_path, url, outlet, title, language, published, published_inferred,
                published_basis, published_granularity, outlet_basis, credits, text, duplicate_of, processed_at
                FROM documents WHERE {where} ORDER BY published NULLS LAST, id""",
            params or [],
        )
        cols = [d[0] for d in cur.description]
        return [dict(zip(cols, row)) for row in cur.fetchall()]

    def unprocessed_ids(self) -> list[str]:
        return [r[0] for r in self.con.execute(
            "SELECT id FROM documents WHERE processed_at IS NULL ORDER BY published NULLS LAST, id").fetchall()]

    # -- extraction results ----------------------------------------------------------------------------------
    def save_extraction(self, doc_id: str, sentences: list[tuple[int, int, int, str]],
                        mentions: list[tuple[str, int, int, str, dict]], event_mentions: list[dict]) -> None:
        """Replace everything extracted from one document and mark it processed, atomically."""
        self.save_extractions([(doc_id, sentences, mentions, event_mentions)])

    def save_extractions(self, results: list[tuple[str, list, list, list[dict]]]) -> None:
        """Several documents' extractions in one transaction and a few statements per table: what was stored
        for them is replaced, and they are marked processed (DuckDB pays per statement and per commit)."""
        if not results:
            return
        ids = [doc_id for doc_id, *_ in results]
        marks = ", ".join("?" for _ in ids)
        sentences, mentions, ems, claims = [], [], {}, []
        for doc_id, sents, ments, event_mentions in results:
            sentences += [(doc_id, *x) for x in sents]
            mentions += [(doc_id, k, a, b, t, json.dumps(rec, default=str)) for k, a, b, t, rec in ments]
            for em in event_mentions:
                d = em.get("date") or {}
                ems[em["id"]] = (em["id"], doc_id, em["start"], em["end"], em["trigger"], em["event_type"],
                                 em.get("mode"), em.get("status"), d.get("start"), d.get("end"),
                                 d.get("granularity"), json.dumps(em, default=str))
                for c in em.get("claims") or []:
                    claimant = (c.get("claimant") or {}).get("name")
                    claims.append((em["id"], doc_id, c["stance"], claimant, c.get("start"), c.get("end"),
                                   json.dumps(c, default=str)))
        with self.transaction() as con:
            for table in ("sentences", "mentions", "event_mentions", "claims"):
                con.execute(f"DELETE FROM {table} WHERE doc_id IN ({marks})", ids)
            insert_rows(con, "sentences", sentences)
            insert_rows(con, "mentions", mentions)
            insert_rows(con, "event_mentions", list(ems.values()), "INSERT OR REPLACE INTO")
            insert_rows(con, "claims", claims)
            con.execute(f"UPDATE documents SET processed_at = current_timestamp WHERE id IN ({marks})", ids)

    def event_mention_records(self) -> list[dict[str, Any]]:
        rows = self.con.execute("SELECT record FROM event_mentions ORDER BY doc_id, start_char, id").fetchall()
        return [json.loads(r[0]) for r in rows]

    # -- fused events ----------------------------------------------------------------------------------------
    def replace_events(self, records: list[dict[str, Any]]) -> None:
        """Every event rewritten (a full re-fusion); the fusion index is rebuilt by the next fusion. The alert index
        learns of the change from the caller: `refresh(store)` or `refresh(store, changed=...)`."""
        with self.transaction() as con:
            for table in ("event_links", "events", *event_index.present(con), *FUSION_INDEX, "machine_events"):
                con.execute(f"DELETE FROM {table}")
            con.execute("UPDATE fusion_state SET value = 'stale' WHERE name = 'index'")
            _bump_events_version(con)
            insert_rows(con, "events", [_event_row(r) for r in records])
            insert_rows(con, "event_links", _link_rows(records))
            event_index.write(con, records, replace=False)
            map_cells.rebuild(con)

    def event_records(self) -> list[dict[str, Any]]:
        rows = self.con.execute(
            "SELECT record FROM events ORDER BY date_start NULLS LAST, id").fetchall()
        return [json.loads(r[0]) for r in rows]

    # -- incremental fusion (panj/fuse/incremental.py) -------------------------------------------------------
    def fusion_index_stale(self) -> bool:
        row = self.con.execute("SELECT value FROM fusion_state WHERE name = 'index'").fetchone()
        return row is not None and row[0] == "stale"

    def unfused_mention_records(self) -> list[dict[str, Any]]:
        """Event mentions not yet linked to an event."""
        rows = self.con.execute(
            """SELECT record FROM event_mentions em
               WHERE NOT EXISTS (SELECT 1 FROM event_links l WHERE l.mention_id = em.id)
               ORDER BY doc_id, start_char, id""").fetchall()
        return [json.loads(r[0]) for r in rows]

    def events_by_id(self, ids: Iterable[str]) -> list[dict[str, Any]]:
        rows = self.con.execute("SELECT record FROM events WHERE id IN (SELECT unnest(?::VARCHAR[])) ORDER BY id",
                                [sorted(set(ids))]).fetchall()
        return [json.loads(r[0]) for r in rows]

    def source_rows(self, doc_ids: Iterable[str]) -> list[dict[str, Any]]:
        """What fusion needs of documents (no text): where it was read, outlet, url, publication, copy link, credits."""
        cur = self.con.execute(
            """SELECT id, source_path, outlet, url, published, published_granularity, duplicate_of, credits
               FROM documents WHERE id IN (SELECT unnest(?::VARCHAR[]))""", [sorted(set(doc_ids))])
        cols = [d[0] for d in cur.description]
        return [dict(zip(cols, row)) for row in cur.fetchall()]

    def events_of_documents(self, doc_ids: Iterable[str]) -> set[str]:
        return {r[0] for r in self.con.execute(
            """SELECT DISTINCT l.event_id FROM event_links l JOIN event_mentions em ON em.id = l.mention_id
               WHERE em.doc_id IN (SELECT unnest(?::VARCHAR[]))""", [sorted(set(doc_ids))]).fetchall()}

    def candidate_events(self, types: list[str], lookups: list[tuple[date, date, bool, tuple[str, ...]]],
                         keyed: bool = True, whole_family: bool = False) -> set[str]:
        """Ids of events of these types that the blocking lookup finds (panj/fuse/blocking.py): a member whose date
        window meets a lookup's (lo, hi) (already widened by the date tolerance), when both that member's date and
        the lookup's are precise, or the member shares one of the lookup's keys (`keyed` false: dates alone);
        `whole_family`: all of them."""
        if whole_family:
            sql = "SELECT DISTINCT event_id FROM member_blocks WHERE event_type IN (SELECT unnest(?::VARCHAR[]))"
            return {r[0] for r in self.con.execute(sql, [types]).fetchall()}
        if not lookups:
            return set()
        los, his, precise, keys = zip(*lookups)
        return {r[0] for r in self.con.execute(
            """SELECT DISTINCT b.event_id FROM member_blocks b,
                 (SELECT unnest(?::DATE[]) AS lo, unnest(?::DATE[]) AS hi, unnest(?::BOOLEAN[]) AS precise,
                         unnest(?::VARCHAR[][]) AS keys) q
               WHERE b.event_type IN (SELECT unnest(?::VARCHAR[])) AND b.date_lo <= q.hi AND b.date_hi >= q.lo
                 AND (NOT ? OR (q.precise AND b.precise) OR list_has_any(b.keys, q.keys))""",
            [list(los), list(his), list(precise), [list(k) for k in keys], types, keyed]).fetchall()}

    def sentence_keys(self, doc_ids: Iterable[str]) -> dict[str, set[str]]:
        out: dict[str, set[str]] = {}
        for d, k in self.con.execute("SELECT doc_id, key FROM event_sentences WHERE doc_id IN "
                                     "(SELECT unnest(?::VARCHAR[]))", [sorted(set(doc_ids))]).fetchall():
            out.setdefault(d, set()).add(k)
        return out

    def documents_sharing(self, keys: Iterable[str]) -> set[str]:
        return {r[0] for r in self.con.execute(
            "SELECT DISTINCT doc_id FROM event_sentences WHERE key IN (SELECT unnest(?::VARCHAR[]))",
            [sorted(set(keys))]).fetchall()}

    def copy_links(self, doc_ids: Iterable[str]) -> dict[str, str]:
        return dict(self.con.execute(
            "SELECT doc_id, original_id FROM document_copies WHERE doc_id IN (SELECT unnest(?::VARCHAR[]))",
            [sorted(set(doc_ids))]).fetchall())

    def documents_linked_to(self, doc_ids: Iterable[str]) -> set[str]:
        """Documents whose copy link or ingest link points at one of these."""
        ids = sorted(set(doc_ids))
        return {r[0] for r in self.con.execute(
            """SELECT doc_id FROM document_copies WHERE original_id IN (SELECT unnest(?::VARCHAR[]))
               UNION SELECT id FROM documents WHERE duplicate_of IN (SELECT unnest(?::VARCHAR[]))""",
            [ids, ids]).fetchall()}

    def save_fusion(self, records: list[dict[str, Any]], blocks: list[tuple],
                    sentences: list[tuple[str, str]], links: dict[str, str | None], view: Any = None) -> None:
        """Write what one fusion changed, in one transaction: the new or changed events (rows, links to their
        mentions, blocking rows: panj/fuse/blocking.py `member_rows`), new sentence keys, and copy links (None removes one). `view`: what
        users get of them once corrections apply (panj/corrections/replay.py); links and index follow `records`."""
        ids = [r["id"] for r in records]
        with self.transaction() as con:
            _bump_events_version(con)
            if view is None:
                with map_cells.follow(con, ids):
                    insert_rows(con, "events", [_event_row(r) for r in records], "INSERT OR REPLACE INTO")
                event_index.write(con, records)
                insert_rows(con, "alert_queue", [(i,) for i in ids])
            else:
                _write_view(con, view)
            insert_rows(con, "event_links", _link_rows(records), "INSERT OR IGNORE INTO")
            con.execute("DELETE FROM member_blocks WHERE event_id IN (SELECT unnest(?::VARCHAR[]))", [ids])
            insert_rows(con, "member_blocks", blocks)
            insert_rows(con, "event_sentences", sentences, "INSERT OR IGNORE INTO")
            gone = [d for d, o in links.items() if o is None]
            if gone:
                con.execute("DELETE FROM document_copies WHERE doc_id IN (SELECT unnest(?::VARCHAR[]))", [gone])
            insert_rows(con, "document_copies", [(d, o) for d, o in links.items() if o is not None],
                        "INSERT OR REPLACE INTO")
            con.execute("UPDATE fusion_state SET value = 'current' WHERE name = 'index'")
        self._keys_in_order()

    # -- corrections (panj/corrections/) ---------------------------------------------------------------------
    def machine_records(self, ids: Iterable[str]) -> list[dict[str, Any]]:
        """The machine's records of these events, as fusion built them (corrections set aside)."""
        return corrections.machine_records(self.con, ids)

    def machine_event_records(self) -> list[dict[str, Any]]:
        return corrections.all_machine_records(self.con)

    def save_corrections(self, entries: list[dict[str, Any]], view_of: Callable[[], Any]) -> Any:
        """Append entries to the corrections log and write what users now get (`view_of()`, computed after the
        append inside the same transaction), all or nothing; returns that view."""
        with self.transaction() as con:
            corrections.append(con, entries)
            view = view_of()
            _bump_events_version(con)
            _write_view(con, view)
        self._keys_in_order()
        return view

    def _keys_in_order(self) -> None:
        """After a write of events, in a transaction of its own: `event_keys` rewritten in key order when the rows
        appended since the last such rewrite call for it (panj/store/event_index.py `due`); a crash in the middle
        leaves the table as the write left it, and the next write does it."""
        if event_index.due(self.con):
            with self.transaction() as con:
                event_index.resort(con)

    def sentence_vectors(self, keys: Iterable[str], model: str) -> dict[str, list[float]]:
        """Stored sentence vectors by sentence key (panj/semantic/fusion.py)."""
        return dict(self.con.execute(
            "SELECT key, vec FROM sentence_vectors WHERE model = ? AND key IN (SELECT unnest(?::VARCHAR[]))",
            [model, sorted(set(keys))]).fetchall())

    def save_sentence_vectors(self, rows: list[tuple[str, list[float]]], model: str) -> None:
        with self.transaction() as con:
            insert_rows(con, "sentence_vectors", [(k, model, v) for k, v in rows], "INSERT OR IGNORE INTO")

    def events_version(self) -> int:
        """A number that changes with every write of events (what a cache of counts over them keys on)."""
        return self.con.execute("SELECT value FROM store_state WHERE name = 'events_version'").fetchone()[0]

    def counts(self) -> dict[str, int]:
        out = {}
        for table in ("documents", "skipped", "sentences", "mentions", "event_mentions", "claims", "events"):
            out[table] = self.con.execute(f"SELECT count(*) FROM {table}").fetchone()[0]
        out["near_duplicates"] = self.con.execute(
            "SELECT count(*) FROM documents WHERE duplicate_of IS NOT NULL").fetchone()[0]
        return out


def _bump_events_version(con: duckdb.DuckDBPyConnection) -> None:
    con.execute("UPDATE store_state SET value = value + 1 WHERE name = 'events_version'")


def _write_view(con: duckdb.DuckDBPyConnection, view: Any) -> None:
    """The corrected events users get (rows, side rows, map cells, alert queue), those they no longer get, the
    machine records kept beside them and each correction's state."""
    with map_cells.follow(con, [r["id"] for r in view.records] + sorted(view.hidden)):
        insert_rows(con, "events", [_event_row(r) for r in view.records], "INSERT OR REPLACE INTO")
        event_index.write(con, view.records)
        corrections.delete_events(con, view.hidden)
    corrections.write_state(con, view.machine, view.plain, view.states)
    insert_rows(con, "alert_queue", [(i,) for i in sorted(view.queued)])


def _event_row(r: dict[str, Any]) -> tuple:
    """The events table's columns: the record, and the fields the dashboard filters, sorts and lists by."""
    d = r.get("date") or {}
    p = main_place(r) or {}
    return (r["id"], r["event_type"], r.get("status"), d.get("start"), d.get("end"), d.get("granularity"),
            r.get("independent_sources"), json.dumps(r, default=str), r.get("summary"), r.get("confidence"),
            p.get("name"), p.get("lat"), p.get("lon"), p.get("precision"),
            sorted({row[3] for row in event_index.actor_rows(r)}) or None,
            sorted({row[2] for row in event_index.place_rows(r)}) or None)


def _link_rows(records: list[dict[str, Any]]) -> list[tuple[str, str]]:
    return list(dict.fromkeys((r["id"], mid) for r in records for mid in r.get("mention_ids") or []))

