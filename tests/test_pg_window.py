"""File › Open shared store…: the window moves onto a store on PostgreSQL, or says in words why not (issue 18)."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QInputDialog, QMessageBox

from seller_assistant.core.settings import ShopSettings
from seller_assistant.store import open_store, shops
from seller_assistant.ui import app as app_module
from seller_assistant.ui.app import application, build_window

from .conftest import NOW_EPOCH

pytestmark = pytest.mark.postgresql_only(reason="the window on a shared store beside one on a SQLite file")


@pytest.fixture
def window(qtbot, demo_store):
    application()
    win = build_window(demo_store, fixed_now=NOW_EPOCH)
    qtbot.addWidget(win)
    win.show()
    app_module._open_windows[:] = [win]
    return win


def _choose_menu_entry(window, text: str) -> None:
    file_menu = window.menuBar().actions()[0].menu()
    action = next(a for a in file_menu.actions() if a.text() == text)
    action.trigger()


def _type_address(monkeypatch, address: str) -> list[str]:
    """The address as the shop types it into the dialog; the warnings the window shows."""
    monkeypatch.setattr(QInputDialog, "getText", lambda *args, **kwargs: (address, True))
    warnings: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda parent, title, text, *rest: warnings.append(text))
    return warnings


def test_an_address_with_a_password_is_refused_and_the_password_never_shown(window, monkeypatch):
    warnings = _type_address(monkeypatch, "postgresql://anna:mima123@shop-pc/shop")
    _choose_menu_entry(window, "Open &shared store…")
    assert len(warnings) == 1
    assert ".pgpass" in warnings[0] and "mima123" not in warnings[0]
    assert app_module._open_windows == [window] and not window.ctx.store.shared


def test_the_window_opens_on_a_shared_store_and_shows_its_shop(window, monkeypatch, pg_url, qtbot):
    with open_store(pg_url) as shared:
        shops.create_shop(shared, ShopSettings(name="共享小店", timezone="Asia/Shanghai"), NOW_EPOCH)
    warnings = _type_address(monkeypatch, pg_url)
    _choose_menu_entry(window, "Open &shared store…")
    assert warnings == []
    (new_window,) = app_module._open_windows
    qtbot.addWidget(new_window)
    assert new_window is not window and new_window.ctx.store.shared
    assert "共享小店" in new_window.windowTitle()
    new_window.ctx.store.close()  # a late tick of the window then finds it closed, as with a file
