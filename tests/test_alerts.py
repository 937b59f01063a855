"""A long list of late orders: the most urgent are named one by one, the rest counted in one line."""

from __future__ import annotations

import json

import pytest

from seller_assistant.core.alerts import ORDER_ALERTS_PER_KIND
from seller_assistant.core.orders import OrderRecord
from seller_assistant.store import orders

from .conftest import NOW_EPOCH

pytestmark = pytest.mark.both_backends  # store tests on SQLite and PostgreSQL (conftest.py)

HOUR = 3600


def test_late_orders_beyond_the_most_urgent_are_counted_not_listed(cli, store):
    late = ORDER_ALERTS_PER_KIND + 5
    records = [
        OrderRecord(
            order_no=f"39010000000000{n:05d}",
            buyer=f"买家{n}",
            item_title="陶瓷杯",
            paid_at=NOW_EPOCH - 49 * HOUR - n * 60,
        )  # later n: paid earlier, later still
        for n in range(late)
    ]
    orders.insert_orders(store, 1, records, 48, NOW_EPOCH, source="manual")

    report = json.loads(cli("risk", "--json").out)

    assert len(report["ship"]["late"]) == late
    named = [a for a in report["alerts"] if a["kind"] == "ship_late" and a["order_id"]]
    counted = [a for a in report["alerts"] if a["kind"] == "ship_late" and not a["order_id"]]
    assert [a["order_id"] for a in named] == report["ship"]["late"][:ORDER_ALERTS_PER_KIND]
    assert named[0]["order_id"] == f"39010000000000{late - 1:05d}"  # the most overdue first
    assert len(counted) == 1
    assert "5" in counted[0]["message"]
