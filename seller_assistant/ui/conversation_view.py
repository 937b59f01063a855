"""The conversation view: one order's or buyer's chat, selectable, with a context menu for changes."""

from __future__ import annotations

from PySide6.QtCore import QItemSelectionModel, QModelIndex, Signal
from PySide6.QtGui import QContextMenuEvent
from PySide6.QtWidgets import QAbstractItemView, QListView, QMenu, QWidget

from seller_assistant.ui import theme
from seller_assistant.ui.bubble_delegate import BubbleDelegate
from seller_assistant.ui.conversation_model import ROW_ROLE, STAGES, ConversationModel, Row, stage_label


class ConversationView(QListView):
    """Shows one conversation; asks its owner to change things through signals (it never writes)."""

    stage_requested = Signal(int, str)  # message id, stage
    agreement_requested = Signal(dict)  # the message
    assign_requested = Signal(list)  # message ids (unlinked ones)
    attachment_opened = Signal(dict)  # the attachment
    withdraw_requested = Signal(dict)  # the message (a sealed correction follows)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.conversation = ConversationModel(self)
        self.setModel(self.conversation)
        self.setItemDelegate(BubbleDelegate(self))
        self.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.setResizeMode(QListView.ResizeMode.Adjust)  # re-wrap the bubbles when the width changes
        self.setUniformItemSizes(False)
        self.setMouseTracking(True)
        self.setStyleSheet(
            f"QListView {{ background: {theme.css_colour('chat_background')}; border: none; }}"
        )
        self.clicked.connect(self._on_clicked)

    def set_conversation(self, messages, agreements, attachments, tz, attachment_path=None) -> None:
        self.conversation.set_conversation(messages, agreements, attachments, tz, attachment_path)
        if self.conversation.rows:
            self.scrollToBottom()  # the latest message is what one reads first

    def rows(self) -> list[Row]:
        return self.conversation.rows

    def select_message(self, message_id: int) -> bool:
        """Select the message and scroll it to the middle; False when it is not in this conversation."""
        number = self.conversation.row_of_message(message_id)
        if number is None:
            return False
        index = self.conversation.index(number)
        self.selectionModel().setCurrentIndex(index, QItemSelectionModel.SelectionFlag.ClearAndSelect)
        self.scrollTo(index, QAbstractItemView.ScrollHint.PositionAtCenter)
        return True

    def selected_messages(self) -> list[dict]:
        rows = sorted(index.row() for index in self.selectionModel().selectedIndexes())
        return [
            self.conversation.rows[r].message for r in rows if self.conversation.rows[r].kind == "message"
        ]

    def _on_clicked(self, index: QModelIndex) -> None:
        row: Row = index.data(ROW_ROLE)
        if row is not None and row.kind == "attachment":
            self.attachment_opened.emit(row.attachment)

    def contextMenuEvent(self, event: QContextMenuEvent) -> None:  # noqa: N802 - Qt's name
        index = self.indexAt(event.pos())
        row: Row | None = index.data(ROW_ROLE) if index.isValid() else None
        if row is None or row.kind == "separator":
            return
        if not self.selectionModel().isSelected(index):
            self.selectionModel().setCurrentIndex(index, QItemSelectionModel.SelectionFlag.ClearAndSelect)
        menu = self.build_menu(row)
        menu.exec(event.globalPos())

    def build_menu(self, row: Row) -> QMenu:
        """The menu for a row (separate from the event so tests can read and trigger its actions)."""
        menu = QMenu(self)
        if row.kind == "attachment":
            menu.addAction(self.tr("Open"), lambda: self.attachment_opened.emit(row.attachment))
            return menu
        message = row.message
        stage_menu = menu.addMenu(self.tr("Set stage"))
        for stage in STAGES:
            action = stage_menu.addAction(stage_label(stage))
            action.setCheckable(True)
            action.setChecked(message.get("stage") == stage)
            action.triggered.connect(
                lambda _checked=False, s=stage: self.stage_requested.emit(message["id"], s)
            )
        agreement = menu.addAction(
            self.tr("Record as agreement…"), lambda: self.agreement_requested.emit(message)
        )
        agreement.setEnabled(message.get("order_id") is not None)
        if message.get("order_id") is None:
            unlinked = [m["id"] for m in self.selected_messages() if m.get("order_id") is None] or [
                message["id"]
            ]
            menu.addAction(self.tr("Assign to order…"), lambda: self.assign_requested.emit(unlinked))
        else:  # a sealed move: both orders' chains and bundles say where it went
            menu.addAction(
                self.tr("Move to another order…"), lambda: self.assign_requested.emit([message["id"]])
            )
        menu.addSeparator()
        menu.addAction(self.tr("Withdraw…"), lambda: self.withdraw_requested.emit(message))
        return menu
