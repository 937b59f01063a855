"""Export an order's evidence bundle (choices, masking, preview, progress) and the all-disputes batch."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QCoreApplication, QObject, QStandardPaths, Qt, Signal
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLineEdit,
    QListWidget,
    QPlainTextEdit,
    QProgressBar,
    QProgressDialog,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from seller_assistant.core.bundle import build_bundle, planned_files, render_chat
from seller_assistant.core.bundle_model import DEFAULT_INCLUDE, BundleOptions, safe_file_stem
from seller_assistant.core.masking import masker_for_order
from seller_assistant.store import bundle_data, shops
from seller_assistant.ui import workers
from seller_assistant.ui.i18n import fill
from seller_assistant.ui.widgets import plain_label

PREVIEW_MESSAGES = 300  # the preview shows the start of a long chat; the bundle holds all of it
PURPOSE_PLATFORM, PURPOSE_SHARE = "platform", "share"


def default_folder() -> Path:
    """Documents, created if it is missing (a fresh Windows profile, a Linux desktop without
    xdg folders); if it cannot be, the home folder, else the system's temporary folder."""
    import tempfile

    found = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
    if found:
        folder = Path(found)
        try:
            folder.mkdir(parents=True, exist_ok=True)
            return folder
        except OSError:
            pass
    home = Path.home()
    return home if home.is_dir() else Path(tempfile.gettempdir())


def bundle_file_name(order_no: str) -> str:
    return f"evidence-{safe_file_stem(order_no)}.zip"


class ExportEvidenceDialog(QDialog):
    """Choose what goes in, see it, write it off the GUI thread. `exported(path)` when done."""

    exported = Signal(str)

    def __init__(self, ctx, order_id: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx, self.order_id = ctx, order_id
        self._worker: workers.Worker | None = None
        # Short reads on the GUI thread: one order's rows. The export re-reads in its worker.
        self.data = bundle_data.gather_order(ctx.store, order_id)
        order_no = self.data.order["order_no"]
        self.setWindowTitle(fill(self.tr("Export evidence bundle – order {order}"), order=order_no))
        self.resize(820, 620)

        self.purpose = QComboBox(objectName="purpose")
        self.purpose.addItem(self.tr("Submission to the platform (complete details)"), PURPOSE_PLATFORM)
        self.purpose.addItem(self.tr("Sharing outside the platform (personal data masked)"), PURPOSE_SHARE)
        self.mask = QCheckBox(
            self.tr("Mask the buyer's phone number, address and real name"), objectName="mask"
        )
        self.includes: dict[str, QCheckBox] = {}
        include_row = QHBoxLayout()
        for key, text in (
            ("chat", self.tr("Chat record")),
            ("attachments", self.tr("Attachments")),
            ("events", self.tr("Work orders and help events")),
            ("notes", self.tr("Internal notes")),
        ):
            box = QCheckBox(text, objectName=f"include_{key}")
            box.setChecked(key in DEFAULT_INCLUDE)
            box.toggled.connect(self.refresh_preview)
            self.includes[key] = box
            include_row.addWidget(box)
        include_row.addStretch(1)

        self.path_edit = QLineEdit(str(default_folder() / bundle_file_name(order_no)), objectName="path")
        browse = QPushButton(self.tr("Browse…"))
        browse.clicked.connect(self.choose_path)
        path_row = QHBoxLayout()
        path_row.addWidget(self.path_edit, 1)
        path_row.addWidget(browse)

        self.files = QListWidget(objectName="files")
        self.preview = QPlainTextEdit(objectName="preview")
        self.preview.setReadOnly(True)  # plain text: chat words are never interpreted as markup
        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.addWidget(self.files)
        splitter.addWidget(self.preview)
        splitter.setSizes([260, 560])

        self.progress = QProgressBar(objectName="progress")
        self.progress.setVisible(False)
        self.status = plain_label("")
        self.buttons = QDialogButtonBox()
        self.export_button = self.buttons.addButton(self.tr("Export"), QDialogButtonBox.ButtonRole.AcceptRole)
        self.close_button = self.buttons.addButton(QDialogButtonBox.StandardButton.Close)
        self.export_button.clicked.connect(self.start_export)
        self.close_button.clicked.connect(self.cancel_or_close)

        form = QFormLayout()
        form.addRow(self.tr("Purpose"), self.purpose)
        form.addRow("", self.mask)
        form.addRow(self.tr("Include"), include_row)
        form.addRow(self.tr("Save as"), path_row)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(
            plain_label(self.tr("Preview: the files in the bundle and the chat as it will read"))
        )
        layout.addWidget(splitter, 1)
        layout.addWidget(self.progress)
        layout.addWidget(self.status)
        layout.addWidget(self.buttons)

        self.purpose.currentIndexChanged.connect(self._purpose_changed)
        self.mask.toggled.connect(self.refresh_preview)
        self._purpose_changed()

    # -- choices ----------------------------------------------------------------------------
    def include(self) -> frozenset[str]:
        return frozenset(key for key, box in self.includes.items() if box.isChecked())

    def options(self) -> BundleOptions:
        return BundleOptions(created_at=self.ctx.now(), include=self.include(), masked=self.mask.isChecked())

    def set_purpose(self, purpose: str) -> None:
        self.purpose.setCurrentIndex(self.purpose.findData(purpose))

    def _purpose_changed(self) -> None:
        # Sharing is masked by default, platform submission is not; the box stays the user's to change.
        self.mask.setChecked(self.purpose.currentData() == PURPOSE_SHARE)
        self.refresh_preview()

    def choose_path(self) -> None:
        chosen, _ = QFileDialog.getSaveFileName(
            self, self.tr("Save evidence bundle"), self.path_edit.text(), self.tr("ZIP files (*.zip)")
        )
        if chosen:
            self.path_edit.setText(chosen if chosen.lower().endswith(".zip") else chosen + ".zip")

    def refresh_preview(self) -> None:
        include = self.include()
        self.files.clear()
        self.files.addItems(planned_files(self.data, include, self.mask.isChecked()))
        if "chat" not in include:
            self.preview.setPlainText(self.tr("The chat is left out of this bundle."))
            return
        masker = masker_for_order(self.data.order, self.mask.isChecked())
        head = self.data
        if len(self.data.messages) > PREVIEW_MESSAGES:
            from dataclasses import replace

            head = replace(self.data, messages=self.data.messages[:PREVIEW_MESSAGES])
        text, _ = render_chat(head, masker)
        if head is not self.data:
            text += "\n" + fill(
                self.tr("… and {count} more messages in the bundle"),
                count=len(self.data.messages) - PREVIEW_MESSAGES,
            )
        self.preview.setPlainText(text)

    # -- export -----------------------------------------------------------------------------
    def start_export(self) -> None:
        text = self.path_edit.text().strip()
        if not text:
            self.status.setText(self.tr("Choose where to save the bundle."))
            return
        target = Path(text).expanduser()
        options, ctx, order_id = self.options(), self.ctx, self.order_id
        order_no, shop_id = self.data.order.get("order_no", ""), self.data.order.get("shop_id")

        def job(job: workers.Job) -> str:
            store = ctx.open_worker_store()
            try:
                data = bundle_data.gather_order(store, order_id)
                # a masked bundle's key is made and kept in the store here, never in the bundle
                chosen = bundle_data.options_for(
                    store, shop_id, order_no, options.created_at, options.include, options.masked
                )
                return str(build_bundle(data, chosen, target, progress=job.progress).path)
            finally:
                store.close()

        self._set_running(True)
        self.status.setText(self.tr("Exporting…"))
        self._worker = workers.start(job, self._finished, self._failed, self._progress)

    def cancel_or_close(self) -> None:
        if self._worker is not None:
            self._worker.job.cancel()
        else:
            self.reject()

    def _progress(self, done: int, total: int) -> None:
        self.progress.setMaximum(max(total, 1))
        self.progress.setValue(done)

    def _finished(self, path: str) -> None:
        self._set_running(False)
        self.progress.setValue(self.progress.maximum())
        message = fill(self.tr("Saved the evidence bundle to {path}"), path=path)
        self.status.setText(message)
        self.ctx.status_message.emit(message)
        self.exported.emit(path)

    def _failed(self, message: str) -> None:
        self._set_running(False)
        self.progress.setVisible(False)
        self.status.setText(message or self.tr("Export cancelled; nothing was written."))

    def _set_running(self, running: bool) -> None:
        if not running:
            self._worker = None
        self.export_button.setEnabled(not running)
        self.close_button.setText(self.tr("Cancel") if running else self.tr("Close"))
        for widget in (self.purpose, self.mask, self.path_edit, *self.includes.values()):
            widget.setEnabled(not running)
        if running:
            self.progress.setVisible(True)
            self.progress.setRange(0, 0)

    def closeEvent(self, event) -> None:  # noqa: N802 - Qt's name
        if self._worker is not None:
            self._worker.job.cancel()
        super().closeEvent(event)


class BatchExport(QObject):
    """Bundles for every order with an open dispute, for the platform (unmasked), into one folder."""

    finished = Signal(list)  # the paths written
    failed = Signal(str)

    def __init__(self, ctx, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self._parent = parent
        self._dialog: QProgressDialog | None = None
        self._worker: workers.Worker | None = None

    def run(self, folder: Path | str | None = None) -> None:
        if folder is None:
            chosen = QFileDialog.getExistingDirectory(
                self._parent, self.tr("Folder for the evidence bundles"), str(default_folder())
            )
            if not chosen:
                return
            folder = chosen
        folder = Path(folder)
        ctx, now = self.ctx, self.ctx.now()
        options = BundleOptions(created_at=now)

        def job(job: workers.Job) -> list[str]:
            store = ctx.open_worker_store()
            try:
                shop_id = shops.require_shop(store)
                orders = bundle_data.open_dispute_orders(store, shop_id, now)
                written = []
                for index, order in enumerate(orders):
                    job.progress(index, len(orders))
                    target = folder / bundle_file_name(order["order_no"])
                    written.append(
                        str(build_bundle(bundle_data.gather_order(store, order["id"]), options, target).path)
                    )
                job.progress(len(orders), len(orders))
                return written
            finally:
                store.close()

        self._dialog = QProgressDialog(
            self.tr("Exporting evidence bundles for open disputes…"), self.tr("Cancel"), 0, 0, self._parent
        )
        self._dialog.setWindowModality(Qt.WindowModality.WindowModal)
        self._dialog.setMinimumDuration(0)
        self._worker = workers.start(job, self._finished, self._failed, self._progress)
        self._dialog.canceled.connect(self._worker.job.cancel)

    def _progress(self, done: int, total: int) -> None:
        if self._dialog is not None:
            self._dialog.setMaximum(max(total, 1))
            self._dialog.setValue(done)

    def _close_dialog(self) -> None:
        self._worker = None
        if self._dialog is not None:
            # Closing a QProgressDialog emits canceled: the finished job must not look cancelled.
            self._dialog.canceled.disconnect()
            self._dialog.close()
            self._dialog = None

    def _finished(self, paths: list) -> None:
        self._close_dialog()
        if paths:
            message = fill(
                self.tr("Exported {count} evidence bundles for open disputes to {folder}"),
                count=len(paths),
                folder=Path(paths[0]).parent,
            )
        else:
            message = self.tr("No order has an open dispute; nothing was exported.")
        self.ctx.status_message.emit(message)
        self.finished.emit(paths)

    def _failed(self, message: str) -> None:
        self._close_dialog()
        text = message or self.tr("Export cancelled.")
        self.ctx.status_message.emit(text)
        self.failed.emit(text)


def batch_export_action(ctx, parent: QWidget | None = None) -> QAction:
    """File › "Export bundles for all open disputes…"; the action keeps its BatchExport alive."""
    action = QAction(
        QCoreApplication.translate("BatchExport", "Export bundles for all open disputes…"), parent
    )
    action.setObjectName("batch_export_evidence")
    runner = BatchExport(ctx, parent)
    action.batch_export = runner  # keeps it alive; tests and callers may call run(folder) directly
    action.triggered.connect(lambda: runner.run())
    return action
