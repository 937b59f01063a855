"""Writes say what they changed, and each view refreshes only for what it shows: shipping one order
repaints Today and that order's detail, and does not count the Orders table again."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from seller_assistant.core.changes import Changes
from seller_assistant.ui.app import application, build_window

from .conftest import NOW_EPOCH

pytestmark = pytest.mark.both_backends  # store tests on SQLite and PostgreSQL (conftest.py)


def _late_order_id(store) -> int:
    return store.conn.execute(
        "SELECT id FROM orders WHERE shipped_at IS NULL AND status = 'paid' AND promised_ship_at < ? "
        "ORDER BY promised_ship_at LIMIT 1",
        (NOW_EPOCH,),
    ).fetchone()[0]


def test_shipping_one_order_refreshes_today_and_its_detail_but_not_the_orders_count(qtbot, demo_store):
    application()
    window = build_window(demo_store, fixed_now=NOW_EPOCH)
    qtbot.addWidget(window)
    window.show()
    today = window.pages["today"]
    qtbot.waitUntil(lambda: today.count_labels["ship_late"].text().isdigit(), timeout=10_000)
    late_before = int(today.count_labels["ship_late"].text())
    orders_page = window.show_page("orders")
    qtbot.waitUntil(lambda: not orders_page.model.loading and orders_page.model.rowCount() > 0)
    order_id = _late_order_id(demo_store)
    orders_page.show_order(order_id)
    detail = orders_page.detail
    qtbot.waitUntil(lambda: detail.order_id == order_id and detail.fact_labels["shipped"].text() == "")
    recounts = []
    real_reload = orders_page.model.reload
    orders_page.model.reload = lambda: (recounts.append(1), real_reload())

    qtbot.mouseClick(detail.buttons["ship"], Qt.MouseButton.LeftButton)
    dialog = detail.dialog
    qtbot.keyClicks(dialog.tracking, "75312345678901")
    qtbot.mouseClick(dialog.buttons.button(dialog.buttons.StandardButton.Ok), Qt.MouseButton.LeftButton)

    qtbot.waitUntil(lambda: "75312345678901" in detail.fact_labels["shipped"].text())
    qtbot.waitUntil(lambda: today.count_labels["ship_late"].text() == str(late_before - 1))
    row = orders_page.model.row_of(order_id)
    if row is not None:  # its row, if on a page already read, shows the new status in place
        assert orders_page.model.order_row(row)["tracking_no"] == "75312345678901"
    assert recounts == []  # the table was not counted again


def test_an_import_sized_change_counts_the_orders_table_again(qtbot, demo_store):
    application()
    window = build_window(demo_store, fixed_now=NOW_EPOCH)
    qtbot.addWidget(window)
    window.show()
    orders_page = window.show_page("orders")
    qtbot.waitUntil(lambda: not orders_page.model.loading)
    recounts = []
    real_reload = orders_page.model.reload
    orders_page.model.reload = lambda: (recounts.append(1), real_reload())
    window.ctx.notify_changed(Changes(orders=None, orders_added=True))
    assert recounts == [1]
    window.ctx.notify_changed(Changes(evidence=True))  # a chat sealed: nothing in the table changed
    assert recounts == [1]


def test_propose_reply_from_today_marks_that_order_in_the_replies_list(qtbot, demo_store):
    application()
    window = build_window(demo_store, fixed_now=NOW_EPOCH)
    qtbot.addWidget(window)
    window.show()
    replies_page = window.show_page("replies")
    qtbot.waitUntil(
        lambda: replies_page.order_list.count() > 1 and replies_page.panel.order_id is not None,
        timeout=10_000,
    )
    first = replies_page.order_list.item(0).data(Qt.ItemDataRole.UserRole)
    other = replies_page.order_list.item(1).data(Qt.ItemDataRole.UserRole)
    today = window.show_page("today")
    qtbot.waitUntil(lambda: bool(today.alert_rows), timeout=10_000)
    window.ctx.reply_requested.emit(other)  # what Today's "propose reply" button sends
    assert window.stack.currentWidget() is replies_page
    assert replies_page.panel.order_id == other
    selected = replies_page.order_list.currentItem()
    assert selected is not None and selected.data(Qt.ItemDataRole.UserRole) == other != first


def test_the_countdown_stays_in_view_when_an_order_is_opened(qtbot, demo_store):
    application()
    window = build_window(demo_store, fixed_now=NOW_EPOCH)
    qtbot.addWidget(window)
    window.resize(1280, 800)
    window.show()
    page = window.show_page("orders")
    qtbot.waitUntil(lambda: not page.model.loading and page.model.rowCount() > 0)
    page.show_order(page.model.order_id(0))
    header = page.table.horizontalHeader()
    from seller_assistant.ui.order_table_model import COLUMN

    left = header.sectionViewportPosition(COLUMN["countdown"])
    assert 0 <= left and left + header.sectionSize(COLUMN["countdown"]) <= page.table.viewport().width()
    assert page.table.selectionModel().selectedRows()[0].row() == 0  # the row the detail shows
