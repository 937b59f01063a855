"""A window on a shared store hears the other desks' changes and refreshes its pages with them.

A thread of its own waits on the store's listening connection (store/live.py), never the GUI
thread; what it hears reaches the GUI thread by a queued signal and becomes the same
`ctx.receive_changes(changes)` a local write causes. The window's own messages are skipped (it
refreshed when it wrote). When the server goes away the thread keeps trying; the status bar
says so once, and once more when it is back (then everything is read again: messages sent
while this desk was away are lost with the connection).
"""

from __future__ import annotations

import threading

from PySide6.QtCore import QObject, Signal, Slot

from seller_assistant.core.changes import Changes
from seller_assistant.core.errors import UserError
from seller_assistant.store import live

WAIT_S = 0.5  # how often the thread looks whether the window closed, between messages
RETRY_S = 1.0  # how soon after losing the server it tries again


class LiveUpdates(QObject):
    """Started by the AppContext of a shared store; `stop()` (or the context going) ends it."""

    heard = Signal(object)  # list of (desk, Changes), from the listening thread
    lost = Signal(str)
    back = Signal()

    def __init__(self, ctx, location: str) -> None:
        super().__init__(ctx)
        self.ctx = ctx
        self.connected = False
        self._ever_connected = False
        self._stop = threading.Event()
        self.heard.connect(self._on_heard)
        self.lost.connect(self._on_lost)
        self.back.connect(self._on_back)
        stop = self._stop
        self.destroyed.connect(lambda *_: stop.set())
        self._thread = threading.Thread(
            target=_listen, args=(location, stop, self), name="live-updates", daemon=True
        )
        self._thread.start()

    def stop(self, wait_s: float = 2.0) -> None:
        self._stop.set()
        self._thread.join(wait_s)

    @Slot(object)
    def _on_heard(self, messages: list[tuple[str, Changes]]) -> None:
        mine = self.ctx.store.desk
        others = [changes for desk, changes in messages if desk != mine]
        if others:
            combined = others[0]
            for changes in others[1:]:
                combined = combined | changes
            self.ctx.receive_changes(combined)

    @Slot(str)
    def _on_lost(self, _problem: str) -> None:
        if self.connected:  # said once, not at every try while the server is away
            self.ctx.status_message.emit(
                self.tr(
                    "Lost the connection to the shared store's server; trying again. Other desks' "
                    "changes show once it is back."
                )
            )
        self.connected = False

    @Slot()
    def _on_back(self) -> None:
        again = self._ever_connected and not self.connected
        self._ever_connected = self.connected = True
        if again:
            self.ctx.status_message.emit(
                self.tr("Connected to the shared store again: showing the other desks' latest changes.")
            )
            self.ctx.reconnect_if_lost()
            self.ctx.receive_changes(Changes.everything())  # what was said while away is lost


def _listen(location: str, stop: threading.Event, bridge: LiveUpdates) -> None:
    """The thread: listen, hand over what arrives, reconnect after a loss. Touches no widget."""
    listener = None
    try:
        while not stop.is_set():
            if listener is None:
                try:
                    listener = live.Listener(location)
                except UserError as exc:
                    bridge.lost.emit(str(exc))
                    stop.wait(RETRY_S)
                    continue
                bridge.back.emit()
            try:
                messages = listener.changes(WAIT_S)
            except UserError as exc:
                listener.close()
                listener = None
                bridge.lost.emit(str(exc))
                continue
            if messages and not stop.is_set():
                bridge.heard.emit(messages)
    except RuntimeError:
        pass  # the window (and this bridge) went while a message was on its way
    finally:
        if listener is not None:
            listener.close()
