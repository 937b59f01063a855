"""Messages not yet tied to an order: a list to pick from and assign."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QAbstractListModel, QItemSelectionModel, QModelIndex, Qt, Signal
from PySide6.QtWidgets import QAbstractItemView, QHBoxLayout, QListView, QPushButton, QVBoxLayout, QWidget

from seller_assistant.core.clock import format_local
from seller_assistant.store import Store, shops
from seller_assistant.ui.context import AppContext
from seller_assistant.ui.risk_worker import BackgroundLoader
from seller_assistant.ui.widgets import plain_label

PREVIEW = 60  # characters of each message in the list; the conversation shows the whole text
LIST_LIMIT = 1000  # newest first; more than this is a backlog to import with --order, not to click through


def unlinked_rows(store: Store, shop_id: int, _now: int, _settings) -> list[tuple[str, dict]]:
    """The list's lines and their messages, worked out on a worker: on a big store reading the
    newest unlinked messages and formatting a thousand lines held the window for a fifth of a second."""
    from seller_assistant.store.chats import unlinked_messages

    tz = shops.load_settings(store, shop_id).tz()
    rows = []
    for message in unlinked_messages(store, shop_id, limit=LIST_LIMIT):
        text = " ".join(message["text"].split())
        if len(text) > PREVIEW:
            text = text[:PREVIEW] + "…"
        who = message["sender_name"] or message["buyer"]
        rows.append((f"{format_local(message['sent_at'], tz)}  {message['buyer']} · {who}\n{text}", message))
    return rows


class UnlinkedModel(QAbstractListModel):
    """The list's lines, handed over whole: a thousand QListWidgetItems made, filled and selected one
    by one held the window ~25 ms when the list arrived on a big store's first Chats visit."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.rows: list[tuple[str, dict]] = []

    def set_rows(self, rows: list[tuple[str, dict]]) -> None:
        self.beginResetModel()
        self.rows = rows
        self.endResetModel()

    def rowCount(self, parent: QModelIndex = QModelIndex()) -> int:  # noqa: N802, B008 - Qt's name
        return 0 if parent.isValid() else len(self.rows)

    def data(self, index: QModelIndex, role: int = Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        line, message = self.rows[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return line  # a list view paints it as plain text: shop data is never read as markup here
        if role == Qt.ItemDataRole.UserRole:
            return message
        return None

    def message(self, row: int) -> dict:
        return self.rows[row][1]


class UnlinkedPanel(QWidget):
    message_chosen = Signal(dict)  # the message, to show in its buyer's conversation
    assign_requested = Signal(list)  # message ids
    counted = Signal(str)  # how many are listed ("1000+" when the list is cut), once they are in

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
        self.model = UnlinkedModel(self)
        self.list = QListView()
        self.list.setModel(self.model)
        self.list.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.list.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.list.setWordWrap(True)
        # A thousand wrapped lines laid out at once held the window ~20 ms when the list arrived on
        # a big store's first Chats visit; Qt lays them out a hundred at a time between events.
        self.list.setLayoutMode(QListView.LayoutMode.Batched)
        self.list.setBatchSize(100)
        self.list.clicked.connect(self._choose)
        self.list.activated.connect(self._choose)
        self.list.selectionModel().selectionChanged.connect(self._update_button)
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
        self.loader = BackgroundLoader(ctx, unlinked_rows, self, shop=self.shop_id)
        self.loader.ready.connect(self._show)

    def reload(self) -> None:
        """Re-read the list on a worker; `counted` tells the count when the lines are in."""
        self.loader.request()

    def _show(self, rows: list[tuple[str, dict]]) -> None:
        selected = set(self.selected_ids())
        self.model.set_rows(rows)
        if selected:  # the lines the shop had selected stay selected when the list is read again
            selection = self.list.selectionModel()
            for row, (_line, message) in enumerate(rows):
                if message["id"] in selected:
                    selection.select(self.model.index(row), QItemSelectionModel.SelectionFlag.Select)
        self._update_button()
        self.counted.emit(f"{LIST_LIMIT}+" if len(rows) >= LIST_LIMIT else str(len(rows)))

    def lines(self) -> list[str]:
        """The list's lines, top to bottom, as shown."""
        return [line for line, _message in self.model.rows]

    def selected_ids(self) -> list[int]:
        rows = sorted(index.row() for index in self.list.selectionModel().selectedRows())
        return [self.model.message(row)["id"] for row in rows]

    def _update_button(self) -> None:
        has_selection = self.list.selectionModel().hasSelection()
        self.assign_button.setEnabled(has_selection and not self.ctx.read_only)

    def _choose(self, index: QModelIndex) -> None:
        self.message_chosen.emit(self.model.message(index.row()))
