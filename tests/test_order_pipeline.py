"""A shop's order history parsed by a worker process while this one writes (imports/order_pipeline.py):
the same stored orders, order days, search index, counts and errors as the import in one process,
and all or nothing when it is cancelled. Inputs are Taobao 订单报表 exports (GBK, the seller
centre's headers and formula-protected numbers: tests/builders/taobao_export.py)."""

from __future__ import annotations

import multiprocessing

import pytest

from seller_assistant.core.errors import UserError
from seller_assistant.core.settings import ShopSettings
from seller_assistant.imports import order_pipeline
from seller_assistant.imports.orders import import_order_file
from seller_assistant.store import bulk_load, open_store, shops
from tests.builders import csv_export
from tests.builders.taobao_export import order, synthetic_orders, write_taobao_export
from tests.conftest import NOW_EPOCH
from tests.test_order_columns import hostile_taobao_rows

pytestmark = pytest.mark.sqlite_only(
    reason="the parsing worker serves SQLite stores only: a shared store never loads indexes after the rows"
)

FIRST = 3_912_345_678_901_234_567


@pytest.fixture
def small_history(monkeypatch):
    """A history load and its worker from a few thousand lines on (a test file is not 4 MB)."""
    monkeypatch.setattr(order_pipeline, "WORKER_MIN_BYTES", 0)
    monkeypatch.setattr(bulk_load, "BULK_MIN_ROWS", 1000)
    used = []
    real = order_pipeline.import_in_worker

    def spy(*args, **kwargs):
        result = real(*args, **kwargs)
        used.append(result is not None)
        return result

    monkeypatch.setattr(order_pipeline, "import_in_worker", spy)
    return used


def _history_rows() -> list[dict[str, str]]:
    """12 000 orders (three of the reader's 5 000-line chunks) with the hostile cells of real
    exports, and orders met again in a later chunk with other values (the later line wins)."""
    rows = list(synthetic_orders(12_000)) + hostile_taobao_rows(40)
    rows.append(
        order(str(FIRST + 10), buyer="换了名字的买家", paid="2026-11-02 09:00:00", title="新标题 蓝色")
    )
    rows.append(order(str(FIRST + 5), buyer="老主顾改名"))  # an order the store held before
    rows.append(order(str(FIRST + 11_990), buyer="同一块里又来"))  # again, in its own chunk
    return rows


def _earlier_rows() -> list[dict[str, str]]:
    return [order(str(FIRST + i), buyer=f"老主顾{i}", paid="2026-11-01 08:00:00") for i in range(8)]


def _store(path):
    store = open_store(path)
    return store, shops.create_shop(store, ShopSettings(name="测试小店", timezone="Asia/Shanghai"), NOW_EPOCH)


def _stored(store) -> tuple:
    conn = store.conn
    conn.execute("CREATE VIRTUAL TABLE temp.words USING fts5vocab(main, orders_bigram, instance)")
    return (
        conn.execute("SELECT * FROM orders ORDER BY id").fetchall(),
        conn.execute(
            "SELECT * FROM order_days ORDER BY shop_id, basis, day, deleted, own, flag, tracking,"
            " country, currency"
        ).fetchall(),
        conn.execute("SELECT term, doc FROM temp.words ORDER BY term, doc").fetchall(),
    )


def _import_both_ways(tmp_path, monkeypatch, files, earlier=None):
    """Each file into a new store with a worker and in one process: (stored, results) of each."""
    outcomes = []
    for in_worker in (True, False):
        store, shop = _store(tmp_path / f"shop-{in_worker}.db")
        if earlier is not None:
            import_order_file(store, shop, earlier, now=NOW_EPOCH - 3600)
        with monkeypatch.context() as patch:
            if not in_worker:
                patch.setattr(order_pipeline, "worth_a_worker", lambda *_: False)
            results = [import_order_file(store, shop, file, now=NOW_EPOCH).to_json() for file in files]
        outcomes.append((_stored(store), results))
        store.close()
    return outcomes


def test_history_parsed_by_a_worker_stores_what_one_process_stores(tmp_path, monkeypatch, small_history):
    path = write_taobao_export(tmp_path / "ExportOrderList.csv", _history_rows(), encoding="gbk")
    (by_worker, worker_results), (alone, results) = _import_both_ways(tmp_path, monkeypatch, [path])

    assert small_history == [True]
    assert by_worker == alone
    assert worker_results == results
    assert results[0]["inserted"] > 12_000 and results[0]["errors"]
    orders = {row[2]: row for row in alone[0]}  # order_no -> stored row
    assert "换了名字的买家" in orders[str(FIRST + 10)]


def test_history_over_orders_already_stored_merges_them_as_one_process_does(
    tmp_path, monkeypatch, small_history
):
    earlier = write_taobao_export(tmp_path / "earlier.csv", _earlier_rows(), encoding="gbk")
    path = write_taobao_export(tmp_path / "ExportOrderList.csv", _history_rows(), encoding="gbk")
    (by_worker, worker_results), (alone, results) = _import_both_ways(tmp_path, monkeypatch, [path], earlier)

    assert small_history == [True]
    assert by_worker == alone
    assert worker_results == results
    assert results[0]["updated"] == 8


def test_cancelled_history_import_keeps_nothing_and_ends_its_worker(tmp_path, small_history):
    path = write_taobao_export(
        tmp_path / "ExportOrderList.csv", list(synthetic_orders(12_000)), encoding="gbk"
    )
    store, shop = _store(tmp_path / "shop.db")
    seen = []

    def cancel_after_the_first_chunk(done: int, total: int) -> None:
        seen.append(done)
        if done > 0:
            raise KeyboardInterrupt  # what the window's Cancel raises in its worker

    with pytest.raises(KeyboardInterrupt):
        import_order_file(store, shop, path, now=NOW_EPOCH, progress=cancel_after_the_first_chunk)

    assert store.conn.execute("SELECT count(*) FROM orders").fetchone()[0] == 0
    assert store.conn.execute("SELECT count(*) FROM order_days").fetchone()[0] == 0
    assert not multiprocessing.active_children()
    # The store works on: the same file imported whole afterwards.
    assert import_order_file(store, shop, path, now=NOW_EPOCH).inserted == 12_000
    store.close()


def test_history_file_refused_by_the_worker_says_so_in_the_usual_words(tmp_path, small_history):
    # The worker opens the file and checks the mapping before it sends a row: the same refusal.
    path = write_taobao_export(tmp_path / "ExportOrderList.csv", list(synthetic_orders(3000)), encoding="gbk")
    store, shop = _store(tmp_path / "shop.db")

    with pytest.raises(UserError, match="the file has no column '买家会员名号'"):
        import_order_file(store, shop, path, now=NOW_EPOCH, mapping={"buyer": "买家会员名号"})

    assert store.conn.execute("SELECT count(*) FROM orders").fetchone()[0] == 0
    store.close()


def test_shops_own_table_is_read_with_the_mapping_remembered_for_its_headers(
    tmp_path, monkeypatch, small_history
):
    """A shop's own table whose headers no marketplace uses (no one format to cite: a table a shop
    keeps itself), mapped by hand once; its next, big file is read by the worker with that mapping."""
    headers = ("编号A", "客户名B", "货品C", "付款D", "状态E")
    mapping = {
        "order_no": "编号A",
        "buyer": "客户名B",
        "item_title": "货品C",
        "paid_at": "付款D",
        "status": "状态E",
    }

    def lines(count: int, first: int) -> list[list[str]]:
        return [
            [
                f"SHOP{first + i:07d}",
                f"买家{i % 97}",
                ("预售茶具", "冷链海鲜", "马克杯")[i % 3],
                f"2026-11-{1 + i % 28:02d} {i % 24:02d}:1{i % 10}:00",
                ("已付款", "已发货", "交易关闭")[i % 3],
            ]
            for i in range(count)
        ]

    first = csv_export.write_rows(tmp_path / "第一批.csv", headers, lines(5, 0))
    big = csv_export.write_rows(
        tmp_path / "我的订单.csv", headers, lines(6000, 3) + [["SHOP0000010", "改名", "马克杯", "", ""]]
    )
    outcomes = []
    for in_worker in (True, False):
        store, shop = _store(tmp_path / f"own-{in_worker}.db")
        import_order_file(store, shop, first, now=NOW_EPOCH - 60, mapping=mapping)  # remembered
        with monkeypatch.context() as patch:
            if not in_worker:
                patch.setattr(order_pipeline, "worth_a_worker", lambda *_: False)
            result = import_order_file(store, shop, big, now=NOW_EPOCH).to_json()
        outcomes.append((_stored(store), result))
        store.close()

    assert small_history == [True]
    assert outcomes[0] == outcomes[1]
    assert outcomes[0][1]["inserted"] == 6000 - 2 and outcomes[0][1]["updated"] == 2
