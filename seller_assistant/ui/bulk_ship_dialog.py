"""Bulk ship: paste or open a list of order → tracking number (→ carrier), see each line checked, ship
the good ones in one write and keep the rest named by line."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QTimer, Slot
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from seller_assistant.core.bulk_ship import PlannedShipment, pasted_rows, plan_shipments, ship_lines
from seller_assistant.core.changes import Changes
from seller_assistant.core.errors import UserError
from seller_assistant.store import orders
from seller_assistant.store.shops import load_settings
from seller_assistant.ui import theme
from seller_assistant.ui.context import AppContext
from seller_assistant.ui.order_actions import TimeEdit, carrier_field, ui_language
from seller_assistant.ui.shop_filter import ShopFilter

CHECK_DELAY_MS = 250  # re-check after a pause in typing, not on every key


class BulkShipDialog(QDialog):
    def __init__(self, ctx: AppContext, parent: QWidget | None = None, shop_id: int | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.setWindowTitle(self.tr("Bulk ship"))
        self.resize(760, 560)
        layout = QVBoxLayout(self)
        intro = QLabel(
            self.tr(
                "Paste one order per line: order number, tracking number and, if you like, the "
                "carrier (copied from Excel or a courier's export), or open a CSV or Excel file."
            )
        )
        intro.setWordWrap(True)
        layout.addWidget(intro)
        self.text = QPlainTextEdit(objectName="bulk_text")
        self.text.setPlaceholderText("3301234567890123\tSF1234567890123\n3301234567890124\tYT1234567890123")
        self.text.setTabChangesFocus(False)
        layout.addWidget(self.text, 1)

        form = QFormLayout()
        self.shop = ShopFilter(ctx, with_all=False, objectName="bulk_shop")
        if shop_id is not None and self.shop.findData(shop_id) >= 0:
            self.shop.setCurrentIndex(self.shop.findData(shop_id))
        if self.shop.several():
            form.addRow(self.tr("Shop"), self.shop)
        self.carrier = carrier_field(
            orders.last_carrier(ctx.store, self._shop_id()), objectName="bulk_carrier"
        )
        form.addRow(self.tr("Carrier for lines without one"), self.carrier)
        self.shipped_at = TimeEdit(ctx.now(), self._settings().timezone)
        form.addRow(self.tr("Shipped at"), self.shipped_at)
        row = QHBoxLayout()
        self.open_button = QPushButton(self.tr("Open a file…"), objectName="bulk_open")
        self.open_button.clicked.connect(self.choose_file)
        row.addWidget(self.open_button)
        row.addStretch(1)
        layout.addLayout(form)
        layout.addLayout(row)

        self.table = QTableWidget(0, 5, objectName="bulk_preview")
        self.table.setHorizontalHeaderLabels(
            [
                self.tr("Line"),
                self.tr("Order"),
                self.tr("Tracking number"),
                self.tr("Carrier"),
                self.tr("Problem"),
            ]
        )
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setStretchLastSection(True)
        layout.addWidget(self.table, 2)
        self.summary = QLabel(objectName="bulk_summary")
        self.summary.setWordWrap(True)
        layout.addWidget(self.summary)

        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.ship_button = self.buttons.addButton(self.tr("Ship"), QDialogButtonBox.ButtonRole.AcceptRole)
        self.ship_button.setObjectName("bulk_ship")
        self.ship_button.clicked.connect(self.ship)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)

        self.planned: list[PlannedShipment] = []
        self.unreadable: list[tuple[int, str]] = []
        self._timer = QTimer(self, singleShot=True, interval=CHECK_DELAY_MS)
        self._timer.timeout.connect(self.check)
        self.text.textChanged.connect(self._timer.start)
        self.carrier.textChanged.connect(self._timer.start)
        self.shop.currentIndexChanged.connect(self._shop_changed)
        self.check()

    def _shop_id(self) -> int:
        return self.shop.shop_id() or self.ctx.shop_id

    def _settings(self):
        return load_settings(self.ctx.store, self._shop_id())

    @Slot()
    def _shop_changed(self) -> None:
        self.carrier.setText(orders.last_carrier(self.ctx.store, self._shop_id()))
        self.check()

    @Slot()
    def choose_file(self) -> None:
        path, _ = QFileDialog.getOpenFileName(
            self,
            self.tr("Open a list of tracking numbers"),
            "",
            self.tr("Lists (*.csv *.tsv *.txt *.xlsx);;All files (*)"),
        )
        if path:
            self.load_file(path)

    def load_file(self, path: str | Path) -> None:
        """The file's rows into the box, each on its own line number, so a problem's line is the file's."""
        from seller_assistant.importers.ship_list import read_ship_list

        try:
            rows = read_ship_list(path)
        except UserError as exc:
            QMessageBox.warning(self, self.windowTitle(), str(exc))
            return
        lines = [""] * (rows[-1][0] if rows else 0)
        for number, cells in rows:
            lines[number - 1] = "\t".join(cells)
        self.text.setPlainText("\n".join(lines))
        self.check()

    @Slot()
    def check(self) -> None:
        self._timer.stop()
        lang = ui_language(self)
        lines, self.unreadable = ship_lines(pasted_rows(self.text.toPlainText()), lang)
        known = orders.orders_by_number(self.ctx.store, self._shop_id(), (line.order_no for line in lines))
        self.planned = plan_shipments(lines, known, self.carrier.text(), lang)
        rows = sorted(
            [
                (p.line, p.order_no, p.tracking_no, p.carrier.name(lang) if p.carrier else "", p.problem)
                for p in self.planned
            ]
            + [(line, "", "", "", problem) for line, problem in self.unreadable]
        )
        self.table.setRowCount(len(rows))
        for r, values in enumerate(rows):
            for c, value in enumerate(values):
                item = QTableWidgetItem("" if value is None else str(value))
                if values[4]:
                    item.setForeground(theme.colour("error_text"))
                self.table.setItem(r, c, item)
        good = sum(p.ok for p in self.planned)
        bad = len(rows) - good
        self.ship_button.setText(self.tr("Ship %n order(s)", "", good))
        self.ship_button.setEnabled(good > 0 and not self.ctx.read_only)
        if not rows:
            self.summary.setText("")
        elif bad:
            self.summary.setText(
                self.tr(
                    "%n line(s) cannot ship (named in red); the others ship, these stay as they are.", "", bad
                )
            )
        else:
            self.summary.setText(self.tr("Every line is ready to ship."))

    @Slot()
    def ship(self) -> None:
        self.check()
        good = [p for p in self.planned if p.ok]
        if not good:
            return
        lang = ui_language(self)
        try:
            orders.ship_many(
                self.ctx.store,
                [(p.order_id, p.tracking_no, p.carrier.name(lang)) for p in good],
                self.shipped_at.epoch(),
                self.ctx.now(),
            )
        except UserError as exc:
            QMessageBox.warning(self, self.windowTitle(), str(exc))  # nothing was written
            return
        self.ctx.notify_changed(
            Changes(orders=frozenset(p.order_id for p in good), evidence=True, settings=True)
        )
        self.ctx.status_message.emit(self.tr("Shipped %n order(s).", "", len(good)))
        # What did not ship stays in the box, to be fixed and shipped next.
        left = {p.line for p in self.planned if not p.ok} | {line for line, _ in self.unreadable}
        kept = [
            text
            for number, text in enumerate(self.text.toPlainText().splitlines(), start=1)
            if number in left
        ]
        self.text.setPlainText("\n".join(kept))
        self.check()
        if not left:
            self.accept()
            return
        self.summary.setText(
            self.tr(
                "Shipped %n order(s). The lines below did not ship: correct them and ship again.",
                "",
                len(good),
            )
        )
