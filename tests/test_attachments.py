"""Attachments: stored by content hash, whatever the user's file is called."""

from __future__ import annotations

import pytest

from seller_assistant.core.errors import UserError
from seller_assistant.core.orders import OrderRecord
from seller_assistant.store import attachments, evidence, orders
from seller_assistant.store.demo import demo_photo_png
from tests.conftest import NOW_EPOCH

pytestmark = pytest.mark.both_backends  # store tests on SQLite and PostgreSQL (conftest.py)

HOSTILE = [
    "../../x",
    "..\\..\\windows\\system32\\evil.dll",
    "a" * 300 + ".png",
    "CON",
    "aux.txt",
    "NUL.jpg",
    "/etc/passwd",
    "名字\n带换行\x00.png",
    "",
]


@pytest.fixture
def order_id(store):
    orders.insert_orders(
        store,
        1,
        [OrderRecord("3901234567890123456", buyer="甜甜兔兔", paid_at=NOW_EPOCH)],
        48,
        NOW_EPOCH,
        source="manual",
    )
    return orders.find_order(store, 1, "3901234567890123456")["id"]


def files_under(folder):
    return sorted(p for p in folder.rglob("*") if p.is_file())


@pytest.mark.parametrize("name", HOSTILE)
def test_hostile_names_are_kept_as_data_and_the_file_is_named_by_its_hash(store, order_id, tmp_path, name):
    data = demo_photo_png() + name.encode("utf-8", "replace")
    row = attachments.add_attachment_bytes(store, 1, order_id, data, name, NOW_EPOCH)
    path = attachments.attachment_file(store, row["sha256"])
    assert files_under(store.attachments_dir) == [path]
    assert path.parent.parent == store.attachments_dir and path.name == row["sha256"]
    assert path.read_bytes() == data
    assert (
        len(row["original_name"]) <= 255
        and "\n" not in row["original_name"]
        and "\x00" not in row["original_name"]
    )
    assert not (tmp_path / "x").exists() and not (store.attachments_dir.parent / "x").exists()
    assert evidence.verify_store(store).ok


@pytest.mark.parametrize("name", ["CON", "aux.txt", "b" * 250 + ".png", "..."])
def test_files_with_awkward_names_on_disk_are_copied_by_content(store, order_id, tmp_path, name):
    source = tmp_path / name
    source.write_bytes(demo_photo_png())
    row = attachments.add_attachment(store, 1, order_id, source, NOW_EPOCH)
    assert row["original_name"] == name
    assert row["media_type"] == "image/png"
    assert attachments.attachment_file(store, row["sha256"]).read_bytes() == demo_photo_png()


def test_media_type_comes_from_the_content_not_the_name(store, order_id):
    pdf = attachments.add_attachment_bytes(store, 1, order_id, b"%PDF-1.7 receipt", "photo.jpg", NOW_EPOCH)
    jpeg = attachments.add_attachment_bytes(
        store, 1, order_id, b"\xff\xd8\xff\xe0JFIF", "scan.pdf", NOW_EPOCH
    )
    assert (pdf["media_type"], jpeg["media_type"]) == ("application/pdf", "image/jpeg")


def test_the_same_bytes_twice_are_one_file_and_two_sealed_records(store, order_id):
    first = attachments.add_attachment_bytes(store, 1, order_id, demo_photo_png(), "a.png", NOW_EPOCH)
    second = attachments.add_attachment_bytes(store, 1, order_id, demo_photo_png(), "b.png", NOW_EPOCH + 1)
    assert first["sha256"] == second["sha256"]
    assert len(files_under(store.attachments_dir)) == 1
    assert [a["original_name"] for a in attachments.attachments_for_order(store, order_id)] == [
        "a.png",
        "b.png",
    ]
    assert evidence.verify_store(store).ok


def test_attachment_file_refuses_anything_but_a_hash(store):
    with pytest.raises(ValueError):
        attachments.attachment_file(store, "../../etc/passwd")


def test_missing_source_file_is_one_clear_sentence_and_changes_nothing(store, order_id, tmp_path):
    with pytest.raises(UserError, match="no such file"):
        attachments.add_attachment(store, 1, order_id, tmp_path / "gone.png", NOW_EPOCH)
    assert attachments.attachments_for_order(store, order_id) == []
