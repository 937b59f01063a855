"""Long work off the GUI thread: a QRunnable that reports progress and its result by signals."""

from __future__ import annotations

import sqlite3
import threading
import traceback
import weakref
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

import shiboken6
from PySide6.QtCore import QCoreApplication, QObject, QRunnable, QThreadPool, Signal

from seller_assistant.activity_log import get_logger, log_unexpected
from seller_assistant.core.errors import UserError
from seller_assistant.ui.i18n import fill


class Cancelled(Exception):
    """Raised inside a job when the user pressed Cancel; the job's transaction rolls back."""


class WorkerSignals(QObject):
    progress = Signal(int, int)  # done, total (total 0: unknown)
    finished = Signal(object)  # the job's return value
    failed = Signal(str)  # one sentence for the user

    def release(self, *_result) -> None:
        """The result reached the GUI thread: the worker may go."""
        for worker in [w for w in _running if w.signals is self]:
            _running.discard(worker)


class Job:
    """What a running job can see: report progress, and notice a cancel request."""

    def __init__(self, signals: WorkerSignals) -> None:
        self._signals = signals
        self._cancel = threading.Event()

    def progress(self, done: int, total: int = 0) -> None:
        if self._cancel.is_set():
            raise Cancelled()
        self._signals.progress.emit(done, total)

    def cancel(self) -> None:
        self._cancel.set()

    @property
    def cancelled(self) -> bool:
        return self._cancel.is_set()


class Worker(QRunnable):
    """Runs `fn(job)` on the thread pool. The function opens its own store connection:
    SQLite connections belong to the thread that made them."""

    def __init__(self, fn: Callable[[Job], Any]) -> None:
        super().__init__()
        self.signals = WorkerSignals()
        self.job = Job(self.signals)
        self._fn = fn
        # Python owns the worker (and its signals) until the result reached the GUI thread: a pool
        # deleting it under PySide after run() would leave queued signals with a dead sender.
        self.setAutoDelete(False)

    def run(self) -> None:
        try:
            result = self._fn(self.job)
        except Cancelled:
            self.signals.failed.emit("")  # empty: cancelled by the user, nothing to report
        except UserError as exc:
            self.signals.failed.emit(str(exc))
        except Exception as exc:  # noqa: BLE001 - reported to the user, never swallowed silently
            log_unexpected(exc)
            traceback.print_exc()
            message = QCoreApplication.translate(
                "Worker", "An unexpected problem stopped this task ({problem})."
            )
            self.signals.failed.emit(fill(message, problem=f"{exc.__class__.__name__}: {exc}"))
        else:
            self.signals.finished.emit(result)


_running: set[Worker] = set()
# Every pool a job was started on (the global one and the pages' own one-thread pools), so the
# whole window's background work can be waited for at once; a pool goes when its page goes.
_pools: weakref.WeakSet[QThreadPool] = weakref.WeakSet()


# SQLite steps between two looks at `job.cancelled` (0.2–1.2 ms at 17–87 M steps/s here). Each look
# is a Python call, so it takes the interpreter's lock: every 1 000 steps, two workers walking 1 M
# orders (a sort's count and its page marks) took it some 50 000 times a second each, and the GUI
# thread, which takes it for every Python override a layout or paint looks up, ran its turns at half
# speed beside them.
CANCEL_CHECK_STEPS = 20_000


@contextmanager
def stopped_inside_sqlite(conn: sqlite3.Connection, job: Job) -> Iterator[None]:
    """A cancelled job stops inside SQLite at its next check, not when its query ends (a search
    replaced by the next keystroke); its interrupted query raises Cancelled."""
    conn.set_progress_handler(lambda: 1 if job.cancelled else 0, CANCEL_CHECK_STEPS)
    try:
        yield
    except sqlite3.OperationalError:
        if job.cancelled:
            raise Cancelled() from None
        raise
    finally:
        conn.set_progress_handler(None, CANCEL_CHECK_STEPS)


# What PySide raises when Python code touches a widget or signal whose C++ side is gone.
_GONE = ("Internal C++ object", "Signal source has been deleted", "already deleted")
# What a store the window closed raises (sqlite3's words; a shared store's connection says the same):
# File › Open store closes the old store as soon as its window is told to go, before that window's
# last results are delivered.
_CLOSED = "closed database"


def _unless_gone(callback: Callable[..., None]) -> Callable[..., None]:
    """A result may arrive after the window that asked for it closed (the shop closed it, or moved
    to another store): its callback then touches deleted Qt objects or the closed store. That answer
    has nowhere to go, so it is dropped with a log line instead of surfacing as an error in whatever
    runs next."""

    def deliver(*args: Any) -> None:
        try:
            callback(*args)
        except (RuntimeError, sqlite3.ProgrammingError) as exc:
            marks = _GONE if isinstance(exc, RuntimeError) else (_CLOSED,)
            if not any(mark in str(exc) for mark in marks):
                raise
            get_logger("workers").info("a result arrived after its window closed; dropped (%s)", exc)

    return deliver


# The same for a step deferred to a later turn of the event loop (ui/window_opening.py).
unless_gone = _unless_gone


def start(
    fn: Callable[[Job], Any],
    on_finished: Callable[[Any], None] | None = None,
    on_failed: Callable[[str], None] | None = None,
    on_progress: Callable[[int, int], None] | None = None,
    pool: QThreadPool | None = None,
) -> Worker:
    worker = Worker(fn)
    _running.add(worker)
    # A bound method of the signals object, not a lambda holding the worker: no reference cycle
    # for the garbage collector to break later, possibly on another thread.
    worker.signals.finished.connect(worker.signals.release)
    worker.signals.failed.connect(worker.signals.release)
    if on_finished:
        worker.signals.finished.connect(_unless_gone(on_finished))
    if on_failed:
        worker.signals.failed.connect(_unless_gone(on_failed))
    if on_progress:
        worker.signals.progress.connect(_unless_gone(on_progress))
    if pool is None:
        QThreadPool.globalInstance().start(worker)
    else:
        _pools.add(pool)  # held by its page: the global one's wrapper would not outlive this call
        pool.start(worker)
    return worker


def deliver_all(msecs: int = 30_000) -> None:
    """Wait for every pool's jobs and hand their results to their callbacks, until no result
    starts another job (a read folded into a re-run). For tests: a test's store fixture closes its
    store only after every answer reached its page."""
    for _round in range(20):
        pools = [QThreadPool.globalInstance(), *(each for each in list(_pools) if shiboken6.isValid(each))]
        for each in pools:
            each.waitForDone(msecs)
        QCoreApplication.processEvents()
        if not any(each.activeThreadCount() for each in pools):
            QCoreApplication.processEvents()  # a job that ended between the two looks
            return
