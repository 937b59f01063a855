"""Shipping as the platform sees it: a tracking number or an explicit reason for none, and a late
shipment stays visibly late on the order."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from seller_assistant.core.errors import UserError
from seller_assistant.core.orders import OrderRecord
from seller_assistant.store import orders, shops
from seller_assistant.ui.order_actions import ShipDialog

from .conftest import NOW_EPOCH
from .typing_helpers import type_text

pytestmark = pytest.mark.both_backends  # store tests on SQLite and PostgreSQL (conftest.py)

HOUR = 3600


def _dialog(qtbot) -> ShipDialog:
    dialog = ShipDialog(NOW_EPOCH, "Asia/Shanghai")
    qtbot.addWidget(dialog)
    dialog.show()
    return dialog


def _ok(dialog):
    return dialog.buttons.button(dialog.buttons.StandardButton.Ok)


def test_an_empty_form_cannot_mark_an_order_shipped(qtbot):
    dialog = _dialog(qtbot)
    assert not _ok(dialog).isEnabled()
    qtbot.keyClicks(dialog.tracking, "75312345678901")
    assert _ok(dialog).isEnabled()


def test_no_tracking_needs_its_reason_and_is_recorded_on_the_order(qtbot, store):
    dialog = _dialog(qtbot)
    qtbot.mouseClick(dialog.no_tracking, Qt.MouseButton.LeftButton)
    assert dialog.no_tracking_reason.isVisible() and not dialog.tracking.isEnabled()
    assert not _ok(dialog).isEnabled()  # ticking the box is not enough: say why
    type_text(qtbot, dialog.no_tracking_reason, "同城自送")
    assert _ok(dialog).isEnabled()
    order_id = _add_order(store, "3900000000000009001", paid_at=NOW_EPOCH - 10 * HOUR)
    orders.ship_order(
        store, order_id, *dialog.values(), NOW_EPOCH, no_tracking_reason=dialog.reason_without_tracking()
    )
    order = orders.get_order(store, order_id)
    assert order["shipped_at"] == NOW_EPOCH and order["tracking_no"] is None
    assert order["no_tracking_reason"] == "同城自送"


def test_the_store_refuses_a_shipment_without_number_or_reason(store):
    order_id = _add_order(store, "3900000000000009002", paid_at=NOW_EPOCH - HOUR)
    try:
        orders.ship_order(store, order_id, NOW_EPOCH, None, "中通快递", NOW_EPOCH)
    except UserError as exc:
        assert "tracking number" in str(exc)
    else:
        raise AssertionError("shipped without a tracking number or a reason")
    assert orders.get_order(store, order_id)["shipped_at"] is None  # still on the late list


def test_a_late_shipment_says_how_late_on_the_order_detail(qtbot, store):
    from seller_assistant.ui.app import application, build_window

    order_id = _add_order(store, "3900000000000009003", paid_at=NOW_EPOCH - 70 * HOUR)  # promise: paid + 48 h
    promised = orders.get_order(store, order_id)["promised_ship_at"]
    orders.ship_order(
        store, order_id, promised + 20 * HOUR + 32 * 60, "75312345678901", "中通快递", NOW_EPOCH
    )
    application()
    window = build_window(store, fixed_now=NOW_EPOCH)
    qtbot.addWidget(window)
    page = window.show_page("orders")
    page.show_order(order_id)
    detail = page.detail
    qtbot.waitUntil(lambda: "late" in detail.fact_labels["shipped"].text())
    assert "(shipped 20h 32m late)" in detail.fact_labels["shipped"].text()
    qtbot.waitUntil(lambda: not detail.timeline_loading)
    assert any("20h 32m late" in what for _, what in detail.timeline_entries(detail.order, NOW_EPOCH))


def _add_order(store, order_no: str, paid_at: int) -> int:
    shop_id = shops.require_shop(store)
    record = OrderRecord(
        order_no=order_no, buyer="tb_小王", item_title="手工皂", paid_at=paid_at, amount_cents=2800
    )
    orders.insert_orders(store, shop_id, [record], 48, NOW_EPOCH, source="manual")
    return orders.find_order(store, shop_id, order_no)["id"]
