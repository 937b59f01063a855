"""A metric's window as a gauge: a dial whose scale shows the value and the threshold in proportion,
the headroom in words, and where the rate goes if orders keep coming at the recent daily rate."""

from __future__ import annotations

import math

from PySide6.QtCore import QCoreApplication, QRectF, QSize, Qt
from PySide6.QtGui import QFont, QPainter, QPaintEvent, QPen
from PySide6.QtWidgets import QFrame, QLabel, QSizePolicy, QVBoxLayout, QWidget

from seller_assistant.core.helprate import few_orders, one_event_step
from seller_assistant.core.metrics import daily_rate_text
from seller_assistant.ui import theme
from seller_assistant.ui.i18n import fill
from seller_assistant.ui.rate_chart import format_rate

STATUS_COLORS = theme.RoleColours(
    {"ok": "ok", "warning": "warning", "over": "late", "unknown": "unknown", "no_orders": "unknown"}
)


def _tr(text: str) -> str:
    return QCoreApplication.translate("WindowGauge", text)


def status_name(status: str) -> str:
    return {
        "ok": _tr("OK"),
        "warning": _tr("Warning"),
        "over": _tr("Over the threshold"),
        "unknown": _tr("No threshold"),
        "no_orders": _tr("No orders"),
    }.get(status, status)


def window_name(days: int) -> str:
    if days == 7:
        return _tr("Last 7 days")
    if days == 30:
        return _tr("Last 30 days")
    return fill(_tr("Last {days} days"), days=days)


def _per(denominator: str) -> str:
    """What a metric divides by, in the plural: orders, shipments, buyer questions."""
    return {
        "orders_shipped": _tr("shipments"),
        "orders_delivered": _tr("deliveries"),
        "buyer_questions": _tr("buyer questions"),
        "transactions": _tr("transactions"),
    }.get(denominator, _tr("orders"))


def headroom_words(figures, help_rate: bool = True, bad: tuple[str, str] | None = None) -> str:
    """The headroom as a sentence: how many more events put the window over, or how far over it is.

    `help_rate` False: another marketplace's metric, said in its own words: `bad` is what one more
    bad case is called there, one and many ("defective order", "defective orders")."""
    if figures.threshold is None:
        if not help_rate:
            return _tr("No limit set — enter the one your seller centre shows")
        return _tr("No threshold set — enter your category's average in Settings")
    if figures.orders == 0 and figures.events == 0:
        return _tr("No orders in this window yet: there is no rate to judge")
    threshold = format_rate(figures.threshold)
    if not help_rate:
        return _metric_words(figures, threshold, bad or (_tr("event"), _tr("events")))
    if figures.rate is None:
        return fill(
            _tr("Events: {events}, orders: none — counts as over {threshold}"),
            events=figures.events,
            threshold=threshold,
        )
    if figures.headroom is not None and figures.headroom < 0:
        above = -figures.headroom
        if above == 1:
            return fill(_tr("Over the threshold: 1 event above {threshold}"), threshold=threshold)
        return fill(
            _tr("Over the threshold: {events} events above {threshold}"), events=above, threshold=threshold
        )
    # headroom events are absorbed; the next one crosses the line.
    crossing = str((figures.headroom or 0) + 1)
    one = crossing == "1"
    if figures.days == 7:
        template = (
            _tr("1 more help event this week puts you over {threshold}")
            if one
            else _tr("{events} more help events this week put you over {threshold}")
        )
    else:
        template = (
            _tr("1 more help event in {days} days puts you over {threshold}")
            if one
            else _tr("{events} more help events in {days} days put you over {threshold}")
        )
    return fill(template, events=crossing, threshold=threshold, days=figures.days)


def bad_words(metric, lang: str) -> tuple[str, str]:
    """One and many bad cases of a profile's metric in the UI language (from its profile file)."""
    return metric.bad_name(lang, 1), metric.bad_name(lang, 2)


def _metric_words(figures, threshold: str, bad: tuple[str, str]) -> str:
    """Headroom in the metric's own words: "3 more late shipments in 30 days put you over 4.00 %"."""
    room = figures.headroom or 0
    if not figures.higher_is_worse:
        if room < 0:
            return fill(_tr("Under the target of {threshold}"), threshold=threshold)
        template = (
            _tr("1 more {bad} takes you under {threshold}")
            if room == 0
            else _tr("{count} more {bad} take you under {threshold}")
        )
    elif figures.rate is None:
        return fill(
            _tr("{count} {bad}, nothing to divide by — counts as over {threshold}"),
            count=figures.events,
            bad=bad[0] if figures.events == 1 else bad[1],
            threshold=threshold,
        )
    elif room < 0:
        return fill(
            _tr("Over the limit: {count} {bad} above {threshold}"),
            count=-room,
            bad=bad[0] if room == -1 else bad[1],
            threshold=threshold,
        )
    elif figures.days == 7:
        template = (
            _tr("1 more {bad} this week puts you over {threshold}")
            if room == 0
            else _tr("{count} more {bad} this week put you over {threshold}")
        )
    else:
        template = (
            _tr("1 more {bad} in {days} days puts you over {threshold}")
            if room == 0
            else _tr("{count} more {bad} in {days} days put you over {threshold}")
        )
    return fill(
        template, count=room + 1, bad=bad[0] if room == 0 else bad[1], threshold=threshold, days=figures.days
    )


def projection_words(projection: list, daily_rate: float | None) -> str:
    """Tomorrow and in a week, if orders keep coming at the recent daily rate: said on screen,
    because "tomorrow 9.8 %" alone reads as "it will get worse"."""
    if not projection or daily_rate is None:
        return ""
    tomorrow, week = projection[0].figures, projection[-1].figures
    if daily_rate == 0:
        template = _tr("If no orders come (none in the last 14 days): tomorrow {tomorrow}, in a week {week}.")
    else:
        template = _tr(
            "If orders keep coming at {per_day} a day and nothing new goes wrong: "
            "tomorrow {tomorrow}, in a week {week}."
        )
    return fill(
        template, tomorrow=_shown_rate(tomorrow), week=_shown_rate(week), per_day=daily_rate_text(daily_rate)
    )


def _shown_rate(figures) -> str:
    if figures.orders == 0 and figures.events == 0:
        return _tr("no orders")
    return format_rate(figures.rate)


def health_title(report, lang: str) -> str:
    """The shop and the name its platform gives these metrics (Account Health, 平台求助率 …), with
    the seller level where the platform has levels."""
    text = fill(_tr("{shop} — {metrics}"), shop=report.shop_name, metrics=report.profile.health_name(lang))
    if report.level is not None and report.level.level is not None:
        text = fill(
            _tr("{title}; seller level if judged today: {level}"),
            title=text,
            level=report.level.level.name(lang),
        )
    return text


def few_orders_caveat(
    figures, help_rate: bool = True, bad: tuple[str, str] | None = None, denominator: str = "orders"
) -> str:
    """With few orders one event swings the rate hard: say by how much (empty when it does not matter)."""
    step = one_event_step(figures)
    if step is None or not few_orders(figures):
        return ""
    if help_rate:
        template = _tr("Orders in this window: only {orders} — each help event moves the rate by {step}.")
    else:
        template = fill(
            _tr("Only {orders} {per} in this window — each {bad} moves the rate by {step}."),
            orders="{orders}",
            per=_per(denominator),
            bad=(bad or (_tr("event"),))[0],
            step="{step}",
        )
    return fill(template, orders=figures.orders, step=format_rate(step))


class GaugeDial(QWidget):
    """A half-circle dial from 0 to at least twice the threshold, widened so a value far over it
    still shows how far (5.45 % and 10 % against 5 % look different); the threshold is a tick where
    it falls on that scale. A rate that must stay high (valid tracking) runs from 0 to 100 %."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setMinimumSize(QSize(180, 104))
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.rate: float | None = None
        self.threshold: float | None = None
        self.status = "unknown"
        self.events = 0
        self.orders = 1
        self.higher_is_worse = True

    def set_values(
        self,
        rate: float | None,
        threshold: float | None,
        status: str,
        events: int,
        orders: int = 1,
        higher_is_worse: bool = True,
    ) -> None:
        self.rate, self.threshold, self.status, self.events = rate, threshold, status, events
        self.orders, self.higher_is_worse = orders, higher_is_worse
        self.update()

    @property
    def no_orders(self) -> bool:
        return self.orders == 0 and self.events == 0

    def scale(self) -> float:
        """The rate at the dial's right end."""
        if not self.higher_is_worse:
            return 1.0
        base = 2 * self.threshold if self.threshold else max((self.rate or 0) * 1.5, 0.02)
        return max(base, (self.rate or 0) * 1.15)

    def threshold_fraction(self) -> float | None:
        return None if not self.threshold else self.threshold / self.scale()

    def sizeHint(self) -> QSize:  # noqa: N802 - Qt's name
        return QSize(220, 110)

    def fill_fraction(self) -> float:
        if self.rate is None:
            return 1.0 if self.events else 0.0
        if self.no_orders:
            return 0.0
        return min(1.0, self.rate / self.scale())

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802 - Qt's name
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        thickness = 14.0
        radius = min(self.width() / 2 - thickness, self.height() - thickness - 4)
        center_x, base_y = self.width() / 2, self.height() - 4
        arc = QRectF(center_x - radius, base_y - radius, 2 * radius, 2 * radius)
        pen = QPen(theme.colour("gauge_track"), thickness, Qt.PenStyle.SolidLine, Qt.PenCapStyle.FlatCap)
        painter.setPen(pen)
        painter.drawArc(arc, 0, 180 * 16)
        status = "no_orders" if self.no_orders else self.status
        pen.setColor(STATUS_COLORS.get(status, STATUS_COLORS["unknown"]))
        painter.setPen(pen)
        span = int(180 * 16 * self.fill_fraction())
        painter.drawArc(arc, 180 * 16, -span)
        fraction = self.threshold_fraction()
        if fraction is not None:
            # The threshold's tick where it falls on this dial's scale.
            angle = math.pi * (1 - fraction)
            inner, outer = radius - thickness / 2 - 3, radius + thickness / 2 + 3
            painter.setPen(QPen(theme.colour("late"), 3))
            painter.drawLine(
                int(center_x + inner * math.cos(angle)),
                int(base_y - inner * math.sin(angle)),
                int(center_x + outer * math.cos(angle)),
                int(base_y - outer * math.sin(angle)),
            )
        font = QFont(self.font())
        font.setPointSizeF(font.pointSizeF() * 1.7)
        font.setBold(True)
        painter.setFont(font)
        painter.setPen(self.palette().text().color())
        text_rect = QRectF(center_x - radius, base_y - radius * 0.6, 2 * radius, radius * 0.6)
        if self.no_orders:
            font.setPointSizeF(self.font().pointSizeF() * 1.2)
            painter.setFont(font)
        painter.drawText(
            text_rect,
            Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignBottom,
            _tr("no orders") if self.no_orders else format_rate(self.rate),
        )


class WindowGauge(QFrame):
    """One window (7 or 30 days): title, dial, events / orders, status and headroom in words."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.title = QLabel()
        self.title.setWordWrap(True)
        bold = self.title.font()
        bold.setBold(True)
        self.title.setFont(bold)
        self.dial = GaugeDial()
        self.counts = QLabel()
        self.status = QLabel()
        self.status.setFont(bold)
        self.headroom = QLabel()
        self.headroom.setWordWrap(True)
        self.caveat = QLabel()
        self.caveat.setWordWrap(True)
        self.caveat.setStyleSheet("color: palette(placeholder-text);")
        self.forecast = QLabel(objectName="forecast")
        self.forecast.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.setSpacing(4)
        for widget in (
            self.title,
            self.dial,
            self.counts,
            self.status,
            self.headroom,
            self.forecast,
            self.caveat,
        ):
            layout.addWidget(widget)
            if isinstance(widget, QLabel):
                widget.setTextFormat(Qt.TextFormat.PlainText)
        layout.addStretch(1)

    def set_figures(
        self,
        figures,
        help_rate: bool = True,
        projection: list | None = None,
        daily_rate: float | None = None,
        bad: tuple[str, str] | None = None,
        denominator: str = "orders",
    ) -> None:
        """`bad` and `denominator`: the metric's own words for a bad case and what it divides by."""
        self.title.setText(window_name(figures.days))
        self.dial.set_values(
            figures.rate,
            figures.threshold,
            figures.status,
            figures.events,
            figures.orders,
            figures.higher_is_worse,
        )
        no_orders = figures.orders == 0 and figures.events == 0
        counts = (
            _tr("Help events: {events} · orders: {orders}")
            if help_rate
            else fill(
                _tr("{events} of {orders} {per}"), events="{events}", orders="{orders}", per=_per(denominator)
            )
        )
        empty = fill(_tr("No {per} in this window"), per=_per(denominator))
        self.counts.setText(
            empty
            if no_orders and not help_rate
            else fill(counts, events=figures.events, orders=figures.orders)
        )
        status = "no_orders" if no_orders and not help_rate else figures.status
        self.status.setText(status_name(status))
        # Over and no-threshold say so in the headroom sentence already.
        self.status.setVisible(status in ("ok", "warning"))
        quiet = (
            status == "no_orders" and not daily_rate
        )  # nothing now and nothing coming: nothing to forecast
        forecast = "" if quiet else projection_words(projection or [], daily_rate)
        self.forecast.setText(forecast)
        self.forecast.setVisible(bool(forecast))
        color = STATUS_COLORS.get(status, STATUS_COLORS["unknown"]).name()
        self.status.setStyleSheet(f"color: {color};")
        # An empty window is said once, by the counts line (unless no limit is set yet).
        quiet = status == "no_orders" and figures.threshold is not None
        words = "" if quiet else headroom_words(figures, help_rate, bad)
        self.headroom.setText(words)
        self.headroom.setVisible(bool(words))
        caveat = few_orders_caveat(figures, help_rate, bad, denominator)
        self.caveat.setText(caveat)
        self.caveat.setVisible(bool(caveat))


def metric_line(name: str, figures) -> str:
    """One metric's window in a line: 'order defect rate, Last 60 days: 0.50 % (limit 1.00 %)'."""
    value = _tr("no orders") if figures.orders == 0 and figures.events == 0 else format_rate(figures.rate)
    if figures.threshold is None:
        template = _tr("{metric}, {window}: {value} (no limit set)")
    else:
        template = _tr("{metric}, {window}: {value} (limit {limit})")
    limit = format_rate(figures.threshold) if figures.threshold is not None else ""
    return fill(template, metric=name, window=window_name(figures.days), value=value, limit=limit)


class ShopsHealth(QFrame):
    """Every shop's metrics at a glance, under the names its platform gives them, for a view of all
    shops (each shop is judged by its own marketplace: its gauges show when it is chosen)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.box = QVBoxLayout(self)
        self.box.setSpacing(2)
        self.lines: list[QLabel] = []

    def set_reports(self, parts: list[tuple[str, object]], lang: str) -> None:
        for label in self.lines:
            label.deleteLater()
        self.lines = []
        for _name, report in parts:
            title = QLabel(health_title(report, lang))
            bold = title.font()
            bold.setBold(True)
            title.setFont(bold)
            self._add(title)
            for metric in report.profile.metrics:
                windows = sorted(report.metrics.get(metric.id, {}).values(), key=lambda w: w.days)
                if not windows:
                    continue
                figures = windows[0]
                label = QLabel(metric_line(metric.name(lang), figures))
                empty = figures.orders == 0 and figures.events == 0
                status = "no_orders" if empty else figures.status
                label.setStyleSheet(f"color: {STATUS_COLORS.get(status, STATUS_COLORS['unknown']).name()};")
                self._add(label)

    def _add(self, label: QLabel) -> None:
        label.setTextFormat(Qt.TextFormat.PlainText)
        label.setWordWrap(True)
        self.box.addWidget(label)
        self.lines.append(label)
