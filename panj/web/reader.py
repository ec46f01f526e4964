"""The dashboard's read-only handle on the store, kept open across a burst of requests and let go when idle.

Why: opening a DuckDB file costs some 25 ms, as much as answering most requests; but while this process holds
the file, an ingest in another process cannot write it (DuckDB allows one writer and no reader beside it). So the
handle lives from one request to the next and is closed after `idle` seconds without one; a writer that finds the
file held waits for it (`panj.store.db.Store`).
"""
from __future__ import annotations

import atexit
import threading
import weakref
from pathlib import Path
from typing import Any

IDLE_SECONDS = 1.0
_OPEN: "weakref.WeakSet[Reader]" = weakref.WeakSet()


@atexit.register
def _close_all() -> None:
    """Close every reader before the interpreter shuts down: an idle timer (a daemon thread) still closing a DuckDB
    handle while the interpreter finalises aborts the process."""
    for reader in list(_OPEN):
        with reader.lock:
            reader.close()


class Reader:
    def __init__(self, path: Path, lock: threading.Lock, idle: float = IDLE_SECONDS):
        self.path, self.lock, self.idle = path, lock, idle
        self.store: Any = None
        self.timer: threading.Timer | None = None
        _OPEN.add(self)

    def acquire(self) -> Any:
        """The open store (opened now if needed); the caller holds `lock` until `release`."""
        from panj.store import Store

        if self.timer is not None:
            self.timer.cancel()
            self.timer = None
        if self.store is None:
            self.store = Store(self.path, read_only=True)
        return self.store

    def release(self) -> None:
        """After a request: close the store unless another request comes within `idle` seconds."""
        self.timer = threading.Timer(self.idle, self._close_if_idle)
        self.timer.daemon = True
        self.timer.start()

    def close(self) -> None:
        """Close now (the caller holds `lock`): before this process writes, or on shutdown."""
        if self.timer is not None:
            self.timer.cancel()
            self.timer = None
        if self.store is not None:
            self.store.close()
            self.store = None

    def _close_if_idle(self) -> None:
        with self.lock:
            if self.timer is not None and self.timer is threading.current_thread():
                self.timer = None
                if self.store is not None:
                    self.store.close()
                    self.store = None


class SharedReader:
    """The handle of a dashboard served by the process that writes the store (`panj watch --serve`): a cursor of
    the writer's own open store (`Store.cursor`), which reads the last committed state while documents are
    processed, so pages never wait for the ingest and show new events as soon as they are committed."""

    def __init__(self, owner: Any):
        # made here, in the thread that owns `owner` (a DuckDB connection is not for two threads at once); request
        # handles are cursors of this one, made under the app's lock
        self.root = owner.cursor()
        self.store: Any = None

    def acquire(self) -> Any:
        if self.store is None:
            self.store = self.root.cursor()
        return self.store

    def release(self) -> None:
        """Nothing to let go: the file is this process's already."""

    def close(self) -> None:
        if self.store is not None:
            self.store.close()
            self.store = None
