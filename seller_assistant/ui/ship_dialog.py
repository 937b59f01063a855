"""A small dialog to mark an order shipped now, with its courier and tracking number."""

from __future__ import annotations

from PySide6.QtCore import Slot
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QFormLayout, QLineEdit, QMessageBox, QWidget

from seller_assistant.core.errors import UserError
from seller_assistant.store import orders
from seller_assistant.ui.context import AppContext
from seller_assistant.ui.widgets import plain_label


class ShipDialog(QDialog):
    def __init__(self, ctx: AppContext, order_id: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.order_id = order_id
        order = orders.get_order(ctx.store, order_id) or {}
        self.setWindowTitle(self.tr("Ship order %1").replace("%1", str(order.get("order_no", ""))))
        self.carrier = QLineEdit(order.get("carrier") or "")
        self.carrier.setPlaceholderText(self.tr("e.g. 中通快递"))
        self.tracking = QLineEdit(order.get("tracking_no") or "")
        self.tracking.setPlaceholderText(self.tr("Upload it on the marketplace too"))
        form = QFormLayout(self)
        form.addRow(self.tr("Order"), plain_label(str(order.get("order_no", ""))))
        form.addRow(self.tr("Item"), plain_label(order.get("item_title") or ""))
        form.addRow(self.tr("Courier"), self.carrier)
        form.addRow(self.tr("Tracking number"), self.tracking)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText(self.tr("Mark shipped"))
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)

    @Slot()
    def accept(self) -> None:
        now = self.ctx.now()
        try:
            orders.ship_order(self.ctx.store, self.order_id, now, self.tracking.text().strip() or None,
                              self.carrier.text().strip() or None, now)
        except UserError as exc:
            QMessageBox.warning(self, self.windowTitle(), str(exc))
            return
        self.ctx.notify_changed()
        self.ctx.status_message.emit(self.tr("Marked shipped."))
        super().accept()
