"""Agreements (交易约定): terms agreed with the buyer, each its own sealed evidence item."""

from __future__ import annotations

from seller_assistant.core.errors import UserError
from seller_assistant.store import evidence
from seller_assistant.store.connection import Store, retried
from seller_assistant.store.rows import insert_row

AGREEMENT_KINDS = ("delivery_date", "variant", "flaw_disclosed", "compensation", "other")


@retried
def add_agreement(
    store: Store,
    shop_id: int,
    order_id: int,
    kind: str,
    text: str,
    agreed_at: int,
    now: int,
    message_id: int | None = None,
    supersedes_id: int | None = None,
) -> int:
    """Record and seal an agreement; a correction names the agreement it supersedes."""
    if kind not in AGREEMENT_KINDS:
        raise UserError(
            "'{kind}' is not a kind of agreement (use one of {kinds}).",
            kind=kind,
            kinds=", ".join(AGREEMENT_KINDS),
        )
    if not text.strip():
        raise UserError("An agreement needs its terms in words.")
    with store.write() as db:
        if store.conn.execute("SELECT 1 FROM orders WHERE id = ?", (order_id,)).fetchone() is None:
            raise UserError("There is no order with id {order_id}.", order_id=order_id)
        if (
            message_id is not None
            and store.conn.execute("SELECT 1 FROM messages WHERE id = ?", (message_id,)).fetchone() is None
        ):
            raise UserError("There is no message number {message_id}.", message_id=message_id)
        agreement_id = insert_row(
            db,
            "agreements",
            {
                "shop_id": shop_id,
                "order_id": order_id,
                "message_id": message_id,
                "kind": kind,
                "text": text.strip(),
                "agreed_at": agreed_at,
                "supersedes_id": supersedes_id,
                "created_at": now,
            },
        )
        evidence.seal_item(store, "agreement", agreement_id, now)
    return agreement_id


def agreements_for_order(store: Store, order_id: int) -> list[dict]:
    cursor = store.conn.execute(
        "SELECT * FROM agreements WHERE order_id = ? ORDER BY agreed_at, id", (order_id,)
    )
    names = [d[0] for d in cursor.description]
    return [dict(zip(names, row, strict=True)) for row in cursor]
