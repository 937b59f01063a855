"""Several desks on one shared store at the same moment (issue 18): nothing lost, no chain forked.

Processes, each with its own connection as a desk has, work on the same few orders for a while:
two seal messages on one order, one ships the orders again and again, one imports the export
holding them again and again. Afterwards every chain verifies, every message and shipment a desk
was told was saved is there and sealed once, the order's chain is 1, 2, 3 … without a gap or a
fork, and the imports undid no shipment. Conflicts PostgreSQL resolves by aborting one side
(deadlock, serialization) are retried by the store (store/connection.py: retrying).
"""

from __future__ import annotations

import json
import multiprocessing
import os
import threading
import time
from pathlib import Path

import pytest

from seller_assistant.imports.orders import import_order_file
from seller_assistant.store import chain_verify, chats, open_store, orders, shops
from seller_assistant.store.connection import retrying
from tests.builders.taobao_export import PAID, order, write_taobao_export
from tests.conftest import NOW_EPOCH

pytestmark = [
    pytest.mark.slow,
    pytest.mark.postgresql_only(
        reason="desks writing at once on one server (SQLite queues writers on its file lock)"
    ),
]

# About half a minute of work (the 30 s); a shorter run for a quick look:
# SELLER_ASSISTANT_CONCURRENCY_SECONDS=5 pytest tests/test_pg_concurrency.py
SECONDS = float(os.environ.get("SELLER_ASSISTANT_CONCURRENCY_SECONDS", "30"))
ORDER_NOS = [f"3912345678901{n:06d}" for n in range(1, 6)]
DESKS = [("seal", 1), ("seal", 2), ("ship", 3), ("import", 4)]


def _desk(url: str, kind: str, desk: int, export: str, seconds: float, out: str) -> None:
    """One desk's work in its own process until the time is up; what it was told was saved goes to `out`."""
    store = open_store(url)
    shop_id = shops.require_shop(store)
    ids = {no: orders.find_order(store, shop_id, no)["id"] for no in ORDER_NOS}
    saved, attempts = [], {"n": 0}
    deadline = time.monotonic() + seconds
    i = 0
    while time.monotonic() < deadline:
        i += 1

        def work(i=i):
            attempts["n"] += 1
            if kind == "seal":
                return chats.add_message(
                    store,
                    shop_id,
                    order_id=ids[ORDER_NOS[0]],
                    buyer="",
                    sender_role="staff",
                    sender_name=f"客服{desk}",
                    sent_at=NOW_EPOCH + i,
                    text=f"客服{desk}的第{i}条：已经帮您催仓库了",
                    source="manual",
                    now=NOW_EPOCH + i,
                )
            if kind == "ship":
                order_id = ids[ORDER_NOS[i % len(ORDER_NOS)]]
                return orders.ship_order(
                    store, order_id, NOW_EPOCH + i, f"SF{desk}{i:08d}", "顺丰速运", NOW_EPOCH + i
                )
            result = import_order_file(store, shop_id, export, now=NOW_EPOCH + i)
            return result.rows

        saved.append(retrying(store, work))
    store.close()
    Path(out).write_text(json.dumps({"kind": kind, "saved": saved, "attempts": attempts["n"], "ops": i}))


@pytest.fixture
def shared(pg_url, tmp_path):
    store = open_store(pg_url)
    shops.add_shop(store, "一家小店", "taobao", "Asia/Shanghai", NOW_EPOCH)
    export = tmp_path / "ExportOrderList.csv"
    write_taobao_export(export, [order(no, status=PAID, buyer=f"买家{no[-2:]}") for no in ORDER_NOS])
    import_order_file(store, shops.require_shop(store), export, now=NOW_EPOCH)
    yield store, pg_url, export
    store.close()


def test_desks_sealing_shipping_and_importing_the_same_orders_at_once_lose_nothing(shared, tmp_path):
    store, url, export = shared
    context = multiprocessing.get_context("spawn")  # a fresh process per desk, no connection shared
    outs = [tmp_path / f"desk{desk}.json" for _kind, desk in DESKS]
    desks = [
        context.Process(target=_desk, args=(url, kind, desk, str(export), SECONDS, str(out)))
        for (kind, desk), out in zip(DESKS, outs, strict=True)
    ]
    for process in desks:
        process.start()
    for process in desks:
        process.join(timeout=SECONDS + 120)
        assert process.exitcode == 0, "a desk failed: a conflict was not retried, or a write was refused"
    results = [json.loads(out.read_text()) for out in outs]
    messages = sorted(m for r in results if r["kind"] == "seal" for m in r["saved"])
    shipments = sorted(s for r in results if r["kind"] == "ship" for s in r["saved"])
    assert messages and shipments and any(r["saved"] for r in results if r["kind"] == "import")

    conn = store.conn
    shop_id = shops.require_shop(store)
    first = orders.find_order(store, shop_id, ORDER_NOS[0])
    stored = [
        r[0] for r in conn.execute("SELECT id FROM messages WHERE order_id = ? ORDER BY id", (first["id"],))
    ]
    assert stored == messages  # every message a desk was told was saved, and nothing else
    assert [r[0] for r in conn.execute("SELECT id FROM shipments ORDER BY id")] == shipments
    chain = f"order:{ORDER_NOS[0]}"
    seqs = [
        r[0]
        for r in conn.execute("SELECT seq FROM evidence_items WHERE chain_key = ? ORDER BY seq", (chain,))
    ]
    assert seqs == list(range(1, len(seqs) + 1))  # linear: no gap, no fork
    sealed = conn.execute(
        "SELECT count(*) FROM evidence_items WHERE item_type = 'message' AND chain_key = ?", (chain,)
    ).fetchone()[0]
    assert sealed == len(messages)
    assert conn.execute("SELECT count(*) FROM evidence_items WHERE item_type = 'shipment'").fetchone()[
        0
    ] == len(shipments)
    # The imports said 'paid' all along: not one shipment recorded by the shipping desk was undone.
    for no in ORDER_NOS:
        row = orders.find_order(store, shop_id, no)
        assert row["shipped_at"] is not None and row["status"] == "shipped", no
    assert conn.execute("SELECT count(*) FROM orders").fetchone()[0] == len(ORDER_NOS)
    report = chain_verify.verify_store(store)
    assert report.ok and not report.problems, report.problems


def test_a_deadlock_between_two_desks_is_undone_on_one_side_and_run_again(pg_url):
    """Two desks changing the same two rows in opposite order wait on each other in a circle;
    PostgreSQL undoes one. The store says so (StoreConflictError: nothing kept) and `retrying`
    runs it again, so both changes are saved."""
    first, second = open_store(pg_url), open_store(pg_url)
    for name in ("甲店", "乙店"):
        shops.add_shop(first, name, "taobao", "Asia/Shanghai", NOW_EPOCH)
    both_hold_one = threading.Barrier(2, timeout=30)
    errors: list[BaseException] = []
    attempts = {"a": 0, "b": 0}

    def desk(store, label, order):
        def work():
            attempts[label] += 1
            with store.write():
                store.conn.execute("UPDATE shops SET name = name || ? WHERE id = ?", (label, order[0]))
                if attempts[label] == 1:
                    both_hold_one.wait()
                store.conn.execute("UPDATE shops SET name = name || ? WHERE id = ?", (label, order[1]))

        try:
            retrying(store, work)
        except BaseException as exc:  # noqa: BLE001 - reported below
            errors.append(exc)

    threads = [
        threading.Thread(target=desk, args=(first, "a", (1, 2))),
        threading.Thread(target=desk, args=(second, "b", (2, 1))),
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    assert not errors, errors
    assert sorted(attempts.values()) == [1, 2]  # one side was undone once and ran again
    names = [r[0] for r in first.conn.execute("SELECT name FROM shops ORDER BY id")]
    assert all(name.count("a") == 1 and name.count("b") == 1 for name in names), names
    first.close()
    second.close()


ROUNDS = 6
IMPORTERS = 3


def _importer(url: str, exports: list[str], start, out: str) -> None:
    """A desk importing each export in turn, at the same moment as the other desks (the barrier),
    through the app's own import (no retry of the test's own around it)."""
    store = open_store(url)
    shop_id = shops.require_shop(store)
    counts = []
    for export in exports:
        start.wait(60)
        result = import_order_file(store, shop_id, export, now=NOW_EPOCH)
        counts.append([result.inserted, result.updated, result.unchanged])
    store.close()
    Path(out).write_text(json.dumps(counts))


def test_desks_importing_the_same_new_orders_at_once_store_each_order_once(pg_url, tmp_path):
    """Every desk imports the same exports of new orders at the same moment: the first to write
    inserts them, the others find them stored (they wait for its commit) and merge into them, so no
    desk's import is refused by the unique order number and every order is stored once."""
    store = open_store(pg_url)
    shops.add_shop(store, "一家小店", "taobao", "Asia/Shanghai", NOW_EPOCH)
    exports = []
    for r in range(ROUNDS):
        export = tmp_path / f"ExportOrderList{r}.csv"
        numbers = [f"39{r:02d}345678901{n:06d}" for n in range(1, 9)]
        write_taobao_export(export, [order(no, status=PAID, buyer=f"买家{no[-2:]}") for no in numbers])
        exports.append(str(export))
    context = multiprocessing.get_context("spawn")
    start = context.Barrier(IMPORTERS)
    outs = [tmp_path / f"importer{n}.json" for n in range(IMPORTERS)]
    desks = [context.Process(target=_importer, args=(pg_url, exports, start, str(out))) for out in outs]
    for process in desks:
        process.start()
    for process in desks:
        process.join(timeout=180)
        assert process.exitcode == 0, "a desk's import failed: the same new order was inserted twice"
    results = [json.loads(out.read_text()) for out in outs]
    for r in range(ROUNDS):
        # Each round's 8 orders were inserted by exactly one desk; the others found them stored.
        assert sum(desk[r][0] for desk in results) == 8, [desk[r] for desk in results]
    assert store.conn.execute("SELECT count(*), count(DISTINCT order_no) FROM orders").fetchone() == (
        8 * ROUNDS,
        8 * ROUNDS,
    )
    store.close()
