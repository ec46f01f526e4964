"""The library's writing entry points: `panj.ingest`, and an analyst's `panj.correct`, `panj.merge`, `panj.split`.

Why through `PanjStore.writing()`: DuckDB allows one writer per file and, within one process, no read-only handle
beside it, so a notebook that holds a store open read-only must let it go for the write and get it back after.
"""
from __future__ import annotations

from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Iterable, Iterator

from panj.ingest.base import DEFAULT_MAX_BYTES
from panj.library.reader import PanjStore

if TYPE_CHECKING:
    from panj.ingest.run import IngestReport
    from panj.store import Store


def ingest(store: str | Path | PanjStore, paths: str | Path | Iterable[str | Path], max_bytes: int = DEFAULT_MAX_BYTES,
           extract: bool = True) -> "IngestReport":
    """Read files, folders (recursed), feed URLs or WARCs into the store, extract their events, fuse them and
    refresh the alerts: `panj ingest` without the progress bars. `store` is a path (created when missing) or a
    store from `panj.open`. Safe to re-run: stored texts are not added twice. Sources that cannot be used are
    listed in the report's `skipped` (path and one-line reason) and logged in the store; the rest go on."""
    from panj.cli_common import run_pipeline

    sources = [str(paths)] if isinstance(paths, (str, Path)) else [str(p) for p in paths]
    with _writing(store) as writer:
        return run_pipeline(writer, sources, max_bytes, extract, progress_bars=False)


@contextmanager
def _writing(store: str | Path | PanjStore) -> Iterator[Store]:
    """A writable Store for the block: through a store from `panj.open`, or opened on a path (created if missing)."""
    if isinstance(store, PanjStore):
        with store.writing() as writer:
            yield writer
        return
    with PanjStore(store, read_only=False) as opened, opened.writing() as writer:
        yield writer


def correct(store: str | Path | PanjStore, event_id: str | None = None, *, note: str, by: str | None = None,
            reject: bool = False, withdraw: str | None = None, **fields: str) -> list[str]:
    """An analyst's correction, as `panj correct` records it: `panj.correct(store, "evt_…", event_type="COERCE",
    date="2022-05-07..2022-05-08", note="…")` sets fields (event_type, mode, status, date, place, actors,
    recipients, as the CLI writes their values), `reject=True` hides a non-event, `withdraw="cor_…"` withdraws an
    earlier correction. It goes into the append-only log that fusion re-applies, so no later ingest undoes it.
    Returns what changed, one line each; a bad id, field or value raises `CorrectionError` with nothing written."""
    from panj.corrections import entries
    from panj.corrections.fields import CorrectionError

    if sum([bool(fields), reject, withdraw is not None]) != 1:
        raise CorrectionError("give exactly one of FIELD=VALUE keywords, reject=True or withdraw=CORRECTION_ID")
    if withdraw is None and not event_id:
        raise CorrectionError("give the event id to correct")
    with _writing(store) as writer:
        if withdraw is not None:
            outcome = entries.withdraw(writer, withdraw, note, by)
        elif reject:
            outcome = entries.reject(writer, event_id, note, by)
        else:
            outcome = entries.set_fields(writer, event_id, [f"{k}={v}" for k, v in fields.items()], note, by)
    return outcome.lines()


def merge(store: str | Path | PanjStore, event_ids: Iterable[str], *, note: str, by: str | None = None) -> list[str]:
    """Merge events that are one real-world event (the first keeps its id), as `panj merge` does."""
    from panj.corrections import entries

    with _writing(store) as writer:
        return entries.merge(writer, list(event_ids), note, by).lines()


def split(store: str | Path | PanjStore, event_id: str, mention_ids: Iterable[str], *, note: str,
          by: str | None = None) -> list[str]:
    """Split mentions off an event into an event of their own, as `panj split` does."""
    from panj.corrections import entries

    with _writing(store) as writer:
        return entries.split(writer, event_id, list(mention_ids), note, by).lines()
