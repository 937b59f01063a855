"""Typing as a person does: ASCII key by key, Chinese as an input method commits it."""

from __future__ import annotations

from PySide6.QtGui import QInputMethodEvent
from PySide6.QtWidgets import QApplication, QWidget


def type_text(qtbot, widget: QWidget, text: str) -> None:
    """QTest can only press ASCII keys; an IME hands Chinese to the widget as a committed string,
    which is what this sends for every run of non-ASCII characters."""
    widget.setFocus()
    run = ""
    for char in text:
        if char.isascii():
            if run:
                _commit(widget, run)
                run = ""
            qtbot.keyClicks(widget, char)
        else:
            run += char
    if run:
        _commit(widget, run)


def _commit(widget: QWidget, text: str) -> None:
    event = QInputMethodEvent()
    event.setCommitString(text)
    QApplication.sendEvent(widget, event)
