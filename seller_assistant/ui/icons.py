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


@cache
def page_icon(key: str) -> QIcon:
    """The sidebar icon of a page (resources/icons/pages/KEY.svg); an empty icon when there is none."""
    path = paths.resource("icons", "pages", f"{key}.svg")
    return QIcon(str(path)) if path.exists() else QIcon()
