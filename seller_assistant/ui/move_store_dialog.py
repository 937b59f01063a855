"""File › Move to a shared store…: the open store file copied into an empty PostgreSQL database, off the GUI thread.

The dialog presents and delegates: store/move_in.py does the move (and every check and refusal) in a
worker; the dialog shows its progress, lets the shop cancel (nothing is kept then), and when it is
done offers to open the shared store in this window.
"""

from __future__ import annotations

import os

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QLineEdit,
    QProgressBar,
    QVBoxLayout,
    QWidget,
)

from seller_assistant.paths import SHARED_FOLDER_ENV
from seller_assistant.ui import workers
from seller_assistant.ui.i18n import fill

# The progress bar's share of each stage of a move (out of 1000): rows are most of the work.
_STAGES = {"attachments": (0, 50), "copy": (50, 700), "indexes": (700, 850), "verify": (850, 1000)}


class MoveStoreDialog(QDialog):
    open_requested = Signal(str)  # the moved store's address: the window opens it

    def __init__(self, store_path, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.store_path = store_path
        self.moved_to: str | None = None
        self._worker: workers.Worker | None = None
        self.setWindowTitle(self.tr("Move to a shared store"))
        self.resize(620, 320)
        intro = QLabel(
            fill(
                self.tr(
                    "Copies this store ({path}) with its attachments into an empty {postgresql} database, "
                    "then checks every table, every evidence chain and every attachment there. This store "
                    "file is only read and stays as it is. If anything fails or you cancel, the database "
                    "is left empty."
                ),
                path=str(store_path),
                postgresql="PostgreSQL",
            )
        )
        intro.setWordWrap(True)
        self.address = QLineEdit("postgresql://")
        self.address.setObjectName("move_address")
        self.address.setPlaceholderText("postgresql://anna@shop-pc/shop")
        folder = os.environ.get(SHARED_FOLDER_ENV, "").strip()
        self.folder_note = QLabel(
            fill(self.tr("Attachment files go into the shared folder {folder}."), folder=folder)
            if folder
            else fill(
                self.tr(
                    "No shared folder is named on this computer ({variable}): a store with attachment "
                    "files cannot be moved until it is."
                ),
                variable=SHARED_FOLDER_ENV,
            )
        )
        self.folder_note.setWordWrap(True)
        self.progress = QProgressBar()
        self.progress.setRange(0, 1000)
        self.progress.setVisible(False)
        self.status = QLabel()
        self.status.setObjectName("move_status")
        self.status.setWordWrap(True)
        buttons = QDialogButtonBox()
        self.move_button = buttons.addButton(self.tr("Move"), QDialogButtonBox.ButtonRole.AcceptRole)
        self.move_button.clicked.connect(self.start)
        self.open_button = buttons.addButton(
            self.tr("Open the shared store"), QDialogButtonBox.ButtonRole.ActionRole
        )
        self.open_button.setVisible(False)
        self.open_button.clicked.connect(self._open_moved)
        self.cancel_button = buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        self.cancel_button.clicked.connect(self.cancel)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(
            QLabel(
                fill(
                    self.tr("The empty database's address (its password goes in your {pgpass} file):"),
                    pgpass=".pgpass",
                )
            )
        )
        layout.addWidget(self.address)
        layout.addWidget(self.folder_note)
        layout.addWidget(self.progress)
        layout.addWidget(self.status, 1)
        layout.addWidget(buttons)

    @property
    def running(self) -> bool:
        return self._worker is not None

    def start(self) -> None:
        url = self.address.text().strip()
        if not url or url == "postgresql://":
            self.status.setText(self.tr("Type the address of the empty database first."))
            return
        from seller_assistant.store import move_in  # psycopg and the move only when asked for

        source = self.store_path

        def job(job: workers.Job):
            def progress(stage: str, done: int, total: int) -> None:
                low, high = _STAGES.get(stage, (0, 1000))
                try:
                    job.progress(low + (high - low) * done // max(total, 1), 1000)
                except workers.Cancelled:
                    pass  # the move notices the cancel itself, and rolls back

            return move_in.move_store(source, url, progress, cancelled=lambda: job.cancelled)

        self.address.setEnabled(False)
        self.move_button.setEnabled(False)
        self.progress.setValue(0)
        self.progress.setVisible(True)
        self.status.setText(self.tr("Copying attachment files…"))
        self._worker = workers.start(job, self._done, self._failed, self._progress)

    def _progress(self, done: int, _total: int) -> None:
        self.progress.setValue(done)
        if done < _STAGES["copy"][0]:
            self.status.setText(self.tr("Copying attachment files…"))
        elif done < _STAGES["indexes"][0]:
            self.status.setText(self.tr("Copying the store's rows…"))
        elif done < _STAGES["verify"][0]:
            self.status.setText(self.tr("Building the search indexes on the server…"))
        else:
            self.status.setText(self.tr("Verifying every evidence chain on the server…"))

    def _done(self, report) -> None:
        self._worker = None
        self.moved_to = report.target
        self.progress.setValue(1000)
        verified = report.verified
        self.status.setText(
            fill(
                self.tr(
                    "Moved and verified: {rows} rows, {chains} evidence chains ({items} items) and "
                    "{files} attachment files match this store. Every desk can now open {address}."
                ),
                rows=report.total_rows,
                chains=verified.chains if verified else 0,
                items=verified.items if verified else 0,
                files=report.attachment_files,
                address=report.target,
            )
        )
        self.move_button.setVisible(False)
        self.open_button.setVisible(True)
        self.cancel_button.setText(self.tr("Close"))

    def _failed(self, message: str) -> None:
        self._worker = None
        self.progress.setVisible(False)
        self.status.setText(message or self.tr("Cancelled; nothing was kept."))
        self.address.setEnabled(True)
        self.move_button.setEnabled(True)

    def cancel(self) -> None:
        if self._worker is not None:
            self._worker.job.cancel()
            self.status.setText(self.tr("Cancelling: undoing what was copied…"))
            return
        self.reject()

    def _open_moved(self) -> None:
        self.accept()
        if self.moved_to:
            self.open_requested.emit(self.address.text().strip())

    def reject(self) -> None:
        if self._worker is not None:  # Esc or the window's close button while moving: cancel first
            self.cancel()
            return
        super().reject()
