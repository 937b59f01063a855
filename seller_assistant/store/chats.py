"""Chat messages: insert-and-seal (one or a million), read per order or buyer, assign, completeness."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from seller_assistant.core.chat_records import SENDER_ROLES, STAGES, fingerprint, infer_stage
from seller_assistant.core.completeness import (
    ChatFact,
    CompletenessItem,
    EvidenceFacts,
    evidence_completeness,
)
from seller_assistant.core.errors import UserError
from seller_assistant.core.evidence import message_content_hash
from seller_assistant.store import evidence
from seller_assistant.store.connection import Store

MESSAGE_COLUMNS = (
    "id", "shop_id", "order_id", "buyer", "sender_role", "sender_name", "sent_at", "text", "stage", "source",
    "template_id", "supersedes_id", "fingerprint", "created_at",
)
_SEALED = evidence.SEALED_COLUMNS["message"][1]
_INSERT = (
    f"INSERT INTO messages ({', '.join(MESSAGE_COLUMNS)}) VALUES ({', '.join('?' * len(MESSAGE_COLUMNS))})"
)


@dataclass(frozen=True)
class NewMessage:
    """A message ready to store: the order is resolved, the fingerprint computed."""

    order_id: int | None
    order_no: str | None
    buyer: str
    sender_role: str
    sender_name: str
    sent_at: int
    text: str
    stage: str | None
    source: str
    fingerprint: str
    template_id: str | None = None


def existing_fingerprints(store: Store, prints: Sequence[str]) -> set[str]:
    found: set[str] = set()
    for start in range(0, len(prints), 900):
        chunk = prints[start:start + 900]
        marks = ",".join("?" * len(chunk))
        found.update(
            row[0] for row in store.conn.execute(f"SELECT fingerprint FROM messages WHERE fingerprint IN ({marks})", chunk)
        )
    return found


def insert_messages(store: Store, shop_id: int, messages: Iterable[NewMessage], now: int) -> tuple[int, int]:
    """Insert the messages not stored yet and seal each into its chain, all in one transaction.

    Ids are assigned here (max(id) + 1 …, safe under BEGIN IMMEDIATE) so that the chain can be
    computed in Python as rows are written, without reading anything back. Returns
    (inserted, duplicates).
    """
    messages = list(messages)
    inserted = 0
    with store.write():
        seen = existing_fingerprints(store, [m.fingerprint for m in messages])
        next_id = first_id = (store.conn.execute("SELECT max(id) FROM messages").fetchone()[0] or 0) + 1
        fts_paused = _pause_fts(store) if len(messages) - len(seen) >= BULK_FTS_THRESHOLD else None
        sealer = evidence.ChainSealer(store, shop_id, now)
        rows = []
        for m in messages:
            if m.fingerprint in seen:
                continue
            seen.add(m.fingerprint)
            rows.append((next_id, shop_id, m.order_id, m.buyer, m.sender_role, m.sender_name, m.sent_at, m.text,
                         m.stage, m.source, m.template_id, None, m.fingerprint, now))
            key = evidence.order_chain_key(m.order_no) if m.order_no else evidence.buyer_chain_key(m.buyer)
            sealer.add(key, "message", next_id, c_hash=message_content_hash(
                "message", next_id, m.buyer, m.sender_role, m.sender_name, m.sent_at, m.text, None))
            next_id += 1
            if len(rows) >= 20_000:
                store.conn.executemany(_INSERT, rows)
                sealer.flush()
                inserted += len(rows)
                rows = []
        if rows:
            store.conn.executemany(_INSERT, rows)
            inserted += len(rows)
        sealer.flush()
        if fts_paused:
            _resume_fts(store, first_id, fts_paused)
    return inserted, len(messages) - inserted


# Indexing row by row through the trigger costs ~30 µs a message; one INSERT … SELECT into the
# index after the rows are in costs ~3 µs. For a big import the trigger is dropped and recreated
# inside the same transaction, so a crash or an error rolls both back together.
BULK_FTS_THRESHOLD = 2000


def _pause_fts(store: Store) -> str | None:
    row = store.conn.execute(
        "SELECT sql FROM sqlite_master WHERE type = 'trigger' AND name = 'messages_fts_insert'"
    ).fetchone()
    if row is None:
        return None
    store.conn.execute("DROP TRIGGER messages_fts_insert")
    return row[0]


def _resume_fts(store: Store, first_id: int, trigger_sql: str) -> None:
    store.conn.execute("INSERT INTO messages_fts (rowid, text) SELECT id, text FROM messages WHERE id >= ?",
                       (first_id,))
    store.conn.execute(trigger_sql)


def add_message(
    store: Store, shop_id: int, *, order_id: int | None, buyer: str, sender_role: str, sender_name: str,
    sent_at: int, text: str, source: str, now: int, template_id: str | None = None,
) -> int:
    """Store one message (a reply sent, a line typed in) and seal it, in one transaction."""
    if sender_role not in SENDER_ROLES:
        raise ValueError(f"unknown sender role {sender_role!r}")
    if not text.strip():
        raise UserError("An empty message cannot be recorded.")
    with store.write():
        order = _order(store, order_id) if order_id is not None else None
        if order is not None and not buyer:
            buyer = order["buyer"]
        occurrence = 0
        while True:  # the same words twice in one second are two messages
            print_ = fingerprint(shop_id, buyer, sender_name, sent_at, text, occurrence)
            if not existing_fingerprints(store, [print_]):
                break
            occurrence += 1
        message = NewMessage(order_id, order["order_no"] if order else None, buyer, sender_role, sender_name,
                             sent_at, text, infer_stage(sent_at, order), source, print_, template_id)
        insert_messages(store, shop_id, [message], now)
        return store.conn.execute("SELECT id FROM messages WHERE fingerprint = ?", (print_,)).fetchone()[0]


def messages_for_order(store: Store, order_id: int) -> list[dict]:
    """The order's messages oldest first, including the buyer's chats assigned to it."""
    return _rows(store, "SELECT * FROM messages WHERE order_id = ? ORDER BY sent_at, id", (order_id,))


def messages_for_buyer(store: Store, shop_id: int, buyer: str) -> list[dict]:
    return _rows(store, "SELECT * FROM messages WHERE shop_id = ? AND buyer = ? ORDER BY sent_at, id",
                 (shop_id, buyer))


def unlinked_messages(store: Store, shop_id: int, limit: int = 5000) -> list[dict]:
    return _rows(store, "SELECT * FROM messages WHERE shop_id = ? AND order_id IS NULL ORDER BY sent_at DESC, id"
                 " LIMIT ?", (shop_id, limit))


def get_message(store: Store, message_id: int) -> dict | None:
    rows = _rows(store, "SELECT * FROM messages WHERE id = ?", (message_id,))
    return rows[0] if rows else None


def assign_to_order(store: Store, message_ids: Sequence[int], order_id: int, now: int) -> int:
    """Tie messages to an order. The message rows keep their content (and their seal in the buyer's
    chain); the order's chain gets a 'link' item per message, so it holds the whole conversation.
    Returns how many messages were newly tied."""
    with store.write():
        order = _order(store, order_id)
        key = evidence.order_chain_key(order["order_no"])
        sealer = evidence.ChainSealer(store, order["shop_id"], now)
        changed = 0
        for message_id in message_ids:
            message = get_message(store, message_id)
            if message is None:
                raise UserError(f"There is no message number {message_id}.")
            if message["order_id"] == order_id:
                continue
            store.conn.execute(
                "UPDATE messages SET order_id = ?, stage = ? WHERE id = ?",
                (order_id, infer_stage(message["sent_at"], order), message_id),
            )
            if not evidence.is_sealed_in(store, "link", message_id, key) and not evidence.is_sealed_in(
                store, "message", message_id, key
            ):
                sealer.add(key, "link", message_id, {c: message[c] for c in _SEALED})
            changed += 1
        sealer.flush()
    return changed


def set_stage(store: Store, message_id: int, stage: str) -> None:
    """The user's correction of the inferred stage (not sealed content: the stage is an opinion)."""
    if stage not in STAGES:
        raise UserError(f"'{stage}' is not a stage (use one of {', '.join(STAGES)}).")
    with store.write():
        if store.conn.execute("UPDATE messages SET stage = ? WHERE id = ?", (stage, message_id)).rowcount == 0:
            raise UserError(f"There is no message number {message_id}.")


def completeness(store: Store, order_id: int, lang: str = "en") -> list[CompletenessItem]:
    order = _order(store, order_id)
    chats = [
        ChatFact(stage, role, text)
        for stage, role, text in store.conn.execute(
            "SELECT stage, sender_role, text FROM messages WHERE order_id = ?", (order_id,)
        )
    ]
    agreements = store.conn.execute("SELECT count(*) FROM agreements WHERE order_id = ?", (order_id,)).fetchone()[0]
    tracking = [row[0] for row in store.conn.execute(
        "SELECT tracking_no FROM shipments WHERE order_id = ? AND tracking_no IS NOT NULL", (order_id,)
    )]
    if order.get("tracking_no"):
        tracking.append(order["tracking_no"])
    return evidence_completeness(EvidenceFacts(tuple(chats), agreements, tuple(tracking)), lang)


_LINK_COLUMNS = "id, order_no, buyer, status, created_at, paid_at, shipped_at, completed_at, refund_status"


def orders_by_number(store: Store, shop_id: int, order_nos: Iterable[str]) -> dict[str, dict]:
    """The shop's orders among these numbers (those a chat mentions), by number."""
    numbers = list(set(order_nos))
    found: dict[str, dict] = {}
    for start in range(0, len(numbers), 900):
        chunk = numbers[start:start + 900]
        marks = ",".join("?" * len(chunk))
        for row in _rows(store, f"SELECT {_LINK_COLUMNS} FROM orders WHERE shop_id = ? AND order_no IN ({marks})",
                         (shop_id, *chunk)):
            found[row["order_no"]] = row
    return found


def orders_by_buyer(store: Store, shop_id: int, buyers: Iterable[str]) -> dict[str, list[dict]]:
    """Each buyer's orders, oldest paid first, for tying a chat to an order by buyer and time."""
    names = [b for b in set(buyers) if b]
    found: dict[str, list[dict]] = {}
    for start in range(0, len(names), 900):
        chunk = names[start:start + 900]
        marks = ",".join("?" * len(chunk))
        for row in _rows(store, f"SELECT {_LINK_COLUMNS} FROM orders WHERE shop_id = ? AND buyer IN ({marks})"
                         " ORDER BY coalesce(paid_at, created_at)", (shop_id, *chunk)):
            found.setdefault(row["buyer"], []).append(row)
    return found


def _order(store: Store, order_id: int) -> dict:
    rows = _rows(store, "SELECT * FROM orders WHERE id = ?", (order_id,))
    if not rows:
        raise UserError(f"There is no order with id {order_id}.")
    return rows[0]


def _rows(store: Store, sql: str, params: tuple) -> list[dict]:
    cursor = store.conn.execute(sql, params)
    names = [d[0] for d in cursor.description]
    return [dict(zip(names, row, strict=True)) for row in cursor]
