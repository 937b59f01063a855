"""One risk report a minute for the whole window, and the report only reads.

Today and the tray notifier show the same report of the window's shop; the minute's tick computes
it once for both. What time makes true (an urge past its deadline becomes a help event) is written
by the minute's upkeep, never by computing the report.
"""

from __future__ import annotations

import threading

import pytest
from PySide6.QtCore import QTimer

from seller_assistant.store import open_store, shops, upkeep, work_orders
from seller_assistant.store.risk import risk_report
from seller_assistant.ui import risk_reports
from seller_assistant.ui.app import application
from seller_assistant.ui.context import AppContext
from seller_assistant.ui.notifier import Notifier
from seller_assistant.ui.pages.today import TodayPage

from .builders.risk_shop import import_orders, paid_order
from .builders.taobao_export import PAID
from .conftest import NOW_EPOCH

pytestmark = pytest.mark.both_backends  # store tests on SQLite and PostgreSQL (conftest.py)

HOUR = 3600
ORDER_NO = "3901234567890123456"


def _overdue_urge(store, tmp_path) -> int:
    """An order paid 10 h ago whose buyer urged shipping; the urge's 4 h to answer ran out 1 h ago."""
    ids = import_orders(store, tmp_path, [paid_order(ORDER_NO, NOW_EPOCH - 10 * HOUR, PAID)], NOW_EPOCH)
    shop_id = shops.require_shop(store)
    work_orders.open_work_order(
        store, shop_id, ids[ORDER_NO], NOW_EPOCH - 5 * HOUR, NOW_EPOCH - HOUR, NOW_EPOCH
    )
    return shop_id


def _timeouts(store) -> int:
    return store.conn.execute("SELECT count(*) FROM help_events WHERE kind = 'ticket_timeout'").fetchone()[0]


def test_computing_the_risk_report_writes_nothing(store, tmp_path):
    shop_id = _overdue_urge(store, tmp_path)
    # On a read-only connection (a read-only SQLite file, a read-only PostgreSQL session) any
    # write would be refused: the report computes from what is stored and writes nothing.
    reader = open_store(store.location, read_only=True)
    try:
        report = risk_report(reader, shop_id, NOW_EPOCH)
    finally:
        reader.close()
    assert [w.order_no for w in report.work_orders_overdue] == [ORDER_NO]
    assert _timeouts(store) == 0
    # The upkeep is what records the urge that timed out, once.
    assert upkeep.record_due(store, shop_id, NOW_EPOCH) == 1
    assert upkeep.record_due(store, shop_id, NOW_EPOCH) == 0
    assert _timeouts(store) == 1


def _today_and_tray(qtbot, store):
    """A window's two watchers of the report, each with the day's first report and Today's rows."""
    application()
    ctx = AppContext(store, NOW_EPOCH)
    page = TodayPage(ctx)
    qtbot.addWidget(page)
    notifier = Notifier(ctx)
    shared = risk_reports.RiskReports.of(ctx)
    qtbot.waitUntil(
        lambda: (
            page.report is not None
            and notifier.report is not None
            and shared.idle
            and not page.alerts_pending
        ),
        timeout=10_000,
    )
    return ctx, page, notifier, shared


def test_one_minute_tick_computes_the_report_once_for_today_and_the_tray(qtbot, store, tmp_path, monkeypatch):
    shop_id = _overdue_urge(store, tmp_path)
    computed: list[int] = []
    lock = threading.Lock()

    def counting_report(*args, **kwargs):
        with lock:
            computed.append(args[1])
        return risk_report(*args, **kwargs)

    monkeypatch.setattr(risk_reports, "risk_report", counting_report)
    ctx, page, notifier, shared = _today_and_tray(qtbot, store)
    assert computed == [shop_id]  # both asked when they were built; one report answered both
    assert page.report is notifier.report
    # The window's first upkeep recorded the urge that timed out; the report both show counts it.
    assert _timeouts(store) == 1
    assert page.report.help_rate["7d"].by_kind == {"ticket_timeout": 1}

    computed.clear()
    with qtbot.waitSignal(notifier.checked, timeout=10_000):
        ctx.set_now(NOW_EPOCH + 60)  # the minute's tick
    qtbot.waitUntil(lambda: page.loader.idle and shared.idle, timeout=10_000)
    assert computed == [shop_id]
    assert page.report is notifier.report and page.report.now == NOW_EPOCH + 60
    assert _timeouts(store) == 1


def test_today_and_the_tray_weigh_a_new_report_in_turns_of_their_own(qtbot, store, tmp_path):
    """Showing a report (gauges, counts, streaks) and weighing it for the tray took 20–30 ms of the
    GUI thread together at 1 M orders: each watcher gets it in a turn of the event loop of its own,
    and Today's alert rows come in the turns after its gauges."""
    _overdue_urge(store, tmp_path)
    ctx, page, notifier, shared = _today_and_tray(qtbot, store)
    seen: list[tuple[str, object, int, int]] = []
    real_show, real_consider = page.show_report, notifier.consider
    turns = [0]
    counter = QTimer(page, interval=0)  # fires once a turn of the event loop
    counter.timeout.connect(lambda: turns.__setitem__(0, turns[0] + 1))
    counter.start()

    def showing(report):
        real_show(report)
        seen.append(("today", report, turns[0]))

    def considering(report):
        seen.append(("tray", report, turns[0]))
        real_consider(report)

    page.show_report, notifier.consider = showing, considering
    # Both watch through the shared reports: a new report reaches them through the loader.
    shared._watchers[0]._slot, shared._watchers[1]._slot = showing, considering
    ctx.set_now(NOW_EPOCH + 60)
    qtbot.waitUntil(lambda: len(seen) == 2 and shared.idle and not page.alerts_pending, timeout=10_000)
    (first, report, today_turn), (second, same, tray_turn) = seen
    assert (first, second) == ("today", "tray") and report is same and report.now == NOW_EPOCH + 60
    assert tray_turn > today_turn
    # A page given a report shows its gauges and counts at once, its rows in the turns after.
    another = TodayPage(ctx)
    qtbot.addWidget(another)
    assert another.report is report and another.count_labels["urges"].text() == "1"
    assert another.alert_rows == [] and another.alerts_pending
    qtbot.waitUntil(lambda: len(another.alert_rows) == len(page.alert_rows), timeout=10_000)
