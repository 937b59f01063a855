"""Work orders, commitments and notes: timeouts become exactly one help event each."""

from __future__ import annotations

import threading
from datetime import datetime

import pytest

from seller_assistant.core.orders import OrderRecord
from seller_assistant.store import commitments, events, open_store, order_notes, orders, shops, work_orders
from tests.conftest import NOW_EPOCH, SHANGHAI

pytestmark = pytest.mark.both_backends  # store tests on SQLite and PostgreSQL (conftest.py)

HOUR = 3600


def epoch(text: str) -> int:
    return int(datetime.fromisoformat(text).replace(tzinfo=SHANGHAI).timestamp())


def add_order(store, order_no="3900000000000000001") -> int:
    shop_id = shops.require_shop(store)
    orders.insert_orders(
        store, shop_id, [OrderRecord(order_no, paid_at=NOW_EPOCH - 40 * HOUR)], 48, NOW_EPOCH, "manual"
    )
    return orders.find_order(store, shop_id, order_no)["id"]


def test_each_unanswered_overdue_work_order_becomes_one_ticket_timeout(store):
    shop_id, order_id = shops.require_shop(store), add_order(store)
    overdue = work_orders.open_work_order(
        store, shop_id, order_id, NOW_EPOCH - 30 * HOUR, NOW_EPOCH - 6 * HOUR, NOW_EPOCH
    )
    answered = work_orders.open_work_order(
        store, shop_id, order_id, NOW_EPOCH - 30 * HOUR, NOW_EPOCH - 6 * HOUR, NOW_EPOCH
    )
    work_orders.answer_work_order(store, answered, NOW_EPOCH - 7 * HOUR, "今天下午发货")
    work_orders.open_work_order(store, shop_id, order_id, NOW_EPOCH - HOUR, NOW_EPOCH + 23 * HOUR, NOW_EPOCH)

    assert work_orders.record_timeouts(store, shop_id, NOW_EPOCH) == 1
    assert work_orders.record_timeouts(store, shop_id, NOW_EPOCH + 48 * HOUR) == 1  # the third is now late
    assert work_orders.record_timeouts(store, shop_id, NOW_EPOCH + 96 * HOUR) == 0

    timeouts = [e for e in events.events_for_order(store, order_id) if e["kind"] == "ticket_timeout"]
    assert len(timeouts) == 2
    first = next(e for e in timeouts if e["work_order_id"] == overdue)
    assert (first["at"], first["source"]) == (NOW_EPOCH - 6 * HOUR, "work_order")


def test_a_work_order_due_exactly_now_is_not_yet_timed_out(store):
    shop_id, order_id = shops.require_shop(store), add_order(store)
    work_orders.open_work_order(store, shop_id, order_id, NOW_EPOCH - HOUR, NOW_EPOCH, NOW_EPOCH)
    assert work_orders.record_timeouts(store, shop_id, NOW_EPOCH) == 0


def test_concurrent_timeout_runs_never_record_twice(store, store_location):
    shop_id, order_id = shops.require_shop(store), add_order(store)
    for hour in range(20):
        work_orders.open_work_order(
            store, shop_id, order_id, NOW_EPOCH - 30 * HOUR, NOW_EPOCH - hour - 1, NOW_EPOCH
        )
    created: list[int] = []

    def run():
        with open_store(store_location) as own:
            created.append(work_orders.record_timeouts(own, shop_id, NOW_EPOCH))

    threads = [threading.Thread(target=run) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert sum(created) == 20
    count = store.conn.execute("SELECT count(*) FROM help_events WHERE kind = 'ticket_timeout'").fetchone()[0]
    assert count == 20


def test_commitments_open_until_kept(store):
    shop_id, order_id = shops.require_shop(store), add_order(store)
    ship_by = commitments.add_commitment(
        store, shop_id, order_id, "ship_by", NOW_EPOCH + 24 * HOUR, NOW_EPOCH, "明天发"
    )
    commitments.add_commitment(store, shop_id, order_id, "report_back", NOW_EPOCH + 2 * HOUR, NOW_EPOCH)
    assert [c["kind"] for c in commitments.open_commitments(store, shop_id)] == ["report_back", "ship_by"]

    commitments.keep_commitment(store, ship_by, NOW_EPOCH + HOUR)

    assert [c["kind"] for c in commitments.open_commitments(store, shop_id)] == ["report_back"]


def test_notes_are_kept_in_order(store):
    order_id = add_order(store)
    order_notes.add_note(store, order_id, "缺货，已联系买家", "小美", NOW_EPOCH)
    order_notes.add_note(store, order_id, "买家同意等三天", "小美", NOW_EPOCH + HOUR)
    assert [n["text"] for n in order_notes.notes_for_order(store, order_id)] == [
        "缺货，已联系买家",
        "买家同意等三天",
    ]


def test_ship_seals_the_shipment_as_evidence(store):
    order_id = add_order(store)
    shipment_id = orders.ship_order(store, order_id, NOW_EPOCH, "ZT123", "中通快递", NOW_EPOCH)
    order = orders.get_order(store, order_id)
    assert (order["status"], order["tracking_no"]) == ("shipped", "ZT123")
    sealed = store.conn.execute(
        "SELECT count(*) FROM evidence_items WHERE item_type = 'shipment' AND item_id = ?", (shipment_id,)
    ).fetchone()[0]
    assert sealed == 1


def test_cli_work_order_promise_and_note(store, cli):
    order_id = add_order(store)
    opened = cli(
        "work-order", "3900000000000000001", "--opened", "2026-11-25 08:00", "--due", "2026-11-26 08:00"
    )
    assert opened.code == 0, opened.err
    (wo,) = work_orders.work_orders_for_order(store, order_id)
    assert wo["due_at"] == epoch("2026-11-26T08:00:00")
    assert cli("work-order", "3900000000000000001", "--answer", "今天下午发货").code == 0
    assert work_orders.work_orders_for_order(store, order_id)[0]["answer"] == "今天下午发货"
    assert cli("work-order", "3900000000000000001", "--answer", "again").code == 2

    assert (
        cli("promise", "3900000000000000001", "--ship-by", "2026-11-27 18:00", "--text", "周五前发").code == 0
    )
    (promise,) = commitments.commitments_for_order(store, order_id)
    assert (promise["kind"], promise["due_at"]) == ("ship_by", epoch("2026-11-27T18:00:00"))
    assert cli("promise", "3900000000000000001", "--kept").code == 0
    assert commitments.open_commitments(store, shops.require_shop(store)) == []

    assert cli("note", "3900000000000000001", "买家要求顺丰").code == 0
    assert [n["text"] for n in order_notes.notes_for_order(store, order_id)] == ["买家要求顺丰"]
    assert cli("note", "999", "x").code == 2
