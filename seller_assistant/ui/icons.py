"""Icons from resources/icons."""

from __future__ import annotations

from functools import cache

from PySide6.QtGui import QIcon

from seller_assistant import paths


@cache
def app_icon() -> QIcon:
    icon = QIcon()
    for name in ("app.svg", "app.png"):
        path = paths.resource("icons", name)
        if path.exists():
            icon.addFile(str(path))
    return icon
