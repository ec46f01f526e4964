"""One poll of every watched source: read what is new, ingest it, then extract, fuse and refresh alerts.

Folders: a file is read again only when its size or modification time changed since this process last read it
(the store drops texts it already holds, so the first poll after a restart costs a read of each file, no more).
Feeds: a conditional GET (ETag / Last-Modified) that a 304 answers with no body; items are dropped by URL when an
earlier poll read them, and by content hash at ingest (documents are keyed by the hash of their normalised text).
With `fetch_articles`, each new item's page is fetched and its main text (trafilatura) replaces the feed's summary.
"""
from __future__ import annotations

import threading
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from panj.data import load_yaml
from panj.ingest import discover
from panj.ingest.base import DEFAULT_MAX_BYTES, IngestError, RawDoc, Skip, decode, doc_id
from panj.ingest.fetch import Fetcher, FetchPolicy
from panj.watch import state
from panj.watch.state import Outcome


@dataclass
class PollReport:
    started: datetime
    outcomes: list[Outcome] = field(default_factory=list)
    new_docs: int = 0
    skipped: int = 0           # files or items refused (reasons in the store's `skipped` table)
    new_events: int = 0
    changed_events: int = 0    # inserted or updated by fusion (new ones included)
    stopped: bool = False
    resting: list[str] = field(default_factory=list)  # failing sources skipped this poll (backoff)

    @property
    def errors(self) -> list[Outcome]:
        return [o for o in self.outcomes if o.status == "error"]

    def line(self) -> str:
        """The one-line status `panj watch` prints after each poll."""
        errors = self.errors
        text = (f"{self.started:%Y-%m-%d %H:%M:%S} polled {len(self.outcomes)} source"
                f"{'' if len(self.outcomes) == 1 else 's'}: {self.new_docs} new document"
                f"{'' if self.new_docs == 1 else 's'}{f' ({self.skipped} skipped)' if self.skipped else ''}, "
                f"{self.new_events} new and "
                f"{max(self.changed_events - self.new_events, 0)} updated events, {len(errors)} error"
                f"{'' if len(errors) == 1 else 's'}")
        if errors:
            text += " (" + "; ".join(f"{o.source}: {o.error}" for o in errors[:3]) + ("; …" if len(errors) > 3 else "") + ")"
        if self.resting:
            text += f", {len(self.resting)} failing source{'' if len(self.resting) == 1 else 's'} left for later"
        return text + (" — stopped early" if self.stopped else "")


def is_feed(source: str) -> bool:
    return source.startswith(("http://", "https://"))


class Watcher:
    """Polls `sources` into `store`; `stop` (set by Ctrl-C or SIGTERM) ends a poll at the next safe point."""

    def __init__(self, store, sources: list[str], policy: FetchPolicy | None = None, fetch_articles: bool = False,
                 stop: threading.Event | None = None, max_bytes: int = DEFAULT_MAX_BYTES):
        self.store, self.fetch_articles, self.max_bytes = store, fetch_articles, max_bytes
        # a folder is known by its absolute path, so a watch started from another directory finds its state
        self.sources = list(dict.fromkeys(s if is_feed(s) else str(Path(s).expanduser().resolve()) for s in sources))
        self.stop = stop or threading.Event()
        self.fetcher = Fetcher(policy or FetchPolicy.configured(max_bytes=max_bytes), self.stop)
        self.files: dict[str, tuple[int, int]] = {}  # path -> (size, mtime_ns) when this process read it
        self.polls = 0
        self.failures: dict[str, int] = {}  # source -> failed polls in a row
        self.rest: dict[str, int] = {}  # source -> polls still to skip: 0, 1, 3, 7, … after 1, 2, 3, 4 failures
        self.max_rest = int((load_yaml("ingest.yaml").get("fetch") or {}).get("failing_source_max_skip", 15))

    def poll(self) -> PollReport:
        from panj.cli_common import run_pipeline

        report = PollReport(started=datetime.now())
        events_before = self._event_count()
        for source in self.sources:
            if self.stop.is_set():
                report.stopped = True
                break
            if self.rest.get(source, 0) > 0:
                self.rest[source] -= 1
                report.resting.append(source)
                continue
            outcome = self._poll_feed(source) if is_feed(source) else self._poll_folder(source)
            failures = self.failures[source] = self.failures.get(source, 0) + 1 if outcome.status == "error" else 0
            self.rest[source] = min(2 ** failures // 2 - 1, self.max_rest) if failures else 0
            report.outcomes.append(outcome)
            report.new_docs += outcome.new
            report.skipped += outcome.skipped
        # the first poll also finishes what an interrupted run left (unprocessed documents, unfused mentions)
        if not self.stop.is_set() and (report.new_docs or self.polls == 0 or self.store.unprocessed_ids()):
            ran = run_pipeline(self.store, [], self.max_bytes, stop=self.stop.is_set)
            report.changed_events = ran.events_changed
        report.stopped = report.stopped or self.stop.is_set()
        report.new_events = self._event_count() - events_before
        self.polls += 1
        return report

    # -- folders ---------------------------------------------------------------------------------------------
    def _poll_folder(self, source: str) -> Outcome:
        from panj.ingest.run import ingest

        if not Path(source).exists():
            return self._record(Outcome(source, "folder", "error", error="no such file or folder"))
        found, changed = 0, []
        for path in discover([source]):
            found += 1
            try:
                st = path.stat()
            except OSError:
                continue  # gone since it was listed
            key = (st.st_size, st.st_mtime_ns)
            if self.files.get(str(path)) != key:
                changed.append((str(path), key))
        ran = ingest(self.store, [p for p, _ in changed], max_bytes=self.max_bytes)
        self.files.update(changed)
        return self._record(Outcome(source, "folder", "ok", seen=found, new=ran.added, skipped=len(ran.skipped)))

    # -- feeds -----------------------------------------------------------------------------------------------
    def _poll_feed(self, url: str) -> Outcome:
        from panj.ingest.feed import parse_feed
        from panj.ingest.run import ingest

        etag, modified = state.validators(self.store, url)
        try:
            got = self.fetcher.get(url, etag, modified)
            if got.not_modified:
                return self._record(Outcome(url, "feed", "not modified"))
            title, entries = parse_feed(got.body, url)
        except IngestError as e:
            return self._record(Outcome(url, "feed", "error", error=str(e)))
        seen = state.seen_urls(self.store, [e.key for e in entries if e.key])
        fresh = {}  # key -> item; a key repeated within the feed is read once
        for n, e in enumerate(entries):
            if e.key in seen:
                continue
            fresh.setdefault(e.key or f"#{n}", e.item)
        docs: list[RawDoc | Skip] = []
        for item in fresh.values():
            if self.stop.is_set():
                break  # the items not read yet stay unseen: the next poll takes them
            docs.append(self._article(item, url) if self.fetch_articles and isinstance(item, RawDoc) and item.url
                        else item)
        ran = ingest(self.store, [], max_bytes=self.max_bytes, docs=docs)
        stored = self.store.stored_document_ids([doc_id(d.text) for d in docs if isinstance(d, RawDoc)])
        # every item read is remembered (a refused one too: refetching it would be refused again)
        items = [(key, url, doc_id(d.text) if isinstance(d, RawDoc) and doc_id(d.text) in stored else None)
                 for key, d in zip(fresh, docs)]
        complete = len(docs) == len(fresh)  # a poll cut short keeps the old validators, so the next one reads all
        return self._record(Outcome(url, "feed", "ok", seen=len(entries), new=ran.added, skipped=len(ran.skipped),
                                    title=title,
                                    etag=got.etag if complete else None,
                                    last_modified=got.last_modified if complete else None),
                            [i for i in items if not i[0].startswith("#")])

    def _article(self, item: RawDoc, feed_url: str) -> RawDoc:
        """The item's page, its main text extracted; the feed's own text when the page cannot be read or its link
        leads off the feed's host to a private or local address."""
        from panj.ingest.html import from_html

        try:
            got = self.fetcher.get(item.url, origin=feed_url)
            page = from_html(decode(got.body, item.url), source=item.url, url=item.url)
        except IngestError:
            return item
        page.title = page.title or item.title
        page.outlet, page.outlet_basis = (page.outlet, page.outlet_basis) if page.outlet else (item.outlet,
                                                                                              item.outlet_basis)
        if page.published is None:
            page.published, page.published_basis = item.published, item.published_basis
        return page

    # -- helpers ---------------------------------------------------------------------------------------------
    def _record(self, outcome: Outcome, items: list[tuple[str, str, str | None]] = ()) -> Outcome:
        state.record(self.store, outcome, items)
        return outcome

    def _event_count(self) -> int:
        return self.store.con.execute("SELECT count(*) FROM events").fetchone()[0]


def wait(stop: threading.Event, seconds: float) -> bool:
    """Sleep until the next poll; True when stopped meanwhile."""
    return stop.wait(max(seconds, 0.0)) or stop.is_set()

