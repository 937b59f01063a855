"""Commitments: a new ship date or a "will report back by …" promised to a buyer."""

from __future__ import annotations

from seller_assistant.store.connection import Store

COMMITMENT_KINDS = ("ship_by", "report_back", "other")


def add_commitment(
    store: Store, shop_id: int, order_id: int, kind: str, due_at: int, now: int,
    text: str = "", message_id: int | None = None,
) -> int:
    with store.write() as db:
        db["commitments"].insert(
            {
                "shop_id": shop_id,
                "order_id": order_id,
                "kind": kind,
                "due_at": due_at,
                "text": text,
                "made_at": now,
                "message_id": message_id,
            }
        )
        return db.execute("SELECT last_insert_rowid()").fetchone()[0]


def commitments_for_order(store: Store, order_id: int) -> list[dict]:
    return list(store.db.query("SELECT * FROM commitments WHERE order_id = ? ORDER BY due_at", [order_id]))
