"""What the order window's buttons do: open a form without blocking, write, tell every page."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt, Slot
from PySide6.QtWidgets import QDialog, QMessageBox

from seller_assistant.core.changes import Changes
from seller_assistant.core.clock import format_local
from seller_assistant.core.errors import UserError
from seller_assistant.core.help_events import event_kinds_for
from seller_assistant.core.orders import awaits_shipment
from seller_assistant.core.profiles import profile_for_platform
from seller_assistant.store import commitments, events, order_flags, orders, work_orders
from seller_assistant.store.connection import retrying
from seller_assistant.ui import order_actions
from seller_assistant.ui.i18n import fill


class OrderDetailActions:
    """The actions half of ui/order_detail.OrderDetail (mixed into it): each writes to `self.order`."""

    def _open_work_orders(self) -> list[dict]:
        if self.order_id is None:
            return []
        return [
            w
            for w in work_orders.work_orders_for_order(self.ctx.store, self.order_id)
            if w["answered_at"] is None
        ]

    def _ask(self, dialog: QDialog, apply: Callable[[QDialog], None]) -> QDialog:
        """Open a form without blocking; on OK write, then tell every page."""
        self.dialog = dialog
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.accepted.connect(lambda: self._run(lambda: apply(dialog)))
        dialog.finished.connect(lambda _code: setattr(self, "dialog", None))
        dialog.open()
        return dialog

    def _run(self, write: Callable[[], None]) -> None:
        try:
            write()
        except UserError as exc:
            QMessageBox.warning(self, self.tr("Not saved"), str(exc))
            return
        # One order's facts, evidence (a shipment is sealed) or events changed: nothing else.
        self.ctx.notify_changed(Changes.order(self.order_id, evidence=True, events=True))

    @property
    def _zone_name(self) -> str:
        return self.shop_settings.timezone

    @Slot()
    def ask_ship(self):
        order = self.order
        dialog = order_actions.ShipDialog(
            self.ctx.now(),
            self._zone_name,
            order["carrier"] or orders.last_carrier(self.ctx.store, order["shop_id"]),
            self,
        )
        return self._ask(
            dialog,
            lambda d: orders.ship_order(
                self.ctx.store,
                order["id"],
                *d.values(),
                self.ctx.now(),
                no_tracking_reason=d.reason_without_tracking(),
            ),
        )

    @Slot()
    def ask_commitment(self) -> None:
        order = self.order
        due = max(self.ctx.now(), order["promised_ship_at"] or 0) + 24 * 3600

        def apply(d: order_actions.CommitmentDialog) -> None:
            kind, due_at, text = d.values()

            def write() -> None:
                with self.ctx.store.write():
                    commitments.add_commitment(
                        self.ctx.store, order["shop_id"], order["id"], kind, due_at, self.ctx.now(), text
                    )
                    if kind == "ship_by" and awaits_shipment(order["status"], order["shipped_at"]):
                        # The buyer agreed a new ship date: the deadline to keep is now that date.
                        orders.set_promise_override(self.ctx.store, order["id"], due_at, self.ctx.now())

            retrying(self.ctx.store, write)  # undone by another desk's change at that moment: again

        self._ask(order_actions.CommitmentDialog(due, self._zone_name, self), apply)

    @Slot()
    def ask_promise_override(self) -> None:
        order = self.order
        current = order["promised_ship_at"] or self.ctx.now()
        dialog = order_actions.PromiseOverrideDialog(current, self._zone_name, self)
        self._ask(
            dialog,
            lambda d: orders.set_promise_override(self.ctx.store, order["id"], d.values(), self.ctx.now()),
        )

    @Slot()
    def ask_work_order(self) -> None:
        order = self.order
        dialog = order_actions.WorkOrderDialog(
            self.ctx.now(), self.shop_settings.work_order_lead_hours, self._zone_name, self
        )

        def apply(d: order_actions.WorkOrderDialog) -> None:
            opened_at, due_at, note = d.values()
            work_orders.open_work_order(
                self.ctx.store, order["shop_id"], order["id"], opened_at, due_at, self.ctx.now(), note=note
            )

        self._ask(dialog, apply)

    @Slot()
    def ask_answer(self) -> None:
        tz = self.shop_settings.tz()
        choices = [
            (
                w["id"],
                fill(
                    self.tr("Opened {opened}, answer by {due}"),
                    opened=format_local(w["opened_at"], tz),
                    due=format_local(w["due_at"], tz),
                ),
            )
            for w in self._open_work_orders()
        ]
        if not choices:
            return
        dialog = order_actions.AnswerDialog(choices, self.ctx.now(), self._zone_name, self)
        self._ask(dialog, lambda d: work_orders.answer_work_order(self.ctx.store, *d.values()))

    @Slot()
    def ask_event(self) -> None:
        order = self.order

        def apply(d: order_actions.EventDialog) -> None:
            kind, at, reason, note = d.values()
            events.add_event(
                self.ctx.store, order["shop_id"], order["id"], kind, at, self.ctx.now(), reason, note
            )

        # Only the kinds this shop's marketplace counts: no A-to-z claim on a Taobao shop.
        platform = self.shop_settings.platform
        kinds = event_kinds_for(platform, profile_for_platform(platform).streak_kinds)
        self._ask(order_actions.EventDialog(self.ctx.now(), self._zone_name, self, kinds=kinds), apply)

    @Slot()
    def ask_note(self) -> None:
        from seller_assistant.store import order_notes

        order = self.order

        def apply(d: order_actions.NoteDialog) -> None:
            text = d.values()
            if text:
                order_notes.add_note(
                    self.ctx.store,
                    order["id"],
                    text,
                    self.ctx.store.staff or self.shop_settings.staff_name,
                    self.ctx.now(),
                )

        self._ask(order_actions.NoteDialog(self), apply)

    @Slot()
    def open_export(self) -> None:
        from seller_assistant.ui.export_dialog import ExportEvidenceDialog

        if self.order_id is None:
            return
        dialog = ExportEvidenceDialog(self.ctx, self.order_id, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.dialog = dialog
        dialog.finished.connect(lambda _code: setattr(self, "dialog", None))
        dialog.open()

    @Slot()
    def flag_refund(self) -> None:
        self._run(
            lambda: order_flags.set_order_flags(
                self.ctx.store, self.order["id"], self.ctx.now(), refund_status="requested"
            )
        )

    @Slot()
    def flag_logistics(self) -> None:
        self._run(
            lambda: order_flags.set_order_flags(
                self.ctx.store, self.order["id"], self.ctx.now(), logistics_status="exception"
            )
        )
