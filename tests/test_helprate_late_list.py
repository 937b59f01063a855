"""The Help rate page lists the orders shipped late in the last 30 days, per shop, and how late each
went — the same words as the order's timeline ("shipped 20h 32m late")."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from seller_assistant.core.orders import OrderRecord
from seller_assistant.core.settings import ShopSettings
from seller_assistant.store import orders, shops

from .conftest import NOW_EPOCH
from .test_helprate_page import cells, open_page

pytestmark = pytest.mark.both_backends  # store tests on SQLite and PostgreSQL (conftest.py)

HOUR, DAY = 3600, 86400


def _shipped(store, shop_id: int, order_no: str, paid_at: int, late_by: int | None) -> int:
    orders.insert_orders(
        store,
        shop_id,
        [
            OrderRecord(
                order_no=order_no, buyer="tb_小王", item_title="手工皂", paid_at=paid_at, amount_cents=2800
            )
        ],
        48,
        NOW_EPOCH,
        "manual",
    )
    order = orders.find_order(store, shop_id, order_no)
    if late_by is not None:
        orders.ship_order(
            store, order["id"], order["promised_ship_at"] + late_by, "75312345678901", "中通快递", NOW_EPOCH
        )
    return order["id"]


def test_late_shipments_are_listed_with_how_late_and_open_on_double_click(qtbot, store):
    shop_id = shops.require_shop(store)
    late = _shipped(store, shop_id, "3904000000000000001", NOW_EPOCH - 5 * DAY, 20 * HOUR + 32 * 60)
    _shipped(store, shop_id, "3904000000000000002", NOW_EPOCH - 5 * DAY, -HOUR)  # on time
    _shipped(store, shop_id, "3904000000000000003", NOW_EPOCH - 45 * DAY, 3 * HOUR)  # late, outside 30 days
    page = open_page(qtbot, store)
    rows = cells(page.late)
    assert [row[0] for row in rows] == ["3904000000000000001"]
    assert rows[0][4] == "shipped 20h 32m late"
    assert page.late_note.text() == "1 order shipped late."
    opened = []
    page.ctx.order_requested.connect(opened.append)
    rect = page.late.visualItemRect(page.late.item(0, 0))
    qtbot.mouseClick(page.late.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    qtbot.mouseDClick(page.late.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert opened == [late]


def test_each_shop_sees_its_own_late_shipments(qtbot, store):
    first = shops.require_shop(store)
    second = shops.create_shop(
        store, ShopSettings(name="拼多多小店", platform="pinduoduo", timezone="Asia/Shanghai"), NOW_EPOCH
    )
    _shipped(store, first, "3904000000000000011", NOW_EPOCH - 4 * DAY, 2 * HOUR)
    _shipped(store, second, "3904000000000000012", NOW_EPOCH - 4 * DAY, 26 * HOUR)
    page = open_page(qtbot, store)
    assert page.shop_filter.isVisibleTo(page)
    shown = {page.shop_filter.currentData(): [row[0] for row in cells(page.late)]}
    page.shop_filter.setFocus()
    qtbot.keyClick(page.shop_filter, Qt.Key.Key_Down)
    qtbot.waitUntil(
        lambda: page.loader.idle and cells(page.late) and cells(page.late)[0][0] != shown.get(first, [""])[0]
    )
    assert shown == {first: ["3904000000000000011"]}
    assert [row[0] for row in cells(page.late)] == ["3904000000000000012"]
    assert cells(page.late)[0][4] == "shipped 1d 2h late"


def test_no_late_shipment_says_so(qtbot, store):
    page = open_page(qtbot, store)
    assert page.late_note.text() == "No order shipped late in these 30 days."
    assert not page.late.isVisibleTo(page)
