"""Rate metrics over a window: rate, headroom before the threshold, status, what-if, look-ahead, streaks."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import ROUND_FLOOR, Decimal
from functools import lru_cache

DAY = 86400
OK, WARNING, OVER, UNKNOWN = "ok", "warning", "over", "unknown"
# Below this many orders one event moves the rate by a full percent or more: say so plainly.
FEW_ORDERS = 100


@dataclass(frozen=True)
class WindowFigures:
    """One metric over one window (e.g. the help rate over the last 7 days) at one instant."""

    window: str  # "7d", "30d", "60d" …
    days: int
    events: int  # the numerator: help events, defects, late shipments
    orders: int  # the denominator: orders paid, orders shipped, transactions
    rate: float | None  # None: events but no orders (undefined, counts as over)
    threshold: float | None  # None: the shop has not entered its category average
    headroom: int | None  # more events this window absorbs before going over; negative: already over
    status: str  # ok | warning | over | unknown
    by_kind: dict[str, int] = field(default_factory=dict)
    # What the status was judged with, so what_if and look-ahead can judge again the same way.
    warning_margin: int = 1
    at_risk: int = 0
    higher_is_worse: bool = True
    # eBay-style floors: not over while events are at most count_floor; below min_orders orders the
    # rate does not apply yet (applies is False and the status stays ok).
    count_floor: int | None = None
    min_orders: int | None = None
    applies: bool = True

    @property
    def no_orders(self) -> bool:
        """Nothing in the denominator: the window reads "no orders", not a rate of 0."""
        return self.orders == 0

    def to_json(self) -> dict:
        return {
            "events": self.events,
            "orders": self.orders,
            "rate": self.rate,
            "threshold": self.threshold,
            "headroom": self.headroom,
            "status": self.status,
            "by_kind": dict(self.by_kind),
        }


def rate(events: int, orders: int) -> float | None:
    if orders == 0:
        return 0.0 if events == 0 else None
    return events / orders


@lru_cache(maxsize=256)  # a report judges dozens of windows against the same few thresholds
def _exact(threshold: float) -> Decimal:
    # str() keeps the decimal the shop typed (0.015), not the binary float's long tail.
    return Decimal(str(threshold))


def headroom(
    events: int,
    orders: int,
    threshold: float | None,
    higher_is_worse: bool = True,
    count_floor: int | None = None,
) -> int | None:
    """floor(threshold × orders) − events, in exact decimals (0.015 × 200 is 3, not 2.999…).

    For a metric where lower is worse (a valid-tracking rate), it is how many more orders without
    the good outcome fit before the rate drops under: floor(events / threshold) − orders."""
    if threshold is None:
        return None
    limit = _exact(threshold) * orders
    if higher_is_worse:
        allowed = int(limit.to_integral_value(rounding=ROUND_FLOOR))
        return max(allowed, count_floor or 0) - events
    return int((Decimal(events) / _exact(threshold)).to_integral_value(rounding=ROUND_FLOOR)) - orders


def is_over(
    events: int, orders: int, threshold: float, higher_is_worse: bool = True, count_floor: int | None = None
) -> bool:
    """Rate strictly beyond the threshold; equal to it is not over. Events with no orders is over.
    With a count floor, a count at or under the floor is never over."""
    if count_floor is not None and higher_is_worse and events <= count_floor:
        return False
    if orders == 0:
        return events > 0 if higher_is_worse else False
    limit = _exact(threshold) * orders
    return Decimal(events) > limit if higher_is_worse else Decimal(events) < limit


def window_figures(
    window: str,
    days: int,
    events: int,
    orders: int,
    threshold: float | None,
    warning_margin: int = 1,
    at_risk: int = 0,
    by_kind: dict[str, int] | None = None,
    higher_is_worse: bool = True,
    count_floor: int | None = None,
    min_orders: int | None = None,
) -> WindowFigures:
    """Judge one window: over past the threshold; warning when the headroom is within the margin
    or the open at-risk situations outnumber it; unknown without a threshold."""
    room = headroom(events, orders, threshold, higher_is_worse, count_floor)
    applies = min_orders is None or orders >= min_orders
    if threshold is None:
        status = UNKNOWN
    elif not applies:
        status = OK
    elif is_over(events, orders, threshold, higher_is_worse, count_floor):
        status = OVER
    elif room <= warning_margin or at_risk > room:
        status = WARNING
    else:
        status = OK
    return WindowFigures(
        window=window,
        days=days,
        events=events,
        orders=orders,
        rate=rate(events, orders),
        threshold=threshold,
        headroom=room,
        status=status,
        by_kind=dict(by_kind or {}),
        warning_margin=warning_margin,
        at_risk=at_risk,
        higher_is_worse=higher_is_worse,
        count_floor=count_floor,
        min_orders=min_orders,
        applies=applies,
    )


def rejudge(
    figures: WindowFigures, events: int, orders: int, by_kind: dict[str, int], at_risk: int
) -> WindowFigures:
    """The same window with other counts, judged by the same threshold and margin."""
    return window_figures(
        figures.window,
        figures.days,
        events,
        orders,
        figures.threshold,
        figures.warning_margin,
        at_risk,
        by_kind,
        figures.higher_is_worse,
        figures.count_floor,
        figures.min_orders,
    )


def what_if(figures: WindowFigures, extra_events: int) -> WindowFigures:
    """ "If these N at-risk situations each become one event": the window with N more events.

    Those situations are then spent, so they no longer count as at risk."""
    by_kind = dict(figures.by_kind)
    if extra_events:
        by_kind["what_if"] = by_kind.get("what_if", 0) + extra_events
    at_risk = max(0, figures.at_risk - extra_events)
    return rejudge(figures, figures.events + extra_events, figures.orders, by_kind, at_risk)


def aged(
    figures: WindowFigures, events_out: int, orders_out: int, kinds_out: dict[str, int]
) -> WindowFigures:
    """The window after some of today's events and orders have aged out of it (no new ones)."""
    by_kind = {kind: n - kinds_out.get(kind, 0) for kind, n in figures.by_kind.items()}
    by_kind = {kind: n for kind, n in by_kind.items() if n}
    return rejudge(figures, figures.events - events_out, figures.orders - orders_out, by_kind, 0)


def few_orders(figures: WindowFigures) -> bool:
    return figures.orders < FEW_ORDERS


def one_event_step(figures: WindowFigures) -> float | None:
    """How far one more event moves the rate (1/orders), None when there are no orders."""
    return 1 / figures.orders if figures.orders else None


def streak_days(last_at: int | None, now: int) -> int | None:
    """Whole days since the last event of a kind; None when there never was one."""
    if last_at is None:
        return None
    return max(0, now - last_at) // DAY
