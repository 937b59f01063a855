"""One-character searches on the Orders table (a digit, 茶, a letter, an emoji) read the orders
holding that character from the search index (migration 020) and show exactly what the old pass
over every order showed, in the same order, under every state filter and sort (issue 20)."""

from __future__ import annotations

import pytest

from seller_assistant.core.grams import bigram_words
from seller_assistant.core.settings import ShopSettings
from seller_assistant.imports.orders import import_order_file
from seller_assistant.store import migrations, open_store, order_queries, shops
from seller_assistant.store.order_queries import FILTERS, OrderQuery, OrderWindow
from tests.builders.taobao_export import order, synthetic_orders, write_taobao_export
from tests.conftest import NOW_EPOCH

pytestmark = pytest.mark.both_backends  # store tests on SQLite and PostgreSQL (conftest.py)

LEAD = 6 * 3600
# Buyers and items as shops see them: Chinese, English in both cases, digits, emoji, Latin-1.
EXTRA = (
    ("3900000000000000001", "茶茶🍵", "Pu'er Tea Cake 357g"),
    ("3900000000000000002", "ÄNNE", "普洱茶 饼 🍵"),
    ("3900000000000000003", "li ming", "TEA cup"),
    ("1100000000000000004", "小 明", "茶"),
    ("2200000000000000005", "9号买家", "青瓷杯 #9"),
)
QUERIES = ("茶", "9", "1", "3", "a", "A", "T", "🍵", "ä", "Ä", "#", "'", "小", "明", "杯", "龘", "x")


@pytest.fixture
def shop_orders(store, tmp_path):
    """190 orders from a Taobao export (UTF-8 with a BOM: the newer seller centre's, which carries
    emoji), imported as the File menu does, in two shops."""
    rows = list(synthetic_orders(180))
    rows += [order(no, buyer=buyer, title=title) for no, buyer, title in EXTRA]
    path = write_taobao_export(tmp_path / "orders.csv", rows, encoding="utf-8-sig")
    import_order_file(store, 1, path, now=NOW_EPOCH)
    other = shops.create_shop(store, ShopSettings(name="二店", timezone="Asia/Shanghai"), NOW_EPOCH)
    more = write_taobao_export(
        tmp_path / "more.csv", synthetic_orders(5, first_no=3_800_000_000_000_000_000), encoding="utf-8-sig"
    )
    import_order_file(store, other, more, now=NOW_EPOCH)
    return store


def _rows(store, shop_id, query: OrderQuery) -> tuple[list[int], int]:
    window = OrderWindow(store, shop_id, query, NOW_EPOCH, LEAD)
    if not window.exact:
        window.complete(window.count_all())  # what the model's count worker adds
    return [row["id"] for row in window.rows(0, 10_000)], window.total


def _as_before(store, shop_id, query: OrderQuery, monkeypatch) -> tuple[list[int], int]:
    """The old path: no index word for one character, so every order of the shop is tested."""
    with monkeypatch.context() as patch:
        patch.setattr(order_queries, "search_words", lambda text: bigram_words(text).split())
        return _rows(store, shop_id, query)


@pytest.mark.parametrize("dense", [False, True])
def test_one_character_finds_the_same_orders_in_the_same_order_as_the_pass_over_every_order(
    shop_orders, monkeypatch, dense
):
    if dense:  # a character in more than 20 orders behaves as one in 20 000 of a million does
        monkeypatch.setattr(order_queries, "DENSE_SEARCH", 20)
        monkeypatch.setattr(order_queries, "COUNT_CAP", 15)
    found = 0
    for shop_id in (1, 2):
        for text in QUERIES:
            for kind in FILTERS:
                for sort in ("deadline", "order_no", "buyer", "paid_at"):
                    query = OrderQuery(filter=kind, search=text, sort=sort, descending=sort == "buyer")
                    ours = _rows(shop_orders, shop_id, query)
                    assert ours == _as_before(shop_orders, shop_id, query, monkeypatch), (
                        shop_id,
                        text,
                        kind,
                        sort,
                    )
                    found += ours[1]
    assert found > 1000, "the fixture must give the characters matches"


def test_the_characters_of_a_buyer_and_item_are_found_by_index(shop_orders):
    # What the page shows for a few characters, checked by hand against the fixture's rows.
    def numbers(text):
        window = OrderWindow(shop_orders, 1, OrderQuery(search=text, sort="order_no"), NOW_EPOCH, LEAD)
        return [row["order_no"] for row in window.rows(0, 10_000)]

    assert numbers("🍵") == ["3900000000000000001", "3900000000000000002"]
    assert numbers("ä") == []  # LIKE ignores the case of ASCII letters only, as before
    assert numbers("Ä") == ["3900000000000000002"]
    assert numbers("龘") == []
    assert "1100000000000000004" in numbers("1") and "3900000000000000003" in numbers("T")


def test_a_renamed_buyer_is_found_by_the_new_characters_and_not_the_old(shop_orders, tmp_path):
    path = write_taobao_export(
        tmp_path / "again.csv",
        [order("2200000000000000005", buyer="甜甜兔", title="青瓷杯 #9")],
        encoding="utf-8-sig",
    )
    import_order_file(shop_orders, 1, path, now=NOW_EPOCH + 60)

    def found(text):
        window = OrderWindow(shop_orders, 1, OrderQuery(search=text), NOW_EPOCH, LEAD)
        return {row["order_no"] for row in window.rows(0, 10_000)}

    assert "2200000000000000005" in found("兔")
    assert "2200000000000000005" not in found("号")


@pytest.mark.sqlite_only(
    reason="a SQLite file at an older version; a shared store starts at the newest schema"
)
def test_orders_stored_before_the_upgrade_are_found_by_one_character(db_path):
    old = open_store(db_path, migrate=False)
    migrations.migrate(old, target=19)
    shop_id = shops.create_shop(old, ShopSettings(name="测试小店"), NOW_EPOCH)
    with old.write():
        old.conn.execute(
            "INSERT INTO orders (shop_id, order_no, buyer, item_title, source, updated_at)"
            " VALUES (?, '3912345678901234567', '甜甜兔', '普洱茶', 'manual', ?)",
            (shop_id, NOW_EPOCH),
        )
    old.close()
    upgraded = open_store(db_path)
    try:
        window = OrderWindow(upgraded, shop_id, OrderQuery(search="茶"), NOW_EPOCH, LEAD)
        assert [row["buyer"] for row in window.rows(0, 10)] == ["甜甜兔"]
        plan = " ".join(
            str(row)
            for row in upgraded.conn.execute(
                "EXPLAIN QUERY PLAN SELECT rowid FROM orders_bigram WHERE orders_bigram MATCH '\"8336\"'"
            )
        )
        assert "VIRTUAL TABLE" in plan
        assert (
            upgraded.conn.execute(
                "SELECT count(*) FROM orders_bigram WHERE orders_bigram MATCH '\"8336\"'"
            ).fetchone()[0]
            == 1
        )
    finally:
        upgraded.close()
