"""Commitments: a new ship date or a "will report back by …" promised to a buyer."""

from __future__ import annotations

from seller_assistant.core.errors import UserError
from seller_assistant.store.connection import Store, retried
from seller_assistant.store.rows import insert_row
from seller_assistant.store.staff import acting_staff

COMMITMENT_KINDS = ("ship_by", "report_back", "other")


@retried
def add_commitment(
    store: Store,
    shop_id: int,
    order_id: int,
    kind: str,
    due_at: int,
    now: int,
    text: str = "",
    message_id: int | None = None,
) -> int:
    if kind not in COMMITMENT_KINDS:
        raise UserError(
            "'{kind}' is not a kind of promise (use one of: {kinds}).",
            kind=kind,
            kinds=", ".join(COMMITMENT_KINDS),
        )
    with store.write() as db:
        return insert_row(
            db,
            "commitments",
            {
                "shop_id": shop_id,
                "order_id": order_id,
                "kind": kind,
                "due_at": due_at,
                "text": text,
                "made_at": now,
                "message_id": message_id,
                "made_by": acting_staff(store, shop_id),
            },
        )


def commitments_for_order(store: Store, order_id: int) -> list[dict]:
    return list(store.db.query("SELECT * FROM commitments WHERE order_id = ? ORDER BY due_at", [order_id]))


@retried
def keep_commitment(store: Store, commitment_id: int, now: int) -> None:
    """Mark a promise to the buyer as kept, with who did (kept_by); it stops counting as a deadline."""
    with store.write() as db:
        row = db.execute("SELECT shop_id FROM commitments WHERE id = ?", (commitment_id,)).fetchone()
        db.execute(
            "UPDATE commitments SET kept_at = ?, kept_by = ? WHERE id = ? AND kept_at IS NULL",
            (now, acting_staff(store, row[0] if row else None), commitment_id),
        )


def open_commitments(store: Store, shop_id: int) -> list[dict]:
    """Promises not yet kept, the nearest first, with their order number."""
    return list(
        store.db.query(
            "SELECT c.*, o.order_no FROM commitments c JOIN orders o ON o.id = c.order_id"
            " WHERE c.shop_id = ? AND c.kept_at IS NULL ORDER BY c.due_at",
            [shop_id],
        )
    )
