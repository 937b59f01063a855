"""Risk figures computed off the GUI thread: one job at a time, and the latest request always wins."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QThreadPool, Signal, Slot

from seller_assistant.core.settings import ShopSettings
from seller_assistant.store import Store
from seller_assistant.ui.context import AppContext
from seller_assistant.ui.store_opener import worker_store_opener
from seller_assistant.ui.workers import start

# compute(store, shop_id or None for all shops, now, settings) -> result; runs on a pool thread with its own connection.
Compute = Callable[[Store, int | None, int, ShopSettings], Any]


class BackgroundLoader(QObject):
    """Runs `compute` on its own one-thread pool. Requests arriving while a job runs are folded
    into one re-run after it, so a burst of ticks and data changes costs at most two jobs and the
    window never waits on the store."""

    ready = Signal(object)  # the result of the latest finished job
    failed = Signal(str)

    def __init__(
        self,
        ctx: AppContext,
        compute: Compute,
        parent: QObject | None = None,
        shop: Callable[[], int | None] | None = None,
    ) -> None:
        super().__init__(parent)
        self._ctx = ctx
        # Which shop to compute for (a page's shop filter; None: all shops); default the window's shop.
        self._shop = shop
        self._compute = compute
        # A pool of our own: its destructor waits for a running job, so no job outlives its page.
        self._pool = QThreadPool(self)
        self._pool.setMaxThreadCount(1)
        self._running = False
        self._pending = False
        self._worker = None
        self.last: Any = None
        self.last_error: str = ""
        self.runs = 0

    @property
    def idle(self) -> bool:
        return not self._running and not self._pending

    def request(self) -> None:
        if self._running:
            self._pending = True
            return
        self._pending = False
        # Read everything the job needs here, on the GUI thread; the job touches no Qt object.
        open_own = worker_store_opener(self._ctx)
        try:
            shop_id = self._shop() if self._shop is not None else self._ctx.shop_id
            now, settings = self._ctx.now(), self._ctx.settings
        except sqlite3.ProgrammingError:
            return  # the window closed its store (closing, or File › Open store): nothing to show
        self._running = True
        compute = self._compute

        def job(_job) -> Any:
            store = open_own()
            try:
                return compute(store, shop_id, now, settings)
            finally:
                store.close()

        self._worker = start(job, self._finished, self._failed, pool=self._pool)

    def wait(self, msecs: int = 30_000) -> bool:
        """Block until the running job is done (tests, and closing the window)."""
        return self._pool.waitForDone(msecs)

    @Slot(object)
    def _finished(self, result: Any) -> None:
        self._running = False
        self.runs += 1
        self.last = result
        self.last_error = ""
        self.ready.emit(result)
        if self._pending:
            self.request()

    @Slot(str)
    def _failed(self, message: str) -> None:
        self._running = False
        self.runs += 1
        self.last_error = message
        self.failed.emit(message)
        if self._pending:
            self.request()
