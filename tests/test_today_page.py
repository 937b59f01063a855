"""The Today page: late orders with their actions, the gauges' headroom in words, refreshing as time passes."""

from __future__ import annotations

import pytest

from seller_assistant.core.settings import ShopSettings
from seller_assistant.store import orders, shops
from seller_assistant.store.events import add_event
from seller_assistant.ui.app import application
from seller_assistant.ui.context import AppContext
from seller_assistant.ui.order_actions import ShipDialog
from seller_assistant.ui.pages.today import TodayPage

from .builders.risk_shop import import_orders, paid_order
from .builders.taobao_export import PAID, SHIPPED
from .conftest import NOW_EPOCH

pytestmark = pytest.mark.both_backends  # store tests on SQLite and PostgreSQL (conftest.py)

HOUR = 3600
DAY = 86400
LATE_NO = "3901234567890123456"
SOON_NO = "3901234567890123457"


def settle(qtbot, page, action=None) -> None:
    """Run `action` (or nothing) and wait until the page has shown the report it causes."""
    if action is not None:
        with qtbot.waitSignal(page.loader.ready, timeout=10_000):
            action()
    qtbot.waitUntil(
        lambda: page.loader.idle and page.report is not None and not page.alerts_pending, timeout=10_000
    )


def open_page(qtbot, store, now=NOW_EPOCH) -> TodayPage:
    application()
    page = TodayPage(AppContext(store, now))
    qtbot.addWidget(page)
    page.resize(1000, 700)
    page.show()
    settle(qtbot, page)
    return page


@pytest.fixture
def late_shop(store, tmp_path):
    """One order paid 50 h ago (48 h promise: 2 h late), one paid 45 h ago (due in 3 h)."""
    return import_orders(
        store,
        tmp_path,
        [
            paid_order(LATE_NO, NOW_EPOCH - 50 * HOUR, PAID, buyer="甜甜兔"),
            paid_order(SOON_NO, NOW_EPOCH - 45 * HOUR, PAID, buyer="阿鱼"),
        ],
        NOW_EPOCH,
    )


def shipped_orders(count: int, start: int = 0) -> list[dict[str, str]]:
    """`count` orders paid over the last three days, all shipped: nothing at risk."""
    return [
        paid_order(str(3_902_000_000_000_000_000 + start + i), NOW_EPOCH - (1 + i % 3) * DAY, SHIPPED)
        for i in range(count)
    ]


def test_today_page_lists_the_late_order_first_with_its_actions(qtbot, store, late_shop):
    page = open_page(qtbot, store)
    first = page.alert_rows[0]
    assert first.alert.severity == "critical"
    assert LATE_NO in first.message.text()
    assert first.open_button is not None and first.reply_button is not None and first.ship_button is not None
    assert page.count_labels["ship_late"].text() == "1"
    assert page.count_labels["ship_due_soon"].text() == "1"
    assert any(SOON_NO in row.message.text() for row in page.alert_rows[1:])


def test_the_minutes_report_brings_the_rows_up_to_date_in_place(qtbot, store, late_shop):
    """Every minute the report comes again, most often with the same alerts: the rows stay (no
    flicker, the list where the shop scrolled it), their times brought up to date. Made anew, sixty
    rows held the window for a quarter of a second every minute at 1 M orders."""
    page = open_page(qtbot, store)
    rows = list(page.alert_rows)
    soon = next(row for row in rows if SOON_NO in row.message.text())
    before = soon.left.text()
    settle(qtbot, page, lambda: page.ctx.set_now(NOW_EPOCH + 20 * 60))
    assert page.report.now == NOW_EPOCH + 20 * 60
    assert page.alert_rows == rows and all(a is b for a, b in zip(page.alert_rows, rows, strict=True))
    assert soon.left.text() != before  # 3 h left became 2 h 40 min
    assert soon.alert is next(a for a in page.report.alerts if a.order_no == SOON_NO)
    # Once the late order is shipped its row goes; the others stay, in the report's order.
    page.alert_rows[0].ship_button.click()
    dialog = page.findChild(ShipDialog)
    dialog.tracking.setText("75312345678901")
    dialog.carrier.setText("中通快递")
    settle(qtbot, page, dialog.accept)
    assert all(LATE_NO not in row.message.text() for row in page.alert_rows)
    assert soon in page.alert_rows and len(page.alert_rows) == len(rows) - 1
    assert page.alert_rows.index(soon) == page.alerts_layout.indexOf(soon)  # shown where listed


def test_the_severity_and_the_late_count_are_in_the_status_colours(qtbot, store, late_shop):
    """Red for what is late, amber for what is due: from the palette, not a style sheet per row
    (each row's own style sheet doubled its layout and paint)."""
    from PySide6.QtGui import QPalette
    from PySide6.QtWidgets import QLabel

    from seller_assistant.ui import theme

    page = open_page(qtbot, store)

    def text_colour(label: QLabel) -> str:
        return label.palette().color(QPalette.ColorRole.WindowText).name()

    badges = {row.alert.severity: row.findChildren(QLabel)[0] for row in page.alert_rows}
    assert badges["critical"].text() == "Critical" and badges["critical"].font().bold()
    assert text_colour(badges["critical"]) == theme.colour("late").name()
    assert text_colour(badges["warning"]) == theme.colour("warning").name()
    assert text_colour(page.count_labels["ship_late"]) == theme.colour("late").name()
    ordinary = page.palette().color(QPalette.ColorRole.WindowText).name()
    assert text_colour(page.count_labels["refunds"]) == ordinary  # nothing urgent: the page's own colour
    assert not any(row.styleSheet() or row.findChildren(QLabel)[0].styleSheet() for row in page.alert_rows)


def test_open_order_emits_order_requested_with_that_order(qtbot, store, late_shop):
    page = open_page(qtbot, store)
    with qtbot.waitSignal(page.ctx.order_requested) as signal:
        page.alert_rows[0].open_button.click()
    assert signal.args == [late_shop[LATE_NO]]


def test_propose_reply_emits_reply_requested_with_that_order(qtbot, store, late_shop):
    page = open_page(qtbot, store)
    with qtbot.waitSignal(page.ctx.reply_requested) as signal:
        page.alert_rows[0].reply_button.click()
    assert signal.args == [late_shop[LATE_NO]]


def test_ship_dialog_marks_the_order_shipped_and_the_alert_goes(qtbot, store, late_shop):
    page = open_page(qtbot, store)
    page.alert_rows[0].ship_button.click()
    dialog = page.findChild(ShipDialog)
    dialog.tracking.setText("75312345678901")
    dialog.carrier.setText("中通快递")
    settle(qtbot, page, dialog.accept)
    order = orders.get_order(store, late_shop[LATE_NO])
    assert order["tracking_no"] == "75312345678901" and order["shipped_at"] == NOW_EPOCH
    assert page.count_labels["ship_late"].text() == "0"
    assert all(LATE_NO not in row.message.text() for row in page.alert_rows)


def test_due_soon_order_turns_late_on_the_next_tick(qtbot, store, late_shop):
    page = open_page(qtbot, store)
    settle(qtbot, page, lambda: page.ctx.set_now(NOW_EPOCH + 4 * HOUR))
    assert page.count_labels["ship_late"].text() == "2"
    assert page.count_labels["ship_due_soon"].text() == "0"


def test_gauge_warns_when_headroom_is_within_the_margin(qtbot, store, tmp_path):
    # 100 orders at a 2 % threshold absorb 2 events; with 1 event the headroom is 1 = the margin.
    ids = import_orders(store, tmp_path, shipped_orders(100), NOW_EPOCH)
    add_event(
        store, shops.require_shop(store), next(iter(ids.values())), "complaint", NOW_EPOCH - DAY, NOW_EPOCH
    )
    page = open_page(qtbot, store)
    week = page.gauges[0]
    assert week.title.text() == "Last 7 days"
    assert week.status.text() == "Warning"
    assert week.headroom.text() == "2 more help events this week put you over 2.00 %"
    assert week.dial.status == "warning"


def test_gauge_says_how_far_over_the_threshold(qtbot, store, tmp_path):
    ids = import_orders(store, tmp_path, shipped_orders(100), NOW_EPOCH)
    shop_id, order_id = shops.require_shop(store), next(iter(ids.values()))
    for kind in ("dispute", "complaint", "intervention", "ticket_timeout", "complaint"):
        add_event(store, shop_id, order_id, kind, NOW_EPOCH - DAY, NOW_EPOCH)  # they stack on one order
    page = open_page(qtbot, store)
    assert page.gauges[0].headroom.text() == "Over the threshold: 3 events above 2.00 %"
    assert page.gauges[0].dial.status == "over"
    assert page.streaks_title.text() == "Days without a…"
    assert page.streak_labels["dispute"][0].text() == "Dispute"
    assert page.streak_labels["dispute"][1].text() == "1"


def test_gauge_asks_for_a_threshold_when_none_is_set(qtbot, store_location, tmp_path):
    from seller_assistant.store import open_store

    bare = open_store(store_location)
    shops.create_shop(bare, ShopSettings(name="无门槛小店", timezone="Asia/Shanghai"), NOW_EPOCH)
    import_orders(bare, tmp_path, shipped_orders(10), NOW_EPOCH)
    page = open_page(qtbot, bare)
    assert page.gauges[0].headroom.text() == "No threshold set — enter your category's average in Settings"
    assert "each help event moves the rate by 10.00 %" in page.gauges[0].caveat.text()
    bare.close()


def test_demo_shop_today_shows_its_late_orders_and_both_windows(qtbot, demo_store):
    page = open_page(qtbot, demo_store)
    late = int(page.count_labels["ship_late"].text())
    assert late > 0
    assert sum(1 for row in page.alert_rows if row.alert.kind == "ship_late") == late
    assert [g.title.text() for g in page.gauges if g.isVisible()] == ["Last 7 days", "Last 30 days"]
    assert page.alert_rows[0].alert.severity == "critical"


def test_every_unanswered_urge_is_counted_not_only_those_near_their_deadline(qtbot, demo_store):
    unanswered = demo_store.conn.execute(
        "SELECT count(*) FROM work_orders WHERE answered_at IS NULL"
    ).fetchone()[0]
    assert unanswered > 0
    page = open_page(qtbot, demo_store)
    assert int(page.count_labels["urges"].text()) == unanswered


def test_a_long_list_of_alerts_is_listed_whole_though_made_a_screenful_at_a_time(qtbot, store, tmp_path):
    """Rows are made a screenful per turn of the event loop (sixty at once froze the window on a
    big shop): the shop still gets every alert of the report, most urgent first."""
    from seller_assistant.ui.pages.today import ALERT_ROWS_PER_TURN

    late = [
        paid_order(str(3_903_000_000_000_000_000 + i), NOW_EPOCH - (50 + i) * HOUR, PAID, buyer=f"买家{i}")
        for i in range(65)
    ]
    import_orders(store, tmp_path, late, NOW_EPOCH)
    page = open_page(qtbot, store)
    assert len(page.report.alerts) > ALERT_ROWS_PER_TURN
    assert [row.alert for row in page.alert_rows] == list(page.report.alerts)
    assert page.alert_rows[0].alert.kind == "ship_late"
    qtbot.waitUntil(lambda: all(row.isVisible() for row in page.alert_rows), timeout=5000)


def test_coming_back_to_today_keeps_its_rows_when_nothing_changed(qtbot, store, late_shop):
    """Showing the page again hands it the report it already shows: its rows stay as they are
    (made anew they cost the window a stall at every visit on a big shop, and lost the scroll)."""
    page = open_page(qtbot, store)
    rows = list(page.alert_rows)
    assert rows
    page.on_shown()  # what the sidebar does on a visit
    settle(qtbot, page)
    assert page.alert_rows == rows
    qtbot.waitUntil(lambda: all(row.isVisible() for row in page.alert_rows), timeout=5000)
