"""Every page of the Orders table, read forwards or (past the middle) from the index's other end,
holds the right orders in the right order: compared with a sort in Python of a generated store."""

from __future__ import annotations

import random

import pytest

from seller_assistant.core.settings import ShopSettings
from seller_assistant.store import shops
from seller_assistant.store.order_queries import OrderQuery, OrderWindow

from .conftest import NOW_EPOCH

pytestmark = pytest.mark.both_backends  # store tests on SQLite and PostgreSQL (conftest.py)

DAY, HOUR = 86400, 3600
LEAD = 6 * HOUR


def _generate(store, shop_id: int, count: int) -> None:
    rng = random.Random(7)
    with store.write():
        for _i in range(count):
            paid_at = None if rng.random() < 0.03 else NOW_EPOCH - rng.randrange(20 * DAY) // 600 * 600
            status = (
                "awaiting_payment"
                if paid_at is None
                else rng.choice(("paid", "paid", "shipped", "completed"))
            )
            shipped = None if status in ("paid", "awaiting_payment") else (paid_at or NOW_EPOCH) + HOUR
            promised = None if paid_at is None else paid_at + 48 * HOUR
            store.conn.execute(
                "INSERT INTO orders (shop_id, order_no, buyer, status, item_title, paid_at, shipped_at,"
                " promised_ship_at, source, updated_at) VALUES (?, ?, ?, ?, '青瓷杯', ?, ?, ?, 'import', ?)",
                (
                    shop_id,
                    str(rng.randrange(10**18, 10**19)),
                    f"王小{rng.randrange(40)}",
                    status,
                    paid_at,
                    shipped,
                    promised,
                    NOW_EPOCH,
                ),
            )


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


@pytest.mark.parametrize("sort", ["deadline", "order_no", "buyer", "paid_at"])
@pytest.mark.parametrize("descending", [False, True])
def test_pages_read_in_any_order_hold_the_same_rows(store, sort, descending):
    # Scrolling up, down and jumping with the scroll bar: each page is sought from the nearest row
    # already read (after it, before it, or a distance away), and must be the page in order.
    shop_id = shops.require_shop(store)
    _generate(store, shop_id, 1300)
    orders = [dict(row) for row in store.db.query("SELECT * FROM orders WHERE shop_id = ?", [shop_id])]
    expected = _expected(orders, sort, descending)
    window = OrderWindow(store, shop_id, OrderQuery(sort=sort, descending=descending), NOW_EPOCH, LEAD)
    rng = random.Random(sort + str(descending))
    offsets = [600, 400, 200, 0, 1250, 1050, 800, 801, 599, 37, 1299, 650]
    offsets += [rng.randrange(1300) for _ in range(20)]
    for offset in offsets:
        assert [row["id"] for row in window.rows(offset, 200)] == expected[offset : offset + 200], offset


def _search_ids(store, shop_id: int, text: str) -> list[int]:
    window = OrderWindow(store, shop_id, OrderQuery(search=text, sort="order_no"), NOW_EPOCH, LEAD)
    return [row["id"] for row in window.rows(0, 10_000)]


def test_search_finds_buyer_item_and_order_number_as_a_substring_test_would(store):
    shop_id = shops.require_shop(store)
    _generate(store, shop_id, 300)
    with store.write():
        store.conn.execute("UPDATE orders SET item_title = 'Handmade Ceramic Teapot' WHERE id % 7 = 0")
    orders = [
        dict(row)
        for row in store.db.query("SELECT * FROM orders WHERE shop_id = ? ORDER BY order_no, id", [shop_id])
    ]
    some_no = orders[5]["order_no"]
    for text in (
        "王小1",
        "小3",
        "王小",
        "青瓷杯",
        "瓷杯",
        "ceramic",
        "TEAPOT",
        "c t",
        some_no[:4],
        some_no,
        "青",
        "无此人",
    ):
        lowered = text.lower()
        expected = [
            o["id"]
            for o in orders
            if o["order_no"].startswith(text)
            or lowered in o["buyer"].lower()
            or lowered in o["item_title"].lower()
        ]
        assert _search_ids(store, shop_id, text) == expected, text


def test_search_follows_a_renamed_buyer(store):
    # A re-import that changes the buyer's name: the old name no longer finds the order, the new does.
    shop_id = shops.require_shop(store)
    _generate(store, shop_id, 50)
    order_id = store.conn.execute("SELECT id FROM orders WHERE shop_id = ? LIMIT 1", (shop_id,)).fetchone()[0]
    with store.write():
        store.conn.execute("UPDATE orders SET buyer = '赵甜甜兔' WHERE id = ?", (order_id,))
    assert _search_ids(store, shop_id, "甜甜兔") == [order_id]
    with store.write():
        store.conn.execute(
            "UPDATE orders SET buyer = '钱可乐', item_title = '竹制茶盘' WHERE id = ?", (order_id,)
        )
    assert _search_ids(store, shop_id, "甜甜兔") == []
    assert _search_ids(store, shop_id, "可乐") == [order_id]
    assert _search_ids(store, shop_id, "茶盘") == [order_id]


@pytest.mark.parametrize("sort", ["deadline", "buyer", "paid_at"])
def test_pages_jumped_to_after_the_window_is_marked_hold_the_same_rows(store, sort):
    # The worker notes every n-th row once the first page is shown; a page far from any read row
    # is then sought from the nearest mark.
    shop_id = shops.require_shop(store)
    _generate(store, shop_id, 1300)
    orders = [dict(row) for row in store.db.query("SELECT * FROM orders WHERE shop_id = ?", [shop_id])]
    expected = _expected(orders, sort, True)
    window = OrderWindow(store, shop_id, OrderQuery(sort=sort, descending=True), NOW_EPOCH, LEAD)
    window.mark(every=97)
    for offset in (650, 1, 1100, 96, 97, 98, 1299, 400):
        assert [row["id"] for row in window.rows(offset, 137)] == expected[offset : offset + 137], offset


def test_a_search_matching_very_many_orders_is_paged_by_the_sorts_index(store, monkeypatch):
    # Above the threshold the search walks the sort's index testing each row: same rows, same order.
    from seller_assistant.store import order_queries

    shop_id = shops.require_shop(store)
    _generate(store, shop_id, 400)
    monkeypatch.setattr(order_queries, "DENSE_SEARCH", 50)
    orders = [dict(row) for row in store.db.query("SELECT * FROM orders WHERE shop_id = ?", [shop_id])]
    for text, sort in (("王小", "deadline"), ("小1", "buyer"), ("瓷杯", "paid_at")):
        matching = [o for o in orders if text in o["buyer"] or text in o["item_title"]]
        expected = _expected(matching, sort, False)
        window = OrderWindow(store, shop_id, OrderQuery(search=text, sort=sort), NOW_EPOCH, LEAD)
        assert window.total == len(expected)
        assert [row["id"] for row in window.rows(0, 1000)] == expected
        assert [row["id"] for row in window.rows(len(expected) - 30, 30)] == expected[-30:]


def test_orders_inserted_in_bulk_are_found_by_search_and_later_single_ones_too(store):
    # A big insert indexes its orders once at the end (the trigger is dropped meanwhile and put
    # back): both the bulk ones and an order added one by one afterwards are found.
    from seller_assistant.store.order_search import BULK_ROWS, indexed_after

    shop_id = shops.require_shop(store)
    with store.write(), indexed_after(store.conn, BULK_ROWS):
        store.conn.executemany(
            "INSERT INTO orders (shop_id, order_no, buyer, item_title, source, updated_at)"
            " VALUES (?, ?, ?, '云南普洱茶饼', 'import', ?)",
            [(shop_id, f"9{n:08d}", f"批量买家{n:04d}", NOW_EPOCH) for n in range(BULK_ROWS)],
        )
    with store.write():
        store.conn.execute(
            "INSERT INTO orders (shop_id, order_no, buyer, item_title, source, updated_at)"
            " VALUES (?, '123', '单个买家', '竹制茶盘', 'manual', ?)",
            (shop_id, NOW_EPOCH),
        )
    assert len(_search_ids(store, shop_id, "批量买家")) == BULK_ROWS
    assert len(_search_ids(store, shop_id, "买家0999")) == 1
    assert len(_search_ids(store, shop_id, "普洱")) == BULK_ROWS
    assert len(_search_ids(store, shop_id, "单个买家")) == 1


def _dense(monkeypatch, cap: int) -> None:
    """A store of a few hundred orders behaves as a million does: a search matching more than 50
    is dense, and a partial count stops at `cap`."""
    from seller_assistant.store import order_queries

    monkeypatch.setattr(order_queries, "DENSE_SEARCH", 50)
    monkeypatch.setattr(order_queries, "COUNT_CAP", cap)


@pytest.mark.parametrize("sort", ["deadline", "paid_at", "buyer"])
def test_a_dense_search_shows_its_first_page_before_counting_every_match(store, monkeypatch, sort):
    # 青瓷杯 is in every order: the first 100 are counted, the first page read; the rest are
    # counted afterwards (the window's worker) and then read in their places.
    shop_id = shops.require_shop(store)
    _generate(store, shop_id, 400)
    _dense(monkeypatch, 100)
    orders = [dict(row) for row in store.db.query("SELECT * FROM orders WHERE shop_id = ?", [shop_id])]
    expected = _expected(orders, sort, False)
    window = OrderWindow(store, shop_id, OrderQuery(search="青瓷杯", sort=sort), NOW_EPOCH, LEAD)
    shown = window.total  # at least 100: all of the awaiting ones when sorted by deadline
    assert 100 <= shown < 400 and not window.exact
    assert [row["id"] for row in window.rows(0, 60)] == expected[:60]
    assert [row["id"] for row in window.rows(shown - 10, 60)] == expected[shown - 10 : shown]  # no more yet
    window.complete(window.count_all())
    assert (window.total, window.exact) == (400, True)
    assert [row["id"] for row in window.rows(370, 60)] == expected[370:]
    assert [row["id"] for row in window.rows(0, 400)] == expected


def test_a_dense_two_character_search_is_counted_exactly_from_the_pair_index(store, monkeypatch):
    # Two Chinese characters are one word of the pair index: its count is the exact answer (plus
    # order numbers starting with them), at once, without reading the orders.
    shop_id = shops.require_shop(store)
    _generate(store, shop_id, 300)
    with store.write():
        for order_no, buyer in (("王小-补发-1", "李四"), ("王小-补发-2", "王小明")):
            store.conn.execute(
                "INSERT INTO orders (shop_id, order_no, buyer, item_title, source, updated_at)"
                " VALUES (?, ?, ?, '竹制茶盘', 'manual', ?)",
                (shop_id, order_no, buyer, NOW_EPOCH),
            )
    _dense(monkeypatch, 10)
    orders = [dict(row) for row in store.db.query("SELECT * FROM orders WHERE shop_id = ?", [shop_id])]
    matching = [o for o in orders if "王小" in o["buyer"] or o["order_no"].startswith("王小")]
    window = OrderWindow(store, shop_id, OrderQuery(search="王小", sort="paid_at"), NOW_EPOCH, LEAD)
    assert (window.total, window.exact) == (len(matching), True) and len(matching) == 302
    assert [row["id"] for row in window.rows(0, 400)] == _expected(matching, "paid_at", False)


def test_with_a_second_shop_a_dense_search_is_counted_from_the_rows_not_the_index(store, monkeypatch):
    # The pair index holds every shop's orders: its count would include the other shop's.
    shop_id = shops.require_shop(store)
    other = shops.create_shop(store, ShopSettings(name="第二家店", timezone="Asia/Shanghai"), NOW_EPOCH)
    _generate(store, shop_id, 120)
    _generate(store, other, 80)
    _dense(monkeypatch, 30)
    window = OrderWindow(store, shop_id, OrderQuery(search="王小", sort="buyer"), NOW_EPOCH, LEAD)
    assert (window.total, window.exact) == (30, False)
    window.complete(window.count_all())
    assert window.total == 120
    assert {row["shop_id"] for row in window.rows(0, 200)} == {shop_id}


@pytest.mark.parametrize("kind", ["awaiting", "late", "due_soon", "shipped", "refunds", "events"])
def test_a_search_in_very_many_orders_with_a_state_filter_finds_the_same_rows(store, monkeypatch, kind):
    # With very many orders holding the pairs, the filter's own index (or the sort's) gives the
    # rows instead of the pair index: the rows and their order must be the same as by the pairs.
    from seller_assistant.store import order_queries

    shop_id = shops.require_shop(store)
    _generate(store, shop_id, 400)
    with store.write():
        store.conn.execute("UPDATE orders SET refund_status = 'requested' WHERE id % 5 = 0")
        store.conn.execute("UPDATE orders SET promised_ship_at = ? WHERE id % 3 = 0", (NOW_EPOCH + HOUR,))
        store.conn.execute(
            "INSERT INTO help_events (shop_id, order_id, kind, at, source, created_at)"
            " SELECT shop_id, id, 'complaint', ?, 'manual', ? FROM orders WHERE id % 7 = 0",
            (NOW_EPOCH, NOW_EPOCH),
        )
    for text in ("王小1", "青瓷杯"):
        query = OrderQuery(filter=kind, search=text)
        by_pairs = OrderWindow(store, shop_id, query, NOW_EPOCH, LEAD)
        expected = [row["id"] for row in by_pairs.rows(0, 1000)]
        monkeypatch.setattr(order_queries, "DENSE_SEARCH", 50)
        monkeypatch.setattr(order_queries, "COUNT_CAP", 30)
        window = OrderWindow(store, shop_id, query, NOW_EPOCH, LEAD)
        window.complete(window.count_all())
        assert window.total == len(expected) and expected, (kind, text)
        assert [row["id"] for row in window.rows(0, 1000)] == expected, (kind, text)
        monkeypatch.undo()
