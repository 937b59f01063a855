"""Add a shop to the store from the window: name, marketplace, time zone (this computer's by default)."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLineEdit,
    QMessageBox,
    QWidget,
)

from seller_assistant.core.clock import system_timezone_name, zone_names
from seller_assistant.core.errors import UserError
from seller_assistant.core.settings import PLATFORMS
from seller_assistant.store import shops
from seller_assistant.ui.context import AppContext
from seller_assistant.ui.shop_filter import PLATFORM_NAMES


class AddShopDialog(QDialog):
    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.shop_id: int | None = None
        self.setWindowTitle(self.tr("Add a shop"))
        form = QFormLayout(self)
        self.name = QLineEdit(objectName="new_shop_name")
        form.addRow(self.tr("Shop name"), self.name)
        self.platform = QComboBox(objectName="new_shop_platform")
        for code in PLATFORMS:
            self.platform.addItem(PLATFORM_NAMES[code], code)
        form.addRow(self.tr("Marketplace"), self.platform)
        self.timezone = QComboBox(objectName="new_shop_timezone")
        self.timezone.setEditable(True)
        self.timezone.addItems(list(zone_names()))
        self.timezone.setCurrentText(system_timezone_name())  # this computer's, shown, never hidden
        form.addRow(self.tr("Time zone"), self.timezone)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.add)
        buttons.rejected.connect(self.reject)
        self.ok_button = buttons.button(QDialogButtonBox.StandardButton.Ok)
        form.addRow(buttons)

    def add(self) -> None:
        try:
            if not self.name.text().strip():
                raise UserError(self.tr("Give the shop a name."))
            self.shop_id = shops.add_shop(
                self.ctx.store,
                self.name.text(),
                self.platform.currentData(),
                self.timezone.currentText().strip(),
                self.ctx.now(),
            )
        except UserError as exc:
            QMessageBox.warning(self, self.windowTitle(), str(exc))
            return
        self.ctx.notify_changed()
        self.accept()
