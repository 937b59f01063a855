"""One order's timeline rows, read once for both places that show them: the order detail (on a
worker thread) and the evidence bundle's report.pdf (through bundle_data)."""

from __future__ import annotations

from seller_assistant.store.connection import Store

# The order's evidence chain (store/evidence.order_chain_key), for the one parameter, its id.
_CHAIN = "(SELECT 'order:' || order_no FROM orders WHERE id = ?)"
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
    # Edits by hand: a refund or logistics flag, a ship-by time (migration 023), with who made them.
    "edits": "SELECT * FROM order_edits WHERE order_id = ? ORDER BY at, id",
    # What was sealed into the order's chain and by whom (its seal's sealed_by): messages and the
    # links that tied messages to the order, counted per sealing; agreements and attachments each.
    "chat_sealed": "SELECT ei.item_type, ei.sealed_at, ei.sealed_by, count(*) AS items FROM evidence_items ei"
    f" WHERE ei.chain_key = {_CHAIN} AND ei.item_type IN ('message', 'link')"
    " GROUP BY ei.item_type, ei.sealed_at, ei.sealed_by"
    " ORDER BY ei.sealed_at, ei.item_type, coalesce(ei.sealed_by, '')",
    "agreements_sealed": "SELECT ag.id, ag.kind, ag.text, ag.agreed_at, ei.sealed_at, ei.sealed_by"
    f" FROM evidence_items ei JOIN agreements ag ON ag.id = ei.item_id WHERE ei.chain_key = {_CHAIN}"
    " AND ei.item_type = 'agreement' ORDER BY ei.seq",
    "attachments_sealed": "SELECT att.id, att.original_name, ei.sealed_at, ei.sealed_by"
    f" FROM evidence_items ei JOIN attachments att ON att.id = ei.item_id WHERE ei.chain_key = {_CHAIN}"
    " AND ei.item_type = 'attachment' ORDER BY ei.seq",
}


def timeline_rows(store: Store, order_id: int) -> dict[str, list[dict]]:
    """Everything that happened to one order, by kind: shipments, commitments, work_orders (urges),
    events (help events), notes, edits by hand, and what was sealed into its chain (chat_sealed,
    agreements_sealed, attachments_sealed), each oldest first, each naming who did it where known
    (shipped_by, made_by, opened_by/answered_by, recorded_by, a note's author, an edit's made_by,
    a seal's sealed_by)."""
    return {kind: list(store.db.query(sql, [order_id])) for kind, sql in _QUERIES.items()}
