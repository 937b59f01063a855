"""Bundles of every format this app has written verify with today's app (docs/BUNDLE_FORMAT.md):
format 3 names who sealed each item inside its seal; format 2, as exported before that bump, both
from a store sealed before migration 018 (no names) and after it (names); a bundle of a format newer
than the app knows is refused in words, never judged intact or altered."""

from __future__ import annotations

import json
import zipfile

import pytest

from seller_assistant.core import bundle as bundle_writer
from seller_assistant.core.bundle import MANIFEST, encode_manifest

from .bundle_fixtures import add_disputed_order

pytestmark = pytest.mark.both_backends  # store tests on SQLite and PostgreSQL (conftest.py)


def _export(cli, order_no: str, path) -> dict:
    result = cli("export-evidence", order_no, "--out", str(path))
    assert result.code == 0, result.err
    return _manifest(path)


def _manifest(path) -> dict:
    with zipfile.ZipFile(path) as archive:
        raw = archive.read(MANIFEST)
    return json.loads(raw)["manifest"]


def _with_manifest(path, manifest: dict, out) -> None:
    with zipfile.ZipFile(path) as archive, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as forged:
        for info in archive.infolist():
            data = encode_manifest(manifest) if info.filename == MANIFEST else archive.read(info)
            forged.writestr(info, data)


@pytest.fixture
def named_order(store):
    """A dispute sealed at a desk whose person is 小美: every seal is version 2, her name in it."""
    store.staff = "小美"
    return add_disputed_order(store)


def test_a_new_bundle_is_format_3_and_names_who_sealed_each_item(cli, named_order, tmp_path):
    manifest = _export(cli, named_order.order_no, tmp_path / "new.zip")
    assert manifest["format_version"] == 3
    items = manifest["chain"]["items"]
    assert items and {item.get("sealed_by") for item in items} == {"小美"}
    result = cli("verify", str(tmp_path / "new.zip"))
    assert result.code == 0 and "intact" in result.out, result.out + result.err


def test_a_format_2_bundle_made_after_migration_18_still_verifies_and_its_names_still_count(
    cli, named_order, tmp_path, monkeypatch
):
    # The writer before the bump: the same code, which said format 2 while it already put
    # sealed_by in the items (migration 018 came without a new format number).
    monkeypatch.setattr(bundle_writer, "BUNDLE_FORMAT_VERSION", 2)
    old = tmp_path / "old.zip"
    manifest = _export(cli, named_order.order_no, old)
    monkeypatch.undo()
    assert manifest["format_version"] == 2 and all(
        i.get("sealed_by") == "小美" for i in manifest["chain"]["items"]
    )
    result = cli("verify", str(old))
    assert result.code == 0 and "intact" in result.out, result.out + result.err

    # The name is inside the seal in a format-2 bundle too: handing an item to a colleague breaks it.
    manifest["chain"]["items"][1]["sealed_by"] = "阿强"
    _with_manifest(old, manifest, tmp_path / "renamed.zip")
    result = cli("verify", str(tmp_path / "renamed.zip"))
    assert result.code == 1 and "item 2" in result.out and "seal does not match" in result.out


def test_a_format_2_bundle_of_a_store_sealed_before_names_verifies(cli, store, tmp_path, monkeypatch):
    # No desk person and no staff name: seal version 1, the formula of every store before 018.
    order = add_disputed_order(store)
    monkeypatch.setattr(bundle_writer, "BUNDLE_FORMAT_VERSION", 2)
    manifest = _export(cli, order.order_no, tmp_path / "before-018.zip")
    monkeypatch.undo()
    assert manifest["format_version"] == 2
    assert not any("sealed_by" in item for item in manifest["chain"]["items"])
    result = cli("verify", str(tmp_path / "before-018.zip"))
    assert result.code == 0 and "intact" in result.out, result.out + result.err

    # A name added afterwards to a version-1 seal is caught as well.
    manifest["chain"]["items"][0]["sealed_by"] = "小美"
    _with_manifest(tmp_path / "before-018.zip", manifest, tmp_path / "named-later.zip")
    result = cli("verify", str(tmp_path / "named-later.zip"))
    assert result.code == 1 and "item 1" in result.out and "seal does not match" in result.out


def test_a_bundle_of_a_newer_format_is_refused_in_words_not_judged(cli, named_order, tmp_path):
    manifest = _export(cli, named_order.order_no, tmp_path / "new.zip")
    manifest["format_version"] = 4
    _with_manifest(tmp_path / "new.zip", manifest, tmp_path / "future.zip")
    result = cli("verify", str(tmp_path / "future.zip"))
    assert result.code == 2
    assert "newer Seller Assistant (bundle format 4)" in result.err and "formats 1 to 3" in result.err
    assert "intact" not in result.out and "altered" not in result.out.lower()
