"""Help events: disputes, complaints, interventions, timed-out work orders."""

from __future__ import annotations

from seller_assistant.core.help_events import check_event
from seller_assistant.store.connection import Store


def add_event(
    store: Store,
    shop_id: int,
    order_id: int,
    kind: str,
    at: int,
    now: int,
    reason: str | None = None,
    note: str = "",
    source: str = "manual",
    work_order_id: int | None = None,
) -> int:
    check_event(kind, reason)
    with store.write() as db:
        db["help_events"].insert(
            {
                "shop_id": shop_id,
                "order_id": order_id,
                "kind": kind,
                "at": at,
                "reason": reason,
                "note": note,
                "source": source,
                "work_order_id": work_order_id,
                "created_at": now,
            }
        )
        return db.execute("SELECT last_insert_rowid()").fetchone()[0]


def events_for_order(store: Store, order_id: int) -> list[dict]:
    return list(store.db.query("SELECT * FROM help_events WHERE order_id = ? ORDER BY at", [order_id]))
