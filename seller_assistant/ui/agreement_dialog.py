"""Recording a message as an agreement (交易约定): its kind and the terms in the shop's words."""

from __future__ import annotations

from PySide6.QtWidgets import QComboBox, QDialog, QDialogButtonBox, QFormLayout, QPlainTextEdit, QWidget

from seller_assistant.ui.conversation_model import agreement_kind_label

AGREEMENT_KINDS = ("delivery_date", "variant", "flaw_disclosed", "compensation", "other")


class AgreementDialog(QDialog):
    def __init__(self, message_text: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Record as agreement"))
        self.resize(460, 260)
        form = QFormLayout(self)
        self.kind = QComboBox()
        for kind in AGREEMENT_KINDS:
            self.kind.addItem(agreement_kind_label(kind), kind)
        form.addRow(self.tr("Kind"), self.kind)
        self.text = QPlainTextEdit()
        self.text.setPlainText(message_text)  # the terms as said; the shop may shorten them
        form.addRow(self.tr("Terms"), self.text)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        form.addRow(self.buttons)
        self.text.textChanged.connect(self._update_ok)

    def _update_ok(self) -> None:
        ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        ok.setEnabled(bool(self.text.toPlainText().strip()))

    def chosen(self) -> tuple[str, str]:
        return self.kind.currentData(), self.text.toPlainText().strip()
