"""Work orders (a buyer's urge, opened by the platform with an answer deadline)."""

from __future__ import annotations

from seller_assistant.store.connection import Store


def open_work_order(
    store: Store, shop_id: int, order_id: int, opened_at: int, due_at: int, now: int,
    kind: str = "urge_shipping", note: str = "",
) -> int:
    with store.write() as db:
        db["work_orders"].insert(
            {
                "shop_id": shop_id,
                "order_id": order_id,
                "kind": kind,
                "opened_at": opened_at,
                "due_at": due_at,
                "note": note,
                "created_at": now,
            }
        )
        return db.execute("SELECT last_insert_rowid()").fetchone()[0]


def answer_work_order(store: Store, work_order_id: int, answered_at: int, answer: str = "") -> None:
    with store.write() as db:
        db.execute(
            "UPDATE work_orders SET answered_at = ?, answer = ? WHERE id = ? AND answered_at IS NULL",
            (answered_at, answer, work_order_id),
        )


def work_orders_for_order(store: Store, order_id: int) -> list[dict]:
    return list(store.db.query("SELECT * FROM work_orders WHERE order_id = ? ORDER BY opened_at", [order_id]))
