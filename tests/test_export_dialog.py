"""The export dialog: masking follows the purpose, the preview shows files and chat, the export runs in a worker."""

from __future__ import annotations

import zipfile

import pytest

from seller_assistant.core.bundle_verify import verify_bundle
from seller_assistant.ui.context import AppContext
from seller_assistant.ui.export_dialog import ExportEvidenceDialog, batch_export_action

from .bundle_fixtures import CRACK_LINE, PHONE, add_disputed_order
from .conftest import NOW_EPOCH

pytestmark = pytest.mark.both_backends  # store tests on SQLite and PostgreSQL (conftest.py)


@pytest.fixture
def ctx(qtbot, store):
    return AppContext(store, fixed_now=NOW_EPOCH)


@pytest.fixture
def dialog(qtbot, ctx, store, tmp_path):
    order = add_disputed_order(store)
    dialog = ExportEvidenceDialog(ctx, order.order_id)
    qtbot.addWidget(dialog)
    dialog.path_edit.setText(str(tmp_path / "dispute.zip"))
    return dialog


def _files(dialog) -> list[str]:
    return [dialog.files.item(row).text() for row in range(dialog.files.count())]


def test_platform_submission_is_unmasked_and_sharing_is_masked_by_default(dialog):
    assert not dialog.mask.isChecked()
    assert PHONE in dialog.preview.toPlainText()
    dialog.set_purpose("share")
    assert dialog.mask.isChecked()
    assert PHONE not in dialog.preview.toPlainText()
    assert "139****5678" in dialog.preview.toPlainText()
    dialog.set_purpose("platform")
    assert not dialog.mask.isChecked()


def test_preview_lists_the_files_and_the_chat(dialog):
    files = _files(dialog)
    assert files[0] == "report.pdf" and files[-1] == "manifest.json"
    assert "chat.txt" in files and any(name.startswith("attachments/") for name in files)
    assert CRACK_LINE in dialog.preview.toPlainText()
    dialog.includes["attachments"].setChecked(False)
    assert not any(name.startswith("attachments/") for name in _files(dialog))
    dialog.includes["chat"].setChecked(False)
    assert "chat.txt" in _files(
        dialog
    )  # always there (a bundle without it is incomplete), saying the chat was left out
    assert CRACK_LINE not in dialog.preview.toPlainText()


def test_export_runs_in_a_worker_and_the_bundle_appears(qtbot, dialog, tmp_path):
    dialog.set_purpose("share")
    with qtbot.waitSignal(dialog.exported, timeout=30_000) as blocker:
        dialog.export_button.click()
        assert not dialog.export_button.isEnabled()  # the GUI thread is free while the worker writes
        assert not dialog.progress.isHidden()
    path = tmp_path / "dispute.zip"
    assert blocker.args == [str(path)]
    assert path.is_file()
    report = verify_bundle(path)
    assert report.ok and report.redacted_items > 0
    with zipfile.ZipFile(path) as archive:
        assert PHONE not in archive.read("chat.txt").decode("utf-8")
    assert "dispute.zip" in dialog.status.text()
    assert dialog.export_button.isEnabled()


def test_export_to_a_missing_folder_says_so_and_writes_nothing(qtbot, dialog, tmp_path):
    dialog.path_edit.setText(str(tmp_path / "nowhere" / "dispute.zip"))
    dialog.export_button.click()
    qtbot.waitUntil(lambda: dialog.export_button.isEnabled(), timeout=30_000)
    assert "does not exist" in dialog.status.text()
    assert not (tmp_path / "nowhere").exists()


def test_batch_action_exports_every_open_dispute(qtbot, ctx, store, tmp_path):
    add_disputed_order(store)
    add_disputed_order(store, order_no="3901234567890999999")
    action = batch_export_action(ctx, None)
    assert action.text().startswith("Export bundles for all open disputes")
    folder = tmp_path / "bundles"
    folder.mkdir()
    with qtbot.waitSignal(action.batch_export.finished, timeout=60_000) as blocker:
        action.batch_export.run(folder)
    assert len(blocker.args[0]) == 2
    written = sorted(p.name for p in folder.iterdir())
    assert written == ["evidence-3901234567890123456.zip", "evidence-3901234567890999999.zip"]
    assert all(verify_bundle(folder / name).ok for name in written)
