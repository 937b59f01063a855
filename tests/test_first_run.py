"""First start as a new shop owner meets it: the demo in a store of its own, or one's own shop set up
by hand; pages and search from the keyboard; the guide in the app."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QDialog

from seller_assistant import paths
from seller_assistant.store import open_store, shops
from seller_assistant.ui import app as app_module
from seller_assistant.ui.app import application, build_window, open_demo_store
from seller_assistant.ui.user_guide import guide_text
from seller_assistant.ui.welcome import WelcomeDialog

from .conftest import NOW_EPOCH
from .typing_helpers import type_text
from .window_opening import wait_until_open

pytestmark = pytest.mark.both_backends  # store tests on SQLite and PostgreSQL (conftest.py)


@pytest.fixture
def data_home(tmp_path, monkeypatch):
    """The per-user data folder of a PC that never ran the app."""
    home = tmp_path / "home"
    monkeypatch.setattr(paths, "user_data_dir", lambda: home)
    return home


def fill_setup_form(qtbot, dialog: WelcomeDialog, name: str, marketplace_key: str) -> None:
    qtbot.mouseClick(dialog.own_button, Qt.MouseButton.LeftButton)
    assert not dialog.create_button.isEnabled()  # no name, no shop
    type_text(qtbot, dialog.name_edit, name)
    qtbot.keyClicks(dialog.platform_combo, marketplace_key)  # type-ahead, as a person picks from a list
    qtbot.mouseClick(dialog.create_button, Qt.MouseButton.LeftButton)


def test_set_up_my_shop_asks_for_name_and_marketplace_and_creates_that_shop(qtbot, tmp_path):
    application()
    dialog = WelcomeDialog(str(tmp_path / "shop.db"))
    qtbot.addWidget(dialog)
    dialog.show()
    fill_setup_form(qtbot, dialog, "小米的杂货铺", "Pin")
    assert dialog.result() == QDialog.DialogCode.Accepted
    assert dialog.choice.kind == "own"
    assert dialog.choice.settings.name == "小米的杂货铺"
    assert dialog.choice.settings.platform == "pinduoduo"
    assert dialog.choice.settings.demo is False


def test_welcome_offers_no_silent_default_shop(qtbot, tmp_path):
    application()
    dialog = WelcomeDialog(str(tmp_path / "shop.db"))
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.mouseClick(dialog.own_button, Qt.MouseButton.LeftButton)
    dialog.reject()
    assert dialog.choice is None


@pytest.mark.sqlite_only(
    reason="the demo and a first shop are SQLite files of their own (paths.demo_db_path, default_db_path)"
)
def test_demo_opens_its_own_store_marked_demo_and_back_to_my_shop_leaves_real_store_clean(
    qtbot, data_home, monkeypatch
):
    application()
    demo_store = open_demo_store(NOW_EPOCH)
    assert demo_store.path == paths.demo_db_path()
    window = build_window(demo_store, fixed_now=NOW_EPOCH)
    qtbot.addWidget(window)
    window.show()
    assert window.windowTitle().startswith("[DEMO]")
    assert window.leave_demo_button.isVisible()

    def answer_the_setup_form():
        dialog = QApplication.activeModalWidget()
        assert isinstance(dialog, WelcomeDialog)
        assert not dialog.demo_button.isVisible()  # leaving the demo goes straight to the shop's own
        fill_setup_form(qtbot, dialog, "我的真店", "Tao")

    QTimer.singleShot(0, answer_the_setup_form)
    qtbot.mouseClick(window.leave_demo_button, Qt.MouseButton.LeftButton)
    own_window = app_module._open_windows[0]
    qtbot.addWidget(own_window)
    assert own_window is not window
    assert own_window.ctx.db_path == paths.default_db_path()
    assert not own_window.ctx.settings.demo
    assert "[DEMO]" not in own_window.windowTitle()
    real = open_store(paths.default_db_path())
    try:
        assert [shop.name for shop in shops.list_shops(real)] == ["我的真店"]
        assert real.conn.execute("SELECT count(*) FROM orders").fetchone()[0] == 0
    finally:
        real.close()
    own_window.ctx.store.close()


def test_control_and_a_number_switch_pages_and_control_f_goes_to_search(qtbot, demo_store):
    application()
    window = build_window(demo_store, fixed_now=NOW_EPOCH)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    wait_until_open(qtbot, window)  # Ctrl+1 on Today's placeholder changes nothing: Today is coming
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)  # shortcuts reach the active window only
    for number, key in enumerate(("today", "orders", "chats", "helprate", "replies", "settings"), start=1):
        qtbot.keyClick(window, getattr(Qt.Key, f"Key_{number}"), Qt.KeyboardModifier.ControlModifier)
        assert window.stack.currentWidget() is window.pages[key]
    qtbot.keyClick(window, Qt.Key.Key_1, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClick(window, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    chats = window.pages["chats"]
    assert window.stack.currentWidget() is chats
    assert chats.tabs.currentWidget() is chats.search
    qtbot.waitUntil(lambda: chats.search.query.hasFocus())


def test_the_user_guide_explains_the_help_rate_in_both_languages():
    chinese, english = guide_text("zh"), guide_text("en")
    assert "平台求助率" in chinese and "导出证据" in chinese and "Ctrl+1" in chinese
    assert "help rate" in english and "Export evidence" in english
    assert guide_text("fr") == english  # no guide in that language: English, never blank
