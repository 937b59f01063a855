"""Work orders (a buyer's urge, opened by the platform with an answer deadline)."""

from __future__ import annotations

from seller_assistant.store.connection import Store, retried
from seller_assistant.store.rows import insert_row
from seller_assistant.store.staff import acting_staff


@retried
def open_work_order(
    store: Store,
    shop_id: int,
    order_id: int,
    opened_at: int,
    due_at: int,
    now: int,
    kind: str = "urge_shipping",
    note: str = "",
) -> int:
    with store.write() as db:
        return insert_row(
            db,
            "work_orders",
            {
                "shop_id": shop_id,
                "order_id": order_id,
                "kind": kind,
                "opened_at": opened_at,
                "due_at": due_at,
                "note": note,
                "created_at": now,
                "opened_by": acting_staff(store, shop_id),
            },
        )


@retried
def answer_work_order(store: Store, work_order_id: int, answered_at: int, answer: str = "") -> None:
    with store.write() as db:
        shop = db.execute("SELECT shop_id FROM work_orders WHERE id = ?", (work_order_id,)).fetchone()
        db.execute(
            "UPDATE work_orders SET answered_at = ?, answer = ?, answered_by = ? WHERE id = ? AND answered_at IS NULL",
            (answered_at, answer, acting_staff(store, shop[0] if shop else None), work_order_id),
        )


@retried
def record_timeouts(store: Store, shop_id: int, now: int) -> int:
    """Every unanswered work order past its deadline becomes one `ticket_timeout` help event.

    The event is dated at the deadline (when the platform counted it). help_events.work_order_id
    is UNIQUE and the insert ignores rows already there, so two runs at once still make one event
    each. Returns how many events this run created.
    """
    pending = (
        " FROM work_orders w"
        " WHERE w.shop_id = ? AND w.answered_at IS NULL AND w.due_at < ?"
        " AND NOT EXISTS (SELECT 1 FROM help_events e WHERE e.work_order_id = w.id)"
    )
    # Nearly always there is nothing new: look first, so the daily report and every refresh of
    # the window do not take the write lock (and sync the WAL) for nothing.
    if store.conn.execute("SELECT EXISTS (SELECT 1" + pending + ")", (shop_id, now)).fetchone()[0] == 0:
        return 0
    with store.write() as db:
        return db.execute(
            "INSERT OR IGNORE INTO help_events"
            " (shop_id, order_id, kind, at, reason, note, source, work_order_id, created_at)"
            " SELECT w.shop_id, w.order_id, 'ticket_timeout', w.due_at, 'service', '', 'work_order', w.id, ?"
            " FROM work_orders w"
            " WHERE w.shop_id = ? AND w.answered_at IS NULL AND w.due_at < ?"
            " AND NOT EXISTS (SELECT 1 FROM help_events e WHERE e.work_order_id = w.id)",
            (now, shop_id, now),
        ).rowcount


def open_work_orders(store: Store, shop_id: int) -> list[dict]:
    """Unanswered work orders, the nearest deadline first, with their order number."""
    return list(
        store.db.query(
            "SELECT w.*, o.order_no FROM work_orders w JOIN orders o ON o.id = w.order_id"
            " WHERE w.shop_id = ? AND w.answered_at IS NULL ORDER BY w.due_at",
            [shop_id],
        )
    )


def latest_open_work_order(store: Store, order_id: int) -> dict | None:
    rows = list(
        store.db.query(
            "SELECT * FROM work_orders WHERE order_id = ? AND answered_at IS NULL ORDER BY opened_at DESC, id DESC"
            " LIMIT 1",
            [order_id],
        )
    )
    return rows[0] if rows else None


def work_orders_for_order(store: Store, order_id: int) -> list[dict]:
    return list(store.db.query("SELECT * FROM work_orders WHERE order_id = ? ORDER BY opened_at", [order_id]))
