"""Chat messages: insert-and-seal (one or a million), read per order or buyer, assign, completeness."""

from __future__ import annotations

import time
from collections.abc import Iterable, Sequence

from seller_assistant.core.chat_records import SENDER_ROLES, STAGES, fingerprint, infer_stage
from seller_assistant.core.completeness import (
    STAGES_READ,
    ChatFact,
    CompletenessItem,
    EvidenceFacts,
    evidence_completeness,
)
from seller_assistant.core.errors import UserError
from seller_assistant.store import evidence, order_flags
from seller_assistant.store.connection import Store, retried

# The insert-and-seal path lives in message_rows; its names are re-exported here, where callers look.
from seller_assistant.store.message_rows import NewMessage as NewMessage
from seller_assistant.store.message_rows import existing_fingerprints as existing_fingerprints
from seller_assistant.store.message_rows import insert_messages as insert_messages

_SEALED = evidence.SEALED_COLUMNS["message"][1]


@retried
def add_message(
    store: Store,
    shop_id: int,
    *,
    order_id: int | None,
    buyer: str,
    sender_role: str,
    sender_name: str,
    sent_at: int,
    text: str,
    source: str,
    now: int,
    template_id: str | None = None,
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
            print_ = fingerprint(shop_id, sender_name, sent_at, text, occurrence)
            if not existing_fingerprints(store, [print_]):
                break
            occurrence += 1
        message = NewMessage(
            order_id,
            order["order_no"] if order else None,
            buyer,
            sender_role,
            sender_name,
            sent_at,
            text,
            infer_stage(sent_at, order),
            source,
            print_,
            template_id,
        )
        insert_messages(store, shop_id, [message], now)
        return store.conn.execute("SELECT id FROM messages WHERE fingerprint = ?", (print_,)).fetchone()[0]


def messages_for_order(store: Store, order_id: int) -> list[dict]:
    """The order's messages oldest first, including the buyer's chats assigned to it."""
    return _rows(store, "SELECT * FROM messages WHERE order_id = ? ORDER BY sent_at, id", (order_id,))


def messages_for_buyer(store: Store, shop_id: int, buyer: str) -> list[dict]:
    return _rows(
        store, "SELECT * FROM messages WHERE shop_id = ? AND buyer = ? ORDER BY sent_at, id", (shop_id, buyer)
    )


def unlinked_messages(store: Store, shop_id: int, limit: int = 5000) -> list[dict]:
    return _rows(
        store,
        "SELECT * FROM messages WHERE shop_id = ? AND order_id IS NULL ORDER BY sent_at DESC, id LIMIT ?",
        (shop_id, limit),
    )


def get_message(store: Store, message_id: int) -> dict | None:
    rows = _rows(store, "SELECT * FROM messages WHERE id = ?", (message_id,))
    return rows[0] if rows else None


@retried
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
                raise UserError("There is no message number {message_id}.", message_id=message_id)
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


@retried
def set_stage(store: Store, message_id: int, stage: str, now: int | None = None) -> None:
    """The user's correction of the inferred stage (not sealed content: the stage is an opinion).
    On an order's message it is an edit by hand of that order, kept with who made it (issue 18)."""
    if stage not in STAGES:
        raise UserError(
            "'{stage}' is not a stage (use one of {stages}).", stage=stage, stages=", ".join(STAGES)
        )
    with store.write():
        row = store.conn.execute(
            "SELECT order_id, stage FROM messages WHERE id = ?", (message_id,)
        ).fetchone()
        if row is None:
            raise UserError("There is no message number {message_id}.", message_id=message_id)
        if row[1] == stage:
            return
        store.conn.execute("UPDATE messages SET stage = ? WHERE id = ?", (stage, message_id))
        if row[0] is not None:
            now = int(time.time()) if now is None else now
            order_flags.record_edit(store, row[0], order_flags.MESSAGE_STAGE, f"{message_id}:{stage}", now)


def completeness(store: Store, order_id: int, lang: str = "en") -> list[CompletenessItem]:
    _order(store, order_id)  # no such order: said, not an empty checklist
    return evidence_completeness(evidence_facts(store, [order_id])[order_id], lang)


def evidence_facts(store: Store, order_ids: Sequence[int]) -> dict[int, EvidenceFacts]:
    """What a dispute's checklist reads of each order (chats, agreements, tracking numbers), in
    four queries for all of them: the risk report checks up to dozens of orders, and four queries
    per order cost it a third of its time. Only the messages of the stages the checklist reads
    (most chats are never staged). Ids of no order are left out."""
    ids = list(dict.fromkeys(order_ids))
    found: dict[int, EvidenceFacts] = {}
    for start in range(0, len(ids), 900):  # within SQLite's oldest limit of 999 parameters
        found.update(_evidence_facts(store, ids[start : start + 900]))
    return found


def _evidence_facts(store: Store, ids: list[int]) -> dict[int, EvidenceFacts]:
    marks = ",".join("?" * len(ids))
    own_number = dict(
        store.conn.execute(f"SELECT id, tracking_no FROM orders WHERE id IN ({marks})", ids).fetchall()
    )
    chats: dict[int, list[ChatFact]] = {order_id: [] for order_id in own_number}
    tracking: dict[int, list[str]] = {order_id: [] for order_id in own_number}
    stages = ",".join("?" * len(STAGES_READ))
    for order_id, stage, role, text in store.conn.execute(
        f"SELECT order_id, stage, sender_role, text FROM messages WHERE order_id IN ({marks})"
        f" AND stage IN ({stages})",
        [*ids, *STAGES_READ],
    ):
        chats[order_id].append(ChatFact(stage, role, text))
    agreements = dict(
        store.conn.execute(
            f"SELECT order_id, count(*) FROM agreements WHERE order_id IN ({marks}) GROUP BY order_id", ids
        ).fetchall()
    )
    for order_id, number in store.conn.execute(
        f"SELECT order_id, tracking_no FROM shipments WHERE order_id IN ({marks})"
        " AND tracking_no IS NOT NULL",
        ids,
    ):
        tracking[order_id].append(number)
    return {
        order_id: EvidenceFacts(
            tuple(chats[order_id]),
            agreements.get(order_id, 0),
            (*tracking[order_id], *([number] if number else [])),
        )
        for order_id, number in own_number.items()
    }


_LINK_COLUMNS = "id, order_no, buyer, status, created_at, paid_at, shipped_at, completed_at, refund_status"


def orders_by_number(store: Store, shop_id: int, order_nos: Iterable[str]) -> dict[str, dict]:
    """The shop's orders among these numbers (those a chat mentions), by number."""
    numbers = list(set(order_nos))
    found: dict[str, dict] = {}
    for start in range(0, len(numbers), 900):
        chunk = numbers[start : start + 900]
        marks = ",".join("?" * len(chunk))
        for row in _rows(
            store,
            f"SELECT {_LINK_COLUMNS} FROM orders WHERE shop_id = ? AND order_no IN ({marks})",
            (shop_id, *chunk),
        ):
            found[row["order_no"]] = row
    return found


def orders_by_buyer(store: Store, shop_id: int, buyers: Iterable[str]) -> dict[str, list[dict]]:
    """Each buyer's orders, oldest paid first, for tying a chat to an order by buyer and time."""
    names = [b for b in set(buyers) if b]
    found: dict[str, list[dict]] = {}
    for start in range(0, len(names), 900):
        chunk = names[start : start + 900]
        marks = ",".join("?" * len(chunk))
        for row in _rows(
            store,
            f"SELECT {_LINK_COLUMNS} FROM orders WHERE shop_id = ? AND buyer IN ({marks})"
            " ORDER BY coalesce(paid_at, created_at)",
            (shop_id, *chunk),
        ):
            found.setdefault(row["buyer"], []).append(row)
    return found


def _order(store: Store, order_id: int) -> dict:
    rows = _rows(store, "SELECT * FROM orders WHERE id = ?", (order_id,))
    if not rows:
        raise UserError("There is no order with id {order_id}.", order_id=order_id)
    return rows[0]


def _rows(store: Store, sql: str, params: tuple) -> list[dict]:
    cursor = store.conn.execute(sql, params)
    names = [d[0] for d in cursor.description]
    return [dict(zip(names, row, strict=True)) for row in cursor]
