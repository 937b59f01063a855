"""Paste chat: a chat record copied from Qianniu (or any text export) imported into one order."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from seller_assistant.core.errors import UserError
from seller_assistant.ui.widgets import plain_label


def import_summary(result, widget: QWidget) -> str:
    """One sentence with the counts of a chat import (a ChatImportResult)."""
    text = widget.tr("Read %1 messages: %2 new, %3 already stored; %4 tied to orders, %5 left to assign.")
    for number, value in enumerate(
        (result.messages, result.inserted, result.duplicates, result.orders_linked, result.unlinked), start=1
    ):
        text = text.replace(f"%{number}", str(value))
    if result.errors:
        first = result.errors[0]
        problems = widget.tr("%1 lines could not be read, e.g. line %2: %3").replace("%1", str(len(result.errors)))
        text += "\n" + problems.replace("%2", str(first.line)).replace("%3", first.message)
    return text


class PasteChatDialog(QDialog):
    """The text box for a pasted record. `import_text(text)` does the import and returns the
    result; the dialog shows its counts and stays open so the user can check them."""

    def __init__(self, import_text: Callable[[str], object], title: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._import_text = import_text
        self.result = None
        self.setWindowTitle(self.tr("Paste chat"))
        self.resize(620, 480)
        layout = QVBoxLayout(self)
        layout.addWidget(plain_label(title))
        layout.addWidget(plain_label(self.tr(
            "In Qianniu, open the chat record, select the messages and copy them; paste them below. "
            "Lines look like “nickname (2026-11-20 14:03:11):” followed by the message."
        )))
        self.text = QPlainTextEdit()
        self.text.setPlaceholderText(self.tr("Paste the chat record here"))
        layout.addWidget(self.text, 1)
        self.result_label = plain_label()
        layout.addWidget(self.result_label)
        row = QHBoxLayout()
        self.paste_button = QPushButton(self.tr("Paste from clipboard"))
        self.paste_button.clicked.connect(self.paste_from_clipboard)
        row.addWidget(self.paste_button)
        row.addStretch(1)
        self.buttons = QDialogButtonBox()
        self.import_button = self.buttons.addButton(self.tr("Import"), QDialogButtonBox.ButtonRole.ActionRole)
        self.close_button = self.buttons.addButton(QDialogButtonBox.StandardButton.Close)
        self.import_button.clicked.connect(self.run_import)
        self.close_button.clicked.connect(self.accept)
        row.addWidget(self.buttons)
        layout.addLayout(row)
        self.text.textChanged.connect(self._update_buttons)
        self._update_buttons()
        if QGuiApplication.clipboard().text().strip():
            self.paste_from_clipboard()  # the usual case: the user just copied the record

    def paste_from_clipboard(self) -> None:
        self.text.setPlainText(QGuiApplication.clipboard().text())

    def _update_buttons(self) -> None:
        self.import_button.setEnabled(bool(self.text.toPlainText().strip()))

    def run_import(self) -> None:
        try:
            self.result = self._import_text(self.text.toPlainText())
        except UserError as exc:
            self.result_label.setText(str(exc))
            return
        self.result_label.setText(import_summary(self.result, self))
        self.import_button.setEnabled(False)  # importing the same text again would add nothing
