"""The ingest job: read sources, refuse what cannot be used, drop exact copies, link near-copies, commit in batches.

A batch is committed in one transaction, so `kill -9` loses at most the batch in flight; documents are keyed by
the hash of their normalised text, so the re-run that completes the job inserts nothing twice.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Callable, Iterable

from panj.ingest import discover, read_source
from panj.ingest.base import DEFAULT_MAX_BYTES, IngestError, RawDoc, Skip, check_date, check_text, doc_id
from panj.ingest.dedup import NearDuplicateIndex, bands, signature
from panj.ingest.metadata import complete
from panj.store import Store


@dataclass
class IngestReport:
    sources: int = 0
    read: int = 0
    added: int = 0
    unchanged: int = 0  # already stored (same normalised text): re-ingesting is a no-op
    near_duplicates: int = 0
    skipped: list[Skip] = field(default_factory=list)
    stages: dict[str, float] = field(default_factory=dict)  # seconds per stage of the whole job
    events_changed: int = 0  # events the job's fusion inserted or updated (set by cli_common.run_pipeline)


def ingest(store: Store, paths: list[str], max_bytes: int = DEFAULT_MAX_BYTES, batch_size: int = 25,
           today: date | None = None, on_source: Callable[[str], None] | None = None,
           docs: Iterable[RawDoc | Skip] = ()) -> IngestReport:
    """`docs`: documents already read by the caller (feed items `panj watch` fetched), after those of `paths`."""
    report = IngestReport()
    index = NearDuplicateIndex(store)
    waiting: list[RawDoc] = []  # read and checked, not yet compared with the store
    batch: list[dict] = []
    links: list[tuple[str, str, str, float]] = []
    pending: set[str] = set()

    def flush() -> None:
        report.added += store.add_documents(batch, links)
        batch.clear()
        links.clear()
        pending.clear()

    def settle() -> None:
        """Compare the waiting texts with the store in one query; infer, sign and batch the new ones."""
        ids = [doc_id(d.text) for d in waiting]
        stored = store.stored_document_ids(ids)
        for item, id_ in zip(waiting, ids):
            if id_ in stored or id_ in pending:
                report.unchanged += 1
                continue
            try:
                doc = check_date(complete(item), today)
            except IngestError as e:
                report.skipped.append(Skip(item.source_path, str(e)))
                continue
            row = _row(doc)
            sig = signature(doc.text)
            row["bands"] = bands(sig.hashvalues)
            near = index.match(sig, row["bands"])
            if near:
                row["duplicate_of"] = near[0]
                links.append((row["id"], near[0], "near-duplicate", near[1]))
                report.near_duplicates += 1
            row["minhash"] = [int(v) for v in sig.hashvalues]
            index.add(row["id"], sig)
            batch.append(row)
            pending.add(row["id"])
            if len(batch) >= batch_size:
                flush()
        waiting.clear()

    def take(item: RawDoc | Skip) -> None:
        if isinstance(item, Skip):
            report.skipped.append(item)
            return
        report.read += 1
        try:
            waiting.append(check_text(item))
        except IngestError as e:
            report.skipped.append(Skip(item.source_path, str(e)))
            return
        if len(waiting) >= batch_size:
            settle()

    for source in discover(paths):
        report.sources += 1
        if on_source:
            on_source(str(source))
        for item in read_source(source, max_bytes):
            take(item)
    for item in docs:
        take(item)
    settle()
    flush()
    store.log_skipped([(s.source_path, s.reason) for s in report.skipped])
    return report


def _row(doc: RawDoc) -> dict:
    return {
        "id": doc_id(doc.text), "source_path": doc.source_path, "url": doc.url, "outlet": doc.outlet,
        "title": doc.title, "language": doc.language, "published": doc.published,
        "published_inferred": doc.published_inferred, "published_basis": doc.published_basis,
        "published_granularity": doc.published_granularity,
        "outlet_basis": doc.outlet_basis, "credits": doc.credits, "text": doc.text,
    }
