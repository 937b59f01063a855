"""One order: its facts, its timeline (paid, promised, commitments, urges, shipped, events, notes), actions."""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from functools import partial

from PySide6.QtCore import Qt, Slot
from PySide6.QtWidgets import (
    QDialog,
    QFormLayout,
    QGridLayout,
    QHBoxLayout,
    QMessageBox,
    QPushButton,
    QTabWidget,
    QToolButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from seller_assistant.core.changes import Changes
from seller_assistant.core.clock import format_local, humanize_delta
from seller_assistant.core.deadlines import deadline_state
from seller_assistant.core.errors import UserError
from seller_assistant.core.help_events import event_kinds_for
from seller_assistant.core.orders import awaits_shipment
from seller_assistant.core.profiles import profile_for_platform
from seller_assistant.core.report_timeline import edit_text
from seller_assistant.store import commitments, events, order_flags, orders, timeline, work_orders
from seller_assistant.store.connection import retrying
from seller_assistant.ui import order_actions, workers
from seller_assistant.ui.context import AppContext
from seller_assistant.ui.i18n import choose_language, fill
from seller_assistant.ui.store_opener import worker_store_opener
from seller_assistant.ui.widgets import heading, plain_label


class OrderDetail(QWidget):
    """Shown beside the orders table; `set_order(order_id)` fills it."""

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.order_id: int | None = None
        self.order: dict | None = None
        self.dialog: QDialog | None = None  # the action form now open (tests fill it in)
        # The timeline's rows, read on a worker; None until the first read for this order arrives.
        self._rows: dict[str, list[dict]] | None = None
        self._asked = self._answered = 0  # timeline reads asked for / the newest one that came back
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.title = heading("")
        top = QHBoxLayout()
        top.addWidget(self.title, 1)
        self.export_button = QPushButton(self.tr("Export evidence…"), objectName="export_evidence")
        self.export_button.clicked.connect(self.open_export)
        top.addWidget(self.export_button)
        self.close_button = QToolButton(objectName="close_detail")
        self.close_button.setText("×")
        self.close_button.setToolTip(self.tr("Close the order"))
        self.close_button.clicked.connect(self.hide)
        top.addWidget(self.close_button)
        layout.addLayout(top)
        self.tabs = QTabWidget(objectName="order_tabs")
        layout.addWidget(self.tabs, 1)

        overview = QWidget()
        body = QVBoxLayout(overview)
        self.facts = QFormLayout()
        self.fact_labels: dict[str, object] = {}
        for key, label in (
            ("buyer", self.tr("Buyer")),
            ("item", self.tr("Item")),
            ("amount", self.tr("Amount")),
            ("status", self.tr("Status")),
            ("paid", self.tr("Paid")),
            ("promised", self.tr("Ship by")),
            ("shipped", self.tr("Shipped")),
            ("receiver", self.tr("Receiver")),
            ("message", self.tr("Buyer's message")),
        ):
            value = plain_label()
            value.setObjectName(f"fact_{key}")
            self.fact_labels[key] = value
            self.facts.addRow(label, value)
        body.addLayout(self.facts)

        self.timeline = QTreeWidget(objectName="order_timeline")
        self.timeline.setHeaderLabels([self.tr("When"), self.tr("What happened")])
        self.timeline.setRootIsDecorated(False)
        self.timeline.setColumnWidth(0, 130)
        self.timeline.setWordWrap(True)
        body.addWidget(self.timeline, 1)

        grid = QGridLayout()
        self.buttons: dict[str, QPushButton] = {}
        for position, (key, label, slot) in enumerate(
            (
                ("ship", self.tr("Ship…"), self.ask_ship),
                ("commit", self.tr("Promise a new date…"), self.ask_commitment),
                ("override", self.tr("Set ship promise…"), self.ask_promise_override),
                ("urge", self.tr("Open urge…"), self.ask_work_order),
                ("answer", self.tr("Mark urge answered…"), self.ask_answer),
                ("event", self.tr("Add help event…"), self.ask_event),
                ("note", self.tr("Add note…"), self.ask_note),
                ("refund", self.tr("Refund requested"), self.flag_refund),
                ("logistics", self.tr("Logistics exception"), self.flag_logistics),
            )
        ):
            button = QPushButton(label, objectName=f"action_{key}")
            button.clicked.connect(slot)
            self.buttons[key] = button
            grid.addWidget(button, position // 3, position % 3)
        body.addLayout(grid)
        self.tabs.addTab(overview, self.tr("Order"))
        self._add_other_tabs()
        # Only a change to this order (or to everything) re-reads it.
        ctx.subscribe(self, lambda c: c.touches_order(self.order_id) or c.settings, self.refresh)
        # A minute passing changes no row: only the relative times ("3h left", "missed") move.
        ctx.tick.connect(self.render)

    def _add_other_tabs(self) -> None:
        """Chat evidence and reply suggestions for the same order, from their own widgets."""
        from seller_assistant.ui.chat_view import OrderChatWidget
        from seller_assistant.ui.reply_panel import ReplyPanel

        self.chat = OrderChatWidget(self.ctx, self)
        self.tabs.addTab(self.chat, self.tr("Chat"))
        self.reply = ReplyPanel(self.ctx, self)
        self.tabs.addTab(self.reply, self.tr("Reply"))
        self.extra_tabs: list[QWidget] = [self.chat, self.reply]

    # -- showing -------------------------------------------------------------------------------

    def set_order(self, order_id: int) -> None:
        if order_id != self.order_id:
            self._rows = None  # never show the previous order's timeline under this one's title
        self.order_id = order_id
        self.refresh()
        for tab in self.extra_tabs:
            tab.set_order(order_id)

    @property
    def timeline_loading(self) -> bool:
        """A timeline read is still on its way (tests wait for it like a person watching)."""
        return self._answered != self._asked

    @Slot()
    def refresh(self) -> None:
        """The order changed (or was opened): its row is one short read by key, here; the timeline's
        several reads go to a worker and are shown when they arrive."""
        if self.order_id is None:
            return
        self.order = orders.get_order(self.ctx.store, self.order_id)
        self.render()
        if self.order is not None:
            self._load_timeline(self.order_id)

    def _load_timeline(self, order_id: int) -> None:
        self._asked += 1
        # Plain values only in the job: it must not hold the widget or the context (store_opener).
        open_store = worker_store_opener(self.ctx)

        def read(_job: workers.Job) -> tuple[int, dict[str, list[dict]]]:
            store = open_store()
            try:
                return order_id, timeline.timeline_rows(store, order_id)
            finally:
                store.close()

        # A closed detail drops the answer (workers.start); a newer request supersedes this one.
        workers.start(
            read, partial(self._timeline_read, self._asked), partial(self._timeline_failed, self._asked)
        )

    def _timeline_read(self, request: int, result: tuple[int, dict[str, list[dict]]]) -> None:
        self._answered = max(self._answered, request)
        order_id, rows = result
        if request != self._asked or order_id != self.order_id:
            return  # superseded: a newer read (or another order) is on its way
        self._rows = rows
        self.render()

    def _timeline_failed(self, request: int, message: str) -> None:
        self._answered = max(self._answered, request)
        if message and request == self._asked:
            self.ctx.status_message.emit(message)

    @Slot()
    def render(self) -> None:
        """Show what was read last against the clock now; reads nothing from the store."""
        if self.order_id is None:
            return
        if self.order is None:
            self.title.setText(self.tr("This order is no longer in the store."))
            return
        order = self.order
        settings = self.shop_settings
        tz, now = settings.tz(), self.ctx.now()
        self.title.setText(fill(self.tr("Order {order}"), order=order["order_no"]))
        facts = self.fact_labels
        facts["buyer"].setText(order["buyer"])
        facts["item"].setText(" × ".join(p for p in (order["item_title"], _quantity(order)) if p))
        cents = order["amount_cents"]
        facts["amount"].setText("" if cents is None else f"{Decimal(cents) / 100:.2f}")
        facts["status"].setText(order["platform_status"] or order["status"])
        facts["paid"].setText(format_local(order["paid_at"], tz))
        facts["promised"].setText(self._promise_with_source(order, now, tz))
        facts["shipped"].setText(
            " ".join(
                p
                for p in (
                    format_local(order["shipped_at"], tz),
                    order["carrier"],
                    order["tracking_no"],
                    self._without_tracking(order),
                    self._late_by(order, order["shipped_at"]),
                )
                if p
            )
        )
        facts["receiver"].setText(
            " ".join(
                p for p in (order["receiver_name"], order["receiver_phone"], order["receiver_address"]) if p
            )
        )
        facts["message"].setText(order["buyer_message"] or "")
        self._fill_timeline(order, now, tz)
        awaiting = awaits_shipment(order["status"], order["shipped_at"])
        writable = not self.ctx.read_only
        for button in self.buttons.values():
            button.setEnabled(writable)
        self.buttons["ship"].setEnabled(writable and order["status"] not in ("refunded", "closed"))
        self.buttons["override"].setEnabled(writable and awaiting)
        open_urges = [w for w in (self._rows or {}).get("work_orders", []) if w["answered_at"] is None]
        self.buttons["answer"].setEnabled(writable and bool(open_urges))

    def _late_by(self, order: dict, shipped_at: int | None) -> str:
        """A late shipment stays late on the order: "(shipped 20h 32m late)"."""
        promised = order["promised_ship_at"]
        if shipped_at is None or promised is None or shipped_at <= promised:
            return ""
        late = humanize_delta(shipped_at - promised, choose_language(self.ctx.settings.language))
        return fill(self.tr("(shipped {late} late)"), late=late)

    def _without_tracking(self, order: dict) -> str:
        reason = order.get("no_tracking_reason")
        return fill(self.tr("(no tracking: {reason})"), reason=reason) if reason else ""

    def _promise_with_source(self, order: dict, now: int, tz) -> str:
        """The deadline and where it came from: the platform's export, a shop rule, the default, by hand."""
        if order.get("fulfilled_by") == "platform":
            return self.tr("Shipped by the platform (not the shop's to ship)")
        sources = {
            "platform": self.tr("stated by the platform"),
            "rule": self.tr("from a shop rule"),
            "default": self.tr("the shop's default promise"),
            "manual": self.tr("set by hand"),
        }
        source = sources.get(order.get("promise_source") or "")
        text = self._promise_text(order, now, tz)
        if source is None or order["promised_ship_at"] is None:
            return text
        return fill(self.tr("{deadline} · {source}"), deadline=text, source=source)

    def _promise_text(self, order: dict, now: int, tz) -> str:
        promised = order["promised_ship_at"]
        text = format_local(promised, tz)
        if not awaits_shipment(order["status"], order["shipped_at"]) or promised is None:
            return text
        lead = int(self.shop_settings.due_soon_lead_hours * 3600)
        left = humanize_delta(promised - now, choose_language(self.ctx.settings.language))
        state = deadline_state(promised, now, lead)
        if state == "late":
            return fill(self.tr("{deadline} (late by {late})"), deadline=text, late=left.lstrip("-"))
        return fill(self.tr("{deadline} ({left} left)"), deadline=text, left=left)

    def _fill_timeline(self, order: dict, now: int, tz) -> None:
        self.timeline.clear()
        if self._rows is None:
            return  # not read yet: shown when the worker's answer arrives
        for at, what in self.timeline_entries(order, now):
            item = QTreeWidgetItem([format_local(at, tz), what])  # item text is plain, never markup
            item.setToolTip(1, what)
            self.timeline.addTopLevelItem(item)

    def timeline_entries(self, order: dict, now: int) -> list[tuple[int, str]]:
        """(instant, sentence) for everything that happened or is due on this order, in time order,
        from the rows the worker read last (store/timeline.py, the same read as the bundle's)."""
        tz = self.ctx.settings_for(order["shop_id"]).tz()
        rows = self._rows or {}
        entries: list[tuple[int, str]] = self._sealed_entries(rows) + self._edit_entries(rows, tz)
        if order["paid_at"] is not None:
            entries.append((order["paid_at"], self.tr("Paid")))
        if order["promised_ship_at"] is not None:
            if awaits_shipment(order["status"], order["shipped_at"]) and order["promised_ship_at"] < now:
                entries.append((order["promised_ship_at"], self.tr("Ship promise missed: not shipped yet")))
            elif order["promise_override_at"] is not None:
                entries.append((order["promised_ship_at"], self.tr("Ship promise (set by the shop)")))
            else:
                entries.append((order["promised_ship_at"], self.tr("Ship promise")))
        for c in rows.get("commitments", []):
            due = format_local(c["due_at"], tz)
            entries.append(
                (
                    c["made_at"],
                    self._by(
                        fill(
                            self.tr("Promised the buyer: {promise} by {due}. {words}"),
                            promise=_commitment_kind(self, c["kind"]),
                            due=due,
                            words=c["text"],
                        ).strip(),
                        c.get("made_by"),
                    ),
                )
            )
            if c["kept_at"] is not None:
                entries.append((c["kept_at"], self._by(self.tr("Promise kept"), c.get("kept_by"))))
            elif c["due_at"] < now:
                entries.append((c["due_at"], self.tr("Promise missed")))
        for w in rows.get("work_orders", []):
            entries.append(
                (
                    w["opened_at"],
                    self._by(
                        fill(
                            self.tr("Urge work order opened; answer by {due}"),
                            due=format_local(w["due_at"], tz),
                        ),
                        w.get("opened_by"),
                    ),
                )
            )
            if w["answered_at"] is not None:
                entries.append(
                    (
                        w["answered_at"],
                        self._by(
                            fill(self.tr("Work order answered: {answer}"), answer=w["answer"] or ""),
                            w.get("answered_by"),
                        ),
                    )
                )
            elif w["due_at"] < now:
                entries.append((w["due_at"], self.tr("Work order overdue (not answered)")))
        shipments = rows.get("shipments", [])
        for s in shipments:
            entries.append(
                (
                    s["shipped_at"],
                    self._by(
                        fill(
                            self.tr("Shipped {shipment}"),
                            shipment=" ".join(
                                p
                                for p in (
                                    s["carrier"],
                                    s["tracking_no"] or self._without_tracking(order),
                                    self._late_by(order, s["shipped_at"]),
                                )
                                if p
                            ),
                        ),
                        s.get("shipped_by"),
                    ),
                )
            )
        if not shipments and order["shipped_at"] is not None:
            entries.append(
                (
                    order["shipped_at"],
                    fill(
                        self.tr("Shipped {shipment}"),
                        shipment=" ".join(
                            p
                            for p in (
                                order["carrier"],
                                order["tracking_no"],
                                self._without_tracking(order),
                                self._late_by(order, order["shipped_at"]),
                            )
                            if p
                        ),
                    ),
                )
            )
        kinds, reasons = order_actions.event_kind_names(), order_actions.event_reason_names()
        for e in rows.get("events", []):
            entries.append(
                (
                    e["at"],
                    self._by(
                        fill(
                            self.tr("Help event: {kind} ({reason}) {note}"),
                            kind=kinds.get(e["kind"], e["kind"]),
                            reason=reasons.get(e["reason"], e["reason"] or "-"),
                            note=e["note"] or "",
                        ).strip(),
                        e.get("recorded_by"),
                    ),
                )
            )
        for n in rows.get("notes", []):
            entries.append(
                (
                    n["at"],
                    fill(self.tr("Note by {author}: {note}"), author=n["author"] or "-", note=n["text"]),
                )
            )
        entries.sort(key=lambda entry: entry[0])
        return entries

    def _sealed_entries(self, rows: dict[str, list[dict]]) -> list[tuple[int, str]]:
        """What was sealed into the order's chain, each with who sealed it (its seal's name)."""
        entries = []
        for r in rows.get("chat_sealed", []):
            if r["item_type"] == "link":
                what = self.tr("%n chat message(s) tied to this order and sealed", "", r["items"])
            else:
                what = self.tr("%n chat message(s) sealed", "", r["items"])
            entries.append((r["sealed_at"], self._by(what, r["sealed_by"])))
        for a in rows.get("agreements_sealed", []):
            what = fill(self.tr("Agreement recorded: {text}"), text=a["text"])
            entries.append((a["agreed_at"], self._by(what, a["sealed_by"])))
        for a in rows.get("attachments_sealed", []):
            what = fill(self.tr("Attachment added: {name}"), name=a["original_name"])
            entries.append((a["sealed_at"], self._by(what, a["sealed_by"])))
        return entries

    def _edit_entries(self, rows: dict[str, list[dict]], tz) -> list[tuple[int, str]]:
        """Edits made by hand (a flag, a ship-by time, a message's stage), each with who made it; worded
        by the core, as report.pdf and `history` word them."""
        lang = choose_language(self.ctx.settings.language)
        entries = []
        for e in rows.get("edits", []):
            what = edit_text(e, lang, tz)
            if what:
                entries.append((e["at"], self._by(what, e["made_by"])))
        return entries

    def _by(self, what: str, who: str | None) -> str:
        """A timeline line with who did it, when the store knows (issue 18: several desks)."""
        return fill(self.tr("{what} — by {who}"), what=what, who=who) if who else what

    def _open_work_orders(self) -> list[dict]:
        if self.order_id is None:
            return []
        return [
            w
            for w in work_orders.work_orders_for_order(self.ctx.store, self.order_id)
            if w["answered_at"] is None
        ]

    # -- actions ---------------------------------------------------------------------------------

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
    def shop_settings(self):
        """The order's own shop's settings (not the window's first shop): its zone, marketplace, leads."""
        return self.ctx.settings_for(self.order["shop_id"] if self.order else None)

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


def _quantity(order: dict) -> str:
    return str(order["quantity"]) if order["quantity"] and order["quantity"] > 1 else ""


def _commitment_kind(widget: QWidget, kind: str) -> str:
    return {"ship_by": widget.tr("ship"), "report_back": widget.tr("report back")}.get(
        kind, widget.tr("other")
    )
