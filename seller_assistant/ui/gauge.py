"""A help-rate window as a gauge: a dial against the threshold, and the headroom said in words."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QFont, QPainter, QPaintEvent, QPen
from PySide6.QtWidgets import QFrame, QLabel, QSizePolicy, QVBoxLayout, QWidget

from seller_assistant.core.helprate import few_orders, one_event_step
from seller_assistant.ui.rate_chart import format_rate

STATUS_COLORS = {
    "ok": QColor("#2e7d32"),
    "warning": QColor("#ef8f00"),
    "over": QColor("#c62828"),
    "unknown": QColor("#7a7a7a"),
}


def _tr(text: str) -> str:
    return QCoreApplication.translate("WindowGauge", text)


def status_name(status: str) -> str:
    return {
        "ok": _tr("OK"),
        "warning": _tr("Warning"),
        "over": _tr("Over the threshold"),
        "unknown": _tr("No threshold"),
    }.get(status, status)


def window_name(days: int) -> str:
    if days == 7:
        return _tr("Last 7 days")
    if days == 30:
        return _tr("Last 30 days")
    return _tr("Last %1 days").replace("%1", str(days))


def headroom_words(figures, help_rate: bool = True) -> str:
    """The headroom as a sentence: how many more events put the window over, or how far over it is.

    `help_rate` False: another marketplace's metric (defects, late shipments), said as "events"."""
    if figures.threshold is None:
        return _tr("No threshold set — enter your category's average in Settings")
    threshold = format_rate(figures.threshold)
    if figures.rate is None:
        return _tr("%1 events and no orders: counts as over %2").replace(
            "%1", str(figures.events)).replace("%2", threshold)
    if figures.headroom is not None and figures.headroom < 0:
        above = -figures.headroom
        if above == 1:
            return _tr("Over the threshold: 1 event above %1").replace("%1", threshold)
        return _tr("Over the threshold: %1 events above %2").replace("%1", str(above)).replace("%2", threshold)
    # headroom events are absorbed; the next one crosses the line.
    crossing = str((figures.headroom or 0) + 1)
    one = crossing == "1"
    if figures.days == 7:
        if help_rate:
            template = (_tr("1 more help event this week puts you over %2") if one
                        else _tr("%1 more help events this week put you over %2"))
        else:
            template = (_tr("1 more event this week puts you over %2") if one
                        else _tr("%1 more events this week put you over %2"))
    elif help_rate:
        template = (_tr("1 more help event in %3 days puts you over %2") if one
                    else _tr("%1 more help events in %3 days put you over %2"))
    else:
        template = (_tr("1 more event in %3 days puts you over %2") if one
                    else _tr("%1 more events in %3 days put you over %2"))
    return template.replace("%1", crossing).replace("%2", threshold).replace("%3", str(figures.days))


def few_orders_caveat(figures, help_rate: bool = True) -> str:
    """With few orders one event swings the rate hard: say by how much (empty when it does not matter)."""
    step = one_event_step(figures)
    if step is None or not few_orders(figures):
        return ""
    template = (_tr("Only %1 orders in this window: each help event moves the rate by %2.") if help_rate
                else _tr("Only %1 orders in this window: each event moves the rate by %2."))
    return template.replace("%1", str(figures.orders)).replace("%2", format_rate(step))


class GaugeDial(QWidget):
    """A half-circle dial from 0 to twice the threshold; the arc fills in the status colour."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setMinimumSize(QSize(180, 104))
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.rate: float | None = None
        self.threshold: float | None = None
        self.status = "unknown"
        self.events = 0

    def set_values(self, rate: float | None, threshold: float | None, status: str, events: int) -> None:
        self.rate, self.threshold, self.status, self.events = rate, threshold, status, events
        self.update()

    def sizeHint(self) -> QSize:  # noqa: N802 - Qt's name
        return QSize(220, 110)

    def fill_fraction(self) -> float:
        if self.rate is None:
            return 1.0 if self.events else 0.0
        scale = 2 * self.threshold if self.threshold else max(self.rate * 1.5, 0.02)
        return min(1.0, self.rate / scale)

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802 - Qt's name
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        thickness = 14.0
        radius = min(self.width() / 2 - thickness, self.height() - thickness - 4)
        center_x, base_y = self.width() / 2, self.height() - 4
        arc = QRectF(center_x - radius, base_y - radius, 2 * radius, 2 * radius)
        pen = QPen(QColor(0, 0, 0, 30), thickness, Qt.PenStyle.SolidLine, Qt.PenCapStyle.FlatCap)
        painter.setPen(pen)
        painter.drawArc(arc, 0, 180 * 16)
        pen.setColor(STATUS_COLORS.get(self.status, STATUS_COLORS["unknown"]))
        painter.setPen(pen)
        span = int(180 * 16 * self.fill_fraction())
        painter.drawArc(arc, 180 * 16, -span)
        if self.threshold:
            # The threshold sits at the top of the dial: the scale runs to twice the threshold.
            painter.setPen(QPen(QColor("#c62828"), 3))
            painter.drawLine(int(center_x), int(base_y - radius - thickness / 2 - 3),
                             int(center_x), int(base_y - radius + thickness / 2 + 3))
        font = QFont(self.font())
        font.setPointSizeF(font.pointSizeF() * 1.7)
        font.setBold(True)
        painter.setFont(font)
        painter.setPen(self.palette().text().color())
        text_rect = QRectF(center_x - radius, base_y - radius * 0.6, 2 * radius, radius * 0.6)
        painter.drawText(text_rect, Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignBottom,
                         format_rate(self.rate))


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
        layout = QVBoxLayout(self)
        layout.setSpacing(4)
        for widget in (self.title, self.dial, self.counts, self.status, self.headroom, self.caveat):
            layout.addWidget(widget)
            if isinstance(widget, QLabel):
                widget.setTextFormat(Qt.TextFormat.PlainText)
        layout.addStretch(1)

    def set_figures(self, figures, help_rate: bool = True) -> None:
        self.title.setText(window_name(figures.days))
        self.dial.set_values(figures.rate, figures.threshold, figures.status, figures.events)
        counts = _tr("%1 help events / %2 orders") if help_rate else _tr("%1 events / %2 orders")
        self.counts.setText(counts.replace("%1", str(figures.events)).replace("%2", str(figures.orders)))
        self.status.setText(status_name(figures.status))
        # Over and no-threshold say so in the headroom sentence already.
        self.status.setVisible(figures.status in ("ok", "warning"))
        color = STATUS_COLORS.get(figures.status, STATUS_COLORS["unknown"]).name()
        self.status.setStyleSheet(f"color: {color};")
        self.headroom.setText(headroom_words(figures, help_rate))
        caveat = few_orders_caveat(figures, help_rate)
        self.caveat.setText(caveat)
        self.caveat.setVisible(bool(caveat))
