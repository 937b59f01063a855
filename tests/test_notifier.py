"""Notifications: once per cause (an order turning late, a window turning over), remembered across
restarts, grouped when many arrive at once, and a morning summary once a day."""

from __future__ import annotations

from zoneinfo import ZoneInfo

import pytest

from seller_assistant.store import shops
from seller_assistant.store.events import add_event
from seller_assistant.store.risk import risk_report
from seller_assistant.ui.app import application, build_window
from seller_assistant.ui.context import AppContext
from seller_assistant.ui.notifier import Cause, Notifier, causes, group_by_kind, new_causes, summary_day_due

from .builders.risk_shop import import_orders, paid_order
from .builders.taobao_export import PAID, SHIPPED
from .conftest import NOW_EPOCH

pytestmark = pytest.mark.both_backends  # store tests on SQLite and PostgreSQL (conftest.py)

HOUR = 3600
DAY = 86400
ORDER_NO = "3901234567890123456"
SHANGHAI = ZoneInfo("Asia/Shanghai")


class Heard:
    """Every notification a notifier emitted, as (title, text)."""

    def __init__(self, notifier: Notifier) -> None:
        self.all: list[tuple[str, str]] = []
        notifier.notification.connect(lambda title, text: self.all.append((title, text)))

    def titled(self, title: str) -> list[tuple[str, str]]:
        return [n for n in self.all if n[0] == title]


def settle(qtbot, notifier: Notifier, action=None) -> None:
    if action is not None:
        with qtbot.waitSignal(notifier.checked, timeout=10_000):
            action()
    qtbot.waitUntil(lambda: notifier.loader.idle and notifier.report is not None, timeout=10_000)


def start(qtbot, store, now=NOW_EPOCH) -> tuple[Notifier, Heard]:
    application()
    notifier = Notifier(AppContext(store, now))
    heard = Heard(notifier)
    settle(qtbot, notifier)
    return notifier, heard


@pytest.fixture
def due_soon_shop(store, tmp_path):
    """One order paid 47 h ago: due to ship in 1 h (48 h promise)."""
    return import_orders(store, tmp_path, [paid_order(ORDER_NO, NOW_EPOCH - 47 * HOUR, PAID)], NOW_EPOCH)


def test_notification_emitted_once_when_an_order_turns_late(qtbot, store, due_soon_shop):
    notifier, heard = start(qtbot, store)
    assert heard.titled("Order due to ship soon") == [
        ("Order due to ship soon", f"Order {ORDER_NO} must ship within 1h 0m.")
    ]
    settle(qtbot, notifier, lambda: notifier.ctx.set_now(NOW_EPOCH + 2 * HOUR))
    settle(qtbot, notifier, lambda: notifier.ctx.set_now(NOW_EPOCH + 3 * HOUR))
    late = heard.titled("Order late to ship")
    assert len(late) == 1
    assert ORDER_NO in late[0][1]
    assert len(heard.titled("Order due to ship soon")) == 1


def test_reopening_the_app_does_not_announce_the_same_causes_again(qtbot, store, due_soon_shop):
    first, heard_first = start(qtbot, store)
    assert heard_first.all  # the due-soon order and the morning summary
    second, heard_second = start(qtbot, store)
    settle(qtbot, second, second.loader.request)
    assert heard_second.all == []


def test_window_turning_over_is_announced_once(qtbot, store, tmp_path):
    ids = import_orders(
        store,
        tmp_path,
        [paid_order(str(3_902_000_000_000_000_000 + i), NOW_EPOCH - DAY, SHIPPED) for i in range(100)],
        NOW_EPOCH,
    )
    notifier, heard = start(qtbot, store)
    assert heard.titled("Help rate over the threshold") == []
    shop_id, order_id = shops.require_shop(store), next(iter(ids.values()))
    for _ in range(3):  # 3 events on 100 orders: over 2 %
        add_event(store, shop_id, order_id, "complaint", NOW_EPOCH - HOUR, NOW_EPOCH)
    settle(qtbot, notifier, notifier.ctx.notify_changed)
    settle(qtbot, notifier, lambda: notifier.ctx.set_now(NOW_EPOCH + 60))
    over = heard.titled("Help rate over the threshold")
    assert [text.split(":")[0] for _, text in over] == ["Last 7 days", "Last 30 days"]
    assert "Over the threshold: 1 event above 2.00 %" in over[0][1]


def test_morning_summary_comes_once_a_day_after_its_hour(qtbot, store, due_soon_shop):
    notifier, heard = start(qtbot, store, now=NOW_EPOCH - 2 * HOUR)  # 07:00, summary hour 9
    assert heard.titled("Good morning: today's risks") == []
    settle(qtbot, notifier, lambda: notifier.ctx.set_now(NOW_EPOCH))
    settle(qtbot, notifier, lambda: notifier.ctx.set_now(NOW_EPOCH + HOUR))
    summaries = heard.titled("Good morning: today's risks")
    assert len(summaries) == 1
    assert summaries[0][1].startswith("0 late, 1 due to ship soon, 0 urges to answer.")


def test_summary_is_due_past_the_hour_and_not_twice_the_same_day():
    assert summary_day_due(NOW_EPOCH - HOUR, SHANGHAI, 9, "") is None
    assert summary_day_due(NOW_EPOCH, SHANGHAI, 9, "") == "2026-11-25"
    assert summary_day_due(NOW_EPOCH + 5 * HOUR, SHANGHAI, 9, "2026-11-25") is None
    assert summary_day_due(NOW_EPOCH + DAY, SHANGHAI, 9, "2026-11-25") == "2026-11-26"


def test_causes_of_the_demo_shop_have_stable_keys_and_nothing_is_new_twice(demo_store):
    report = risk_report(demo_store, shops.require_shop(demo_store), NOW_EPOCH)
    found = causes(report)
    keys = [c.key for c in found]
    assert len(keys) == len(set(keys))
    assert {f"late:{o.order_id}" for o in report.ship_late} <= set(keys)
    assert "window:help_rate:7d:over" in keys
    assert new_causes(found, set(keys)) == []


def test_many_new_causes_of_one_kind_become_one_grouped_notification():
    late = [Cause(f"late:{i}", "late", f"39000{i}") for i in range(5)]
    soon = [Cause("due_soon:9", "due_soon", "390009")]
    batches = group_by_kind(late + soon)
    assert [len(b) for b in batches] == [5, 1]


def test_the_window_forwards_notifications_to_the_status_bar_without_a_tray(qtbot, demo_store):
    application()
    window = build_window(demo_store, fixed_now=NOW_EPOCH)
    qtbot.addWidget(window)
    # The notifier comes with the tray, a few turns of the event loop after the window (never shown
    # here): waited for as the window would be.
    qtbot.waitUntil(
        lambda: (
            window.notifier is not None and window.notifier.report is not None and window.notifier.loader.idle
        ),
        timeout=10_000,
    )
    assert window.tray is None  # offscreen has no system tray
    assert window.statusBar().currentMessage()


def test_morning_summary_counts_every_unanswered_urge(qtbot, demo_store):
    from seller_assistant.store.risk import risk_report
    from seller_assistant.ui.app import application
    from seller_assistant.ui.context import AppContext
    from seller_assistant.ui.notifier import Notifier

    application()
    unanswered = demo_store.conn.execute(
        "SELECT count(*) FROM work_orders WHERE answered_at IS NULL"
    ).fetchone()[0]
    report = risk_report(demo_store, 1, NOW_EPOCH)
    notifier = Notifier(AppContext(demo_store, NOW_EPOCH))
    assert f"{unanswered} urges to answer" in notifier.summary_text(report)
