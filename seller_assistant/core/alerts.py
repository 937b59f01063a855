"""The day's alerts from a risk report: concrete sentences in Chinese and English, most urgent first."""

from __future__ import annotations

from dataclasses import dataclass

from seller_assistant.core.clock import humanize_delta
from seller_assistant.core.helprate import OVER, UNKNOWN, WARNING, WindowFigures, few_orders, one_event_step
from seller_assistant.core.i18n import t
from seller_assistant.core.profiles import Metric
from seller_assistant.core.risk import SEVERITIES, Alert, OrderRisk, RiskReport, WorkOrderRisk

CRITICAL, WARN, INFO = SEVERITIES
# A shop with hundreds of late orders needs the most urgent few named and the rest counted: a
# sentence per order would bury the list (and cost most of the report's time on a big store).
ORDER_ALERTS_PER_KIND = 20


def percent(value: float | None) -> str:
    """0.015 -> '1.5%', 1/3 -> '33.33%'; None (events without orders) -> '—'."""
    if value is None:
        return "—"
    text = f"{value * 100:.2f}".rstrip("0").rstrip(".")
    return f"{text}%"


def _alert(
    severity: str,
    kind: str,
    key: str,
    *,
    order_no: str | None = None,
    order_id: int | None = None,
    seconds_left: int | None = None,
    metric_id: str | None = None,
    window: str | None = None,
    **values,
) -> Alert:
    def text(lang: str) -> str:
        filled = {k: (v(lang) if callable(v) else v) for k, v in values.items()}
        return t(f"risk.{key}", lang, order_no=order_no, **filled)

    return Alert(severity, kind, order_id, order_no, text, seconds_left, metric_id, window)


def _span(seconds: int):
    return lambda lang: humanize_delta(abs(seconds), lang)


def _capped(severity: str, kind: str, items: list, make) -> list[Alert]:
    """One alert per item for the most urgent ORDER_ALERTS_PER_KIND (the lists come sorted by
    deadline), then one alert counting the rest."""
    alerts = [make(item) for item in items[:ORDER_ALERTS_PER_KIND]]
    rest = len(items) - ORDER_ALERTS_PER_KIND
    if rest > 0:
        last = items[ORDER_ALERTS_PER_KIND - 1]
        alerts.append(
            _alert(
                severity, kind, f"more_{kind}", count=rest, seconds_left=getattr(last, "seconds_left", None)
            )
        )
    return alerts


def _order_alerts(severity: str, kind: str, items: list[OrderRisk]) -> list[Alert]:
    return _capped(
        severity,
        kind,
        items,
        lambda o: _alert(
            severity,
            kind,
            kind,
            order_no=o.order_no,
            order_id=o.order_id,
            seconds_left=o.seconds_left,
            span=_span(o.seconds_left or 0),
        ),
    )


def _work_order_alerts(severity: str, kind: str, items: list[WorkOrderRisk]) -> list[Alert]:
    return _capped(
        severity,
        kind,
        items,
        lambda w: _alert(
            severity,
            kind,
            kind,
            order_no=w.order_no,
            order_id=w.order_id,
            seconds_left=w.seconds_left,
            span=_span(w.seconds_left),
        ),
    )


def _metric_alerts(metric: Metric, figures: WindowFigures, first_window: bool = True) -> list[Alert]:
    common = dict(
        metric_id=metric.id,
        window=figures.window,
        metric=metric.name,
        days=figures.days,
        events=figures.events,
        orders=figures.orders,
        rate=percent(figures.rate),
        threshold=percent(figures.threshold),
        headroom=figures.headroom,
        at_risk=figures.at_risk,
    )
    alerts = []
    if figures.orders == 0 and figures.events == 0 and not metric.help_rate and figures.status != UNKNOWN:
        return alerts  # "no orders" is said once, by the few-orders alert, not as a rate
    low = "" if metric.higher_is_worse else "_low"
    if figures.status == OVER:
        key = "metric_over" + low if figures.rate is not None else "metric_over_no_orders"
        alerts.append(_alert(CRITICAL, "metric_over", key, **common))
    elif figures.status == WARNING:
        at_risk = figures.at_risk > (figures.headroom or 0) and metric.higher_is_worse
        key = "metric_warning_at_risk" if at_risk else "metric_warning" + low
        alerts.append(_alert(WARN, "metric_warning", key, **common))
    elif figures.status == UNKNOWN and first_window:
        key = "threshold_missing" if metric.help_rate else "limit_missing"
        alerts.append(_alert(INFO, "threshold_missing", key, **common))
    if (
        metric.top_rated is not None
        and figures.status != OVER
        and figures.rate is not None
        and figures.rate > metric.top_rated
    ):
        alerts.append(_alert(INFO, "top_rated", "top_rated", top=percent(metric.top_rated), **common))
    return alerts


def _few_orders_alert(metric: Metric, figures: WindowFigures) -> Alert | None:
    if not few_orders(figures):
        return None
    common = dict(
        metric_id=metric.id,
        window=figures.window,
        metric=metric.name,
        days=figures.days,
        orders=figures.orders,
        step=percent(one_event_step(figures)),
    )
    key = "few_orders" if figures.orders else "no_orders"
    return _alert(INFO, "few_orders", key, **common)


def _evidence_names(kinds: tuple[str, ...]):
    return lambda lang: ("、" if lang == "zh" else ", ").join(
        t(f"evidence.kind_{kind}", lang) for kind in kinds
    )


def _urgency(alert: Alert) -> tuple:
    # Severity first; then the soonest (most overdue) deadline; situations without a clock last.
    left = alert.seconds_left
    return (SEVERITIES.index(alert.severity), left is None, left if left is not None else 0)


def build_alerts(report: RiskReport) -> list[Alert]:
    """Every alert of the report, sorted by urgency (stable within equal urgency)."""
    alerts = (
        _order_alerts(CRITICAL, "ship_late", report.ship_late)
        + _work_order_alerts(CRITICAL, "work_order_overdue", report.work_orders_overdue)
        + _order_alerts(CRITICAL, "commitment_overdue", report.commitments_overdue)
        + _order_alerts(WARN, "ship_due_soon", report.ship_due_soon)
        + _work_order_alerts(WARN, "work_order_due_soon", report.work_orders_due_soon)
        + _order_alerts(WARN, "commitment_due_soon", report.commitments_due_soon)
        + _capped(
            WARN,
            "open_refund",
            report.open_refunds,
            lambda o: _alert(WARN, "open_refund", "open_refund", order_no=o.order_no, order_id=o.order_id),
        )
        + _capped(
            WARN,
            "logistics_exception",
            report.logistics_exceptions,
            lambda o: _alert(
                WARN, "logistics_exception", "logistics_exception", order_no=o.order_no, order_id=o.order_id
            ),
        )
        + _capped(
            INFO,
            "evidence_missing",
            report.evidence_gaps,
            lambda g: _alert(
                INFO,
                "evidence_missing",
                "evidence_missing",
                order_no=g.order_no,
                order_id=g.order_id,
                missing=_evidence_names(g.missing),
            ),
        )
        + (
            [_alert(INFO, "evidence_missing", "more_evidence_missing", count=report.evidence_unchecked)]
            if report.evidence_unchecked
            else []
        )
    )
    for metric in report.profile.metrics:
        windows = report.metrics.get(metric.id, {})
        for i, figures in enumerate(windows.values()):
            alerts += _metric_alerts(metric, figures, first_window=i == 0)
        shortest = min(windows.values(), key=lambda w: w.days, default=None)
        # The swing of few orders is said once, for the metric the shop watches first.
        if shortest is not None and metric.id == report.profile.primary_metric_id:
            few = _few_orders_alert(metric, shortest)
            if few is not None:
                alerts.append(few)
    return sorted(alerts, key=_urgency)


@dataclass(frozen=True)
class ShopsReport:
    """ "All shops": each shop's own report (its marketplace's rules and threshold), alerts merged."""

    now: int
    parts: list[tuple[str, RiskReport]]  # (shop name, its risk report)
    alerts: list[tuple[str, Alert]]  # (shop name, alert), most urgent first


def shops_report(parts: list[tuple[str, RiskReport]], now: int) -> ShopsReport:
    alerts = sorted(
        ((name, alert) for name, report in parts for alert in report.alerts),
        key=lambda pair: _urgency(pair[1]),
    )
    return ShopsReport(now, parts, alerts)
