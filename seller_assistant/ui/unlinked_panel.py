"""Messages not yet tied to an order: a list to pick from and assign."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QHBoxLayout, QListWidget, QListWidgetItem, QPushButton, QVBoxLayout, QWidget

from seller_assistant.core.clock import format_local
from seller_assistant.ui.context import AppContext
from seller_assistant.ui.widgets import plain_label

PREVIEW = 60  # characters of each message in the list; the conversation shows the whole text
LIST_LIMIT = 1000  # newest first; more than this is a backlog to import with --order, not to click through


class UnlinkedPanel(QWidget):
    message_chosen = Signal(dict)  # the message, to show in its buyer's conversation
    assign_requested = Signal(list)  # message ids

    def __init__(
        self, ctx: AppContext, parent: QWidget | None = None, shop: Callable[[], int] | None = None
    ) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.shop_id: Callable[[], int] = shop or (lambda: ctx.shop_id)  # the page's picked shop
        self.explain = plain_label(
            self.tr(
                "These messages mention no order number and could not be matched by buyer and time. "
                "Select them and assign them to the order they are about."
            )
        )
        self.list = QListWidget()
        self.list.setSelectionMode(QListWidget.SelectionMode.ExtendedSelection)
        self.list.setWordWrap(True)
        self.list.itemClicked.connect(self._choose)
        self.list.itemActivated.connect(self._choose)
        self.list.itemSelectionChanged.connect(self._update_button)
        self.assign_button = QPushButton(self.tr("Assign to order…"))
        self.assign_button.clicked.connect(lambda: self.assign_requested.emit(self.selected_ids()))
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.assign_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.explain)
        layout.addWidget(self.list, 1)
        layout.addLayout(buttons)
        self._update_button()

    def reload(self) -> str:
        """Re-read the list; returns the count to show ("1000+" when the list is cut)."""
        from seller_assistant.store.chats import unlinked_messages

        shop_id = self.shop_id()
        tz = self.ctx.settings_for(shop_id).tz()
        selected = set(self.selected_ids())
        self.list.clear()
        messages = unlinked_messages(self.ctx.store, shop_id, limit=LIST_LIMIT)
        for message in messages:
            text = " ".join(message["text"].split())
            if len(text) > PREVIEW:
                text = text[:PREVIEW] + "…"
            who = message["sender_name"] or message["buyer"]
            # QListWidgetItem text is plain text: shop data is never read as markup here.
            item = QListWidgetItem(
                f"{format_local(message['sent_at'], tz)}  {message['buyer']} · {who}\n{text}"
            )
            item.setData(Qt.ItemDataRole.UserRole, message)
            self.list.addItem(item)
            item.setSelected(message["id"] in selected)
        self._update_button()
        return f"{LIST_LIMIT}+" if len(messages) >= LIST_LIMIT else str(len(messages))

    def selected_ids(self) -> list[int]:
        return [item.data(Qt.ItemDataRole.UserRole)["id"] for item in self.list.selectedItems()]

    def _update_button(self) -> None:
        self.assign_button.setEnabled(bool(self.list.selectedItems()) and not self.ctx.read_only)

    def _choose(self, item: QListWidgetItem) -> None:
        self.message_chosen.emit(item.data(Qt.ItemDataRole.UserRole))
