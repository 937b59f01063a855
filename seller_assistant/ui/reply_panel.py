"""The reply panel: the buyer's message, what it wants and why, ranked replies, edit, copy and log."""

from __future__ import annotations

from datetime import datetime, timedelta

from PySide6.QtCore import QDateTime, Qt, QTimeZone, Signal, Slot
from PySide6.QtWidgets import (
    QApplication,
    QComboBox,
    QDateTimeEdit,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from seller_assistant.core import reply_guard
from seller_assistant.core.errors import UserError
from seller_assistant.core.i18n import t
from seller_assistant.core.playbook import CHOSEN_DATES
from seller_assistant.core.suggest import Suggestion, chosen_times, suggest
from seller_assistant.store import replies
from seller_assistant.ui.context import AppContext
from seller_assistant.ui.intent_correction import IntentCorrection
from seller_assistant.ui.widgets import plain_label

HOUR = 3600


class ReplyPanel(QWidget):
    """Embeddable: the Replies page shows it, and the Orders page shows it as an order's "Reply" tab."""

    reply_logged = Signal(int)  # the message id of the reply kept as evidence

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.order_id: int | None = None
        self._state = None
        self._chosen: dict[str, int] = {}
        self._suggestion: Suggestion | None = None
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
        self.reply_list.setAlternatingRowColors(True)
        self.reply_list.currentRowChanged.connect(self._reply_chosen)

        # The dates a reply promises are the shop's to choose: ask, never guess.
        self.needs_label = plain_label()
        self.new_date_edit = self._date_edit()
        self.report_back_edit = self._date_edit()
        self.new_date_label = QLabel(self.tr("New ship date:"))
        self.report_back_label = QLabel(self.tr("Report back by:"))
        self.use_dates_button = QPushButton(self.tr("Use these dates"))
        self.use_dates_button.clicked.connect(self._use_dates)

        self.editor = QPlainTextEdit()
        self.editor.setPlaceholderText(self.tr("Choose a reply above, then edit it here before sending."))
        self.editor.textChanged.connect(self._check_editor)
        self.warnings_label = plain_label()
        self.warnings_label.setStyleSheet("color: #b3261e;")
        self.actions_label = plain_label()
        self.copy_button = QPushButton(self.tr("Copy"))
        self.copy_button.clicked.connect(self.copy_reply)
        self.log_button = QPushButton(self.tr("Copy && log"))
        self.log_button.setToolTip(self.tr("Copy the reply and keep it in the order's evidence; a date it "
                                           "promises becomes a commitment"))
        self.log_button.clicked.connect(self.copy_and_log)
        self._build_layout()
        self.refresh()

    def _date_edit(self) -> QDateTimeEdit:
        edit = QDateTimeEdit()
        edit.setCalendarPopup(True)
        edit.setDisplayFormat("yyyy-MM-dd HH:mm")
        edit.setTimeZone(QTimeZone(self.ctx.settings.timezone.encode()))
        return edit

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
        dates = QGridLayout()
        dates.addWidget(self.needs_label, 0, 0, 1, 3)
        dates.addWidget(self.new_date_label, 1, 0)
        dates.addWidget(self.new_date_edit, 1, 1)
        dates.addWidget(self.report_back_label, 2, 0)
        dates.addWidget(self.report_back_edit, 2, 1)
        dates.addWidget(self.use_dates_button, 1, 2)
        dates.setColumnStretch(3, 1)
        layout.addLayout(dates)
        layout.addWidget(self.editor, 2)
        layout.addWidget(self.warnings_label)
        layout.addWidget(self.actions_label)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.copy_button)
        buttons.addWidget(self.log_button)
        layout.addLayout(buttons)

    # -- what the panel works on -------------------------------------------------------------

    @property
    def lang(self) -> str:
        return self.lang_combo.currentData()

    def set_order(self, order_id: int | None) -> None:
        self.order_id = order_id
        self._chosen = {}
        self._templates = None
        self._state = replies.order_state(self.ctx.store, order_id) if order_id is not None else None
        self.chat_picker.clear()
        buyer_messages = []
        if self._state is not None:
            order = self._state.order
            self.order_label.setText(self.tr("Order %1 · %2 · %3").replace("%1", order["order_no"])
                                     .replace("%2", order["buyer"]).replace("%3", order["item_title"]))
            buyer_messages = [m for m in self._state.messages if m["sender_role"] == "buyer"][::-1]
        else:
            self.order_label.setText(self.tr("No order chosen: replies use no order facts."))
        self.chat_picker.addItem(self.tr("Pick a message from the chat…"), None)
        for message in buyer_messages:
            self.chat_picker.addItem(message["text"].replace("\n", " ")[:80], message["text"])
        self.chat_picker.setEnabled(bool(buyer_messages))
        self._default_dates()
        # The latest buyer message is what usually needs an answer.
        self.set_message(buyer_messages[0]["text"] if buyer_messages else "")

    def set_message(self, text: str) -> None:
        if self.message_edit.toPlainText() != text:
            self.message_edit.setPlainText(text)
        else:
            self.refresh()

    def _default_dates(self) -> None:
        now = self.ctx.now()
        # A first offer the shop then adjusts: before the promise if it is still ahead, else within
        # a day; report back within four hours.
        local = datetime.fromtimestamp(now, self.ctx.settings.tz())
        evening = local.replace(hour=17, minute=0, second=0, microsecond=0)
        if evening.timestamp() < now + HOUR:
            evening += timedelta(days=1)
        ship_by = int(evening.timestamp())
        promised = self._state.order.get("promised_ship_at") if self._state is not None else None
        if promised and now + HOUR < promised - HOUR < ship_by:
            ship_by = promised - HOUR
        report_back = now + 4 * HOUR
        # A date already promised to this buyer is what the replies quote: show that one.
        promised_dates = chosen_times(self._state, None) if self._state is not None else {}
        ship_by = promised_dates.get("new_date", ship_by - ship_by % 1800)
        report_back = promised_dates.get("report_back_at", report_back - report_back % 1800)
        for edit, epoch in ((self.new_date_edit, ship_by), (self.report_back_edit, report_back)):
            edit.setDateTime(QDateTime.fromSecsSinceEpoch(epoch, edit.timeZone()))

    @Slot(int)
    def _pick_chat_message(self, index: int) -> None:
        text = self.chat_picker.itemData(index)
        if text:
            self.set_message(text)

    @Slot()
    def _use_dates(self) -> None:
        self._chosen["new_date"] = self.new_date_edit.dateTime().toSecsSinceEpoch()
        self._chosen["report_back_at"] = self.report_back_edit.dateTime().toSecsSinceEpoch()
        self.refresh()

    # -- suggestions -------------------------------------------------------------------------

    @Slot()
    def refresh(self) -> None:
        settings = self.ctx.settings
        if self._templates is None:
            try:
                self._templates = replies.all_templates(self.ctx.store)
            except UserError as exc:
                self.ctx.status_message.emit(str(exc))
                self._templates = []
        message = self.message_edit.toPlainText()
        self._suggestion = suggest(
            message, self._state, now=self.ctx.now(), tz=settings.tz(), lang=self.lang,
            due_soon_lead_seconds=int(settings.due_soon_lead_hours * HOUR), templates=self._templates,
            chosen=self._chosen,
        )
        self._show_intent()
        row = max(self.reply_list.currentRow(), 0)
        self.reply_list.blockSignals(True)
        self.reply_list.clear()
        for reply in self._suggestion.replies:
            habit = t(f"replies.habit_{reply.habit}", self.lang)
            if reply.text:
                label = f"[{habit}] {reply.text}"
            else:
                facts = ", ".join(t(f"replies.fact_{name}", self.lang) for name in reply.needs)
                label = f"[{habit}] {t('replies.needs', self.lang, facts=facts)}"
            item = QListWidgetItem(label)
            item.setData(Qt.ItemDataRole.UserRole, reply.template_id)
            self.reply_list.addItem(item)
        self.reply_list.blockSignals(False)
        if self.reply_list.count():
            self.reply_list.setCurrentRow(min(row, self.reply_list.count() - 1))
            self._reply_chosen(self.reply_list.currentRow())
        else:
            self._reply_chosen(-1)

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
            self.intent_label.setText(self.tr("Buyer wants: %1 (%2 % sure)").replace("%1", name)
                                      .replace("%2", str(round(intent.confidence * 100))))
        if intent is not None:
            words = ", ".join(intent.matched) if intent.matched else self.tr("no known words")
            self.reasons_label.setText(self.tr("Because of: %1").replace("%1", words))
        self.correction.set_language(self.lang)
        self.correction.show_for(self.message_edit.toPlainText(), intent.intent if intent else None)
        situation = suggestion.situation
        if situation is not None:
            name = t(f"replies.situation_{situation.primary or 'none'}", self.lang)
            self.situation_label.setText(self.tr("Order situation: %1").replace("%1", name))
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
        uses = set(template.placeholders(self.lang)) if template else set()
        for name, label, edit in (("new_date", self.new_date_label, self.new_date_edit),
                                  ("report_back_at", self.report_back_label, self.report_back_edit)):
            for widget in (label, edit):
                widget.setVisible(name in uses)
        self.use_dates_button.setVisible(bool(uses & set(CHOSEN_DATES)))
        if reply is not None and reply.needs:
            facts = ", ".join(t(f"replies.fact_{name}", self.lang) for name in reply.needs)
            self.needs_label.setText(t("replies.needs", self.lang, facts=facts))
        else:
            self.needs_label.setText("")
        self.editor.setPlainText(reply.text if reply is not None and reply.text else "")
        actions = reply.actions if reply is not None else []
        self.actions_label.setText(
            self.tr("Next: %1").replace("%1", "; ".join(t(f"replies.action_{a}", self.lang) for a in actions))
            if actions else ""
        )
        self._check_editor()

    @Slot()
    def _check_editor(self) -> None:
        text = self.editor.toPlainText()
        warnings = reply_guard.check(text)
        self.warnings_label.setText("\n".join("⚠ " + w.message(self.lang) for w in warnings))
        has_text = bool(text.strip())
        self.copy_button.setEnabled(has_text)
        self.log_button.setEnabled(has_text and self.order_id is not None and not self.ctx.read_only)

    # -- copy and log --------------------------------------------------------------------------

    @Slot()
    def copy_reply(self) -> str:
        text = self.editor.toPlainText().strip()
        QApplication.clipboard().setText(text)
        self.ctx.status_message.emit(self.tr("Reply copied: paste it into the chat."))
        return text

    @Slot()
    def copy_and_log(self) -> int | None:
        if self.order_id is None:
            return None
        text = self.copy_reply()
        reply = self.selected_reply()
        promises = {}
        if reply is not None and reply.text and text:
            # Only dates the shop chose here are new promises; an existing commitment is not repeated.
            promises = {kind: self._chosen[name] for kind, name in reply.promises.items() if name in self._chosen}
        settings = self.ctx.settings
        try:
            message_id = replies.log_reply(
                self.ctx.store, self.ctx.shop_id, self.order_id, text=text,
                template_id=reply.template_id if reply is not None else None,
                sender_name=settings.staff_name or settings.name, now=self.ctx.now(), promises=promises,
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
