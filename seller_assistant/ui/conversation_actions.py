"""What the conversation's context menu does: set a stage, record an agreement, assign to an order,
open an attachment. Shared by the order's Chat tab and the Chats & evidence page."""

from __future__ import annotations

from PySide6.QtCore import QObject
from PySide6.QtWidgets import QDialog, QInputDialog, QLineEdit, QMessageBox, QWidget

from seller_assistant.core.errors import UserError
from seller_assistant.ui.agreement_dialog import AgreementDialog
from seller_assistant.ui.attachment_viewer import open_attachment
from seller_assistant.ui.context import AppContext
from seller_assistant.ui.conversation_view import ConversationView
from seller_assistant.ui.i18n import fill
from seller_assistant.ui.withdraw_dialog import WithdrawDialog


class ConversationActions(QObject):
    def __init__(self, ctx: AppContext, view: ConversationView, owner: QWidget) -> None:
        super().__init__(owner)
        self.ctx = ctx
        self.owner = owner
        self.dialog: QDialog | None = None  # the open agreement dialog, reachable from tests
        self.viewer: QDialog | None = None  # the last image viewer opened
        view.stage_requested.connect(self.set_stage)
        view.agreement_requested.connect(self.ask_agreement)
        view.assign_requested.connect(self.ask_assign)
        view.attachment_opened.connect(self.open_attachment)
        view.withdraw_requested.connect(self.ask_withdraw)

    def set_stage(self, message_id: int, stage: str) -> None:
        from seller_assistant.store import chats

        if self._guarded(lambda: chats.set_stage(self.ctx.store, message_id, stage, self.ctx.now())):
            self.ctx.notify_changed()

    def ask_agreement(self, message: dict) -> None:
        dialog = AgreementDialog(message.get("text", ""), self.owner)
        dialog.accepted.connect(lambda: self.record_agreement(message, *dialog.chosen()))
        self.dialog = dialog
        dialog.open()

    def record_agreement(self, message: dict, kind: str, text: str) -> None:
        from seller_assistant.store import agreements

        if self._guarded(
            lambda: agreements.add_agreement(
                self.ctx.store,
                message.get("shop_id", self.ctx.shop_id),
                message["order_id"],
                kind,
                text,
                message["sent_at"],
                self.ctx.now(),
                message_id=message["id"],
            )
        ):
            self.ctx.notify_changed()

    def ask_assign(self, message_ids: list) -> None:
        order_no, ok = QInputDialog.getText(
            self.owner,
            self.tr("Assign to order"),
            self.tr("Order number for %n message(s):", "", len(message_ids)),
            QLineEdit.EchoMode.Normal,
        )
        if ok and order_no.strip():
            self._guarded(lambda: self.assign(message_ids, order_no.strip()))

    def assign(self, message_ids: list, order_no: str) -> int:
        """Tie the messages to the order with this number; returns the order id."""
        from seller_assistant.store import corrections, orders

        shop_id = self._shop_of(message_ids[0])  # the messages' shop: an order number is one shop's
        order = orders.find_order(self.ctx.store, shop_id, order_no)
        corrections.move_to_order(self.ctx.store, shop_id, list(message_ids), order["id"], self.ctx.now())
        self.ctx.notify_changed()
        self.ctx.status_message.emit(
            fill(self.tr("%n message(s) assigned to order {order}.", "", len(message_ids)), order=order_no)
        )
        return order["id"]

    def _shop_of(self, message_id: int) -> int:
        from seller_assistant.store.chats import get_message

        message = get_message(self.ctx.store, message_id)
        return message["shop_id"] if message else self.ctx.shop_id

    def ask_withdraw(self, message: dict) -> None:
        dialog = WithdrawDialog(message.get("text", ""), self.owner)
        dialog.accepted.connect(lambda: self.withdraw(message, dialog.chosen_reason()))
        self.dialog = dialog
        dialog.open()

    def withdraw(self, message: dict, reason: str) -> bool:
        """Seal a correction saying this message (or logged reply) is withdrawn, for `reason`."""
        from seller_assistant.store import corrections

        saved = self._guarded(
            lambda: corrections.withdraw(
                self.ctx.store,
                message.get("shop_id", self.ctx.shop_id),
                message["id"],
                reason,
                self.ctx.now(),
            )
        )
        if saved:
            self.ctx.notify_changed()
            self.ctx.status_message.emit(self.tr("Message withdrawn; the correction is sealed."))
        return saved

    def open_attachment(self, attachment: dict) -> None:
        from seller_assistant.store.attachments import attachment_file

        self.viewer = open_attachment(
            self.owner, attachment_file(self.ctx.store, attachment["sha256"]), attachment
        )

    def _guarded(self, action) -> bool:
        """Run a write; a problem the user can fix is shown to them. True when it was saved."""
        try:
            action()
        except UserError as exc:
            QMessageBox.warning(self.owner, self.tr("Not saved"), str(exc))
            return False
        return True
