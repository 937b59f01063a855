"""Flags the shop sets on an order by hand: a refund requested, a logistics exception."""

from __future__ import annotations

from seller_assistant.store.connection import Store, retried


@retried
def set_order_flags(
    store: Store,
    order_id: int,
    now: int,
    *,
    refund_status: str | None = None,
    logistics_status: str | None = None,
) -> None:
    """Flag a refund request or a logistics exception the shop learned of outside an import."""
    with store.write() as db:
        if refund_status is not None:
            db.execute(
                "UPDATE orders SET refund_status = ?, updated_at = ? WHERE id = ?",
                (refund_status, now, order_id),
            )
        if logistics_status is not None:
            db.execute(
                "UPDATE orders SET logistics_status = ?, updated_at = ? WHERE id = ?",
                (logistics_status, now, order_id),
            )
