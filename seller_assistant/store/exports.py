"""Rows for spreadsheet exports, read in one pass straight from SQL."""

from __future__ import annotations

from collections.abc import Iterator

from seller_assistant.store.connection import Store

ORDER_EXPORT_COLUMNS = (
    "order_no",
    "buyer",
    "status",
    "item_title",
    "quantity",
    "amount_cents",
    "paid_at",
    "promised_ship_at",
    "shipped_at",
    "tracking_no",
    "carrier",
    "receiver_name",
    "receiver_phone",
    "receiver_address",
    "refund_status",
    "logistics_status",
    "help_events",
)


def iter_orders_for_export(store: Store, shop_id: int) -> Iterator[dict]:
    sql = (
        "SELECT o.order_no, o.buyer, o.status, o.item_title, o.quantity, o.amount_cents, o.paid_at,"
        " o.promised_ship_at, o.shipped_at, o.tracking_no, o.carrier, o.receiver_name, o.receiver_phone,"
        " o.receiver_address, o.refund_status, o.logistics_status,"
        " (SELECT count(*) FROM help_events e WHERE e.order_id = o.id) AS help_events"
        " FROM orders o WHERE o.shop_id = ? ORDER BY o.paid_at DESC, o.id DESC"
    )
    yield from store.db.query(sql, [shop_id])
