"""Orders counted over a window from the per-day summary (order_days, migration 022), exactly.

A window is (now − N days, now]: its whole UTC days are summed from `order_days`, kept by triggers
in the writers' transactions; the two partial days at its edges (today up to now, and the day its
start falls in) are counted from the orders themselves, through the window indexes of migration
021. So a count costs the window's days plus two days of orders, whatever the window's volume, and
it is the very number a count of the rows gives. Each order falls in a group of the things the
metrics test (deleted, fulfilled by the platform, late, on time, tracking, buyer country,
currency); a metric keeps the groups it counts."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable
from typing import NamedTuple

from seller_assistant.core.helprate import DAY
from seller_assistant.store.connection import Store


class Group(NamedTuple):
    """What the metrics test of an order, as order_days keys it."""

    deleted: int
    own: int  # not fulfilled by the platform
    flag: int  # shipped: after its latest ship date; delivered: by its promised delivery date
    tracking: str  # shipped: v (valid), u (unchecked), '' (anything else)
    country: str
    country_known: int
    currency: str
    currency_known: int


class Tally(NamedTuple):
    orders: int
    amount_cents: int
    amount_unknown: int


Groups = dict[Group, Tally]

# The basis' time column, the condition for an order to have one, and what the trigger keys it by
# (migration 022, word for word in meaning: an edge counted here must fall in the same group as the
# days summed there). Amounts, countries and currencies only for paid orders: the other bases'
# indexes do not hold them, and no metric asks.
_FLAG = {
    "shipped": "CASE WHEN o.shipped_at > coalesce(o.platform_promised_ship_at, o.promised_ship_at) THEN 1 ELSE 0 END",
    "delivered": "CASE WHEN o.delivered_at <= o.latest_delivery_at THEN 1 ELSE 0 END",
}
_BASES = {
    "paid": ("o.paid_at", "o.paid_at IS NOT NULL"),
    "created": ("o.created_at", "o.paid_at IS NULL AND o.created_at IS NOT NULL"),
    "shipped": ("o.shipped_at", "o.shipped_at IS NOT NULL"),
    "delivered": ("o.delivered_at", "o.delivered_at IS NOT NULL AND o.latest_delivery_at IS NOT NULL"),
}
BASES = tuple(_BASES)


def _edge_sql(basis: str) -> str:
    date, condition = _BASES[basis]
    paid = basis == "paid"
    tracking = (
        "CASE o.tracking_check WHEN 'valid' THEN 'v' WHEN 'unchecked' THEN 'u' ELSE '' END"
        if basis == "shipped"
        else "''"
    )
    dims = [
        "CASE WHEN o.deleted = 0 THEN 0 ELSE 1 END",
        "CASE WHEN o.fulfilled_by != 'platform' THEN 1 ELSE 0 END",
        _FLAG.get(basis, "0"),
        tracking,
        "coalesce(o.ship_country, '')" if paid else "''",
        "CASE WHEN o.ship_country IS NULL THEN 0 ELSE 1 END" if paid else "1",
        "coalesce(o.currency, '')" if paid else "''",
        "CASE WHEN o.currency IS NULL THEN 0 ELSE 1 END" if paid else "1",
    ]
    tallies = (
        "count(*), coalesce(sum(o.amount_cents), 0), sum(CASE WHEN o.amount_cents IS NULL THEN 1 ELSE 0 END)"
        if paid
        else "count(*), 0, 0"
    )
    return (
        f"SELECT {', '.join(dims)}, {tallies} FROM orders o WHERE o.shop_id = :shop AND {condition}"
        f" AND {date} > :lo AND {date} <= :hi GROUP BY {', '.join(str(i) for i in range(1, len(dims) + 1))}"
    )


def _add(into: dict, rows: Iterable) -> None:
    for row in rows:
        # int(): PostgreSQL's sum() of bigints is a numeric (a Decimal here).
        group, tally = Group(*row[:8]), [int(v or 0) for v in row[8:]]
        was = into.get(group)
        into[group] = (
            Tally(*tally) if was is None else Tally(*(a + b for a, b in zip(was, tally, strict=True)))
        )


def _flat(groups: Groups) -> Iterable[tuple]:
    return ((*g, *t) for g, t in groups.items())


def _sub(into: Groups, groups: Groups) -> None:
    for g, t in groups.items():
        was = into.get(g, Tally(0, 0, 0))
        into[g] = Tally(*(a - b for a, b in zip(was, t, strict=True)))


class OrderDays:
    """One report's reads of a shop's orders at `now`: the summary's days and the edges, each read
    once however many metrics ask (eBay's three 12-month metrics and its level share them)."""

    def __init__(self, store: Store, shop_id: int, now: int) -> None:
        self.store, self.shop_id, self.now = store, shop_id, now
        self._days: dict[str, tuple[int, dict[int, Groups]]] = {}  # basis -> (first day read, by day)
        self._edges: dict[tuple[str, int, int], Groups] = {}

    def _rows(self, basis: str, lo: int, hi: int) -> Groups:
        """The orders of a basis with times in (lo, hi], from their rows."""
        key = (basis, lo, hi)
        if key not in self._edges:
            groups: Groups = {}
            if hi > lo:
                params = {"shop": self.shop_id, "lo": lo, "hi": hi}
                _add(groups, self.store.conn.execute(_edge_sql(basis), params))
            self._edges[key] = groups
        return self._edges[key]

    def _by_day(self, basis: str, first: int, last: int) -> dict[int, Groups]:
        have = self._days.get(basis)
        if have is None or have[0] > first:
            days: dict[int, Groups] = defaultdict(dict)
            rows = self.store.conn.execute(
                "SELECT day, deleted, own, flag, tracking, country, country_known, currency, currency_known,"
                " n, amount, amount_unknown FROM order_days"
                " WHERE shop_id = :shop AND basis = :basis AND day >= :first AND day <= :last",
                {"shop": self.shop_id, "basis": basis, "first": first, "last": last},
            )
            for row in rows:
                _add(days[row[0]], (row[1:],))
            have = self._days[basis] = (first, days)
        return have[1]

    def within(self, basis: str, ages: Iterable[int]) -> dict[int, Groups]:
        """{age: the groups of the orders with their basis time in (now − age days, now]}."""
        now = self.now
        last = (now + 1) // DAY - 1  # the last whole day at or before now
        wanted = sorted(set(ages))
        first = min(((now - a * DAY) // DAY for a in wanted), default=last)
        days = self._by_day(basis, min(first, last), last + 1)
        # Today up to now: the day's count less what comes after now, when that is the shorter read.
        today = self._part(basis, days, last + 1, now)
        found: dict[int, Groups] = {}
        running: Groups = {}
        summed_from = last + 1  # days [summed_from, last] are in `running`
        for age in wanted:
            if age <= 0:
                found[age] = {}
                continue
            lo = now - age * DAY
            start = lo // DAY + 1  # the first whole day after lo
            for day in range(summed_from - 1, start - 1, -1):
                _add(running, _flat(days.get(day, {})))
            summed_from = min(summed_from, start)
            groups = dict(running)
            # The day lo falls in, after lo: all of it less the part up to lo, if that is shorter.
            _sub(groups, self._part(basis, days, start - 1, lo))
            _add(groups, _flat(days.get(start - 1, {})))
            _add(groups, _flat(today))
            found[age] = groups
        return found

    def _part(self, basis: str, days: dict[int, Groups], day: int, cut: int) -> Groups:
        """The orders of `day` up to `cut` (inclusive), read from the side of `cut` that is shorter:
        the rows up to it, or the whole day from the summary less the rows after it."""
        begin, end = day * DAY, (day + 1) * DAY - 1
        if cut - begin < end - cut:
            return self._rows(basis, begin - 1, cut)
        part = dict(days.get(day, {}))
        _sub(part, self._rows(basis, cut, end))
        return part

    def counts(self, basis: str, ages: Iterable[int], keep: Callable[[Group], bool]) -> dict[int, int]:
        """{age: orders in (now − age days, now] whose group `keep` accepts}."""
        return {
            age: sum(t.orders for g, t in groups.items() if keep(g))
            for age, groups in self.within(basis, ages).items()
        }


def lumped(prefix: dict[int, int]) -> dict[int, int]:
    """Day buckets from counts over (now − age days, now] at a few ages: the orders between two
    ages given are put in the bucket of the nearer one. A DayBuckets window whose edges are among
    the ages (every window, look-ahead day and daily rate the report asks) sums them exactly."""
    ages = sorted(prefix)
    buckets = {}
    for near, far in zip(ages, ages[1:], strict=False):
        n = prefix[far] - prefix[near]
        if n:
            buckets[near] = n
    return buckets
