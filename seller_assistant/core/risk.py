"""The daily risk report: what can go wrong today, as plain data, plus its JSON shape."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import NamedTuple

from seller_assistant.core.helprate import WindowFigures
from seller_assistant.core.level_words import missed_levels
from seller_assistant.core.metrics import LevelResult, ProjectedDay, value_json
from seller_assistant.core.profiles import Profile

__all__ = [
    "Alert",
    "LookaheadDay",
    "OrderRisk",
    "RiskReport",
    "TrendPoint",
    "WindowFigures",
    "WorkOrderRisk",
    "SEVERITIES",
]

SEVERITIES = ("critical", "warning", "info")


@dataclass(frozen=True)
class EvidenceGap:
    """An order in a refund or dispute whose evidence a platform reviewer would find incomplete."""

    order_id: int
    order_no: str
    missing: tuple[str, ...]  # kinds from core.completeness.KINDS


class OrderRisk(NamedTuple):
    """An order that could turn into a help event: late, nearly late, refund, logistics, a promise.

    A named tuple, not a frozen dataclass: as immutable, and built five times faster (a report at
    1 M orders lists over a thousand)."""

    order_id: int
    order_no: str
    buyer: str
    item_title: str
    deadline: int | None  # epoch seconds; None when the situation has no clock (an open refund)
    seconds_left: int | None  # negative: overdue
    detail: str = ""  # a commitment's text, a refund or logistics status


class WorkOrderRisk(NamedTuple):
    """An unanswered work order (a buyer's urge) near or past its answer deadline (a named tuple,
    as OrderRisk)."""

    work_order_id: int
    order_id: int
    order_no: str
    buyer: str
    due_at: int
    seconds_left: int  # negative: overdue


@dataclass(frozen=True)
class Alert:
    severity: str  # critical | warning | info
    kind: str  # ship_late, ship_due_soon, work_order_overdue, … (see core.alerts)
    order_id: int | None
    order_no: str | None
    # The sentence in a language ("zh" or "en"), written when first asked for: a report holds
    # a hundred alerts and most are shown in one language only, or not at all.
    text: Callable[[str], str] = field(repr=False, compare=False)
    # For sorting by urgency within a severity: sooner deadlines first; None sorts last.
    seconds_left: int | None = None
    metric_id: str | None = None
    window: str | None = None

    def message(self, lang: str) -> str:
        return self.text("zh" if lang.startswith("zh") else "en")

    @property
    def message_zh(self) -> str:
        return self.text("zh")

    @property
    def message_en(self) -> str:
        return self.text("en")


@dataclass(frozen=True)
class LookaheadDay:
    """The primary metric's windows on a coming day, as today's events and orders age out."""

    day_offset: int  # 1 = tomorrow at this time
    date: str  # the shop's local date, YYYY-MM-DD
    at: int  # the instant judged: now + day_offset days
    figures: dict[str, WindowFigures]  # window name -> figures


@dataclass(frozen=True)
class TrendPoint:
    """Both windows of a metric judged at `at` (one point per day for the Help rate chart).

    The *_7d fields hold the metric's shorter window and *_30d its longer one (7 and 30 days for the
    help rate; 10 and 30 for a late shipment rate); `windows` says which. A one-window metric has
    the same window in both."""

    day_start: int  # the shop's local midnight of the day holding `at`
    rate_7d: float | None
    rate_30d: float | None
    events_7d: int
    orders_7d: int
    events_30d: int
    orders_30d: int
    at: int = 0
    windows: tuple[int, int] = (7, 30)


@dataclass
class RiskReport:
    now: int
    profile: Profile
    lang: str = "zh"  # the language to_json writes messages in; the data itself has no language
    # The Taobao-style help rate, when the profile has one: window name ("7d", "30d") -> figures.
    help_rate: dict[str, WindowFigures] = field(default_factory=dict)
    # Every metric of the profile: metric id -> window name -> figures.
    metrics: dict[str, dict[str, WindowFigures]] = field(default_factory=dict)
    ship_late: list[OrderRisk] = field(default_factory=list)
    ship_due_soon: list[OrderRisk] = field(default_factory=list)
    work_orders_overdue: list[WorkOrderRisk] = field(default_factory=list)
    work_orders_due_soon: list[WorkOrderRisk] = field(default_factory=list)
    # Every unanswered urge, however far its deadline: the guidance is to answer each at once.
    work_orders_open: int = 0
    evidence_gaps: list[EvidenceGap] = field(default_factory=list)
    evidence_unchecked: int = 0  # orders in a refund or dispute beyond those checked one by one
    commitments_overdue: list[OrderRisk] = field(default_factory=list)
    commitments_due_soon: list[OrderRisk] = field(default_factory=list)
    open_refunds: list[OrderRisk] = field(default_factory=list)
    logistics_exceptions: list[OrderRisk] = field(default_factory=list)
    streaks: dict[str, int | None] = field(default_factory=dict)
    alerts: list[Alert] = field(default_factory=list)
    lookahead: list[LookaheadDay] = field(default_factory=list)
    lookahead_metric: str | None = None
    at_risk_count: int = 0
    shop_id: int | None = None
    shop_name: str = ""
    # Every metric's windows on the coming days if orders keep coming at the recent daily rate:
    # metric id -> window name -> days; and that rate (orders, shipments … a day) per metric.
    projections: dict[str, dict[str, list[ProjectedDay]]] = field(default_factory=dict)
    daily_rates: dict[str, float] = field(default_factory=dict)
    level: LevelResult | None = None

    @property
    def primary_metric(self) -> str | None:
        return self.profile.primary_metric_id

    def worst_status(self) -> str:
        """The worst status over every metric and window (over > warning > unknown > ok)."""
        order = {"over": 0, "warning": 1, "unknown": 2, "ok": 3}
        statuses = [w.status for windows in self.metrics.values() for w in windows.values()]
        return min(statuses, key=order.__getitem__, default="ok")

    def to_json(self, lang: str | None = None) -> dict:
        lang = lang or self.lang
        return {
            "now": self.now,
            "help_rate": {name: w.to_json() for name, w in self.help_rate.items()},
            "ship": {
                "late": [o.order_no for o in self.ship_late],
                "due_soon": [o.order_no for o in self.ship_due_soon],
            },
            "work_orders": {
                "overdue": [w.order_no for w in self.work_orders_overdue],
                "due_soon": [w.order_no for w in self.work_orders_due_soon],
            },
            "streaks": dict(self.streaks),
            "alerts": [self._alert_json(a, lang) for a in self.alerts],
            "metrics": {
                metric_id: {name: w.to_json() for name, w in windows.items()}
                for metric_id, windows in self.metrics.items()
            },
            "health": self.health_json(lang),
        }

    def _alert_json(self, alert: Alert, lang: str) -> dict:
        item = {
            "severity": alert.severity,
            "kind": alert.kind,
            "order_id": alert.order_no,
            "message": alert.message(lang),
        }
        if self.shop_name:
            item["shop"] = self.shop_name
        return item

    def health_json(self, lang: str) -> dict:
        """Every metric of the profile, each window with value, threshold, headroom and window; the
        projection at the recent daily rate; the seller level where the platform has levels."""
        values = []
        for metric in self.profile.metrics:
            for name, figures in self.metrics.get(metric.id, {}).items():
                item = value_json(metric, figures, lang)
                item["daily_rate"] = self.daily_rates.get(metric.id)
                item["projection"] = [
                    {
                        "day": day.day_offset,
                        "value": None if day.figures.orders == 0 else day.figures.rate,
                        "numerator": day.figures.events,
                        "denominator": day.figures.orders,
                        "headroom": day.figures.headroom,
                        "status": day.figures.status,
                    }
                    for day in self.projections.get(metric.id, {}).get(name, [])
                ]
                values.append(item)
        health = {
            "profile": self.profile.id,
            "name": self.profile.health_name(lang),
            "shop_id": self.shop_id,
            "shop": self.shop_name,
            "metrics": values,
            "not_computed": [{"name": n.name(lang), "why": n.why(lang)} for n in self.profile.not_computed],
        }
        if self.profile.levels:
            level = self.level.level if self.level else None
            health["level"] = {
                "id": level.id if level else None,
                "name": level.name(lang) if level else None,
                "missed": {k: list(v) for k, v in (self.level.failed if self.level else {}).items()},
                "missed_words": {
                    lv.id: reasons for lv, reasons in missed_levels(self.profile, self.level, lang) if reasons
                }
                if self.level
                else {},
                "volumes": {
                    k: {
                        "transactions": v.transactions,
                        "unknown_country": v.unknown_country,
                        "sales_cents": v.sales_cents,
                        "unknown_sales": v.unknown_sales,
                    }
                    for k, v in (self.level.volumes if self.level else {}).items()
                },
            }
        return health
