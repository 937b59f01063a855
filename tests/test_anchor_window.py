"""The daily head-log timestamp in the window: switched on in Settings by clicks, run off the GUI
thread, its failures said in the status bar (never a dialog), and no request at all while off.

The authority is tests/local_tsa.py on 127.0.0.1: no test touches the network.
"""

from __future__ import annotations

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QApplication

from seller_assistant.store import shops
from seller_assistant.ui.app import application, build_window

from .bundle_fixtures import add_disputed_order
from .conftest import NOW_EPOCH
from .local_tsa import LocalTSA, closed_port_url
from .qt_cleanup import release_on_gui_thread
from .typing_helpers import type_text

pytestmark = pytest.mark.both_backends  # store tests on SQLite and PostgreSQL (conftest.py)


@pytest.fixture
def window(qtbot, store):
    add_disputed_order(store)
    application()
    win = build_window(store, fixed_now=NOW_EPOCH)
    qtbot.addWidget(win)
    win.show()
    yield win
    release_on_gui_thread(win.ctx)


def _anchors(store) -> int:
    return store.conn.execute("SELECT count(*) FROM head_log_anchors").fetchone()[0]


def _switch_on_in_settings(qtbot, window, url: str) -> None:
    from seller_assistant.ui.pages.settings import SettingsPage

    page = window.findChild(SettingsPage)
    if page is None:  # pages are built when first shown
        window.sidebar.setCurrentRow(window.sidebar.count() - 1)
        page = window.findChild(SettingsPage)
    qtbot.mouseClick(page.anchor, Qt.MouseButton.LeftButton, pos=QPoint(8, page.anchor.height() // 2))
    assert page.authority.isEnabled()
    page.authority.selectAll()
    qtbot.keyClick(page.authority, Qt.Key.Key_Delete)
    type_text(qtbot, page.authority, url)
    qtbot.mouseClick(page.save_button, Qt.MouseButton.LeftButton)


def test_off_by_default_no_request_is_made(qtbot, window, store):
    with LocalTSA() as tsa:
        assert window.ctx.settings.timestamp_anchor is False
        assert window.anchors.anchor_if_due() is None
        window.ctx.tick.emit()
        assert tsa.requests == []
    assert _anchors(store) == 0


def test_switched_on_in_settings_it_timestamps_once_off_the_gui_thread(qtbot, window, store):
    with LocalTSA() as tsa:
        _switch_on_in_settings(qtbot, window, tsa.url)
        saved = shops.load_settings(store, shops.require_shop(store))
        assert saved.timestamp_anchor and saved.timestamp_authority == tsa.url
        worker = window.anchors.anchor_if_due()
        assert worker is not None
        qtbot.waitUntil(lambda: window.anchors.last_outcome is not None, timeout=20000)
        assert window.anchors.last_outcome == "Head log timestamped by Test TSA."
        assert _anchors(store) == 1 and len(tsa.requests) == 1
        assert window.anchors.anchor_if_due() is None  # once a day
        assert len(tsa.requests) == 1


def test_authority_down_says_so_in_the_status_bar_and_stores_nothing(qtbot, window, store):
    # The window's first risk report (and its morning summary in the status bar) comes first, so
    # the line looked at below is the timestamp's, not overwritten by the summary arriving late.
    qtbot.waitUntil(
        lambda: (
            window.notifier is not None
            and window.notifier.report is not None
            and window.notifier.reports.idle
        ),
        timeout=20000,
    )
    _switch_on_in_settings(qtbot, window, closed_port_url())
    assert window.anchors.anchor_if_due() is not None
    qtbot.waitUntil(lambda: window.anchors.last_outcome is not None, timeout=20000)
    assert "Timestamp not taken" in window.anchors.last_outcome
    assert "could not be reached" in window.anchors.last_outcome
    assert "Timestamp not taken" in window.statusBar().currentMessage()
    assert QApplication.activeModalWidget() is None  # never a dialog
    assert _anchors(store) == 0
    assert window.isVisible()  # the app goes on
    assert window.anchors.anchor_if_due() is None  # not again every minute: tomorrow or next start
