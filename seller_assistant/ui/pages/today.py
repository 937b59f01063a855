"""The Today page: the day's alerts by urgency with their actions, the help-rate gauges, streaks."""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer, Signal, Slot
from PySide6.QtWidgets import (
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QScrollArea,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from seller_assistant.core.alerts import ShopsReport
from seller_assistant.core.changes import Changes
from seller_assistant.core.clock import format_local, humanize_delta
from seller_assistant.core.errors import UserError
from seller_assistant.core.level_words import missed_lines
from seller_assistant.store import orders
from seller_assistant.ui import theme
from seller_assistant.ui.context import AppContext
from seller_assistant.ui.gauge import ShopsHealth, WindowGauge, bad_words, health_title, window_name
from seller_assistant.ui.i18n import choose_language, fill
from seller_assistant.ui.order_actions import ShipDialog
from seller_assistant.ui.risk_reports import RiskReports
from seller_assistant.ui.risk_words import kind_name
from seller_assistant.ui.shop_filter import ShopFilter
from seller_assistant.ui.widgets import heading, plain_label

# Enough rows to work through in a day; the rest wait on the Orders page, not in 2 000 widgets.
MAX_ALERT_ROWS = 60
# Rows made per turn of the event loop, the rest while the window stays responsive: sixty rows in
# one go held it for 50–150 ms on every refresh, and twelve a turn still 40–75 ms (each row ~2 ms
# of Python, its layout, style and first paint as much again in Qt).
ALERT_ROWS_PER_TURN = 4
SEVERITY_ROLES = {"critical": "late", "warning": "warning", "info": "info"}
SHIP_KINDS = ("ship_late", "ship_due_soon")


def row_key(shop: str, alert) -> tuple:
    """What makes a row the same row in the next report: whose order, which alert, with a time left
    or not (its buttons and layout follow from these)."""
    return (shop, alert.kind, alert.order_id, alert.metric_id, alert.window, alert.seconds_left is None)


class AlertRow(QFrame):
    """One alert: its severity, what it says, and the actions one click away."""

    def __init__(
        self, alert, lang: str, read_only: bool, parent: QWidget | None = None, shop: str = ""
    ) -> None:
        super().__init__(parent)
        self.alert = alert
        self.key = row_key(shop, alert)
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Maximum)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(8, 4, 8, 4)
        self.badge = QLabel()
        self.badge.setFixedWidth(64)
        layout.addWidget(self.badge)
        self.shop_label = None
        if shop:  # several shops: say whose order this is
            self.shop_label = plain_label(shop, word_wrap=False)
            self.shop_label.setObjectName("alert_shop")
            self.shop_label.setStyleSheet("font-weight: bold;")
            layout.addWidget(self.shop_label)
        self.message = plain_label()
        policy = self.message.sizePolicy()  # keep the word-wrap label's height-for-width flag
        policy.setHorizontalPolicy(QSizePolicy.Policy.Expanding)
        self.message.setSizePolicy(policy)
        layout.addWidget(self.message, 1)
        self.left = None
        if alert.seconds_left is not None:
            self.left = QLabel()
            self.left.setToolTip(self.tr("Time left before the deadline (negative: overdue)"))
            layout.addWidget(self.left)
        self.show_alert(alert, lang)
        self.open_button = self.reply_button = self.ship_button = None
        if alert.order_id is not None:
            self.open_button = QPushButton(self.tr("Open order"))
            self.reply_button = QPushButton(self.tr("Propose reply"))
            layout.addWidget(self.open_button)
            layout.addWidget(self.reply_button)
            if alert.kind in SHIP_KINDS:
                self.ship_button = QPushButton(self.tr("Ship…"))
                self.ship_button.setEnabled(not read_only)
                layout.addWidget(self.ship_button)

    def show_alert(self, alert, lang: str) -> None:
        """What the alert says now: its severity, its sentence, its time left. The row's key (whose
        order, which kind) and its buttons stay as they are."""
        self.alert = alert
        self.badge.setText(self._severity_name(alert.severity))
        theme.colour_text(self.badge, SEVERITY_ROLES.get(alert.severity, "unknown"), bold=True)
        self.message.setText(alert.message(lang))
        if self.left is not None:
            self.left.setText(humanize_delta(alert.seconds_left, lang))

    def _severity_name(self, severity: str) -> str:
        return {"critical": self.tr("Critical"), "warning": self.tr("Warning"), "info": self.tr("Info")}.get(
            severity, severity
        )


class TodayPage(QWidget):
    # The last report is on the page with all its rows, or could not be made (its words shown).
    settled = Signal()

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.report = None
        self.alert_rows: list[AlertRow] = []
        self._alert_queue: list[tuple[str, object]] = []
        self._alerts_hidden = 0
        self._more: QLabel | None = None  # "… and N more", when some alerts are left out
        # A zero-interval timer, not a chain of singleShot(0): Qt delivers posted calls posted while
        # it delivers, so a chain ran several batches in one turn with no paint or input between.
        self._rows_timer = QTimer(self, interval=0)
        self._rows_timer.timeout.connect(self._add_alert_rows)

        top = QHBoxLayout()
        top.addWidget(heading(self.tr("Today")))
        top.addStretch(1)
        # Several shops: all of them (the default) or one; hidden while the store has one shop.
        self.shop_filter = ShopFilter(ctx)
        top.addWidget(self.shop_filter)
        self.when = QLabel()
        top.addWidget(self.when)

        self.gauges_row = QHBoxLayout()
        self.gauges: list[WindowGauge] = []
        self.summary = self._build_summary()
        self.gauges_row.addWidget(self.summary, 1)

        self.alerts_box = QWidget()
        self.alerts_layout = QVBoxLayout(self.alerts_box)
        self.alerts_layout.setContentsMargins(0, 0, 0, 0)
        self.alerts_layout.setSpacing(4)
        self.alerts_layout.addStretch(1)
        self.scroll = QScrollArea()
        self.scroll.setWidgetResizable(True)
        self.scroll.setWidget(self.alerts_box)
        self.scroll.setFrameShape(QFrame.Shape.NoFrame)
        self.state = plain_label(self.tr("Working out today's risks…"))

        layout = QVBoxLayout(self)
        layout.addLayout(top)
        self.health_title = QLabel(objectName="health_title")
        layout.addWidget(self.health_title)
        layout.addLayout(self.gauges_row)
        # What the platform judges that the app cannot compute (JD's 风向标, Douyin's score itself):
        # said in words, never left out or shown as 0.
        self.not_computed_note = plain_label()
        self.not_computed_note.setObjectName("not_computed_note")
        self.not_computed_note.hide()
        layout.addWidget(self.not_computed_note)
        alerts_title = QLabel(self.tr("What needs you today, most urgent first"))
        bold = alerts_title.font()
        bold.setBold(True)
        alerts_title.setFont(bold)
        layout.addWidget(alerts_title)
        layout.addWidget(self.state)
        layout.addWidget(self.scroll, 1)

        self.per_shop_note = plain_label(
            self.tr(
                "Help rates are counted per shop, each against its own marketplace's rules: choose a shop "
                "above to see its gauges."
            )
        )
        self.per_shop_note.hide()
        self.gauges_row.addWidget(self.per_shop_note, 1)
        # All shops: each shop's metrics in a line each, under its platform's names.
        self.shops_health = ShopsHealth()
        self.shops_health.hide()
        self.gauges_row.insertWidget(0, self.shops_health, 2)
        # The report is the window's, shared with the tray notifier: computed once a minute and after
        # the changes it shows, whoever watches it (ui/risk_reports.py).
        self.reports = RiskReports.of(ctx)
        self.shop_filter.shop_chosen.connect(self.refresh)
        self.reports.watch(self, self._chosen_shop, self.show_report, self._show_failure)

    def _build_summary(self) -> QFrame:
        frame = QFrame()
        frame.setFrameShape(QFrame.Shape.StyledPanel)
        grid = QGridLayout(frame)
        self.count_labels: dict[str, QLabel] = {}
        names = [
            ("ship_late", self.tr("Late to ship")),
            ("ship_due_soon", self.tr("Due to ship soon")),
            ("urges", self.tr("Urges to answer")),
            ("promises", self.tr("Promises due or missed")),
            ("refunds", self.tr("Open refund requests")),
            ("logistics", self.tr("Logistics exceptions")),
        ]
        for row, (key, name) in enumerate(names):
            grid.addWidget(QLabel(name), row, 0)
            value = QLabel("–")
            value.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            bold = value.font()
            bold.setBold(True)
            value.setFont(bold)
            grid.addWidget(value, row, 1)
            self.count_labels[key] = value
        self.streaks_title = QLabel(self.tr("Days without a…"))
        title_font = self.streaks_title.font()
        title_font.setBold(True)
        self.streaks_title.setFont(title_font)
        self.streaks_title.setToolTip(self.tr("Days since the last help event of each kind"))
        grid.addWidget(self.streaks_title, len(names), 0, 1, 2)
        self.streak_grid = grid
        self.streak_labels: dict[str, tuple[QLabel, QLabel]] = {}
        return frame

    # -- refreshing --------------------------------------------------------------------------

    def _chosen_shop(self) -> int | None:
        return self.shop_filter.shop_id() if self.shop_filter.several() else self.ctx.shop_id

    @property
    def loader(self):
        """The loader of the report this page shows now."""
        return self.reports.loader(self._chosen_shop())

    @Slot()
    def refresh(self) -> None:
        self.reports.ensure(self._chosen_shop(), self.show_report)

    def on_shown(self) -> None:
        # A report already on its way (the one the page asked for when it was built) is fresh enough:
        # asking again would compute it twice while the window starts.
        if self.loader.idle:
            self.refresh()

    @Slot(str)
    def _show_failure(self, message: str) -> None:
        if message:
            self.state.setText(fill(self.tr("Could not work out today's risks: {problem}"), problem=message))
            self.state.show()
        self.settled.emit()

    @Slot(object)
    def show_report(self, report) -> None:
        if report is self.report:
            return  # the page shown again with the report it shows: nothing to make anew
        self.report = report
        lang = choose_language(self.ctx.settings.language)
        settings = self.ctx.settings
        self.when.setText(fill(self.tr("As of {time}"), time=format_local(report.now, settings.tz())))
        every = isinstance(report, ShopsReport)
        self.per_shop_note.setVisible(every)
        self.streaks_title.setVisible(not every)
        self.shops_health.setVisible(every)
        self.health_title.setVisible(not every)
        self.not_computed_note.setVisible(not every and bool(report.profile.not_computed))
        if every:
            self.shops_health.set_reports(report.parts, lang)
            for gauge in self.gauges:
                gauge.hide()
            for name_label, value_label in self.streak_labels.values():
                name_label.hide()
                value_label.hide()
            self._show_counts(*(part for _name, part in report.parts))
            self._show_alerts(report, lang, report.alerts)
            return
        self._show_gauges(report, lang)
        self._show_counts(report)
        self._show_streaks(report)
        self._show_alerts(report, lang, [("", alert) for alert in report.alerts])

    def _gauge_figures(self, report, lang: str) -> list[tuple[object, object]]:
        """The help rate's two windows; for other marketplaces, every metric's shortest window."""
        if report.help_rate:
            metric = report.profile.help_rate_metric
            return [(metric, figures) for figures in report.help_rate.values()]
        wanted = []
        for metric in report.profile.metrics:
            windows = sorted(report.metrics.get(metric.id, {}).values(), key=lambda w: w.days)
            if windows:
                wanted.append((metric, windows[0]))
        return wanted

    def _show_gauges(self, report, lang: str) -> None:
        self.health_title.setText(health_title(report, lang))
        # Where the platform has seller levels: what keeps the shop from a better one, on hover.
        missed = missed_lines(report.profile, report.level, lang) if report.level is not None else []
        self.health_title.setToolTip("\n".join(line.strip() for line in missed))
        self.not_computed_note.setText(
            fill(
                self.tr("Not computed here — see your seller centre: {items}"),
                items=self.tr("; ").join(item.name(lang) for item in report.profile.not_computed),
            )
        )
        wanted = self._gauge_figures(report, lang)
        while len(self.gauges) < len(wanted):
            gauge = WindowGauge()
            gauge.setMinimumWidth(150)
            self.gauges_row.insertWidget(len(self.gauges), gauge, 1)
            self.gauges.append(gauge)
        for gauge, (metric, figures) in zip(self.gauges, wanted, strict=False):
            window = f"{figures.days}d"
            gauge.set_figures(
                figures,
                help_rate=metric.help_rate,
                projection=report.projections.get(metric.id, {}).get(window),
                daily_rate=report.daily_rates.get(metric.id),
                bad=bad_words(metric, lang),
                denominator=metric.denominator,
            )
            if not metric.help_rate:
                gauge.title.setText(
                    fill(
                        self.tr("{metric}, {window}"),
                        metric=metric.name(lang),
                        window=window_name(figures.days),
                    )
                )
            gauge.show()
        for gauge in self.gauges[len(wanted) :]:
            gauge.hide()

    def _show_counts(self, *reports) -> None:
        counts = {
            "ship_late": sum(len(r.ship_late) for r in reports),
            "ship_due_soon": sum(len(r.ship_due_soon) for r in reports),
            "urges": sum(r.work_orders_open for r in reports),
            "promises": sum(len(r.commitments_overdue) + len(r.commitments_due_soon) for r in reports),
            "refunds": sum(len(r.open_refunds) for r in reports),
            "logistics": sum(len(r.logistics_exceptions) for r in reports),
        }
        for key, value in counts.items():
            label = self.count_labels[key]
            label.setText(str(value))
            urgent = value and key in ("ship_late", "urges")
            theme.colour_text(label, "late" if urgent else None, bold=True)

    def streak_value(self, days: int | None) -> str:
        return self.tr("none on record") if days is None else str(days)

    def _show_streaks(self, report) -> None:
        for name_label, value_label in self.streak_labels.values():
            name_label.hide()
            value_label.hide()
        base = self.streak_grid.rowCount()
        for kind, days in report.streaks.items():
            if kind not in self.streak_labels:
                value = QLabel()
                value.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
                row = base + len(self.streak_labels)
                self.streak_grid.addWidget(name := QLabel(kind_name(kind)), row, 0)
                self.streak_grid.addWidget(value, row, 1)
                self.streak_labels[kind] = (name, value)
            name_label, value_label = self.streak_labels[kind]
            value_label.setText(self.streak_value(days))
            name_label.show()
            value_label.show()

    @property
    def alerts_pending(self) -> bool:
        """Rows of the last report still to be made (they follow within a few turns of the loop)."""
        return bool(self._alert_queue)

    def _show_alerts(self, report, lang: str, alerts: list[tuple[str, object]]) -> None:
        shown, hidden = alerts[:MAX_ALERT_ROWS], len(alerts) - MAX_ALERT_ROWS
        self._alert_lang = lang
        if self._update_rows(shown, hidden):
            return
        scroll_value = self.scroll.verticalScrollBar().value()
        for row in self.alert_rows:
            row.deleteLater()
        self.alert_rows = []
        while self.alerts_layout.count() > 1:  # keep the trailing stretch
            item = self.alerts_layout.takeAt(0)
            if item.widget() is not None:
                item.widget().deleteLater()
        self._more = None
        self._alert_queue = list(shown)
        self._alerts_hidden = hidden
        # The rows from the next turn on: the gauges and counts are laid out and painted first.
        self._rows_timer.start()
        if alerts:
            self.state.hide()
        else:
            self.state.setText(self.tr("Nothing needs you right now: no late orders, no urges waiting."))
            self.state.show()
        self.scroll.verticalScrollBar().setValue(scroll_value)

    def _update_rows(self, shown: list[tuple[str, object]], hidden: int) -> bool:
        """The minute's report, most often: nearly the same alerts as the rows on the page. Those
        rows stay (no flicker, the list where the shop scrolled it), their words and times brought
        up to date and put in the report's order; the few new ones are made, the gone ones dropped.
        Made anew, sixty rows took 15 turns of the event loop and ~250 ms of the GUI thread at 1 M
        orders, every minute. False (nothing done) when most rows would be new."""
        keys = [row_key(shop, alert) for shop, alert in shown]
        kept = {row.key: row for row in self.alert_rows}
        if (
            not shown
            or not self.alert_rows
            or self._alert_queue
            or len(kept) != len(self.alert_rows)
            or len(set(keys)) != len(keys)
            or sum(key not in kept for key in keys) > ALERT_ROWS_PER_TURN
        ):
            return False
        rows = []
        for (shop, alert), key in zip(shown, keys, strict=True):
            row = kept.pop(key, None)
            if row is None:
                row = self._make_row(shop, alert)
            else:
                row.show_alert(alert, self._alert_lang)
            rows.append(row)
        for gone in kept.values():
            self.alerts_layout.removeWidget(gone)
            gone.deleteLater()
        for place, row in enumerate(rows):
            if self.alerts_layout.indexOf(row) != place:
                self.alerts_layout.removeWidget(row)
                self.alerts_layout.insertWidget(place, row)
        self.alert_rows = rows
        self._alerts_hidden = hidden
        if hidden > 0 and self._more is None:
            self._more = plain_label(self._more_text())
            self.alerts_layout.insertWidget(len(rows), self._more)
        elif hidden > 0:
            self._more.setText(self._more_text())
        elif self._more is not None:
            self.alerts_layout.removeWidget(self._more)
            self._more.deleteLater()
            self._more = None
        QTimer.singleShot(0, self, self.settled.emit)
        return True

    def _make_row(self, shop: str, alert) -> AlertRow:
        row = AlertRow(alert, self._alert_lang, self.ctx.read_only, shop=shop)
        if row.open_button is not None:
            order_id = alert.order_id
            row.open_button.clicked.connect(lambda _=False, o=order_id: self.ctx.order_requested.emit(o))
            row.reply_button.clicked.connect(lambda _=False, o=order_id: self.ctx.reply_requested.emit(o))
        if row.ship_button is not None:
            row.ship_button.clicked.connect(lambda _=False, o=alert.order_id: self.ship(o))
        return row

    def _add_alert_rows(self) -> None:
        batch, self._alert_queue = (
            self._alert_queue[:ALERT_ROWS_PER_TURN],
            self._alert_queue[ALERT_ROWS_PER_TURN:],
        )
        for shop, alert in batch:
            row = self._make_row(shop, alert)
            self.alerts_layout.insertWidget(self.alerts_layout.count() - 1, row)
            self.alert_rows.append(row)
        if self._alert_queue:
            self._rows_timer.start()
            return
        self._rows_timer.stop()
        if batch and self._alerts_hidden > 0:
            self._more = plain_label(self._more_text())
            self.alerts_layout.insertWidget(self.alerts_layout.count() - 1, self._more)
        self.settled.emit()

    def _more_text(self) -> str:
        return fill(self.tr("… and {count} more: see the Orders page."), count=self._alerts_hidden)

    def ship(self, order_id: int) -> ShipDialog:
        """The Orders page's ship form, right here: the late order goes out without a detour."""
        order = orders.get_order(self.ctx.store, order_id) or {}
        dialog = ShipDialog(
            self.ctx.now(),
            self.ctx.settings.timezone,
            order.get("carrier")
            or orders.last_carrier(self.ctx.store, order.get("shop_id", self.ctx.shop_id)),
            self,
        )
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)

        def ship() -> None:
            try:
                orders.ship_order(
                    self.ctx.store,
                    order_id,
                    *dialog.values(),
                    self.ctx.now(),
                    no_tracking_reason=dialog.reason_without_tracking(),
                )
            except UserError as exc:
                QMessageBox.warning(self, dialog.windowTitle(), str(exc))
                return
            self.ctx.notify_changed(Changes.order(order_id, evidence=True))
            self.ctx.status_message.emit(self.tr("Marked shipped."))

        dialog.accepted.connect(ship)
        dialog.open()
        return dialog
