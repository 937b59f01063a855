"""The small form in the reply panel that asks the shop for what only it knows: why, and by when."""

from __future__ import annotations

from datetime import datetime, timedelta

from PySide6.QtCore import Signal, Slot
from PySide6.QtWidgets import QComboBox, QGridLayout, QLabel, QLineEdit, QWidget

from seller_assistant.core.playbook import CHOSEN_DATES, REASONS
from seller_assistant.core.situation import OrderState
from seller_assistant.core.suggest import chosen_times
from seller_assistant.ui.context import AppContext
from seller_assistant.ui.i18n import fill
from seller_assistant.ui.order_actions import TimeEdit

HOUR = 3600
OTHER = "other"  # the reason the shop types itself
PICK = "pick"  # a date from the picker
COMMITTED = "committed"  # the date already promised to this buyer (a commitment on the order)


class ReplyFactsForm(QWidget):
    """One row per fact a reply may need. Every row starts unchosen: the app proposes choices and
    never picks one itself, so a reply states a reason or a date only once the shop gave it."""

    changed = Signal()

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self._state: OrderState | None = None
        self.reason_label = QLabel(self.tr("Reason for the delay:"))
        self.reason_combo = QComboBox(objectName="reason_choice")
        self.reason_combo.addItem(self.tr("— choose —"), None)
        names = (
            self.tr("Out of stock"),
            self.tr("Waiting for the supplier"),
            self.tr("Courier pickup delayed"),
            self.tr("Made to order"),
        )
        for code, name in zip(REASONS, names, strict=True):
            self.reason_combo.addItem(name, code)
        self.reason_combo.addItem(self.tr("Other (type it)…"), OTHER)
        self.reason_other = QLineEdit(objectName="reason_other")
        self.reason_other.setPlaceholderText(self.tr("The reason, as the buyer should read it"))
        self.reason_combo.currentIndexChanged.connect(self._reason_changed)
        self.reason_other.textChanged.connect(self.changed)

        self.date_rows: dict[str, tuple[QLabel, QComboBox, TimeEdit]] = {}
        for name, label in (
            ("new_date", self.tr("Ship by:")),
            ("report_back_at", self.tr("Report back by:")),
        ):
            combo = QComboBox(objectName=f"{name}_choice")
            edit = TimeEdit(ctx.now(), ctx.settings.timezone)
            combo.currentIndexChanged.connect(lambda _i, n=name: self._date_choice_changed(n))
            edit.dateTimeChanged.connect(self.changed)
            self.date_rows[name] = (QLabel(label), combo, edit)

        grid = QGridLayout(self)
        grid.setContentsMargins(0, 0, 0, 0)
        grid.addWidget(self.reason_label, 0, 0)
        grid.addWidget(self.reason_combo, 0, 1)
        grid.addWidget(self.reason_other, 0, 2)
        for row, (label, combo, edit) in enumerate(self.date_rows.values(), start=1):
            grid.addWidget(label, row, 0)
            grid.addWidget(combo, row, 1)
            grid.addWidget(edit, row, 2)
        grid.setColumnStretch(2, 1)
        self.show_for(set())

    # -- what it holds ---------------------------------------------------------------------------

    def _settings(self):
        state = getattr(self, "_state", None)
        return self.ctx.settings_for(state.order["shop_id"] if state is not None else None)

    def reset(self, state: OrderState | None) -> None:
        """A new order (or none): every fact unchosen again, the date choices from now."""
        self._state = state
        for _label, _combo, time_edit in self.date_rows.values():
            time_edit.set_timezone(self._settings().timezone)  # the order's own shop's zone
        for widget in (self.reason_combo, self.reason_other):
            widget.blockSignals(True)
        self.reason_combo.setCurrentIndex(0)
        self.reason_other.clear()
        for widget in (self.reason_combo, self.reason_other):
            widget.blockSignals(False)
        committed = chosen_times(state, None, self.ctx.now()) if state is not None else {}
        for name, (_label, combo, edit) in self.date_rows.items():
            combo.blockSignals(True)
            combo.clear()
            if name in committed:
                # Already promised to this buyer: the replies quote it; choosing another makes a new promise.
                combo.addItem(
                    fill(self.tr("As promised: {time}"), time=self._clock(committed[name])), COMMITTED
                )
            else:
                combo.addItem(self.tr("— choose —"), None)
            for epoch, text in self._quick_choices(name):
                combo.addItem(text, epoch)
            combo.addItem(self.tr("Pick a date and time…"), PICK)
            combo.blockSignals(False)
            edit.setVisible(False)
        self.reason_other.setVisible(False)

    def chosen(self) -> dict:
        """The facts the shop gave here: "reason" (a code or its words), dates as epoch seconds."""
        facts: dict = {}
        code = self.reason_combo.currentData()
        if code == OTHER:
            if self.reason_other.text().strip():
                facts["reason"] = self.reason_other.text().strip()
        elif code:
            facts["reason"] = code
        for name, (_label, combo, edit) in self.date_rows.items():
            data = combo.currentData()
            if data == PICK:
                facts[name] = edit.epoch()
            elif isinstance(data, int):
                facts[name] = data
        return facts

    def show_for(self, names: set[str]) -> None:
        """Show only the rows the chosen reply uses."""
        self.reason_label.setVisible("reason" in names)
        self.reason_combo.setVisible("reason" in names)
        self.reason_other.setVisible("reason" in names and self.reason_combo.currentData() == OTHER)
        for name, (label, combo, edit) in self.date_rows.items():
            label.setVisible(name in names)
            combo.setVisible(name in names)
            edit.setVisible(name in names and combo.currentData() == PICK)
        self.setVisible(bool(names & {"reason", *CHOSEN_DATES}))

    # -- choices -----------------------------------------------------------------------------------

    def _clock(self, epoch: int) -> str:
        moment = datetime.fromtimestamp(epoch, self._settings().tz())
        today = datetime.fromtimestamp(self.ctx.now(), self._settings().tz()).date()
        days = (moment.date() - today).days
        clock = f"{moment:%H:%M}"
        if days == 0:
            return fill(self.tr("Today {time}"), time=clock)
        if days == 1:
            return fill(self.tr("Tomorrow {time}"), time=clock)
        return f"{moment:%Y-%m-%d} {clock}"

    def _quick_choices(self, name: str) -> list[tuple[int, str]]:
        """Usual answers, all still ahead: midday and evening for a ship time; within a few hours
        for a report back (rounded to the half hour). Offered, never preselected."""
        now = self.ctx.now()
        local = datetime.fromtimestamp(now, self._settings().tz())
        if name == "report_back_at":
            start = now - now % 1800 + 1800
            epochs = [start + hours * HOUR for hours in (1, 2, 4)]
        else:
            epochs = []
            for day in range(3):
                for hour in (12, 18):
                    moment = (local + timedelta(days=day)).replace(
                        hour=hour, minute=0, second=0, microsecond=0
                    )
                    epochs.append(int(moment.timestamp()))
        ahead = [epoch for epoch in epochs if epoch > now + 1800][:4]
        return [(epoch, self._clock(epoch)) for epoch in ahead]

    @Slot(int)
    def _reason_changed(self, _index: int) -> None:
        other = self.reason_combo.currentData() == OTHER
        self.reason_other.setVisible(other and not self.reason_combo.isHidden())
        if other:
            self.reason_other.setFocus()
        self.changed.emit()

    def _date_choice_changed(self, name: str) -> None:
        _label, combo, edit = self.date_rows[name]
        picking = combo.currentData() == PICK
        edit.setVisible(picking and not combo.isHidden())
        if picking:
            # The picker opens on the first usual choice; the shop moves it from there.
            first = next(
                (combo.itemData(i) for i in range(combo.count()) if isinstance(combo.itemData(i), int)),
                self.ctx.now() + 4 * HOUR,
            )
            edit.blockSignals(True)
            edit.set_epoch(first)
            edit.blockSignals(False)
        self.changed.emit()
