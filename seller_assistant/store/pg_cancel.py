"""Stopping a shared store's running query when its job is cancelled: SQLite's progress handler, on PostgreSQL.

sqlite3 calls a progress handler every few thousand steps of a query and stops the query when it
returns non-zero: a search replaced by the next keystroke ends at once instead of reading on for
seconds while the newer one waits behind it (ui/workers.stopped_inside_sqlite). psycopg has no such
hook, so while a handler is set a watcher thread asks it every few milliseconds and, when it says
stop, asks the server to cancel the connection's running statement (libpq's cancel request, on a
connection of its own). The statement then fails with QueryCanceled, which PgConnection turns into
the sqlite3.OperationalError("interrupted") the workers already handle.
"""

from __future__ import annotations

import threading
from collections.abc import Callable

import psycopg

POLL_SECONDS = 0.01


class CancelWatcher:
    """One connection's watcher: `watch(handler)` starts asking, `watch(None)` stops."""

    def __init__(self, raw: psycopg.Connection) -> None:
        self._raw = raw
        self._stop: threading.Event | None = None
        self.fired = False  # a cancel was requested since the handler was set

    def watch(self, handler: Callable[[], int] | None) -> None:
        if self._stop is not None:
            self._stop.set()
            self._stop = None
        self.fired = False
        if handler is None:
            return
        stop = threading.Event()
        self._stop = stop
        threading.Thread(target=self._run, args=(handler, stop), name="pg-cancel", daemon=True).start()

    def _run(self, handler: Callable[[], int], stop: threading.Event) -> None:
        while not stop.wait(POLL_SECONDS):
            if handler():
                self.fired = True
                # The job stays cancelled: every statement it still starts is cancelled too, until
                # it stops watching (a request that arrives between two statements cancels nothing).
                if not self._raw.closed:
                    try:
                        self._raw.cancel_safe(timeout=5)
                    except psycopg.Error:
                        pass  # the server is gone: the query fails on its own
                stop.wait(0.1)
