"""The buyer questions paired with the shop's replies, kept as data (migration 026), for the reply metrics.

`reply_questions` holds each question (the first of a run of buyer messages in a conversation,
store/reply_times.py) with the time of the shop's first message at or after it, whenever that came;
`reply_quarters` per quarter hour of UTC the questions and those answered within each reply limit
of `reply_limits`. Messages are append-only and every insert goes through
message_rows.MessageWriter, which hands the conversations it wrote to `keep` in the same
transaction. A message at t in a conversation can change only the questions of that conversation
from just after its last shop message before t up to its next buyer or shop message after t (a new
shop message answers the run before it; a new buyer message opens a question or stops the next one
being one), so only those are paired again and only their quarters recounted. A shop's history
loaded in one go is paired again as a whole (`rebuild`): cheaper than conversation by conversation.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from seller_assistant.store import pg_locks
from seller_assistant.store.connection import Store

QUARTER = 900  # seconds: every zone's offset and change falls on a quarter hour of UTC

# The same lookups as the report's pairing (reply_times._QUESTIONS), without its `now`: a reply
# after the moment a report asks about is left out by reply_outcome, not by the pairing. Ties (two
# buyer messages in one second) are one row with their number: they share their question's reply.
_PAIR = """
INSERT INTO reply_questions (shop_id, asked_at, buyer, n, replied_at)
SELECT b.shop_id, b.sent_at, b.buyer, count(*),
  (SELECT r.sent_at FROM messages r WHERE r.shop_id = b.shop_id AND r.buyer = b.buyer
     AND r.sent_at >= b.sent_at AND r.sender_role = 'staff' ORDER BY r.sent_at LIMIT 1)
FROM messages b
WHERE b.shop_id = ? AND b.sent_at > ? AND b.sent_at <= ? AND b.sender_role = 'buyer'{conversation}
  AND coalesce((SELECT p.sender_role FROM messages p WHERE p.shop_id = b.shop_id AND p.buyer = b.buyer
     AND p.sent_at < b.sent_at AND p.sender_role IN ('buyer', 'staff')
     ORDER BY p.sent_at DESC LIMIT 1), '') != 'buyer'
GROUP BY b.shop_id, b.sent_at, b.buyer
"""
_PAIR_SHOP = _PAIR.format(conversation="")
_PAIR_CONVERSATION = _PAIR.format(conversation=" AND b.buyer = ?")

_COUNT = """
INSERT INTO reply_quarters (shop_id, limit_s, quarter, questions, on_time)
SELECT q.shop_id, l.limit_s, q.asked_at / 900, sum(q.n),
  sum(CASE WHEN q.replied_at - q.asked_at <= l.limit_s THEN q.n ELSE 0 END)
FROM reply_questions q, reply_limits l
WHERE q.shop_id = ? AND q.asked_at >= ? AND q.asked_at < ?
GROUP BY q.shop_id, l.limit_s, q.asked_at / 900
"""

# Before any shop message / after the last message: the bounds of a conversation's whole history.
_BEFORE_ALL, _AFTER_ALL = -(2**62), 2**62


def limits(store: Store) -> set[int]:
    """The reply limits (seconds) counted per quarter hour."""
    return {row[0] for row in store.conn.execute("SELECT limit_s FROM reply_limits")}


def keep(store: Store, shop_id: int, touched: Mapping[str, tuple[int, int]]) -> None:
    """Inside the writer's transaction, after its messages are in (and the messages' indexes are
    there): pair again the questions the new messages of these conversations can have changed
    (buyer → the earliest and latest new message of a buyer or the shop) and recount their quarters."""
    if not touched:
        return
    pg_locks.lock_message_ids(store.conn)  # one message writer at a time on a shared store
    conn = store.conn
    quarters: set[int] = set()
    for buyer, (first, last) in touched.items():
        # From just after the shop's last message before the first new one (the run it may answer)…
        start = _one(
            conn.execute(
                "SELECT sent_at FROM messages WHERE shop_id = ? AND buyer = ? AND sent_at < ?"
                " AND sender_role = 'staff' ORDER BY sent_at DESC LIMIT 1",
                (shop_id, buyer, first),
            )
        )
        # … to the next buyer or shop message after the last new one (whether it opens a question).
        end = _one(
            conn.execute(
                "SELECT sent_at FROM messages WHERE shop_id = ? AND buyer = ? AND sent_at > ?"
                " AND sender_role IN ('buyer', 'staff') ORDER BY sent_at LIMIT 1",
                (shop_id, buyer, last),
            )
        )
        lo = _BEFORE_ALL if start is None else start
        hi = last if end is None else end
        asked = [
            row[0]
            for row in conn.execute(
                "SELECT sent_at FROM messages WHERE shop_id = ? AND buyer = ? AND sent_at > ? AND sent_at <= ?"
                " AND sender_role = 'buyer'",
                (shop_id, buyer, lo, hi),
            )
        ]
        if not asked:
            continue
        # By key: the questions' index leads with the time, so a range of one buyer would read
        # every question of the shop in it.
        conn.executemany(
            "DELETE FROM reply_questions WHERE shop_id = ? AND asked_at = ? AND buyer = ?",
            [(shop_id, at, buyer) for at in sorted(set(asked))],
        )
        conn.execute(_PAIR_CONVERSATION, (shop_id, lo, hi, buyer))
        quarters.update(at // QUARTER for at in asked)
    _recount(store, shop_id, quarters)


def _one(cursor) -> int | None:
    row = cursor.fetchone()
    return None if row is None else row[0]


def rebuild(store: Store, shop_id: int) -> None:
    """Pair a shop's chats again as a whole (its history loaded in one go), in the caller's transaction."""
    pg_locks.lock_message_ids(store.conn)
    store.conn.execute("DELETE FROM reply_questions WHERE shop_id = ?", (shop_id,))
    store.conn.execute("DELETE FROM reply_quarters WHERE shop_id = ?", (shop_id,))
    store.conn.execute(_PAIR_SHOP, (shop_id, _BEFORE_ALL, _AFTER_ALL))
    store.conn.execute(_COUNT, (shop_id, _BEFORE_ALL, _AFTER_ALL))


def _recount(store: Store, shop_id: int, quarters: Iterable[int]) -> None:
    """Count these quarters of the shop again from its questions, a run of adjacent quarters at a time."""
    shop_limits = sorted(limits(store))
    for first, last in runs(sorted(set(quarters))):
        for limit in shop_limits:  # the key leads with the limit: one range of it each
            store.conn.execute(
                "DELETE FROM reply_quarters WHERE shop_id = ? AND limit_s = ? AND quarter >= ? AND quarter <= ?",
                (shop_id, limit, first, last),
            )
        store.conn.execute(_COUNT, (shop_id, first * QUARTER, (last + 1) * QUARTER))


def runs(numbers: list[int]) -> list[tuple[int, int]]:
    """Sorted numbers as runs of consecutive ones: [1, 2, 3, 7] → [(1, 3), (7, 7)]."""
    runs: list[tuple[int, int]] = []
    for number in numbers:
        if runs and runs[-1][1] == number - 1:
            runs[-1] = (runs[-1][0], number)
        else:
            runs.append((number, number))
    return runs


def touch(touched: dict[str, tuple[int, int]], rows: Iterable[tuple]) -> None:
    """Note the conversations of MessageRows' rows (buyer at 2, role at 3, sent_at at 5) in
    `touched`: buyer → (earliest, latest) buyer or shop message written."""
    for row in rows:
        if row[3] not in ("buyer", "staff"):
            continue
        buyer, at = row[2], row[5]
        seen = touched.get(buyer)
        if seen is None:
            touched[buyer] = (at, at)
        elif at < seen[0] or at > seen[1]:
            touched[buyer] = (min(at, seen[0]), max(at, seen[1]))
