"""A bar over the Orders and Chats pages when an import was interrupted: what it was; Resume or Undo it as a whole."""

from __future__ import annotations

from PySide6.QtWidgets import QFrame, QHBoxLayout, QPushButton, QWidget

from seller_assistant.store import import_runs
from seller_assistant.ui import theme, workers
from seller_assistant.ui.context import AppContext
from seller_assistant.ui.i18n import fill
from seller_assistant.ui.store_opener import worker_store_opener
from seller_assistant.ui.widgets import plain_label


class InterruptedImportBar(QFrame):
    """Hidden unless an import run was interrupted (store/import_runs.py): none of its rows is shown
    anywhere until it is resumed; undo leaves the store as it was before the import."""

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.run: import_runs.ImportRun | None = None
        self.worker: workers.Worker | None = None
        self.setStyleSheet(
            f"InterruptedImportBar {{ background: {theme.css_colour('banner')}; "
            f"border: 1px solid {theme.css_colour('banner_edge')}; }}"
        )
        self.label = plain_label()
        self.resume_button = QPushButton(self.tr("Resume import"))
        self.resume_button.clicked.connect(self.resume)
        self.undo_button = QPushButton(self.tr("Undo import"))
        self.undo_button.clicked.connect(self.undo)
        layout = QHBoxLayout(self)
        layout.addWidget(self.label, 1)
        layout.addWidget(self.resume_button)
        layout.addWidget(self.undo_button)
        self.hide()

    def reload(self) -> None:
        runs = import_runs.interrupted_runs(self.ctx.store, self.ctx.shop_id)
        self.run = runs[0] if runs else None
        if self.run is None:
            self.hide()
            return
        self.label.setText(
            fill(
                self.tr(
                    "The import of {file} was interrupted after {rows} rows. None of it is shown until it "
                    "is resumed; undo removes it and leaves everything as before."
                ),
                file=self.run.file,
                rows=self.run.staged,
            )
        )
        busy = self.worker is not None
        self.resume_button.setEnabled(not busy and not self.ctx.read_only)
        self.undo_button.setEnabled(not busy and not self.ctx.read_only)
        self.show()

    def resume(self) -> workers.Worker | None:
        from seller_assistant.imports.resume import resume_import

        return self._start(lambda store, run_id, now: resume_import(store, run_id, now))

    def undo(self) -> workers.Worker | None:
        return self._start(lambda store, run_id, now: import_runs.undo(store, run_id))

    def _start(self, action) -> workers.Worker | None:
        if self.run is None:
            return None
        run_id, now, open_store = self.run.id, self.ctx.now(), worker_store_opener(self.ctx)

        def run(job: workers.Job):
            with open_store() as store:
                return action(store, run_id, now)

        self.resume_button.setEnabled(False)
        self.undo_button.setEnabled(False)
        self.worker = workers.start(run, self._done, self._failed)
        return self.worker

    def _done(self, _result) -> None:
        self.worker = None
        self.ctx.notify_changed()
        self.reload()

    def _failed(self, text: str) -> None:
        self.worker = None
        self.reload()
        if text:
            self.label.setText(text)
            self.show()
