"""Asking the shop why a sealed message or logged reply is withdrawn (the reason is sealed with it)."""

from __future__ import annotations

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QLineEdit, QVBoxLayout, QWidget


class WithdrawDialog(QDialog):
    def __init__(self, message_text: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Withdraw message"))
        layout = QVBoxLayout(self)
        quoted = message_text if len(message_text) <= 120 else message_text[:119] + "…"
        shown = QLabel(quoted)
        shown.setWordWrap(True)
        layout.addWidget(shown)
        explain = QLabel(
            self.tr(
                "The message stays in the evidence: bundles show it struck through with your reason. "
                "The correction is sealed and cannot be undone."
            )
        )
        explain.setWordWrap(True)
        layout.addWidget(explain)
        layout.addWidget(QLabel(self.tr("Reason:")))
        self.reason = QLineEdit()
        self.reason.setMaxLength(500)
        self.reason.setPlaceholderText(self.tr("e.g. sent to the wrong buyer"))
        layout.addWidget(self.reason)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.ok_button = buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok_button.setText(self.tr("Withdraw"))
        self.ok_button.setEnabled(False)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.reason.textChanged.connect(lambda text: self.ok_button.setEnabled(bool(text.strip())))

    def chosen_reason(self) -> str:
        return self.reason.text().strip()
