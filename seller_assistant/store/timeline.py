"""One order's timeline rows, read once for both places that show them: the order detail (on a
worker thread) and the evidence bundle's report.pdf (through bundle_data)."""

from __future__ import annotations

from seller_assistant.store.connection import Store

# Each kind in the order the bundle has always listed it (its JSON and report keep their layout);
# `id` breaks ties so two rows at the same instant always come out the same way.
_QUERIES = {
    "shipments": "SELECT * FROM shipments WHERE order_id = ? ORDER BY shipped_at, id",
    "commitments": "SELECT * FROM commitments WHERE order_id = ? ORDER BY due_at, id",
    "work_orders": "SELECT * FROM work_orders WHERE order_id = ? ORDER BY opened_at, id",
    "events": "SELECT * FROM help_events WHERE order_id = ? ORDER BY at, id",
    "notes": "SELECT * FROM order_notes WHERE order_id = ? ORDER BY at, id",
}


def timeline_rows(store: Store, order_id: int) -> dict[str, list[dict]]:
    """Everything that happened to one order, by kind: shipments, commitments, work_orders (urges),
    events (help events) and notes, each oldest first."""
    return {kind: list(store.db.query(sql, [order_id])) for kind, sql in _QUERIES.items()}
