"""An order's Chat tab: its conversation, paste and drop import, attachments, completeness, chain status."""

from __future__ import annotations

import tempfile
from datetime import datetime
from pathlib import Path

from PySide6.QtCore import QMimeData, Qt
from PySide6.QtGui import QDragEnterEvent, QDragLeaveEvent, QDragMoveEvent, QDropEvent, QImage
from PySide6.QtWidgets import (
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from seller_assistant.core.errors import UserError
from seller_assistant.ui import theme, workers
from seller_assistant.ui.context import AppContext
from seller_assistant.ui.conversation_actions import ConversationActions
from seller_assistant.ui.conversation_view import ConversationView
from seller_assistant.ui.i18n import choose_language, fill
from seller_assistant.ui.paste_dialog import PasteChatDialog, import_summary, importing_text
from seller_assistant.ui.store_opener import worker_store_opener
from seller_assistant.ui.widgets import plain_label

# Dropped files with these endings are chat records to import; anything else is kept as an attachment.
CHAT_EXPORT_SUFFIXES = (".txt", ".csv")


def completeness_label(kind: str, widget: QWidget) -> str:
    return {
        "pre_sale_chat": widget.tr("Pre-sale chat"),
        "agreement": widget.tr("Agreement with the buyer"),
        "shipping_proof": widget.tr("Shipping proof with tracking number"),
        "delivery_chat": widget.tr("Delivery / receipt chat"),
        "after_sale_chat": widget.tr("After-sale chat"),
    }.get(kind, kind)


class OrderChatWidget(QWidget):
    """Embedded as the order's "Chat" tab and on the Chats & evidence page. `set_order(id)` shows one
    order; files and screenshots dropped on it are stored as that order's evidence."""

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.order_id: int | None = None
        self.order: dict | None = None
        self.paste_dialog: PasteChatDialog | None = None
        self.import_worker: workers.Worker | None = None
        self.setAcceptDrops(True)

        self.title = plain_label()
        self.paste_button = QPushButton(self.tr("Paste chat…"))
        self.paste_button.clicked.connect(self.open_paste_dialog)
        self.attach_button = QPushButton(self.tr("Add attachment…"))
        self.attach_button.clicked.connect(self.choose_attachments)
        top = QHBoxLayout()
        top.addWidget(self.title, 1)
        top.addWidget(self.paste_button)
        top.addWidget(self.attach_button)

        self.view = ConversationView()
        self.conversation_actions = ConversationActions(ctx, self.view, self)

        side = QWidget()
        side_layout = QVBoxLayout(side)
        side_layout.setContentsMargins(6, 0, 0, 0)
        side_layout.addWidget(QLabel(self.tr("Evidence a dispute would want")))
        self.checklist = QListWidget()
        self.checklist.setSelectionMode(QListWidget.SelectionMode.NoSelection)
        self.checklist.setWordWrap(True)
        side_layout.addWidget(self.checklist, 1)
        side_layout.addWidget(QLabel(self.tr("Evidence chain")))
        self.chain_label = plain_label()
        side_layout.addWidget(self.chain_label)

        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.addWidget(self.view)
        splitter.addWidget(side)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 1)
        splitter.setSizes([640, 240])

        self.drop_hint = plain_label(
            self.tr(
                "Drop screenshots, photos, PDFs or a chat export (.txt, .csv) here to keep them with this order."
            )
        )
        self.drop_hint.setStyleSheet(_hint_style(False))
        self.result_label = plain_label()

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(top)
        layout.addWidget(splitter, 1)
        layout.addWidget(self.drop_hint)
        layout.addWidget(self.result_label)
        ctx.subscribe(self, lambda c: c.evidence or c.orders is None, self.reload)
        self._update_enabled()

    # -- showing ---------------------------------------------------------------------------------

    def set_order(self, order_id: int | None) -> None:
        self.order_id = order_id
        self.result_label.clear()
        self.reload()

    def reload(self) -> None:
        from seller_assistant.store import agreements, attachments, chats, corrections, evidence, orders

        self.order = orders.get_order(self.ctx.store, self.order_id) if self.order_id is not None else None
        self._update_enabled()
        if self.order is None:
            self.title.setText(self.tr("Choose an order to see its conversation."))
            self.view.set_conversation([], [], [], self.ctx.settings.tz())
            self.checklist.clear()
            self.chain_label.clear()
            return
        keep = [m["id"] for m in self.view.selected_messages()]
        self.title.setText(
            fill(
                self.tr("Order {order} · buyer {buyer}"),
                order=self.order["order_no"],
                buyer=self.order["buyer"] or "-",
            )
        )
        store = self.ctx.store
        self.view.set_conversation(
            corrections.with_withdrawals(store, chats.messages_for_order(store, self.order_id)),
            agreements.agreements_for_order(store, self.order_id),
            attachments.attachments_for_order(store, self.order_id),
            self.ctx.settings_for(self.order["shop_id"]).tz(),  # the order's own shop's zone
            lambda sha: attachments.attachment_file(store, sha),
        )
        if keep:
            self.view.select_message(keep[0])
        self._show_completeness(
            chats.completeness(store, self.order_id, choose_language(self.ctx.settings.language))
        )
        chain = evidence.chain_for_order(store, self.order_id)
        if chain:
            head = chain[-1]["hash"]
            self.chain_label.setText(
                fill(
                    self.tr("Sealed: {count} items\nHead {start}…{end}"),
                    count=len(chain),
                    start=head[:10],
                    end=head[-4:],
                )
            )
            self.chain_label.setToolTip(head)
        else:
            self.chain_label.setText(self.tr("Nothing sealed yet for this order."))
            self.chain_label.setToolTip("")

    def _show_completeness(self, items) -> None:
        self.checklist.clear()
        for item in items:
            mark = "✓" if item.present else "✗"
            line = QListWidgetItem(f"{mark} {completeness_label(item.kind, self)}")
            line.setForeground(theme.colour("success_text" if item.present else "error_text"))
            line.setData(Qt.ItemDataRole.UserRole, item.kind)
            if not item.present:
                line.setText(f"{line.text()}\n    {item.hint}")
            line.setToolTip(item.hint)
            self.checklist.addItem(line)

    def completeness_marks(self) -> dict[str, bool]:
        """kind -> present, as the checklist shows it."""
        return {
            self.checklist.item(i).data(Qt.ItemDataRole.UserRole): self.checklist.item(i)
            .text()
            .startswith("✓")
            for i in range(self.checklist.count())
        }

    def _update_enabled(self) -> None:
        writable = self.order is not None and not self.ctx.read_only
        self.paste_button.setEnabled(writable)
        self.attach_button.setEnabled(writable)
        self.setAcceptDrops(writable)

    # -- paste -----------------------------------------------------------------------------------

    def open_paste_dialog(self) -> PasteChatDialog | None:
        if self.order is None:
            return None
        title = fill(
            self.tr("Messages will be kept with order {order} (buyer {buyer})."),
            order=self.order["order_no"],
            buyer=self.order["buyer"] or "-",
        )
        self.paste_dialog = PasteChatDialog(
            self.import_pasted_text, title, self, preview_text=self.preview_pasted_text
        )
        self.paste_dialog.open()
        return self.paste_dialog

    @property
    def _shop_id(self) -> int:
        """The shop of the order shown: a chat or file added here is that shop's evidence."""
        return self.order["shop_id"] if self.order is not None else self.ctx.shop_id

    def preview_pasted_text(self, text: str):
        """What sealing `text` would add (new / already stored / repeated), read on this thread like the import."""
        from seller_assistant.imports.chat_preview import preview_chat_text

        return preview_chat_text(self.ctx.store, self._shop_id, text)

    def import_pasted_text(self, text: str):
        """Pasted records are a few hundred lines at most: imported at once, on this thread."""
        from seller_assistant.imports.chats import import_chat_text

        result = import_chat_text(
            self.ctx.store, self._shop_id, text, order_id=self.order_id, source="paste", now=self.ctx.now()
        )
        self._report(import_summary(result, self))
        self.ctx.notify_changed()
        return result

    # -- files -----------------------------------------------------------------------------------

    def choose_attachments(self) -> None:
        paths, _ = QFileDialog.getOpenFileNames(
            self,
            self.tr("Add attachments to this order"),
            "",
            self.tr("Evidence files (*.png *.jpg *.jpeg *.gif *.webp *.bmp *.pdf);;All files (*)"),
        )
        if paths:
            self.add_files([Path(p) for p in paths])

    def add_files(self, paths: list[Path]) -> None:
        """Chat exports are imported (in the background: they can be long); other files are kept."""
        from seller_assistant.store.attachments import add_attachment

        if self.order is None:
            return
        stored, problems = 0, []
        for path in paths:
            if path.suffix.lower() in CHAT_EXPORT_SUFFIXES:
                self.import_chat_file(path)
                continue
            try:
                add_attachment(self.ctx.store, self._shop_id, self.order_id, path, self.ctx.now())
                stored += 1
            except UserError as exc:
                problems.append(str(exc))
        if stored or problems:
            text = self.tr("%n file(s) kept as evidence for this order.", "", stored)
            self._report("\n".join([text, *problems]))
            self.ctx.notify_changed()

    def import_chat_file(self, path: Path) -> None:
        from seller_assistant.imports.chats import import_chat_file, loads_as_history

        order_no, shop_id, now = self.order["order_no"], self._shop_id, self.ctx.now()

        open_store = worker_store_opener(self.ctx)

        def run(job: workers.Job):
            with open_store() as store:
                return import_chat_file(store, shop_id, path, order_no=order_no, now=now)

        self._report(importing_text(path.name, loads_as_history(self.ctx.store, shop_id, path), self))
        self.import_worker = workers.start(run, self._chat_file_imported, self._report)

    def _chat_file_imported(self, result) -> None:
        self._report(import_summary(result, self))
        self.ctx.notify_changed()

    def add_screenshot(self, image: QImage) -> None:
        """A screenshot dragged in as pixels, not a file: kept as a PNG named by when it arrived."""
        stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
        with tempfile.TemporaryDirectory() as folder:
            path = Path(folder) / f"screenshot-{stamp}.png"
            image.save(str(path), "PNG")
            self.add_files([path])

    def _report(self, text: str) -> None:
        if text:
            self.result_label.setText(text)
            self.ctx.status_message.emit(text.splitlines()[0])

    # -- drag and drop ---------------------------------------------------------------------------

    def accepts(self, mime: QMimeData) -> bool:
        has_files = mime.hasUrls() and any(url.isLocalFile() for url in mime.urls())
        return self.order is not None and not self.ctx.read_only and (has_files or mime.hasImage())

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:  # noqa: N802 - Qt's name
        if self.accepts(event.mimeData()):
            event.acceptProposedAction()
            self._show_drop_target(True)
        else:
            event.ignore()

    def dragLeaveEvent(self, event: QDragLeaveEvent) -> None:  # noqa: N802 - Qt's name
        self._show_drop_target(False)

    def _show_drop_target(self, active: bool) -> None:
        self.drop_hint.setStyleSheet(_hint_style(active))

    def dragMoveEvent(self, event: QDragMoveEvent) -> None:  # noqa: N802 - Qt's name
        if self.accepts(event.mimeData()):
            event.acceptProposedAction()

    def dropEvent(self, event: QDropEvent) -> None:  # noqa: N802 - Qt's name
        if not self.accepts(event.mimeData()):
            event.ignore()
            return
        event.acceptProposedAction()
        self._show_drop_target(False)
        self.handle_drop(event.mimeData())

    def handle_drop(self, mime: QMimeData) -> None:
        files = [Path(url.toLocalFile()) for url in mime.urls() if url.isLocalFile()]
        if files:
            self.add_files([f for f in files if f.is_file()])
        elif mime.hasImage():
            self.add_screenshot(QImage(mime.imageData()))


def _hint_style(active: bool) -> str:
    """The drop hint: quiet until a file is dragged over, then outlined in the drop colour."""
    if not active:
        return theme.text_style("muted_text")
    edge = theme.css_colour("drop_target")
    return f"color: {edge}; font-weight: bold; border: 2px dashed {edge}; padding: 6px;"
