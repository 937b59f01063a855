"""The window opens in turns of the event loop, so that no turn holds the GUI thread for long.

Built in one go, the window held the GUI thread for 65–120 ms of CPU before its first paint (the
Today page and the tray notifier import the risk report's code: store.risk, core.alerts,
core.metrics, gauges…; then the Today page's widgets). Now:
1. `build_window`: the window, its menus, the sidebar and Today's placeholder (its title and
   "Working out today's risks…"): painted first.
2. After that first paint, a worker imports the Today page's and the tray's modules.
3. Back on the GUI thread, one turn each: the Today page (which asks for the day's report), then
   the tray icon and its notifier (`window.tray`, `window.notifier`), then the other pages' code
   loads on the worker (ui/lazy_pages.py).
A page asked for earlier (a click, `window.pages[key]`) is built at once, as before.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, QTimer, Signal

from seller_assistant.ui.workers import unless_gone

# A window that is shown gets its first paint within a few turns; one that is never painted (not
# shown, minimised) opens its Today page and tray after this long anyway.
UNPAINTED_MS = 500


def _load_tray() -> None:
    import seller_assistant.ui.tray  # noqa: F401 - imported on the worker: notifier, gauges, reports


def _read_alert_texts() -> None:
    """The alerts' words (core's catalogue, TOML): read here, not by the first row that says one."""
    from seller_assistant.core import i18n

    i18n.preload("risk")


class WindowOpening(QObject):
    """Drives steps 2 and 3 for one window; `opened` once the Today page and the tray are there."""

    opened = Signal()

    def __init__(self, window) -> None:
        super().__init__(window)
        self._window = window
        self._started = False
        self.done = False
        placeholder = window.pages.stand_in("today")
        if placeholder is not None:
            placeholder.installEventFilter(self)
        QTimer.singleShot(UNPAINTED_MS, self, self._start)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt's name
        if event.type() == QEvent.Type.Paint and not self._started:
            QTimer.singleShot(0, self, self._start)  # once this paint is done
        return False

    def _start(self) -> None:
        if self._started:
            return
        self._started = True
        today = self._window.pages.spec("today")
        self._window.pages.warm_up([today.load, _load_tray, _read_alert_texts], then=self._build_today)

    def _build_today(self) -> None:
        self._window.pages["today"]  # built here unless something asked for it before
        # A window closed meanwhile (its store with it) gets no tray: dropped, as a late result is.
        QTimer.singleShot(0, self, unless_gone(self._add_tray))

    def _add_tray(self) -> None:
        from seller_assistant.ui.tray import create_tray

        self._window.tray = create_tray(self._window)
        self.done = True
        self.opened.emit()
        QTimer.singleShot(0, self._window, self._window.pages.warm_up)  # the other pages' code
