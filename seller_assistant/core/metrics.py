"""Any marketplace's health metrics from day buckets: the window (volume-dependent), the projection at
the shop's recent daily rate, seller levels, and the JSON every metric is reported in."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from seller_assistant.core import helprate
from seller_assistant.core.helprate import WindowFigures
from seller_assistant.core.profiles import Level, Metric, Profile

# The look-ahead's daily rate is the denominator's average over this many recent days.
RECENT_DAYS = 14
PROJECTION_DAYS = 7


class DayBuckets:
    """Counts by age in whole days at `now`: bucket k holds times in (now − (k+1) days, now − k days].

    A window of N days at now + d days (no new rows) is the sum of buckets k < N − d. When the
    numerator counts orders with several kinds (an order with feedback and a claim), `totals` holds
    the orders by bucket and `numerator` the kinds, which may then add up to more."""

    def __init__(
        self,
        numerator: dict[tuple[str, int], int],
        denominator: dict[int, int],
        totals: dict[int, int] | None = None,
    ) -> None:
        self.numerator = numerator  # (kind, k) -> n
        self.denominator = denominator  # k -> n
        self.totals = totals
        # The report asks each look-ahead day's window twice (the look-ahead, then the projection).
        self._sums: dict[tuple[int, int], tuple[int, int, dict[str, int]]] = {}

    def window(self, days: int, shift: int = 0) -> tuple[int, int, dict[str, int]]:
        """(events, orders, by kind) of the `days` window judged `shift` days from now (back if negative)."""
        lo, hi = max(0, -shift), days - shift  # buckets [lo, hi)
        if (lo, hi) not in self._sums:
            self._sums[(lo, hi)] = self._summed(lo, hi)
        events, orders, by_kind = self._sums[(lo, hi)]
        return events, orders, dict(by_kind)

    def _summed(self, lo: int, hi: int) -> tuple[int, int, dict[str, int]]:
        by_kind: dict[str, int] = defaultdict(int)
        for (kind, k), n in self.numerator.items():
            if lo <= k < hi:
                by_kind[kind] += n
        orders = sum(n for k, n in self.denominator.items() if lo <= k < hi)
        if self.totals is None:
            events = sum(by_kind.values())
        else:
            events = sum(n for k, n in self.totals.items() if lo <= k < hi)
        return events, orders, dict(by_kind)

    def daily_rate(self, days: int = RECENT_DAYS) -> float:
        """The denominator's average per day over the last `days` days (orders, shipments …)."""
        return sum(n for k, n in self.denominator.items() if 0 <= k < days) / days


def window_days(metric: Metric, transactions_in_look_back: int | None) -> tuple[int, ...]:
    """The windows judged now: eBay's is 3 months at 400 transactions in them, else 12 months."""
    volume = metric.volume_window
    if volume is None:
        return metric.windows
    if transactions_in_look_back is not None and transactions_in_look_back >= volume.min_transactions:
        return (volume.days_if_at_least,)
    return (volume.days_otherwise,)


def judge(
    metric: Metric, buckets: DayBuckets, days: int, threshold: float | None, warning_margin: int, at_risk: int
) -> WindowFigures:
    events, orders, by_kind = buckets.window(days)
    return helprate.window_figures(
        f"{days}d",
        days,
        events,
        orders,
        threshold,
        warning_margin,
        at_risk,
        by_kind,
        metric.higher_is_worse,
        metric.count_floor,
        metric.min_orders,
    )


@dataclass(frozen=True)
class ProjectedDay:
    """A window on a coming day if orders keep coming at `daily_rate` and nothing new goes wrong."""

    day_offset: int
    figures: WindowFigures
    daily_rate: float


def project(
    today: WindowFigures,
    buckets: DayBuckets,
    metric: Metric,
    days_ahead: int = PROJECTION_DAYS,
    daily_rate: float | None = None,
) -> list[ProjectedDay]:
    """Today's events and orders age out day by day while new orders arrive at the recent daily
    rate; no new bad events (for a rate where higher is better, the new ones are good)."""
    rate = buckets.daily_rate() if daily_rate is None else daily_rate
    projected = []
    for offset in range(1, days_ahead + 1):
        events, orders, by_kind = buckets.window(today.days, shift=offset)
        new = int(round(rate * min(offset, today.days)))
        good = new if not metric.higher_is_worse else 0
        figures = helprate.rejudge(today, events + good, orders + new, by_kind, 0)
        projected.append(ProjectedDay(offset, figures, rate))
    return projected


def what_if(figures: WindowFigures, metric: Metric, extra: int) -> WindowFigures:
    """If `extra` open situations go wrong: for a shipment-based metric each is also a shipment."""
    if extra <= 0:
        return figures
    if metric.denominator in ("orders_shipped", "orders_delivered"):
        if metric.higher_is_worse:
            return helprate.rejudge(
                figures,
                figures.events + extra,
                figures.orders + extra,
                dict(figures.by_kind),
                max(0, figures.at_risk - extra),
            )
        return helprate.rejudge(
            figures,
            figures.events,
            figures.orders + extra,
            dict(figures.by_kind),
            max(0, figures.at_risk - extra),
        )
    if metric.unit == "orders":
        # The situations are orders of the shop already counted: each can become one defective order
        # at most, and never more of them than there are orders (no 150 % defect rate).
        extra = max(0, min(extra, figures.orders - figures.events))
    return helprate.what_if(figures, extra)


def daily_rate_text(rate: float) -> str:
    """9.0 -> '9', 8.57 -> '8.6': a daily rate the way a person says it."""
    return f"{rate:.1f}".rstrip("0").rstrip(".") if rate < 10 else str(round(rate))


# --- levels ----------------------------------------------------------------------------------


def _rule_holds(figures: WindowFigures, limit: float, count_floor: int | None, higher_is_worse: bool) -> bool:
    if higher_is_worse and count_floor is not None and figures.events <= count_floor:
        return True
    if figures.orders == 0:
        return figures.events == 0 if higher_is_worse else True
    return not helprate.is_over(figures.events, figures.orders, limit, higher_is_worse)


@dataclass(frozen=True)
class LevelResult:
    level: Level | None  # None: the profile has no levels
    # level id -> what kept the shop from it: metric ids, and "transactions" / "sales" (below the
    # floor) or "transactions_unknown" / "sales_unknown" (the exports did not say enough to tell).
    failed: dict[str, tuple[str, ...]]
    volumes: dict[str, LevelVolume] = field(default_factory=dict)  # by level id, levels with floors


@dataclass(frozen=True)
class LevelVolume:
    """A level's volume floors' figures over its min_transactions_days: transactions with buyers in
    its country (all, for a level without one), sales to them in its currency, and how many
    transactions could not be judged (no buyer country; no amount in that currency)."""

    transactions: int
    unknown_country: int = 0
    sales_cents: int = 0
    unknown_sales: int = 0


def volume_missing(level: Level, volume: LevelVolume) -> list[str]:
    """Which volume floors a level misses: eBay Top Rated needs 100 transactions AND $1,000 of
    sales with US buyers in 12 months. Never claimed on a guess: an order whose buyer country or
    currency the export left out could be either, so the floor is then unknown."""
    missing = []
    if level.min_transactions:
        if volume.transactions + volume.unknown_country < level.min_transactions:
            missing.append("transactions")
        elif volume.transactions < level.min_transactions:
            missing.append("transactions_unknown")
    if level.min_sales_cents:
        if volume.sales_cents >= level.min_sales_cents:
            pass
        elif volume.unknown_sales:
            missing.append("sales_unknown")
        else:
            missing.append("sales")
    return missing


def seller_level(
    profile: Profile, windows: dict[str, WindowFigures], volumes: dict[str, LevelVolume]
) -> LevelResult:
    """The first level whose rules all hold on each metric's judged window (its longest one) and
    whose volume floors are met (`volumes`: by level id, for levels with floors)."""
    failed: dict[str, tuple[str, ...]] = {}
    for level in profile.levels:
        missing = []
        for rule in level.rules:
            figures = windows.get(rule.metric)
            metric = profile.metric(rule.metric)
            if figures is None or not _rule_holds(
                figures, rule.limit, rule.count_floor, metric.higher_is_worse
            ):
                missing.append(rule.metric)
        if level.min_transactions or level.min_sales_cents:
            missing += volume_missing(level, volumes.get(level.id, LevelVolume(0)))
        if not missing:
            return LevelResult(level, failed, volumes)
        failed[level.id] = tuple(missing)
    return LevelResult(None, failed, volumes)


# --- JSON ------------------------------------------------------------------------------------


def value_json(metric: Metric, figures: WindowFigures, lang: str) -> dict:
    """One metric over one window as `risk --json` reports it."""
    return {
        "metric": metric.id,
        "name": metric.name(lang),
        "window": figures.window,
        "days": figures.days,
        "value": None if figures.orders == 0 else figures.rate,
        "threshold": figures.threshold,
        "higher_is_worse": metric.higher_is_worse,
        "headroom": figures.headroom,
        "status": "no_orders" if figures.orders == 0 and figures.events == 0 else figures.status,
        "applies": figures.applies,
        "numerator": figures.events,
        "denominator": figures.orders,
        "unit": metric.unit,
        "counts": metric.counts,
        "denominator_kind": metric.denominator,
        "dated_by": metric.dated_by,
        "count_floor": figures.count_floor,
        "min_orders": figures.min_orders,
        "by_kind": dict(figures.by_kind),
    }
