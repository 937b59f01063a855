"""File › Back up now / Restore from backup… on a shared store (PostgreSQL): pg_dump, restored into an empty database."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QInputDialog, QMessageBox

from seller_assistant.store import open_store, pg_backup

from .test_pg_window import _choose_menu_entry
from .test_pg_window import window as window  # the same window fixture, here on a shared store

pytestmark = [
    pytest.mark.parametrize("store_backend", ["postgresql"], indirect=True),
    pytest.mark.postgresql_only(
        reason="pg_dump backups of a shared store (a SQLite store's: test_backup.py)"
    ),
]


def test_back_up_now_then_restore_into_an_empty_database(window, demo_store, qtbot, monkeypatch, pg_cluster):
    _choose_menu_entry(window, "&Back up now")
    qtbot.waitUntil(lambda: "Backed up and verified" in window.statusBar().currentMessage(), timeout=180_000)
    (made,) = pg_backup.list_backups(demo_store.location)
    assert made.kind == "manual"

    empty = pg_cluster.url(pg_cluster.create_database())
    monkeypatch.setattr(QInputDialog, "getItem", lambda *args, **kwargs: (made.label, True))
    monkeypatch.setattr(QInputDialog, "getText", lambda *args, **kwargs: (empty, True))
    asked, warnings = [], []
    monkeypatch.setattr(
        QMessageBox,
        "question",
        lambda parent, title, text, *rest: asked.append(text) or QMessageBox.StandardButton.No,
    )
    monkeypatch.setattr(QMessageBox, "warning", lambda parent, title, text, *rest: warnings.append(text))

    _choose_menu_entry(window, "&Restore from backup…")
    qtbot.waitUntil(lambda: bool(asked or warnings), timeout=180_000)

    assert warnings == []
    assert "verified" in asked[0] and "Open the restored store on this desk now?" in asked[0]
    with open_store(empty) as restored:
        count = restored.conn.execute("SELECT count(*) FROM orders").fetchone()[0]
    assert count == demo_store.conn.execute("SELECT count(*) FROM orders").fetchone()[0] > 0
    assert window.ctx.store.location == demo_store.location  # the store in use was never replaced
