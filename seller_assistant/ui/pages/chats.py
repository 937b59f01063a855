"""The Chats & evidence page: search every chat, assign unlinked messages, import records, verify evidence."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QFileDialog,
    QHBoxLayout,
    QMessageBox,
    QProgressDialog,
    QPushButton,
    QSplitter,
    QStackedWidget,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from seller_assistant.ui import theme, workers
from seller_assistant.ui.chat_view import OrderChatWidget
from seller_assistant.ui.context import AppContext
from seller_assistant.ui.conversation_actions import ConversationActions
from seller_assistant.ui.conversation_view import ConversationView
from seller_assistant.ui.i18n import choose_language, fill
from seller_assistant.ui.import_runs_banner import InterruptedImportBar
from seller_assistant.ui.paste_dialog import PasteChatDialog, import_summary, importing_text
from seller_assistant.ui.search_panel import SearchPanel
from seller_assistant.ui.shop_filter import ShopFilter
from seller_assistant.ui.store_opener import worker_store_opener
from seller_assistant.ui.unlinked_panel import UnlinkedPanel
from seller_assistant.ui.widgets import heading, plain_label


class BuyerConversation(QWidget):
    """A buyer's chats that belong to no order yet (shown when an unlinked message is chosen)."""

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.buyer: str | None = None
        self.shop_id: int | None = None
        self.title = plain_label()
        self.view = ConversationView()
        self.conversation_actions = ConversationActions(ctx, self.view, self)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.title)
        layout.addWidget(self.view, 1)

    def set_buyer(self, buyer: str, shop_id: int | None = None) -> None:
        """The buyer's chats in their own shop (a buyer name means nothing across shops)."""
        self.buyer, self.shop_id = buyer, shop_id
        self.reload()

    def reload(self) -> None:
        from seller_assistant.store.chats import messages_for_buyer
        from seller_assistant.store.corrections import with_withdrawals

        if self.buyer is None:
            return
        keep = [m["id"] for m in self.view.selected_messages()]
        self.title.setText(
            fill(
                self.tr("Chats with {buyer} (right-click a message to assign it to an order)"),
                buyer=self.buyer,
            )
        )
        shop_id = self.shop_id or self.ctx.shop_id
        messages = with_withdrawals(self.ctx.store, messages_for_buyer(self.ctx.store, shop_id, self.buyer))
        self.view.set_conversation(messages, [], [], self.ctx.settings_for(shop_id).tz())
        if keep:
            self.view.select_message(keep[0])


class ChatsPage(QWidget):
    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.verify_worker: workers.Worker | None = None
        self.import_worker: workers.Worker | None = None
        self.report_box: QMessageBox | None = None
        self.paste_dialog: PasteChatDialog | None = None
        self.last_report = ""

        # A store with several shops: searched, listed, imported and pasted into the shop picked here
        # (the window's first shop until another is picked); hidden with one shop.
        self.shop_filter = ShopFilter(ctx, with_all=False, objectName="chats_shop")
        if self.shop_filter.findData(ctx.shop_id) >= 0:
            self.shop_filter.setCurrentIndex(self.shop_filter.findData(ctx.shop_id))
        self.shop_filter.shop_chosen.connect(self._shop_chosen)

        self.import_action = QAction(self.tr("Chat record…"), self)
        self.import_action.setToolTip(
            self.tr("Import a Qianniu/Wangwang chat export or a time, sender, text CSV")
        )
        self.import_action.triggered.connect(self.choose_chat_file)
        self.verify_action = QAction(self.tr("Verify evidence…"), self)
        self.verify_action.triggered.connect(self.verify_evidence)

        self.import_button = QPushButton(self.tr("Import chat record…"))
        self.import_button.clicked.connect(self.import_action.trigger)
        self.paste_button = QPushButton(self.tr("Paste chat…"))
        self.paste_button.setToolTip(self.tr("Paste a chat copied from Qianniu or Wangwang"))
        self.paste_button.clicked.connect(self.open_paste_dialog)
        self.verify_button = QPushButton(self.tr("Verify evidence"))
        self.verify_button.clicked.connect(self.verify_action.trigger)
        top = QHBoxLayout()
        top.addWidget(heading(self.tr("Chats & evidence")), 1)
        top.addWidget(self.shop_filter)
        top.addWidget(self.import_button)
        top.addWidget(self.paste_button)
        top.addWidget(self.verify_button)
        self.verify_label = plain_label()

        self.search = SearchPanel(ctx, shop=self.shop_id)
        self.search.hit_activated.connect(self.show_hit)
        # The newest hit's conversation opens a turn of the event loop after the hits are shown, not
        # in the same slot (together 25–30 ms at 1 M orders on the first visit). A timer event, not a
        # posted call: Qt runs calls posted while it delivers posted calls in the same turn.
        self._open_first = QTimer(self, singleShot=True, interval=0)
        self._open_first.timeout.connect(self._open_first_if_empty)
        self.search.results_shown.connect(self._open_first.start)
        self.unlinked = UnlinkedPanel(ctx, shop=self.shop_id)
        self.unlinked.message_chosen.connect(self.show_message)
        self.unlinked.counted.connect(self._show_unlinked_count)
        self.tabs = QTabWidget()
        self.tabs.addTab(self.search, self.tr("Search"))
        self.tabs.addTab(self.unlinked, self.tr("Not tied to an order"))

        self.order_chat = OrderChatWidget(ctx)
        self.buyer_chat = BuyerConversation(ctx)
        self.unlinked.assign_requested.connect(self.buyer_chat.conversation_actions.ask_assign)
        self.placeholder = plain_label(
            self.tr(
                "Search above, or pick a message that is not tied to an order, to see its conversation here."
            )
        )
        self.placeholder.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.right = QStackedWidget()
        for widget in (self.placeholder, self.order_chat, self.buyer_chat):
            self.right.addWidget(widget)

        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.addWidget(self.tabs)
        splitter.addWidget(self.right)
        splitter.setStretchFactor(0, 2)
        splitter.setStretchFactor(1, 3)
        splitter.setSizes([420, 640])

        self.interrupted = InterruptedImportBar(ctx)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.interrupted)
        layout.addWidget(self.verify_label)
        layout.addWidget(splitter, 1)
        self._stale = True
        ctx.subscribe(self, lambda c: c.evidence or c.orders is None or c.orders_added, self._data_changed)

    # -- page hooks ------------------------------------------------------------------------------

    def import_actions(self) -> list[QAction]:
        return [self.import_action]

    def file_actions(self) -> list[QAction]:
        return [self.verify_action]

    def on_shown(self) -> None:
        if self._stale or self.search.last_result is None:
            self.refresh()
        self.search.query.setFocus()

    def _data_changed(self) -> None:
        self._stale = True
        if self.isVisible():
            self.refresh()
        if self.right.currentWidget() is self.buyer_chat:
            self.buyer_chat.reload()

    def refresh(self) -> None:
        self._stale = False
        self.interrupted.reload()
        self.search.run_search()  # the newest messages until the shop types a phrase
        self.unlinked.reload()  # read on a worker: the count follows
        self.import_action.setEnabled(not self.ctx.read_only)
        self.paste_button.setEnabled(not self.ctx.read_only)

    def _show_unlinked_count(self, count: str) -> None:
        self.tabs.setTabText(1, fill(self.tr("Not tied to an order ({count})"), count=count))

    def shop_id(self) -> int:
        """The shop this page shows and files chats under."""
        return self.shop_filter.shop_id() or self.ctx.shop_id

    def _shop_chosen(self, _shop_id) -> None:
        # Another shop's conversation is not shown under this one: open the new shop's newest instead.
        self.right.setCurrentWidget(self.placeholder)
        self.search.fill_staff()
        self.refresh()

    # -- showing a conversation ------------------------------------------------------------------

    def show_hit(self, hit) -> bool:
        """Open the hit's conversation and select the message in it."""
        if hit.order_id is not None:
            self.order_chat.set_order(hit.order_id)
            self.right.setCurrentWidget(self.order_chat)
            return self.order_chat.view.select_message(hit.message_id)
        from seller_assistant.store.chats import get_message

        message = get_message(self.ctx.store, hit.message_id)
        self.buyer_chat.set_buyer(hit.buyer, message["shop_id"] if message else None)
        self.right.setCurrentWidget(self.buyer_chat)
        return self.buyer_chat.view.select_message(hit.message_id)

    def _open_first_if_empty(self) -> None:
        """The page opens on a conversation, not on a blank pane: the newest (or best) hit's."""
        hits = self.search.last_result.hits if self.search.last_result else []
        if hits and self.right.currentWidget() is self.placeholder:
            self.search.results.setCurrentIndex(self.search.model.index(0, 0))
            self.show_hit(hits[0])

    def show_message(self, message: dict) -> bool:
        if message.get("order_id") is not None:
            self.order_chat.set_order(message["order_id"])
            self.right.setCurrentWidget(self.order_chat)
            return self.order_chat.view.select_message(message["id"])
        self.buyer_chat.set_buyer(message["buyer"], message.get("shop_id"))
        self.right.setCurrentWidget(self.buyer_chat)
        return self.buyer_chat.view.select_message(message["id"])

    def current_view(self) -> ConversationView | None:
        widget = self.right.currentWidget()
        return widget.view if widget in (self.order_chat, self.buyer_chat) else None

    # -- import ----------------------------------------------------------------------------------

    def _into_shop(self, text: str) -> str:
        """`text`, naming the picked shop when there are several (the user sees where chats are filed)."""
        if not self.shop_filter.several():
            return text
        return fill(self.tr("{what} (shop {shop})"), what=text, shop=self.shop_filter.names[self.shop_id()])

    def choose_chat_file(self) -> None:
        path, _ = QFileDialog.getOpenFileName(
            self,
            self._into_shop(self.tr("Import chat record")),
            "",
            self.tr("Chat records (*.txt *.csv);;All files (*)"),
        )
        if path:
            self.import_chat_file(Path(path))

    def import_chat_file(self, path: Path) -> workers.Worker:
        from seller_assistant.imports.chats import import_chat_file, loads_as_history

        shop_id, now = self.shop_id(), self.ctx.now()

        open_store = worker_store_opener(self.ctx)

        def run(job: workers.Job):
            with open_store() as store:
                return import_chat_file(store, shop_id, path, now=now)

        history = loads_as_history(self.ctx.store, shop_id, path)
        self.ctx.status_message.emit(importing_text(path.name, history, self))
        self.import_worker = workers.start(
            run,
            lambda result: self._imported(path, result),
            lambda text: self._report(self.tr("Import"), text),
        )
        return self.import_worker

    def _imported(self, path: Path, result) -> None:
        self.ctx.notify_changed()
        self._report(self.tr("Import"), f"{path.name}\n{import_summary(result, self)}")

    def open_paste_dialog(self) -> PasteChatDialog:
        """Paste a chat into the picked shop: a message naming an order (or its buyer's order) is tied to
        it, the rest wait in the unlinked list."""
        from seller_assistant.imports.chat_preview import preview_chat_text
        from seller_assistant.imports.chats import import_chat_text

        shop_id = self.shop_id()  # fixed when the dialog opens: the picker may change behind it

        def seal(text: str):
            result = import_chat_text(self.ctx.store, shop_id, text, source="paste", now=self.ctx.now())
            self.ctx.notify_changed()
            return result

        title = self._into_shop(
            self.tr(
                "A message is tied to the order it names or to its buyer's order; the "
                "others wait under “Not tied to an order”."
            )
        )
        self.paste_dialog = PasteChatDialog(
            seal, title, self, preview_text=lambda text: preview_chat_text(self.ctx.store, shop_id, text)
        )
        self.paste_dialog.open()
        return self.paste_dialog

    # -- verify ----------------------------------------------------------------------------------

    def verify_evidence(self) -> workers.Worker:
        """Re-check every chain off the GUI thread; a million items take a while."""
        from seller_assistant.store.evidence import verify_store

        progress = QProgressDialog(
            self.tr("Re-checking every evidence chain…"), self.tr("Cancel"), 0, 0, self
        )
        progress.setWindowTitle(self.tr("Verify evidence"))
        progress.setWindowModality(Qt.WindowModality.WindowModal)
        progress.setMinimumDuration(400)
        self.verify_button.setEnabled(False)
        self.verify_action.setEnabled(False)

        open_store = worker_store_opener(self.ctx)

        def run(job: workers.Job):
            with open_store() as store:
                return verify_store(store, progress=job.progress)

        def moved(done: int, total: int) -> None:
            progress.setMaximum(total)
            progress.setValue(min(done, total))

        def ended() -> None:
            progress.reset()
            progress.deleteLater()
            self.verify_button.setEnabled(True)
            self.verify_action.setEnabled(True)

        def finished(report) -> None:
            ended()
            self._verified(report)

        def failed(text: str) -> None:
            ended()
            if text:
                self._report(self.tr("Verify evidence"), text)

        self.verify_worker = workers.start(run, finished, failed, moved)
        progress.canceled.connect(self.verify_worker.job.cancel)
        return self.verify_worker

    def _verified(self, report) -> None:
        from seller_assistant.store.evidence import format_verify_report

        text = format_verify_report(report, choose_language(self.ctx.settings.language))
        self.verify_label.setText(text.splitlines()[0])
        self.verify_label.setStyleSheet(
            theme.text_style("success_text") if report.ok else theme.text_style("error_text", bold=True)
        )
        self._report(self.tr("Verify evidence"), text, ok=report.ok)

    def _report(self, title: str, text: str, ok: bool = True) -> None:
        """A window-modal box that does not block: the work is done, this only tells the result."""
        self.last_report = text
        if self.report_box is not None:
            self.report_box.close()
        icon = QMessageBox.Icon.Information if ok else QMessageBox.Icon.Warning
        self.report_box = QMessageBox(icon, title, text, QMessageBox.StandardButton.Ok, self)
        self.report_box.setTextFormat(Qt.TextFormat.PlainText)
        self.report_box.open()
