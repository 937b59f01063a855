"""File › Back up now / Restore from backup, and the automatic daily backup while the app runs."""

from __future__ import annotations

import shiboken6
from PySide6.QtCore import QObject, Slot
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QInputDialog, QMessageBox

from seller_assistant.activity_log import get_logger
from seller_assistant.store import backup, backup_job
from seller_assistant.ui import workers
from seller_assistant.ui.i18n import fill


class BackupController(QObject):
    def __init__(self, window) -> None:
        super().__init__(window)
        self.window = window
        self.ctx = window.ctx
        self.back_up_action = QAction(self.tr("&Back up now"), window)
        self.back_up_action.triggered.connect(self.back_up_now)
        self.restore_action = QAction(self.tr("&Restore from backup…"), window)
        self.restore_action.triggered.connect(self.restore)
        self._running = False
        self.ctx.tick.connect(self.backup_if_due)

    def actions(self) -> list[QAction]:
        return [self.back_up_action, self.restore_action]

    def _run(self, kind: str | None, announce: bool) -> None:
        """kind None: only what is due (daily/weekly); otherwise a backup of that kind now."""
        if self._running or self.ctx.read_only or self.ctx.store.shared:
            return  # a shared store's backups are the server's (pg_dump), not a desk's file copy
        self._running = True
        db_path, now = self.ctx.db_path, self.ctx.now()

        def job(_job):
            # In a worker process: this thread only waits, so the window never waits for the GIL.
            return backup_job.run(db_path, kind, now)

        def done(made):
            self._running = False
            if not self._window_alive():
                return  # the backup (its own process: it takes a while) outlived its window
            if made:
                self.ctx.status_message.emit(
                    fill(self.tr("Backed up and verified: {path}"), path=made[-1].path)
                )
            elif announce:
                self.ctx.status_message.emit(self.tr("Today's backup already exists."))

        def failed(message):
            self._running = False
            if not message:
                return
            get_logger("backup").warning("backup failed: %s", message)
            if not self._window_alive():
                return
            # Only a backup the shop asked for interrupts with a dialog; the automatic one (maybe
            # finishing after its window went away) says so in the status bar and the log.
            if announce and self.window.isVisible():
                QMessageBox.warning(self.window, self.tr("Backup failed"), message)
            else:
                self.ctx.status_message.emit(fill(self.tr("Backup failed: {problem}"), problem=message))

        workers.start(job, done, failed)

    def _window_alive(self) -> bool:
        return shiboken6.isValid(self) and shiboken6.isValid(self.ctx) and shiboken6.isValid(self.window)

    @Slot()
    def back_up_now(self) -> None:
        self._run("manual", announce=True)

    @Slot()
    def backup_if_due(self) -> None:
        self._run(None, announce=False)

    @Slot()
    def restore(self) -> None:
        found = backup.list_backups(self.ctx.db_path)
        if not found:
            QMessageBox.information(
                self.window, self.tr("Restore from backup"), self.tr("There are no backups yet.")
            )
            return
        labels = [b.label for b in found]
        label, ok = QInputDialog.getItem(
            self.window,
            self.tr("Restore from backup"),
            self.tr("Replace the store with this backup? The store as it is now is backed up first."),
            labels,
            0,
            False,
        )
        if not ok:
            return
        chosen = found[labels.index(label)]
        db_path = self.ctx.db_path
        self.ctx.store.close()
        try:
            backup.restore_backup(chosen, db_path, self.ctx.now())
        except Exception as exc:  # noqa: BLE001 - reported, and the store is reopened as it was
            QMessageBox.warning(self.window, self.tr("Restore failed"), str(exc))
        self.window.store_requested.emit(str(db_path))
