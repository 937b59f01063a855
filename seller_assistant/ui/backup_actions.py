"""File › Back up now / Restore from backup, and the automatic daily backup while the app runs."""

from __future__ import annotations

import shiboken6
from PySide6.QtCore import QObject, Slot
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QInputDialog, QMessageBox

from seller_assistant.activity_log import get_logger
from seller_assistant.store import backup_folders, backup_job, backup_restore
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
        # The automatic backup asks every minute: what it last said (another desk's backup, or
        # why it failed) is said once, and again when it changes (made, a new day, a new reason).
        self._last_said: str | None = None
        self.ctx.tick.connect(self.backup_if_due)

    def actions(self) -> list[QAction]:
        return [self.back_up_action, self.restore_action]

    def _run(self, kind: str | None, announce: bool) -> None:
        """kind None: only what is due (daily/weekly); otherwise a backup of that kind now."""
        if self._running or self.ctx.read_only:
            return
        self._running = True
        db_path, now = self.ctx.db_path, self.ctx.now()
        shared = self.ctx.store.location if self.ctx.store.shared else None

        def job(_job):
            # In a worker process: this thread only waits, so the window never waits for the GIL.
            if shared:  # pg_dump, checked in a scratch database, by one desk (store/pg_backup.py)
                return backup_job.run_shared(shared, kind, now)
            return backup_job.run(db_path, kind, now), None

        def done(result):
            self._running = False
            if not self._window_alive():
                return  # the backup (its own process: it takes a while) outlived its window
            made, other_desk = result
            if made:
                self._last_said = None
                self.ctx.status_message.emit(
                    fill(self.tr("Backed up and verified: {path}"), path=made[-1].path)
                )
            elif other_desk and other_desk != self._last_said:
                self._last_said = other_desk
                get_logger("backup").info("%s", other_desk)
                self.ctx.status_message.emit(other_desk)
            elif announce:
                self.ctx.status_message.emit(self.tr("Today's backup already exists."))

        def failed(message):
            self._running = False
            if not message or (not announce and message == self._last_said):
                return
            if not announce:
                self._last_said = message
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
        if self.ctx.store.shared:
            self._restore_shared()
            return
        chosen = self._choose(
            backup_folders.list_backups(self.ctx.db_path),
            self.tr("Replace the store with this backup? The store as it is now is backed up first."),
        )
        if chosen is None:
            return
        db_path = self.ctx.db_path
        self.ctx.store.close()
        try:
            backup_restore.restore_backup(chosen, db_path, self.ctx.now())
        except Exception as exc:  # noqa: BLE001 - reported, and the store is reopened as it was
            QMessageBox.warning(self.window, self.tr("Restore failed"), str(exc))
        self.window.store_requested.emit(str(db_path))

    def _choose(self, found: list, question: str):
        """The backup the shop picks from `found` (newest first); None when there is none or it cancels."""
        if not found:
            QMessageBox.information(
                self.window, self.tr("Restore from backup"), self.tr("There are no backups yet.")
            )
            return None
        labels = [b.label for b in found]
        label, ok = QInputDialog.getItem(
            self.window, self.tr("Restore from backup"), question, labels, 0, False
        )
        return found[labels.index(label)] if ok else None

    def _restore_shared(self) -> None:
        """A shared store's backup goes into an EMPTY database (other desks keep the store in use);
        checked there, then this desk may switch to it."""
        from seller_assistant.core.errors import UserError
        from seller_assistant.store import pg_backup

        try:
            found = pg_backup.list_backups(self.ctx.store.location)
        except UserError as exc:  # no backups folder named on this desk
            QMessageBox.information(self.window, self.tr("Restore from backup"), str(exc))
            return
        chosen = self._choose(
            found,
            self.tr("Restore this backup into an empty database? The shared store in use is never replaced."),
        )
        if chosen is None:
            return
        target, ok = QInputDialog.getText(
            self.window,
            self.tr("Restore from backup"),
            self.tr(
                "The address of the empty database to restore into, written as when opening a shared store:"
            ),
        )
        if not ok or not target.strip():
            return
        target = target.strip()
        self.ctx.status_message.emit(self.tr("Restoring the backup and checking it…"))

        def done(message):
            if not self._window_alive():
                return
            answer = QMessageBox.question(
                self.window,
                self.tr("Restore from backup"),
                fill(self.tr("{done} Open the restored store on this desk now?"), done=message),
            )
            if answer == QMessageBox.StandardButton.Yes:
                self.window.store_requested.emit(target)

        def failed(message):
            if message and self._window_alive():
                QMessageBox.warning(self.window, self.tr("Restore failed"), message)

        workers.start(lambda _job: backup_job.restore_shared(chosen, target), done, failed)
