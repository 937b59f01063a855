"""One window per store: a second start is told the store is open and offered to switch or read only."""

from __future__ import annotations

import hashlib
from pathlib import Path

from PySide6.QtCore import QObject, Signal
from PySide6.QtNetwork import QLocalServer, QLocalSocket

_SHOW = b"show\n"


def server_name(db_path: Path) -> str:
    digest = hashlib.sha256(str(db_path.resolve()).encode("utf-8")).hexdigest()[:20]
    return f"seller-assistant-{digest}"


class InstanceGuard(QObject):
    """A local socket (not a network one) named after the store: whoever listens owns the store."""

    show_requested = Signal()

    def __init__(self, db_path: Path, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.name = server_name(db_path)
        self.server: QLocalServer | None = None

    def other_instance_running(self) -> bool:
        socket = QLocalSocket()
        socket.connectToServer(self.name)
        running = socket.waitForConnected(500)
        socket.abort()
        return running

    def ask_other_to_show(self) -> bool:
        socket = QLocalSocket()
        socket.connectToServer(self.name)
        if not socket.waitForConnected(1000):
            return False
        socket.write(_SHOW)
        socket.waitForBytesWritten(1000)
        socket.disconnectFromServer()
        return True

    def listen(self) -> bool:
        # A crashed instance can leave its socket file behind; nobody answered, so it is stale.
        QLocalServer.removeServer(self.name)
        self.server = QLocalServer(self)
        self.server.setSocketOptions(QLocalServer.SocketOption.UserAccessOption)
        if not self.server.listen(self.name):
            return False
        self.server.newConnection.connect(self._on_connection)
        return True

    def _on_connection(self) -> None:
        while self.server.hasPendingConnections():
            socket = self.server.nextPendingConnection()
            socket.readyRead.connect(lambda s=socket: self._read(s))

    def _read(self, socket: QLocalSocket) -> None:
        if bytes(socket.readAll()).startswith(_SHOW):
            self.show_requested.emit()
        socket.disconnectFromServer()
