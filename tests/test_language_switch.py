"""One language per window, switched live: from the Settings page or the Help menu, no restart."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from seller_assistant.ui import app as app_module
from seller_assistant.ui.app import application, build_window
from seller_assistant.ui.i18n import use_language

from .conftest import NOW_EPOCH
from .typing_helpers import choose

pytestmark = pytest.mark.both_backends  # store tests on SQLite and PostgreSQL (conftest.py)


@pytest.fixture
def english_window(qtbot, demo_store):
    app = application()
    use_language(app, "en")
    window = build_window(demo_store, fixed_now=NOW_EPOCH)
    window.show()
    app_module._open_windows[:] = [window]
    yield window
    use_language(app, "en")  # the next test starts in English again
    for open_window in app_module._open_windows:  # the windows a switch replaced are gone already
        open_window.quit()
    app_module._open_windows.clear()


def _current_window(qtbot, old):
    qtbot.waitUntil(
        lambda: app_module._open_windows and app_module._open_windows[0] is not old, timeout=20_000
    )
    return app_module._open_windows[0]


def test_choosing_chinese_in_settings_turns_the_window_chinese_at_once(qtbot, english_window):
    assert english_window.sidebar.item(0).text() == "Today"
    english_store_path = english_window.ctx.store.path
    page = english_window.show_page("settings")
    choose(qtbot, page.language, steps=1)  # Follow the system -> 简体中文
    assert page.language.currentData() == "zh"
    qtbot.mouseClick(page.save_button, Qt.MouseButton.LeftButton)
    chinese = _current_window(qtbot, english_window)
    titles = [chinese.sidebar.item(i).text() for i in range(chinese.sidebar.count())]
    assert titles == ["今天", "订单", "聊天与证据", "平台求助率", "回复", "设置"]
    assert chinese.current_page_key() == "settings"  # the page the shop was on
    assert chinese.ctx.settings.language == "zh"
    assert chinese.ctx.store.path == english_store_path  # the same store
    menus = [action.text() for action in chinese.menuBar().actions()]
    assert menus[0] == "文件(&F)"


def test_the_help_menu_switches_back_to_english(qtbot, english_window):
    app_module.switch_language(english_window, "zh")
    chinese = _current_window(qtbot, english_window)
    help_menu = chinese.menuBar().actions()[-1].menu()
    language_menu = next(a.menu() for a in help_menu.actions() if a.menu() is not None)
    english = next(a for a in language_menu.actions() if a.text() == "English")
    english.trigger()
    back = _current_window(qtbot, chinese)
    assert back.sidebar.item(0).text() == "Today"
    assert back.ctx.settings.language == "en"
