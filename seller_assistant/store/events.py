"""Help events: disputes, complaints, interventions, timed-out work orders."""

from __future__ import annotations

from seller_assistant.core.help_events import EventImportResult, check_event
from seller_assistant.core.messages import Message
from seller_assistant.store.connection import Store, retried
from seller_assistant.store.rows import insert_row
from seller_assistant.store.staff import acting_staff


@retried
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
        return insert_row(
            db,
            "help_events",
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
                # An urge timing out is the store's own doing (upkeep): nobody recorded it.
                "recorded_by": acting_staff(store, shop_id) if source != "work_order" else None,
            },
        )


def events_for_order(store: Store, order_id: int) -> list[dict]:
    return list(store.db.query("SELECT * FROM help_events WHERE order_id = ? ORDER BY at", [order_id]))


@retried
def import_events(
    store: Store, shop_id: int, records, now: int, result: EventImportResult
) -> EventImportResult:
    """Add parsed events (importers.events_csv.EventRecord) in one transaction.

    A row whose order is not in the shop becomes an error naming its line; an event already stored
    with the same order, kind and time is a repeat (re-importing a file adds nothing twice)."""
    records = list(records)
    result.rows += len(records)
    numbers = sorted({r.order_no for r in records})
    ids: dict[str, int] = {}
    for start in range(0, len(numbers), 500):
        chunk = numbers[start : start + 500]
        marks = ",".join("?" * len(chunk))
        ids.update(
            store.conn.execute(
                f"SELECT order_no, id FROM orders WHERE shop_id = ? AND order_no IN ({marks})",
                (shop_id, *chunk),
            ).fetchall()
        )
    with store.write() as db:
        who = acting_staff(store, shop_id)  # who imported them: the platform decided, this desk recorded
        for record in records:
            order_id = ids.get(record.order_no)
            if order_id is None:
                result.errors.append(
                    (
                        record.line,
                        Message("there is no order {order_no} in this shop", order_no=record.order_no),
                    )
                )
                continue
            check_event(record.kind, record.reason)
            exists = db.execute(
                "SELECT 1 FROM help_events WHERE order_id = ? AND kind = ? AND at = ? LIMIT 1",
                (order_id, record.kind, record.at),
            ).fetchone()
            if exists:
                result.duplicates += 1
                continue
            db.execute(
                "INSERT INTO help_events (shop_id, order_id, kind, at, reason, note, source, created_at,"
                " recorded_by) VALUES (?, ?, ?, ?, ?, ?, 'import', ?, ?)",
                (shop_id, order_id, record.kind, record.at, record.reason, record.note, now, who),
            )
            result.inserted += 1
    result.errors.sort()
    return result
