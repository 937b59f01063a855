"""Deciding what to notify: one notification per cause (an order turning late, a window turning
over, …), never repeated, remembered across restarts; and a morning summary once a day."""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass

from PySide6.QtCore import QCoreApplication, QObject, QSettings, Signal, SignalInstance, Slot

from seller_assistant.core.clock import from_epoch, humanize_delta
from seller_assistant.core.errors import UserError
from seller_assistant.store import raised_alerts
from seller_assistant.ui.context import AppContext
from seller_assistant.ui.gauge import bad_words, headroom_words, window_name
from seller_assistant.ui.i18n import choose_language, fill
from seller_assistant.ui.rate_chart import format_rate
from seller_assistant.ui.risk_reports import RiskReports

# More new causes of one kind at once than this (the first start on a busy shop): one grouped
# notification naming them, not a flood of balloons.
GROUP_ABOVE = 3


# -- the pure part: causes and what is new ------------------------------------------------------


@dataclass(frozen=True)
class Cause:
    key: str  # stable across runs: "late:123", "window:help_rate:7d:over"
    kind: str  # late | due_soon | work_order_overdue | work_order_due_soon | promise_overdue |
    #            promise_due_soon | window_warning | window_over
    order_no: str = ""
    seconds_left: int | None = None
    detail: str = ""
    figures: object = None  # WindowFigures for window causes


def causes(report, lang: str = "en") -> list[Cause]:
    """Every notifiable situation in a report, most urgent kinds first. A window cause's detail is
    its metric's name, empty for the platform help rate."""
    found: list[Cause] = []
    for risk in report.ship_late:
        found.append(Cause(f"late:{risk.order_id}", "late", risk.order_no, risk.seconds_left))
    for wo in report.work_orders_overdue:
        found.append(
            Cause(
                f"work_order_overdue:{wo.work_order_id}", "work_order_overdue", wo.order_no, wo.seconds_left
            )
        )
    for risk in report.commitments_overdue:
        found.append(
            Cause(
                f"promise_overdue:{risk.order_id}:{risk.deadline}",
                "promise_overdue",
                risk.order_no,
                risk.seconds_left,
                risk.detail,
            )
        )
    for metric_id, windows in report.metrics.items():
        for name, figures in windows.items():
            if figures.status in ("warning", "over"):
                metric = report.profile.metric(metric_id)
                found.append(
                    Cause(
                        f"window:{metric_id}:{name}:{figures.status}",
                        f"window_{figures.status}",
                        detail="" if metric.help_rate else metric.name(lang),
                        figures=figures,
                    )
                )
    for risk in report.ship_due_soon:
        found.append(Cause(f"due_soon:{risk.order_id}", "due_soon", risk.order_no, risk.seconds_left))
    for wo in report.work_orders_due_soon:
        found.append(
            Cause(
                f"work_order_due_soon:{wo.work_order_id}", "work_order_due_soon", wo.order_no, wo.seconds_left
            )
        )
    for risk in report.commitments_due_soon:
        found.append(
            Cause(
                f"promise_due_soon:{risk.order_id}:{risk.deadline}",
                "promise_due_soon",
                risk.order_no,
                risk.seconds_left,
                risk.detail,
            )
        )
    return found


def new_causes(current: list[Cause], announced: set[str]) -> list[Cause]:
    return [cause for cause in current if cause.key not in announced]


def group_by_kind(fresh: list[Cause]) -> list[list[Cause]]:
    """Causes to announce one by one, or as one group when a kind has more than GROUP_ABOVE."""
    kinds: dict[str, list[Cause]] = {}
    for cause in fresh:
        kinds.setdefault(cause.kind, []).append(cause)
    batches: list[list[Cause]] = []
    for same_kind in kinds.values():
        if len(same_kind) > GROUP_ABOVE:
            batches.append(same_kind)
        else:
            batches.extend([cause] for cause in same_kind)
    return batches


def summary_day_due(now: int, tz, hour: int, last_day: str) -> str | None:
    """Today's local date when the morning summary is due (past the hour, not yet given today)."""
    local = from_epoch(now, tz)
    today = local.date().isoformat()
    if local.hour >= hour and today != last_day:
        return today
    return None


# -- the Qt part: wording, memory, the signal the tray shows -----------------------------------


def _tr(text: str) -> str:
    return QCoreApplication.translate("Notifier", text)


def describe(batch: list[Cause], lang: str) -> tuple[str, str]:
    """(title, text) for one cause, or for a group of causes of one kind."""
    cause = batch[0]
    if len(batch) > 1:
        numbers = ", ".join(c.order_no for c in batch[:5]) + (" …" if len(batch) > 5 else "")
        title = {
            "late": _tr("{count} orders are late to ship"),
            "due_soon": _tr("{count} orders are due to ship soon"),
            "work_order_overdue": _tr("{count} urges are past their answer deadline"),
            "work_order_due_soon": _tr("{count} urges must be answered soon"),
            "promise_overdue": _tr("{count} promises to buyers were missed"),
            "promise_due_soon": _tr("{count} promises to buyers are due soon"),
        }.get(cause.kind, _tr("{count} new risks"))
        return fill(title, count=len(batch)), fill(_tr("Orders: {orders}"), orders=numbers)
    left = humanize_delta(max(0, cause.seconds_left or 0), lang)
    if cause.kind in ("window_warning", "window_over"):
        figures = cause.figures
        if cause.detail:  # another marketplace's metric, named
            title = fill(
                _tr("{metric}: over the limit")
                if cause.kind == "window_over"
                else _tr("{metric}: close to the limit"),
                metric=cause.detail,
            )
        else:
            title = (
                _tr("Help rate over the threshold")
                if cause.kind == "window_over"
                else _tr("Help rate warning")
            )
        return title, _window_line(figures, help_rate=not cause.detail)
    wording = {
        "late": (
            _tr("Order late to ship"),
            _tr("Order {order} is past its ship deadline: ship it now, or contact the buyer first."),
        ),
        "due_soon": (_tr("Order due to ship soon"), _tr("Order {order} must ship within {left}.")),
        "work_order_overdue": (
            _tr("Urge past its deadline"),
            _tr("The urge on order {order} is past its answer deadline."),
        ),
        "work_order_due_soon": (
            _tr("Urge to answer"),
            _tr("Answer the urge on order {order} within {left}."),
        ),
        "promise_overdue": (
            _tr("Promise to a buyer missed"),
            _tr("Order {order}: the promise \u201c{promise}\u201d is past due; tell the buyer now."),
        ),
        "promise_due_soon": (
            _tr("Promise due soon"),
            _tr("Order {order}: the promise \u201c{promise}\u201d is due within {left}."),
        ),
    }
    title, text = wording[cause.kind]
    return title, fill(text, order=cause.order_no, left=left, promise=cause.detail)


def _window_line(figures, help_rate: bool, bad: tuple[str, str] | None = None) -> str:
    return fill(
        _tr("{window}: {rate} — {headroom}"),
        window=window_name(figures.days),
        rate=format_rate(figures.rate),
        headroom=headroom_words(figures, help_rate, bad),
    )


class Notifier(QObject):
    """Watches the risk report as time passes and data changes; emits `notification(title, text)`
    once per cause. The tray shows it; without a tray (tests, some desktops) the signal still fires."""

    notification = Signal(str, str)
    checked = Signal()  # a report was compared (tests wait on it)

    def __init__(
        self, ctx: AppContext, parent: QObject | None = None, relay: SignalInstance | None = None
    ) -> None:
        super().__init__(parent)
        self.ctx = ctx
        if relay is not None:  # before watching: a report already computed is considered right here
            self.notification.connect(relay)
        self._scope = "notifier/" + hashlib.sha1(f"{ctx.db_path}|{ctx.shop_id}".encode()).hexdigest()[:16]
        self.announced: set[str] = set(self._load("announced", []))
        self.last_summary_day: str = self._load("summary_day", "")
        self.report = None
        # The window's shop's report, shared with Today (ui/risk_reports.py): computed once a minute.
        self.reports = RiskReports.of(ctx)
        self.loader = self.reports.loader(ctx.shop_id)
        self.reports.watch(self, lambda: ctx.shop_id, self.consider)

    # -- memory across restarts --------------------------------------------------------------

    def _load(self, name: str, default):
        raw = QSettings().value(f"{self._scope}/{name}")
        if not isinstance(raw, str):
            return default
        try:
            return json.loads(raw)
        except ValueError:
            return default

    def _save(self) -> None:
        state = QSettings()
        state.setValue(f"{self._scope}/announced", json.dumps(sorted(self.announced)))
        state.setValue(f"{self._scope}/summary_day", json.dumps(self.last_summary_day))

    # -- comparing ---------------------------------------------------------------------------

    @Slot(object)
    def consider(self, report) -> None:
        self.report = report
        lang = choose_language(self.ctx.settings.language)
        current = causes(report, lang)
        fresh = new_causes(current, self.announced)
        keys = {cause.key for cause in current}
        settings = self.ctx.settings
        day = summary_day_due(report.now, settings.tz(), settings.morning_summary_hour, self.last_summary_day)
        ours = self._claim_across_desks(
            [cause.key for cause in fresh] + ([f"summary:{day}"] if day else []),
            self.announced - keys,
            report.now,
        )
        for batch in group_by_kind([cause for cause in fresh if cause.key in ours]):
            self.notification.emit(*describe(batch, lang))
        # Forget causes that ended (shipped, answered, window back to ok): a window that turns
        # warning again later is a new cause; an order never turns late twice.
        self.announced = keys
        if day is not None:
            self.last_summary_day = day
            if f"summary:{day}" in ours:
                self.notification.emit(_tr("Good morning: today's risks"), self.summary_text(report))
        self._save()
        self.checked.emit()

    def _claim_across_desks(self, new_keys: list[str], ended_keys: set[str], now: int) -> set[str]:
        """The new causes this window raises. On a shared store every desk computes the same causes:
        the one that records a cause first raises it (store/raised_alerts.py), and a desk that saw a
        cause end lets it be raised again later. Alone on its store (SQLite): all of them."""
        store = self.ctx.store
        if not store.shared or self.ctx.read_only:
            return set(new_keys)
        try:
            raised_alerts.forget(store, self.ctx.shop_id, ended_keys)
            return raised_alerts.claim(store, self.ctx.shop_id, new_keys, now)
        except UserError:
            return set()  # the server is away: the desks that reach it raise the alert

    def summary_text(self, report) -> str:
        parts = [
            fill(
                _tr("{late} late, {due_soon} due to ship soon, {urges} urges to answer."),
                late=len(report.ship_late),
                due_soon=len(report.ship_due_soon),
                urges=report.work_orders_open,
            )
        ]
        windows = report.help_rate or report.metrics.get(report.primary_metric, {})
        bad = None
        if not report.help_rate and report.primary_metric:
            bad = bad_words(
                report.profile.metric(report.primary_metric), choose_language(self.ctx.settings.language)
            )
        for figures in windows.values():
            parts.append(_window_line(figures, help_rate=bool(report.help_rate), bad=bad))
        return "\n".join(parts)
