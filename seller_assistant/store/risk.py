"""The risk queries: window counts by day of age, open situations, streaks; the daily report and trend.

Counts come from SQL over the indexes (help_events_kind_at, orders_paid_window, orders_awaiting_ship,
work_orders_open): each metric counts rows by their age in whole days (store/metric_counts.py), and
every window, the look-ahead and the trend are sums over those day buckets.
"""

from __future__ import annotations

import json
from bisect import bisect_left
from collections import defaultdict
from datetime import datetime

from seller_assistant.core import helprate
from seller_assistant.core.alerts import ORDER_ALERTS_PER_KIND, build_alerts
from seller_assistant.core.clock import from_epoch
from seller_assistant.core.completeness import missing_evidence
from seller_assistant.core.errors import UserError
from seller_assistant.core.helprate import DAY, WindowFigures
from seller_assistant.core.metrics import (
    PROJECTION_DAYS,
    RECENT_DAYS,
    DayBuckets,
    project,
    seller_level,
    window_days,
)
from seller_assistant.core.profiles import Metric, Profile, profile_for_platform
from seller_assistant.core.risk import (
    EvidenceGap,
    LookaheadDay,
    OrderRisk,
    RiskReport,
    TrendPoint,
    WorkOrderRisk,
)
from seller_assistant.core.settings import ShopSettings
from seller_assistant.store import shops
from seller_assistant.store.bundle_data import open_dispute_orders
from seller_assistant.store.chats import evidence_facts
from seller_assistant.store.connection import Store, retried
from seller_assistant.store.metric_counts import level_volume, metric_buckets, transactions
from seller_assistant.store.metric_days import OrderDays

LOOKAHEAD_DAYS = 7
# Windows longer than this are counted from the per-day summary (store/metric_days.py).
SHORT_WINDOW_DAYS = 31
HOUR = 3600
# The settings key holding the shop's own limits, metric id -> fraction (they override the file's).
METRIC_THRESHOLDS_KEY = "metric_thresholds"

__all__ = ["DayBuckets", "metric_buckets", "risk_report", "daily_trend", "events_by_kind_and_reason"]


# --- open situations -------------------------------------------------------------------------


def _order_risk(row, now: int, detail: str = "") -> OrderRisk:
    order_id, order_no, buyer, title, deadline = row[:5]
    left = None if deadline is None else deadline - now
    return OrderRisk(order_id, order_no, buyer or "", title or "", deadline, left, detail)


def ship_risks(
    store: Store, shop_id: int, now: int, lead_seconds: int
) -> tuple[list[OrderRisk], list[OrderRisk]]:
    """Paid, unshipped orders past their promise (late) or within the lead (due soon), soonest first."""
    rows = store.conn.execute(
        "SELECT id, order_no, buyer, item_title, promised_ship_at FROM orders"
        " WHERE shop_id = ? AND shipped_at IS NULL AND status = 'paid' AND promised_ship_at <= ?"
        " ORDER BY promised_ship_at, id",
        (shop_id, now + lead_seconds),
    ).fetchall()
    # Built inline, not by _order_risk: at 1 M orders over a thousand rows, and the promise is never NULL.
    risks = [OrderRisk(i, no, buyer or "", title or "", at, at - now) for i, no, buyer, title, at in rows]
    late = bisect_left(risks, now, key=lambda risk: risk.deadline)  # sorted by promise: late ones first
    return risks[:late], risks[late:]


def work_order_risks(
    store: Store, shop_id: int, now: int, lead_seconds: int
) -> tuple[list[WorkOrderRisk], list[WorkOrderRisk]]:
    rows = store.conn.execute(
        "SELECT w.id, w.order_id, o.order_no, o.buyer, w.due_at FROM work_orders w"
        " JOIN orders o ON o.id = w.order_id"
        " WHERE w.shop_id = ? AND w.answered_at IS NULL AND w.due_at <= ? ORDER BY w.due_at, w.id",
        (shop_id, now + lead_seconds),
    ).fetchall()
    risks = [WorkOrderRisk(wid, oid, no, buyer or "", due, due - now) for wid, oid, no, buyer, due in rows]
    return [w for w in risks if w.due_at < now], [w for w in risks if w.due_at >= now]


def commitment_risks(
    store: Store, shop_id: int, now: int, lead_seconds: int
) -> tuple[list[OrderRisk], list[OrderRisk]]:
    rows = store.conn.execute(
        "SELECT o.id, o.order_no, o.buyer, o.item_title, c.due_at, c.text FROM commitments c"
        " JOIN orders o ON o.id = c.order_id"
        " WHERE c.shop_id = ? AND c.kept_at IS NULL AND c.due_at <= ? ORDER BY c.due_at, c.id",
        (shop_id, now + lead_seconds),
    ).fetchall()
    risks = [_order_risk(r, now, r[5] or "") for r in rows]
    return [c for c in risks if c.deadline < now], [c for c in risks if c.deadline >= now]


def open_issue_risks(store: Store, shop_id: int, now: int) -> tuple[list[OrderRisk], list[OrderRisk]]:
    """Open refund requests and logistics exceptions on orders still in play, oldest payment first."""
    rows = store.conn.execute(
        "SELECT id, order_no, buyer, item_title, NULL, refund_status, logistics_status, status FROM orders"
        " WHERE shop_id = ? AND (refund_status = 'requested' OR logistics_status = 'exception')"
        " AND status NOT IN ('refunded', 'closed') ORDER BY paid_at, id",
        (shop_id,),
    ).fetchall()
    refunds = [_order_risk(r, now, "refund_requested") for r in rows if r[5] == "requested"]
    logistics = [
        _order_risk(r, now, "logistics_exception")
        for r in rows
        if r[6] == "exception" and r[7] != "completed"
    ]
    return refunds, logistics


def last_event_times(store: Store, shop_id: int, now: int, kinds: tuple[str, ...]) -> dict[str, int | None]:
    """The latest event of each kind at or before `now`: one seek of help_events_kind_at per kind,
    where a grouped pass walked every event of the shop's history."""
    sql = "SELECT at FROM help_events WHERE shop_id = ? AND kind = ? AND at <= ? ORDER BY at DESC LIMIT 1"
    found = {kind: store.conn.execute(sql, (shop_id, kind, now)).fetchone() for kind in kinds}
    return {kind: row[0] if row else None for kind, row in found.items()}


# --- the report ------------------------------------------------------------------------------


def metric_threshold(
    metric: Metric,
    profile: Profile,
    settings: ShopSettings,
    override: float | None,
    own: dict[str, float] | None = None,
) -> float | None:
    """--threshold wins for the help rate (else the profile's main metric); then the shop's own limit
    for this metric; then, for the help rate, the category-average setting; then the file's."""
    main = profile.help_rate_metric or profile.metric(profile.primary_metric_id)
    if override is not None and metric.id == main.id:
        return override
    if own and metric.id in own:
        return own[metric.id]
    if metric.help_rate and settings.help_rate_threshold is not None:
        return settings.help_rate_threshold
    return metric.threshold


def shop_thresholds(store: Store, shop_id: int) -> dict[str, float]:
    """The shop's own limits, metric id -> fraction; a bad stored value is ignored, not fatal."""
    row = store.conn.execute(
        "SELECT value FROM settings WHERE shop_id = ? AND key = ?", (shop_id, METRIC_THRESHOLDS_KEY)
    ).fetchone()
    try:
        values = json.loads(row[0]) if row else {}
    except ValueError:
        return {}
    if not isinstance(values, dict):
        return {}
    return {
        k: float(v)
        for k, v in values.items()
        if isinstance(v, int | float) and not isinstance(v, bool) and 0 < v < 1
    }


@retried
def set_shop_threshold(
    store: Store, shop_id: int, profile: Profile, metric_id: str, value: float | None
) -> None:
    """Set (or with None clear) the shop's own limit for one metric of its profile."""
    try:
        profile.metric(metric_id)
    except KeyError:
        ids = ", ".join(m.id for m in profile.metrics)
        raise UserError(
            "'{metric_id}' is not a metric of the {name_en} profile (use one of: {ids}).",
            metric_id=metric_id,
            name_en=profile.name_en,
            ids=ids,
        ) from None
    if value is not None and not 0 < value < 1:
        raise UserError("A limit must be a fraction between 0 and 1 (1 % is 0.01), not {value}.", value=value)
    values = shop_thresholds(store, shop_id)
    if value is None:
        values.pop(metric_id, None)
    else:
        values[metric_id] = value
    with store.write() as db:
        db.execute(
            "INSERT INTO settings (shop_id, key, value) VALUES (?, ?, ?)"
            " ON CONFLICT (shop_id, key) DO UPDATE SET value = excluded.value",
            (shop_id, METRIC_THRESHOLDS_KEY, json.dumps(values)),
        )


def risk_report(store: Store, shop_id: int, now: int, threshold: float | None = None) -> RiskReport:
    """Everything that can go wrong today. Only reads: what time has made true (urges timed out,
    tracking checked) is recorded beforehand by store/upkeep.py's scheduled job."""
    if threshold is not None and not 0 < threshold < 1:
        raise UserError(
            "The threshold must be a fraction between 0 and 1 (1.5 % is 0.015), not {threshold}.",
            threshold=threshold,
        )
    settings = shops.load_settings(store, shop_id)
    profile = profile_for_platform(settings.platform)
    report = RiskReport(
        now=now, profile=profile, lang=settings.report_language(), shop_id=shop_id, shop_name=settings.name
    )

    report.ship_late, report.ship_due_soon = ship_risks(
        store, shop_id, now, _hours(settings.due_soon_lead_hours)
    )
    report.work_orders_overdue, report.work_orders_due_soon = work_order_risks(
        store, shop_id, now, _hours(settings.work_order_lead_hours)
    )
    report.work_orders_open = store.conn.execute(
        "SELECT count(*) FROM work_orders WHERE shop_id = ? AND answered_at IS NULL AND due_at >= ?",
        (shop_id, now),
    ).fetchone()[0] + len(report.work_orders_overdue)
    report.commitments_overdue, report.commitments_due_soon = commitment_risks(
        store, shop_id, now, _hours(settings.commitment_lead_hours)
    )
    report.open_refunds, report.logistics_exceptions = open_issue_risks(store, shop_id, now)
    # Overdue work orders have already become ticket_timeout events; only the ones still
    # answerable in time could spend headroom.
    report.at_risk_count = (
        len(report.ship_late)
        + len(report.ship_due_soon)
        + len(report.work_orders_due_soon)
        + len(report.open_refunds)
        + len(report.logistics_exceptions)
    )

    own = shop_thresholds(store, shop_id)
    judged: dict[str, WindowFigures] = {}
    summary = OrderDays(store, shop_id, now)
    for metric in profile.metrics:
        look_back = metric.volume_window.look_back_days if metric.volume_window else None
        days = window_days(
            metric, transactions(store, shop_id, now, look_back, summary) if look_back else None
        )
        # A month or less is cheaper counted day by day from the window indexes than from the
        # summary, whose partial days at each edge of the look-ahead then outweigh the window.
        summed = summary if max(days) > SHORT_WINDOW_DAYS else None
        buckets = metric_buckets(
            store, shop_id, metric, now, max(*days, RECENT_DAYS), summed, _window_edges(days)
        )
        limit = metric_threshold(metric, profile, settings, threshold, own)
        windows: dict[str, WindowFigures] = {}
        for window in days:
            events, orders, by_kind = buckets.window(window)
            windows[f"{window}d"] = helprate.window_figures(
                f"{window}d",
                window,
                events,
                orders,
                limit,
                settings.warning_margin,
                report.at_risk_count,
                by_kind,
                metric.higher_is_worse,
                metric.count_floor,
                metric.min_orders,
            )
        report.metrics[metric.id] = windows
        report.projections[metric.id] = {name: project(w, buckets, metric) for name, w in windows.items()}
        report.daily_rates[metric.id] = buckets.daily_rate()
        judged[metric.id] = windows[f"{max(days)}d"]
        if metric.help_rate:
            report.help_rate = windows
        if metric.id == profile.primary_metric_id:
            report.lookahead = _lookahead(windows, buckets, now, settings)
            report.lookahead_metric = metric.id
    if profile.levels:
        volumes = {
            level.id: level_volume(store, shop_id, now, level, summary)
            for level in profile.levels
            if level.min_transactions or level.min_sales_cents
        }
        report.level = seller_level(profile, judged, volumes)

    report.evidence_gaps, report.evidence_unchecked = evidence_gaps(store, shop_id, now, report.open_refunds)
    last = last_event_times(store, shop_id, now, profile.streak_kinds)
    report.streaks = {kind: helprate.streak_days(at, now) for kind, at in last.items()}
    report.alerts = build_alerts(report)
    return report


def evidence_gaps(
    store: Store, shop_id: int, now: int, open_refunds: list[OrderRisk]
) -> tuple[list[EvidenceGap], int]:
    """Orders in a refund or an open dispute whose evidence a reviewer would find incomplete: the
    first ORDER_ALERTS_PER_KIND found (the alerts name them), and how many candidates after them
    were left unchecked (checking hundreds would cost the report its speed)."""
    candidates = {o.order_id: o.order_no for o in open_refunds}
    for order in open_dispute_orders(store, shop_id, now):
        candidates.setdefault(order["id"], order["order_no"])
    pending = list(candidates.items())
    gaps: list[EvidenceGap] = []
    checked = 0
    while checked < len(pending) and len(gaps) < ORDER_ALERTS_PER_KIND:
        # Read as many as could still be named, all at once: most candidates miss something.
        batch = pending[checked : checked + ORDER_ALERTS_PER_KIND - len(gaps)]
        facts = evidence_facts(store, [order_id for order_id, _ in batch])
        for order_id, order_no in batch:
            missing = missing_evidence(facts[order_id])
            if missing:
                gaps.append(EvidenceGap(order_id, order_no, tuple(missing)))
        checked += len(batch)
    return gaps, len(pending) - checked


def _window_edges(days: tuple[int, ...]) -> set[int]:
    """Every age at which the report cuts its day buckets: each window today and on each coming day
    of the look-ahead and projection (a window of N days in d days ends N − d days back), and the
    recent days of the daily rate. The per-day summary is exact at these edges."""
    ahead = max(LOOKAHEAD_DAYS, PROJECTION_DAYS)
    return {RECENT_DAYS, *(n - d for n in days for d in range(ahead + 1) if n - d > 0)}


def _hours(hours: float) -> int:
    return int(round(hours * HOUR))


def _lookahead(
    windows: dict[str, WindowFigures], buckets: DayBuckets, now: int, settings
) -> list[LookaheadDay]:
    tz = settings.tz()
    days = []
    for offset in range(1, LOOKAHEAD_DAYS + 1):
        figures = {}
        for name, today in windows.items():
            events, orders, by_kind = buckets.window(today.days, shift=offset)
            figures[name] = helprate.aged(
                today,
                today.events - events,
                today.orders - orders,
                {k: n - by_kind.get(k, 0) for k, n in today.by_kind.items()},
            )
        at = now + offset * DAY
        days.append(LookaheadDay(offset, from_epoch(at, tz).date().isoformat(), at, figures))
    return days


# --- the Help rate page ----------------------------------------------------------------------


def daily_trend(
    store: Store, shop_id: int, now: int, days: int = 90, metric_id: str | None = None
) -> list[TrendPoint]:
    """Both windows of a metric (default: the help rate, else the profile's first) judged once a day,
    oldest first, the last one at `now`.

    One pass over day buckets of the last `days` + the longer window; point j is judged at now − j days."""
    settings = shops.load_settings(store, shop_id)
    profile = profile_for_platform(settings.platform)
    metric = profile.metric(metric_id or profile.primary_metric_id)
    look_back = metric.volume_window.look_back_days if metric.volume_window else None
    judged = window_days(metric, transactions(store, shop_id, now, look_back) if look_back else None)
    short, long = min(judged), max(judged)
    buckets = metric_buckets(store, shop_id, metric, now, days + long)
    tz = settings.tz()
    points = []
    for j in range(days - 1, -1, -1):
        events_7, orders_7, _ = buckets.window(short, shift=-j)
        events_30, orders_30, _ = buckets.window(long, shift=-j)
        at = now - j * DAY
        local = from_epoch(at, tz)
        midnight = datetime(local.year, local.month, local.day, tzinfo=tz)
        points.append(
            TrendPoint(
                day_start=int(midnight.timestamp()),
                rate_7d=_trend_rate(metric, events_7, orders_7),
                rate_30d=_trend_rate(metric, events_30, orders_30),
                events_7d=events_7,
                orders_7d=orders_7,
                events_30d=events_30,
                orders_30d=orders_30,
                at=at,
                windows=(short, long),
            )
        )
    return points


def _trend_rate(metric: Metric, events: int, orders: int) -> float | None:
    """The help rate of an empty window is 0 % (as today); a rate that must stay high (on-time
    replies) has no value without anything to divide, and the chart leaves a gap, not a 0 %."""
    if orders == 0 and not metric.higher_is_worse:
        return None
    return helprate.rate(events, orders)


def events_by_kind_and_reason(store: Store, shop_id: int, now: int, days: int) -> dict:
    """Help events in (now − days, now]: totals by kind, by reason, and by kind then reason.

    A missing reason counts as "unspecified"."""
    rows = store.conn.execute(
        "SELECT kind, coalesce(reason, 'unspecified'), count(*) FROM help_events"
        " WHERE shop_id = ? AND at > ? AND at <= ? GROUP BY 1, 2 ORDER BY 3 DESC, 1, 2",
        (shop_id, now - days * DAY, now),
    ).fetchall()
    by_kind: dict[str, int] = defaultdict(int)
    by_reason: dict[str, int] = defaultdict(int)
    nested: dict[str, dict[str, int]] = defaultdict(dict)
    for kind, reason, n in rows:
        by_kind[kind] += n
        by_reason[reason] += n
        nested[kind][reason] = n
    return {
        "days": days,
        "total": sum(by_kind.values()),
        "by_kind": dict(by_kind),
        "by_reason": dict(by_reason),
        "by_kind_and_reason": {kind: dict(reasons) for kind, reasons in nested.items()},
    }
