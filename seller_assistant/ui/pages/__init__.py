"""The sidebar's pages, in order. Each page is a QWidget taking (ctx, parent), built on first show."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QVBoxLayout, QWidget

from seller_assistant.ui.widgets import heading, plain_label


@dataclass(frozen=True)
class MenuEntry:
    """A page's action as the File menu shows it before the page is built. Keep the text the same
    as the page's own QAction (same translation context), and in the same order: once the page
    exists, its real actions take these entries' places."""

    text: str
    writes: bool = False  # disabled in a read-only window


@dataclass(frozen=True)
class PageSpec:
    key: str
    title: str
    load: Callable[[], type[QWidget]]  # imports the page's module: only when the page is first shown
    import_actions: tuple[MenuEntry, ...] = ()
    file_actions: tuple[MenuEntry, ...] = ()
    # What the page's place shows until the page is built (None: nothing). Only labels: it is made
    # with the window, before the first paint.
    placeholder: Callable[[], QWidget] | None = None


def _today() -> type[QWidget]:
    from seller_assistant.ui.pages.today import TodayPage

    return TodayPage


def _today_placeholder() -> QWidget:
    """The Today page's title and "working out" line, painted with the window while the page's code
    loads on a worker (ui/window_opening.py); the same words the page shows until its report comes."""
    placeholder = QWidget()
    layout = QVBoxLayout(placeholder)
    layout.addWidget(heading(QCoreApplication.translate("TodayPage", "Today")))
    layout.addWidget(plain_label(QCoreApplication.translate("TodayPage", "Working out today's risks…")))
    layout.addStretch(1)
    return placeholder


def _orders() -> type[QWidget]:
    from seller_assistant.ui.pages.orders import OrdersPage

    return OrdersPage


def _chats() -> type[QWidget]:
    # What the page imports on first use (its first search, the newest conversation): imported by the
    # warm-up worker with the page, not on the GUI thread at the first visit (~10 ms at 1 M orders).
    import seller_assistant.store.agreements
    import seller_assistant.store.attachments
    import seller_assistant.store.chats
    import seller_assistant.store.corrections
    import seller_assistant.store.evidence
    import seller_assistant.store.search  # noqa: F401
    from seller_assistant.ui.pages.chats import ChatsPage

    return ChatsPage


def _helprate() -> type[QWidget]:
    from seller_assistant.ui.pages.helprate import HelpRatePage

    return HelpRatePage


def _replies() -> type[QWidget]:
    from seller_assistant.ui.pages.replies import RepliesPage

    return RepliesPage


def _settings() -> type[QWidget]:
    from seller_assistant.ui.pages.settings import SettingsPage

    return SettingsPage


def page_specs() -> list[PageSpec]:
    tr = QCoreApplication.translate
    return [
        PageSpec("today", tr("Pages", "Today"), _today, placeholder=_today_placeholder),
        PageSpec(
            "orders",
            tr("Pages", "Orders"),
            _orders,
            import_actions=(MenuEntry(tr("OrdersPage", "&Orders…"), writes=True),),
            file_actions=(MenuEntry(tr("OrdersPage", "&Bulk ship…"), writes=True),),
        ),
        PageSpec(
            "chats",
            tr("Pages", "Chats & evidence"),
            _chats,
            import_actions=(MenuEntry(tr("ChatsPage", "Chat record…"), writes=True),),
            file_actions=(MenuEntry(tr("ChatsPage", "Verify evidence…")),),
        ),
        PageSpec("helprate", tr("Pages", "Help rate"), _helprate),
        PageSpec("replies", tr("Pages", "Replies"), _replies),
        PageSpec("settings", tr("Pages", "Settings"), _settings),
    ]
