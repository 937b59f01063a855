"""The sidebar's pages, in order. Each page is a QWidget taking (ctx, parent)."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication


def page_classes():
    from seller_assistant.ui.pages.chats import ChatsPage
    from seller_assistant.ui.pages.helprate import HelpRatePage
    from seller_assistant.ui.pages.orders import OrdersPage
    from seller_assistant.ui.pages.replies import RepliesPage
    from seller_assistant.ui.pages.settings import SettingsPage
    from seller_assistant.ui.pages.today import TodayPage

    tr = QCoreApplication.translate
    return [
        ("today", tr("Pages", "Today"), TodayPage),
        ("orders", tr("Pages", "Orders"), OrdersPage),
        ("chats", tr("Pages", "Chats & evidence"), ChatsPage),
        ("helprate", tr("Pages", "Help rate"), HelpRatePage),
        ("replies", tr("Pages", "Replies"), RepliesPage),
        ("settings", tr("Pages", "Settings"), SettingsPage),
    ]
