"""Notes the shop keeps on an order (never touched by an import)."""

from __future__ import annotations

from seller_assistant.core.errors import UserError
from seller_assistant.store.connection import Store, retried


@retried
def add_note(store: Store, order_id: int, text: str, author: str, now: int) -> int:
    text = text.strip()
    if not text:
        raise UserError("A note needs some text.")
    with store.write() as db:
        if db.execute("SELECT 1 FROM orders WHERE id = ?", (order_id,)).fetchone() is None:
            raise UserError("There is no order with id {order_id}.", order_id=order_id)
        cursor = db.execute(
            "INSERT INTO order_notes (order_id, at, author, text) VALUES (?, ?, ?, ?) RETURNING id",
            (order_id, now, author, text),
        )
        return cursor.fetchone()[0]


def notes_for_order(store: Store, order_id: int) -> list[dict]:
    return list(store.db.query("SELECT * FROM order_notes WHERE order_id = ? ORDER BY at, id", [order_id]))
