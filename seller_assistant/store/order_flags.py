"""Flags the shop sets on an order by hand (a refund requested, a logistics exception), and every
edit by hand recorded with who made it (migration 023: order_edits)."""

from __future__ import annotations

from seller_assistant.store.connection import Store, retried
from seller_assistant.store.staff import acting_staff

# The order fields a person changes by hand, as order_edits names them.
REFUND, LOGISTICS, PROMISE = "refund_status", "logistics_status", "promised_ship_at"
# A message's stage set by hand on the order's chat; its value is "<message id>:<stage>".
MESSAGE_STAGE = "message_stage"


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
            record_edit(store, order_id, REFUND, refund_status, now)
        if logistics_status is not None:
            db.execute(
                "UPDATE orders SET logistics_status = ?, updated_at = ? WHERE id = ?",
                (logistics_status, now, order_id),
            )
            record_edit(store, order_id, LOGISTICS, logistics_status, now)


def record_edit(store: Store, order_id: int, field: str, value: str | None, now: int) -> None:
    """Note one edit by hand with the desk's person (None: not known), inside the caller's write."""
    row = store.conn.execute("SELECT shop_id FROM orders WHERE id = ?", (order_id,)).fetchone()
    store.conn.execute(
        "INSERT INTO order_edits (order_id, field, value, at, made_by) VALUES (?, ?, ?, ?, ?)",
        (order_id, field, value, now, acting_staff(store, row[0] if row else None)),
    )
