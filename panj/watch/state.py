"""Per-source state of `panj watch` in the store (`sources`, `feed_items`): what `panj sources` and the dashboard's
Sources page show, and what the next poll needs (validators for a conditional GET, item URLs already read).

Why written after the documents: a poll's state is saved only once its documents are committed, so a poll cut
short is simply repeated (the store drops what it already holds), and no feed answers 304 for items never stored.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any

COLUMNS = ("source", "kind", "title", "last_poll", "last_success", "last_status", "last_error", "last_error_at",
           "failures", "polls", "items_seen", "items_new", "items_total", "etag", "last_modified")


@dataclass
class Outcome:
    """One source's part of one poll."""
    source: str
    kind: str                      # feed | folder
    status: str                    # ok | not modified | error
    seen: int = 0                  # feed entries, or files found
    new: int = 0                   # documents added to the store
    skipped: int = 0               # refused at ingest (this poll only; reasons in `skipped`)
    error: str | None = None
    title: str | None = None
    etag: str | None = None
    last_modified: str | None = None


def rows(con: Any) -> list[dict[str, Any]]:
    """Every watched source, feeds first, with its state."""
    cur = con.execute(f"SELECT {', '.join(COLUMNS)} FROM sources ORDER BY kind, source")
    return [dict(zip(COLUMNS, r)) for r in cur.fetchall()]


def validators(store: Any, source: str) -> tuple[str | None, str | None]:
    """(ETag, Last-Modified) of the source's last successful answer."""
    row = store.con.execute("SELECT etag, last_modified FROM sources WHERE source = ?", [source]).fetchone()
    return (row[0], row[1]) if row else (None, None)


def seen_urls(store: Any, urls: list[str]) -> set[str]:
    """Which of these feed item URLs an earlier poll read (one query for a feed's items)."""
    if not urls:
        return set()
    return {r[0] for r in store.con.execute(
        "SELECT url FROM feed_items WHERE url IN (SELECT unnest(?::VARCHAR[]))", [urls]).fetchall()}


def record(store: Any, o: Outcome, items: list[tuple[str, str, str | None]] = ()) -> None:
    """Save one poll's outcome for a source, and the feed items it read as (url, source, doc id), in one
    transaction. An error keeps the validators and counts of the last success."""
    with store.transaction() as con:
        con.execute("INSERT OR IGNORE INTO sources (source, kind) VALUES (?, ?)", [o.source, o.kind])
        if o.status == "error":
            con.execute("""UPDATE sources SET last_poll = current_timestamp, last_status = 'error', last_error = ?,
                           last_error_at = current_timestamp, failures = failures + 1, polls = polls + 1
                           WHERE source = ?""", [o.error, o.source])
        else:
            con.execute("""UPDATE sources SET last_poll = current_timestamp, last_success = current_timestamp,
                           last_status = ?, failures = 0, polls = polls + 1, title = coalesce(?, title),
                           items_seen = ?, items_new = ?, items_total = items_total + ?,
                           etag = coalesce(?, etag), last_modified = coalesce(?, last_modified)
                           WHERE source = ?""",
                        [o.status, o.title, o.seen, o.new, o.new, o.etag, o.last_modified, o.source])
        if items:
            con.executemany("INSERT OR IGNORE INTO feed_items (url, source, doc_id) VALUES (?, ?, ?)",
                            [list(i) for i in items])
