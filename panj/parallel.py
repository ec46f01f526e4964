"""Parse and extract in several processes, on this machine or on a Dask cluster, while one writer owns the store.

Why this shape: parsing and extraction are nearly all of an ingest's cost and need nothing from the store but a
document's text and context, so they travel; fusion, alerts and the store stay in the one writing process (DuckDB
allows one writer per file). A task is a chunk of documents as plain data and its answer is plain data too
(`panj.pipeline.extract_chunk`, the one function every runner calls). Chunks are the batches the single-process
path parses, in the store's order, and answers are saved in that order, one transaction per chunk, so the output
is the same whoever extracts: this process, a pool of worker processes, or Dask workers.
"""
from __future__ import annotations

import gc
import os
import threading
import time
from collections import deque
from concurrent.futures import Future
from datetime import date
from functools import lru_cache
from typing import Any, Callable, Iterable, Iterator

from panj.pipeline import CHUNK, Extraction, Job, extract_chunk, map_chunks

CONNECT_TIMEOUT = "20s"
ORPHAN_CHECK_SECONDS = 1.0


class ClusterUnreachable(RuntimeError):
    """`--scheduler` names no running Dask scheduler; nothing has been read yet."""


YOUNG_GC_THRESHOLD = 10_000  # GC CPU over 600 news texts in one process: 0.84 s at 700, 0.56 s at 10,000
WARM_TEXT = "Border guards said on Monday that militants fired on a post near the river crossing."


@lru_cache(maxsize=1)
def warm() -> None:
    """Load the model, knowledge base, gazetteer and lexicons once per extracting process, before its first chunk,
    then freeze them for the garbage collector: they live as long as the process, and its full collections (a
    tenth of a second each, dozens in a backfill) otherwise walk all of them again and again."""
    extract_chunk([("warm", WARM_TEXT, {"published": date(2022, 5, 9)})])
    gc.collect()  # what loading left behind is freed now, not kept for ever by the freeze
    gc.freeze()
    # a parse and its extraction allocate containers by the hundred thousand, nearly all freed by reference
    # counting: a young-generation pass every 700 of them (Python's default) mostly finds nothing to collect
    gc.set_threshold(YOUNG_GC_THRESHOLD, *gc.get_threshold()[1:])


def start_worker() -> None:
    """A pool worker's start: it ends itself when the writer is gone (`kill -9` leaves the pool's queue open,
    and an orphan would wait on it for ever), then loads what extraction needs."""
    parent = os.getppid()

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(ORPHAN_CHECK_SECONDS)
        os._exit(1)

    threading.Thread(target=watch, name="panj-orphan-watch", daemon=True).start()
    warm()


def in_order(submit: Callable[..., Future], chunks: Iterable[list[Job]], window: int) -> Iterator[list[Extraction]]:
    """Answers of `extract_chunk` over `chunks`, in the chunks' order, with at most `window` chunks in flight:
    memory stays bounded however large the backfill, and workers have the next chunks while the writer saves."""
    pending: deque[Future] = deque()
    for jobs in chunks:
        pending.append(submit(extract_chunk, jobs))
        if len(pending) >= window:
            yield pending.popleft().result()
    while pending:
        yield pending.popleft().result()


class Runner:
    """Where chunks are extracted: here (`workers=1`), in a pool of up to `workers` processes, or on the Dask
    cluster at `scheduler`. The pool starts with the first chunks and no larger than they need, so a small
    ingest (or a watch's poll) stays in this process; closing the runner stops it."""

    def __init__(self, workers: int = 1, scheduler: str | None = None) -> None:
        if workers < 1:
            raise ValueError("workers must be at least 1")
        self.workers, self.scheduler = workers, scheduler
        self._pool: Any = None
        self._client: Any = None

    def __enter__(self) -> "Runner":
        if self.scheduler:
            from distributed import Client

            try:
                self._client = Client(self.scheduler, timeout=CONNECT_TIMEOUT)
            except (OSError, TimeoutError) as exc:
                raise ClusterUnreachable(f"cannot reach the Dask scheduler at {self.scheduler}: {exc}") from exc
        return self

    def __exit__(self, *exc: object) -> None:
        if self._pool is not None:
            self._pool.shutdown(wait=True, cancel_futures=True)
            self._pool = None
        if self._client is not None:
            self._client.close()
            self._client = None

    def describe(self, documents: int) -> str:
        """Where `documents` documents will be extracted, for the progress bar."""
        if self._client is not None:
            return f"on {len(self._client.nthreads())} Dask workers"
        size = self._size(-(-documents // CHUNK))
        return f"in {size} processes" if size > 1 else "in this process"

    def _size(self, chunks: int) -> int:
        return min(self.workers, chunks)

    def map(self, chunks: Iterable[list[Job]], count: int = 0) -> Iterator[list[Extraction]]:
        """`extract_chunk` over `count` chunks, answers in their order (what `panj.pipeline.process` runs)."""
        if self._client is not None:
            client = self._client
            window = 2 * max(1, sum(client.nthreads().values()))
            return in_order(lambda fn, jobs: client.submit(fn, jobs, pure=False), chunks, window)
        size = self._size(count)
        if size <= 1:
            if count:
                warm()
            return map_chunks(chunks)
        if self._pool is None:
            import multiprocessing
            from concurrent.futures import ProcessPoolExecutor

            # spawn, not fork: the writer holds DuckDB's threads and handles, which a fork would copy
            self._pool = ProcessPoolExecutor(size, mp_context=multiprocessing.get_context("spawn"),
                                             initializer=start_worker)
        return in_order(self._pool.submit, chunks, 2 * size)
