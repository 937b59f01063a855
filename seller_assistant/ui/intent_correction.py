"""Teach the intent classifier: correct what it read in a message, see what it learned, undo it."""

from __future__ import annotations

import weakref
from datetime import datetime

from PySide6.QtCore import Qt, Signal, Slot
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from seller_assistant.core import intents
from seller_assistant.core.errors import UserError
from seller_assistant.core.i18n import t
from seller_assistant.core.lexicon import INTENTS
from seller_assistant.store import intent_examples
from seller_assistant.ui.context import AppContext
from seller_assistant.ui.risk_worker import BackgroundLoader
from seller_assistant.ui.widgets import plain_label

_learners: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()


def _learn(store, shop_id: int, _now: int, _settings) -> int:
    """On a pool thread: read the shop's examples and rebuild what the classifier learned from them
    (exact matches plus a small weight delta; a few milliseconds per example)."""
    pairs = intent_examples.training_pairs(store, shop_id)
    intents.learn_from_shop(pairs)
    return len(pairs)


def learner_for(ctx: AppContext) -> BackgroundLoader:
    """One learner per window: corrections made in any reply panel retrain the same classifier.
    The first call also loads what the shop taught in earlier sessions."""
    learner = _learners.get(ctx)
    if learner is None:
        learner = BackgroundLoader(ctx, _learn, ctx)
        _learners[ctx] = learner
        learner.request()
    return learner


class IntentCorrection(QWidget):
    """A combo with the nine intents and a Teach button, under the intent the panel shows."""

    learned = Signal()  # the classifier now reads messages the way the shop taught it

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self._message = ""
        self._read_as: str | None = None
        self.learner = learner_for(ctx)
        self.learner.ready.connect(self._learned)
        self.combo = QComboBox()
        self.combo.setObjectName("intentCorrectionCombo")
        self.combo.currentIndexChanged.connect(self._update_button)
        self.teach_button = QPushButton(self.tr("Teach"))
        self.teach_button.setObjectName("intentTeachButton")
        self.teach_button.setToolTip(
            self.tr(
                "Remember that this message means the intent chosen; similar "
                "messages are read the same way from now on"
            )
        )
        self.teach_button.clicked.connect(self.teach)
        self.learned_button = QPushButton(self.tr("What it learned…"))
        self.learned_button.clicked.connect(self.show_learned)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(QLabel(self.tr("Not right? The buyer wants:")))
        layout.addWidget(self.combo, 1)
        layout.addWidget(self.teach_button)
        layout.addWidget(self.learned_button)
        self.set_language(ctx.settings.report_language())

    def set_language(self, lang: str) -> None:
        current = self.combo.currentData()
        self.combo.blockSignals(True)
        self.combo.clear()
        for intent in INTENTS:
            self.combo.addItem(t(f"replies.intent_{intent}", lang), intent)
        self.combo.blockSignals(False)
        self._select(current or self._read_as)

    def show_for(self, message: str, read_as: str | None) -> None:
        """The message the panel answers and the intent the classifier read in it."""
        self._message = message.strip()
        self._read_as = read_as
        self._select(read_as)
        self.setEnabled(bool(self._message) and not self.ctx.read_only)

    def _select(self, intent: str | None) -> None:
        index = self.combo.findData(intent) if intent else -1
        self.combo.blockSignals(True)
        self.combo.setCurrentIndex(max(index, 0))
        self.combo.blockSignals(False)
        self._update_button()

    @Slot()
    def _update_button(self) -> None:
        self.teach_button.setEnabled(bool(self._message) and self.combo.currentData() != self._read_as)

    @Slot()
    def teach(self) -> None:
        self._remember(self.combo.currentData(), "corrected")

    def reply_used(self, template_intents: tuple[str, ...], alternatives: list[str]) -> None:
        """The shop sent a reply made for one of the intents the classifier considered: that is a
        label too. A reply made for some other intent says nothing about the message."""
        chosen = next((i for i in alternatives if i in template_intents), None)
        if chosen and self._message:
            self._remember(chosen, "reply_picked", quiet=True)

    def _remember(self, intent: str, source: str, quiet: bool = False) -> None:
        try:
            intent_examples.add_example(
                self.ctx.store,
                self.ctx.shop_id,
                self._message,
                intent,
                source,
                self.ctx.now(),
                predicted=self._read_as,
            )
        except UserError as exc:
            self.ctx.status_message.emit(str(exc))
            return
        if not quiet:
            self.ctx.status_message.emit(self.tr("Learning from your correction…"))
        self.learner.request()

    @Slot(object)
    def _learned(self, _count: int) -> None:
        self.learned.emit()

    @Slot()
    def show_learned(self) -> None:
        LearnedDialog(self.ctx, self).exec()


class LearnedDialog(QDialog):
    """What the shop taught, newest first, with Undo; the classifier relearns after each undo."""

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.setWindowTitle(self.tr("What the assistant learned from you"))
        self.resize(560, 380)
        self.list = QListWidget()
        self.list.setWordWrap(True)
        self.list.setAlternatingRowColors(True)
        self.list.currentRowChanged.connect(self._update_buttons)
        self.empty_label = plain_label(
            self.tr("Nothing yet: correct an intent in the reply panel and it appears here.")
        )
        self.undo_button = QPushButton(self.tr("Undo"))
        self.undo_button.setObjectName("intentUndoButton")
        self.undo_button.clicked.connect(self.undo_selected)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        buttons.accepted.connect(self.accept)
        hint = plain_label(self.tr("These examples stay in this shop's data and are never exported."))
        layout = QVBoxLayout(self)
        layout.addWidget(hint)
        layout.addWidget(self.empty_label)
        layout.addWidget(self.list, 1)
        row = QHBoxLayout()
        row.addWidget(self.undo_button)
        row.addStretch(1)
        row.addWidget(buttons)
        layout.addLayout(row)
        self.reload()

    def reload(self) -> None:
        lang = self.ctx.settings.report_language()
        tz = self.ctx.settings.tz()
        self.list.clear()
        for example in intent_examples.active_examples(self.ctx.store, self.ctx.shop_id):
            when = datetime.fromtimestamp(example["created_at"], tz).strftime("%Y-%m-%d %H:%M")
            how = (
                self.tr("you corrected it")
                if example["source"] == "corrected"
                else self.tr("you replied to it")
            )
            item = QListWidgetItem(
                f"{example['text']}\n→ {t('replies.intent_' + example['intent'], lang)} · {how} · {when}"
            )
            item.setData(Qt.ItemDataRole.UserRole, example["id"])
            self.list.addItem(item)
        self.empty_label.setVisible(self.list.count() == 0)
        self._update_buttons()

    @Slot()
    def _update_buttons(self) -> None:
        self.undo_button.setEnabled(self.list.currentItem() is not None and not self.ctx.read_only)

    @Slot()
    def undo_selected(self) -> None:
        item = self.list.currentItem()
        if item is None:
            return
        try:
            intent_examples.undo_example(
                self.ctx.store, self.ctx.shop_id, item.data(Qt.ItemDataRole.UserRole), self.ctx.now()
            )
        except UserError as exc:
            self.ctx.status_message.emit(str(exc))
        learner_for(self.ctx).request()
        self.reload()


def open_learned_dialog(ctx: AppContext, parent: QWidget | None = None) -> None:
    LearnedDialog(ctx, parent).exec()
