"""File › Move to a shared store… (issue 18): the window moves its store file into PostgreSQL off the GUI thread."""

from __future__ import annotations

import threading

import psycopg
import pytest
from PySide6.QtCore import Qt

from seller_assistant.paths import SHARED_FOLDER_ENV
from seller_assistant.store import pg_copy
from seller_assistant.ui import app as app_module
from seller_assistant.ui.app import application, build_window

from .conftest import NOW_EPOCH

pytestmark = pytest.mark.postgresql_only(reason="moves a SQLite store into PostgreSQL: both ends are given")


@pytest.fixture
def window(qtbot, demo_store, tmp_path, monkeypatch):
    monkeypatch.setenv(SHARED_FOLDER_ENV, str(tmp_path / "nas-share"))
    application()
    win = build_window(demo_store, fixed_now=NOW_EPOCH)
    qtbot.addWidget(win)
    win.show()
    app_module._open_windows[:] = [win]
    return win


def _open_dialog(window, qtbot, address: str):
    file_menu = window.menuBar().actions()[0].menu()
    action = next(a for a in file_menu.actions() if a.objectName() == "move_to_shared_store")
    assert action.isEnabled()
    action.trigger()
    dialog = window.move_dialog
    qtbot.waitExposed(dialog)
    dialog.address.selectAll()
    qtbot.keyClicks(dialog.address, address)
    qtbot.mouseClick(dialog.move_button, Qt.MouseButton.LeftButton)
    return dialog


def _tables(url: str) -> list:
    with psycopg.connect(url) as conn:
        return conn.execute("SELECT tablename FROM pg_tables WHERE schemaname = current_schema()").fetchall()


def test_the_store_moves_verified_and_the_window_opens_it(window, qtbot, pg_url):
    dialog = _open_dialog(window, qtbot, pg_url)
    qtbot.waitUntil(lambda: not dialog.running, timeout=120_000)
    assert "Moved and verified" in dialog.status.text(), dialog.status.text()
    assert dialog.progress.value() == 1000
    with psycopg.connect(pg_url) as conn:
        assert (
            conn.execute("SELECT count(*) FROM orders").fetchone()[0]
            == window.ctx.store.conn.execute("SELECT count(*) FROM orders").fetchone()[0]
        )
    qtbot.mouseClick(dialog.open_button, Qt.MouseButton.LeftButton)
    (new_window,) = app_module._open_windows
    qtbot.addWidget(new_window)
    assert new_window is not window and new_window.ctx.store.shared
    assert "青瓷小铺" in new_window.windowTitle()
    new_window.ctx.store.close()


def test_an_unreachable_server_is_said_in_the_dialog_and_the_shop_may_try_again(window, qtbot, tmp_path):
    dialog = _open_dialog(window, qtbot, f"postgresql:///shop?host={tmp_path / 'nowhere'}&user=postgres")
    qtbot.waitUntil(lambda: not dialog.running, timeout=60_000)
    assert "cannot be reached" in dialog.status.text()
    assert dialog.move_button.isEnabled() and dialog.address.isEnabled()


def test_cancel_while_copying_leaves_the_database_empty(window, qtbot, pg_url, monkeypatch):
    copying, cancelled = threading.Event(), threading.Event()
    real_copy = pg_copy.copy_rows

    def copy_waiting_for_cancel(*args, **kwargs):
        copying.set()
        cancelled.wait(30)  # the shop presses Cancel while rows are being copied
        return real_copy(*args, **kwargs)

    monkeypatch.setattr(pg_copy, "copy_rows", copy_waiting_for_cancel)
    dialog = _open_dialog(window, qtbot, pg_url)
    qtbot.waitUntil(copying.is_set, timeout=60_000)
    qtbot.mouseClick(dialog.cancel_button, Qt.MouseButton.LeftButton)
    cancelled.set()
    qtbot.waitUntil(lambda: not dialog.running, timeout=60_000)
    assert "cancelled" in dialog.status.text() and "as empty as before" in dialog.status.text()
    assert _tables(pg_url) == []
    assert dialog.isVisible()  # Cancel stopped the move; it did not close the dialog
