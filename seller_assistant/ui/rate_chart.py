"""The help-rate trend: daily 7- and 30-day rates against the threshold, drawn with QPainter."""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import datetime, tzinfo

from PySide6.QtCore import QPointF, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QFontMetrics, QMouseEvent, QPainter, QPainterPath, QPaintEvent, QPen
from PySide6.QtWidgets import QSizePolicy, QToolTip, QWidget

from seller_assistant.core.clock import from_epoch
from seller_assistant.ui import theme
from seller_assistant.ui.i18n import fill

# Steps for the percentage axis, in fractions: the first one giving at most ~6 gridlines wins.
_Y_STEPS = (0.0005, 0.001, 0.002, 0.0025, 0.005, 0.01, 0.02, 0.025, 0.05, 0.1, 0.2, 0.25, 0.5)


@dataclass(frozen=True)
class ChartPoint:
    """One day on the chart; a rate of None means events with no orders (undefined, counts as over).

    *_7d is the metric's shorter window and *_30d its longer one, as `windows` says (core TrendPoint)."""

    day: datetime
    rate_7d: float | None
    rate_30d: float | None
    events_7d: int
    orders_7d: int
    events_30d: int
    orders_30d: int
    windows: tuple[int, int] = (7, 30)


def chart_points(trend, tz: tzinfo) -> list[ChartPoint]:
    """The store's trend points (day_start as epoch seconds or datetime) as chart points in `tz`."""
    points = []
    for item in trend:
        day = item.day_start
        day = from_epoch(day, tz) if isinstance(day, int | float) else day.astimezone(tz)
        points.append(
            ChartPoint(
                day,
                item.rate_7d,
                item.rate_30d,
                item.events_7d,
                item.orders_7d,
                item.events_30d,
                item.orders_30d,
                getattr(item, "windows", (7, 30)),
            )
        )
    return points


def format_rate(rate: float | None) -> str:
    return "—" if rate is None else f"{rate * 100:.2f} %"


class RateChart(QWidget):
    """Two rate lines over the days given, a dashed threshold line, axes, legend, hover tooltip."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setMouseTracking(True)
        self.setMinimumHeight(220)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.setAccessibleName(self.tr("Help rate trend chart"))
        self._points: list[ChartPoint] = []
        self._threshold: float | None = None
        self._hover: int | None = None

    # -- data --------------------------------------------------------------------------------

    def set_data(self, points: list[ChartPoint], threshold: float | None) -> None:
        self._points = list(points)
        self._threshold = threshold
        self._hover = None
        self.update()

    def point_count(self) -> int:
        return len(self._points)

    def sizeHint(self) -> QSize:  # noqa: N802 - Qt's name
        return QSize(720, 280)

    # -- geometry ----------------------------------------------------------------------------

    def _plot_rect(self) -> QRectF:
        metrics = QFontMetrics(self.font())
        left = metrics.horizontalAdvance("100.00 %") + 14
        top = metrics.height() * 2 + 6  # room for the legend
        bottom = metrics.height() + 10  # room for the dates
        return QRectF(left, top, max(10, self.width() - left - 16), max(10, self.height() - top - bottom))

    def _y_max(self) -> float:
        values = [r for p in self._points for r in (p.rate_7d, p.rate_30d) if r is not None]
        if self._threshold is not None:
            values.append(self._threshold)
        top = max(values, default=0.0)
        return max(top * 1.15, 0.005)

    def _y_step(self, y_max: float) -> float:
        for step in _Y_STEPS:
            if y_max / step <= 6:
                return step
        return 1.0

    def _x(self, index: int, plot: QRectF) -> float:
        if len(self._points) <= 1:
            return plot.center().x()
        return plot.left() + plot.width() * index / (len(self._points) - 1)

    def _y(self, rate: float, plot: QRectF, y_max: float) -> float:
        return plot.bottom() - plot.height() * min(rate, y_max) / y_max

    # -- painting ----------------------------------------------------------------------------

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802 - Qt's name
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.fillRect(self.rect(), self.palette().base())
        plot = self._plot_rect()
        if not self._points:
            painter.setPen(self.palette().placeholderText().color())
            painter.drawText(self.rect(), Qt.AlignmentFlag.AlignCenter, self.tr("No figures to draw yet."))
            return
        y_max = self._y_max()
        self._paint_y_axis(painter, plot, y_max)
        self._paint_x_axis(painter, plot)
        if self._threshold is not None:
            pen = QPen(theme.colour("late"), 1.5, Qt.PenStyle.DashLine)
            painter.setPen(pen)
            y = self._y(self._threshold, plot, y_max)
            painter.drawLine(QPointF(plot.left(), y), QPointF(plot.right(), y))
        if self._two_windows:
            self._paint_line(painter, plot, y_max, "rate_30d", theme.colour("rate_30d"))
        self._paint_line(painter, plot, y_max, "rate_7d", theme.colour("rate_7d"))
        self._paint_undefined(painter, plot)
        self._paint_legend(painter)
        if self._hover is not None:
            self._paint_hover(painter, plot, y_max)

    def _paint_y_axis(self, painter: QPainter, plot: QRectF, y_max: float) -> None:
        step = self._y_step(y_max)
        metrics = QFontMetrics(self.font())
        text_color = self.palette().text().color()
        for i in range(int(math.floor(y_max / step)) + 1):
            value = i * step
            y = self._y(value, plot, y_max)
            painter.setPen(QPen(theme.colour("grid"), 1))
            painter.drawLine(QPointF(plot.left(), y), QPointF(plot.right(), y))
            label = f"{round(value * 100, 4):g} %"  # 2.5 %, 0.25 %, 10 %
            painter.setPen(text_color)
            width = metrics.horizontalAdvance(label)
            painter.drawText(QPointF(plot.left() - width - 6, y + metrics.ascent() / 2 - 1), label)
        painter.setPen(QPen(text_color, 1))
        painter.drawLine(plot.bottomLeft(), plot.bottomRight())
        painter.drawLine(plot.bottomLeft(), plot.topLeft())

    def _paint_x_axis(self, painter: QPainter, plot: QRectF) -> None:
        metrics = QFontMetrics(self.font())
        label_width = metrics.horizontalAdvance("00-00") + 18
        count = len(self._points)
        per_label = max(1, math.ceil(label_width / max(1.0, plot.width() / max(1, count))))
        # Prefer whole weeks between labels so they fall on the same weekday.
        every = 7 * math.ceil(per_label / 7) if per_label > 1 else 1
        painter.setPen(self.palette().text().color())
        for index in range(count - 1, -1, -every):  # anchored on today, the day that matters most
            x = self._x(index, plot)
            label = self._points[index].day.strftime("%m-%d")
            width = metrics.horizontalAdvance(label)
            left = min(max(x - width / 2, 2.0), self.width() - width - 2)
            painter.drawLine(QPointF(x, plot.bottom()), QPointF(x, plot.bottom() + 4))
            painter.drawText(QPointF(left, plot.bottom() + 6 + metrics.ascent()), label)

    def _paint_line(self, painter: QPainter, plot: QRectF, y_max: float, field: str, color: QColor) -> None:
        path = QPainterPath()
        drawing = False
        for index, point in enumerate(self._points):
            rate = getattr(point, field)
            if rate is None:  # undefined: break the line rather than invent a value
                drawing = False
                continue
            target = QPointF(self._x(index, plot), self._y(rate, plot, y_max))
            if drawing:
                path.lineTo(target)
            else:
                path.moveTo(target)
                drawing = True
        painter.setPen(QPen(color, 2))
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.drawPath(path)

    def _paint_undefined(self, painter: QPainter, plot: QRectF) -> None:
        """Days with events but no orders: a red mark along the top edge."""
        painter.setPen(QPen(theme.colour("late"), 3))
        for index, point in enumerate(self._points):
            # Nothing at all to divide (no buyer questions that day) is a gap, not a red mark.
            if (point.rate_7d is None and point.events_7d) or (point.rate_30d is None and point.events_30d):
                x = self._x(index, plot)
                painter.drawLine(QPointF(x, plot.top()), QPointF(x, plot.top() + 6))

    @property
    def windows(self) -> tuple[int, int]:
        return self._points[0].windows if self._points else (7, 30)

    @property
    def _two_windows(self) -> bool:
        return self.windows[0] != self.windows[1]

    def legend_entries(self) -> list[tuple[str, QColor]]:
        short, long = self.windows
        if (short, long) == (7, 30):
            entries = [
                (self.tr("7-day rate"), theme.colour("rate_7d")),
                (self.tr("30-day rate"), theme.colour("rate_30d")),
            ]
        else:
            entries = [(fill(self.tr("{days}-day rate"), days=short), theme.colour("rate_7d"))]
            if self._two_windows:
                entries.append((fill(self.tr("{days}-day rate"), days=long), theme.colour("rate_30d")))
        if self._threshold is not None:
            entries.append(
                (fill(self.tr("Threshold {rate}"), rate=format_rate(self._threshold)), theme.colour("late"))
            )
        else:
            entries.append((self.tr("No threshold set"), self.palette().placeholderText().color()))
        return entries

    def _paint_legend(self, painter: QPainter) -> None:
        metrics = QFontMetrics(self.font())
        x = self._plot_rect().left()
        y = 4 + metrics.height() / 2
        for text, color in self.legend_entries():
            painter.setPen(QPen(color, 3))
            painter.drawLine(QPointF(x, y), QPointF(x + 22, y))
            painter.setPen(self.palette().text().color())
            painter.drawText(QPointF(x + 28, y + metrics.ascent() / 2 - 1), text)
            x += 28 + metrics.horizontalAdvance(text) + 24

    def _paint_hover(self, painter: QPainter, plot: QRectF, y_max: float) -> None:
        index = self._hover
        x = self._x(index, plot)
        painter.setPen(QPen(self.palette().text().color(), 1, Qt.PenStyle.DotLine))
        painter.drawLine(QPointF(x, plot.top()), QPointF(x, plot.bottom()))
        point = self._points[index]
        for rate, color in (
            (point.rate_7d, theme.colour("rate_7d")),
            (point.rate_30d, theme.colour("rate_30d")),
        ):
            if rate is not None:
                painter.setPen(QPen(color, 2))
                painter.setBrush(self.palette().base())
                painter.drawEllipse(QPointF(x, self._y(rate, plot, y_max)), 4, 4)

    # -- hover -------------------------------------------------------------------------------

    def index_at(self, x: float) -> int | None:
        if not self._points:
            return None
        plot = self._plot_rect()
        if len(self._points) == 1:
            return 0
        fraction = (x - plot.left()) / plot.width()
        return min(len(self._points) - 1, max(0, round(fraction * (len(self._points) - 1))))

    def tooltip_text(self, index: int) -> str:
        point = self._points[index]
        if point.windows == (7, 30):
            return "\n".join(
                [
                    point.day.strftime("%Y-%m-%d"),
                    fill(
                        self.tr("7 days: {rate} ({events} events / {orders} orders)"),
                        rate=format_rate(point.rate_7d),
                        events=point.events_7d,
                        orders=point.orders_7d,
                    ),
                    fill(
                        self.tr("30 days: {rate} ({events} events / {orders} orders)"),
                        rate=format_rate(point.rate_30d),
                        events=point.events_30d,
                        orders=point.orders_30d,
                    ),
                ]
            )
        lines = [point.day.strftime("%Y-%m-%d")]
        shown = (
            (point.windows[0], point.rate_7d, point.events_7d, point.orders_7d),
            (point.windows[1], point.rate_30d, point.events_30d, point.orders_30d),
        )
        for days, rate, counted, out_of in shown[: 2 if self._two_windows else 1]:
            lines.append(
                fill(
                    self.tr("{days} days: {rate} ({count} of {total})"),
                    rate=format_rate(rate),
                    count=counted,
                    total=out_of,
                    days=days,
                )
            )
        return "\n".join(lines)

    def mouseMoveEvent(self, event: QMouseEvent) -> None:  # noqa: N802 - Qt's name
        index = self.index_at(event.position().x())
        if index != self._hover:
            self._hover = index
            self.update()
        if index is not None:
            QToolTip.showText(event.globalPosition().toPoint(), self.tooltip_text(index), self)

    def leaveEvent(self, event) -> None:  # noqa: N802 - Qt's name
        self._hover = None
        QToolTip.hideText()
        self.update()
        super().leaveEvent(event)
