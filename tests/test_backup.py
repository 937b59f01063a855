"""Backups: verified copies of the store and its attachments; restore brings a deleted store back."""

from __future__ import annotations

import os
import sqlite3

import pytest

from seller_assistant import paths
from seller_assistant.core.errors import UserError
from seller_assistant.store import backup, open_store

from .conftest import NOW_EPOCH

DAY = 86400


def _orders(db_file) -> int:
    conn = sqlite3.connect(db_file)
    try:
        return conn.execute("SELECT count(*) FROM orders").fetchone()[0]
    finally:
        conn.close()


def test_backup_copies_the_store_and_attachments_and_is_private(demo_store):
    attachment = paths.attachments_dir(demo_store.path) / "ab" / ("ab" + "0" * 62)
    attachment.parent.mkdir(parents=True, exist_ok=True)
    attachment.write_bytes(b"photo bytes")

    info = backup.backup_store(demo_store.conn, demo_store.path, "manual", NOW_EPOCH)

    assert _orders(info.db_file) == _orders(demo_store.path) > 0
    copied = paths.attachments_dir(info.db_file) / "ab" / attachment.name
    assert copied.read_bytes() == b"photo bytes"
    assert info.db_file.stat().st_mode & 0o077 == 0
    assert backup.verify_backup(info.path) is None


def test_restore_brings_back_a_deleted_store_that_verifies(cli, demo_store, db_path):
    before = _orders(db_path)
    assert cli("backup").code == 0
    demo_store.close()
    for suffix in ("", "-wal", "-shm"):
        path = db_path.with_name(db_path.name + suffix)
        if path.exists():
            os.remove(path)

    result = cli("restore", "--latest")

    assert result.code == 0, result.err
    assert _orders(db_path) == before
    assert cli("verify").code == 0


def test_restore_first_backs_up_the_current_store(cli, demo_store, db_path):
    cli("backup")
    demo_store.conn.execute("UPDATE orders SET buyer = 'changed after backup' WHERE id = 1")
    result = cli("restore", "--latest")
    assert result.code == 0, result.err
    kinds = [b.kind for b in backup.list_backups(db_path)]
    assert "pre-restore" in kinds
    pre_restore = next(b for b in backup.list_backups(db_path) if b.kind == "pre-restore")
    conn = sqlite3.connect(pre_restore.db_file)
    assert conn.execute("SELECT buyer FROM orders WHERE id = 1").fetchone()[0] == "changed after backup"
    conn.close()


def test_retention_keeps_seven_daily_and_four_weekly(store):
    for day in range(12):
        backup.backup_if_due(store.conn, store.path, NOW_EPOCH + day * DAY)
    found = backup.list_backups(store.path)
    assert sum(b.kind == "daily" for b in found) == 7
    assert 1 <= sum(b.kind == "weekly" for b in found) <= 4
    newest_daily = max(b.created_at for b in found if b.kind == "daily")
    assert newest_daily == NOW_EPOCH + 11 * DAY


def test_daily_backup_is_made_once_per_day(store):
    first = backup.backup_if_due(store.conn, store.path, NOW_EPOCH)
    again = backup.backup_if_due(store.conn, store.path, NOW_EPOCH + 60)
    assert [b.kind for b in first] == ["daily", "weekly"]
    assert again == []


def test_a_damaged_backup_is_refused_and_the_store_left_alone(store, db_path):
    info = backup.backup_store(store.conn, db_path, "manual", NOW_EPOCH)
    data = bytearray(info.db_file.read_bytes())
    data[100:4096] = b"\xff" * (4096 - 100)
    info.db_file.write_bytes(bytes(data))
    with pytest.raises(UserError, match="damaged"):
        backup.restore_backup(info, db_path, NOW_EPOCH)
    assert open_store(db_path).conn.execute("SELECT count(*) FROM shops").fetchone()[0] == 1


def test_upgrading_an_old_store_keeps_a_pre_migration_backup(db_path):
    from seller_assistant.store import migrations

    old = open_store(db_path, migrate=False)
    migrations.migrate(old, target=1)
    old.close()
    open_store(db_path).close()
    assert [b.kind for b in backup.list_backups(db_path)] == ["pre-migration"]
