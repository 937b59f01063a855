"""Forged bundles that once passed `verify` (issue 14's hand-made set) now fail with exit 1 or 2 naming why.

Each forger here has the bundle and our documented format, but not the shop's store: they edit the
manifest and re-compute every hash they can (the manifest's own fingerprint, file hashes).
"""

from __future__ import annotations

import hashlib
import json
import struct
import tracemalloc
import zipfile

import pytest

from seller_assistant.core.bundle import MANIFEST, encode_manifest
from seller_assistant.core.bundle_verify import UnsafeBundleError, verify_bundle
from seller_assistant.core.evidence import content_hash

from .bundle_fixtures import add_disputed_order

pytestmark = pytest.mark.both_backends  # store tests on SQLite and PostgreSQL (conftest.py)


@pytest.fixture
def order(store):
    return add_disputed_order(store)


def _export(cli, order, path, *extra):
    result = cli("export-evidence", order.order_no, "--out", str(path), *extra)
    assert result.code == 0, result.err
    return path


@pytest.fixture
def bundle(cli, order, tmp_path):
    return _export(cli, order, tmp_path / "dispute.zip")


def _members(path) -> dict[str, bytes]:
    with zipfile.ZipFile(path) as archive:
        return {info.filename: archive.read(info) for info in archive.infolist()}


def _manifest(members: dict[str, bytes]) -> dict:
    return json.loads(members[MANIFEST])["manifest"]


def _write(path, members: dict[str, bytes], manifest: dict | None = None) -> None:
    """Re-pack, with the manifest re-encoded (its fingerprint recomputed) when given."""
    if manifest is not None:
        members = {**members, MANIFEST: encode_manifest(manifest)}
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            archive.writestr(name, data)


def _verify(cli, path):
    result = cli("verify", str(path))
    return result.code, result.out + result.err


def test_an_honest_bundle_and_an_honest_masked_bundle_pass(cli, order, bundle, tmp_path):
    assert _verify(cli, bundle)[0] == 0
    masked = _export(cli, order, tmp_path / "masked.zip", "--share")
    code, out = _verify(cli, masked)
    assert code == 0, out


def test_content_moved_to_content_masked_with_changed_text_fails(cli, bundle):
    members = _members(bundle)
    manifest = _manifest(members)
    item = next(i for i in manifest["chain"]["items"] if i["item_type"] == "message")
    content = item.pop("content")
    content["text"] = "卖家从未回复"
    item["content_masked"] = content
    _write(bundle, members, manifest)
    code, out = _verify(cli, bundle)
    assert code == 1
    assert "not a masked one" in out


def test_masked_text_without_commitments_fails_even_in_a_masked_bundle(cli, order, tmp_path):
    path = _export(cli, order, tmp_path / "masked.zip", "--share")
    members = _members(path)
    manifest = _manifest(members)
    item = next(i for i in manifest["chain"]["items"] if i["item_type"] == "message" and "content" in i)
    content = item.pop("content")
    content["text"] = "卖家从未回复"
    item["content_masked"] = content
    _write(path, members, manifest)
    code, out = _verify(cli, path)
    assert code == 1
    assert "no commitments" in out


def test_an_item_carrying_its_content_twice_fails(cli, bundle):
    members = _members(bundle)
    manifest = _manifest(members)
    item = next(i for i in manifest["chain"]["items"] if i["item_type"] == "message")
    item["content_masked"] = {**item["content"], "text": "卖家从未回复"}
    _write(bundle, members, manifest)
    code, out = _verify(cli, bundle)
    assert code == 1 and "twice" in out


def test_a_swapped_attachment_renamed_to_its_own_hash_fails(cli, bundle):
    members = _members(bundle)
    manifest = _manifest(members)
    old = next(name for name in members if name.startswith("attachments/"))
    fake = b"\x89PNG\r\n\x1a\n a different photo, no crack in it"
    sha = hashlib.sha256(fake).hexdigest()
    new = f"attachments/{sha}.png"
    members[new] = members.pop(old)
    members[new] = fake
    entry = next(e for e in manifest["files"] if e["path"] == old)
    entry.update(path=new, sha256=sha, size=len(fake))
    _write(bundle, members, manifest)
    code, out = _verify(cli, bundle)
    assert code == 1
    assert "not a sealed item of this chain" in out


def test_a_truncated_chain_with_its_head_rewritten_fails(cli, bundle):
    members = _members(bundle)
    manifest = _manifest(members)
    items = manifest["chain"]["items"]
    del items[-1]
    manifest["chain"]["head"] = items[-1]["hash"]
    _write(bundle, members, manifest)
    code, out = _verify(cli, bundle)
    assert code == 1
    assert "cut off" in out


def test_a_truncated_chain_without_its_head_log_fails(cli, bundle):
    members = _members(bundle)
    manifest = _manifest(members)
    del manifest["chain"]["items"][-1]
    manifest["chain"]["head"] = manifest["chain"]["items"][-1]["hash"]
    del manifest["head_log"]
    _write(bundle, members, manifest)
    code, out = _verify(cli, bundle)
    assert code == 1
    assert "head log is missing" in out


def test_a_zip_holding_only_a_manifest_with_an_empty_chain_fails(cli, bundle, tmp_path):
    manifest = _manifest(_members(bundle))
    manifest["files"] = []
    manifest["chain"] = {"key": manifest["chain"]["key"], "head": None, "items": []}
    manifest["head_log"] = {"entries": [], "head": None}
    forged = tmp_path / "only-manifest.zip"
    _write(forged, {}, manifest)
    code, out = _verify(cli, forged)
    assert code == 1
    for required in ("report.pdf", "chat.txt", "chat.html"):
        assert f"removed: {required}" in out


def test_an_unknown_field_beside_the_content_fails(cli, bundle):
    members = _members(bundle)
    manifest = _manifest(members)
    item = next(i for i in manifest["chain"]["items"] if i["item_type"] == "message")
    item["text_shown"] = "卖家从未回复"
    _write(bundle, members, manifest)
    code, out = _verify(cli, bundle)
    assert code == 1 and "text_shown" in out


def test_a_re_sealed_item_still_fails_against_the_head_log(cli, bundle):
    """The forger changes a message and re-hashes its content and every seal after it; the head
    log entries the bundle carries still name the old seals."""
    from seller_assistant.core.evidence import link_hash

    members = _members(bundle)
    manifest = _manifest(members)
    items = manifest["chain"]["items"]
    target = next(i for i in items if i["item_type"] == "message" and i["content"]["sender_role"] == "staff")
    target["content"]["text"] = "卖家从未回复"
    prev = "0" * 64
    for item in items:
        if item is target:
            item["content_hash"] = content_hash("message", item["content"])
        item["prev_hash"] = prev
        item["hash"] = link_hash(prev, item["content_hash"], item["item_type"], item["seq"])
        prev = item["hash"]
    manifest["chain"]["head"] = prev
    _write(bundle, members, manifest)
    code, out = _verify(cli, bundle)
    assert code == 1
    assert "head log" in out


# ---- flooding ------------------------------------------------------------------------------


def test_a_manifest_of_millions_of_empty_objects_is_refused_before_it_is_parsed(tmp_path):
    """Stored, not deflated (so no zip-bomb ratio gives it away): 30 MB of `{},` would be
    ~10 million Python dicts (GBs); it is refused after a count over the bytes."""
    forged = tmp_path / "flood.zip"
    body = b'{"files": [], "chain": {"items": [' + b"{}," * 10_000_000 + b"{}]}}"
    with zipfile.ZipFile(forged, "w", zipfile.ZIP_STORED) as archive:
        archive.writestr("manifest.json", body)
    del body
    tracemalloc.start()
    try:
        with pytest.raises(UnsafeBundleError, match="JSON objects and lists"):
            verify_bundle(forged)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert peak < 200 * 2**20  # the bytes and one stripped copy, never the objects


def test_a_manifest_declaring_250_mb_is_refused_unread(cli, tmp_path):
    forged = tmp_path / "big-manifest.zip"
    with zipfile.ZipFile(forged, "w", zipfile.ZIP_STORED) as archive:
        archive.writestr("report.pdf", b"%PDF-1.7")
        with archive.open("manifest.json", "w", force_zip64=True) as member:
            member.write(b"{}" * 1024)
        archive.filelist[-1].file_size = 250 * 2**20
        archive.filelist[-1].compress_size = 250 * 2**20
    code, out = _verify(cli, forged)
    assert code == 2
    assert "manifest.json declares" in out


def test_a_deeply_nested_manifest_is_refused(tmp_path):
    forged = tmp_path / "deep.zip"
    with zipfile.ZipFile(forged, "w") as archive:
        archive.writestr("manifest.json", b"[" * 5000 + b"]" * 5000)
    with pytest.raises(UnsafeBundleError, match="nests deeper"):
        verify_bundle(forged)


def test_a_huge_central_directory_is_refused_before_it_is_read(cli, bundle):
    """The end record says the table of contents is 106 MB: zipfile would read it all at once."""
    raw = bytearray(bundle.read_bytes())
    end = raw.rindex(b"PK\x05\x06")
    struct.pack_into("<I", raw, end + 12, 106 * 2**20)
    bundle.write_bytes(bytes(raw))
    code, out = _verify(cli, bundle)
    assert code == 2
    assert "central directory" in out


def test_a_fifo_given_as_the_bundle_is_refused_without_blocking(cli, tmp_path):
    import os

    fifo = tmp_path / "bundle.zip"
    os.mkfifo(fifo)
    code, out = _verify(cli, fifo)
    assert code == 2
    assert "FIFO" in out or "not a regular file" in out
