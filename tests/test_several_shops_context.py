"""A store with a Taobao shop in Shanghai and an Amazon shop in Los Angeles: every order is shown and
acted on in its own shop's terms (time zone, marketplace's event kinds, reply language, evidence's
shop), whichever shop the window opened on."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QImage
from PySide6.QtWidgets import QApplication, QDialog

from seller_assistant.core.clock import format_local, zone
from seller_assistant.core.orders import OrderRecord
from seller_assistant.core.settings import ShopSettings
from seller_assistant.store import orders, shops
from seller_assistant.ui.app import application, build_window
from seller_assistant.ui.order_actions import EventDialog

from .conftest import NOW_EPOCH

pytestmark = pytest.mark.both_backends  # store tests on SQLite and PostgreSQL (conftest.py)

HOUR = 3600
LOS_ANGELES = "America/Los_Angeles"


@pytest.fixture
def two_shops(store):
    taobao = shops.require_shop(store)
    amazon = shops.create_shop(
        store,
        ShopSettings(name="Maple Goods", platform="amazon", timezone=LOS_ANGELES, staff_name="Sam"),
        NOW_EPOCH,
    )
    orders.insert_orders(
        store,
        taobao,
        [OrderRecord(order_no="3905000000000000001", buyer="tb_小王", paid_at=NOW_EPOCH - 5 * HOUR)],
        48,
        NOW_EPOCH,
        "manual",
    )
    orders.insert_orders(
        store,
        amazon,
        [OrderRecord(order_no="114-3941689-8772232", buyer="Jane D.", paid_at=NOW_EPOCH - 5 * HOUR)],
        48,
        NOW_EPOCH,
        "manual",
    )
    return store, taobao, amazon, orders.find_order(store, amazon, "114-3941689-8772232")


@pytest.fixture
def window(qtbot, two_shops):
    application()
    built = build_window(two_shops[0], fixed_now=NOW_EPOCH)
    built.show()
    yield built
    for dialog in built.findChildren(QDialog):
        dialog.close()
    built.close()
    built.deleteLater()
    QApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete.value)


def test_an_amazon_order_shows_los_angeles_times_and_amazons_event_kinds(qtbot, two_shops, window):
    store, taobao, amazon, order = two_shops
    assert window.ctx.shop_id == taobao  # the window opened on the Taobao shop
    page = window.show_page("orders")
    page.show_order(order["id"])
    detail = page.detail
    assert detail.fact_labels["paid"].text() == format_local(order["paid_at"], zone(LOS_ANGELES))
    assert detail.fact_labels["paid"].text() != format_local(order["paid_at"], zone("Asia/Shanghai"))
    qtbot.mouseClick(detail.buttons["event"], Qt.MouseButton.LeftButton)
    dialog = detail.findChild(EventDialog)
    offered = [dialog.kind.itemData(i) for i in range(dialog.kind.count())]
    assert "a_to_z_claim" in offered and "ticket_timeout" not in offered  # Amazon's, not Taobao's
    assert dialog.at.timeZone().id().data().decode() == LOS_ANGELES


def test_replies_to_an_amazon_order_are_english_and_logged_in_its_shop(qtbot, two_shops, window):
    store, taobao, amazon, order = two_shops
    page = window.show_page("replies")
    page.load_order(order["id"])
    panel = page.panel
    assert panel.lang_combo.currentData() == "en"
    _label, _combo, edit = panel.facts_form.date_rows["new_date"]
    assert edit.timeZone().id().data().decode() == LOS_ANGELES
    taobao_order = orders.find_order(store, taobao, "3905000000000000001")
    page.load_order(taobao_order["id"])
    assert panel.lang_combo.currentData() == "zh"


def test_a_screenshot_added_to_an_amazon_order_is_that_shops_evidence(qtbot, two_shops, window, tmp_path):
    store, taobao, amazon, order = two_shops
    page = window.show_page("orders")
    page.show_order(order["id"])
    image = QImage(40, 20, QImage.Format.Format_RGB32)
    image.fill(Qt.GlobalColor.white)
    path = tmp_path / "label.png"
    image.save(str(path))
    page.detail.chat.add_files([path])
    rows = store.conn.execute("SELECT shop_id, order_id FROM attachments").fetchall()
    assert rows == [(amazon, order["id"])]
