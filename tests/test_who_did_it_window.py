"""The window records who works at this desk with what they do, and its timeline says who (issue 18)."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from seller_assistant.ui import desk_settings
from seller_assistant.ui.app import application, build_window

from .conftest import NOW_EPOCH

pytestmark = pytest.mark.both_backends  # store tests on SQLite and PostgreSQL (conftest.py)


@pytest.fixture
def no_desk_person():
    """The per-user settings are shared by every test: none starts or ends with a desk's person."""
    application()
    desk_settings.forget_for_tests()
    yield
    desk_settings.forget_for_tests()


def _timeline_texts(detail) -> list[str]:
    return [detail.timeline.topLevelItem(i).text(1) for i in range(detail.timeline.topLevelItemCount())]


def _ship_first_awaiting(qtbot, store, tracking: str):
    order_id = store.conn.execute(
        "SELECT id FROM orders WHERE shipped_at IS NULL AND status = 'paid' ORDER BY promised_ship_at LIMIT 1"
    ).fetchone()[0]
    window = build_window(store, fixed_now=NOW_EPOCH)
    qtbot.addWidget(window)
    window.show()
    page = window.show_page("orders")
    qtbot.waitUntil(lambda: not page.model.loading and page.model.rowCount() > 0)
    page.show_order(order_id)
    detail = page.detail
    qtbot.waitUntil(lambda: detail.timeline.topLevelItemCount() > 0)
    qtbot.mouseClick(detail.buttons["ship"], Qt.MouseButton.LeftButton)
    dialog = detail.dialog
    qtbot.keyClicks(dialog.tracking, tracking)
    qtbot.mouseClick(dialog.buttons.button(dialog.buttons.StandardButton.Ok), Qt.MouseButton.LeftButton)
    # The order's own row shows the shipment at once; the shipment record (and who) when re-read.
    qtbot.waitUntil(lambda: any(tracking in t and "— by" in t for t in _timeline_texts(detail)))
    return [t for t in _timeline_texts(detail) if tracking in t][0]


def test_the_desk_s_person_ships_and_the_timeline_says_shipped_by_them(qtbot, demo_store, no_desk_person):
    desk_settings.set_staff_name("阿伟")  # the packing desk; the shop's staff name is 小美
    line = _ship_first_awaiting(qtbot, demo_store, "75312345678901")
    assert line.startswith("Shipped") and line.endswith("— by 阿伟")
    sealed_by = demo_store.conn.execute(
        "SELECT sealed_by FROM evidence_items WHERE item_type = 'shipment' ORDER BY id DESC LIMIT 1"
    ).fetchone()[0]
    assert sealed_by == "阿伟"


def test_a_desk_without_a_person_of_its_own_is_named_by_the_shop_s_staff_name(
    qtbot, demo_store, no_desk_person
):
    line = _ship_first_awaiting(qtbot, demo_store, "75312345678902")
    assert line.endswith("— by 小美")
