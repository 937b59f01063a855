"""File › Verify evidence bundle…: the window checks a bundle file off the GUI thread, as `verify FILE.zip` does."""

from __future__ import annotations

import zipfile

import pytest
from PySide6.QtCore import Qt

from seller_assistant.ui.app import application, build_window

from .bundle_fixtures import add_disputed_order
from .conftest import NOW_EPOCH
from .typing_helpers import type_text

pytestmark = pytest.mark.both_backends  # store tests on SQLite and PostgreSQL (conftest.py)


@pytest.fixture
def window(qtbot, store):
    application()
    win = build_window(store, fixed_now=NOW_EPOCH)
    qtbot.addWidget(win)
    win.show()
    return win


@pytest.fixture
def bundle(cli, store, tmp_path):
    order = add_disputed_order(store)
    path = tmp_path / "dispute.zip"
    assert cli("export-evidence", order.order_no, "--out", str(path)).code == 0
    return path


def _verify_by_clicks(qtbot, window, path):
    file_menu = window.menuBar().actions()[0].menu()
    action = next(a for a in file_menu.actions() if a.objectName() == "verify_evidence_bundle")
    action.trigger()
    dialog = window.verify_dialog
    type_text(qtbot, dialog.path_edit, str(path))
    qtbot.mouseClick(dialog.verify_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.ok is not None and dialog.verify_button.isEnabled(), timeout=30_000)
    return dialog


def test_an_intact_bundle_is_said_intact(qtbot, window, bundle):
    dialog = _verify_by_clicks(qtbot, window, bundle)
    assert dialog.ok is True
    assert "intact" in dialog.result.toPlainText() or "完好" in dialog.result.toPlainText()


def test_an_altered_bundle_names_the_changed_file(qtbot, window, bundle, tmp_path):
    with zipfile.ZipFile(bundle) as archive:
        members = {info.filename: archive.read(info) for info in archive.infolist()}
    members["chat.txt"] = members["chat.txt"].replace("裂纹".encode(), "完好".encode())
    forged = tmp_path / "forged.zip"
    with zipfile.ZipFile(forged, "w") as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    dialog = _verify_by_clicks(qtbot, window, forged)
    assert dialog.ok is False
    assert "chat.txt" in dialog.result.toPlainText()


def test_a_file_that_is_not_a_bundle_is_one_sentence(qtbot, window, tmp_path):
    fake = tmp_path / "photo.zip"
    fake.write_bytes(b"not a zip at all")
    dialog = _verify_by_clicks(qtbot, window, fake)
    assert dialog.ok is False
    assert "not a readable ZIP file" in dialog.result.toPlainText()


def test_the_default_folder_exists_even_when_documents_is_missing(monkeypatch, tmp_path):
    from PySide6.QtCore import QStandardPaths

    from seller_assistant.ui import export_dialog

    missing = tmp_path / "home" / "Documents"
    monkeypatch.setattr(QStandardPaths, "writableLocation", lambda _kind: str(missing))
    assert export_dialog.default_folder() == missing and missing.is_dir()
    blocked = tmp_path / "file-not-folder"
    blocked.write_text("x")
    monkeypatch.setattr(QStandardPaths, "writableLocation", lambda _kind: str(blocked / "Documents"))
    assert export_dialog.default_folder().is_dir()
