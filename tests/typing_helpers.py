"""Type into a widget as a person does: Latin keys one by one, Chinese as an input method commits it."""

from __future__ import annotations

import re

from PySide6.QtCore import Qt
from PySide6.QtGui import QInputMethodEvent
from PySide6.QtWidgets import QApplication, QWidget


def type_text(qtbot, widget: QWidget, text: str) -> None:
    """QTest can only press keys of a US keyboard; Chinese reaches a widget from the system's input
    method (Pinyin etc.) as a committed string, so that is what is sent for it."""
    widget.setFocus()
    for run in re.findall(r"[\x20-\x7e]+|[^\x20-\x7e]+", text):
        if run.isascii():
            qtbot.keyClicks(widget, run)
        else:
            event = QInputMethodEvent("", [])
            event.setCommitString(run)
            QApplication.sendEvent(widget, event)


def choose(qtbot, combo, steps: int = 1) -> None:
    """Pick a choice with the keyboard, as a person does on a closed drop-down."""
    combo.setFocus()
    for _ in range(steps):
        qtbot.keyClick(combo, Qt.Key.Key_Down)


def click(qtbot, widget) -> None:
    qtbot.mouseClick(widget, Qt.MouseButton.LeftButton)
