"""The window opens in turns of the event loop, so that no turn holds the GUI thread for long.

Built in one go, the window held the GUI thread for 65–120 ms of CPU before its first paint (the
Today page and the tray notifier import the risk report's code: store.risk, core.alerts,
core.metrics, gauges…; then the Today page's widgets). Now:
1. `build_window`: the window, its menus, the sidebar and Today's placeholder (its title and
   "Working out today's risks…"): painted first.
2. After that first paint, a worker imports the Today page's and the tray's modules.
3. Back on the GUI thread, one turn each: the Today page (which asks for the day's report), then
   the tray icon and its notifier (`window.tray`, `window.notifier`).
4. Once Today shows its report with all its rows (and they are laid out and painted), the other
   pages' code loads on the worker (ui/lazy_pages.py); `warmed` when it is in.
5. Then the other pages are built, one a turn, PREBUILD_GAP_MS apart, hidden in the stack
   (`built` once all are). Built on its first click instead, a page's widgets and its first layout
   and paint shared one turn: 25–45 ms at 1 M orders for Replies or Settings, twice that on a slow
   day of the machine. Each page reads its data only when first shown, as before.
Step 4 waits for Today because of how PySide calls into Python: every virtual call a layout or a
paint makes on a widget (sizeHint, maximumSize, paintEvent…) first takes the GIL to look for a
Python override. While a worker runs Python (the intent model's 140–190 ms of decoding, a page's
imports), each of those takes its turn behind the worker's: Today's first layout of its rows,
~20 ms of the GUI thread's CPU, held the window 160–250 ms when it met the warm-up.
A page asked for earlier (a click, `window.pages[key]`) is built at once, as before.
"""

from __future__ import annotations

import sqlite3

from PySide6.QtCore import QEvent, QObject, QTimer, Signal

from seller_assistant.activity_log import get_logger
from seller_assistant.ui.workers import unless_gone

# A window that is shown gets its first paint within a few turns; one that is never painted (not
# shown, minimised) opens its Today page and tray after this long anyway.
UNPAINTED_MS = 500
# After Today's rows are in: long enough for their layout and first paint (posted after the rows).
SETTLED_MS = 100
# A report that never comes (a store that cannot answer) does not keep the other pages cold.
REPORT_WAIT_MS = 5000
# Between two pages built in the background: the window answers input and paints in between.
PREBUILD_GAP_MS = 120


def _load_tray() -> None:
    import seller_assistant.ui.tray  # noqa: F401 - imported on the worker: notifier, gauges, reports


def _read_alert_texts() -> None:
    """The alerts' words (core's catalogue, TOML): read here, not by the first row that says one."""
    from seller_assistant.core import i18n

    i18n.preload("risk")


class WindowOpening(QObject):
    """Drives steps 2 and 3 for one window; `opened` once the Today page and the tray are there."""

    opened = Signal()
    warmed = Signal()
    built = Signal()

    def __init__(self, window) -> None:
        super().__init__(window)
        self._window = window
        self._started = False
        self._warming_pages = False
        self.done = False
        self.pages_warm = False
        self.pages_built = False
        self._prebuild_timer = QTimer(self, interval=PREBUILD_GAP_MS)
        self._prebuild_timer.timeout.connect(self._build_next_page)
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
        today = self._window.pages["today"]
        if today.report is not None and not today.alerts_pending:
            QTimer.singleShot(SETTLED_MS, self, self._warm_other_pages)
            return
        today.settled.connect(self._today_settled)
        QTimer.singleShot(REPORT_WAIT_MS, self, self._warm_other_pages)

    def _today_settled(self) -> None:
        self._window.pages["today"].settled.disconnect(self._today_settled)
        QTimer.singleShot(SETTLED_MS, self, self._warm_other_pages)

    def _warm_other_pages(self) -> None:
        if self._warming_pages:
            return
        self._warming_pages = True
        self._window.pages.warm_up(then=self._pages_warmed)

    def _pages_warmed(self) -> None:
        self.pages_warm = True
        self.warmed.emit()
        self._prebuild_timer.start()

    def stop(self) -> None:
        """The window closes for good: no page is built for it any more."""
        self._prebuild_timer.stop()

    def _build_next_page(self) -> None:
        pages = self._window.pages
        waiting = [key for key in pages if not pages.is_built(key)]
        try:
            if waiting:
                pages.build_in_background(waiting[0])
        except sqlite3.ProgrammingError:
            self.stop()  # its store was closed under it (File › Open store, closing): nothing to build for
            return
        except Exception as exc:  # noqa: BLE001 - work nobody asked for: the shop's click says what is wrong
            # The store cannot answer now (a shared store's server restarting, a disk gone): the
            # pages not built yet are built when the shop opens them, which reports what fails.
            get_logger("window").info("building %s in the background stopped: %r", waiting[0], exc)
            self.stop()
            return
        if len(waiting) <= 1:
            self.stop()
            self.pages_built = True
            self.built.emit()
