"""The Help rate page (being built: see its issue)."""

from __future__ import annotations

from PySide6.QtWidgets import QVBoxLayout, QWidget

from seller_assistant.ui.context import AppContext
from seller_assistant.ui.widgets import heading


class HelpRatePage(QWidget):
    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        layout = QVBoxLayout(self)
        layout.addWidget(heading(self.tr("Help rate")))
        layout.addStretch(1)
