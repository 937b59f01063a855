"""Paste chat: a chat record copied from Qianniu (or any text export), checked, then sealed into one order."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from PySide6.QtCore import QTimer
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QListWidget,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from seller_assistant.core.errors import UserError
from seller_assistant.ui.i18n import fill
from seller_assistant.ui.widgets import plain_label

# Reading a paste of a few hundred lines takes milliseconds; waiting for a pause in typing keeps
# a long paste from being read once per keystroke.
_PREVIEW_DELAY_MS = 250


def import_summary(result, widget: QWidget) -> str:
    """One sentence with the counts of a chat import (a ChatImportResult)."""
    text = fill(
        widget.tr(
            "Read {messages} messages: {new} new, {stored} already stored; {linked} tied to orders, "
            "{unlinked} left to assign."
        ),
        messages=result.messages,
        new=result.inserted,
        stored=result.duplicates,
        linked=result.orders_linked,
        unlinked=result.unlinked,
    )
    if result.errors:
        text += "\n" + _problems(result.errors, widget)
    return text


def importing_text(name: str, history: bool, widget: QWidget) -> str:
    """What the window says while a chat file is imported; a shop's history (imports.chats.
    loads_as_history) is written in one go, so the user learns that other changes wait for it."""
    if history:
        return fill(
            widget.tr(
                "Importing {file} as the shop's chat history, in one go: other changes wait until it is done…"
            ),
            file=name,
        )
    return fill(widget.tr("Importing {file}…"), file=name)


def _problems(errors, widget: QWidget) -> str:
    first = errors[0]
    return fill(
        widget.tr("{count} lines could not be read, e.g. line {line}: {problem}"),
        count=len(errors),
        line=first.line,
        problem=first.text(),
    )


class PasteChatDialog(QDialog):
    """The text box for a pasted record. It starts empty (Ctrl+V, or the clipboard button); while
    the shop pastes, `preview_text(text)` marks each message new, already stored or repeated in the
    paste, and only the seal button — which says how many — makes them permanent through
    `import_text(text)`. The dialog shows the result and stays open so the shop can check it."""

    def __init__(
        self,
        import_text: Callable[[str], object],
        title: str,
        parent: QWidget | None = None,
        preview_text: Callable[[str], object] | None = None,
    ) -> None:
        super().__init__(parent)
        self._import_text = import_text
        self._preview_text = preview_text
        self.result = None
        self.preview = None
        self.setWindowTitle(self.tr("Paste chat"))
        self.resize(680, 560)
        layout = QVBoxLayout(self)
        layout.addWidget(plain_label(title))
        layout.addWidget(
            plain_label(
                self.tr(
                    "In Qianniu, open the chat record, select the messages and copy them; then click in the box "
                    "below and press Ctrl+V. Nothing is kept until you seal it."
                )
            )
        )
        self.text = QPlainTextEdit()
        self.text.setPlaceholderText(self.tr("Paste the chat record here"))
        layout.addWidget(self.text, 3)
        self.preview_label = plain_label()
        layout.addWidget(self.preview_label)
        self.preview_list = QListWidget()
        self.preview_list.setAccessibleName(self.tr("Messages found in the paste"))
        layout.addWidget(self.preview_list, 2)
        self.result_label = plain_label()
        layout.addWidget(self.result_label)
        row = QHBoxLayout()
        self.paste_button = QPushButton(self.tr("Paste from clipboard"))
        self.paste_button.clicked.connect(self.paste_from_clipboard)
        row.addWidget(self.paste_button)
        row.addStretch(1)
        self.buttons = QDialogButtonBox()
        self.import_button = self.buttons.addButton(self.tr("Check"), QDialogButtonBox.ButtonRole.ActionRole)
        self.close_button = self.buttons.addButton(QDialogButtonBox.StandardButton.Close)
        self.import_button.clicked.connect(self.run_import)
        self.close_button.clicked.connect(self.accept)
        row.addWidget(self.buttons)
        layout.addLayout(row)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(_PREVIEW_DELAY_MS)
        self._timer.timeout.connect(self.refresh_preview)
        self.text.textChanged.connect(self._text_changed)
        self._text_changed()

    def paste_from_clipboard(self) -> None:
        """Replaces the box's text: pressing it twice never doubles the record."""
        self.text.setPlainText(QGuiApplication.clipboard().text())

    def _text_changed(self) -> None:
        self.preview = None
        self.result_label.clear()
        has_text = bool(self.text.toPlainText().strip())
        self.import_button.setEnabled(has_text)
        self.import_button.setText(self.tr("Check"))
        if has_text:
            self.preview_label.setText(self.tr("Reading the pasted messages…"))
            self._timer.start()
        else:
            self._timer.stop()
            self.preview_label.setText(self.tr("Nothing pasted yet."))
            self.preview_list.clear()

    def refresh_preview(self) -> None:
        """Mark what the paste holds; the seal button names how many new messages it will keep."""
        self._timer.stop()
        self.preview_list.clear()
        text = self.text.toPlainText()
        if self._preview_text is None or not text.strip():
            self.import_button.setEnabled(bool(text.strip()))
            return
        self.preview = preview = self._preview_text(text)
        if preview.refused:
            self.preview_label.setText(preview.refused)
            self.import_button.setEnabled(False)
            return
        counts = fill(
            self.tr(
                "{new} new, {stored} already stored, {repeated} repeated in the paste. Only the new "
                "ones will be sealed."
            ),
            new=preview.new,
            stored=preview.stored,
            repeated=preview.repeated,
        )
        if preview.errors:
            counts += "\n" + _problems(preview.errors, self)
        self.preview_label.setText(counts)
        marks = {"new": self.tr("new"), "stored": self.tr("already stored"), "repeated": self.tr("repeated")}
        for record, mark in preview.messages:
            at = datetime.fromtimestamp(record.sent_at, preview.tz).strftime("%Y-%m-%d %H:%M:%S")
            first_line = record.text.split("\n", 1)[0][:60]
            self.preview_list.addItem(f"[{marks[mark]}] {at}  {record.sender_name}: {first_line}")
        self.import_button.setEnabled(preview.new > 0)
        if preview.new:
            self.import_button.setText(
                fill(self.tr("Seal {count} new messages (permanent)"), count=preview.new)
            )
            # The box sized itself for "Check": let the longer sentence show whole.
            self.import_button.setMinimumWidth(self.import_button.sizeHint().width())

    def run_import(self) -> None:
        if self._preview_text is not None and self.preview is None:
            self.refresh_preview()  # the first press checks: nothing is sealed before the shop saw what
            return
        try:
            self.result = self._import_text(self.text.toPlainText())
        except UserError as exc:
            self.result_label.setText(str(exc))
            return
        self.result_label.setText(import_summary(self.result, self))
        self.import_button.setEnabled(False)  # importing the same text again would add nothing
        self.import_button.setText(self.tr("Sealed"))
