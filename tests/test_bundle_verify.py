"""`verify FILE.zip`: intact bundles pass; any changed, added or removed file is named; hostile ZIPs are refused."""

from __future__ import annotations

import hashlib
import json
import os
import zipfile

import pytest

from seller_assistant.core.bundle import MANIFEST, encode_manifest
from seller_assistant.core.bundle_verify import UnsafeBundleError, verify_bundle

from .builders.tamper import drop_trigger
from .bundle_fixtures import add_disputed_order

pytestmark = pytest.mark.both_backends  # store tests on SQLite and PostgreSQL (conftest.py)


@pytest.fixture
def bundle(cli, store, tmp_path):
    order = add_disputed_order(store)
    path = tmp_path / "dispute.zip"
    result = cli("export-evidence", order.order_no, "--out", str(path))
    assert result.code == 0, result.err
    return path


def _members(path) -> list[tuple[zipfile.ZipInfo, bytes]]:
    with zipfile.ZipFile(path) as archive:
        return [(info, archive.read(info)) for info in archive.infolist()]


def _rewrite(path, members) -> None:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for info, data in members:
            archive.writestr(info, data)


def test_a_fresh_bundle_is_intact(cli, bundle):
    result = cli("verify", str(bundle))
    assert result.code == 0, result.out + result.err
    assert "intact" in result.out


def test_changing_one_byte_of_any_member_names_that_member(cli, bundle, tmp_path):
    original = _members(bundle)
    names = [info.filename for info, _ in original]
    assert {"report.pdf", "chat.txt", "chat.html", "manifest.json"} <= set(names)
    assert any(name.startswith("attachments/") for name in names)
    for target in names:
        tampered = tmp_path / "tampered.zip"
        changed = []
        for info, data in original:
            if info.filename == target:
                middle = len(data) // 2
                data = data[:middle] + bytes([data[middle] ^ 0x01]) + data[middle + 1 :]
            changed.append((info, data))
        _rewrite(tampered, changed)
        result = cli("verify", str(tampered))
        assert result.code == 1, target
        assert f"changed: {target}" in result.out
        others = [name for name in names if name != target]
        assert not any(f": {name}" in result.out for name in others), result.out


def test_a_flipped_byte_inside_the_zip_data_names_the_member(cli, bundle, tmp_path):
    with zipfile.ZipFile(bundle) as archive:
        image = next(info for info in archive.infolist() if info.filename.startswith("attachments/"))
    raw = bytearray(bundle.read_bytes())
    # Stored (not deflated) member: its bytes follow the 30-byte local header, name and extra field.
    name_len = int.from_bytes(raw[image.header_offset + 26 : image.header_offset + 28], "little")
    extra_len = int.from_bytes(raw[image.header_offset + 28 : image.header_offset + 30], "little")
    raw[image.header_offset + 30 + name_len + extra_len + 100] ^= 0xFF
    bundle.write_bytes(bytes(raw))
    result = cli("verify", str(bundle))
    assert result.code == 1
    assert f"changed: {image.filename}" in result.out


def test_a_removed_member_is_named(cli, bundle):
    _rewrite(bundle, [(info, data) for info, data in _members(bundle) if info.filename != "chat.txt"])
    result = cli("verify", str(bundle))
    assert result.code == 1
    assert "removed: chat.txt" in result.out


def test_an_added_member_is_named(cli, bundle):
    members = _members(bundle)
    members.append((zipfile.ZipInfo("attachments/extra-proof.png"), b"not really a photo"))
    _rewrite(bundle, members)
    result = cli("verify", str(bundle))
    assert result.code == 1
    assert "added: attachments/extra-proof.png" in result.out


def test_a_swapped_attachment_is_caught_even_with_a_rewritten_manifest(cli, bundle):
    members = _members(bundle)
    raw = dict((info.filename, data) for info, data in members)[MANIFEST]
    manifest = json.loads(raw)["manifest"]
    fake = b"\x89PNG\r\n\x1a\n a different photo"
    entry = next(e for e in manifest["files"] if e["path"].startswith("attachments/"))
    entry.update(sha256=hashlib.sha256(fake).hexdigest(), size=len(fake))
    forged = []
    for info, data in members:
        if info.filename == entry["path"]:
            data = fake
        elif info.filename == MANIFEST:
            data = encode_manifest(manifest)
        forged.append((info, data))
    _rewrite(bundle, forged)
    result = cli("verify", str(bundle))
    assert result.code == 1
    assert f"changed: {entry['path']}" in result.out


def test_a_removed_manifest_is_named(cli, bundle):
    _rewrite(bundle, [(info, data) for info, data in _members(bundle) if info.filename != MANIFEST])
    result = cli("verify", str(bundle))
    assert result.code == 1
    assert "removed: manifest.json" in result.out


def test_an_edited_chain_item_is_caught_even_with_a_rewritten_manifest_fingerprint(cli, bundle):
    members = _members(bundle)
    raw = dict((info.filename, data) for info, data in members)[MANIFEST]
    body = raw[raw.index(b'"manifest": ') + len(b'"manifest": ') : -2]
    manifest = json.loads(body)
    item = next(i for i in manifest["chain"]["items"] if i["item_type"] == "message")
    item["content"]["text"] = "卖家从未回复"
    forged = [
        (info, encode_manifest(manifest) if info.filename == MANIFEST else data) for info, data in members
    ]
    _rewrite(bundle, forged)
    result = cli("verify", str(bundle))
    assert result.code == 1
    assert "evidence chain" in result.out and "changed after it was sealed" in result.out
    # A Chinese shop's Verify dialog says the same in Chinese: which item, and why (core/messages.py).
    from seller_assistant.core.bundle_verify import report_lines, verify_bundle

    said = report_lines(verify_bundle(bundle), "zh")[-1]
    assert "（消息）：它的内容在封存后被改动过" in said, said


# ---- hostile archives ------------------------------------------------------------------------


def _hostile(path, name: str, data: bytes = b"pwned", attr: int | None = None) -> None:
    with zipfile.ZipFile(path, "w") as archive:
        info = zipfile.ZipInfo(name)
        if attr is not None:
            info.create_system = 3
            info.external_attr = attr << 16
        archive.writestr(info, data)
        archive.writestr("manifest.json", b"{}")


def _files_under(folder) -> set[str]:
    return {
        os.path.relpath(os.path.join(root, name), folder)
        for root, _, names in os.walk(folder)
        for name in names
    }


@pytest.mark.parametrize(
    ("name", "attr", "why"),
    [
        ("../evil.txt", None, "points outside the bundle"),
        ("attachments/../../evil.txt", None, "points outside the bundle"),
        ("/tmp/evil.txt", None, "absolute path"),
        ("C:/Windows/evil.txt", None, "absolute path"),
        ("attachments\\..\\evil.txt", None, "backslash"),
        ("evil-link", 0o120777, "symbolic link"),
    ],
)
def test_hostile_member_names_are_refused_before_anything_is_read(
    cli, tmp_path, monkeypatch, name, attr, why
):
    work = tmp_path / "work"
    work.mkdir()
    monkeypatch.chdir(work)
    hostile = tmp_path / "hostile.zip"
    _hostile(hostile, name, b"/etc/passwd" if attr else b"pwned", attr)
    before = _files_under(tmp_path)
    result = cli("verify", str(hostile))
    assert result.code == 2
    assert "was refused and nothing was extracted" in result.err and why in result.err
    assert _files_under(tmp_path) == before


def test_duplicate_member_names_are_refused(tmp_path):
    hostile = tmp_path / "dup.zip"
    with pytest.warns(UserWarning), zipfile.ZipFile(hostile, "w") as archive:
        archive.writestr("chat.txt", b"one")
        archive.writestr("chat.txt", b"two")
    with pytest.raises(UnsafeBundleError, match="appears twice"):
        verify_bundle(hostile)


def test_a_forged_ten_gigabyte_header_is_refused_as_a_zip_bomb(cli, tmp_path):
    bomb = tmp_path / "bomb.zip"
    with zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("manifest.json", b"{}")
        with archive.open("report.pdf", "w", force_zip64=True) as member:
            member.write(b"\0" * 1024)
        # The central directory now claims 10 GB: what a bomb's header looks like.
        archive.filelist[-1].file_size = 10 * 2**30
    result = cli("verify", str(bomb))
    assert result.code == 2
    assert "zip bomb" in result.err and "report.pdf" in result.err


def test_a_file_that_is_not_a_zip_is_one_clear_sentence(cli, tmp_path):
    fake = tmp_path / "dispute.zip"
    fake.write_bytes(b"%PDF-1.7 this is not a zip")
    result = cli("verify", str(fake))
    assert result.code == 2
    assert "not a readable ZIP file" in result.err
    assert "Traceback" not in result.err


def test_verify_without_a_file_checks_the_stores_chains(cli, store):
    add_disputed_order(store)
    result = cli("verify")
    assert result.code == 0, result.out + result.err
    drop_trigger(store, "messages_append_only_update")
    store.conn.execute("UPDATE messages SET text = '卖家从未回复' WHERE sender_role = 'staff'")
    result = cli("verify")
    assert result.code == 1


def test_member_hashes_in_the_manifest_match_the_bytes(bundle):
    members = dict((info.filename, data) for info, data in _members(bundle))
    raw = members[MANIFEST]
    manifest = json.loads(raw)["manifest"]
    for entry in manifest["files"]:
        assert hashlib.sha256(members[entry["path"]]).hexdigest() == entry["sha256"]
        assert len(members[entry["path"]]) == entry["size"]
