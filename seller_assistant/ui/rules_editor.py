"""A shop's ship promise rules in Settings: turn rules on or off, edit them as text, see which orders
each change would move, and only then save (the deadlines are recomputed off the GUI thread)."""

from __future__ import annotations

from dataclasses import replace

from PySide6.QtCore import Qt, Signal, Slot
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QGroupBox,
    QHBoxLayout,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from seller_assistant.core.clock import format_local
from seller_assistant.core.errors import UserError
from seller_assistant.core.ship_rules import PromiseRule, parse_promise_rules, rules_to_toml
from seller_assistant.store import orders, ship_rules
from seller_assistant.store.shops import load_settings
from seller_assistant.ui.context import AppContext
from seller_assistant.ui.i18n import fill
from seller_assistant.ui.store_opener import worker_store_opener
from seller_assistant.ui.widgets import plain_label
from seller_assistant.ui.workers import start

MAX_PREVIEW_LINES = 200


class RulesEditor(QGroupBox):
    saved = Signal(int)  # how many deadlines changed

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setTitle(self.tr("Ship promise rules"))
        self.ctx = ctx
        self.shop_id: int | None = None
        self.rules: tuple[PromiseRule, ...] = ()
        self.previewed: tuple[PromiseRule, ...] | None = None
        self.changes: list = []
        layout = QVBoxLayout(self)
        layout.addWidget(
            plain_label(
                self.tr(
                    "The first rule that is on and matches an order sets its deadline; the platform's own "
                    "deadline in its export always wins. The examples are off until you turn them on."
                )
            )
        )
        self.table = QTableWidget(0, 3, objectName="rules_table")
        self.table.setHorizontalHeaderLabels([self.tr("Rule"), self.tr("For orders"), self.tr("Promise")])
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.verticalHeader().hide()
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.table.itemChanged.connect(self._toggled)
        layout.addWidget(self.table)
        buttons = QHBoxLayout()
        self.edit_button = QPushButton(self.tr("Edit as text…"), objectName="edit_rules")
        self.edit_button.clicked.connect(self.edit_as_text)
        self.preview_button = QPushButton(self.tr("Preview changes"), objectName="preview_rules")
        self.preview_button.clicked.connect(self.preview)
        self.save_button = QPushButton(self.tr("Save rules"), objectName="save_rules")
        self.save_button.clicked.connect(self.save)
        self.save_button.setEnabled(False)
        for button in (self.edit_button, self.preview_button, self.save_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        layout.addLayout(buttons)
        self.preview_text = QPlainTextEdit(objectName="rules_preview")
        self.preview_text.setReadOnly(True)
        self.preview_text.setMaximumHeight(160)
        self.preview_text.hide()
        layout.addWidget(self.preview_text)
        if ctx.read_only:
            for button in (self.edit_button, self.save_button):
                button.setEnabled(False)

    def load(self, shop_id: int) -> None:
        self.shop_id = shop_id
        self._show(ship_rules.shop_rules(self.ctx.store, shop_id))

    def _show(self, rules: tuple[PromiseRule, ...]) -> None:
        self.rules = rules
        self.previewed = None
        self.save_button.setEnabled(False)
        self.preview_text.hide()
        self.table.blockSignals(True)
        self.table.setRowCount(len(rules))
        for row, rule in enumerate(rules):
            name = QTableWidgetItem(rule.name if rule.name == rule.id else f"{rule.name} [{rule.id}]")
            name.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsUserCheckable)
            name.setCheckState(Qt.CheckState.Checked if rule.enabled else Qt.CheckState.Unchecked)
            self.table.setItem(row, 0, name)
            self.table.setItem(row, 1, QTableWidgetItem(self._matches(rule)))
            self.table.setItem(row, 2, QTableWidgetItem(self._promise(rule)))
        self.table.blockSignals(False)
        self.table.resizeColumnsToContents()

    def _matches(self, rule: PromiseRule) -> str:
        parts = []
        if rule.title_contains:
            parts.append(fill(self.tr("title has {words}"), words=" / ".join(rule.title_contains)))
        if rule.sku_prefix:
            parts.append(fill(self.tr("SKU starts {prefixes}"), prefixes=" / ".join(rule.sku_prefix)))
        if rule.category:
            parts.append(fill(self.tr("category {categories}"), categories=" / ".join(rule.category)))
        return "; ".join(parts)

    def _promise(self, rule: PromiseRule) -> str:
        if rule.ship_by is not None:
            return fill(self.tr("by {time}"), time=rule.ship_by.strftime("%Y-%m-%d %H:%M"))
        if rule.working_days is not None:
            return fill(self.tr("{days} working days"), days=rule.working_days)
        return fill(self.tr("{hours} h after payment"), hours=f"{rule.hours:g}")

    @Slot(QTableWidgetItem)
    def _toggled(self, item: QTableWidgetItem) -> None:
        if item.column() != 0:
            return
        on = item.checkState() == Qt.CheckState.Checked
        rules = list(self.rules)
        rules[item.row()] = replace(rules[item.row()], enabled=on)
        self.rules = tuple(rules)
        self._pending()

    def _pending(self) -> None:
        """The rules on screen differ from what was previewed: Save waits for a new preview."""
        self.previewed = None
        self.save_button.setEnabled(False)

    @Slot()
    def edit_as_text(self) -> None:
        dialog = QDialog(self)
        dialog.setWindowTitle(self.tr("Ship promise rules"))
        layout = QVBoxLayout(dialog)
        # The keys are the file's own words: the same in every language.
        layout.addWidget(
            plain_label(
                fill(
                    self.tr(
                        "One {table} table per rule: {names}, which orders ({matches}), and one promise ({promise}); "
                        "{enabled} to use it."
                    ),
                    table="[[rule]]",
                    names="id, name",
                    matches="title_contains / sku_prefix / category",
                    promise="hours / working_days / ship_by",
                    enabled="enabled = true",
                )
            )
        )
        editor = QPlainTextEdit(objectName="rules_text")
        editor.setPlainText(rules_to_toml(self.rules))
        layout.addWidget(editor)
        box = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        layout.addWidget(box)
        box.rejected.connect(dialog.reject)

        def accept() -> None:
            try:
                rules = parse_promise_rules(editor.toPlainText().encode("utf-8"), self.tr("rules"))
            except UserError as exc:
                QMessageBox.warning(dialog, dialog.windowTitle(), str(exc))
                return
            self._show(rules)
            dialog.accept()

        box.accepted.connect(accept)
        dialog.resize(640, 420)
        dialog.open()
        self.text_dialog = dialog

    @Slot()
    def preview(self) -> None:
        if self.shop_id is None:
            return
        opener, shop_id, rules = worker_store_opener(self.ctx), self.shop_id, self.rules
        self.preview_button.setEnabled(False)

        def job(_job):
            store = opener()
            try:
                return rules, ship_rules.promise_changes(store, shop_id, load_settings(store, shop_id), rules)
            finally:
                store.close()

        self.worker = start(job, self._previewed, self._failed)

    @Slot(object)
    def _previewed(self, result) -> None:
        rules, changes = result
        self.preview_button.setEnabled(True)
        if rules != self.rules:
            return  # changed again while it ran: that preview is stale
        self.previewed, self.changes = rules, changes
        self.preview_text.setPlainText(self.describe(changes))
        self.preview_text.show()
        self.save_button.setEnabled(not self.ctx.read_only)

    def describe(self, changes) -> str:
        """The changes grouped by the rule each order moves to (or away from)."""
        if not changes:
            return self.tr("No order's deadline would change.")
        tz = load_settings(self.ctx.store, self.shop_id).tz()
        by_rule: dict[str, list] = {}
        for change in changes:
            moved_by = change.new_rule if change.new_rule != "default" else change.old_rule
            by_rule.setdefault(moved_by or "default", []).append(change)
        lines = [fill(self.tr("Orders whose deadline would change: {count}"), count=len(changes))]
        for rule_id, moved in by_rule.items():
            lines.append(fill(self.tr("Rule {rule}, orders: {count}"), rule=rule_id, count=len(moved)))
            for change in moved[:MAX_PREVIEW_LINES]:
                lines.append(
                    f"  {change.order_no}  {format_local(change.old_at, tz) or '—'} → "
                    f"{format_local(change.new_at, tz) or '—'}  {change.title}"
                )
        return "\n".join(lines)

    @Slot()
    def save(self) -> None:
        if self.previewed is None or self.previewed != self.rules or self.shop_id is None:
            return
        opener, shop_id, rules, now = worker_store_opener(self.ctx), self.shop_id, self.rules, self.ctx.now()
        self.save_button.setEnabled(False)

        def job(_job):
            store = opener()
            try:
                ship_rules.save_shop_rules(store, shop_id, rules)
                # Recomputed afresh: an import since the preview gets the new rules too.
                return orders.recompute_promises(store, shop_id, load_settings(store, shop_id), now)
            finally:
                store.close()

        self.worker = start(job, self._saved, self._failed)

    @Slot(object)
    def _saved(self, count: int) -> None:
        self.previewed = None
        self.ctx.notify_changed()
        self.ctx.status_message.emit(
            fill(self.tr("Rules saved; orders whose deadline changed: {count}"), count=count)
        )
        self.saved.emit(count)

    @Slot(str)
    def _failed(self, message: str) -> None:
        self.preview_button.setEnabled(True)
        if message:
            QMessageBox.warning(self, self.title(), message)
