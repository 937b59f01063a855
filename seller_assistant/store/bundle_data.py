"""Gathering one order's evidence from the store into the plain BundleData core/bundle.py builds from."""

from __future__ import annotations

from seller_assistant.core.bundle_model import AttachmentSource, BundleData, BundleOptions
from seller_assistant.core.errors import UserError
from seller_assistant.store import (
    agreements,
    anchors,
    attachments,
    chats,
    corrections,
    evidence,
    head_log,
    shops,
    timeline,
)
from seller_assistant.store.connection import Store

# A dispute is "open" for bundle purposes while the platform is still deciding: a dispute or
# platform intervention in the last 30 days (intervention plus evidence review takes about a week;
# 30 days leaves room for appeals) on an order that was not refunded or closed since.
OPEN_DISPUTE_KINDS = ("dispute", "intervention")
OPEN_DISPUTE_DAYS = 30


def gather_order(store: Store, order_id: int) -> BundleData:
    """Everything the bundle may hold for one order; what to include is chosen when building."""
    order = store.conn.execute("SELECT * FROM orders WHERE id = ?", (order_id,)).fetchone()
    if order is None:
        raise UserError("There is no order with id {order_id}.", order_id=order_id)
    columns = [d[0] for d in store.conn.execute("SELECT * FROM orders LIMIT 0").description]
    order = dict(zip(columns, order, strict=True))
    settings = shops.load_settings(store, order["shop_id"])
    files = []
    for row in attachments.attachments_for_order(store, order_id):
        path = attachments.attachment_file(store, row["sha256"])
        files.append(
            AttachmentSource(
                id=row["id"],
                sha256=row["sha256"],
                original_name=row["original_name"],
                media_type=row["media_type"],
                size=row["size"],
                added_at=row["added_at"],
                message_id=row["message_id"],
                path=path if path.is_file() else None,
            )
        )
    chain = evidence.chain_for_order(store, order_id)
    log_entries = head_log.entries_for_chain(store, evidence.order_chain_key(order["order_no"]))
    rows = timeline.timeline_rows(store, order_id)  # the same read as the order detail's timeline
    return BundleData(
        shop_name=settings.name,
        platform=settings.platform,
        timezone=settings.timezone,
        lang=settings.report_language(),
        order=order,
        messages=_messages_with_corrections(store, order_id, order["order_no"]),
        agreements=agreements.agreements_for_order(store, order_id),
        attachments=files,
        work_orders=rows["work_orders"],
        help_events=rows["events"],
        commitments=rows["commitments"],
        notes=rows["notes"],
        shipments=rows["shipments"],
        edits=rows["edits"],
        chain_key=evidence.order_chain_key(order["order_no"]),
        chain=chain,
        chain_head=chain[-1]["hash"] if chain else None,
        head_log_entries=log_entries,
        head_log_anchor=anchors.for_bundle(store, log_entries),
        head_log_head=head_log.log_head(store),
        demo=order.get("source") == "demo",
    )


def _messages_with_corrections(store: Store, order_id: int, order_no: str) -> list[dict]:
    """The order's messages plus those moved to another order since (marked "moved_to"), each
    withdrawn one marked "withdrawn" with the shop's reason: a bundle shows corrections, never hides."""
    messages = chats.messages_for_order(store, order_id)
    here = {m["id"] for m in messages}
    for message_id, to_no in corrections.moved_away(store, order_no).items():
        if message_id not in here:
            message = chats.get_message(store, message_id)
            if message is not None:
                messages.append({**message, "moved_to": to_no})
    corrections.with_withdrawals(store, messages)
    messages.sort(key=lambda m: (m["sent_at"], m["id"]))
    return messages


def open_dispute_orders(store: Store, shop_id: int, now: int) -> list[dict]:
    """Orders with an open dispute (see OPEN_DISPUTE_KINDS), newest dispute first: id and order_no."""
    marks = ",".join("?" * len(OPEN_DISPUTE_KINDS))
    sql = (
        "SELECT o.id, o.order_no, max(e.at) AS last_at FROM help_events e JOIN orders o ON o.id = e.order_id"
        f" WHERE e.shop_id = ? AND e.kind IN ({marks}) AND e.at > ? AND e.at <= ?"
        " AND o.status NOT IN ('refunded', 'closed')"
        " GROUP BY o.id ORDER BY last_at DESC, o.id"
    )
    params = [shop_id, *OPEN_DISPUTE_KINDS, now - OPEN_DISPUTE_DAYS * 86400, now]
    return [
        {"id": order_id, "order_no": order_no} for order_id, order_no, _ in store.conn.execute(sql, params)
    ]


def order_id_for_number(store: Store, shop_id: int, order_no: str) -> int:
    row = store.conn.execute(
        "SELECT id FROM orders WHERE shop_id = ? AND order_no = ?", (shop_id, order_no.strip())
    ).fetchone()
    if row is None:
        raise UserError("There is no order {order_no} in this shop.", order_no=order_no)
    return row[0]


def new_masking_key(store: Store, shop_id: int, order_no: str, now: int) -> tuple[str, bytes]:
    """A fresh random key for one masked bundle's commitments, kept in the store under a new
    bundle id (the bundle names the id, never the key): (bundle_id, key)."""
    import secrets

    bundle_id, key = secrets.token_hex(16), secrets.token_bytes(32)
    with store.write():
        store.conn.execute(
            "INSERT INTO bundle_keys (shop_id, bundle_id, order_no, key_hex, created_at)"
            " VALUES (?, ?, ?, ?, ?)",
            (shop_id, bundle_id, order_no, key.hex(), now),
        )
    return bundle_id, key


def masking_key(store: Store, bundle_id: str) -> bytes:
    row = store.conn.execute("SELECT key_hex FROM bundle_keys WHERE bundle_id = ?", (bundle_id,)).fetchone()
    if row is None:
        raise UserError("This store holds no key for the bundle {bundle_id}.", bundle_id=bundle_id)
    return bytes.fromhex(row[0])


def options_for(
    store: Store, shop_id: int, order_no: str, created_at: int, include: frozenset[str], masked: bool
) -> BundleOptions:
    """Bundle options; a masked bundle gets its own key, kept here."""
    if not masked:
        return BundleOptions(created_at=created_at, include=include, masked=False)
    bundle_id, key = new_masking_key(store, shop_id, order_no, created_at)
    return BundleOptions(
        created_at=created_at, include=include, masked=True, bundle_id=bundle_id, masking_key=key
    )


def open_commitments(
    store: Store, bundle_id: str, chain_key: str, masked_items: list[dict]
) -> tuple[int, str | None]:
    """With the key this store kept for a masked bundle, check each masked item's commitments
    against the sealed original: (how many were opened, the first that does not match)."""
    from seller_assistant.core.bundle_chain import commit

    key = masking_key(store, bundle_id)
    originals = {item["seq"]: item for item in evidence.chain_for_key(store, chain_key)}
    for masked in masked_items:
        original = originals.get(masked.get("seq"))
        if original is None or original.get("content") is None:
            return 0, f"item {masked.get('seq')} is not in this store's chain {chain_key}"
        if masked.get("commitment") != commit(key, original["content_hash"]):
            return 0, f"item {masked['seq']}: its commitment does not open to the sealed item"
        for name, value in (masked.get("redacted") or {}).items():
            if value != commit(key, original["content"].get(name)):
                return 0, f"item {masked['seq']}: the masked {name} does not open to the sealed value"
    return len(masked_items), None
