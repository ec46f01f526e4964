"""The embedded store: one DuckDB file, migrated on open, written in transactions.

Every write happens inside `transaction()`, so a process killed at any moment leaves the store as it was at the
last commit; every insert is keyed by content hashes, so a re-run adds nothing twice. SQL is parameterised.
"""
from __future__ import annotations

import json
from contextlib import contextmanager
from pathlib import Path
from typing import Any, Iterator

import duckdb

from panj.store import event_index
from panj.store.bulk import insert_rows
from panj.store.schema import MIGRATIONS


class Store:
    def __init__(self, path: Path | str, read_only: bool = False):
        self.path = Path(path)
        if not read_only:
            self.path.parent.mkdir(parents=True, exist_ok=True)
        self.con = duckdb.connect(str(self.path), read_only=read_only)
        if not read_only:
            self._migrate()

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
    def has_document(self, doc_id: str) -> bool:
        return self.con.execute("SELECT 1 FROM documents WHERE id = ?", [doc_id]).fetchone() is not None

    def add_documents(self, rows: list[dict[str, Any]], links: list[tuple[str, str, str, float]]) -> int:
        """Insert new documents (ignoring ones already stored) and their links, in one transaction and one
        statement per table."""
        if not rows and not links:
            return 0
        with self.transaction() as con:
            stored = {r[0] for r in con.execute("SELECT id FROM documents WHERE id IN (SELECT unnest(?::VARCHAR[]))",
                                                [[r["id"] for r in rows]]).fetchall()}
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
        return len(new)

    def log_skipped(self, items: list[tuple[str, str]]) -> None:
        if not items:
            return
        with self.transaction() as con:
            con.executemany("INSERT OR IGNORE INTO skipped (source_path, reason) VALUES (?, ?)", items)

    def minhashes(self) -> list[tuple[str, list[int]]]:
        return self.con.execute(
            "SELECT id, minhash FROM documents WHERE minhash IS NOT NULL ORDER BY ingested_at, id"
        ).fetchall()

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
        with self.transaction() as con:
            for table in ("event_links", "events", "event_actors", "event_places"):
                con.execute(f"DELETE FROM {table}")
            rows, links = [], {}
            for r in records:
                d = r.get("date") or {}
                rows.append((r["id"], r["event_type"], r.get("status"), d.get("start"), d.get("end"),
                             d.get("granularity"), r.get("independent_sources"), json.dumps(r, default=str)))
                for mid in r.get("mention_ids") or []:
                    links[(r["id"], mid)] = (r["id"], mid)
            insert_rows(con, "events", rows)
            insert_rows(con, "event_links", list(links.values()))
            event_index.write(con, records, replace=False)

    def event_records(self) -> list[dict[str, Any]]:
        rows = self.con.execute(
            "SELECT record FROM events ORDER BY date_start NULLS LAST, id").fetchall()
        return [json.loads(r[0]) for r in rows]

    def counts(self) -> dict[str, int]:
        out = {}
        for table in ("documents", "skipped", "sentences", "mentions", "event_mentions", "claims", "events"):
            out[table] = self.con.execute(f"SELECT count(*) FROM {table}").fetchone()[0]
        out["near_duplicates"] = self.con.execute(
            "SELECT count(*) FROM documents WHERE duplicate_of IS NOT NULL").fetchone()[0]
        return out
