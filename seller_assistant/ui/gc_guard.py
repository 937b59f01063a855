"""Garbage collection on the GUI thread only.

Python's cyclic collector runs in whichever thread happens to allocate; if that is a worker
thread and the cycle holds a Qt object of the GUI thread, Qt deletes it from the wrong thread and
the process can crash. So automatic collection is switched off and the GUI thread collects on a
timer, generation by generation, as the automatic collector would.
"""

from __future__ import annotations

import gc

from PySide6.QtCore import QObject, QTimer


class GuiThreadGarbageCollector(QObject):
    INTERVAL_MS = 500

    def __init__(self, parent: QObject) -> None:
        super().__init__(parent)
        self._thresholds = gc.get_threshold()
        gc.disable()
        self._timer = QTimer(self)
        self._timer.timeout.connect(self.check)
        self._timer.start(self.INTERVAL_MS)

    def check(self) -> None:
        counts = gc.get_count()
        for generation in (2, 1, 0):
            if counts[generation] > self._thresholds[generation]:
                # Until the startup heap is frozen (settle_startup) a full collection walks all of it
                # (25–50 ms while the window opens): the young generations only, till then.
                gc.collect(generation if _frozen else min(generation, 1))
                return


_frozen = False


def settle_startup() -> None:
    """What the app loaded to start (modules, the first pages, data files) lives as long as it does:
    moved out of the collector's sight once, so a full collection walks only what came since. Each
    full walk of it all held the GUI thread for ~50 ms. Once per process: frozen objects are never
    collected, so freezing again and again would keep garbage made in between."""
    global _frozen
    if not _frozen:
        _frozen = True
        gc.freeze()


def set_aside_loaded() -> None:
    """While the app starts (until settle_startup): what a warm-up worker just imported is set aside
    the same way, as it goes. Its modules' objects were all young, and the GUI thread's next
    collection of the young generations walked them (25 ms after importing the Today page and the
    tray). Only the startup's own garbage stays with them, once; no collection runs here, so nothing
    is deleted off the GUI thread."""
    if not _frozen:
        gc.freeze()


def install(app: QObject) -> None:
    if getattr(app, "_gc_guard", None) is None:
        app._gc_guard = GuiThreadGarbageCollector(app)
