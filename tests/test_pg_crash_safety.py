"""A desk killed (SIGKILL) in the middle of an import leaves the shared store whole (issue 18).

SQLite's crash safety is the app's file (tests/test_crash_safety.py); on PostgreSQL a desk that
dies mid-write leaves an open transaction the server undoes when the connection drops. Here a desk
process importing an order export and a chat export in one transaction each is killed at random
moments: afterwards each import is all there or not at all, every chain verifies, the head log
agrees, and importing the same files again completes them.
"""

from __future__ import annotations

import multiprocessing
import random
import time

import pytest

from seller_assistant.imports.chats import import_chat_file
from seller_assistant.imports.orders import import_order_file
from seller_assistant.store import chain_verify, head_log, open_store, shops
from tests.builders.qianniu_export import write_synthetic_export
from tests.builders.taobao_export import PAID, order, write_taobao_export
from tests.conftest import NOW_EPOCH

pytestmark = [
    pytest.mark.slow,
    pytest.mark.postgresql_only(
        reason="a desk killed mid-write on the server (a SQLite store's: test_crash_safety.py)"
    ),
]

ORDERS = 2500  # one transaction (under store/order_import.ONE_TRANSACTION_MAX)
MESSAGES = 3000  # one transaction too (store/chat_import.ONE_TRANSACTION_MAX)
KILLS = 4


def _import_both(url: str, orders_file: str | None, chat_file: str) -> None:
    store = open_store(url)
    shop_id = shops.require_shop(store)
    if orders_file is not None:
        import_order_file(store, shop_id, orders_file, now=NOW_EPOCH)
    import_chat_file(store, shop_id, chat_file, now=NOW_EPOCH)
    store.close()


def _wait_for_writing(store, desk, timeout: float = 120) -> None:
    """Until another session of this database holds a transaction that has written (has an id)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline and desk.is_alive():
        writing = store.conn.execute(
            "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database()"
            " AND pid <> pg_backend_pid() AND backend_xid IS NOT NULL"
        ).fetchone()[0]
        if writing:
            return
        time.sleep(0.005)
    pytest.fail("the desk never started writing")


def test_a_desk_killed_mid_import_leaves_the_shared_store_whole(pg_url, tmp_path):
    store = open_store(pg_url)
    shops.add_shop(store, "一家小店", "taobao", "Asia/Shanghai", NOW_EPOCH)
    numbers = [f"3912345678{n:09d}" for n in range(ORDERS)]
    orders_file = write_taobao_export(
        tmp_path / "ExportOrderList.csv", [order(no, status=PAID, buyer=f"买家{no[-3:]}") for no in numbers]
    )
    chat_file = tmp_path / "聊天记录.txt"
    written = write_synthetic_export(chat_file, MESSAGES, order_nos=numbers[:20])
    context = multiprocessing.get_context("spawn")
    rng = random.Random(2026)

    def counts() -> tuple[int, int]:
        return (
            store.conn.execute("SELECT count(*) FROM orders").fetchone()[0],
            store.conn.execute("SELECT count(*) FROM messages").fetchone()[0],
        )

    kept = []
    for kill in range(KILLS):
        if kill == KILLS // 2:  # the second half: the orders are in, the desk dies in the chat import
            import_order_file(store, shops.require_shop(store), orders_file, now=NOW_EPOCH)
        orders_arg = str(orders_file) if kill < KILLS // 2 else None
        desk = context.Process(target=_import_both, args=(pg_url, orders_arg, str(chat_file)))
        desk.start()
        _wait_for_writing(store, desk)  # its transaction has written rows, not committed yet
        # A short random wait: on a quiet machine the whole chat transaction can commit within a few
        # hundred milliseconds, and a kill after its commit tests nothing (the import is then whole).
        time.sleep(rng.uniform(0, 0.05))
        desk.kill()
        desk.join(30)
        orders_now, messages_now = counts()
        kept.append((orders_now, messages_now))
        assert orders_now in (0, ORDERS), "half an order import was kept"
        assert messages_now in (0, written), "half a chat import was kept"
        report = chain_verify.verify_store(store)
        assert report.ok, report.problems
        assert not list(head_log.problems(store))

    # Each kill left each import all there or not at all (checked above). A kill can still land
    # just after a commit (then that import is whole, which is right); at least one of each half
    # must have landed mid-write for the test to have tested anything: mid-orders (nothing kept),
    # then mid-chat (only the orders).
    half = KILLS // 2
    assert (0, 0) in kept[:half] and all(
        k in ((0, 0), (ORDERS, 0), (ORDERS, written)) for k in kept[:half]
    ), kept
    assert (ORDERS, 0) in kept[half:] and all(k in ((ORDERS, 0), (ORDERS, written)) for k in kept[half:]), (
        kept
    )
    _import_both(pg_url, str(orders_file), str(chat_file))  # the shop runs it again: complete
    assert counts() == (ORDERS, written)
    assert chain_verify.verify_store(store).ok and not list(head_log.problems(store))
    store.close()
