"""The risk report's evidence alerts on a shop with more open disputes than it names: the first 20
orders lacking evidence are named, orders with every piece are passed over, the rest counted."""

from __future__ import annotations

import pytest

from seller_assistant.core.alerts import ORDER_ALERTS_PER_KIND
from seller_assistant.core.orders import OrderRecord
from seller_assistant.store import agreements, chats, events, orders
from seller_assistant.store.risk import risk_report
from tests.conftest import NOW_EPOCH

pytestmark = pytest.mark.both_backends  # store tests on SQLite and PostgreSQL (conftest.py)

HOUR = 3600
DISPUTES = 24
# Orders (by position, newest dispute first) whose evidence is complete: a reviewer needs nothing.
COMPLETE = {1, 6}


def _number(i: int) -> str:
    return f"39020000000000{i:05d}"


def _complete_evidence(store, order_id: int, now: int) -> None:
    """Pre-sale, shipping and after-sale chat (the shipping one says it was sent), an agreement;
    the tracking number is on the order itself."""
    for stage, role, text, before in (
        ("pre_sale", "buyer", "这个杯子有现货吗", 50),
        ("shipping", "staff", "已发货，单号 YT7501234567890", 40),
        ("after_sale", "buyer", "杯子收到有裂纹", 30),
    ):
        message = chats.add_message(
            store,
            1,
            order_id=order_id,
            buyer="",
            sender_role=role,
            sender_name="小美" if role == "staff" else "买家",
            sent_at=now - before * HOUR,
            text=text,
            source="manual",
            now=now,
        )
        chats.set_stage(store, message, stage, now)
    agreements.add_agreement(store, 1, order_id, "compensation", "补偿 10 元", now - 20 * HOUR, now)


@pytest.fixture
def disputed(store):
    """24 shipped orders, each with a dispute opened an hour after the previous one's."""
    records = [
        OrderRecord(
            _number(i),
            buyer=f"买家{i}",
            status="shipped",
            paid_at=NOW_EPOCH - 10 * 24 * HOUR,
            shipped_at=NOW_EPOCH - 9 * 24 * HOUR,
            tracking_no="YT7501234567890" if i in COMPLETE else None,
        )
        for i in range(DISPUTES)
    ]
    orders.insert_orders(store, 1, records, 48, NOW_EPOCH, source="manual")
    for i in range(DISPUTES):
        order_id = orders.find_order(store, 1, _number(i))["id"]
        events.add_event(
            store, 1, order_id, "dispute", NOW_EPOCH - (i + 1) * HOUR, NOW_EPOCH, reason="quality"
        )
        if i in COMPLETE:
            _complete_evidence(store, order_id, NOW_EPOCH)
    return store


def test_the_first_twenty_orders_lacking_evidence_are_named_and_the_rest_counted(disputed):
    report = risk_report(disputed, 1, NOW_EPOCH)
    lacking = [_number(i) for i in range(DISPUTES) if i not in COMPLETE]
    assert [gap.order_no for gap in report.evidence_gaps] == lacking[:ORDER_ALERTS_PER_KIND]
    # The orders with complete evidence were checked and passed over; what follows the 20th is counted.
    assert report.evidence_unchecked == len(lacking) - ORDER_ALERTS_PER_KIND == 2
    first = report.evidence_gaps[0]
    assert first.missing == (
        "pre_sale_chat",
        "agreement",
        "shipping_proof",
        "delivery_chat",
        "after_sale_chat",
    )
    named = [a.order_no for a in report.alerts if a.kind == "evidence_missing" and a.order_no]
    assert named == lacking[:ORDER_ALERTS_PER_KIND]
    [more] = [a for a in report.alerts if a.kind == "evidence_missing" and a.order_no is None]
    assert more.text("en").startswith("2 more orders are in a refund or dispute")


def test_an_order_with_every_piece_of_evidence_has_a_complete_checklist(disputed):
    order_id = orders.find_order(disputed, 1, _number(1))["id"]
    assert all(item.present for item in chats.completeness(disputed, order_id))
    assert [item.kind for item in chats.completeness(disputed, order_id) if not item.present] == []
