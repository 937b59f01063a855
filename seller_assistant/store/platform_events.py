"""Help events read from a platform's refund / after-sales export, keyed by the platform's own number."""

from __future__ import annotations

from seller_assistant.core.help_events import check_event
from seller_assistant.core.messages import Message
from seller_assistant.store.connection import Store, retried
from seller_assistant.store.staff import acting_staff

_BATCH = 500


@retried
def import_platform_events(store: Store, shop_id: int, result, now: int) -> None:
    """Add result.events (importers.after_sales) in one transaction; fills result's counts.

    An event already recorded under the same platform number is not added again; when the file now
    says who was held responsible, its outcome is updated. An order not in the shop is an error
    naming the line (a Douyin sub-order number is found through the order's items)."""
    events = result.events
    numbers = {e.order_no for e in events} | {e.sub_order_no for e in events if e.sub_order_no}
    orders = _order_ids(store, shop_id, numbers)
    with store.write() as db:
        who = acting_staff(store, shop_id)  # who imported them: the platform decided, this desk recorded
        for event in events:
            order_id = orders.get(event.order_no) or orders.get(event.sub_order_no or "")
            if order_id is None:
                result.errors.append(
                    (
                        event.line,
                        Message("there is no order {order_no} in this shop", order_no=event.order_no),
                    )
                )
                continue
            check_event(event.kind, event.reason)
            old = db.execute(
                "SELECT id, outcome FROM help_events WHERE shop_id = ? AND kind = ? AND external_id = ?",
                (shop_id, event.kind, event.external_id),
            ).fetchone()
            if old is None:
                db.execute(
                    "INSERT INTO help_events (shop_id, order_id, kind, at, reason, note, source, created_at,"
                    " external_id, outcome, recorded_by) VALUES (?, ?, ?, ?, ?, ?, 'import', ?, ?, ?, ?)",
                    (
                        shop_id,
                        order_id,
                        event.kind,
                        event.at,
                        event.reason,
                        event.note,
                        now,
                        event.external_id,
                        event.outcome,
                        who,
                    ),
                )
                result.inserted += 1
            elif event.outcome is not None and event.outcome != old[1]:
                db.execute("UPDATE help_events SET outcome = ? WHERE id = ?", (event.outcome, old[0]))
                result.updated += 1
            else:
                result.duplicates += 1
    result.errors.sort()


def _order_ids(store: Store, shop_id: int, numbers: set[str]) -> dict[str, int]:
    """order number (or sub-order number, via order_items) -> order id."""
    found: dict[str, int] = {}
    numbers_list = sorted(numbers)
    for start in range(0, len(numbers_list), _BATCH):
        chunk = numbers_list[start : start + _BATCH]
        marks = ",".join("?" * len(chunk))
        found.update(
            store.conn.execute(
                f"SELECT order_no, id FROM orders WHERE shop_id = ? AND order_no IN ({marks})",
                (shop_id, *chunk),
            )
        )
        for key, order_id in store.conn.execute(
            f"SELECT i.item_key, i.order_id FROM order_items i JOIN orders o ON o.id = i.order_id"
            f" WHERE o.shop_id = ? AND i.item_key IN ({marks})",
            (shop_id, *chunk),
        ):
            found.setdefault(key, order_id)
    return found
