"""A shop's business calendar in Settings: holidays, platform pauses and extra working days.

Each change is written at once and the shop's deadlines are recomputed off the GUI thread."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QDate, Signal, Slot
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QGroupBox,
    QHBoxLayout,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from seller_assistant.core.business_calendar import HOLIDAY, PAUSE, WORKDAY
from seller_assistant.core.clock import from_epoch
from seller_assistant.core.errors import UserError
from seller_assistant.store import calendar, orders
from seller_assistant.store.shops import load_settings
from seller_assistant.ui.context import AppContext
from seller_assistant.ui.i18n import fill
from seller_assistant.ui.store_opener import worker_store_opener
from seller_assistant.ui.widgets import plain_label
from seller_assistant.ui.workers import start


class CalendarEditor(QGroupBox):
    recomputed = Signal(int)  # how many deadlines changed

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setTitle(self.tr("Business calendar"))
        self.ctx = ctx
        self.shop_id: int | None = None
        self.kind_names = {
            HOLIDAY: self.tr("Holiday (no working-day clock)"),
            PAUSE: self.tr("Platform pause (every clock stops)"),
            WORKDAY: self.tr("Extra working day"),
        }
        layout = QVBoxLayout(self)
        layout.addWidget(
            plain_label(
                self.tr(
                    "Holidays stop promises counted in working days; a pause the platform declared (Spring "
                    "Festival) stops every deadline clock; an extra working day counts although its weekday "
                    "does not."
                )
            )
        )
        self.table = QTableWidget(0, 4, objectName="calendar_table")
        self.table.setHorizontalHeaderLabels(
            [self.tr("Kind"), self.tr("First day"), self.tr("Last day"), self.tr("Note")]
        )
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.verticalHeader().hide()
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QTableWidget.SelectionBehavior.SelectRows)
        self.table.setMaximumHeight(150)
        layout.addWidget(self.table)
        row = QHBoxLayout()
        self.kind = QComboBox(objectName="calendar_kind")
        for kind, name in self.kind_names.items():
            self.kind.addItem(name, kind)
        self.first_day = QDateEdit(objectName="calendar_first", calendarPopup=True)
        self.last_day = QDateEdit(objectName="calendar_last", calendarPopup=True)
        for edit in (self.first_day, self.last_day):
            edit.setDisplayFormat("yyyy-MM-dd")
        self.first_day.dateChanged.connect(self._first_moved)
        self.note = QLineEdit(objectName="calendar_note")
        self.note.setPlaceholderText(self.tr("e.g. 春节停发"))
        self.add_button = QPushButton(self.tr("Add"), objectName="calendar_add")
        self.add_button.clicked.connect(self.add)
        self.remove_button = QPushButton(self.tr("Remove selected"), objectName="calendar_remove")
        self.remove_button.clicked.connect(self.remove)
        for widget in (
            self.kind,
            self.first_day,
            self.last_day,
            self.note,
            self.add_button,
            self.remove_button,
        ):
            row.addWidget(widget)
        layout.addLayout(row)
        if ctx.read_only:
            self.add_button.setEnabled(False)
            self.remove_button.setEnabled(False)

    def load(self, shop_id: int) -> None:
        self.shop_id = shop_id
        self.entries = calendar.list_entries(self.ctx.store, shop_id)
        self.table.setRowCount(len(self.entries))
        for row, entry in enumerate(self.entries):
            for column, text in enumerate(
                (
                    self.kind_names[entry.kind],
                    entry.starts_on.isoformat(),
                    entry.ends_on.isoformat(),
                    entry.note,
                )
            ):
                self.table.setItem(row, column, QTableWidgetItem(text))
        self.table.resizeColumnsToContents()
        today = from_epoch(self.ctx.now(), load_settings(self.ctx.store, shop_id).tz()).date()
        self.first_day.setDate(QDate(today.year, today.month, today.day))

    @Slot(QDate)
    def _first_moved(self, day: QDate) -> None:
        if self.last_day.date() < day:
            self.last_day.setDate(day)

    @Slot()
    def add(self) -> None:
        if self.shop_id is None:
            return
        try:
            calendar.add_entry(
                self.ctx.store,
                self.shop_id,
                self.kind.currentData(),
                self.first_day.date().toPython(),
                self.last_day.date().toPython(),
                self.note.text(),
                self.ctx.now(),
            )
        except UserError as exc:
            QMessageBox.warning(self, self.title(), str(exc))
            return
        self.note.clear()
        self._changed()

    @Slot()
    def remove(self) -> None:
        rows = sorted({index.row() for index in self.table.selectedIndexes()})
        if self.shop_id is None or not rows:
            return
        for row in rows:
            calendar.remove_entry(self.ctx.store, self.shop_id, self.entries[row].id)
        self._changed()

    def _changed(self) -> None:
        self.load(self.shop_id)
        recompute_in_background(self.ctx, self.shop_id, self, self.recomputed.emit)


def recompute_in_background(ctx: AppContext, shop_id: int, owner: QWidget, done=None):  # noqa: ANN001
    """Recompute a shop's deadlines on the thread pool; the window hears of it when it is done."""
    opener, now = worker_store_opener(ctx), ctx.now()

    def job(_job):
        store = opener()
        try:
            return orders.recompute_promises(store, shop_id, load_settings(store, shop_id), now)
        finally:
            store.close()

    def finished(count: int) -> None:
        ctx.notify_changed()
        ctx.status_message.emit(
            fill(
                QCoreApplication.translate("CalendarEditor", "Orders whose deadline changed: {count}"),
                count=count,
            )
        )
        if done is not None:
            done(count)

    owner.recompute_worker = start(
        job, finished, lambda message: message and ctx.status_message.emit(message)
    )
    return owner.recompute_worker
