"""Run something once a widget has painted for the first time.

A page's first show builds, lays out and paints dozens of widgets, and every virtual call Qt makes
on a PySide widget (sizeHint, paintEvent…) first takes the GIL to look for a Python override. A
worker started in the same turn (the page's first read) runs Python meanwhile, and each of those
calls waits its turn behind it: the page's own reads held its first show 10–15 ms longer at a
million orders. Started after the first paint, they run while the shop looks at the page.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QWidget

from seller_assistant.ui.workers import unless_gone

# A widget that is shown gets its first paint within a turn or two; one that never paints (a
# window minimised or off screen) gets the call after this long anyway.
UNPAINTED_MS = 250


class _AfterFirstPaint(QObject):
    def __init__(self, widget: QWidget, call: Callable[[], None]) -> None:
        super().__init__(widget)
        self._widget = widget
        self._call = unless_gone(call)  # the window (and its store) may close before that paint
        self._done = False
        widget.installEventFilter(self)
        QTimer.singleShot(UNPAINTED_MS, self, self._run)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt's name
        if event.type() == QEvent.Type.Paint and not self._done:
            QTimer.singleShot(0, self, self._run)  # once this paint is done
        return False

    def _run(self) -> None:
        if self._done:
            return
        self._done = True
        self._widget.removeEventFilter(self)
        self.deleteLater()
        self._call()


def after_first_paint(widget: QWidget, call: Callable[[], None], painted: bool) -> None:
    """`call()` now if `widget` has painted before (`painted`) or is not on screen to paint, else
    in the turn after its first paint."""
    if painted or not widget.isVisible():
        call()
        return
    _AfterFirstPaint(widget, call)
