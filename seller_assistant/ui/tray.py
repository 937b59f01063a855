"""The tray icon: the app keeps watching while its window is hidden, and says when something turns risky."""

from __future__ import annotations

from PySide6.QtGui import QAction
from PySide6.QtWidgets import QMenu, QSystemTrayIcon

from seller_assistant import APP_NAME
from seller_assistant.ui.i18n import fill
from seller_assistant.ui.icons import app_icon
from seller_assistant.ui.notifier import Notifier
from seller_assistant.ui.rate_chart import format_rate

NOTIFICATION_MS = 15_000


def _bring_up(window, page: str | None = None) -> None:
    window.showNormal()
    window.raise_()
    window.activateWindow()
    if page is not None:
        window.show_page(page)


def create_tray(window) -> QSystemTrayIcon | None:
    """A tray icon with Show, Today's risks and Quit, when the desktop has a tray; either way the
    window gets its notifier (`window.notifier`), shown by the tray or else in the status bar."""
    tray = _tray_icon(window) if QSystemTrayIcon.isSystemTrayAvailable() else None
    window.notifier = attach_notifier(window, tray)
    return tray


def _tray_icon(window) -> QSystemTrayIcon:
    tray = QSystemTrayIcon(app_icon(), window)
    tray.setToolTip(window.windowTitle())
    menu = QMenu(window)
    show = QAction(window.tr("Show Seller Assistant"), menu)
    show.triggered.connect(lambda: _bring_up(window))
    menu.addAction(show)
    today = QAction(window.tr("Today's risks"), menu)
    today.triggered.connect(lambda: _bring_up(window, "today"))
    menu.addAction(today)
    menu.addSeparator()
    quit_action = QAction(window.tr("Quit"), menu)
    quit_action.triggered.connect(window.quit)
    menu.addAction(quit_action)
    tray.setContextMenu(menu)
    tray.activated.connect(
        lambda reason: reason == QSystemTrayIcon.ActivationReason.Trigger and _bring_up(window)
    )
    # Clicking a notification leads to the risks it is about.
    tray.messageClicked.connect(lambda: _bring_up(window, "today"))
    tray.show()
    return tray


def attach_notifier(window, tray: QSystemTrayIcon | None) -> Notifier:
    """Start watching for causes to notify; the tray shows them, else the status bar does. They pass
    through `window.notification`, connected before the notifier starts: it is made after the Today
    page (ui/window_opening.py), whose report may be there already and is considered at once."""
    if tray is not None:
        window.notification.connect(
            lambda title, text: tray.showMessage(
                title, text, QSystemTrayIcon.MessageIcon.Warning, NOTIFICATION_MS
            )
        )
    else:
        window.notification.connect(lambda title, text: window.ctx.status_message.emit(f"{title}: {text}"))
    notifier = Notifier(window.ctx, window, relay=window.notification)
    if tray is not None:
        notifier.checked.connect(lambda: tray.setToolTip(tray_tooltip(window, notifier.report)))
        tray.setToolTip(tray_tooltip(window, notifier.report))
    return notifier


def tray_tooltip(window, report) -> str:
    """Hovering the tray icon: the shop and today's figures at a glance."""
    if report is None:
        return APP_NAME
    lines = [window.windowTitle()]
    lines.append(
        fill(
            window.tr("{late} late, {due_soon} due soon, {urges} urges"),
            late=len(report.ship_late),
            due_soon=len(report.ship_due_soon),
            urges=len(report.work_orders_overdue) + len(report.work_orders_due_soon),
        )
    )
    for name, figures in report.help_rate.items():
        lines.append(f"{name}: {format_rate(figures.rate)}")
    return "\n".join(lines)
