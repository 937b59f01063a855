"""orders.tracking_check kept up to date: each shipped order's number checked against its carrier."""

from __future__ import annotations

from seller_assistant.core.tracking import tracking_check_value
from seller_assistant.store.connection import Store, retried


@retried
def fill_tracking_checks(store: Store, shop_id: int, shipped_since: int) -> int:
    """Check the orders shipped after `shipped_since` not checked yet (imported, or shipped before
    checks existed); returns how many were checked. Orders with neither number nor carrier stay
    unchecked (NULL): to a valid-tracking rate they are shipments without tracking. The range on
    shipped_at keeps this an index scan (orders_shipped_at), not a pass over every order."""
    rows = store.conn.execute(
        "SELECT id, tracking_no, carrier FROM orders WHERE shop_id = ? AND shipped_at > ?"
        " AND tracking_check IS NULL AND (tracking_no IS NOT NULL OR carrier IS NOT NULL)",
        (shop_id, shipped_since),
    ).fetchall()
    if not rows:
        return 0
    with store.write() as db:
        db.conn.executemany(
            "UPDATE orders SET tracking_check = ? WHERE id = ?",
            [(tracking_check_value(number, carrier), order_id) for order_id, number, carrier in rows],
        )
    return len(rows)
