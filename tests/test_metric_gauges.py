"""Gauges and health pages for every marketplace: proportional scale, "no orders", the forecast's
assumption on screen, the platform's own name for its metrics, what cannot be computed here."""

from __future__ import annotations

import pytest

from seller_assistant.core import helprate
from seller_assistant.core.orders import OrderRecord
from seller_assistant.core.settings import ShopSettings
from seller_assistant.store import events, open_store, orders, shops
from seller_assistant.ui.app import application
from seller_assistant.ui.gauge import WindowGauge

from .builders.risk_shop import import_orders, paid_order
from .builders.taobao_export import SHIPPED
from .conftest import NOW_EPOCH
from .test_helprate_page import open_page as open_help_rate
from .test_shop_filter import two_shops  # noqa: F401 - a fixture used below
from .test_today_page import open_page as open_today

pytestmark = pytest.mark.both_backends  # store tests on SQLite and PostgreSQL (conftest.py)

DAY = 86400
HOUR = 3600


def _gauge(qtbot, events: int, orders: int, threshold: float) -> WindowGauge:
    gauge = WindowGauge()
    qtbot.addWidget(gauge)
    gauge.resize(240, 260)
    gauge.set_figures(helprate.window_figures("30d", 30, events, orders, threshold))
    gauge.show()
    return gauge


def test_a_value_far_over_the_threshold_looks_far_over(qtbot):
    application()
    near = _gauge(qtbot, 109, 2000, 0.05)  # 5.45 % against 5 %
    far = _gauge(qtbot, 200, 2000, 0.05)  # 10 % against 5 %
    assert near.dial.fill_fraction() < far.dial.fill_fraction() < 1.0
    # The threshold's tick moves down the scale as the scale widens to hold the value.
    assert near.dial.threshold_fraction() == 0.5
    assert far.dial.threshold_fraction() < 0.5
    assert near.dial.grab().toImage() != far.dial.grab().toImage()


def test_an_amazon_shop_without_orders_reads_no_orders_in_grey(qtbot, store_location):
    amazon = open_store(store_location)
    shops.create_shop(
        amazon,
        ShopSettings(name="Maple Goods", platform="amazon", timezone="America/New_York", language="en"),
        NOW_EPOCH,
    )
    page = open_today(qtbot, amazon)
    assert page.health_title.text() == "Maple Goods — Account Health"
    shown = [g for g in page.gauges if g.isVisible()]
    assert len(shown) == 6  # every Account Health metric, its shortest window
    assert shown[0].title.text() == "order defect rate, Last 60 days"
    # Each says what it divides by: orders, shipments, deliveries, buyer questions.
    assert [g.counts.text() for g in shown] == [
        "No orders in this window",
        "No shipments in this window",
        "No orders in this window",
        "No shipments in this window",
        "No deliveries in this window",
        "No buyer questions in this window",
    ]
    for gauge in shown:
        assert gauge.dial.no_orders and gauge.dial.fill_fraction() == 0.0
        assert not gauge.status.isVisible()  # no orange "Warning" on an empty window
        assert not gauge.headroom.isVisible() and not gauge.forecast.isVisible()  # said once, nothing coming
    amazon.close()


def test_today_says_the_forecast_assumes_orders_keep_coming(qtbot, store, tmp_path):
    # 9 orders a day for 14 days, one complaint 2 days ago, Taobao at 2 %.
    rows = [
        paid_order(str(3_904_000_000_000_000_000 + day * 100 + i), NOW_EPOCH - day * DAY - HOUR, SHIPPED)
        for day in range(14)
        for i in range(9)
    ]
    ids = import_orders(store, tmp_path, rows, NOW_EPOCH)
    events.add_event(store, 1, next(iter(ids.values())), "complaint", NOW_EPOCH - 2 * DAY, NOW_EPOCH)
    page = open_today(qtbot, store)
    week = page.gauges[0]
    # 7-day window: 63 orders, 1 event. Tomorrow: 63 − 9 + 9 = 63 orders, the complaint still in: 1.59 %;
    # in a week it has aged out: 0 %.
    assert week.forecast.text() == (
        "If orders keep coming at 9 a day and nothing new goes wrong: tomorrow 1.59 %, in a week 0.00 %."
    )
    assert page.health_title.text() == "测试小店 — platform help rate"


def test_ebay_help_rate_page_names_seller_hub_its_level_and_what_is_not_computed(qtbot, store_location):
    ebay = open_store(store_location)
    shops.create_shop(
        ebay,
        ShopSettings(name="Maple Goods", platform="ebay", timezone="America/New_York", language="en"),
        NOW_EPOCH,
    )
    records = [
        OrderRecord(order_no=f"12-3456-{i:05d}", status="completed", paid_at=NOW_EPOCH - 30 * DAY)
        for i in range(120)
    ]
    orders.insert_orders(ebay, 1, records, 48.0, NOW_EPOCH, "import")
    page = open_help_rate(qtbot, ebay)
    # Orders typed without buyer country or amount: Top Rated's volume floors cannot be told, and
    # the page says so rather than claiming the level.
    assert page.metrics_box.title() == (
        "Maple Goods — Seller Hub service metrics; seller level if judged today: Above Standard"
    )
    first = [page.metrics.item(0, c).text() for c in range(page.metrics.columnCount())]
    assert first[:3] == ["transaction defect rate", "Last 365 days", "0.00 %"]
    assert (
        "Not Top Rated: at least 100 transactions with buyers in US over 365 days: 0 known, and 120 orders "
        "came without the buyer's country, so it cannot be told" in page.metrics_note.text()
    )
    assert "Not computed here: an account open 90 days (Top Rated)" in page.metrics_note.text()
    # What if 3 of today's situations go wrong: 3 defects of 120 = 2.5 %: above eBay's 2 % but
    # within the floor of 4 defects, so the status colour stays a warning.
    page.what_if_spin.setMaximum(10)
    page.what_if_spin.setValue(3)
    assert page.metrics.item(0, 7).text() == "2.50 %"
    ebay.close()


def test_a_pdd_shop_types_its_own_limit_on_the_help_rate_page(qtbot, store_location):
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QDialogButtonBox

    from seller_assistant.ui.limits_dialog import LimitsDialog

    pdd = open_store(store_location)
    shops.create_shop(
        pdd,
        ShopSettings(name="拼拼", platform="pinduoduo", timezone="Asia/Shanghai", language="en"),
        NOW_EPOCH,
    )
    page = open_help_rate(qtbot, pdd)
    assert [page.metrics.item(r, 3).text() for r in range(page.metrics.rowCount())] == ["—", "—", "—"]
    qtbot.mouseClick(page.limits_button, Qt.MouseButton.LeftButton)
    dialog = page.findChild(LimitsDialog)
    field = dialog.fields["dispute_refund_rate"]
    field.selectAll()
    qtbot.keyClicks(field, "0.3")
    with qtbot.waitSignal(page.loader.ready, timeout=10_000):
        qtbot.mouseClick(dialog.buttons.button(QDialogButtonBox.StandardButton.Ok), Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: page.loader.idle, timeout=10_000)
    assert page.data.report.metrics["dispute_refund_rate"]["30d"].threshold == 0.003
    assert page.metrics.item(0, 3).text() == "0.30 %"
    assert page.data.report.metrics["quality_refund_rate"]["30d"].threshold is None  # left "not set"
    pdd.close()


def test_all_shops_at_a_glance_each_under_its_platforms_names(qtbot, store, cli):
    from seller_assistant.store.risk import risk_report
    from seller_assistant.ui.gauge import ShopsHealth

    assert cli("shop", "add", "Maple Goods", "--platform", "ebay", "--timezone", "America/New_York").code == 0
    ebay_id = shops.find_shop(store, "Maple Goods").id
    parts = [
        (name, risk_report(store, shop_id, NOW_EPOCH))
        for name, shop_id in (("测试小店", 1), ("Maple Goods", ebay_id))
    ]
    application()
    panel = ShopsHealth()
    qtbot.addWidget(panel)
    panel.set_reports(parts, "en")
    texts = [label.text() for label in panel.lines]
    assert texts[0] == "测试小店 — platform help rate"
    assert texts[1] == "platform help rate, Last 7 days: no orders (limit 2.00 %)"
    assert (
        texts[2] == "Maple Goods — Seller Hub service metrics; seller level if judged today: Above Standard"
    )
    assert texts[3] == "transaction defect rate, Last 365 days: no orders (limit 2.00 %)"
    assert len(texts) == 2 + 1 + 3  # a title and a line per metric, for each shop


def test_today_with_all_shops_lists_each_shops_metrics_under_its_platforms_names(qtbot, two_shops):  # noqa: F811
    from seller_assistant.ui.pages.today import TodayPage

    from .test_shop_filter import build, today_settled

    page = build(qtbot, TodayPage, two_shops)
    today_settled(qtbot, page)
    assert page.shop_filter.currentText() == "All shops"
    assert page.shops_health.isVisible() and not page.health_title.isVisible()
    titles = [label.text() for label in page.shops_health.lines if "—" in label.text()]
    # Taobao judges the platform help rate; Pinduoduo its own dispute and quality refund rates.
    assert titles[0].startswith("测试小店 — ") and titles[1].startswith("拼拼 — ")
    lines = " | ".join(label.text() for label in page.shops_health.lines)
    assert "纠纷退款率" in lines or "dispute refund rate" in lines


def test_a_jd_shop_is_told_in_words_what_only_its_seller_centre_shows(qtbot, store_location):
    jd = open_store(store_location)
    shops.create_shop(
        jd, ShopSettings(name="青瓷京东店", platform="jd", timezone="Asia/Shanghai", language="en"), NOW_EPOCH
    )
    page = open_today(qtbot, jd)
    # The weathervane is a rank against the category's other shops: not a blank gauge or a 0.
    assert page.not_computed_note.isVisible()
    assert page.not_computed_note.text() == (
        "Not computed here — see your seller centre: the shop weathervane scores; "
        "ratings and customer-service reply figures"
    )
    assert [g.title.text() for g in page.gauges if g.isVisible()] == [
        "dispute rate, Last 30 days",
        "late shipment rate, Last 30 days",
    ]
    jd.close()


def test_a_taobao_shop_has_nothing_left_out(qtbot, store):
    page = open_today(qtbot, store)
    assert not page.not_computed_note.isVisible()
