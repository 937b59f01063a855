"""Amazon's pre-fulfilment cancel rate fed by the shop's own report downloads, not by hand.

Amazon counts every cancellation of an order except those the buyer requested through Amazon
(resources/rules/profiles/amazon.toml). The Unshipped Orders report flags a buyer's request
(is-buyer-requested-cancellation = true); the All Orders report says Cancelled, with the time of
the change in last-updated-date. Reports are written as Amazon writes them (tests/builders/amazon_export.py)."""

from __future__ import annotations

import pytest

from seller_assistant.imports.orders import import_order_file
from seller_assistant.store import orders, shops
from seller_assistant.store.risk import risk_report
from tests.builders.amazon_export import ALL_ORDERS, UNSHIPPED, line, write_amazon_report
from tests.conftest import NOW_EPOCH

pytestmark = pytest.mark.both_backends  # store tests on SQLite and PostgreSQL (conftest.py)

BOUGHT = "2026-11-22T10:00:00-08:00"  # 3 days before NOW (2026-11-25 09:00 in Shanghai)
CHANGED = "2026-11-23T08:30:00-08:00"


def _amazon_shop(store) -> None:
    settings = shops.load_settings(store, 1).updated(
        platform="amazon", help_rate_threshold=None, language="en"
    )
    shops.save_settings(store, 1, settings)


def _import(store, path):
    result = import_order_file(store, 1, path, now=NOW_EPOCH)
    assert result.errors == []
    return result


def test_a_cancellation_the_buyer_asked_for_is_not_the_sellers(store, tmp_path):
    _amazon_shop(store)
    unshipped = [
        line(
            UNSHIPPED,
            order_id="113-0000001-0000001",
            order_item_id="1001",
            purchase_date=BOUGHT,
            payments_date=BOUGHT,
            promise_date="2026-11-24T23:59:59-08:00",
            is_buyer_requested_cancellation="true",
            buyer_requested_cancel_reason="Order Created By Mistake",
        ),
        line(
            UNSHIPPED,
            order_id="113-0000001-0000002",
            order_item_id="1002",
            purchase_date=BOUGHT,
            payments_date=BOUGHT,
            promise_date="2026-11-24T23:59:59-08:00",
        ),
    ]
    _import(store, write_amazon_report(tmp_path / "unshipped.txt", UNSHIPPED, unshipped))
    asked = orders.find_order(store, 1, "113-0000001-0000001")
    assert (asked["cancelled_by"], asked["cancelled_at"]) == ("buyer", None)  # asked, not cancelled yet

    # Two days later the All Orders report: both cancelled, two more shipped.
    all_orders = [
        line(
            ALL_ORDERS,
            amazon_order_id=f"113-0000001-000000{i}",
            purchase_date=BOUGHT,
            last_updated_date=CHANGED,
            order_status=status,
            item_status=status,
        )
        for i, status in ((1, "Cancelled"), (2, "Cancelled"), (3, "Shipped"), (4, "Shipped"))
    ]
    _import(store, write_amazon_report(tmp_path / "all_orders.txt", ALL_ORDERS, all_orders))

    asked, cancelled = (orders.find_order(store, 1, f"113-0000001-000000{i}") for i in (1, 2))
    assert asked["cancelled_by"] == "buyer"  # the later report only says "Cancelled": the request stands
    assert (cancelled["cancelled_by"], cancelled["status"]) == ("seller", "closed")
    assert cancelled["cancelled_at"] == 1795451400  # 2026-11-23 08:30 -08:00
    window = risk_report(store, 1, NOW_EPOCH).metrics["cancellation_rate"]["7d"]
    # 4 orders placed in the 7 days, 1 cancelled by the seller: 25 %, over Amazon's 2.5 %.
    assert (window.events, window.orders, window.rate, window.status) == (1, 4, 0.25, "over")


def test_reimporting_the_all_orders_report_changes_nothing(store, tmp_path):
    _amazon_shop(store)
    rows = [
        line(
            ALL_ORDERS,
            amazon_order_id="113-0000002-0000001",
            purchase_date=BOUGHT,
            last_updated_date=CHANGED,
            order_status="Cancelled",
            item_status="Cancelled",
        )
    ]
    path = write_amazon_report(tmp_path / "all_orders.txt", ALL_ORDERS, rows)
    _import(store, path)
    again = _import(store, path)
    assert (again.inserted, again.updated) == (0, 0)
