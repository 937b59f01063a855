"""The reply panel: the buyer's message, what it wants and why, ranked replies, the facts only the
shop can give, edit, copy and log. It re-reads its order whenever the store changes."""

from __future__ import annotations

import re

from PySide6.QtCore import QRect, QSize, Qt, Signal, Slot
from PySide6.QtWidgets import (
    QApplication,
    QComboBox,
    QFrame,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QPushButton,
    QStyledItemDelegate,
    QVBoxLayout,
    QWidget,
)

from seller_assistant.core import reply_guard
from seller_assistant.core.errors import UserError
from seller_assistant.core.i18n import t
from seller_assistant.core.playbook import PLACEHOLDERS, gap
from seller_assistant.core.suggest import Suggestion, suggest
from seller_assistant.store import replies
from seller_assistant.ui import theme
from seller_assistant.ui.context import AppContext
from seller_assistant.ui.i18n import choose_language, fill
from seller_assistant.ui.intent_correction import IntentCorrection
from seller_assistant.ui.reply_facts_form import ReplyFactsForm
from seller_assistant.ui.widgets import plain_label

HOUR = 3600
# A gap as a draft shows it (in either reply language): while one is in the text it cannot be sent.
_GAPS = re.compile(
    "|".join(re.escape(gap(name, lang)) for name in PLACEHOLDERS for lang in ("zh", "en"))
    + r"|【待填：[^】]*】|\[to fill: [^\]]*\]"
)


class _WrappedRows(QStyledItemDelegate):
    """Rows as tall as their wrapped text at the list's width (Qt's own measure is a few pixels
    wider than it paints, so a reply just over one line lost its end)."""

    def sizeHint(self, option, index) -> QSize:  # noqa: N802 (Qt's name)
        width = max(100, self.parent().viewport().width() - 16)
        bounds = QRect(0, 0, width, 100_000)
        height = option.fontMetrics.boundingRect(
            bounds, Qt.TextFlag.TextWordWrap, index.data() or ""
        ).height()
        return QSize(width, height + 6)


class ReplyPanel(QWidget):
    """Embeddable: the Replies page shows it, and the Orders page shows it as an order's "Reply" tab."""

    reply_logged = Signal(int)  # the message id of the reply kept as evidence

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.order_id: int | None = None
        self._state = None
        self._suggestion: Suggestion | None = None
        self._shown_draft = ""  # what the editor was last filled with: an edit of the shop's differs
        self._confirm_text: str | None = None  # the text the shop is asked to confirm for the evidence
        self._templates = None

        self.order_label = plain_label()
        self.chat_picker = QComboBox()
        self.chat_picker.setToolTip(self.tr("Pick a buyer message from the order's chat"))
        self.chat_picker.activated.connect(self._pick_chat_message)
        self.message_edit = QPlainTextEdit()
        self.message_edit.setPlaceholderText(self.tr("Paste the buyer's message here…"))
        self.message_edit.setMaximumHeight(70)
        self.message_edit.textChanged.connect(self.refresh)
        self.lang_combo = QComboBox()
        self.lang_combo.addItem("中文", "zh")
        self.lang_combo.addItem("English", "en")
        self.lang_combo.setCurrentIndex(0 if ctx.settings.report_language() == "zh" else 1)
        self.lang_combo.currentIndexChanged.connect(self.refresh)

        self.intent_label = plain_label()
        self.intent_label.setObjectName("intentLabel")
        self.reasons_label = plain_label()
        # The shop corrects what was read; the classifier relearns in the background.
        self.correction = IntentCorrection(ctx, self)
        self.correction.learned.connect(self.refresh)
        self.situation_label = plain_label()

        self.reply_list = QListWidget()
        self.reply_list.setWordWrap(True)
        # A reply is read whole, never cut: wrapped rows are measured again at the width they get.
        self.reply_list.setTextElideMode(Qt.TextElideMode.ElideNone)
        self.reply_list.setResizeMode(QListWidget.ResizeMode.Adjust)
        self.reply_list.setItemDelegate(_WrappedRows(self.reply_list))
        self.reply_list.setAlternatingRowColors(True)
        self.reply_list.currentRowChanged.connect(self._reply_chosen)

        # The reason and the dates a reply states are the shop's to give: ask, never guess.
        self.facts_form = ReplyFactsForm(ctx, self)
        self.facts_form.changed.connect(self.refresh)
        self.needs_label = plain_label()
        self.needs_label.setObjectName("needsLabel")
        self.needs_label.setStyleSheet(theme.text_style("caution_text"))

        self.editor = QPlainTextEdit()
        self.editor.setPlaceholderText(self.tr("Choose a reply above, then edit it here before sending."))
        self.editor.textChanged.connect(self._check_editor)
        self.warnings_label = plain_label()
        self.warnings_label.setStyleSheet(theme.text_style("error_text"))
        self.actions_label = plain_label()
        self.copy_button = QPushButton(self.tr("Copy"))
        self.copy_button.clicked.connect(self.copy_reply)
        self.log_button = QPushButton(self.tr("Copy && log"))
        self.log_button.setToolTip(
            self.tr(
                "Copy the reply and keep it in the order's evidence; a date it promises becomes a commitment"
            )
        )
        self.log_button.clicked.connect(self.ask_to_log)
        # Logging is for good: one line says so, and the shop confirms before anything is sealed.
        self.confirm_bar = QFrame(objectName="confirmBar")
        self.confirm_bar.setFrameShape(QFrame.Shape.StyledPanel)
        self.confirm_label = plain_label(
            self.tr(
                "Logged replies become permanent evidence on this order and "
                "cannot be changed. Log exactly this text?"
            )
        )
        self.confirm_button = QPushButton(self.tr("Log it"), objectName="confirmLog")
        self.confirm_button.clicked.connect(self.copy_and_log)
        self.cancel_button = QPushButton(self.tr("Cancel"))
        self.cancel_button.clicked.connect(self.confirm_bar.hide)
        bar = QHBoxLayout(self.confirm_bar)
        bar.setContentsMargins(6, 2, 6, 2)
        bar.addWidget(self.confirm_label, 1)
        bar.addWidget(self.confirm_button)
        bar.addWidget(self.cancel_button)
        self.confirm_bar.hide()
        self._build_layout()
        self.refresh()
        # Shipped, promised, refunded, a minute passed: re-read the order before proposing anything.
        ctx.subscribe(self, lambda c: c.touches_order(self.order_id) or c.settings, self.reload_order)
        ctx.tick.connect(self.reload_order)

    def _build_layout(self) -> None:
        layout = QVBoxLayout(self)
        top = QHBoxLayout()
        top.addWidget(self.order_label, 1)
        top.addWidget(QLabel(self.tr("Reply in:")))
        top.addWidget(self.lang_combo)
        layout.addLayout(top)
        layout.addWidget(self.chat_picker)
        layout.addWidget(self.message_edit)
        layout.addWidget(self.intent_label)
        layout.addWidget(self.reasons_label)
        layout.addWidget(self.correction)
        layout.addWidget(self.situation_label)
        layout.addWidget(self.reply_list, 2)
        layout.addWidget(self.facts_form)
        layout.addWidget(self.editor, 2)
        layout.addWidget(self.warnings_label)
        layout.addWidget(self.actions_label)
        buttons = QHBoxLayout()
        buttons.addWidget(self.needs_label, 1)
        buttons.addWidget(self.copy_button)
        buttons.addWidget(self.log_button)
        layout.addLayout(buttons)
        layout.addWidget(self.confirm_bar)

    # -- what the panel works on -------------------------------------------------------------

    @property
    def lang(self) -> str:
        return self.lang_combo.currentData()

    def set_order(self, order_id: int | None) -> None:
        self.order_id = order_id
        self._templates = None
        self._state = replies.order_state(self.ctx.store, order_id) if order_id is not None else None
        # Replies to an order are in its own shop's language (a Taobao order in Chinese, an Amazon one in
        # English), whichever shop the window opened on.
        self.lang_combo.blockSignals(True)
        self.lang_combo.setCurrentIndex(0 if self.shop_settings.report_language() == "zh" else 1)
        self.lang_combo.blockSignals(False)
        self.confirm_bar.hide()
        self.facts_form.reset(self._state)
        buyer_messages = self._fill_chat_picker()
        # The latest buyer message is what usually needs an answer.
        self.set_message(buyer_messages[0]["text"] if buyer_messages else "")

    @property
    def shop_settings(self):
        """The settings of the order's own shop: its zone, lead times, staff name and reply language."""
        return self.ctx.settings_for(self._state.order["shop_id"] if self._state is not None else None)

    @Slot()
    def reload_order(self) -> None:
        """The order changed in the store: read it again and propose from what is true now. The
        message, the facts the shop gave and the reply it picked stay."""
        if self.order_id is None:
            return
        try:
            self._state = replies.order_state(self.ctx.store, self.order_id)
        except UserError:
            self.set_order(None)  # the order is gone: propose nothing for it
            return
        self._fill_chat_picker()
        self.refresh()

    def _fill_chat_picker(self) -> list[dict]:
        self.chat_picker.clear()
        buyer_messages = []
        if self._state is not None:
            order = self._state.order
            self.order_label.setText(
                fill(
                    self.tr("Order {order} · {buyer} · {item}"),
                    order=order["order_no"],
                    buyer=order["buyer"] or "",
                    item=order["item_title"] or "",
                )
            )
            buyer_messages = [m for m in self._state.messages if m["sender_role"] == "buyer"][::-1]
        else:
            self.order_label.setText(self.tr("No order chosen: replies use no order facts."))
        self.chat_picker.addItem(self.tr("Pick a message from the chat…"), None)
        for message in buyer_messages:
            self.chat_picker.addItem(message["text"].replace("\n", " ")[:80], message["text"])
        self.chat_picker.setEnabled(bool(buyer_messages))
        return buyer_messages

    def set_message(self, text: str) -> None:
        if self.message_edit.toPlainText() != text:
            self.message_edit.setPlainText(text)
        else:
            self.refresh()

    @Slot(int)
    def _pick_chat_message(self, index: int) -> None:
        text = self.chat_picker.itemData(index)
        if text:
            self.set_message(text)

    # -- suggestions -------------------------------------------------------------------------

    @Slot()
    def refresh(self) -> None:
        settings = self.shop_settings
        if self._templates is None:
            try:
                self._templates = replies.all_templates(self.ctx.store)
            except UserError as exc:
                self.ctx.status_message.emit(str(exc))
                self._templates = []
        message = self.message_edit.toPlainText()
        previous = self.selected_reply()
        self._suggestion = suggest(
            message,
            self._state,
            now=self.ctx.now(),
            tz=settings.tz(),
            lang=self.lang,
            due_soon_lead_seconds=int(settings.due_soon_lead_hours * HOUR),
            templates=self._templates,
            chosen=self.facts_form.chosen(),
        )
        self._show_intent()
        self.reply_list.blockSignals(True)
        self.reply_list.clear()
        for reply in self._suggestion.replies:
            habit = t(f"replies.habit_{reply.habit}", self.lang)
            # A reply still missing a fact shows it as a readable gap the form below fills.
            item = QListWidgetItem(f"[{habit}] {reply.draft}")
            item.setData(Qt.ItemDataRole.UserRole, reply.template_id)
            self.reply_list.addItem(item)
        self.reply_list.blockSignals(False)
        ids = [reply.template_id for reply in self._suggestion.replies]
        # The reply the shop was on stays chosen while it still fits; else the best one now.
        row = ids.index(previous.template_id) if previous is not None and previous.template_id in ids else 0
        if ids:
            self.reply_list.setCurrentRow(row)
        self._reply_chosen(self.reply_list.currentRow() if ids else -1)

    def _show_intent(self) -> None:
        suggestion = self._suggestion
        intent = suggestion.intent
        if intent is None:
            self.intent_label.setText(self.tr("No buyer message: replies follow the order's situation."))
            self.reasons_label.setText("")
        elif intent.not_sure and len(intent.alternatives) > 1:
            first, second = (t(f"replies.intent_{a['intent']}", self.lang) for a in intent.alternatives[:2])
            self.intent_label.setText(t("replies.not_sure", self.lang, first=first, second=second))
        else:
            name = t(f"replies.intent_{intent.intent}", self.lang)
            self.intent_label.setText(
                fill(
                    self.tr("Buyer wants: {intent} ({percent} % sure)"),
                    intent=name,
                    percent=round(intent.confidence * 100),
                )
            )
        if intent is not None:
            words = ", ".join(intent.matched) if intent.matched else self.tr("no known words")
            self.reasons_label.setText(fill(self.tr("Because of: {words}"), words=words))
        self.correction.set_language(self.lang)
        self.correction.show_for(self.message_edit.toPlainText(), intent.intent if intent else None)
        situation = suggestion.situation
        if situation is not None:
            name = t(f"replies.situation_{situation.primary or 'none'}", self.lang)
            self.situation_label.setText(fill(self.tr("Order situation: {situation}"), situation=name))
        else:
            self.situation_label.setText("")

    def selected_reply(self):
        row = self.reply_list.currentRow()
        if self._suggestion is None or not 0 <= row < len(self._suggestion.replies):
            return None
        return self._suggestion.replies[row]

    @Slot(int)
    def _reply_chosen(self, _row: int) -> None:
        reply = self.selected_reply()
        template = next((tp for tp in (self._templates or []) if reply and tp.id == reply.template_id), None)
        self.facts_form.show_for(set(template.placeholders(self.lang)) if template else set())
        draft = reply.draft if reply is not None else ""
        # Keep the shop's own edit while the proposal under it did not change.
        if self.editor.toPlainText() == self._shown_draft or draft != self._shown_draft:
            self.editor.setPlainText(draft)
        self._shown_draft = draft
        actions = reply.actions if reply is not None else []
        self.actions_label.setText(
            fill(
                self.tr("Next: {actions}"),
                actions="; ".join(t(f"replies.action_{a}", self.lang) for a in actions),
            )
            if actions
            else ""
        )
        self._check_editor()

    def missing_facts(self) -> list[str]:
        """The gaps still in the text shown, as the shop reads them."""
        return [match.group(0) for match in _GAPS.finditer(self.editor.toPlainText())]

    @Slot()
    def _check_editor(self) -> None:
        text = self.editor.toPlainText()
        if text != self._confirm_text:
            self.confirm_bar.hide()  # a confirmation is for the text it was asked about
        warnings = reply_guard.check(text)
        self.warnings_label.setText("\n".join("⚠ " + w.message(self.lang) for w in warnings))
        gaps = self.missing_facts()
        reply = self.selected_reply()
        if gaps:
            ui_lang = choose_language(self.ctx.settings.language)
            names = [t(f"replies.fact_{n}", ui_lang) for n in (reply.needs if reply is not None else [])]
            facts = "、".join(names) if ui_lang == "zh" else ", ".join(names)
            self.needs_label.setText(
                fill(
                    self.tr("Still to fill in: {facts}. Choose above to copy or log the reply."),
                    facts=facts or "、".join(gaps),
                )
            )
        else:
            self.needs_label.setText("")
        ready = bool(text.strip()) and not gaps
        self.copy_button.setEnabled(ready)
        self.log_button.setEnabled(ready and self.order_id is not None and not self.ctx.read_only)

    # -- copy and log --------------------------------------------------------------------------

    @Slot()
    def copy_reply(self) -> str:
        text = self.editor.toPlainText()
        QApplication.clipboard().setText(text)
        self.ctx.status_message.emit(self.tr("Reply copied: paste it into the chat."))
        return text

    @Slot()
    def ask_to_log(self) -> None:
        if self.log_button.isEnabled():
            self._confirm_text = self.editor.toPlainText()
            self.confirm_bar.show()
            self.confirm_button.setFocus()

    @Slot()
    def copy_and_log(self) -> int | None:
        """Seal exactly the text shown (and copy it): the same characters reach the buyer and the evidence."""
        self.confirm_bar.hide()
        if self.order_id is None or self.missing_facts() or not self.editor.toPlainText().strip():
            return None
        text = self.copy_reply()
        reply = self.selected_reply()
        chosen = self.facts_form.chosen()
        promises = {}
        if reply is not None and reply.text:
            # Only dates the shop chose here are new promises; an existing commitment is not repeated.
            promises = {kind: chosen[name] for kind, name in reply.promises.items() if name in chosen}
        settings = self.shop_settings
        try:
            message_id = replies.log_reply(
                self.ctx.store,
                self._state.order["shop_id"],
                self.order_id,
                text=text,
                template_id=reply.template_id if reply is not None else None,
                sender_name=self.ctx.store.staff
                or settings.staff_name
                or settings.name,  # this desk's person first
                now=self.ctx.now(),
                promises=promises,
            )
        except UserError as exc:
            self.ctx.status_message.emit(str(exc))
            return None
        self.ctx.status_message.emit(self.tr("Reply copied and kept in the order's evidence."))
        self._learn_from_reply(reply)
        self.ctx.notify_changed()
        self.set_order(self.order_id)
        self.reply_logged.emit(message_id)
        return message_id

    def _learn_from_reply(self, reply) -> None:
        intent = self._suggestion.intent if self._suggestion is not None else None
        template = next((tp for tp in (self._templates or []) if reply and tp.id == reply.template_id), None)
        if intent is not None and template is not None:
            considered = [intent.intent] + [a["intent"] for a in intent.alternatives]
            self.correction.reply_used(template.intents, considered)
