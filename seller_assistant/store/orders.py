"""Orders: insert, look up, ship, and keep each order's ship promise."""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import asdict

from seller_assistant.core.errors import UserError
from seller_assistant.core.messages import Message
from seller_assistant.core.orders import OrderRecord, promised_ship_at
from seller_assistant.core.settings import ShopSettings
from seller_assistant.core.ship_rules import PromiseRule, promise_for, promise_source
from seller_assistant.core.tracking import tracking_check_value
from seller_assistant.store import pg_locks
from seller_assistant.store.calendar import shop_calendar
from seller_assistant.store.connection import Store, retried
from seller_assistant.store.order_flags import PROMISE, record_edit, set_order_flags
from seller_assistant.store.rows import insert_row, insert_rows, upsert_rows
from seller_assistant.store.ship_rules import apply_changes, promise_changes, shop_rules

_LAST_CARRIER = "last_carrier"  # a settings row of its own: not a setting the shop edits

__all__ = [
    "insert_orders",
    "get_order",
    "find_order",
    "ship_order",
    "count_orders",
    "set_promise_override",
    "recompute_promises",
    "set_order_flags",
    "last_carrier",
    "ship_many",
    "orders_by_number",
]


def insert_orders(
    store: Store, shop_id: int, records: Iterable[OrderRecord], promise_hours: float, now: int, source: str
) -> int:
    """Insert new orders (the demo, manual entry). Imports use the importer's upsert instead."""
    values = []
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
        values.append(row)
    with store.write() as db:
        pg_locks.lock_new_orders(store.conn, shop_id)
        insert_rows(db, "orders", values)
    return len(values)


def get_order(store: Store, order_id: int) -> dict | None:
    rows = list(store.db.query("SELECT * FROM orders WHERE id = ?", [order_id]))
    return rows[0] if rows else None


def find_order(store: Store, shop_id: int, order_no: str) -> dict:
    """The order with this number, or a UserError the CLI can print as it is."""
    rows = list(
        store.db.query("SELECT * FROM orders WHERE shop_id = ? AND order_no = ?", [shop_id, order_no])
    )
    if not rows:
        raise UserError("There is no order {order_no} in this shop.", order_no=order_no)
    return rows[0]


@retried
def ship_order(
    store: Store,
    order_id: int,
    shipped_at: int,
    tracking_no: str | None,
    carrier: str | None,
    now: int,
    no_tracking_reason: str | None = None,
) -> int:
    """Mark an order shipped and keep the shipment as its own record (evidence).

    A shipment needs a tracking number, or the shop's word for why it has none (self-delivery,
    virtual goods): an order must not leave the late list on an empty form."""
    order = get_order(store, order_id)
    if order is None:
        raise UserError("There is no order with id {order_id}.", order_id=order_id)
    if order["status"] in ("refunded", "closed"):
        raise UserError(
            "Order {order_no} is {status}; it cannot be shipped.",
            order_no=order["order_no"],
            status=Message(order["status"]),
        )
    tracking_no = (tracking_no or "").strip() or None
    no_tracking_reason = (no_tracking_reason or "").strip() or None
    if tracking_no is None and not order["tracking_no"] and no_tracking_reason is None:
        raise UserError(
            "Order {order_no} needs a tracking number to be marked shipped, or the reason it has none (self-delivery, virtual goods).",
            order_no=order["order_no"],
        )
    with store.write() as db:
        db.execute(
            "UPDATE orders SET shipped_at = ?, tracking_no = coalesce(?, tracking_no),"
            " carrier = coalesce(?, carrier), status = CASE WHEN status = 'paid' THEN 'shipped' ELSE status END,"
            " tracking_check = ?, no_tracking_reason = ?, updated_at = ? WHERE id = ?",
            (
                shipped_at,
                tracking_no,
                carrier,
                tracking_check_value(tracking_no or order["tracking_no"], carrier or order["carrier"]),
                no_tracking_reason if tracking_no is None and not order["tracking_no"] else None,
                now,
                order_id,
            ),
        )
        shipment_id = insert_row(
            db,
            "shipments",
            {
                "shop_id": order["shop_id"],
                "order_id": order_id,
                "shipped_at": shipped_at,
                "tracking_no": tracking_no,
                "carrier": carrier,
                "recorded_at": now,
            },
        )
        # Sealed in the same transaction: a shipment is never recorded without its evidence.
        _seal_shipment(store, shipment_id, now)
        if carrier and carrier.strip():
            # Most shops use one courier: the next ship form starts with it (per shop).
            upsert_rows(
                db,
                "settings",
                [
                    {
                        "shop_id": order["shop_id"],
                        "key": _LAST_CARRIER,
                        "value": json.dumps(carrier.strip(), ensure_ascii=False),
                    }
                ],
                key=("shop_id", "key"),
            )
    return shipment_id


def last_carrier(store: Store, shop_id: int) -> str:
    """The carrier this shop named on its last shipment, or "" before its first."""
    row = store.conn.execute(
        "SELECT value FROM settings WHERE shop_id = ? AND key = ?", (shop_id, _LAST_CARRIER)
    ).fetchone()
    return json.loads(row[0]) if row else ""


def orders_by_number(store: Store, shop_id: int, order_nos: Iterable[str]) -> dict[str, dict]:
    """The shop's orders among these numbers, by number (a bulk-ship list is checked against them)."""
    wanted = sorted(set(order_nos))
    found: dict[str, dict] = {}
    for start in range(0, len(wanted), 500):  # SQLite's parameter limit
        chunk = wanted[start : start + 500]
        marks = ",".join("?" * len(chunk))
        for row in store.db.query(
            f"SELECT * FROM orders WHERE shop_id = ? AND order_no IN ({marks})", [shop_id, *chunk]
        ):
            found[row["order_no"]] = row
    return found


@retried
def ship_many(
    store: Store, shipments: Iterable[tuple[int, str, str]], shipped_at: int, now: int
) -> list[int]:
    """Ship (order id, tracking number, carrier) together: all of them in one write or none."""
    with store.write():
        return [
            ship_order(store, order_id, shipped_at, tracking_no, carrier, now)
            for order_id, tracking_no, carrier in shipments
        ]


def _seal_shipment(store: Store, shipment_id: int, now: int) -> None:
    from seller_assistant.store import evidence  # late: evidence reads orders too

    evidence.seal_item(store, "shipment", shipment_id, now)


def count_orders(store: Store, shop_id: int) -> int:
    return store.conn.execute("SELECT count(*) FROM orders WHERE shop_id = ?", (shop_id,)).fetchone()[0]


@retried
def set_promise_override(store: Store, order_id: int, promised_at: int | None, now: int) -> None:
    """Set this order's ship-by time by hand (beats every rule); None goes back to the rules."""
    order = get_order(store, order_id)
    if order is None:
        raise UserError("There is no order with id {order_id}.", order_id=order_id)
    if promised_at is not None:
        promise_at, rule = promised_at, "override"
    else:
        from seller_assistant.store.shops import load_settings

        settings = load_settings(store, order["shop_id"])
        promise = promise_for(
            shop_rules(store, order["shop_id"]),
            order["paid_at"],
            order["item_title"],
            order["sku"],
            order["category"],
            settings.ship_promise_hours,
            settings.tz(),
            platform_at=order.get("platform_promised_ship_at"),
            calendar=shop_calendar(store, order["shop_id"], settings),
            default_working_days=settings.ship_promise_working_days,
        )
        promise_at, rule = promise.at, promise.rule
    with store.write() as db:
        db.execute(
            "UPDATE orders SET promise_override_at = ?, promised_ship_at = ?, promise_rule = ?, promise_source = ?,"
            " updated_at = ? WHERE id = ?",
            (promised_at, promise_at, rule, promise_source(rule), now, order_id),
        )
        # Who set it by hand, or handed it back to the rules (None), is kept with the order.
        record_edit(store, order_id, PROMISE, None if promised_at is None else str(promised_at), now)


def recompute_promises(
    store: Store, shop_id: int, settings: ShopSettings, now: int, rules: tuple[PromiseRule, ...] | None = None
) -> int:
    """Apply the shop's default promise, rules and business calendar to every order; returns how many
    promises changed. Hand-set and platform-stated deadlines are kept."""
    changes = promise_changes(store, shop_id, settings, rules)
    apply_changes(store, changes, now)
    return len(changes)
