"""The Chats page's search with a filter that leaves few of the text's matches: a stage, a staff
name typed into the filter, as a person picks and types them (issue 20: such a search is read
from the filter's side and must show exactly the matching messages)."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from seller_assistant.ui.app import application, build_window

from .conftest import NOW_EPOCH
from .qt_cleanup import release_on_gui_thread
from .test_chats_page import type_chinese

pytestmark = pytest.mark.both_backends  # store tests on SQLite and PostgreSQL (conftest.py)


@pytest.fixture
def page(qtbot, demo_store):
    application()
    win = build_window(demo_store, fixed_now=NOW_EPOCH)
    qtbot.addWidget(win)
    win.show()
    win.ctx.save_settings(win.ctx.settings.updated(language="en"))
    yield win.show_page("chats")
    release_on_gui_thread(win.ctx)


def _matching(store, text: str, column: str, value: str) -> list[int]:
    return [
        row[0]
        for row in store.conn.execute(
            f"SELECT id FROM messages WHERE {column} = ? AND instr(text, ?) > 0 ORDER BY id DESC",
            (value, text),
        )
    ]


def _shown(page) -> list[int]:
    return [page.search.model.hits[row].message_id for row in range(page.search.model.rowCount())]


def _settled(qtbot, page, query: str) -> None:
    qtbot.waitUntil(
        lambda: (
            page.search.last_query == query
            and page.search.search_worker is None
            and not page.search.timer.isActive()
        ),
        timeout=5000,
    )


def _pick_stage(qtbot, page, label: str) -> None:
    """Arrow keys on the stage box, as a person does without opening the list."""
    page.search.stage.setFocus()
    qtbot.keyClick(page.search.stage, Qt.Key.Key_Home)
    for _ in range(page.search.stage.count()):
        if page.search.stage.currentText() == label:
            return
        qtbot.keyClick(page.search.stage, Qt.Key.Key_Down)
    raise AssertionError(f"no stage {label!r} in the box")


def test_a_stage_filter_shows_exactly_the_stages_messages_holding_the_text(qtbot, page, demo_store):
    type_chinese(page.search.query, "发货")
    _settled(qtbot, page, "发货")
    everything = _shown(page)
    # The demo shop: 发货 is said before payment by the staff and by buyers after it; none of its
    # shipping-stage messages says it.
    _pick_stage(qtbot, page, "Shipping")
    qtbot.waitUntil(lambda: _shown(page) != everything, timeout=5000)
    _settled(qtbot, page, "发货")
    assert _shown(page) == [] and _matching(demo_store, "发货", "stage", "shipping") == []
    assert "0 message" in page.search.status.text()
    _pick_stage(qtbot, page, "Transaction")
    qtbot.waitUntil(lambda: _shown(page) != [], timeout=5000)
    _settled(qtbot, page, "发货")
    expected = _matching(demo_store, "发货", "stage", "transaction")
    assert expected and _shown(page) == expected


def test_a_staff_name_nobody_has_finds_nothing_and_the_staffs_name_finds_theirs(qtbot, page, demo_store):
    type_chinese(page.search.query, "发货")
    _settled(qtbot, page, "发货")
    page.search.staff.setFocus()
    type_chinese(page.search.staff.lineEdit(), "小王")
    qtbot.waitUntil(lambda: page.search.model.rowCount() == 0, timeout=5000)
    _settled(qtbot, page, "发货")
    assert _shown(page) == []
    page.search.staff.lineEdit().clear()
    type_chinese(page.search.staff.lineEdit(), "小美")
    qtbot.waitUntil(lambda: page.search.model.rowCount() > 0, timeout=5000)
    _settled(qtbot, page, "发货")
    expected = _matching(demo_store, "发货", "sender_name", "小美")
    assert expected and _shown(page) == expected
