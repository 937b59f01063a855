"""One order: its facts and deadline beside its timeline (ui/order_timeline.py) and the buttons that act
on it (ui/order_detail_actions.py), with its chat and reply tabs."""

from __future__ import annotations

from decimal import Decimal

from PySide6.QtCore import Slot
from PySide6.QtWidgets import (
    QDialog,
    QFormLayout,
    QGridLayout,
    QHBoxLayout,
    QPushButton,
    QTabWidget,
    QToolButton,
    QTreeWidget,
    QVBoxLayout,
    QWidget,
)

from seller_assistant.core.clock import format_local, humanize_delta
from seller_assistant.core.deadlines import deadline_state
from seller_assistant.core.orders import awaits_shipment
from seller_assistant.store import orders
from seller_assistant.ui.context import AppContext
from seller_assistant.ui.i18n import choose_language, fill
from seller_assistant.ui.order_detail_actions import OrderDetailActions
from seller_assistant.ui.order_timeline import OrderTimeline
from seller_assistant.ui.widgets import heading, plain_label


class OrderDetail(OrderTimeline, OrderDetailActions, QWidget):
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

    @property
    def shop_settings(self):
        """The order's own shop's settings (not the window's first shop): its zone, marketplace, leads."""
        return self.ctx.settings_for(self.order["shop_id"] if self.order else None)


def _quantity(order: dict) -> str:
    return str(order["quantity"]) if order["quantity"] and order["quantity"] > 1 else ""
