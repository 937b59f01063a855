"""Buyer messages and the shop's replies to them, by day of age: Amazon's response-time metric.

A conversation is a shop's messages with one buyer. A run of consecutive buyer messages is one
question, asked at its first message and answered by the shop's next message (platform and system
lines are neither). Both lookups are index-only reads of messages_buyer / messages_sent (migration
015), one pair per buyer message of the window."""

from __future__ import annotations

from collections import defaultdict

from seller_assistant.core.helprate import DAY
from seller_assistant.core.metrics import DayBuckets
from seller_assistant.core.reply_time import ON_TIME, WAITING, in_hours_test, reply_outcome
from seller_assistant.store import shops
from seller_assistant.store.connection import Store

_QUESTIONS = """
SELECT b.sent_at,
  (SELECT r.sent_at FROM messages r WHERE r.shop_id = b.shop_id AND r.buyer = b.buyer
     AND r.sent_at >= b.sent_at AND r.sent_at <= :now AND r.sender_role = 'staff'
     ORDER BY r.sent_at LIMIT 1)
FROM messages b
WHERE b.shop_id = :shop AND b.sent_at > :lo AND b.sent_at <= :now AND b.sender_role = 'buyer'
  AND coalesce((SELECT p.sender_role FROM messages p WHERE p.shop_id = b.shop_id AND p.buyer = b.buyer
     AND p.sent_at < b.sent_at AND p.sender_role IN ('buyer', 'staff')
     ORDER BY p.sent_at DESC LIMIT 1), '') != 'buyer'
"""


# The last pairing per store and shop: (messages' max id, latest sent_at, now, lo, rows). The
# minute tick asks again with a later `now`; while no message was added and none is dated after
# the earlier `now`, the same rows answer it (a reply's time does not depend on `now`; outcomes are
# judged afresh), so the query runs once per change of the chats, not once a minute.
_LAST: dict[tuple[str, int], tuple[int, int, int, int, list]] = {}


def questions(store: Store, shop_id: int, now: int, days: int) -> list[tuple[int, int | None]]:
    """(asked_at, replied_at or None) of every buyer question asked in (now − days, now]; a reply
    after `now` may be given: reply_outcome does not count it."""
    lo = now - days * DAY
    max_id, latest = store.conn.execute(
        "SELECT (SELECT max(id) FROM messages), (SELECT max(sent_at) FROM messages WHERE shop_id = ?)",
        (shop_id,),
    ).fetchone()
    key = (str(store.location), shop_id)
    cached = _LAST.get(key)
    if cached is not None:
        was_id, was_latest, was_now, was_lo, rows = cached
        if (
            was_id == max_id
            and was_latest == latest
            and lo >= was_lo
            and (now <= was_now or (latest or 0) <= was_now)
        ):
            return [row for row in rows if lo < row[0] <= now]
    rows = store.conn.execute(_QUESTIONS, {"shop": shop_id, "now": now, "lo": lo}).fetchall()
    _LAST[key] = (max_id, latest, now, lo, rows)
    return rows


def reply_buckets(
    store: Store, shop_id: int, now: int, days: int, within: int, answer_hours: tuple[int, int] | None = None
) -> DayBuckets:
    """Questions answered within `within` seconds (numerator) over questions answered or overdue
    (denominator), bucketed by the day the buyer asked; questions still inside the limit count in
    neither. With `answer_hours`, only questions asked in those hours of the shop's day count."""
    on_time: dict[tuple[str, int], int] = defaultdict(int)
    counted: dict[int, int] = defaultdict(int)
    asked_in_hours = (
        in_hours_test(shops.load_settings(store, shop_id).tz(), answer_hours) if answer_hours else None
    )
    for asked_at, replied_at in questions(store, shop_id, now, days):
        if asked_in_hours and not asked_in_hours(asked_at):
            continue
        outcome = reply_outcome(asked_at, replied_at, now, within)
        if outcome == WAITING:
            continue
        k = (now - asked_at) // DAY
        counted[k] += 1
        if outcome == ON_TIME:
            on_time[(ON_TIME, k)] += 1
    return DayBuckets(dict(on_time), dict(counted))
