"""export-evidence: what the bundle holds, masking for sharing, include choices, atomic writing, batch."""

from __future__ import annotations

import hashlib
import io
import json
import zipfile

import pytest
from pypdf import PdfReader

from seller_assistant import __version__
from seller_assistant.core import bundle as bundle_module
from seller_assistant.core.bundle_verify import verify_bundle
from seller_assistant.core.i18n import t
from seller_assistant.store import evidence

from .bundle_fixtures import ADDRESS, CRACK_LINE, PHONE, REAL_NAME, add_disputed_order

pytestmark = pytest.mark.both_backends  # store tests on SQLite and PostgreSQL (conftest.py)


def _open(path) -> dict[str, bytes]:
    with zipfile.ZipFile(path) as archive:
        return {info.filename: archive.read(info) for info in archive.infolist()}


def _manifest(members) -> dict:
    return json.loads(members["manifest.json"])["manifest"]


def _pdf_text(data: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)


def test_bundle_holds_report_chat_original_attachment_and_manifest(cli, store, tmp_path):
    order = add_disputed_order(store)
    out = tmp_path / "dispute.zip"
    result = cli("export-evidence", order.order_no, "--out", str(out))
    assert result.code == 0, result.err
    assert order.order_no in result.out
    members = _open(out)
    sha = hashlib.sha256(order.image).hexdigest()
    assert set(members) == {
        "report.pdf",
        "chat.txt",
        "chat.html",
        "manifest.json",
        f"attachments/{sha}_裂纹照片.png",
    }
    assert (
        members[f"attachments/{sha}_裂纹照片.png"] == order.image
    )  # original bytes; the name is made safe ("../../" gone)
    chat = members["chat.txt"].decode("utf-8")
    assert f"甜甜兔兔 (2026-11-22 09:00:00):\n{CRACK_LINE}\n" in chat
    assert "淘宝小二 (" in chat
    assert f"attachments/{sha}_裂纹照片.png" in chat


def test_manifest_lists_every_file_and_carries_the_chain(cli, store, tmp_path):
    order = add_disputed_order(store)
    out = tmp_path / "dispute.zip"
    assert cli("export-evidence", order.order_no, "--out", str(out)).code == 0
    members = _open(out)
    manifest = _manifest(members)
    assert manifest["format_version"] == 3
    assert manifest["app"]["version"] == __version__
    assert manifest["shop"]["name"] == "测试小店"
    assert manifest["order"]["order_no"] == order.order_no
    assert manifest["created_at"].startswith("2026-11-25T09:00:00")
    listed = {entry["path"] for entry in manifest["files"]}
    assert listed == set(members) - {"manifest.json"}
    chain = manifest["chain"]
    assert chain["head"] == evidence.chain_head(store, order.order_id)
    assert len(chain["items"]) == len(evidence.chain_for_order(store, order.order_id))
    assert all("content" in item and item["hash"] for item in chain["items"])


def test_share_bundle_masks_phone_address_and_name_in_every_file_and_still_verifies(cli, store, tmp_path):
    order = add_disputed_order(store)
    out = tmp_path / "share.zip"
    assert cli("export-evidence", order.order_no, "--out", str(out), "--share").code == 0
    members = _open(out)
    readable = {
        name: data.decode("utf-8")
        for name, data in members.items()
        if name.endswith((".txt", ".html", ".json"))
    }
    readable["report.pdf"] = _pdf_text(members["report.pdf"])
    for name, text in readable.items():
        for secret in (PHONE, ADDRESS, REAL_NAME, "文三路88号"):
            assert secret not in text, f"{secret} leaked into {name}"
    assert "139****5678" in readable["chat.txt"]
    assert CRACK_LINE in readable["chat.txt"]  # masking hides personal data, not the dispute
    assert "隐私遮蔽：已开启" in readable["report.pdf"]
    manifest = _manifest(members)
    assert manifest["masking"]["enabled"] is True
    redacted = [item for item in manifest["chain"]["items"] if "redacted" in item]
    assert redacted and all("content" not in item for item in redacted)
    report = verify_bundle(out)
    assert report.ok and report.redacted_items == len(redacted)


def test_the_shops_kept_key_opens_a_masked_commitment(cli, store, tmp_path):
    """Whoever holds the bundle cannot test guesses against a commitment; the shop, with the key
    it kept for this bundle, can prove the original value and the original seal."""
    from seller_assistant.core.bundle_chain import commit
    from seller_assistant.store import bundle_data

    order = add_disputed_order(store)
    out = tmp_path / "share.zip"
    assert cli("export-evidence", order.order_no, "--out", str(out), "--share").code == 0
    manifest = _manifest(_open(out))
    key = bundle_data.masking_key(store, manifest["masking"]["bundle_id"])
    assert key.hex() not in _open(out)["manifest.json"].decode("utf-8")
    item = next(i for i in manifest["chain"]["items"] if "redacted" in i)
    original = next(i for i in evidence.chain_for_order(store, order.order_id) if i["seq"] == item["seq"])
    assert item["redacted"]["text"] == commit(key, original["content"]["text"])
    assert item["commitment"] == commit(key, original["content_hash"])
    assert "content_hash" not in item


def test_platform_bundle_keeps_delivery_details_and_says_so(cli, store, tmp_path):
    order = add_disputed_order(store)
    out = tmp_path / "platform.zip"
    assert cli("export-evidence", order.order_no, "--out", str(out), "--platform").code == 0
    members = _open(out)
    assert PHONE in members["chat.txt"].decode("utf-8")
    text = _pdf_text(members["report.pdf"])
    assert PHONE in text and "隐私遮蔽：未开启" in text
    assert _manifest(members)["masking"]["enabled"] is False


def test_include_choice_leaves_out_attachments_and_withholds_their_chain_content(cli, store, tmp_path):
    order = add_disputed_order(store)
    out = tmp_path / "chat-only.zip"
    assert cli("export-evidence", order.order_no, "--out", str(out), "--include", "chat").code == 0
    members = _open(out)
    assert not any(name.startswith("attachments/") for name in members)
    items = _manifest(members)["chain"]["items"]
    attachment_items = [item for item in items if item["item_type"] == "attachment"]
    assert attachment_items and all("withheld" in item and "content" not in item for item in attachment_items)
    assert verify_bundle(out).ok


def test_an_unknown_include_word_is_one_sentence(cli, store, tmp_path):
    order = add_disputed_order(store)
    result = cli(
        "export-evidence", order.order_no, "--out", str(tmp_path / "x.zip"), "--include", "chat,photos"
    )
    assert result.code == 2
    assert "'photos' is not one of" in result.err


def test_unknown_order_is_one_sentence(cli, store, tmp_path):
    result = cli("export-evidence", "123", "--out", str(tmp_path / "x.zip"))
    assert result.code == 2
    assert "There is no order 123" in result.err
    assert not (tmp_path / "x.zip").exists()


def test_failure_mid_write_leaves_no_bundle_and_no_temporary_file(cli, store, tmp_path, monkeypatch):
    order = add_disputed_order(store)
    folder = tmp_path / "out"
    folder.mkdir()
    calls = []
    real = bundle_module._write_file

    def crash_after_first_attachment(archive, name, source, *rest):
        calls.append(name)
        real(archive, name, source, *rest)
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(bundle_module, "_write_file", crash_after_first_attachment)
    result = cli("export-evidence", order.order_no, "--out", str(folder / "dispute.zip"))
    assert calls, "the failure was injected mid-write"
    assert result.code == 2
    assert "Could not write the bundle" in result.err and "No space left on device" in result.err
    assert list(folder.iterdir()) == []


def test_failed_re_export_keeps_the_previous_complete_bundle(cli, store, tmp_path, monkeypatch):
    order = add_disputed_order(store)
    out = tmp_path / "dispute.zip"
    assert cli("export-evidence", order.order_no, "--out", str(out)).code == 0
    before = out.read_bytes()

    def broken_report(report, progress=None):
        raise RuntimeError("renderer crashed")

    monkeypatch.setattr("seller_assistant.core.report_pdf.render_report", broken_report)
    assert cli("export-evidence", order.order_no, "--out", str(out)).code == 2
    assert out.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith(".")) == []


def test_batch_exports_every_order_with_an_open_dispute(cli, store, tmp_path):
    disputed = add_disputed_order(store)
    add_disputed_order(store, order_no="3901234567890999999")
    folder = tmp_path / "bundles"
    folder.mkdir()
    result = cli("export-evidence", "--open-disputes", "--out-dir", str(folder))
    assert result.code == 0, result.err
    names = sorted(p.name for p in folder.iterdir())
    assert names == sorted([f"{disputed.order_no}.zip", "3901234567890999999.zip"])
    assert all(verify_bundle(folder / name).ok for name in names)


def test_batch_with_no_disputes_says_so(cli, store, tmp_path):
    folder = tmp_path / "bundles"
    folder.mkdir()
    result = cli("export-evidence", "--open-disputes", "--out-dir", str(folder))
    assert result.code == 0
    assert result.out.strip() in (t("bundle.batch_none", "zh"), t("bundle.batch_none", "en"))
    assert list(folder.iterdir()) == []


@pytest.mark.parametrize("args", [("--out", "x.zip"), ("3901",)])
def test_export_needs_an_order_and_a_file(cli, store, args):
    result = cli("export-evidence", *args)
    assert result.code == 2
    assert "needs an order number and --out" in result.err


def test_a_demo_order_with_an_open_dispute_exports_and_verifies(cli, demo_store, tmp_path):
    from seller_assistant.store import bundle_data, shops

    from .conftest import NOW_EPOCH

    disputed = bundle_data.open_dispute_orders(demo_store, shops.require_shop(demo_store), NOW_EPOCH)
    assert disputed
    out = tmp_path / "demo.zip"
    result = cli("export-evidence", disputed[0]["order_no"], "--out", str(out))
    assert result.code == 0, result.err
    assert cli("verify", str(out)).code == 0
    text = _pdf_text(_open(out)["report.pdf"])
    assert disputed[0]["order_no"] in text and "青瓷小铺" in text


def test_masking_keeps_order_and_tracking_numbers_readable():
    from seller_assistant.core.masking import masker_for_order

    masker = masker_for_order(
        {"receiver_name": REAL_NAME, "receiver_phone": PHONE, "receiver_address": ADDRESS}, enabled=True
    )
    text = f"订单3901234567890123456 中通75312345678901 电话+86 139-1234-5678 座机0571-88886666 {REAL_NAME}"
    masked = masker.text(text)
    assert "3901234567890123456" in masked and "75312345678901" in masked
    assert "139-****-5678" in masked and "88886666" not in masked and REAL_NAME not in masked
    assert masker.text(f"寄到{ADDRESS}") == "寄到浙江省杭州市****"
