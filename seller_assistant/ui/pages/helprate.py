"""The Help rate page: the 90-day trend against the threshold, events by kind and reason, the
look-ahead as bad days age out, a what-if, and the other metrics of the shop's marketplace."""

from __future__ import annotations

from dataclasses import dataclass, field

from PySide6.QtCore import QCoreApplication, Qt, Slot
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QAbstractScrollArea,
    QComboBox,
    QFrame,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QScrollArea,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from seller_assistant.core.clock import format_local, humanize_delta
from seller_assistant.core.level_words import missed_lines
from seller_assistant.core.metrics import daily_rate_text
from seller_assistant.core.metrics import what_if as metrics_what_if
from seller_assistant.ui.context import AppContext
from seller_assistant.ui.gauge import (
    STATUS_COLORS,
    bad_words,
    headroom_words,
    health_title,
    status_name,
    window_name,
)
from seller_assistant.ui.i18n import choose_language, fill
from seller_assistant.ui.limits_dialog import LimitsDialog
from seller_assistant.ui.rate_chart import RateChart, chart_points, format_rate
from seller_assistant.ui.risk_words import kind_name, reason_name
from seller_assistant.ui.risk_worker import BackgroundLoader
from seller_assistant.ui.shop_filter import ShopFilter
from seller_assistant.ui.widgets import heading, plain_label

TREND_DAYS = 90
LATE_DAYS = 30  # the late-shipment list covers the longest help-rate window
# The latest this many are listed (the note says how many in all). The page shows every row of
# its tables without inner scrolling: 200 rows took ~40 ms of the GUI thread to lay out and paint
# on the page's first show, beside the rest of the page.
LATE_LISTED = 60


@dataclass
class HelpRateData:
    report: object  # RiskReport
    trend: list  # the help rate's (else the profile's first metric's)
    events: dict[int, dict]  # days (7, 30) -> events_by_kind_and_reason
    trends: dict[str, list]  # every metric of the profile, by id, for the chart's metric picker
    late: tuple[list[dict], int] = ([], 0)  # orders shipped late in LATE_DAYS (shown), and how many in all
    late_cells: list[list[str]] = field(default_factory=list)  # their rows' words, made by the worker


def compute_help_rate(store, shop_id: int, now: int, settings) -> HelpRateData:
    from seller_assistant.store.metric_counts import late_shipments
    from seller_assistant.store.risk import daily_trend, events_by_kind_and_reason, risk_report

    report = risk_report(store, shop_id, now)
    trends = {m.id: daily_trend(store, shop_id, now, TREND_DAYS, m.id) for m in report.profile.metrics}
    late = late_shipments(store, shop_id, now, LATE_DAYS, limit=LATE_LISTED)
    return HelpRateData(
        report=report,
        trend=trends[report.profile.primary_metric_id],
        events={days: events_by_kind_and_reason(store, shop_id, now, days) for days in (7, 30)},
        trends=trends,
        late=late,
        late_cells=late_cells(late[0], settings),
    )


def late_cells(rows: list[dict], settings) -> list[list[str]]:
    """The late list's words, on the worker: 200 rows of times and durations worded on the GUI
    thread took ~35 ms of the Help rate page's first show at 200 000 orders."""
    lang, tz = choose_language(settings.language), settings.tz()
    shipped_late = QCoreApplication.translate("HelpRatePage", "shipped {late} late")
    return [
        [
            row["order_no"],
            row["buyer"] or "",
            format_local(row["deadline"], tz),
            format_local(row["shipped_at"], tz),
            fill(shipped_late, late=humanize_delta(row["late_by"], lang)),
        ]
        for row in rows
    ]


def _table(columns: list[str]) -> QTableWidget:
    table = QTableWidget(0, len(columns))
    table.setHorizontalHeaderLabels(columns)
    table.verticalHeader().hide()
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
    table.setWordWrap(False)
    table.setShowGrid(False)
    table.setAlternatingRowColors(True)
    table.verticalHeader().setDefaultSectionSize(table.fontMetrics().height() + 8)
    header = table.horizontalHeader()
    header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    header.setStretchLastSection(False)
    # Ask the layout for room to show every row and column: nothing cut off, no inner scrolling.
    table.setSizeAdjustPolicy(QAbstractScrollArea.SizeAdjustPolicy.AdjustToContents)
    table.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
    table.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
    return table


def _fill(
    table: QTableWidget,
    rows: list[list[str]],
    colors: list[list[str | None]] | None = None,
    figures: bool = True,
) -> None:
    """Rows of words into a table; every column but the first right-aligned when they are figures."""
    table.setRowCount(len(rows))
    side = Qt.AlignmentFlag.AlignRight if figures else Qt.AlignmentFlag.AlignLeft
    for r, row in enumerate(rows):
        for c, text in enumerate(row):
            item = QTableWidgetItem(text)
            if c:
                item.setTextAlignment(side | Qt.AlignmentFlag.AlignVCenter)
            color = colors[r][c] if colors else None
            if color:
                item.setForeground(QColor(color))
            table.setItem(r, c, item)


class HelpRatePage(QWidget):
    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.data: HelpRateData | None = None

        self.subtitle = plain_label()
        # Which of the shop's metrics the chart draws (the help rate, or e.g. Amazon's late shipments).
        self.chart_metric = QComboBox()
        self.chart_metric.setAccessibleName(self.tr("Metric shown in the chart"))
        self.chart_metric.currentIndexChanged.connect(self._show_chart)
        self.chart = RateChart()
        self.chart.setMinimumHeight(260)

        self.kinds = _table([self.tr("Kind"), self.tr("7 days"), self.tr("30 days")])
        self.reasons = _table([self.tr("Reason"), self.tr("7 days"), self.tr("30 days")])
        self.lookahead = _table([self.tr("Day"), self.tr("7 days"), self.tr("30 days")])
        self.lookahead.setToolTip(
            self.tr(
                "The rates on each coming day if orders keep coming at the recent "
                "daily rate and no new help events arrive: today's bad days stop "
                "counting as they age out of the window."
            )
        )
        self.lookahead_note = plain_label()
        self.what_if_spin = QSpinBox()
        self.what_if_spin.setRange(0, 0)
        self.what_if_spin.valueChanged.connect(self._show_what_if)
        self.what_if_intro = plain_label()
        self.what_if_results: list[QLabel] = [plain_label(), plain_label()]

        self.late = _table(
            [self.tr("Order"), self.tr("Buyer"), self.tr("Ship by"), self.tr("Shipped"), self.tr("Late by")]
        )
        self.late.setObjectName("late_shipments")
        self.late.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.late.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.late.setToolTip(self.tr("Double-click an order to open it."))
        self.late.cellDoubleClicked.connect(self._open_late_order)
        self.late_note = plain_label()
        self.late_box = QGroupBox(fill(self.tr("Shipped late in the last {days} days"), days=LATE_DAYS))
        late_layout = QVBoxLayout(self.late_box)
        late_layout.addWidget(self.late_note)
        late_layout.addWidget(self.late, 0, Qt.AlignmentFlag.AlignLeft)

        self.metrics_box = QGroupBox(self.tr("Your marketplace's metrics"))
        self.metrics = _table(
            [
                self.tr("Metric"),
                self.tr("Window"),
                self.tr("Rate"),
                self.tr("Limit"),
                self.tr("Headroom"),
                self.tr("Status"),
                self.tr("Tomorrow"),
                self.tr("What if"),
            ]
        )
        self.metrics_note = plain_label()
        self.limits_button = QPushButton(self.tr("Set limits…"))
        self.limits_button.setEnabled(not ctx.read_only)
        self.limits_button.clicked.connect(self.edit_limits)
        metrics_layout = QVBoxLayout(self.metrics_box)
        metrics_layout.addWidget(self.metrics)
        metrics_layout.addWidget(self.metrics_note)
        metrics_layout.addWidget(self.limits_button, 0, Qt.AlignmentFlag.AlignLeft)

        content = QWidget()
        layout = QVBoxLayout(content)
        title = QHBoxLayout()
        title.addWidget(heading(self.tr("Help rate")))
        title.addStretch(1)
        # Rates are per shop (each against its marketplace's rules and threshold): pick one shop.
        self.shop_filter = ShopFilter(ctx, with_all=False)
        self.shop_filter.shop_chosen.connect(self.refresh)
        title.addWidget(self.shop_filter)
        layout.addLayout(title)
        chart_row = QHBoxLayout()
        chart_row.addWidget(self.subtitle, 1)
        chart_row.addWidget(self.chart_metric)
        layout.addLayout(chart_row)
        layout.addWidget(self.chart, 1)
        row = QHBoxLayout()
        # The tables take the width their contents need; the what-if gets the rest.
        row.addWidget(self._group(self.tr("Events by kind"), self.kinds))
        row.addWidget(self._group(self.tr("Events by reason"), self.reasons))
        ahead = self._group(self.tr("Looking ahead"), self.lookahead)
        ahead.layout().insertWidget(0, self.lookahead_note)
        row.addWidget(ahead)
        row.addWidget(self._build_what_if(), 1)
        layout.addLayout(row)
        layout.addWidget(self.late_box)
        layout.addWidget(self.metrics_box)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setWidget(content)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(scroll)

        self.loader = BackgroundLoader(ctx, compute_help_rate, self, shop=self.shop_filter.shop_id)
        self.loader.ready.connect(self.show_data)
        self.loader.failed.connect(lambda message: message and self.subtitle.setText(message))
        ctx.subscribe(self, lambda c: c.touches_orders or c.events or c.settings or c.shops, self._changed)
        ctx.tick.connect(self._changed)

    def _group(self, title: str, widget: QWidget) -> QGroupBox:
        box = QGroupBox(title)
        QVBoxLayout(box).addWidget(widget)
        return box

    def _build_what_if(self) -> QGroupBox:
        box = QGroupBox(self.tr("What if"))
        grid = QGridLayout(box)
        grid.addWidget(self.what_if_intro, 0, 0, 1, 2)
        self.what_if_label = QLabel(self.tr("Events:"))
        grid.addWidget(self.what_if_label, 1, 0)
        grid.addWidget(self.what_if_spin, 1, 1)
        grid.addWidget(self.what_if_results[0], 2, 0, 1, 2)
        grid.addWidget(self.what_if_results[1], 3, 0, 1, 2)
        grid.setRowStretch(4, 1)
        return box

    # -- refreshing --------------------------------------------------------------------------

    @Slot()
    def _changed(self) -> None:
        # Only the visible page recomputes each minute; a hidden one catches up in on_shown.
        if self.isVisible():
            self.loader.request()

    def on_shown(self) -> None:
        self.loader.request()

    def refresh(self) -> None:
        self.loader.request()

    @Slot(object)
    def show_data(self, data: HelpRateData) -> None:
        self.data = data
        report = data.report
        lang = choose_language(self.ctx.settings.language)
        self._fill_chart_metrics(report, lang)
        self._show_chart()
        self._show_events(data)
        self._show_late(data)
        self._show_lookahead(report)
        self._show_metrics(report, lang)
        count = report.at_risk_count
        if report.help_rate:
            self.what_if_intro.setText(
                fill(
                    self.tr(
                        "{count} situations are at risk today (late or nearly late "
                        "orders, urges, refunds, logistics). If this many become help "
                        "events:"
                    ),
                    count=count,
                )
            )
            self.what_if_label.setText(self.tr("Events:"))
        else:
            # Each marketplace's own words: "If this many become defective orders", "late replies" …
            many = self._bad(report)[1]
            self.what_if_intro.setText(
                fill(
                    self.tr(
                        "{count} situations are at risk today (late or nearly late "
                        "orders, urges, refunds, logistics). If this many become "
                        "{bad}:"
                    ),
                    count=count,
                    bad=many,
                )
            )
            self.what_if_label.setText(fill(self.tr("{bad}:"), bad=many[:1].upper() + many[1:]))
        self.what_if_spin.setRange(0, max(count, 10))
        self._show_what_if()

    def _primary(self, report):
        """The metric the chart, look-ahead and what-if show: the help rate, else the profile's first."""
        return report.profile.help_rate_metric or report.profile.metric(report.primary_metric)

    def _bad(self, report) -> tuple[str, str]:
        return bad_words(self._primary(report), choose_language(self.ctx.settings.language))

    def _primary_windows(self, report) -> dict:
        if report.help_rate:
            return report.help_rate
        return report.metrics.get(report.primary_metric, {})

    def _fill_chart_metrics(self, report, lang: str) -> None:
        """One entry per metric of the shop's profile; the choice survives a refresh."""
        chosen = self.chart_metric.currentData()
        self.chart_metric.blockSignals(True)
        self.chart_metric.clear()
        for metric in report.profile.metrics:
            self.chart_metric.addItem(metric.name(lang), metric.id)
        index = self.chart_metric.findData(chosen) if chosen else -1
        self.chart_metric.setCurrentIndex(
            index if index >= 0 else self.chart_metric.findData(report.profile.primary_metric_id)
        )
        self.chart_metric.blockSignals(False)
        self.chart_metric.setVisible(self.chart_metric.count() > 1)

    def chart_metric_id(self) -> str | None:
        """The metric the chart draws (tests read it)."""
        return self.chart_metric.currentData()

    @Slot()
    def _show_chart(self) -> None:
        if self.data is None:
            return
        report = self.data.report
        metric_id = self.chart_metric.currentData() or report.profile.primary_metric_id
        windows = report.metrics.get(metric_id, {})
        threshold = next((w.threshold for w in windows.values()), None)
        trend = self.data.trends.get(metric_id, self.data.trend)
        self.chart.set_data(chart_points(trend, self.ctx.settings.tz()), threshold)
        self._show_subtitle(report, choose_language(self.ctx.settings.language), metric_id, threshold)

    def _show_subtitle(self, report, lang: str, metric_id: str | None, threshold: float | None) -> None:
        name = report.profile.metric(metric_id).name(lang) if metric_id else ""
        if report.profile.health_name(lang) != name:
            name = health_title(report, lang) + " · " + name
        if threshold is None:
            text = fill(
                self.tr("{metric} — no threshold set: enter your category's average in Settings."),
                metric=name,
            )
        else:
            text = fill(
                self.tr("{metric} — threshold {threshold}; the last {days} days, one point a day."),
                metric=name,
                threshold=format_rate(threshold),
                days=TREND_DAYS,
            )
        self.subtitle.setText(text)

    def _show_events(self, data: HelpRateData) -> None:
        week, month = data.events[7], data.events[30]
        streak_kinds = list(data.report.streaks) or ["dispute", "complaint", "intervention", "ticket_timeout"]
        kinds = streak_kinds + [k for k in month["by_kind"] if k not in streak_kinds]
        _fill(
            self.kinds,
            [[kind_name(k), str(week["by_kind"].get(k, 0)), str(month["by_kind"].get(k, 0))] for k in kinds]
            + [[self.tr("Total"), str(week["total"]), str(month["total"])]],
        )
        reasons = sorted(month["by_reason"], key=lambda r: -month["by_reason"][r])
        rows = [
            [reason_name(r), str(week["by_reason"].get(r, 0)), str(month["by_reason"][r])] for r in reasons
        ]
        if not rows:
            rows = [[self.tr("No help events in 30 days"), "0", "0"]]
        _fill(self.reasons, rows)

    def _show_late(self, data: HelpRateData) -> None:
        """Each order this shop shipped late, and how late: the shipments the platform holds against it."""
        rows, total = data.late
        self._late_ids = [row["id"] for row in rows]
        _fill(self.late, data.late_cells, figures=False)  # text columns, read left to right
        self.late.setVisible(bool(rows))
        if not total:
            self.late_note.setText(
                fill(self.tr("No order shipped late in these {days} days."), days=LATE_DAYS)
            )
        elif total > len(rows):
            self.late_note.setText(
                fill(
                    self.tr("{total} orders shipped late; the latest {listed} are listed."),
                    total=total,
                    listed=len(rows),
                )
            )
        else:
            self.late_note.setText(self.tr("%n order(s) shipped late.", "", total))

    @Slot(int, int)
    def _open_late_order(self, row: int, _column: int) -> None:
        if 0 <= row < len(getattr(self, "_late_ids", [])):
            self.ctx.order_requested.emit(self._late_ids[row])

    def _show_lookahead(self, report) -> None:
        """The primary metric's windows on each coming day, orders arriving at the recent daily rate."""
        rows, colors = [], []
        primary = report.primary_metric
        projected = report.projections.get(primary, {})
        names = list(self._primary_windows(report))[:2]
        rate = report.daily_rates.get(primary, 0.0)
        self.lookahead_note.setText(
            fill(
                self.tr("If orders keep coming at {per_day} a day and nothing new goes wrong:"),
                per_day=daily_rate_text(rate),
            )
            if rate
            else self.tr("No orders in the last 14 days: if none come, only today's events age out.")
        )
        for i, day in enumerate(report.lookahead):
            label = (
                self.tr("Tomorrow")
                if day.day_offset == 1
                else fill(self.tr("{date} (+{days} days)"), date=day.date[5:], days=day.day_offset)
            )
            row, color = [label], [None]
            for name in names:
                days = projected.get(name, [])
                figures = days[i].figures if i < len(days) else None
                text, cell_color = self._cell(figures) if figures else ("", None)
                row.append(text)
                color.append(cell_color)
            rows.append(row)
            colors.append(color)
        headers = [self.tr("Day")] + [window_name(int(n.rstrip("d"))) for n in names]
        self.lookahead.setColumnCount(len(headers))
        self.lookahead.setHorizontalHeaderLabels(headers)
        _fill(self.lookahead, rows, colors)
        for r in range(len(rows)):
            for c, name in enumerate(names, start=1):
                days = projected.get(name, [])
                if r < len(days):
                    figures = days[r].figures
                    self.lookahead.item(r, c).setToolTip(
                        fill(
                            self.tr("{events} events / {orders} orders — {headroom}"),
                            events=figures.events,
                            orders=figures.orders,
                            headroom=headroom_words(figures, bool(report.help_rate), self._bad(report)),
                        )
                    )

    def _cell(self, figures) -> tuple[str, str | None]:
        if figures.orders == 0 and figures.events == 0:
            return self.tr("no orders"), STATUS_COLORS["no_orders"].name()
        color = STATUS_COLORS.get(figures.status)
        return format_rate(figures.rate), color.name() if color else None

    def _show_metrics(self, report, lang: str) -> None:
        # Taobao-style shops see their one metric above; other marketplaces judge by several.
        others = [m for m in report.profile.metrics if not m.help_rate]
        self.metrics_box.setVisible(bool(others))
        self.metrics_box.setTitle(health_title(report, lang))
        rows, colors = [], []
        extra = self.what_if_spin.value()
        for metric in others:
            for name, figures in report.metrics.get(metric.id, {}).items():
                rate, rate_color = self._cell(figures)
                projected = report.projections.get(metric.id, {}).get(name, [])
                tomorrow, tomorrow_color = self._cell(projected[0].figures) if projected else ("", None)
                after, after_color = self._cell(metrics_what_if(figures, metric, extra))
                rows.append(
                    [
                        metric.name(lang),
                        window_name(figures.days),
                        rate,
                        format_rate(figures.threshold) if figures.threshold is not None else "—",
                        "—" if figures.headroom is None else str(figures.headroom),
                        status_name("no_orders" if rate == self.tr("no orders") else figures.status),
                        tomorrow,
                        after,
                    ]
                )
                colors.append([None, None, rate_color, None, None, rate_color, tomorrow_color, after_color])
        _fill(self.metrics, rows, colors)
        notes = [
            fill(self.tr("Not computed here: {metric} — {why}"), metric=item.name(lang), why=item.why(lang))
            for item in report.profile.not_computed
        ]
        if report.level is not None:  # what keeps the shop from a better seller level (core's words)
            notes = [line.strip() for line in missed_lines(report.profile, report.level, lang)] + notes
        if others:
            notes.insert(
                0,
                fill(
                    self.tr(
                        "Tomorrow: if orders keep coming at the recent daily rate. What if: if "
                        "the {count} situations at risk today go wrong."
                    ),
                    count=extra,
                ),
            )
        self.metrics_note.setText("\n".join(notes))

    def edit_limits(self) -> LimitsDialog | None:
        """The shop's own limits, one per metric; saved at once and the page recomputed."""
        if self.data is None:
            return None
        report = self.data.report
        current = {m: next(iter(w.values())).threshold for m, w in report.metrics.items() if w}
        dialog = LimitsDialog(report.profile, choose_language(self.ctx.settings.language), current, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)

        def save() -> None:
            from seller_assistant.store.risk import set_shop_threshold

            for metric_id, value in dialog.limits().items():
                set_shop_threshold(self.ctx.store, self.ctx.shop_id, report.profile, metric_id, value)
            self.ctx.notify_changed()

        dialog.accepted.connect(save)
        dialog.open()
        return dialog

    @Slot()
    def _show_what_if(self) -> None:
        if self.data is None:
            return
        extra = self.what_if_spin.value()
        windows = list(self._primary_windows(self.data.report).values())[:2]
        report = self.data.report
        for label, figures in zip(self.what_if_results, windows, strict=False):
            after = metrics_what_if(figures, self._primary(report), extra)
            label.setText(
                fill(
                    self.tr("{window}: {rate} — {headroom}"),
                    window=window_name(after.days),
                    rate=format_rate(after.rate),
                    headroom=headroom_words(after, bool(report.help_rate), self._bad(report)),
                )
            )
            color = STATUS_COLORS.get(after.status)
            label.setStyleSheet(f"color: {color.name()};" if color else "")
        lang = choose_language(self.ctx.settings.language)
        self._show_metrics(self.data.report, lang)

    def what_if_rates(self) -> list[float | None]:
        """The rates the what-if currently shows (tests read them)."""
        if self.data is None:
            return []
        windows = list(self._primary_windows(self.data.report).values())[:2]
        metric = self._primary(self.data.report)
        return [metrics_what_if(figures, metric, self.what_if_spin.value()).rate for figures in windows]
