"""Buyer messages and the shop's replies to them, by day of age: Amazon's response-time metric.

A conversation is a shop's messages with one buyer. A run of consecutive buyer messages is one
question, asked at its first message and answered by the shop's next message (platform and system
lines are neither). Both lookups are index-only reads of messages_buyer / messages_sent (migration
015), one pair per buyer message of the window."""

from __future__ import annotations

from bisect import bisect_right
from collections import defaultdict

from seller_assistant.core.helprate import DAY
from seller_assistant.core.metrics import DayBuckets
from seller_assistant.core.reply_time import ON_TIME, WAITING, in_hours_test, quarters_in_hours, reply_outcome
from seller_assistant.store import reply_summary, shops
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


# The last pairing per store and shop: (messages' max id, latest sent_at, now, lo, its questions by
# quarter hour). The minute tick asks again with a later `now`; while no message was added and none
# is dated after the earlier `now`, the same rows answer it (a reply's time does not depend on
# `now`; outcomes are judged afresh), so the query runs once per change of the chats, not once a
# minute.
_LAST: dict[tuple[str, int], tuple[int, int, int, int, Quarters]] = {}
QUARTER = 900  # seconds: every zone's offset and change falls on a quarter hour of UTC


class Quarters:
    """Buyer questions by the quarter hour of UTC they were asked in: the questions themselves and
    their reply delays sorted, so a quarter long settled is judged by one bisection, whatever the
    number of its questions (90 days of a busy Douyin shop: ~200 000 questions, 8 640 quarters)."""

    def __init__(self, rows: list[tuple[int, int | None]]) -> None:
        self.rows: dict[int, list[tuple[int, int | None]]] = defaultdict(list)
        for asked_at, replied_at in rows:
            self.rows[asked_at // QUARTER].append((asked_at, replied_at))
        self.numbers = sorted(self.rows)
        self.delays = {
            q: sorted(replied - asked for asked, replied in questions if replied is not None)
            for q, questions in self.rows.items()
        }

    def between(self, lo: int, now: int) -> list[int]:
        """The quarters holding a question asked in (lo, now]."""
        return self.numbers[
            bisect_right(self.numbers, lo // QUARTER - 1) : bisect_right(self.numbers, now // QUARTER)
        ]


def _quarters(store: Store, shop_id: int, now: int, days: int) -> Quarters:
    """The buyer questions of the last `days` days up to `now` (a superset: callers keep (lo, now])."""
    lo = now - days * DAY
    max_id, latest = store.conn.execute(
        "SELECT (SELECT max(id) FROM messages), (SELECT max(sent_at) FROM messages WHERE shop_id = ?)",
        (shop_id,),
    ).fetchone()
    key = (str(store.location), shop_id)
    cached = _LAST.get(key)
    if cached is not None:
        was_id, was_latest, was_now, was_lo, quarters = cached
        if (
            was_id == max_id
            and was_latest == latest
            and lo >= was_lo
            and (now <= was_now or (latest or 0) <= was_now)
        ):
            return quarters
    quarters = Quarters(store.conn.execute(_QUESTIONS, {"shop": shop_id, "now": now, "lo": lo}).fetchall())
    _LAST[key] = (max_id, latest, now, lo, quarters)
    return quarters


def questions(store: Store, shop_id: int, now: int, days: int) -> list[tuple[int, int | None]]:
    """(asked_at, replied_at or None) of every buyer question asked in (now − days, now]; a reply
    after `now` may be given: reply_outcome does not count it."""
    lo = now - days * DAY
    quarters = _quarters(store, shop_id, now, days)
    return sorted(row for q in quarters.between(lo, now) for row in quarters.rows[q] if lo < row[0] <= now)


def reply_buckets(
    store: Store, shop_id: int, now: int, days: int, within: int, answer_hours: tuple[int, int] | None = None
) -> DayBuckets:
    """Questions answered within `within` seconds (numerator) over questions answered or overdue
    (denominator), bucketed by the day the buyer asked; questions still inside the limit count in
    neither. With `answer_hours`, only questions asked in those hours of the shop's day count.

    A quarter hour wholly inside the window and in one day bucket, asked more than `within` before
    now, is settled: each of its questions counts, and those answered within the limit are on time
    (a reply that came within the limit came before now). It is read from the stored count of its
    questions (store/reply_summary.py, migration 026) when `within` is a stored limit, else judged
    from its sorted delays; the other quarters (the window's edges, a bucket's edge, the last
    `within` seconds) question by question."""
    if within in reply_summary.limits(store):
        return _from_summary(store, shop_id, now, days, within, answer_hours)
    asked_in_hours = (
        in_hours_test(shops.load_settings(store, shop_id).tz(), answer_hours) if answer_hours else None
    )
    on_time: dict[tuple[str, int], int] = defaultdict(int)
    counted: dict[int, int] = defaultdict(int)
    lo = now - days * DAY
    quarters = _quarters(store, shop_id, now, days)
    for q in quarters.between(lo, now):
        if asked_in_hours and not asked_in_hours(q * QUARTER):  # judged per quarter hour (in_hours_test)
            continue
        if _settled(q, lo, now, within):
            k = (now - q * QUARTER) // DAY
            counted[k] += len(quarters.rows[q])
            answered = bisect_right(quarters.delays[q], within)
            if answered:
                on_time[(ON_TIME, k)] += answered
            continue
        _judge(quarters.rows[q], lo, now, within, on_time, counted)
    return DayBuckets(dict(on_time), dict(counted))


def _settled(q: int, lo: int, now: int, within: int) -> bool:
    """Whether every question of quarter `q` is inside (lo, now], in one day bucket and past the limit."""
    first, last = q * QUARTER, q * QUARTER + QUARTER - 1
    return lo < first and last < now - within and (now - last) // DAY == (now - first) // DAY


def _judge(rows, lo: int, now: int, within: int, on_time: dict, counted: dict, weight: int = 1) -> None:
    """Count (asked_at, replied_at[, n]) questions one by one into the day buckets."""
    for row in rows:
        asked_at, replied_at = row[0], row[1]
        if not lo < asked_at <= now:
            continue
        outcome = reply_outcome(asked_at, replied_at, now, within)
        if outcome == WAITING:
            continue
        n = row[2] if len(row) > 2 else weight
        k = (now - asked_at) // DAY
        counted[k] += n
        if outcome == ON_TIME:
            on_time[(ON_TIME, k)] += n


def _from_summary(
    store: Store, shop_id: int, now: int, days: int, within: int, answer_hours: tuple[int, int] | None
) -> DayBuckets:
    """reply_buckets from the stored pairing: settled quarters from their counts, the others from
    their stored questions, one index range per run of adjacent quarters (~100 for 90 days)."""
    on_time: dict[tuple[str, int], int] = defaultdict(int)
    counted: dict[int, int] = defaultdict(int)
    lo = now - days * DAY
    first_q, last_q = lo // QUARTER, now // QUARTER
    kept = (
        quarters_in_hours(shops.load_settings(store, shop_id).tz(), answer_hours, first_q, last_q)
        if answer_hours
        else None
    )
    # _settled, unrolled for the ~8 640 quarters of 90 days: inside the window, past the limit,
    # and in one day bucket (its first second's age at least a quarter's length into its day).
    settled_before = now - within - QUARTER + 1
    unsettled: list[int] = []
    for q, questions, answered in store.conn.execute(
        "SELECT quarter, questions, on_time FROM reply_quarters WHERE shop_id = ? AND limit_s = ?"
        " AND quarter >= ? AND quarter <= ? ORDER BY quarter",
        (shop_id, within, first_q, last_q),
    ):
        if kept is not None and q not in kept:
            continue
        first = q * QUARTER
        age = now - first
        if lo < first < settled_before and age % DAY >= QUARTER - 1:
            k = age // DAY
            counted[k] += questions
            if answered:
                on_time[(ON_TIME, k)] += answered
        else:
            unsettled.append(q)
    for first, last in reply_summary.runs(unsettled):
        rows = store.conn.execute(
            "SELECT asked_at, replied_at, n FROM reply_questions WHERE shop_id = ? AND asked_at >= ?"
            " AND asked_at < ?",
            (shop_id, first * QUARTER, (last + 1) * QUARTER),
        ).fetchall()
        _judge(rows, lo, now, within, on_time, counted)
    return DayBuckets(dict(on_time), dict(counted))
