"""Orders as the core sees them: statuses, and which orders still owe a shipment."""

from __future__ import annotations

from dataclasses import dataclass

ORDER_STATUSES = ("awaiting_payment", "paid", "shipped", "completed", "refunded", "closed")
# Only a paid, unshipped order still owes the buyer a shipment; refunded or closed ones stop counting.
AWAITING_SHIPMENT = "paid"


@dataclass(frozen=True)
class OrderRecord:
    """One order as read from a file or typed in: plain values, times as epoch seconds."""

    order_no: str
    buyer: str = ""
    status: str = "paid"
    platform_status: str | None = None
    item_title: str = ""
    sku: str | None = None
    category: str | None = None
    quantity: int | None = None
    amount_cents: int | None = None
    created_at: int | None = None
    paid_at: int | None = None
    shipped_at: int | None = None
    completed_at: int | None = None
    tracking_no: str | None = None
    carrier: str | None = None
    receiver_name: str | None = None
    receiver_phone: str | None = None
    receiver_address: str | None = None
    buyer_message: str | None = None
    refund_status: str | None = None
    logistics_status: str | None = None
    perishable: bool = False


def promised_ship_at(paid_at: int | None, promise_hours: float, override_at: int | None = None) -> int | None:
    """Paid time plus the promise, unless the shop set this order's promise by hand."""
    if override_at is not None:
        return override_at
    if paid_at is None:
        return None
    return paid_at + int(round(promise_hours * 3600))


def awaits_shipment(status: str, shipped_at: int | None) -> bool:
    return status == AWAITING_SHIPMENT and shipped_at is None
