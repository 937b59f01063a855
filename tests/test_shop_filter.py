"""Several shops in the window: Today, Orders and Help rate show all shops or the one picked in the
shop filter, with the shop's name on each row; one shop keeps today's look (no filter)."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QPoint, Qt

from seller_assistant.imports.orders import import_order_file
from seller_assistant.store import shops
from seller_assistant.ui.app import application
from seller_assistant.ui.context import AppContext
from seller_assistant.ui.order_table_model import COLUMN
from seller_assistant.ui.pages.helprate import HelpRatePage
from seller_assistant.ui.pages.orders import OrdersPage
from seller_assistant.ui.pages.today import TodayPage

from .builders.risk_shop import china_time, paid_order
from .builders.taobao_export import PAID, write_taobao_export
from .conftest import NOW_EPOCH

pytestmark = pytest.mark.both_backends  # store tests on SQLite and PostgreSQL (conftest.py)

HOUR = 3600
TAOBAO_LATE, PDD_LATE = "3901234567890123456", "250101-123456789012345"


@pytest.fixture
def two_shops(store, tmp_path):
    """测试小店 (Taobao) and 拼拼 (Pinduoduo), each with one order paid 50 h ago: 2 h late."""
    shops.add_shop(store, "拼拼", "pdd", "Asia/Shanghai", NOW_EPOCH)
    # The Taobao shop's order as a GBK seller-centre export (tests/builders/taobao_export.py).
    taobao = write_taobao_export(
        tmp_path / "taobao.csv", [paid_order(TAOBAO_LATE, NOW_EPOCH - 50 * HOUR, PAID)]
    )
    assert not import_order_file(store, 1, taobao, now=NOW_EPOCH).errors
    # The PDD shop's as a plain CSV with a mapping (PDD's own export layout is the presets' work;
    # these column names are PDD's words as far as known, not confirmed against a real file).
    pdd = tmp_path / "pdd.csv"
    pdd.write_text(
        f"订单号,支付时间,商品,订单状态\n{PDD_LATE},{china_time(NOW_EPOCH - 50 * HOUR)},手工陶瓷马克杯,待发货\n",
        encoding="utf-8",
    )
    mapping = {"order_no": "订单号", "paid_at": "支付时间", "item_title": "商品", "status": "订单状态"}
    assert not import_order_file(store, 2, pdd, format="generic", mapping=mapping, now=NOW_EPOCH).errors
    return store


def build(qtbot, page_class, store):
    application()
    ctx = AppContext(store, NOW_EPOCH)
    page = page_class(ctx)
    page.ctx_keepalive = ctx
    qtbot.addWidget(page)
    page.resize(1300, 800)
    page.show()
    return page


def pick(qtbot, combo, text: str) -> None:
    """Open the combo with a click and click the entry, as a person would."""
    qtbot.mouseClick(combo, Qt.MouseButton.LeftButton)
    view = combo.view()
    qtbot.waitUntil(view.isVisible)
    row = next(i for i in range(combo.count()) if text in combo.itemText(i))
    rect = view.visualRect(view.model().index(row, 0))
    # The pop-up takes an item on release after the pointer moved over it, as a real mouse does
    # (from elsewhere: the previous test may have left the pointer on this very spot).
    qtbot.mouseMove(view.viewport(), rect.topLeft() + QPoint(1, 1))
    qtbot.mouseMove(view.viewport(), rect.center())
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    qtbot.waitUntil(lambda: text in combo.currentText())


def today_settled(qtbot, page) -> None:
    qtbot.waitUntil(
        lambda: page.loader.idle and page.report is not None and not page.alerts_pending, timeout=10_000
    )


def test_today_shows_every_shops_alerts_with_the_shop_named_then_one_shop(qtbot, two_shops):
    page = build(qtbot, TodayPage, two_shops)
    today_settled(qtbot, page)
    assert page.shop_filter.isVisible() and page.shop_filter.currentText() == "All shops"
    late = {
        row.shop_label.text(): row.message.text() for row in page.alert_rows if row.alert.kind == "ship_late"
    }
    assert TAOBAO_LATE in late["测试小店"] and PDD_LATE in late["拼拼"]
    assert page.count_labels["ship_late"].text() == "2"
    assert page.per_shop_note.isVisible() and not any(g.isVisible() for g in page.gauges)

    with qtbot.waitSignal(page.reports.ready, timeout=10_000):  # the chosen shop's report
        pick(qtbot, page.shop_filter, "拼拼")
    today_settled(qtbot, page)
    texts = [row.message.text() for row in page.alert_rows]
    assert any(PDD_LATE in text for text in texts) and not any(TAOBAO_LATE in text for text in texts)
    assert all(row.shop_label is None for row in page.alert_rows)
    assert page.count_labels["ship_late"].text() == "1"
    assert not page.per_shop_note.isVisible() and any(g.isVisible() for g in page.gauges)


def test_orders_lists_all_shops_with_a_shop_column_then_the_picked_shop(qtbot, two_shops):
    page = build(qtbot, OrdersPage, two_shops)
    qtbot.waitUntil(lambda: not page.model.loading)
    model = page.model
    shown = {
        model.index(r, COLUMN["order_no"]).data(): model.index(r, COLUMN["shop"]).data()
        for r in range(model.rowCount())
    }
    assert shown == {TAOBAO_LATE: "测试小店", PDD_LATE: "拼拼"}
    assert not page.table.isColumnHidden(COLUMN["shop"])

    pick(qtbot, page.shop_filter, "测试小店")
    qtbot.waitUntil(lambda: not model.loading and model.rowCount() == 1)
    assert model.index(0, COLUMN["order_no"]).data() == TAOBAO_LATE
    assert page.table.isColumnHidden(COLUMN["shop"])


def test_help_rate_is_per_shop_and_the_filter_has_no_all(qtbot, two_shops):
    page = build(qtbot, HelpRatePage, two_shops)
    page.on_shown()
    qtbot.waitUntil(lambda: page.loader.idle and page.data is not None, timeout=10_000)
    assert [page.shop_filter.itemText(i).split(" · ")[0] for i in range(page.shop_filter.count())] == [
        "测试小店",
        "拼拼",
    ]
    first = page.data
    with qtbot.waitSignal(page.loader.ready, timeout=10_000):
        pick(qtbot, page.shop_filter, "拼拼")
    qtbot.waitUntil(lambda: page.loader.idle and page.data is not first, timeout=10_000)
    assert page.data.report.shop_id == 2


def test_one_shop_keeps_todays_look_with_no_filter_and_no_shop_column(qtbot, store):
    today = build(qtbot, TodayPage, store)
    orders_page = build(qtbot, OrdersPage, store)
    assert not today.shop_filter.isVisible() and not orders_page.shop_filter.isVisible()
    assert orders_page.table.isColumnHidden(COLUMN["shop"])


def test_the_import_dialog_sends_a_taobao_export_to_the_taobao_shop_and_lets_the_user_pick(
    qtbot, store, tmp_path
):
    from seller_assistant.store import orders
    from seller_assistant.ui.import_dialog import ImportOrdersDialog

    shops.add_shop(store, "拼拼", "pdd", "Asia/Shanghai", NOW_EPOCH)
    page = build(qtbot, OrdersPage, store)
    pick(qtbot, page.shop_filter, "拼拼")  # the page shows the PDD shop …
    dialog = ImportOrdersDialog(page.ctx, page, shop_id=page.shop_filter.shop_id())  # closes with its page
    dialog.show()
    assert dialog.shop_filter.isVisible() and "拼拼" in dialog.shop_filter.currentText()
    # … but a Taobao 订单报表 (tests/builders/taobao_export.py) goes to the only Taobao shop by default.
    export = write_taobao_export(
        tmp_path / "订单报表.csv", [paid_order(TAOBAO_LATE, NOW_EPOCH - 50 * HOUR, PAID)]
    )
    dialog.load_file(export)
    qtbot.waitUntil(lambda: dialog.state == "mapping", timeout=30_000)
    assert "测试小店" in dialog.shop_filter.currentText()
    qtbot.mouseClick(dialog.import_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.state == "done", timeout=30_000)
    assert orders.count_orders(store, 1) == 1 and orders.count_orders(store, 2) == 0
