"""The window opens on the demo shop with every page, and remembers where it was."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QSettings

from seller_assistant.ui.app import application, build_window

from .conftest import NOW_EPOCH


@pytest.fixture
def window(qtbot, demo_store):
    application()
    win = build_window(demo_store, fixed_now=NOW_EPOCH)
    qtbot.addWidget(win)
    win.show()
    return win


def test_window_has_every_page_in_the_sidebar(window):
    titles = [window.sidebar.item(i).text() for i in range(window.sidebar.count())]
    assert titles == ["Today", "Orders", "Chats & evidence", "Help rate", "Replies", "Settings"]
    assert window.stack.count() == 6


def test_window_title_names_the_shop(window):
    assert "青瓷小铺" in window.windowTitle()


def test_switching_pages_from_the_sidebar(window):
    window.sidebar.setCurrentRow(5)
    assert window.stack.currentWidget() is window.pages["settings"]


def test_settings_page_saves_the_threshold(window, qtbot):
    page = window.show_page("settings")
    page.threshold.setValue(1.5)
    page.save_button.click()
    assert window.ctx.settings.help_rate_threshold == pytest.approx(0.015)


def test_window_keeps_its_geometry_but_always_opens_on_today(qtbot, demo_store):
    application()
    first = build_window(demo_store, fixed_now=NOW_EPOCH)
    qtbot.addWidget(first)
    first.show()
    first.show_page("helprate")
    first._save_state()
    assert QSettings().value("window/geometry") is not None
    second = build_window(demo_store, fixed_now=NOW_EPOCH)
    qtbot.addWidget(second)
    assert second.stack.currentWidget() is second.pages["today"]
