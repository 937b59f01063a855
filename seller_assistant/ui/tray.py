"""The tray icon: the app keeps watching while its window is hidden."""

from __future__ import annotations

from PySide6.QtGui import QAction
from PySide6.QtWidgets import QMenu, QSystemTrayIcon

from seller_assistant.ui.icons import app_icon


def create_tray(window) -> QSystemTrayIcon | None:
    """A tray icon with Show and Quit, when the desktop has a tray."""
    if not QSystemTrayIcon.isSystemTrayAvailable():
        return None
    tray = QSystemTrayIcon(app_icon(), window)
    tray.setToolTip(window.windowTitle())
    menu = QMenu(window)
    show = QAction(window.tr("Show Seller Assistant"), menu)
    show.triggered.connect(lambda: (window.showNormal(), window.raise_(), window.activateWindow()))
    menu.addAction(show)
    menu.addSeparator()
    quit_action = QAction(window.tr("Quit"), menu)
    quit_action.triggered.connect(window.quit)
    menu.addAction(quit_action)
    tray.setContextMenu(menu)
    tray.activated.connect(
        lambda reason: reason == QSystemTrayIcon.ActivationReason.Trigger and (window.showNormal(), window.raise_())
    )
    tray.show()
    return tray
