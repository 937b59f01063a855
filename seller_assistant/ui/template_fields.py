"""A template's fields as a shop owner handles them: buttons that insert 【买家昵称】, chips, a live preview."""

from __future__ import annotations

import re

from PySide6.QtCore import Qt, Slot
from PySide6.QtGui import QFont, QSyntaxHighlighter, QTextCharFormat
from PySide6.QtWidgets import (
    QComboBox,
    QGridLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from seller_assistant.core import playbook
from seller_assistant.core.errors import UserError
from seller_assistant.core.playbook import Template
from seller_assistant.core.suggest import order_facts
from seller_assistant.store import replies
from seller_assistant.ui import theme
from seller_assistant.ui.context import AppContext
from seller_assistant.ui.i18n import fill
from seller_assistant.ui.widgets import plain_label


class FieldHighlighter(QSyntaxHighlighter):
    """Shows each field label as a chip, so it reads as one thing the app fills, not as text."""

    def __init__(self, edit: QPlainTextEdit, lang: str) -> None:
        super().__init__(edit.document())
        labels = playbook.field_labels(lang).values()
        self._pattern = re.compile("|".join(re.escape(label) for label in labels))
        self._chip = QTextCharFormat()
        self._chip.setBackground(theme.colour("chip"))
        self._chip.setForeground(theme.colour("chip_text"))
        self._chip.setFontWeight(QFont.Weight.DemiBold)

    def highlightBlock(self, text: str) -> None:  # noqa: N802 (Qt's name)
        for match in self._pattern.finditer(text):
            self.setFormat(match.start(), match.end() - match.start(), self._chip)


class FieldBar(QWidget):
    """One button per field, named in the shop's language; a click inserts it where the shop was
    typing (the Chinese or the English text, whichever had the cursor last)."""

    COLUMNS = 5

    def __init__(self, edits: list[QPlainTextEdit], lang: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.lang = lang
        self.edits = edits
        self.target = edits[0]
        grid = QGridLayout(self)
        grid.setContentsMargins(0, 0, 0, 0)
        self.buttons: dict[str, QPushButton] = {}
        for position, (name, label) in enumerate(playbook.field_labels(lang).items()):
            button = QPushButton(label.strip("【】"), objectName=f"field_{name}")
            button.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # the cursor stays in the text
            button.setToolTip(fill(self.tr("Insert {field} where the cursor is"), field=label))
            button.clicked.connect(lambda _checked=False, text=label: self.insert(text))
            self.buttons[name] = button
            grid.addWidget(button, position // self.COLUMNS, position % self.COLUMNS)

    def insert(self, label: str) -> None:
        # The buttons never take focus, so the window's focus is still the text the shop was in.
        focused = self.window().focusWidget()
        if focused in self.edits:
            self.target = focused
        self.target.insertPlainText(label)
        self.target.setFocus()


class TemplatePreview(QWidget):
    """The template as a buyer of a real order would read it, updated while the shop types. Facts
    only the shop can give show as the gaps the reply panel will ask to fill."""

    def __init__(self, ctx: AppContext, lang: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.lang = lang
        self.template: Template | None = None
        self.order_combo = QComboBox(objectName="preview_order")
        try:
            rows = replies.preview_orders(ctx.store, ctx.shop_id)
        except UserError:
            rows = []
        for row in rows:
            self.order_combo.addItem(
                f"{row['order_no']} · {row['buyer'] or ''} · {row['item_title'] or ''}", row["id"]
            )
        if not rows:
            self.order_combo.addItem(self.tr("No orders yet: the preview uses no order facts"), None)
        self.order_combo.currentIndexChanged.connect(self._order_changed)
        self.zh = plain_label()
        self.en = plain_label()
        for label in (self.zh, self.en):
            label.setObjectName("preview")
            label.setStyleSheet(
                f"background: {theme.css_colour('panel')}; "
                f"border: 1px solid {theme.css_colour('panel_edge')}; padding: 4px;"
            )
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(QLabel(self.tr("Preview on order:")))
        layout.addWidget(self.order_combo)
        layout.addWidget(self.zh)
        layout.addWidget(self.en)
        self._state = None
        self._order_changed(0)

    @Slot(int)
    def _order_changed(self, _index: int) -> None:
        order_id = self.order_combo.currentData()
        self._state = replies.order_state(self.ctx.store, order_id) if order_id is not None else None
        self.show_template(self.template)

    def show_template(self, template: Template | None) -> None:
        self.template = template
        for lang, label in (("zh", self.zh), ("en", self.en)):
            label.setText(self._render(template, lang) if template is not None else "")

    def _render(self, template: Template, lang: str) -> str:
        text = template.text(lang)
        if not text.strip():
            return ""
        try:
            unknown = [name for name in playbook.fields_in(text) if name not in playbook.PLACEHOLDERS]
        except ValueError:
            return self.tr(
                "A { or } on its own cannot be filled in: remove it, and insert fields with the buttons."
            )
        if unknown:
            return fill(
                self.tr("Unknown field {field}: insert fields with the buttons."),
                field="{" + unknown[0] + "}",
            )
        settings = self.ctx.settings
        facts = order_facts(self._state, settings.tz(), lang, None, self.ctx.now()) if self._state else {}
        return playbook.fill(template, lang, facts).draft
