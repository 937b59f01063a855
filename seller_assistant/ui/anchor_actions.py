"""The daily timestamp of the head log while the app runs, when the shop switched it on.

Off the GUI thread like the daily backup; it never blocks and never opens a dialog: what happened
goes to the status bar and the activity log. The only network use the app has (store/anchors.py).
"""

from __future__ import annotations

from datetime import datetime

from PySide6.QtCore import QObject, Slot

from seller_assistant.activity_log import get_logger
from seller_assistant.core.errors import UserError
from seller_assistant.store import anchors
from seller_assistant.ui import workers
from seller_assistant.ui.i18n import fill
from seller_assistant.ui.store_opener import worker_store_opener


class AnchorController(QObject):
    def __init__(self, window) -> None:
        super().__init__(window)
        self.ctx = window.ctx
        self._running = False
        self._failed_on = None  # the shop's date of a failure: no retry every minute, tomorrow again
        self.last_outcome: str | None = None  # what the status bar was told, for tests and support
        self.ctx.tick.connect(self.anchor_if_due)

    @Slot()
    def anchor_if_due(self) -> workers.Worker | None:
        settings = self.ctx.settings
        if self._running or self.ctx.read_only or not settings.timestamp_anchor:
            return None  # off (the default): no request is ever made
        now, tz, url = self.ctx.now(), settings.tz(), settings.timestamp_authority
        today = datetime.fromtimestamp(now, tz).date()
        if self._failed_on == today or not anchors.due(self.ctx.store, now, tz):
            return None
        self._running = True
        open_own = worker_store_opener(self.ctx)

        def job(_job):
            from seller_assistant.core.timestamp import TimestampError

            store = open_own()  # this thread's own connection
            try:
                return anchors.anchor_now(store, url, now)
            except TimestampError as exc:
                raise UserError(str(exc)) from None
            finally:
                store.close()

        return workers.start(job, self._done, lambda message: self._failed(message, today))

    def _done(self, made) -> None:
        self._running = False
        if made:
            text = fill(self.tr("Head log timestamped by {authority}."), authority=made["authority"])
            get_logger("anchor").info("head-log entry %s timestamped by %s", made["n"], made["authority"])
            self._tell(text)

    def _failed(self, message: str, today) -> None:
        self._running = False
        self._failed_on = today
        get_logger("anchor").warning("head-log timestamp failed: %s", message)
        self._tell(
            fill(
                self.tr(
                    "Timestamp not taken (nothing was stored; tried again tomorrow or at the next "
                    "start): {problem}"
                ),
                problem=message,
            )
        )

    def _tell(self, text: str) -> None:
        self.last_outcome = text
        self.ctx.status_message.emit(text)
