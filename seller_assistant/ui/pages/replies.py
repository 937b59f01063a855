"""The Replies page: orders that need an answer now, and the reply panel for the one chosen."""

from __future__ import annotations

from PySide6.QtCore import Qt, Slot
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from seller_assistant.core.errors import UserError
from seller_assistant.core.i18n import t
from seller_assistant.store import replies
from seller_assistant.ui.context import AppContext
from seller_assistant.ui.reply_panel import ReplyPanel
from seller_assistant.ui.risk_worker import BackgroundLoader
from seller_assistant.ui.widgets import heading, plain_label

HOUR = 3600


class RepliesPage(QWidget):
    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.order_search = QLineEdit()
        self.order_search.setPlaceholderText(self.tr("Order number, then Enter"))
        self.order_search.returnPressed.connect(self._search_order)
        self.order_list = QListWidget()
        self.order_list.setWordWrap(True)
        self.order_list.setSpacing(3)
        self.order_list.setAlternatingRowColors(True)
        self.order_list.itemActivated.connect(self._order_clicked)
        self.order_list.itemClicked.connect(self._order_clicked)
        self.list_hint = plain_label(self.tr("Orders to answer now"))
        self.no_order_button = QPushButton(self.tr("Reply without an order"))
        self.no_order_button.clicked.connect(lambda: self.load_order(None))
        self.templates_button = QPushButton(self.tr("My templates…"))
        self.templates_button.clicked.connect(self.open_template_editor)
        self.learned_button = QPushButton(self.tr("What it learned…"))
        self.learned_button.clicked.connect(self.panel_learned_dialog)
        self.panel = ReplyPanel(ctx, self)

        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.addWidget(self.order_search)
        left_layout.addWidget(self.list_hint)
        left_layout.addWidget(self.order_list, 1)
        left_layout.addWidget(self.no_order_button)
        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.addWidget(left)
        splitter.addWidget(self.panel)
        splitter.setStretchFactor(1, 3)
        splitter.setSizes([260, 740])

        header = QHBoxLayout()
        header.addWidget(heading(self.tr("Replies")))
        header.addStretch(1)
        header.addWidget(self.learned_button)
        header.addWidget(self.templates_button)
        layout = QVBoxLayout(self)
        layout.addLayout(header)
        layout.addWidget(splitter, 1)

        ctx.reply_requested.connect(self.load_order)
        # The list is read when the page is shown, on a worker: on a big store finding the orders
        # to answer takes half a second, too long for the GUI thread.
        self.orders_loader = BackgroundLoader(ctx, _orders_to_answer, self)
        self.orders_loader.ready.connect(self._show_orders)
        self._select_first = False
        ctx.subscribe(self, lambda c: c.touches_orders or c.evidence or c.settings, self._data_changed)

    def _data_changed(self) -> None:
        if self.isVisible():
            self.refresh_orders()

    def on_shown(self) -> None:
        # Opened from the sidebar with nothing chosen: start with the most urgent order.
        self._select_first = self.panel.order_id is None
        self.refresh_orders()

    @Slot()
    def refresh_orders(self) -> None:
        self.orders_loader.request()

    @Slot(object)
    def _show_orders(self, rows: list[dict]) -> None:
        lang = self.ctx.settings.report_language()
        self.order_list.clear()
        for row in rows:
            reason = t(f"replies.situation_{row['reason']}", lang) if row["reason"] else ""
            item = QListWidgetItem(f"{reason}\n{row['order_no']} · {row['buyer']}\n{row['item_title']}")
            item.setData(Qt.ItemDataRole.UserRole, row["id"])
            self.order_list.addItem(item)
        if not rows:
            self.list_hint.setText(self.tr("No order needs an answer right now."))
        if self._select_first and rows and self.panel.order_id is None:
            self.load_order(rows[0]["id"])
        else:
            self._select_in_list(self.panel.order_id)
        self._select_first = False

    @Slot(int)
    def load_order(self, order_id: int | None) -> None:
        self._select_first = False  # the shop chose: the list arriving later must not override it
        self.panel.set_order(order_id)
        self._select_in_list(order_id)

    def _select_in_list(self, order_id: int | None) -> None:
        """Selection follows the action: the order in the reply panel is the one marked in the list,
        or none is marked when it is not listed (never another order)."""
        for number in range(self.order_list.count()):
            if self.order_list.item(number).data(Qt.ItemDataRole.UserRole) == order_id:
                self.order_list.setCurrentRow(number)
                return
        self.order_list.setCurrentRow(-1)
        self.order_list.clearSelection()

    @Slot(QListWidgetItem)
    def _order_clicked(self, item: QListWidgetItem) -> None:
        order_id = item.data(Qt.ItemDataRole.UserRole)
        if order_id != self.panel.order_id:
            self.load_order(order_id)

    @Slot()
    def _search_order(self) -> None:
        text = self.order_search.text().strip()
        if not text:
            return
        try:
            self.load_order(replies.find_order_id(self.ctx.store, self.ctx.shop_id, text))
        except UserError as exc:
            self.ctx.status_message.emit(str(exc))

    @Slot()
    def open_template_editor(self) -> None:
        from seller_assistant.ui.template_editor import TemplateEditor

        dialog = TemplateEditor(self.ctx, self)
        if dialog.exec():
            self.panel.set_order(self.panel.order_id)

    @Slot()
    def panel_learned_dialog(self) -> None:
        self.panel.correction.show_learned()


def _orders_to_answer(store, shop_id: int, now: int, settings) -> list[dict]:
    return replies.orders_needing_reply(store, shop_id, now, int(settings.due_soon_lead_hours * HOUR))
