"""The Settings page, per shop: name, marketplace, time zone, promise, business calendar, ship promise
rules, threshold and lead times. With several shops, a picker at the top says which shop is shown.
Below them, this desk's own: who works here and the shared store (ui/shared_store_setup.py)."""

from __future__ import annotations

from PySide6.QtCore import QTime, Slot
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDoubleSpinBox,
    QFormLayout,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QScrollArea,
    QSpinBox,
    QTimeEdit,
    QVBoxLayout,
    QWidget,
)

from seller_assistant.core.clock import zone_names
from seller_assistant.core.errors import UserError
from seller_assistant.core.settings import PLATFORMS
from seller_assistant.store import shops
from seller_assistant.ui.calendar_editor import CalendarEditor, recompute_in_background
from seller_assistant.ui.context import AppContext
from seller_assistant.ui.i18n import fill
from seller_assistant.ui.rules_editor import RulesEditor
from seller_assistant.ui.shared_store_setup import SharedStoreSetup
from seller_assistant.ui.shop_filter import PLATFORM_NAMES, ShopFilter
from seller_assistant.ui.widgets import heading, plain_label

# Settings that move deadlines: saving a change to one of them recomputes the shop's promises.
_PROMISE_KEYS = (
    "timezone",
    "ship_promise_hours",
    "ship_promise_working_days",
    "working_weekdays",
    "cutoff_time",
)


class SettingsPage(QWidget):
    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        outer.addWidget(scroll)
        content = QWidget()
        scroll.setWidget(content)
        layout = QVBoxLayout(content)
        top = QHBoxLayout()
        top.addWidget(heading(self.tr("Settings")))
        top.addStretch(1)
        # One page per shop: the picker shows only when the store has several.
        self.shop_filter = ShopFilter(ctx, with_all=False, objectName="settings_shop")
        self.shop_filter.shop_chosen.connect(self._shop_chosen)
        top.addWidget(self.shop_filter)
        self.add_shop_button = QPushButton(self.tr("Add shop…"), objectName="add_shop")
        self.add_shop_button.clicked.connect(self.add_shop)
        self.add_shop_button.setEnabled(not ctx.read_only)
        top.addWidget(self.add_shop_button)
        layout.addLayout(top)
        self.shop_id = self.shop_filter.shop_id() or ctx.shop_id

        form = QFormLayout()
        self.name = QLineEdit(objectName="shop_name")
        form.addRow(self.tr("Shop name"), self.name)
        self.platform = QComboBox(objectName="platform")
        for code in PLATFORMS:
            self.platform.addItem(PLATFORM_NAMES[code], code)
        form.addRow(self.tr("Marketplace"), self.platform)
        self.timezone = QComboBox(objectName="timezone")
        self.timezone.setEditable(True)
        self.timezone.addItems(list(zone_names()))
        form.addRow(self.tr("Time zone"), self.timezone)
        self.promise = self._hours_box(1, 24 * 60, "ship_promise_hours")
        form.addRow(self.tr("Default ship promise"), self.promise)
        self.working_days = QSpinBox(objectName="ship_promise_working_days")
        self.working_days.setRange(-1, 60)
        self.working_days.setSpecialValueText(self.tr("not used (the hours apply)"))
        self.working_days.setSuffix(self.tr(" working days"))
        self.working_days.setToolTip(
            self.tr(
                "Amazon/eBay handling time: the order ships by the end of this working day after payment."
            )
        )
        form.addRow(self.tr("Or ship within"), self.working_days)
        weekday_row = QHBoxLayout()
        self.weekdays: dict[int, QCheckBox] = {}
        day_names = (
            self.tr("Mon"),
            self.tr("Tue"),
            self.tr("Wed"),
            self.tr("Thu"),
            self.tr("Fri"),
            self.tr("Sat"),
            self.tr("Sun"),
        )
        for number, day_name in enumerate(day_names, start=1):
            box = QCheckBox(day_name, objectName=f"weekday_{number}")
            self.weekdays[number] = box
            weekday_row.addWidget(box)
        weekday_row.addStretch(1)
        form.addRow(self.tr("Working days"), weekday_row)
        cutoff_row = QHBoxLayout()
        self.cutoff_on = QCheckBox(self.tr("Paid after"), objectName="cutoff_on")
        self.cutoff = QTimeEdit(objectName="cutoff_time")
        self.cutoff.setDisplayFormat("HH:mm")
        self.cutoff_on.toggled.connect(self.cutoff.setEnabled)
        cutoff_row.addWidget(self.cutoff_on)
        cutoff_row.addWidget(self.cutoff)
        cutoff_row.addWidget(QLabel(self.tr("counts from the next working day")))
        cutoff_row.addStretch(1)
        form.addRow(self.tr("Cut-off time"), cutoff_row)
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
        self.tray = QCheckBox(
            self.tr("Keep running in the tray when the window is closed"), objectName="tray"
        )
        form.addRow("", self.tray)
        self.anchor = QCheckBox(
            self.tr("Timestamp the evidence once a day (the app's only network use)"),
            objectName="timestamp_anchor",
        )
        form.addRow(self.tr("Evidence timestamp"), self.anchor)
        self.authority = QLineEdit(objectName="timestamp_authority")
        form.addRow(self.tr("Timestamp authority"), self.authority)
        self.anchor_note = plain_label(
            self.tr(
                "What leaves this computer: one SHA-256 hash of the head log (the newest entry's hash), nothing "
                "else, sent to the timestamp authority above. Its signed answer proves the evidence existed then "
                "and was not recomputed since. Off by default."
            )
        )
        form.addRow("", self.anchor_note)
        self.anchor.toggled.connect(self.authority.setEnabled)
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
        self.calendar = CalendarEditor(ctx)
        layout.addWidget(self.calendar)
        self.rules = RulesEditor(ctx)
        layout.addWidget(self.rules)
        # This desk's own: who works here and the shared store's address (issue 18), not the shop's.
        self.shared_store = SharedStoreSetup(ctx)
        layout.addWidget(self.shared_store)
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
    def add_shop(self):
        from seller_assistant.ui.add_shop_dialog import AddShopDialog

        dialog = AddShopDialog(self.ctx, self)
        dialog.accepted.connect(lambda: self._show_new_shop(dialog.shop_id))
        dialog.open()
        return dialog

    def _show_new_shop(self, shop_id: int | None) -> None:
        self.shop_filter.reload()
        if shop_id is not None:
            self.shop_filter.setCurrentIndex(self.shop_filter.findData(shop_id))

    @Slot(object)
    def _shop_chosen(self, shop_id: int | None) -> None:
        if shop_id is not None and shop_id != self.shop_id:
            self.shop_id = shop_id
            self.load()

    def shop_settings(self):
        return shops.load_settings(self.ctx.store, self.shop_id)

    @Slot()
    def load(self) -> None:
        s = self.shop_settings()
        self.name.setText(s.name)
        self.platform.setCurrentIndex(max(0, self.platform.findData(s.platform)))
        self.timezone.setCurrentText(s.timezone)
        self.promise.setValue(s.ship_promise_hours)
        self.working_days.setValue(-1 if s.ship_promise_working_days is None else s.ship_promise_working_days)
        for number, box in self.weekdays.items():
            box.setChecked(number in s.working_weekdays)
        self.cutoff_on.setChecked(s.cutoff_time is not None)
        self.cutoff.setEnabled(s.cutoff_time is not None)
        self.cutoff.setTime(QTime.fromString(s.cutoff_time or "16:00", "HH:mm"))
        self.threshold.setValue((s.help_rate_threshold or 0) * 100)
        self.margin.setValue(s.warning_margin)
        self.due_soon.setValue(s.due_soon_lead_hours)
        self.work_order_lead.setValue(s.work_order_lead_hours)
        self.commitment_lead.setValue(s.commitment_lead_hours)
        self.staff.setText(s.staff_name)
        self.language.setCurrentIndex(max(0, self.language.findData(s.language)))
        self.summary_hour.setValue(s.morning_summary_hour)
        self.tray.setChecked(s.minimize_to_tray)
        self.anchor.setChecked(s.timestamp_anchor)
        self.authority.setText(s.timestamp_authority)
        self.authority.setEnabled(s.timestamp_anchor)
        self.store_label.setText(fill(self.tr("Store: {store}"), store=self.ctx.db_path))
        self.calendar.load(self.shop_id)
        self.rules.load(self.shop_id)

    @Slot()
    def save(self) -> None:
        old = self.shop_settings()
        try:
            new = old.updated(
                name=self.name.text(),
                platform=self.platform.currentData(),
                timezone=self.timezone.currentText().strip(),
                ship_promise_hours=self.promise.value(),
                ship_promise_working_days=None
                if self.working_days.value() < 0
                else self.working_days.value(),
                working_weekdays=[n for n, box in self.weekdays.items() if box.isChecked()],
                cutoff_time=self.cutoff.time().toString("HH:mm") if self.cutoff_on.isChecked() else None,
                help_rate_threshold=(self.threshold.value() / 100) or None,
                warning_margin=self.margin.value(),
                due_soon_lead_hours=self.due_soon.value(),
                work_order_lead_hours=self.work_order_lead.value(),
                commitment_lead_hours=self.commitment_lead.value(),
                staff_name=self.staff.text(),
                language=self.language.currentData(),
                morning_summary_hour=self.summary_hour.value(),
                minimize_to_tray=self.tray.isChecked(),
                timestamp_anchor=self.anchor.isChecked(),
                timestamp_authority=self.authority.text(),
            )
            namesake = shops.find_shop(self.ctx.store, new.name)
            if namesake is not None and namesake.id != self.shop_id:
                raise UserError(fill(self.tr("This store already has a shop named '{shop}'."), shop=new.name))
            if self.shop_id == self.ctx.shop_id:
                self.ctx.save_settings(new)
            else:
                shops.save_settings(self.ctx.store, self.shop_id, new)
                self.ctx.notify_changed()
        except UserError as exc:
            QMessageBox.warning(self, self.tr("Settings not saved"), str(exc))
            return
        self.shop_filter.reload()
        old_map, new_map = old.to_mapping(), new.to_mapping()
        if any(old_map[key] != new_map[key] for key in _PROMISE_KEYS):
            recompute_in_background(self.ctx, self.shop_id, self)
        message = self.tr("Settings saved.")
        self.ctx.status_message.emit(message)
