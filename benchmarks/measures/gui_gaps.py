"""A 5 ms timer on the GUI thread whose longest gap says how long the window could not respond,
and a wait that keeps the event loop turning (for the typing benchmarks)."""

from __future__ import annotations

import time

from PySide6.QtCore import QTimer
from PySide6.QtTest import QTest


class GapTimer:
    """Ticks every 5 ms; `restart()` begins a step, `longest_ms()` is its longest gap so far."""

    def __init__(self) -> None:
        self._gaps: list[float] = []
        self._last = time.perf_counter()
        self._timer = QTimer()
        self._timer.timeout.connect(self._tick)
        self._timer.start(5)

    def _tick(self) -> None:
        now = time.perf_counter()
        self._gaps.append(now - self._last)
        self._last = now

    def restart(self) -> float:
        self._gaps.clear()
        self._last = time.perf_counter()
        return self._last

    def longest_ms(self) -> float:
        return max(self._gaps, default=0) * 1000

    def stop(self) -> None:
        self._timer.stop()


def wait(condition, limit_s: float = 300) -> None:
    """Process events until `condition()` holds (or `limit_s` passed)."""
    end = time.time() + limit_s
    while not condition() and time.time() < end:
        QTest.qWait(1)
