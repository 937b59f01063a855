"""One order's timeline rows, read once for both places that show them: the order detail (on a
worker thread) and the evidence bundle's report.pdf (through bundle_data)."""

from __future__ import annotations

from seller_assistant.store.connection import Store

# Each kind in the order the bundle has always listed it (its JSON and report keep their layout);
# `id` breaks ties so two rows at the same instant always come out the same way.
_QUERIES = {
    # Who shipped is who sealed the shipment (migration 018: inside its seal, never beside it).
    "shipments": "SELECT s.*, (SELECT ei.sealed_by FROM evidence_items ei WHERE ei.item_type = 'shipment'"
    " AND ei.item_id = s.id ORDER BY ei.id LIMIT 1) AS shipped_by FROM shipments s WHERE s.order_id = ?"
    " ORDER BY s.shipped_at, s.id",
    "commitments": "SELECT * FROM commitments WHERE order_id = ? ORDER BY due_at, id",
    "work_orders": "SELECT * FROM work_orders WHERE order_id = ? ORDER BY opened_at, id",
    "events": "SELECT * FROM help_events WHERE order_id = ? ORDER BY at, id",
    "notes": "SELECT * FROM order_notes WHERE order_id = ? ORDER BY at, id",
}


def timeline_rows(store: Store, order_id: int) -> dict[str, list[dict]]:
    """Everything that happened to one order, by kind: shipments, commitments, work_orders (urges),
    events (help events) and notes, each oldest first, each naming who did it where known
    (shipped_by, made_by, opened_by/answered_by, recorded_by, a note's author)."""
    return {kind: list(store.db.query(sql, [order_id])) for kind, sql in _QUERIES.items()}
