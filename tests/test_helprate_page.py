"""The Help rate page: the 90-day chart, events by kind and reason, the look-ahead, the what-if,
and other marketplaces' metrics."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QPoint, Qt

from seller_assistant.core.risk import TrendPoint
from seller_assistant.core.settings import ShopSettings
from seller_assistant.store import open_store, shops
from seller_assistant.store.events import add_event
from seller_assistant.ui.app import application
from seller_assistant.ui.context import AppContext
from seller_assistant.ui.pages.helprate import HelpRatePage
from seller_assistant.ui.rate_chart import RateChart, chart_points

from .builders.risk_shop import SHANGHAI, import_orders, paid_order
from .builders.taobao_export import PAID, SHIPPED
from .conftest import NOW_EPOCH

pytestmark = pytest.mark.both_backends  # store tests on SQLite and PostgreSQL (conftest.py)

HOUR = 3600
DAY = 86400


def open_page(qtbot, store, now=NOW_EPOCH) -> HelpRatePage:
    application()
    page = HelpRatePage(AppContext(store, now))
    qtbot.addWidget(page)
    page.resize(1000, 700)
    page.show()
    page.on_shown()
    qtbot.waitUntil(lambda: page.loader.idle and page.data is not None, timeout=10_000)
    return page


def cells(table) -> list[list[str]]:
    return [[table.item(r, c).text() for c in range(table.columnCount())] for r in range(table.rowCount())]


@pytest.fixture
def small_shop(store, tmp_path):
    """100 shipped orders paid yesterday, 2 late ones; a dispute 6.5 days old and 20 days old, a complaint."""
    rows = [paid_order(str(3_902_000_000_000_000_000 + i), NOW_EPOCH - DAY, SHIPPED) for i in range(100)]
    rows += [paid_order(str(3_903_000_000_000_000_000 + i), NOW_EPOCH - 50 * HOUR, PAID) for i in range(2)]
    ids = import_orders(store, tmp_path, rows, NOW_EPOCH)
    shop_id, order_id = shops.require_shop(store), next(iter(ids.values()))
    add_event(
        store, shop_id, order_id, "dispute", NOW_EPOCH - 6 * DAY - 12 * HOUR, NOW_EPOCH, reason="quality"
    )
    add_event(store, shop_id, order_id, "dispute", NOW_EPOCH - 20 * DAY, NOW_EPOCH, reason="quality")
    add_event(store, shop_id, order_id, "complaint", NOW_EPOCH - 2 * DAY, NOW_EPOCH, reason="logistics")
    return ids


def test_chart_has_a_point_for_each_of_the_last_90_days_and_paints(qtbot, demo_store):
    page = open_page(qtbot, demo_store)
    assert page.chart.point_count() == 90
    assert not page.chart.grab().isNull()
    assert page.chart.tooltip_text(89).startswith("2026-11-25\n7 days: ")
    assert [text for text, _ in page.chart.legend_entries()] == [
        "7-day rate",
        "30-day rate",
        "Threshold 2.00 %",
    ]


def test_hovering_the_chart_picks_the_day_under_the_mouse(qtbot, demo_store):
    page = open_page(qtbot, demo_store)
    chart = page.chart
    # From elsewhere first: Qt drops a move to where the pointer already is (the test run before
    # this one, on the other backend, left it on that very spot).
    qtbot.mouseMove(chart, QPoint(5, 5))
    qtbot.mouseMove(chart, QPoint(chart.width() - 17, chart.height() // 2))
    qtbot.waitUntil(lambda: chart._hover == 89)  # the last day: the mouse is at the right edge
    assert not chart.grab().isNull()  # paints the hover guide too


def test_chart_paints_undefined_rates_and_no_threshold(qtbot):
    application()
    chart = RateChart()
    qtbot.addWidget(chart)
    trend = [
        TrendPoint(NOW_EPOCH - (2 - i) * DAY, rate, rate, 1, 0 if rate is None else 50, 1, 50)
        for i, rate in enumerate([0.02, None, 0.04])
    ]
    chart.set_data(chart_points(trend, SHANGHAI), None)
    chart.resize(600, 300)
    assert not chart.grab().isNull()
    assert chart.legend_entries()[-1][0] == "No threshold set"
    assert "7 days: — (1 events / 0 orders)" in chart.tooltip_text(1)
    assert chart.index_at(chart.width() - 1) == 2


def test_events_by_kind_and_by_reason_for_7_and_30_days(qtbot, store, small_shop):
    page = open_page(qtbot, store)
    kinds = cells(page.kinds)
    assert ["Dispute", "1", "2"] in kinds
    assert ["Complaint", "1", "1"] in kinds
    assert kinds[-1] == ["Total", "2", "3"]
    assert cells(page.reasons) == [["Quality", "1", "2"], ["Logistics", "1", "1"]]


def test_look_ahead_shows_when_a_bad_day_stops_counting(qtbot, store, small_shop):
    page = open_page(qtbot, store)
    rows = cells(page.lookahead)
    assert len(rows) == 7
    # The 6.5-day-old dispute leaves the 7-day window tomorrow: 1 event. Orders keep coming at the
    # last 14 days' rate, 102 / 14 = 7.29 a day: 102 + 7 = 109 orders (not the same 102, as if none came).
    assert rows[0][0] == "Tomorrow"
    assert rows[0][1] == f"{100 / 109:.2f} %"
    assert page.lookahead_note.text() == "If orders keep coming at 7.3 a day and nothing new goes wrong:"


def test_what_if_changes_the_rate_shown(qtbot, store, small_shop):
    page = open_page(qtbot, store)
    week = page.data.report.help_rate["7d"]
    assert page.data.report.at_risk_count == 2
    before = page.what_if_results[0].text()
    page.what_if_spin.setValue(2)
    assert page.what_if_rates()[0] == pytest.approx((week.events + 2) / week.orders)
    after = page.what_if_results[0].text()
    assert after != before
    assert after.startswith(f"Last 7 days: {(week.events + 2) / week.orders * 100:.2f} %")
    assert "Over the threshold" in after


def test_other_marketplaces_show_their_metrics(qtbot, store_location):
    amazon = open_store(store_location)
    shops.create_shop(
        amazon, ShopSettings(name="Maple Goods", platform="amazon", timezone="America/New_York"), NOW_EPOCH
    )
    page = open_page(qtbot, amazon)
    assert not page.metrics_box.isHidden()
    report = page.data.report
    windows = sum(len(w) for w in report.metrics.values())
    assert page.metrics.rowCount() == windows >= 3
    names = {row[0] for row in cells(page.metrics)}
    assert names == {metric.name_en for metric in report.profile.metrics}
    amazon.close()


def test_taobao_shops_see_no_extra_metrics_table(qtbot, store):
    page = open_page(qtbot, store)
    assert page.metrics_box.isHidden()


def _amazon_shop_with_a_defect(store_location):
    """Two Amazon orders 20 days ago, one shipped 2 days past its latest ship date, one with negative
    feedback: an order defect rate of 1 in 2 and a late shipment rate of 1 in 2."""
    from seller_assistant.core.orders import OrderRecord
    from seller_assistant.store import orders

    amazon = open_store(store_location)
    shops.create_shop(
        amazon,
        ShopSettings(name="Maple Goods", platform="amazon", timezone="America/New_York", language="en"),
        NOW_EPOCH,
    )
    paid = NOW_EPOCH - 20 * DAY
    orders.insert_orders(
        amazon,
        1,
        [
            OrderRecord(
                order_no="113-0000001-0000001", status="shipped", paid_at=paid, shipped_at=paid + 4 * DAY
            ),
            OrderRecord(
                order_no="113-0000001-0000002", status="shipped", paid_at=paid, shipped_at=paid + DAY
            ),
        ],
        48.0,
        NOW_EPOCH,
        "import",
    )
    first = orders.find_order(amazon, 1, "113-0000001-0000001")["id"]
    add_event(amazon, 1, first, "negative_feedback", NOW_EPOCH - 10 * DAY, NOW_EPOCH)
    return amazon


def test_amazon_what_if_speaks_of_defective_orders_not_help_events(qtbot, store_location):
    amazon = _amazon_shop_with_a_defect(store_location)
    page = open_page(qtbot, amazon)
    assert "If this many become defective orders:" in page.what_if_intro.text()
    assert page.what_if_label.text() == "Defective orders:"
    # 1 defective order of 2 against 1 %: floor(0.02) = 0 allowed, so 1 above.
    assert (
        page.what_if_results[0].text()
        == "Last 60 days: 50.00 % — Over the limit: 1 defective order above 1.00 %"
    )
    page.what_if_spin.lineEdit().selectAll()
    qtbot.keyClicks(page.what_if_spin, "2")
    assert page.what_if_spin.value() == 2
    # The situations are orders already counted: at most the one sound order can turn defective: 2 of 2.
    assert (
        page.what_if_results[0].text()
        == "Last 60 days: 100.00 % — Over the limit: 2 defective orders above 1.00 %"
    )
    assert "help event" not in page.what_if_intro.text() + page.what_if_results[0].text()
    amazon.close()


def test_the_chart_draws_whichever_metric_the_shop_picks(qtbot, store_location):
    amazon = _amazon_shop_with_a_defect(store_location)
    page = open_page(qtbot, amazon)
    assert page.chart_metric.isVisible() and page.chart_metric.count() == 6
    assert page.chart_metric_id() == "order_defect_rate"
    assert [text for text, _ in page.chart.legend_entries()] == ["60-day rate", "Threshold 1.00 %"]
    page.chart_metric.setFocus()
    qtbot.keyClick(page.chart_metric, Qt.Key.Key_Down)  # the next metric: late shipment rate
    assert page.chart_metric_id() == "late_shipment_rate"
    assert [text for text, _ in page.chart.legend_entries()] == [
        "10-day rate",
        "30-day rate",
        "Threshold 4.00 %",
    ]
    assert "late shipment rate — threshold 4.00 %" in page.subtitle.text()
    # Today: the late order shipped 16 days ago, out of the 10-day window, in the 30-day one (1 of 2).
    assert page.chart.tooltip_text(89).endswith("10 days: 0.00 % (0 of 0)\n30 days: 50.00 % (1 of 2)")
    # The choice survives a refresh.
    page.refresh()
    qtbot.waitUntil(lambda: page.loader.idle, timeout=10_000)
    assert page.chart_metric_id() == "late_shipment_rate"
    amazon.close()
