"""Orders: insert, look up, ship."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import asdict

from seller_assistant.core.errors import UserError
from seller_assistant.core.orders import OrderRecord, promised_ship_at
from seller_assistant.store.connection import Store


def insert_orders(
    store: Store, shop_id: int, records: Iterable[OrderRecord], promise_hours: float, now: int, source: str
) -> int:
    """Insert new orders (the demo, manual entry). Imports use the importer's upsert instead."""
    rows = []
    for record in records:
        row = asdict(record)
        row.update(
            shop_id=shop_id,
            perishable=int(record.perishable),
            promised_ship_at=promised_ship_at(record.paid_at, promise_hours),
            promise_rule="default",
            source=source,
            updated_at=now,
        )
        rows.append(row)
    with store.write() as db:
        db["orders"].insert_all(rows, batch_size=500)
    return len(rows)


def get_order(store: Store, order_id: int) -> dict | None:
    rows = list(store.db.query("SELECT * FROM orders WHERE id = ?", [order_id]))
    return rows[0] if rows else None


def find_order(store: Store, shop_id: int, order_no: str) -> dict:
    """The order with this number, or a UserError the CLI can print as it is."""
    rows = list(store.db.query("SELECT * FROM orders WHERE shop_id = ? AND order_no = ?", [shop_id, order_no]))
    if not rows:
        raise UserError(f"There is no order {order_no} in this shop.")
    return rows[0]


def ship_order(
    store: Store, order_id: int, shipped_at: int, tracking_no: str | None, carrier: str | None, now: int
) -> None:
    """Mark an order shipped and keep the shipment as its own record (evidence)."""
    order = get_order(store, order_id)
    if order is None:
        raise UserError(f"There is no order with id {order_id}.")
    if order["status"] in ("refunded", "closed"):
        raise UserError(f"Order {order['order_no']} is {order['status']}; it cannot be shipped.")
    with store.write() as db:
        db.execute(
            "UPDATE orders SET shipped_at = ?, tracking_no = coalesce(?, tracking_no),"
            " carrier = coalesce(?, carrier), status = CASE WHEN status = 'paid' THEN 'shipped' ELSE status END,"
            " updated_at = ? WHERE id = ?",
            (shipped_at, tracking_no, carrier, now, order_id),
        )
        db["shipments"].insert(
            {
                "shop_id": order["shop_id"],
                "order_id": order_id,
                "shipped_at": shipped_at,
                "tracking_no": tracking_no,
                "carrier": carrier,
                "recorded_at": now,
            }
        )


def count_orders(store: Store, shop_id: int) -> int:
    return store.conn.execute("SELECT count(*) FROM orders WHERE shop_id = ?", (shop_id,)).fetchone()[0]
