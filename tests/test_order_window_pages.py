"""Every page of the Orders table, read forwards or (past the middle) from the index's other end,
holds the right orders in the right order: compared with a sort in Python of a generated store."""

from __future__ import annotations

import random

import pytest

from seller_assistant.store import shops
from seller_assistant.store.order_queries import OrderQuery, OrderWindow

from .conftest import NOW_EPOCH

DAY, HOUR = 86400, 3600
LEAD = 6 * HOUR


def _generate(store, shop_id: int, count: int) -> None:
    rng = random.Random(7)
    with store.write():
        for _i in range(count):
            paid_at = None if rng.random() < 0.03 else NOW_EPOCH - rng.randrange(20 * DAY) // 600 * 600
            status = "awaiting_payment" if paid_at is None else rng.choice(("paid", "paid", "shipped", "completed"))
            shipped = None if status in ("paid", "awaiting_payment") else (paid_at or NOW_EPOCH) + HOUR
            promised = None if paid_at is None else paid_at + 48 * HOUR
            store.conn.execute(
                "INSERT INTO orders (shop_id, order_no, buyer, status, item_title, paid_at, shipped_at,"
                " promised_ship_at, source, updated_at) VALUES (?, ?, ?, ?, '青瓷杯', ?, ?, ?, 'import', ?)",
                (shop_id, str(rng.randrange(10**18, 10**19)), f"王小{rng.randrange(40)}", status, paid_at, shipped,
                 promised, NOW_EPOCH))


def _key(value, descending: bool):
    """SQLite's order: NULL before any value ascending, after every value descending."""
    return (value is not None, value) if not descending else (value is None, _neg(value))


def _neg(value):
    if value is None:
        return 0
    return -value if isinstance(value, int) else tuple(-ord(c) for c in value)


def _expected(orders: list[dict], sort: str, descending: bool) -> list[int]:
    awaiting = [o for o in orders if o["shipped_at"] is None and o["status"] == "paid"]
    if sort == "deadline":
        head = sorted(awaiting, key=lambda o: (o["promised_ship_at"], o["id"]), reverse=descending)
        rest = [o for o in orders if o not in awaiting]
        tail = sorted(rest, key=lambda o: (_key(o["paid_at"], True), -o["id"]))
        return [o["id"] for o in head + tail]
    column = {"order_no": "order_no", "buyer": "buyer", "paid_at": "paid_at"}[sort]
    ordered = sorted(orders, key=lambda o: (_key(o[column], False), o["id"]), reverse=descending)
    return [o["id"] for o in ordered]


@pytest.mark.parametrize("sort", ["deadline", "order_no", "buyer", "paid_at"])
@pytest.mark.parametrize("descending", [False, True])
def test_every_page_holds_the_right_orders_in_order(store, sort, descending):
    shop_id = shops.require_shop(store)
    _generate(store, shop_id, 1300)
    orders = [dict(row) for row in store.db.query("SELECT * FROM orders WHERE shop_id = ?", [shop_id])]
    expected = _expected(orders, sort, descending)
    window = OrderWindow(store, shop_id, OrderQuery(sort=sort, descending=descending), NOW_EPOCH, LEAD)

    assert window.total == len(expected)
    for size in (200, 137):
        shown = []
        for offset in range(0, window.total, size):
            shown += [row["id"] for row in window.rows(offset, size)]
        assert shown == expected
    # Scrolled straight to the bottom: the last page, read from the index's other end.
    assert [row["id"] for row in window.rows(window.total - 200, 200)] == expected[-200:]
    assert [row["id"] for row in window.rows(window.total - 50, 200)] == expected[-50:]
