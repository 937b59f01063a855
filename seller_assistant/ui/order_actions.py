"""Small forms for what the shop does to an order: ship, promise a date, urge, help event, note."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QDateTime, Qt, QTimeZone
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QCompleter,
    QDateTimeEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from seller_assistant.core.help_events import EVENT_KINDS, EVENT_REASONS
from seller_assistant.core.tracking import INVALID, carrier_names, check_tracking
from seller_assistant.store.commitments import COMMITMENT_KINDS
from seller_assistant.ui import theme
from seller_assistant.ui.i18n import fill
from seller_assistant.ui.risk_words import kind_name, reason_name


def event_kind_names() -> dict[str, str]:
    return {kind: kind_name(kind) for kind in EVENT_KINDS}


def event_reason_names() -> dict[str, str]:
    return {reason: reason_name(reason) for reason in EVENT_REASONS}


class TimeEdit(QDateTimeEdit):
    """A date-time field in the shop's time zone, read and written as epoch seconds."""

    def __init__(self, epoch: int, timezone: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._zone = QTimeZone(timezone.encode())
        self.setTimeZone(self._zone)
        self.setDisplayFormat("yyyy-MM-dd HH:mm")
        self.setCalendarPopup(True)
        self.set_epoch(epoch)

    def set_timezone(self, timezone: str) -> None:
        """Show and read times in another shop's zone (an order of a second shop), keeping the instant."""
        epoch = self.epoch()
        self._zone = QTimeZone(timezone.encode())
        self.setTimeZone(self._zone)
        self.set_epoch(epoch)

    def set_epoch(self, epoch: int) -> None:
        self.setDateTime(QDateTime.fromSecsSinceEpoch(epoch, self._zone))

    def epoch(self) -> int:
        return int(self.dateTime().toSecsSinceEpoch())


def ui_language(widget: QWidget) -> str:
    """The window's language, as the core's texts name it."""
    return "zh" if widget.tr("Today") != "Today" else "en"


def carrier_field(text: str = "", objectName: str = "carrier") -> QLineEdit:  # noqa: N803 - Qt's keyword
    """A carrier, typed or picked: the carriers in both languages, so 中通 and ZTO are both found."""
    field = QLineEdit(text, objectName=objectName)
    field.setPlaceholderText(QCoreApplication.translate("ShipDialog", "e.g. 中通快递"))
    completer = QCompleter(sorted(set(carrier_names("zh") + carrier_names("en"))), field)
    completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
    completer.setFilterMode(Qt.MatchFlag.MatchContains)
    field.setCompleter(completer)
    return field


class ActionDialog(QDialog):
    """A form with OK/Cancel; the caller reads `values()` once it is accepted."""

    def __init__(self, title: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.form = QFormLayout()
        layout = QVBoxLayout(self)
        layout.addLayout(self.form)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)


class ShipDialog(ActionDialog):
    def __init__(self, now: int, timezone: str, carrier: str = "", parent: QWidget | None = None) -> None:
        super().__init__(self.tr("Mark shipped"), parent)
        self.shipped_at = TimeEdit(now, timezone)
        self.tracking = QLineEdit(objectName="tracking_no")
        self.carrier = carrier_field(carrier)
        self.tracking_warning = QLabel(objectName="tracking_warning")
        self.tracking_warning.setWordWrap(True)
        self.tracking_warning.setStyleSheet(theme.text_style("caution_text"))
        self.form.addRow(self.tr("Shipped at"), self.shipped_at)
        self.form.addRow(self.tr("Tracking number"), self.tracking)
        self.form.addRow(self.tr("Carrier"), self.carrier)
        self.form.addRow(self.tracking_warning)
        self.no_tracking = QCheckBox(
            self.tr("No tracking number (self-delivery, virtual goods)"), objectName="no_tracking"
        )
        self.no_tracking_reason = QLineEdit(objectName="no_tracking_reason")
        self.no_tracking_reason.setPlaceholderText(self.tr("why, e.g. 同城自送"))
        self.no_tracking_reason.setVisible(False)
        self.form.addRow(self.no_tracking)
        self.form.addRow(self.no_tracking_reason)
        self.tracking.textChanged.connect(self._check_tracking)
        self.carrier.textChanged.connect(self._check_tracking)
        self.no_tracking.toggled.connect(self._check_tracking)
        self.no_tracking_reason.textChanged.connect(self._check_tracking)
        self._check_tracking()

    def _check_tracking(self) -> None:
        """Warn, never refuse: a mistyped number is caught now, not by the platform a week later."""
        result = check_tracking(self.tracking.text(), self.carrier.text())
        text = ""
        if result.status == INVALID and result.problem == "empty":
            text = self.tr("No tracking number: the platform counts a shipment without one against the shop.")
        elif result.status == INVALID and result.problem == "format":
            text = fill(
                self.tr("This does not look like a {carrier} tracking number: check it against the label."),
                carrier=result.carrier.name(ui_language(self)),
            )
        elif result.status == INVALID:
            text = fill(
                self.tr(
                    "The check digit of this {carrier} number does not match: a character is probably "
                    "mistyped."
                ),
                carrier=result.carrier.name(ui_language(self)),
            )
        without = self.no_tracking.isChecked()
        self.no_tracking_reason.setVisible(without)
        self.tracking.setEnabled(not without)
        if without:
            text = ""
        self.tracking_warning.setText(text)
        self.tracking_warning.setVisible(bool(text))
        # An empty form must not take an order off the late list: a number, or the reason for none.
        ready = bool(self.tracking.text().strip()) or (
            without and bool(self.no_tracking_reason.text().strip())
        )
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(ready)

    def values(self) -> tuple[int, str | None, str | None]:
        tracking = None if self.no_tracking.isChecked() else self.tracking.text().strip() or None
        return self.shipped_at.epoch(), tracking, self.carrier.text().strip() or None

    def reason_without_tracking(self) -> str | None:
        return self.no_tracking_reason.text().strip() or None if self.no_tracking.isChecked() else None


class CommitmentDialog(ActionDialog):
    """A date agreed with the buyer: kept as a commitment, and optionally as the order's new promise."""

    def __init__(self, due: int, timezone: str, parent: QWidget | None = None) -> None:
        super().__init__(self.tr("Promise a new date"), parent)
        self.kind = QComboBox(objectName="commitment_kind")
        for kind, label in zip(
            COMMITMENT_KINDS, (self.tr("Ship by"), self.tr("Report back by"), self.tr("Other")), strict=True
        ):
            self.kind.addItem(label, kind)
        self.due_at = TimeEdit(due, timezone)
        self.text = QLineEdit(objectName="commitment_text")
        self.text.setPlaceholderText(self.tr("What was agreed with the buyer"))
        self.form.addRow(self.tr("Promise"), self.kind)
        self.form.addRow(self.tr("Due"), self.due_at)
        self.form.addRow(self.tr("Agreed"), self.text)

    def values(self) -> tuple[str, int, str]:
        return self.kind.currentData(), self.due_at.epoch(), self.text.text().strip()


class PromiseOverrideDialog(ActionDialog):
    def __init__(self, current: int, timezone: str, parent: QWidget | None = None) -> None:
        super().__init__(self.tr("Set the ship promise"), parent)
        self.promised_at = TimeEdit(current, timezone)
        self.form.addRow(self.tr("Ship by"), self.promised_at)
        self.clear_button = self.buttons.addButton(
            self.tr("Use the default"), QDialogButtonBox.ButtonRole.ResetRole
        )
        self.cleared = False
        self.clear_button.clicked.connect(self._clear)

    def _clear(self) -> None:
        self.cleared = True
        self.accept()

    def values(self) -> int | None:
        return None if self.cleared else self.promised_at.epoch()


class WorkOrderDialog(ActionDialog):
    def __init__(self, now: int, lead_hours: float, timezone: str, parent: QWidget | None = None) -> None:
        super().__init__(self.tr("Open an urge work order"), parent)
        self.opened_at = TimeEdit(now, timezone)
        self.due_at = TimeEdit(now + 24 * 3600, timezone)
        self.note = QLineEdit(objectName="work_order_note")
        self.form.addRow(self.tr("Opened at"), self.opened_at)
        self.form.addRow(self.tr("Answer by"), self.due_at)
        self.form.addRow(self.tr("Note"), self.note)

    def values(self) -> tuple[int, int, str]:
        return self.opened_at.epoch(), self.due_at.epoch(), self.note.text().strip()


class AnswerDialog(ActionDialog):
    def __init__(
        self, work_orders: list[tuple[int, str]], now: int, timezone: str, parent: QWidget | None = None
    ) -> None:
        super().__init__(self.tr("Mark a work order answered"), parent)
        self.work_order = QComboBox(objectName="work_order")
        for work_order_id, label in work_orders:
            self.work_order.addItem(label, work_order_id)
        self.answered_at = TimeEdit(now, timezone)
        self.answer = QLineEdit(objectName="answer")
        self.answer.setPlaceholderText(self.tr("e.g. ships today before 17:00"))
        self.form.addRow(self.tr("Work order"), self.work_order)
        self.form.addRow(self.tr("Answered at"), self.answered_at)
        self.form.addRow(self.tr("Answer"), self.answer)

    def values(self) -> tuple[int, int, str]:
        return self.work_order.currentData(), self.answered_at.epoch(), self.answer.text().strip()


class EventDialog(ActionDialog):
    """A help event by hand; `kinds` are the ones the shop's marketplace counts (all when not given)."""

    def __init__(
        self, now: int, timezone: str, parent: QWidget | None = None, kinds: tuple[str, ...] = EVENT_KINDS
    ) -> None:
        super().__init__(self.tr("Add a help event"), parent)
        names = event_kind_names()
        self.kind = QComboBox(objectName="event_kind")
        for kind in kinds or EVENT_KINDS:
            self.kind.addItem(names.get(kind, kind), kind)
        reasons = event_reason_names()
        self.reason = QComboBox(objectName="event_reason")
        self.reason.addItem(self.tr("Not known"), None)
        for reason in EVENT_REASONS:
            self.reason.addItem(reasons.get(reason, reason), reason)
        self.at = TimeEdit(now, timezone)
        self.note = QLineEdit(objectName="event_note")
        self.form.addRow(self.tr("Kind"), self.kind)
        self.form.addRow(self.tr("When"), self.at)
        self.form.addRow(self.tr("Reason"), self.reason)
        self.form.addRow(self.tr("Note"), self.note)

    def values(self) -> tuple[str, int, str | None, str]:
        return self.kind.currentData(), self.at.epoch(), self.reason.currentData(), self.note.text().strip()


class NoteDialog(ActionDialog):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(self.tr("Add a note"), parent)
        self.text = QPlainTextEdit(objectName="note_text")
        self.form.addRow(self.text)

    def values(self) -> str:
        return self.text.toPlainText().strip()
