"""Searching every message: a debounced box, filters, and results with the matches highlighted."""

from __future__ import annotations

import html
from collections.abc import Callable
from dataclasses import replace
from datetime import datetime, time, timedelta

from PySide6.QtCore import QAbstractListModel, QDate, QModelIndex, QRectF, QSize, Qt, QTimer, Signal
from PySide6.QtGui import QAbstractTextDocumentLayout, QPainter, QPalette, QTextDocument
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QFormLayout,
    QHBoxLayout,
    QLineEdit,
    QListView,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QVBoxLayout,
    QWidget,
)

from seller_assistant.core.clock import format_local, to_epoch
from seller_assistant.core.errors import UserError
from seller_assistant.ui import theme, workers
from seller_assistant.ui.context import AppContext
from seller_assistant.ui.conversation_model import STAGES, stage_label
from seller_assistant.ui.i18n import fill
from seller_assistant.ui.store_opener import worker_store_opener
from seller_assistant.ui.widgets import plain_label

DEBOUNCE_MS = 300
SNIPPET_BEFORE = 30  # characters of context shown before the first match of a long message
SNIPPET_LENGTH = 160
RESULT_LIMIT = 200
FIRST_PAGE = 40  # shown as soon as found; the rest of the RESULT_LIMIT follows


def highlighted_html(text: str, spans: list[tuple[int, int]]) -> str:
    """The text as HTML with the spans marked; every piece of shop text is escaped first."""
    pieces, position = [], 0
    for start, end in sorted(spans):
        if start < position:
            continue
        pieces.append(html.escape(text[position:start]))
        pieces.append(
            f'<span style="background:{theme.hex_colour("search_highlight")};font-weight:bold">'
            f"{html.escape(text[start:end])}</span>"
        )
        position = end
    pieces.append(html.escape(text[position:]))
    return "".join(pieces).replace("\n", "<br>")


def snippet(text: str, spans: list[tuple[int, int]]) -> tuple[str, list[tuple[int, int]]]:
    """A long message cut around its first match, with the spans moved to match the cut."""
    if len(text) <= SNIPPET_LENGTH:
        return text, spans
    first = spans[0][0] if spans else 0
    start = max(0, first - SNIPPET_BEFORE)
    end = min(len(text), start + SNIPPET_LENGTH)
    prefix = "…" if start else ""
    suffix = "…" if end < len(text) else ""
    shift = len(prefix) - start
    moved = [(s + shift, e + shift) for s, e in spans if s >= start and e <= end]
    return prefix + text[start:end] + suffix, moved


def _header_style() -> str:
    return f"color:{theme.hex_colour('muted_text')};"


def hit_html(hit, tz) -> str:
    who = hit.sender_name or hit.buyer
    order = hit.order_no or "—"
    header = " · ".join(html.escape(part) for part in (order, hit.buyer, who, format_local(hit.sent_at, tz)))
    text, spans = snippet(hit.text, list(hit.highlights))
    return f'<div style="{_header_style()}font-size:small">{header}</div><div>{highlighted_html(text, spans)}</div>'


class HitModel(QAbstractListModel):
    HIT_ROLE = Qt.ItemDataRole.UserRole + 1
    HTML_ROLE = Qt.ItemDataRole.UserRole + 2

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.hits: list = []
        self.tz = None
        # Each hit's markup, made when first drawn: a view lays its rows out again on every resize
        # and insert, and making 200 rows' markup each time held the window for tens of ms.
        self._html: dict[int, str] = {}

    def set_hits(self, hits: list, tz) -> None:
        self.beginResetModel()
        self.hits, self.tz = list(hits), tz
        self._html = {}
        self.endResetModel()

    def add_hits(self, hits: list) -> None:
        """More hits of the same search, below the ones shown (the selection and scroll stay)."""
        if hits:
            self.beginInsertRows(QModelIndex(), len(self.hits), len(self.hits) + len(hits) - 1)
            self.hits.extend(hits)
            self.endInsertRows()

    def rowCount(self, parent: QModelIndex = QModelIndex()) -> int:  # noqa: N802, B008 - Qt's name
        return 0 if parent.isValid() else len(self.hits)

    def data(self, index: QModelIndex, role: int = Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        hit = self.hits[index.row()]
        if role == self.HIT_ROLE:
            return hit
        if role == self.HTML_ROLE:
            markup = self._html.get(hit.message_id)
            if markup is None:
                markup = self._html[hit.message_id] = hit_html(hit, self.tz)
            return markup
        if role == Qt.ItemDataRole.DisplayRole:
            return hit.text
        return None


class HtmlDelegate(QStyledItemDelegate):
    """Draws the (escaped) result HTML so the matches stand out."""

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        # A row's height at a width: laying out its rich text is the costly part, and the view asks
        # for every row's height again on each resize, insert and reset.
        self._heights: dict[tuple[str, int], QSize] = {}

    def _document(self, option: QStyleOptionViewItem, index: QModelIndex) -> QTextDocument:
        document = QTextDocument()
        document.setDefaultFont(option.font)
        markup = index.data(HitModel.HTML_ROLE) or ""
        if option.state & QStyle.StateFlag.State_Selected:
            markup = markup.replace(_header_style(), "")  # grey on the selection colour is unreadable
        document.setHtml(markup)
        document.setTextWidth(max(100, option.rect.width() if option.rect.width() > 0 else 300) - 8)
        return document

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: QModelIndex) -> None:
        self.initStyleOption(option, index)
        painter.save()
        style = option.widget.style() if option.widget else None
        option.text = ""
        if style:
            style.drawControl(QStyle.ControlElement.CE_ItemViewItem, option, painter, option.widget)
        document = self._document(option, index)
        painter.translate(option.rect.left() + 4, option.rect.top() + 3)
        context = QAbstractTextDocumentLayout.PaintContext()
        if option.state & QStyle.StateFlag.State_Selected:
            context.palette.setColor(QPalette.ColorRole.Text, option.palette.highlightedText().color())
        document.documentLayout().draw(painter, context)
        painter.restore()

    def sizeHint(self, option: QStyleOptionViewItem, index: QModelIndex) -> QSize:  # noqa: N802 - Qt's name
        key = (index.data(HitModel.HTML_ROLE) or "", option.rect.width())
        size = self._heights.get(key)
        if size is None:
            if len(self._heights) > 4000:  # many searches later: start again rather than grow
                self._heights.clear()
            document = self._document(option, index).size()
            size = QSize(
                int(document.width()), int(QRectF(0, 0, document.width(), document.height()).height()) + 8
            )
            self._heights[key] = size
        return QSize(size)


class SearchPanel(QWidget):
    hit_activated = Signal(object)  # a store.search.Hit
    results_shown = Signal()  # a search (or the newest messages) reached the list

    def __init__(
        self, ctx: AppContext, parent: QWidget | None = None, shop: Callable[[], int] | None = None
    ) -> None:
        super().__init__(parent)
        self.ctx = ctx
        # The shop searched (the page's picker): one shop's chats, times in its zone.
        self.shop_id: Callable[[], int] = shop or (lambda: ctx.shop_id)
        self._generation = 0  # results of an older search that finishes late are dropped
        self.last_result, self.last_query = None, None
        self.search_worker: workers.Worker | None = None

        self.query = QLineEdit()
        self.query.setPlaceholderText(self.tr("Search every chat (Chinese or English)…"))
        self.query.setClearButtonEnabled(True)
        self.order_no = QLineEdit()
        self.order_no.setPlaceholderText(self.tr("any order"))
        self.buyer = QLineEdit()
        self.buyer.setPlaceholderText(self.tr("any buyer"))
        self.stage = QComboBox()
        self.stage.addItem(self.tr("any stage"), None)
        for stage in STAGES:
            self.stage.addItem(stage_label(stage), stage)
        self.staff = QComboBox()
        self.staff.setEditable(True)
        self.staff.lineEdit().setPlaceholderText(self.tr("anyone"))
        self.fill_staff()
        self.since_on, self.since = self._date_filter(self.tr("from"), -30)
        self.until_on, self.until = self._date_filter(self.tr("to"), 0)

        filters = QFormLayout()
        filters.addRow(self.tr("Order number"), self.order_no)
        filters.addRow(self.tr("Buyer"), self.buyer)
        filters.addRow(self.tr("Stage"), self.stage)
        filters.addRow(self.tr("Staff member"), self.staff)
        dates = QHBoxLayout()
        for widget in (self.since_on, self.since, self.until_on, self.until):
            dates.addWidget(widget)
        filters.addRow(self.tr("Dates"), dates)

        self.status = plain_label()
        self.status.setStyleSheet(theme.text_style("muted_text"))
        self.results = QListView()
        self.model = HitModel(self)
        self.results.setModel(self.model)
        self.results.setItemDelegate(HtmlDelegate(self.results))
        self.results.setUniformItemSizes(False)
        self.results.setWordWrap(True)
        self.results.setResizeMode(QListView.ResizeMode.Adjust)
        # Rows are wrapped to the view's width: a scroll bar coming and going as the rows' heights
        # are measured changed that width, measured them again, and so on without end — the GUI
        # thread busy for as long as a result list was shown. With the bar always there the width
        # holds still.
        self.results.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOn)
        # Rows are measured a batch at a time between events, not all 200 in one go.
        self.results.setLayoutMode(QListView.LayoutMode.Batched)
        self.results.setBatchSize(10)
        self.results.clicked.connect(self._activate)
        self.results.activated.connect(self._activate)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.query)
        layout.addLayout(filters)
        layout.addWidget(self.status)
        layout.addWidget(self.results, 1)

        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.setInterval(DEBOUNCE_MS)
        self.timer.timeout.connect(self.run_search)
        for line in (self.query, self.order_no, self.buyer):
            line.textChanged.connect(self.schedule)
        self.staff.currentTextChanged.connect(self.schedule)
        self.stage.currentIndexChanged.connect(self.schedule)
        for box in (self.since_on, self.until_on):
            box.toggled.connect(self.schedule)
        for edit in (self.since, self.until):
            edit.dateChanged.connect(self.schedule)

    def _tz(self):
        return self.ctx.settings_for(self.shop_id()).tz()

    def fill_staff(self) -> None:
        """The picked shop's staff name as a choice (typing another name still works)."""
        self.staff.blockSignals(True)
        typed = self.staff.currentText()
        self.staff.clear()
        self.staff.addItem("")
        if self.ctx.settings_for(self.shop_id()).staff_name:
            self.staff.addItem(self.ctx.settings_for(self.shop_id()).staff_name)
        self.staff.setCurrentText(typed)
        self.staff.blockSignals(False)

    def _date_filter(self, label: str, days_from_today: int) -> tuple[QCheckBox, QDateEdit]:
        box = QCheckBox(label)
        edit = QDateEdit()
        edit.setCalendarPopup(True)
        edit.setDisplayFormat("yyyy-MM-dd")
        today = datetime.fromtimestamp(self.ctx.now(), self._tz()).date()
        edit.setDate(QDate(today.year, today.month, today.day).addDays(days_from_today))
        edit.setEnabled(False)
        box.toggled.connect(edit.setEnabled)
        return box, edit

    def schedule(self) -> None:
        """Wait for a pause in typing before searching (each keystroke restarts the wait)."""
        self.timer.start()

    def _day_start(self, date: QDate, extra_days: int = 0) -> int:
        day = datetime.combine(date.toPython() + timedelta(days=extra_days), time(0), self._tz())
        return to_epoch(day)

    def filters(self) -> dict:
        """The search's keyword arguments from the filter widgets (UserError for an unknown order)."""
        from seller_assistant.store.orders import find_order

        chosen: dict = {}
        order_no = self.order_no.text().strip()
        if order_no:
            chosen["order_id"] = find_order(self.ctx.store, self.shop_id(), order_no)["id"]
        if self.buyer.text().strip():
            chosen["buyer"] = self.buyer.text().strip()
        if self.stage.currentData():
            chosen["stage"] = self.stage.currentData()
        if self.staff.currentText().strip():
            chosen["sender_name"] = self.staff.currentText().strip()
        if self.since_on.isChecked():
            chosen["since"] = self._day_start(self.since.date())
        if self.until_on.isChecked():
            chosen["until"] = self._day_start(self.until.date(), extra_days=1)  # the whole last day
        return chosen

    def run_search(self) -> None:
        """Start the search the box and filters describe, cancelling the one it replaces: typing
        never leaves a queue of searches behind it. The first hits are shown as soon as they are
        found, the rest follow."""
        from seller_assistant.store.search import MIN_QUERY_CHARS, SearchResult

        self.timer.stop()
        self.cancel_search()
        self._generation += 1
        generation = self._generation
        query = self.query.text().strip()
        tz = self._tz()
        try:
            chosen = self.filters()
        except UserError as exc:
            self.model.set_hits([], tz)
            self.status.setText(str(exc))
            return
        if 0 < len(query) < MIN_QUERY_CHARS:
            self.last_result, self.last_query = SearchResult("too_short", []), query
            self.model.set_hits([], tz)
            self.status.setText(
                fill(self.tr("Type at least 2 characters to search (“{query}” is one)."), query=query)
            )
            return
        self.status.setText(self.tr("Searching…"))
        self._start_page(generation, query, chosen, FIRST_PAGE, None, [])

    def _start_page(
        self, generation: int, query: str, chosen: dict, limit: int, before_id: int | None, shown: list
    ) -> None:
        from seller_assistant.store.search import search_messages

        shop_id = self.shop_id()
        open_store = worker_store_opener(self.ctx)

        def run(job: workers.Job):
            # A replaced search stops inside SQLite at its next steps, not when its query ends.
            with open_store() as store, workers.stopped_inside_sqlite(store.conn, job):
                return search_messages(store, shop_id, query, limit=limit, before_id=before_id, **chosen)

        self.search_worker = workers.start(
            run,
            lambda result: self._show(generation, query, chosen, limit, shown, result),
            lambda text: self._failed(generation, text),
        )

    def cancel_search(self) -> None:
        if self.search_worker is not None:
            self.search_worker.job.cancel()
            self.search_worker = None

    def _show(self, generation: int, query: str, chosen: dict, limit: int, shown: list, result) -> None:
        if generation != self._generation:
            return
        hits = shown + list(result.hits)
        more = (
            result.mode in ("fts", "bigram", "filtered")
            and len(result.hits) == limit
            and len(hits) < RESULT_LIMIT
        )
        result = replace(result, hits=hits)
        self.last_result, self.last_query = result, query
        if shown:
            self.model.add_hits(result.hits[len(shown) :])
        else:
            self.model.set_hits(hits, self._tz())
        if more:
            self.search_worker = None
            self.status.setText(self.tr("%n message(s) found so far…", "", len(hits)))
            self._start_page(generation, query, chosen, RESULT_LIMIT - len(hits), hits[-1].message_id, hits)
            return
        self.search_worker = None
        self.results_shown.emit()
        if result.mode == "recent":
            self.status.setText(self.tr("The newest messages. Type a phrase to search every chat."))
            return
        lines = [self.tr("%n message(s) found.", "", len(hits))]
        if len(hits) >= RESULT_LIMIT:
            lines = [
                fill(
                    self.tr(
                        "Showing the newest {count} matches; add a filter or a longer phrase to see others."
                    ),
                    count=RESULT_LIMIT,
                )
            ]
        self.status.setText("\n".join(lines))

    def _failed(self, generation: int, text: str) -> None:
        if generation == self._generation and text:
            self.status.setText(text)

    def _activate(self, index: QModelIndex) -> None:
        hit = index.data(HitModel.HIT_ROLE)
        if hit is not None:
            self.hit_activated.emit(hit)
