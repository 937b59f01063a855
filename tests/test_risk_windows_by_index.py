"""The report's windows counted day by day (store/metric_counts._by_day) are the same counts as a
plain recount in Python over every order of a generated store, for every metric of every
marketplace profile, and the streaks are each kind's latest event.

Each order condition the profiles' metrics name (deleted by the platform, fulfilled by it, the
tracking check, the latest ship date against the shipment, delivery against its promise, unpaid
orders dated by creation, another shop's orders, times after `now` and on a window's edge) is
varied at random, so dropping or changing any one of them in the SQL changes some day's count."""

from __future__ import annotations

import random
from collections import Counter

import pytest

from seller_assistant.core.profiles import load_profiles
from seller_assistant.core.settings import ShopSettings
from seller_assistant.store import metric_counts, shops
from seller_assistant.store.risk import last_event_times

from .conftest import NOW_EPOCH

pytestmark = pytest.mark.both_backends  # store tests on SQLite and PostgreSQL (conftest.py)

DAY, HOUR = 86400, 3600
KINDS = ("dispute", "complaint", "intervention", "ticket_timeout", "negative_feedback", "case_unresolved")


def _maybe(rng: random.Random, value, chance: float = 0.5):
    return value if rng.random() < chance else None


def _when(rng: random.Random, now: int) -> int:
    """A time in the last 400 days, a few after `now`, some exactly on a day's or a window's edge."""
    edge = rng.random()
    if edge < 0.05:
        return now - rng.choice((0, 1, 7, 30, 90, 365)) * DAY
    if edge < 0.08:
        return now + rng.randrange(1, 3 * DAY)
    return now - rng.randrange(400 * DAY)


def _generate(store, shop_id: int, count: int, rng: random.Random, now: int) -> None:
    with store.write():
        for i in range(count):
            paid_at = _maybe(rng, _when(rng, now), 0.9)
            created_at = (paid_at or _when(rng, now)) - rng.randrange(HOUR)
            promised = (paid_at or created_at) + 48 * HOUR
            # Some ship exactly at the deadline: on time, not late.
            shipped_at = _maybe(
                rng, rng.choice((promised, (paid_at or created_at) + rng.randrange(5 * DAY))), 0.7
            )
            delivered_at = _maybe(rng, (shipped_at or created_at) + rng.randrange(10 * DAY), 0.4)
            store.conn.execute(
                "INSERT INTO orders (shop_id, order_no, buyer, status, item_title, created_at, paid_at,"
                " shipped_at, promised_ship_at, platform_promised_ship_at, fulfilled_by, deleted,"
                " tracking_check, delivered_at, latest_delivery_at, source, updated_at)"
                " VALUES (?, ?, ?, ?, '青瓷杯', ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'import', ?)",
                (
                    shop_id,
                    f"{shop_id}{i:08d}",
                    f"买家{i % 89}",
                    rng.choice(("paid", "shipped", "completed", "refunded")),
                    created_at,
                    paid_at,
                    shipped_at,
                    promised,
                    _maybe(rng, promised + rng.randrange(-DAY, DAY)),
                    rng.choice(("shop", "shop", "platform")),
                    1 if rng.random() < 0.1 else 0,
                    rng.choice((None, "valid", "valid", "invalid", "unchecked")),
                    delivered_at,
                    _maybe(rng, (shipped_at or created_at) + rng.randrange(8 * DAY), 0.8),
                    now,
                ),
            )
        ids = [row[0] for row in store.conn.execute("SELECT id FROM orders WHERE shop_id = ?", (shop_id,))]
        for order_id in rng.sample(ids, count // 10):
            store.conn.execute(
                "INSERT INTO help_events (shop_id, order_id, kind, at, reason, note, source, created_at)"
                " VALUES (?, ?, ?, ?, 'quality', '', 'import', ?)",
                (shop_id, order_id, rng.choice(KINDS), _when(rng, now), now),
            )


def _orders(store, shop_id: int) -> list[dict]:
    return list(store.db.query("SELECT * FROM orders WHERE shop_id = ?", (shop_id,)))


def _own(order: dict) -> bool:
    return order["fulfilled_by"] != "platform"


def _numerator(metric, order: dict) -> int | None:
    """The time that dates an order the metric's numerator counts, or None when it is not counted."""
    if metric.counts == "late_shipments":
        deadline = order["platform_promised_ship_at"] or order["promised_ship_at"]
        counted = order["shipped_at"] is not None and deadline is not None and order["shipped_at"] > deadline
        at = order["shipped_at"]
    elif metric.counts == "valid_tracking":
        counted, at = (
            order["shipped_at"] is not None and order["tracking_check"] == "valid",
            order["shipped_at"],
        )
    else:  # on_time_deliveries
        delivered, latest = order["delivered_at"], order["latest_delivery_at"]
        counted = delivered is not None and latest is not None and delivered <= latest
        at = delivered
    if metric.dated_by == "order":
        at = order["paid_at"] if metric.denominator != "orders" else order["paid_at"] or order["created_at"]
    return at if counted and _own(order) else None


def _denominator(metric, order: dict) -> int | None:
    own = _own(order) or "fulfilled_by_platform" not in metric.exclude
    if order["deleted"]:  # removed by the shop or the platform: no order of the shop's, for every profile
        return None
    if metric.denominator == "orders":  # placed: paid ones by payment, unpaid ones by creation
        return (order["paid_at"] or order["created_at"]) if own else None
    if metric.denominator == "orders_shipped":
        unchecked = metric.counts == "valid_tracking" and order["tracking_check"] == "unchecked"
        return order["shipped_at"] if _own(order) and not unchecked else None
    if metric.denominator == "orders_delivered":
        known = order["delivered_at"] is not None and order["latest_delivery_at"] is not None
        return order["delivered_at"] if _own(order) and known else None
    return order["paid_at"] if own else None


def _by_age(times, now: int, days: int) -> dict[int, int]:
    return dict(Counter((now - at) // DAY for at in times if at is not None and now - days * DAY < at <= now))


def _metrics():
    seen = {}
    for profile in load_profiles().values():
        for metric in profile.metrics:
            seen.setdefault((profile.id, metric.id), metric)
    return seen


@pytest.fixture
def generated(store):
    rng = random.Random(21)
    first = shops.require_shop(store)
    other = shops.create_shop(store, ShopSettings(name="另一家店", timezone="Asia/Shanghai"), NOW_EPOCH)
    _generate(store, first, 2500, rng, NOW_EPOCH)
    _generate(store, other, 600, rng, NOW_EPOCH)
    return store, (first, other)


def test_every_metrics_windows_count_the_same_orders_as_a_recount_in_python(generated):
    store, shop_ids = generated
    checked = set()
    for shop_id in shop_ids:
        rows = _orders(store, shop_id)
        for (profile_id, metric_id), metric in _metrics().items():
            for days in (0, 1, 7, 30, 120, 365):
                if metric.denominator not in ("buyer_questions",):
                    expected = _by_age((_denominator(metric, o) for o in rows), NOW_EPOCH, days)
                    found = metric_counts.denominator_buckets(store, shop_id, metric, NOW_EPOCH, days)
                    assert found == expected, (profile_id, metric_id, days, "denominator")
                    checked.add(metric.denominator)
                if metric.counts in ("late_shipments", "valid_tracking", "on_time_deliveries"):
                    expected = _by_age((_numerator(metric, o) for o in rows), NOW_EPOCH, days)
                    found, _ = metric_counts.numerator_buckets(store, shop_id, metric, NOW_EPOCH, days)
                    assert found == {(metric.counts, k): n for k, n in expected.items()}, (
                        profile_id,
                        metric_id,
                        days,
                        "numerator",
                    )
                    checked.add(metric.counts)
    # The profiles name every kind of window; a profile file that stopped naming one leaves it untested.
    assert checked >= {"orders", "orders_shipped", "orders_delivered", "late_shipments", "valid_tracking"}


def test_orders_paid_in_a_window_leave_out_deleted_orders_and_other_shops(generated):
    store, shop_ids = generated
    for shop_id in shop_ids:
        rows = _orders(store, shop_id)
        for days in (7, 30, 90, 365):
            expected = sum(
                1
                for o in rows
                if o["paid_at"] is not None
                and not o["deleted"]
                and NOW_EPOCH - days * DAY < o["paid_at"] <= NOW_EPOCH
            )
            assert metric_counts.transactions(store, shop_id, NOW_EPOCH, days) == expected


def test_streaks_start_at_each_kinds_latest_event_up_to_now(generated):
    store, shop_ids = generated
    for shop_id in shop_ids:
        latest: dict[str, int] = {}
        for kind, at in store.conn.execute("SELECT kind, at FROM help_events WHERE shop_id = ?", (shop_id,)):
            if at <= NOW_EPOCH:
                latest[kind] = max(at, latest.get(kind, at))
        kinds = (*KINDS, "chargeback")  # one kind no event has: no streak start
        found = last_event_times(store, shop_id, NOW_EPOCH, kinds)
        assert found == {kind: latest.get(kind) for kind in kinds}
        assert found["chargeback"] is None and len(latest) == len(KINDS)
        earlier = NOW_EPOCH - 100 * DAY
        before = last_event_times(store, shop_id, earlier, KINDS)
        assert before == {
            kind: max(
                (
                    at
                    for k, at in store.conn.execute(
                        "SELECT kind, at FROM help_events WHERE shop_id = ?", (shop_id,)
                    )
                    if k == kind and at <= earlier
                ),
                default=None,
            )
            for kind in KINDS
        }


@pytest.mark.sqlite_only(reason="SQLite's query plan; PostgreSQL plans by its own statistics")
def test_every_window_count_of_every_profile_reads_index_pages_only(generated):
    """The counts of a window's orders never read an order's row (that grew with the shop's size
    into 14–25 ms of the report at 1 M orders), and a streak is a seek, not a walk of every event."""
    import dataclasses

    from seller_assistant.store import risk

    store, (shop_id, _) = generated
    statements: list[str] = []
    store.conn.set_trace_callback(statements.append)
    try:
        settings = shops.load_settings(store, shop_id)
        for platform in {profile.id for profile in load_profiles().values()}:
            shops.save_settings(store, shop_id, dataclasses.replace(settings, platform=platform))
            risk.risk_report(store, shop_id, NOW_EPOCH)
    finally:
        store.conn.set_trace_callback(None)
    # The windows' orders: a short window's days one index range each (metric_counts._by_day), a
    # long one's partial days at its edges (store/metric_days.py), both from the orders' indexes;
    # and the whole days between a long window's edges from the summary table.
    edges = {s for s in statements if "count(*)" in s and "FROM orders o" in s and "refund_status" not in s}
    days = {s for s in statements if "FROM order_days" in s}
    streaks = {s for s in statements if s.startswith("SELECT at FROM help_events")}
    assert len(edges) >= 4 and days and streaks
    for sql in edges | days | streaks:
        plan = " | ".join(row[3] for row in store.conn.execute(f"EXPLAIN QUERY PLAN {sql}"))
        # An edge groups at most two days of orders by what the metrics test: a small sort is fine.
        plan_without_grouping = plan.replace("USE TEMP B-TREE FOR GROUP BY", "")
        assert "SCAN o " not in plan and "SCAN order" not in plan, (sql, plan)
        assert "B-TREE" not in plan_without_grouping, (sql, plan)
        assert "COVERING INDEX" in plan or "PRIMARY KEY" in plan, (sql, plan)
