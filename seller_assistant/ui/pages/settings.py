"""The Settings page: the shop's name, marketplace, time zone, promise, threshold and lead times."""

from __future__ import annotations

from zoneinfo import available_timezones

from PySide6.QtCore import Slot
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDoubleSpinBox,
    QFormLayout,
    QHBoxLayout,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from seller_assistant.core.errors import UserError
from seller_assistant.core.settings import PLATFORMS
from seller_assistant.ui.context import AppContext
from seller_assistant.ui.widgets import heading, plain_label

_PLATFORM_NAMES = {
    "taobao": "淘宝 Taobao", "tmall": "天猫 Tmall", "jd": "京东 JD", "pinduoduo": "拼多多 Pinduoduo",
    "douyin": "抖音 Douyin", "amazon": "Amazon", "ebay": "eBay", "other": "Other",
}


class SettingsPage(QWidget):
    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        layout = QVBoxLayout(self)
        layout.addWidget(heading(self.tr("Settings")))

        form = QFormLayout()
        self.name = QLineEdit(objectName="shop_name")
        form.addRow(self.tr("Shop name"), self.name)
        self.platform = QComboBox(objectName="platform")
        for code in PLATFORMS:
            self.platform.addItem(_PLATFORM_NAMES[code], code)
        form.addRow(self.tr("Marketplace"), self.platform)
        self.timezone = QComboBox(objectName="timezone")
        self.timezone.setEditable(True)
        self.timezone.addItems(sorted(available_timezones()))
        form.addRow(self.tr("Time zone"), self.timezone)
        self.promise = self._hours_box(1, 24 * 60, "ship_promise_hours")
        form.addRow(self.tr("Default ship promise"), self.promise)
        self.threshold = QDoubleSpinBox(objectName="threshold")
        self.threshold.setRange(0.0, 99.99)
        self.threshold.setDecimals(2)
        self.threshold.setSuffix(" %")
        self.threshold.setSpecialValueText(self.tr("not set"))
        self.threshold.setToolTip(
            self.tr("Your main category's average help rate, as shown in your seller centre. 0 = not set.")
        )
        form.addRow(self.tr("Help-rate threshold"), self.threshold)
        self.margin = QSpinBox(objectName="warning_margin")
        self.margin.setRange(0, 100)
        self.margin.setSuffix(self.tr(" events"))
        form.addRow(self.tr("Warn when headroom is at most"), self.margin)
        self.due_soon = self._hours_box(0, 240, "due_soon_lead_hours")
        form.addRow(self.tr("Warn before a ship deadline"), self.due_soon)
        self.work_order_lead = self._hours_box(0, 240, "work_order_lead_hours")
        form.addRow(self.tr("Warn before a work order's deadline"), self.work_order_lead)
        self.commitment_lead = self._hours_box(0, 240, "commitment_lead_hours")
        form.addRow(self.tr("Warn before a promised date"), self.commitment_lead)
        self.staff = QLineEdit(objectName="staff_name")
        form.addRow(self.tr("Your name in chats"), self.staff)
        self.language = QComboBox(objectName="language")
        self.language.addItem(self.tr("Follow the system"), None)
        self.language.addItem("简体中文", "zh")
        self.language.addItem("English", "en")
        form.addRow(self.tr("Language"), self.language)
        self.summary_hour = QSpinBox(objectName="morning_summary_hour")
        self.summary_hour.setRange(0, 23)
        self.summary_hour.setSuffix(":00")
        form.addRow(self.tr("Morning summary at"), self.summary_hour)
        self.tray = QCheckBox(self.tr("Keep running in the tray when the window is closed"), objectName="tray")
        form.addRow("", self.tray)
        layout.addLayout(form)

        buttons = QHBoxLayout()
        buttons.addStretch(1)
        self.save_button = QPushButton(self.tr("Save"), objectName="save_settings")
        self.save_button.clicked.connect(self.save)
        self.revert_button = QPushButton(self.tr("Revert"))
        self.revert_button.clicked.connect(self.load)
        buttons.addWidget(self.revert_button)
        buttons.addWidget(self.save_button)
        layout.addLayout(buttons)
        self.store_label = plain_label()
        layout.addWidget(self.store_label)
        layout.addStretch(1)
        self.load()

    def _hours_box(self, low: float, high: float, name: str) -> QDoubleSpinBox:
        box = QDoubleSpinBox(objectName=name)
        box.setRange(low, high)
        box.setDecimals(1)
        box.setSuffix(self.tr(" h"))
        return box

    @Slot()
    def load(self) -> None:
        s = self.ctx.settings
        self.name.setText(s.name)
        self.platform.setCurrentIndex(max(0, self.platform.findData(s.platform)))
        self.timezone.setCurrentText(s.timezone)
        self.promise.setValue(s.ship_promise_hours)
        self.threshold.setValue((s.help_rate_threshold or 0) * 100)
        self.margin.setValue(s.warning_margin)
        self.due_soon.setValue(s.due_soon_lead_hours)
        self.work_order_lead.setValue(s.work_order_lead_hours)
        self.commitment_lead.setValue(s.commitment_lead_hours)
        self.staff.setText(s.staff_name)
        self.language.setCurrentIndex(max(0, self.language.findData(s.language)))
        self.summary_hour.setValue(s.morning_summary_hour)
        self.tray.setChecked(s.minimize_to_tray)
        self.store_label.setText(self.tr("Store: %1").replace("%1", str(self.ctx.db_path)))

    @Slot()
    def save(self) -> None:
        old = self.ctx.settings
        try:
            new = old.updated(
                name=self.name.text(),
                platform=self.platform.currentData(),
                timezone=self.timezone.currentText().strip(),
                ship_promise_hours=self.promise.value(),
                help_rate_threshold=(self.threshold.value() / 100) or None,
                warning_margin=self.margin.value(),
                due_soon_lead_hours=self.due_soon.value(),
                work_order_lead_hours=self.work_order_lead.value(),
                commitment_lead_hours=self.commitment_lead.value(),
                staff_name=self.staff.text(),
                language=self.language.currentData(),
                morning_summary_hour=self.summary_hour.value(),
                minimize_to_tray=self.tray.isChecked(),
            )
            self.ctx.save_settings(new)
        except UserError as exc:
            QMessageBox.warning(self, self.tr("Settings not saved"), str(exc))
            return
        message = self.tr("Settings saved.")
        self.ctx.status_message.emit(message)
