"""The Replies list read by index (one read per condition, UNION) names the same orders, with the
same reasons and order, as a plain recount in Python over every order of a generated store."""

from __future__ import annotations

import random

import pytest

from seller_assistant.core.settings import ShopSettings
from seller_assistant.store import replies, shops

from .conftest import NOW_EPOCH

pytestmark = pytest.mark.both_backends  # store tests on SQLite and PostgreSQL (conftest.py)

DAY, HOUR = 86400, 3600
RANK = {
    "cannot_ship_in_time": 0,
    "urge_received": 1,
    "dispute_open": 2,
    "refund_requested": 3,
    "logistics_abnormal": 4,
}


def _generate(store, shop_id: int, count: int, rng: random.Random) -> None:
    """Orders of the last 60 days in every state the list cares about, with events and urges."""
    with store.write():
        for i in range(count):
            paid_at = NOW_EPOCH - rng.randrange(60 * DAY)
            status = rng.choice(("paid", "paid", "shipped", "completed", "refunded", "closed"))
            shipped = None if status == "paid" and rng.random() < 0.9 else paid_at + HOUR
            cursor = store.conn.execute(
                "INSERT INTO orders (shop_id, order_no, buyer, status, item_title, paid_at, shipped_at,"
                " refund_status, logistics_status, promised_ship_at, source, updated_at)"
                " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'import', ?) RETURNING id",
                (
                    shop_id,
                    f"{shop_id}{i:08d}",
                    f"买家{i % 97}",
                    status,
                    "青瓷杯",
                    paid_at,
                    shipped,
                    rng.choice((None,) * 8 + ("requested", "agreed")),
                    rng.choice((None,) * 8 + ("exception", "normal")),
                    paid_at + 48 * HOUR,
                    NOW_EPOCH,
                ),
            )
            order_id = cursor.fetchone()[0]
            for _ in range(rng.choice((0, 0, 0, 0, 1, 2))):
                store.conn.execute(
                    "INSERT INTO help_events (shop_id, order_id, kind, at, reason, note, source, created_at)"
                    " VALUES (?, ?, ?, ?, 'quality', '', 'import', ?)",
                    (
                        shop_id,
                        order_id,
                        rng.choice(("dispute", "complaint", "intervention", "ticket_timeout")),
                        NOW_EPOCH - rng.randrange(60 * DAY),
                        NOW_EPOCH,
                    ),
                )
            if rng.random() < 0.15:
                opened = paid_at + HOUR
                store.conn.execute(
                    "INSERT INTO work_orders (shop_id, order_id, kind, opened_at, due_at, answered_at, note,"
                    " created_at) VALUES (?, ?, 'urge_shipping', ?, ?, ?, '', ?)",
                    (shop_id, order_id, opened, opened + DAY, rng.choice((None, opened + 2 * HOUR)), opened),
                )


def _recount(store, shop_id: int, now: int, lead: int) -> list[tuple]:
    """Every order of the shop, its reason decided in Python in the list's order of precedence."""
    events = {}
    for order_id, kind, at in store.conn.execute("SELECT order_id, kind, at FROM help_events"):
        if kind in ("dispute", "intervention") and at > now - 30 * DAY:
            events[order_id] = True
    urged = {
        row[0] for row in store.conn.execute("SELECT order_id FROM work_orders WHERE answered_at IS NULL")
    }
    found = []
    for order_id, status, shipped, refund, logistics, promised in store.conn.execute(
        "SELECT id, status, shipped_at, refund_status, logistics_status, promised_ship_at FROM orders"
        " WHERE shop_id = ?",
        (shop_id,),
    ):
        late = shipped is None and status == "paid" and promised <= now + lead
        if order_id in events:
            reason = "dispute_open"
        elif refund == "requested":
            reason = "refund_requested"
        elif late:
            reason = "cannot_ship_in_time"
        elif order_id in urged:
            reason = "urge_received"
        elif logistics == "exception":
            reason = "logistics_abnormal"
        else:
            continue
        found.append((RANK[reason], order_id, reason))
    return [(order_id, reason) for _rank, order_id, reason in sorted(found)]


def test_the_replies_list_names_the_same_orders_as_a_recount_of_every_order(store):
    rng = random.Random(20)
    first = shops.require_shop(store)
    other = shops.create_shop(store, ShopSettings(name="另一家店", timezone="Asia/Shanghai"), NOW_EPOCH)
    _generate(store, first, 3000, rng)
    _generate(store, other, 800, rng)
    for shop_id in (first, other):
        expected = _recount(store, shop_id, NOW_EPOCH, 6 * HOUR)
        assert len(expected) > 200 and {reason for _id, reason in expected} == set(RANK)
        everything = replies.orders_needing_reply(store, shop_id, NOW_EPOCH, 6 * HOUR, limit=100_000)
        assert [(row["id"], row["reason"]) for row in everything] == expected
        shown = replies.orders_needing_reply(store, shop_id, NOW_EPOCH, 6 * HOUR)
        assert [(row["id"], row["reason"]) for row in shown] == expected[:60]
