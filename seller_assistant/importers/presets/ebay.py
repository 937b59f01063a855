"""eBay Seller Hub › Orders › Download report (Orders report): CSV, UTF-8 with a BOM.

Framing, as open-source eBay report parsers found by code search describe and reproduce it: a
padding line of commas, the header, a padding line, the rows, then a footer
`N,record(s) downloaded,from Nov-19-26 to Nov-24-26` and `Seller ID : …`. Dates `Nov-21-26 14:14:05`
(the seller's account time zone, read as the shop's zone — not confirmed), money `$24.99`.
A multi-item order: a summary line (no item) then one line per item under the same Order Number
(not confirmed beyond sellers' descriptions). Ship By Date is a date only: we take the end of that
day in the shop's time zone (assumption, documented in the README).
"""

from __future__ import annotations

import re

from seller_assistant.importers.presets.model import Preset

_MONTHS = {
    m: i
    for i, m in enumerate(
        ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"), start=1
    )
}
_EBAY_TIME = re.compile(r"^([A-Za-z]{3})-(\d{1,2})-(\d{2}|\d{4})(?:\s+(\d{1,2}:\d{2}(?::\d{2})?))?$")


def rewrite_time(text: str) -> str:
    """'Nov-21-26 14:14:05' -> '2026-11-21 14:14:05'; anything else unchanged (the reader explains)."""
    match = _EBAY_TIME.match(text.strip())
    if not match:
        return text
    month, day, year, clock = match.groups()
    number = _MONTHS.get(month.lower())
    if number is None:
        return text
    year = int(year) + (2000 if len(year) == 2 else 0)
    return f"{year:04d}-{number:02d}-{int(day):02d}" + (f" {clock}" if clock else "")


def is_framing(cells: list[str]) -> bool:
    """The footer lines: 'N,record(s) downloaded,from …' and 'Seller ID : …'."""
    first = cells[0].strip().lower() if cells else ""
    second = cells[1].strip().lower() if len(cells) > 1 else ""
    return (
        "record(s) downloaded" in second or "record(s) downloaded" in first or first.startswith("seller id")
    )


PRESET = Preset(
    name="ebay",
    format="ebay",
    label="eBay Orders report",
    columns={
        "order_no": ("Order Number",),
        "buyer": ("Buyer Username",),
        "receiver_name": ("Ship To Name",),
        "receiver_phone": ("Ship To Phone",),
        "receiver_address": ("Ship To Address 1",),
        "ship_country": ("Ship To Country",),
        "item_key": ("Transaction ID", "Item Number"),
        "item_title": ("Item Title",),
        "sku": ("Custom Label",),
        "quantity": ("Quantity",),
        "amount": ("Total Price",),
        "created_at": ("Sale Date",),
        "paid_at": ("Paid On Date",),
        "promised_ship_at": ("Ship By Date",),
        "latest_delivery_at": ("Maximum Estimated Delivery Date",),
        "shipped_at": ("Shipped On Date",),
        "carrier": ("Shipping Service",),
        "tracking_no": ("Tracking Number",),
        "spec": ("Variation Details",),
        "buyer_message": ("Buyer Note",),
    },
    signature=("Sales Record Number", "Order Number", "Item Title"),
    amount_per_order=True,  # Total Price is on the order's (summary) line
    dollar="USD",  # "$24.99" in an ebay.com report; other sites write "C $", "AU $", "£" (not confirmed)
    rewrite_time=rewrite_time,
    skip_row=is_framing,
    notes=("times in the seller's account zone (?)", "summary line + item lines (?)"),
)
