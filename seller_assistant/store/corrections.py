"""Corrections, never rewrites: withdrawing a sealed message or reply, and moving a message to another order.

Each correction is a row of its own (append-only) sealed as a 'correction' item into every chain
the message is in, so the chains stay intact and say what happened: a withdrawn message is still
there, struck through with the shop's reason; a moved message stays on its first order's chain
and the bundle of that order lists it as moved.
"""

from __future__ import annotations

from collections.abc import Sequence

from seller_assistant.core.errors import UserError
from seller_assistant.store import evidence
from seller_assistant.store.connection import Store, retried

KINDS = ("withdrawn", "superseded", "moved")
MAX_REASON = 500


@retried
def withdraw(
    store: Store, shop_id: int, message_id: int, reason: str, now: int, replacement_id: int | None = None
) -> int:
    """Mark a sealed message (or a logged reply) withdrawn, or superseded by `replacement_id`,
    for the shop's `reason`. Returns the correction's id."""
    reason = (reason or "").strip()
    if not reason:
        raise UserError("Say why the message is withdrawn: the reason is sealed with the correction.")
    if len(reason) > MAX_REASON:
        raise UserError(
            "The reason is {length} characters; keep it under {most}.", length=len(reason), most=MAX_REASON
        )
    with store.write():
        _message(store, message_id)
        if replacement_id is not None:
            _message(store, replacement_id)
        if withdrawn(store, [message_id]).get(message_id):
            raise UserError("Message {message_id} is already withdrawn.", message_id=message_id)
        kind = "superseded" if replacement_id is not None else "withdrawn"
        correction_id = store.conn.execute(
            "INSERT INTO corrections (shop_id, kind, message_id, reason, replacement_id, recorded_at)"
            " VALUES (?, ?, ?, ?, ?, ?) RETURNING id",
            (shop_id, kind, message_id, reason, replacement_id, now),
        ).fetchone()[0]
        keys = _chains_of_message(store, message_id)
        if not keys:
            keys = [evidence.chain_key_for(store, "message", message_id)[1]]
        _seal(store, shop_id, correction_id, keys, now)
    return correction_id


@retried
def move_to_order(store: Store, shop_id: int, message_ids: Sequence[int], order_id: int, now: int) -> int:
    """Assign messages to an order; a message leaving another order leaves a sealed 'moved'
    correction on both orders' chains first. Returns how many messages were newly tied."""
    from seller_assistant.store import chats

    with store.write():
        target = store.conn.execute("SELECT order_no FROM orders WHERE id = ?", (order_id,)).fetchone()
        if target is None:
            raise UserError("There is no order with id {order_id}.", order_id=order_id)
        for message_id in message_ids:
            message = _message(store, message_id)
            if message["order_id"] is None or message["order_id"] == order_id:
                continue
            from_no = store.conn.execute(
                "SELECT order_no FROM orders WHERE id = ?", (message["order_id"],)
            ).fetchone()[0]
            correction_id = store.conn.execute(
                "INSERT INTO corrections (shop_id, kind, message_id, reason, from_order_no, to_order_no, recorded_at)"
                " VALUES (?, 'moved', ?, '', ?, ?, ?) RETURNING id",
                (shop_id, message_id, from_no, target[0], now),
            ).fetchone()[0]
            _seal(
                store,
                shop_id,
                correction_id,
                [evidence.order_chain_key(from_no), evidence.order_chain_key(target[0])],
                now,
            )
        return chats.assign_to_order(store, list(message_ids), order_id, now)


def withdrawn(store: Store, message_ids: Sequence[int]) -> dict[int, dict]:
    """The withdrawal (or supersession) of each of these messages that has one: kind, reason, when."""
    found: dict[int, dict] = {}
    for start in range(0, len(message_ids), 900):
        chunk = list(message_ids[start : start + 900])
        marks = ",".join("?" * len(chunk))
        for message_id, kind, reason, replacement_id, at in store.conn.execute(
            "SELECT message_id, kind, reason, replacement_id, recorded_at FROM corrections"
            f" WHERE kind IN ('withdrawn', 'superseded') AND message_id IN ({marks}) ORDER BY id",
            chunk,
        ):
            found.setdefault(
                message_id, {"kind": kind, "reason": reason, "replacement_id": replacement_id, "at": at}
            )
    return found


def with_withdrawals(store: Store, messages: list[dict]) -> list[dict]:
    """The messages, each withdrawn or superseded one carrying its "withdrawn" mark (kind, reason,
    when): what the window and the bundles strike through."""
    marks = withdrawn(store, [m["id"] for m in messages])
    for message in messages:
        if message["id"] in marks:
            message["withdrawn"] = marks[message["id"]]
    return messages


def moved_away(store: Store, order_no: str) -> dict[int, str]:
    """Messages that left this order: message id -> the order number they went to (the latest)."""
    moved: dict[int, str] = {}
    for message_id, to_no in store.conn.execute(
        "SELECT message_id, to_order_no FROM corrections WHERE kind = 'moved' AND from_order_no = ? ORDER BY id",
        (order_no,),
    ):
        moved[message_id] = to_no
    return moved


def _seal(store: Store, shop_id: int, correction_id: int, keys: Sequence[str], now: int) -> None:
    content = evidence.item_content(store, "correction", correction_id)
    sealer = evidence.ChainSealer(store, shop_id, now)
    for key in dict.fromkeys(keys):
        sealer.add(key, "correction", correction_id, content)
    sealer.flush()


def _chains_of_message(store: Store, message_id: int) -> list[str]:
    return [
        row[0]
        for row in store.conn.execute(
            "SELECT chain_key FROM evidence_items WHERE item_type IN ('message', 'link') AND item_id = ? ORDER BY id",
            (message_id,),
        )
    ]


def _message(store: Store, message_id: int) -> dict:
    row = store.conn.execute(
        "SELECT id, order_id, shop_id FROM messages WHERE id = ?", (message_id,)
    ).fetchone()
    if row is None:
        raise UserError("There is no message number {message_id}.", message_id=message_id)
    return {"id": row[0], "order_id": row[1], "shop_id": row[2]}
