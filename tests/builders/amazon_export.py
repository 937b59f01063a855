"""Writes Amazon Seller Central order reports as Amazon does: tab-separated UTF-8, LF, one line per
order item, ISO-8601 times with an offset.

Headers: open-source Amazon report importers found by code search (the Unshipped Orders report's
order-id … promise-date, days-past-promise …; the Order report's … earliest-ship-date,
latest-ship-date, earliest-delivery-date, latest-delivery-date …) and /work/shared/FORMATS.md for
the All Orders report. is-buyer-requested-cancellation and buyer-requested-cancel-reason close the
Unshipped and Order reports' headers in the open-source Amazon report parsers found by code search.
"""

from __future__ import annotations

import csv
from pathlib import Path

from tests.builders.csv_export import row_by_header, write_rows

UNSHIPPED = (
    "order-id",
    "order-item-id",
    "purchase-date",
    "payments-date",
    "reporting-date",
    "promise-date",
    "days-past-promise",
    "buyer-email",
    "buyer-name",
    "buyer-phone-number",
    "sku",
    "product-name",
    "quantity-purchased",
    "quantity-shipped",
    "quantity-to-ship",
    "ship-service-level",
    "recipient-name",
    "ship-address-1",
    "ship-address-2",
    "ship-address-3",
    "ship-city",
    "ship-state",
    "ship-postal-code",
    "ship-country",
    "is-business-order",
    "purchase-order-number",
    "price-designation",
    "is-prime",
    "is-buyer-requested-cancellation",
    "buyer-requested-cancel-reason",
)
ORDERS = (
    "order-id",
    "order-item-id",
    "purchase-date",
    "payments-date",
    "buyer-email",
    "buyer-name",
    "buyer-phone-number",
    "sku",
    "product-name",
    "quantity-purchased",
    "currency",
    "item-price",
    "item-tax",
    "shipping-price",
    "shipping-tax",
    "ship-service-level",
    "recipient-name",
    "ship-address-1",
    "ship-address-2",
    "ship-address-3",
    "ship-city",
    "ship-state",
    "ship-postal-code",
    "ship-country",
    "ship-phone-number",
    "item-promotion-discount",
    "item-promotion-id",
    "ship-promotion-discount",
    "ship-promotion-id",
    "delivery-start-date",
    "delivery-end-date",
    "delivery-time-zone",
    "delivery-Instructions",
    "sales-channel",
    "earliest-ship-date",
    "latest-ship-date",
    "earliest-delivery-date",
    "latest-delivery-date",
    "is-business-order",
    "purchase-order-number",
    "price-designation",
    "is-prime",
    "is-buyer-requested-cancellation",
    "buyer-requested-cancel-reason",
)
ALL_ORDERS = (
    "amazon-order-id",
    "merchant-order-id",
    "purchase-date",
    "last-updated-date",
    "order-status",
    "fulfillment-channel",
    "sales-channel",
    "order-channel",
    "url",
    "ship-service-level",
    "product-name",
    "sku",
    "asin",
    "item-status",
    "quantity",
    "currency",
    "item-price",
    "item-tax",
    "shipping-price",
    "shipping-tax",
    "gift-wrap-price",
    "gift-wrap-tax",
    "item-promotion-discount",
    "ship-promotion-discount",
    "ship-city",
    "ship-state",
    "ship-postal-code",
    "ship-country",
    "promotion-ids",
    "is-business-order",
    "purchase-order-number",
    "price-designation",
)
_DEFAULTS = {
    "buyer-email": "abc123xyz@marketplace.amazon.com",
    "buyer-name": "Jane Smith",
    "sku": "MUG-350-WHT",
    "product-name": "Handmade Ceramic Mug 350 ml, White",
    "quantity-purchased": "1",
    "quantity-shipped": "0",
    "quantity-to-ship": "1",
    "ship-service-level": "Standard",
    "recipient-name": "Jane Smith",
    "ship-address-1": "12 Maple Street",
    "ship-city": "Springfield",
    "ship-state": "IL",
    "ship-postal-code": "62701",
    "ship-country": "US",
    "is-business-order": "false",
    "is-prime": "false",
    "currency": "USD",
    "item-price": "24.99",
    "sales-channel": "Amazon.com",
    "order-channel": "",
    "asin": "B0TESTMUG1",
    "quantity": "1",
    "item-status": "Unshipped",
    "order-status": "Unshipped",
    "fulfillment-channel": "Merchant",
    "is-buyer-requested-cancellation": "false",
}


def line(headers: tuple[str, ...], **values: str) -> list[str]:
    """One report line; keyword names use _ for - (order_id=…, promise_date=…)."""
    named = {k.replace("_", "-"): v for k, v in values.items()}
    row = {k: v for k, v in _DEFAULTS.items() if k in headers}
    row.update(named)
    return row_by_header(headers, row)


def write_amazon_report(path: Path | str, headers: tuple[str, ...], lines: list[list[str]]) -> Path:
    return write_rows(
        path, headers, lines, encoding="utf-8", delimiter="\t", lineterminator="\n", quoting=csv.QUOTE_NONE
    )
