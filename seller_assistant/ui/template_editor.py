"""The shop's own reply templates: add, edit, delete; fields shown as labels in the shop's words and
inserted by button, a live preview on a real order; checked (and guarded) before they are saved."""

from __future__ import annotations

from PySide6.QtCore import Qt, Slot
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from seller_assistant.core import playbook, reply_guard
from seller_assistant.core.errors import UserError
from seller_assistant.core.i18n import t
from seller_assistant.core.lexicon import INTENTS
from seller_assistant.core.playbook import Template
from seller_assistant.core.situation import SITUATIONS
from seller_assistant.store import replies
from seller_assistant.ui import theme
from seller_assistant.ui.context import AppContext
from seller_assistant.ui.i18n import choose_language, fill
from seller_assistant.ui.template_fields import FieldBar, FieldHighlighter, TemplatePreview
from seller_assistant.ui.widgets import plain_label


def _label(prefix: str, name: str, lang: str) -> str:
    """The shop's words for a playbook id (the id stays the item's data, as the file has it)."""
    try:
        return t(f"replies.{prefix}_{name}", lang)
    except KeyError:
        return name


def _combo(prefix: str, names: tuple[str, ...], lang: str) -> QComboBox:
    combo = QComboBox()
    for name in names:
        combo.addItem(_label(prefix, name, lang), name)
    return combo


def _checklist(prefix: str, names: tuple[str, ...], lang: str) -> QListWidget:
    widget = QListWidget()
    for name in names:
        item = QListWidgetItem(_label(prefix, name, lang))
        item.setData(Qt.ItemDataRole.UserRole, name)
        item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
        item.setCheckState(Qt.CheckState.Unchecked)
        widget.addItem(item)
    widget.setMaximumHeight(110)
    return widget


def _checked(widget: QListWidget) -> tuple[str, ...]:
    return tuple(
        widget.item(i).data(Qt.ItemDataRole.UserRole)
        for i in range(widget.count())
        if widget.item(i).checkState() == Qt.CheckState.Checked
    )


def _set_checked(widget: QListWidget, names: tuple[str, ...]) -> None:
    for i in range(widget.count()):
        item = widget.item(i)
        checked = item.data(Qt.ItemDataRole.UserRole) in names
        item.setCheckState(Qt.CheckState.Checked if checked else Qt.CheckState.Unchecked)


class TemplateEditor(QDialog):
    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.setWindowTitle(self.tr("My reply templates"))
        self.resize(1000, 760)
        try:
            self.templates: list[Template] = replies.load_shop_templates(ctx.store)
        except UserError as exc:
            self.templates = []
            ctx.status_message.emit(str(exc))
        self.builtin = {tp.id: tp for tp in playbook.load_templates()}

        self.list = QListWidget()
        self.list.currentRowChanged.connect(self._show)
        self.lang = lang = choose_language(ctx.settings.language)
        self.start_from = QComboBox()
        self.start_from.addItem(self.tr("New, empty"), None)
        for template_id, template in self.builtin.items():
            # The shop knows a reply by its words, not by its id: show how it begins.
            start = playbook.fields_as_labels(template.text(lang), lang)
            start = start if len(start) <= 30 else start[:30] + "…"
            self.start_from.addItem(fill(self.tr("Copy of {template}"), template=start), template_id)
        self.add_button = QPushButton(self.tr("Add"))
        self.add_button.clicked.connect(self.add_template)
        self.delete_button = QPushButton(self.tr("Delete"))
        self.delete_button.clicked.connect(self.delete_template)

        self.id_edit = QLineEdit()
        self.habit = _combo("habit", playbook.HABITS, lang)
        self.order_state = _combo("order_state", playbook.ORDER_STATES, lang)
        self.situations = _checklist("situation", SITUATIONS, lang)
        self.intents = _checklist("intent", INTENTS, lang)
        self.actions = _checklist("action", playbook.ACTIONS, lang)
        self.zh_edit = QPlainTextEdit()
        self.en_edit = QPlainTextEdit()
        # Fields read as 【买家昵称】 chips in the shop's language; the file keeps {buyer}.
        self.highlighters = [FieldHighlighter(edit, lang) for edit in (self.zh_edit, self.en_edit)]
        self.field_bar = FieldBar([self.zh_edit, self.en_edit], lang, self)
        self.preview = TemplatePreview(ctx, lang, self)
        self.error_label = plain_label()
        self.error_label.setStyleSheet(theme.text_style("error_text"))
        for edit in (self.zh_edit, self.en_edit):
            edit.textChanged.connect(self._guard)
            edit.textChanged.connect(self._update_preview)

        form = QFormLayout()
        form.addRow(self.tr("Id"), self.id_edit)
        form.addRow(self.tr("Habit"), self.habit)
        form.addRow(self.tr("Order state"), self.order_state)
        form.addRow(self.tr("Situations"), self.situations)
        form.addRow(self.tr("Intents"), self.intents)
        form.addRow(self.tr("Next actions"), self.actions)
        form.addRow(self.tr("Chinese"), self.zh_edit)
        form.addRow(self.tr("English"), self.en_edit)
        form.addRow(self.tr("Insert a field"), self.field_bar)
        form.addRow(self.tr("Preview"), self.preview)
        self.form_widget = QWidget()
        self.form_widget.setLayout(form)

        left = QVBoxLayout()
        left.addWidget(self.list, 1)
        left.addWidget(self.start_from)
        row = QHBoxLayout()
        row.addWidget(self.add_button)
        row.addWidget(self.delete_button)
        left.addLayout(row)
        body = QHBoxLayout()
        body.addLayout(left, 1)
        body.addWidget(self.form_widget, 3)
        self.buttons = buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(body, 1)
        layout.addWidget(self.error_label)
        layout.addWidget(buttons)

        self._current = -1
        for template in self.templates:
            self.list.addItem(template.id)
        self.form_widget.setEnabled(bool(self.templates))
        if self.templates:
            self.list.setCurrentRow(0)

    # -- editing ---------------------------------------------------------------------------------

    def _form_template(self) -> Template:
        return Template(
            id=self.id_edit.text().strip(),
            habit=self.habit.currentData(),
            zh=playbook.labels_as_fields(self.zh_edit.toPlainText(), self.lang),
            en=playbook.labels_as_fields(self.en_edit.toPlainText(), self.lang),
            situations=_checked(self.situations),
            intents=_checked(self.intents),
            order_state=self.order_state.currentData(),
            actions=_checked(self.actions),
            # Not edited here, but kept: where a copied template would say something untrue.
            unless=self.templates[self._current].unless if 0 <= self._current < len(self.templates) else (),
        )

    def _store_form(self) -> None:
        if 0 <= self._current < len(self.templates):
            self.templates[self._current] = self._form_template()
            self.list.item(self._current).setText(self.templates[self._current].id or self.tr("(no id)"))

    @Slot(int)
    def _show(self, row: int) -> None:
        self._store_form()
        self._current = row
        if not 0 <= row < len(self.templates):
            return
        template = self.templates[row]
        self.id_edit.setText(template.id)
        self.habit.setCurrentIndex(max(0, self.habit.findData(template.habit)))
        self.order_state.setCurrentIndex(max(0, self.order_state.findData(template.order_state)))
        _set_checked(self.situations, template.situations)
        _set_checked(self.intents, template.intents)
        _set_checked(self.actions, template.actions)
        self.zh_edit.setPlainText(playbook.fields_as_labels(template.zh, self.lang))
        self.en_edit.setPlainText(playbook.fields_as_labels(template.en, self.lang))
        self._update_preview()

    @Slot()
    def add_template(self) -> None:
        self._store_form()
        base = self.builtin.get(self.start_from.currentData())
        number = len(self.templates) + 1
        if base is not None:
            template = Template(**{**base.__dict__, "id": f"shop.{base.id}", "source": ""})
        else:
            template = Template(
                id=f"shop.reply_{number}", habit="communicate", zh="", en="", intents=("other",)
            )
        self.templates.append(template)
        self.list.addItem(template.id)
        self.form_widget.setEnabled(True)
        self.list.setCurrentRow(len(self.templates) - 1)

    @Slot()
    def delete_template(self) -> None:
        row = self.list.currentRow()
        if 0 <= row < len(self.templates):
            self._current = -1
            del self.templates[row]
            self.list.takeItem(row)
            self.form_widget.setEnabled(bool(self.templates))

    @Slot()
    def _update_preview(self) -> None:
        self.preview.show_template(self._form_template() if self.form_widget.isEnabled() else None)

    @Slot()
    def _guard(self) -> None:
        lang = self.ctx.settings.report_language()
        warnings = reply_guard.check(self.zh_edit.toPlainText()) + reply_guard.check(
            self.en_edit.toPlainText()
        )
        self.error_label.setText("\n".join("⚠ " + w.message(lang) for w in warnings))

    @Slot()
    def save(self) -> None:
        self._store_form()
        try:
            path = replies.save_shop_templates(self.ctx.store, self.templates)
        except UserError as exc:
            self.error_label.setText(str(exc))
            return
        self.ctx.status_message.emit(fill(self.tr("Templates saved to {path}"), path=path))
        self.accept()
