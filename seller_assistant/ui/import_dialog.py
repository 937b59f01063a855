"""File › Import › Orders: pick a file, check its preview and column mapping, import with progress."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QCoreApplication, Qt, Slot
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QPlainTextEdit,
    QProgressBar,
    QPushButton,
    QScrollArea,
    QStackedWidget,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from seller_assistant.core.errors import UserError
from seller_assistant.core.i18n import t
from seller_assistant.imports.orders import (
    ORDER_FIELDS,
    REQUIRED_FIELDS,
    OrderFilePreview,
    OrderImportResult,
    import_order_file,
    preview_order_file,
)
from seller_assistant.store.shops import shop_for_import
from seller_assistant.ui import workers
from seller_assistant.ui.context import AppContext
from seller_assistant.ui.i18n import current_language, fill
from seller_assistant.ui.shop_filter import ShopFilter
from seller_assistant.ui.widgets import plain_label

PREVIEW_ROWS = 20


class ImportOrdersDialog(QDialog):
    """States: choose → (preview) mapping → importing → summary. Nothing is written before Import,
    and a cancelled import writes nothing: the importer's one transaction rolls back."""

    def __init__(self, ctx: AppContext, parent: QWidget | None = None, shop_id: int | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.setWindowTitle(self.tr("Import orders"))
        self.resize(900, 640)
        self.preview: OrderFilePreview | None = None
        self.result: OrderImportResult | None = None
        self.worker: workers.Worker | None = None
        self.state = "choose"
        layout = QVBoxLayout(self)

        chooser = QHBoxLayout()
        self.path_label = plain_label(
            self.tr(
                "Choose an order export: Taobao/Tmall, JD, Pinduoduo, Douyin, Amazon, eBay, or any CSV, TSV or XLSX."
            )
        )
        chooser.addWidget(self.path_label, 1)
        self.choose_button = QPushButton(self.tr("Choose file…"), objectName="choose_file")
        self.choose_button.clicked.connect(self.choose_file)
        chooser.addWidget(self.choose_button)
        layout.addLayout(chooser)
        # Several shops: the file goes to the shop picked here (the Orders page's shop, if one is
        # shown); hidden while the store has one shop.
        self.shop_filter = ShopFilter(ctx, with_all=False, objectName="import_shop")
        if shop_id is not None and self.shop_filter.findData(shop_id) >= 0:
            self.shop_filter.setCurrentIndex(self.shop_filter.findData(shop_id))
        shop_row = QHBoxLayout()
        self.shop_label = plain_label(self.tr("Import into the shop:"), word_wrap=False)
        shop_row.addWidget(self.shop_label)
        shop_row.addWidget(self.shop_filter)
        shop_row.addStretch(1)
        self.shop_label.setVisible(self.shop_filter.several())
        layout.addLayout(shop_row)
        self.detected_label = plain_label()
        layout.addWidget(self.detected_label)

        self.stack = QStackedWidget()
        layout.addWidget(self.stack, 1)
        self.stack.addWidget(self._mapping_page())
        self.stack.addWidget(self._summary_page())

        self.progress = QProgressBar(objectName="import_progress")
        self.progress.setRange(0, 1)
        self.progress.setValue(0)
        self.progress.hide()
        layout.addWidget(self.progress)
        buttons = QHBoxLayout()
        self.message = plain_label()
        buttons.addWidget(self.message, 1)
        self.import_button = QPushButton(self.tr("Import"), objectName="start_import")
        self.import_button.setEnabled(False)
        self.import_button.setDefault(True)
        self.import_button.clicked.connect(self.start_import)
        self.cancel_button = QPushButton(self.tr("Cancel"), objectName="cancel_import")
        self.cancel_button.clicked.connect(self.reject)
        self.close_button = QPushButton(self.tr("Close"), objectName="close_import")
        self.close_button.clicked.connect(self.accept)
        self.close_button.hide()
        for button in (self.import_button, self.cancel_button, self.close_button):
            buttons.addWidget(button)
        layout.addLayout(buttons)

    def _mapping_page(self) -> QWidget:
        """The preview first; the column choices below it, folded away when the file was recognised."""
        page = QWidget()
        layout = QVBoxLayout(page)
        self.preview_table = QTableWidget(objectName="preview_table")
        self.preview_table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.preview_table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        layout.addWidget(self.preview_table, 3)
        self.columns_toggle = QPushButton(self.tr("Change columns…"), objectName="change_columns")
        self.columns_toggle.setCheckable(True)
        self.columns_toggle.toggled.connect(self._show_columns)
        layout.addWidget(self.columns_toggle, 0, Qt.AlignmentFlag.AlignLeft)
        mapping = QWidget()
        self.mapping_form = QFormLayout(mapping)
        self.field_boxes: dict[str, QComboBox] = {}
        for field, label in ORDER_FIELDS.items():
            box = QComboBox(objectName=f"map_{field}")
            box.currentIndexChanged.connect(self._check_ready)
            self.field_boxes[field] = box
            text = QCoreApplication.translate("OrderFields", label)
            if field in REQUIRED_FIELDS:
                text = fill(self.tr("{field} (required)"), field=text)
            self.mapping_form.addRow(text, box)
        self.columns_area = QScrollArea(objectName="columns_area")
        self.columns_area.setWidgetResizable(True)
        self.columns_area.setWidget(mapping)
        self.columns_area.hide()
        layout.addWidget(self.columns_area, 2)
        return page

    @Slot(bool)
    def _show_columns(self, shown: bool) -> None:
        self.columns_area.setVisible(shown)

    def _summary_page(self) -> QWidget:
        page = QWidget()
        layout = QVBoxLayout(page)
        self.summary_label = plain_label()
        self.summary_label.setObjectName("import_summary")
        layout.addWidget(self.summary_label)
        self.errors_view = QPlainTextEdit(objectName="import_errors")  # plain text: rows are shop data
        self.errors_view.setReadOnly(True)
        layout.addWidget(self.errors_view, 1)
        return page

    # -- choosing and previewing -------------------------------------------------------------------

    @Slot()
    def choose_file(self) -> None:
        path, _ = QFileDialog.getOpenFileName(
            self,
            self.tr("Import orders"),
            str(Path.home()),
            self.tr("Order exports (*.csv *.tsv *.txt *.xlsx *.xlsm);;All files (*)"),
        )
        if path:
            self.load_file(path)

    def load_file(self, path: str | Path) -> None:
        """Read the head of the file off the GUI thread: exports can be hundreds of megabytes."""
        self.state = "previewing"
        self.path_label.setText(str(path))
        self.detected_label.setText(self.tr("Reading the file…"))
        self.import_button.setEnabled(False)
        self.choose_button.setEnabled(False)

        def job(_job: workers.Job) -> OrderFilePreview:
            store = self.ctx.open_worker_store()
            try:
                return preview_order_file(path, PREVIEW_ROWS, store=store)
            finally:
                store.close()

        self.worker = workers.start(job, self._show_preview, self._preview_failed)

    @Slot(object)
    def _show_preview(self, preview: OrderFilePreview) -> None:
        self.worker = None
        self.preview = preview
        self.state = "mapping"
        self.choose_button.setEnabled(True)
        kind = self._export_names().get(preview.preset, self.tr("table with columns"))
        self.detected_label.setText(
            fill(
                self.tr("Encoding: {encoding} · Format: {format} · {columns} columns"),
                encoding=preview.encoding,
                format=kind,
                columns=len(preview.headers),
            )
        )
        table = self.preview_table
        table.clear()
        table.setColumnCount(len(preview.headers))
        table.setRowCount(len(preview.rows))
        table.setHorizontalHeaderLabels(preview.headers)
        for r, cells in enumerate(preview.rows):
            for c, value in enumerate(cells[: len(preview.headers)]):
                table.setItem(r, c, QTableWidgetItem(value))  # item text is plain, never markup
        for field, box in self.field_boxes.items():
            box.blockSignals(True)
            box.clear()
            box.addItem(self.tr("(not in this file)"), None)
            for header in preview.headers:
                if header:
                    box.addItem(header, header)
            chosen = preview.mapping.get(field)
            box.setCurrentIndex(max(0, box.findData(chosen)) if chosen else 0)
            box.blockSignals(False)
        self.stack.setCurrentIndex(0)
        # A recognised export needs no choices; a shop's own table shows them under the preview.
        missing = any(f not in preview.mapping for f in REQUIRED_FIELDS)
        self.columns_toggle.setChecked(preview.preset == "generic" or missing)
        self._show_columns(self.columns_toggle.isChecked())
        self._suggest_shop(preview.format)
        self._check_ready()

    def _suggest_shop(self, file_format: str) -> None:
        """A file of one marketplace goes by default to the only shop of that marketplace."""
        if not self.shop_filter.several():
            return
        try:
            shop_id, _why = shop_for_import(self.ctx.store, file_format, None)
        except UserError:
            return  # no single shop fits: the one shown stays, and the user picks
        self.shop_filter.setCurrentIndex(self.shop_filter.findData(shop_id))

    def _export_names(self) -> dict[str, str]:
        return {
            "taobao": self.tr("Taobao/Tmall order export"),
            "jd": self.tr("JD order export"),
            "pdd": self.tr("Pinduoduo order export"),
            "douyin": self.tr("Douyin order export"),
            "amazon_unshipped": self.tr("Amazon Unshipped Orders report"),
            "amazon_orders": self.tr("Amazon Order report"),
            "amazon_all_orders": self.tr("Amazon All Orders report"),
            "ebay": self.tr("eBay Orders report"),
        }

    @Slot(str)
    def _preview_failed(self, message: str) -> None:
        self.worker = None
        self.state = "choose"
        self.choose_button.setEnabled(True)
        self.detected_label.setText(message)

    def mapping(self) -> dict[str, str]:
        return {field: box.currentData() for field, box in self.field_boxes.items() if box.currentData()}

    @Slot()
    def _check_ready(self) -> None:
        if self.preview is None:
            return
        chosen = self.mapping()
        missing = [ORDER_FIELDS[f] for f in REQUIRED_FIELDS if f not in chosen]
        headers = list(chosen.values())
        twice = sorted({h for h in headers if headers.count(h) > 1})
        if missing:
            self.message.setText(
                fill(
                    self.tr("Choose the column for: {fields}"),
                    fields=", ".join(QCoreApplication.translate("OrderFields", m) for m in missing),
                )
            )
        elif twice:
            self.message.setText(fill(self.tr("Column {column} is chosen for two fields."), column=twice[0]))
        else:
            self.message.setText("")
        self.import_button.setEnabled(not missing and not twice and not self.ctx.read_only)

    # -- importing ---------------------------------------------------------------------------------

    @Slot()
    def start_import(self) -> None:
        if self.preview is None or self.worker is not None:
            return
        self.state = "importing"
        path, mapping = self.preview.path, self.mapping()
        shop_id, now = self.shop_filter.shop_id(), self.ctx.now()
        self.import_button.setEnabled(False)
        self.shop_filter.setEnabled(False)
        self.choose_button.setEnabled(False)
        self.stack.setEnabled(False)
        self.progress.setRange(0, 0)  # busy until the first report gives a total
        self.progress.show()
        self.message.setText(self.tr("Importing…"))

        def job(running: workers.Job) -> OrderImportResult:
            store = self.ctx.open_worker_store()
            try:
                return import_order_file(
                    store, shop_id, path, mapping=mapping, now=now, progress=running.progress
                )
            finally:
                store.close()

        self.worker = workers.start(job, self._finished, self._failed, self._progressed)

    @Slot(int, int)
    def _progressed(self, done: int, total: int) -> None:
        if total > 0:
            self.progress.setRange(0, total)
            self.progress.setValue(min(done, total))

    @Slot(object)
    def _finished(self, result: OrderImportResult) -> None:
        self.worker = None
        self.result = result
        self.state = "done"
        self.progress.setRange(0, 1)
        self.progress.setValue(1)
        self.summary_label.setText(
            t(
                "orders.import_dialog_summary",
                current_language(),
                rows=result.rows,
                new=result.inserted,
                updated=result.updated,
                unchanged=result.unchanged,
                skipped=len(result.errors),
            )
        )
        self.errors_view.setPlainText("\n".join(error.text() for error in result.errors))
        self.errors_view.setVisible(bool(result.errors))
        self.stack.setEnabled(True)
        self.stack.setCurrentIndex(1)
        self.message.setText("")
        self._show_close()
        self.ctx.notify_changed()
        self.ctx.status_message.emit(self.summary_label.text())

    @Slot(str)
    def _failed(self, message: str) -> None:
        self.worker = None
        self.progress.hide()
        self.stack.setEnabled(True)
        self.choose_button.setEnabled(True)
        self._check_ready()  # Import may be pressed again; the message below says what happened
        if message:
            self.state = "failed"
            self.message.setText(fill(self.tr("Nothing was imported: {problem}"), problem=message))
        else:
            self.state = "cancelled"
            self.message.setText(self.tr("Import cancelled; nothing was changed."))

    def _show_close(self) -> None:
        self.import_button.hide()
        self.cancel_button.hide()
        self.close_button.show()
        self.close_button.setDefault(True)

    def reject(self) -> None:
        """Cancel: during an import, stop it (it rolls back) and stay open to say so."""
        if self.state == "importing" and self.worker is not None:
            self.worker.job.cancel()
            self.message.setText(self.tr("Cancelling…"))
            return
        if self.worker is not None:
            self.worker.job.cancel()
        super().reject()
