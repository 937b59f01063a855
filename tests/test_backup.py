"""Backups: verified copies of the store and its attachments; restore brings a deleted store back."""

from __future__ import annotations

import os
import sqlite3

import pytest

from seller_assistant import paths
from seller_assistant.core.errors import UserError
from seller_assistant.store import backup, backup_folders, backup_restore, backup_verify, open_store

from .conftest import NOW_EPOCH

# SQLite's backup API copying the store file (and its attachments folder): a shared store's backups
# are pg_dump's, restored into a scratch database and verified there (their own tests).
pytestmark = [
    pytest.mark.both_backends,
    pytest.mark.sqlite_only(
        reason="SQLite's backup API and file copies; a shared store is backed up by pg_dump"
    ),
]

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
    assert backup_verify.verify_backup(info.path) is None


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
    kinds = [b.kind for b in backup_folders.list_backups(db_path)]
    assert "pre-restore" in kinds
    pre_restore = next(b for b in backup_folders.list_backups(db_path) if b.kind == "pre-restore")
    conn = sqlite3.connect(pre_restore.db_file)
    assert conn.execute("SELECT buyer FROM orders WHERE id = 1").fetchone()[0] == "changed after backup"
    conn.close()


def test_retention_keeps_seven_daily_and_four_weekly(store):
    for day in range(12):
        backup.backup_if_due(store.conn, store.path, NOW_EPOCH + day * DAY)
    found = backup_folders.list_backups(store.path)
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
        backup_restore.restore_backup(info, db_path, NOW_EPOCH)
    assert open_store(db_path).conn.execute("SELECT count(*) FROM shops").fetchone()[0] == 1


@pytest.mark.sqlite_only(
    reason="a SQLite file at an old version, copied before migrating (a shared store: test_pg_upgrades.py)"
)
def test_upgrading_an_old_store_keeps_a_pre_migration_backup(db_path):
    from seller_assistant.store import migrations

    old = open_store(db_path, migrate=False)
    migrations.migrate(old, target=1)
    old.close()
    open_store(db_path).close()
    assert [b.kind for b in backup_folders.list_backups(db_path)] == ["pre-migration"]


def _say(store, text: str, at: int) -> int:
    """A buyer's line recorded through the store, sealed into the buyer's chain."""
    from seller_assistant.store import chats, shops

    return chats.add_message(
        store,
        shops.require_shop(store),
        order_id=None,
        buyer="tb_王小明",
        sender_role="buyer",
        sender_name="tb_王小明",
        sent_at=at,
        text=text,
        source="typed",
        now=at,
    )


def _tamper(store, message_id: int) -> None:
    """Change a sealed message behind the store's back (as a hand-edited database file would)."""
    store.conn.execute("DROP TRIGGER IF EXISTS messages_append_only_update")
    store.conn.execute("UPDATE messages SET text = '卖家从未回复' WHERE id = ?", (message_id,))


def test_the_weekly_backup_on_the_day_of_a_daily_is_no_second_copy(demo_store):
    made = backup.backup_if_due(demo_store.conn, demo_store.path, NOW_EPOCH)

    daily, weekly = made
    assert (daily.kind, weekly.kind) == ("daily", "weekly")
    assert os.path.samefile(daily.db_file, weekly.db_file)  # one copy on disk, two names
    assert backup_verify.verify_backup(weekly.path) is None
    backup_folders.prune(demo_store.path)  # the daily going later leaves the weekly whole
    import shutil

    shutil.rmtree(daily.path)
    assert _orders(weekly.db_file) == _orders(demo_store.path)


def test_a_message_changed_since_the_last_backup_stops_the_next(demo_store):
    backup.backup_store(demo_store.conn, demo_store.path, "manual", NOW_EPOCH)
    first = _say(demo_store, "杯子有一道裂纹，怎么处理", NOW_EPOCH + 60)
    _say(demo_store, "麻烦尽快处理", NOW_EPOCH + 120)
    _tamper(demo_store, first)

    with pytest.raises(UserError, match="did not verify.*buyer:tb_王小明"):
        backup.backup_store(demo_store.conn, demo_store.path, "manual", NOW_EPOCH + DAY)
    assert len(backup_folders.list_backups(demo_store.path)) == 1  # the bad copy never became a backup


def test_a_message_written_around_the_app_since_the_last_backup_stops_the_next(demo_store):
    backup.backup_store(demo_store.conn, demo_store.path, "manual", NOW_EPOCH)
    demo_store.conn.execute(
        "INSERT INTO messages (shop_id, buyer, sender_role, sender_name, sent_at, text, source, fingerprint,"
        " created_at) SELECT shop_id, buyer, sender_role, sender_name, sent_at + 1, '我没有收到货', source, 'forged',"
        " created_at FROM messages LIMIT 1"
    )

    with pytest.raises(UserError, match="never sealed"):
        backup.backup_store(demo_store.conn, demo_store.path, "manual", NOW_EPOCH + DAY)


def test_after_a_restore_rewinds_the_store_the_next_backup_checks_every_chain(demo_store, db_path):
    older = _say(demo_store, "什么时候发货呀", NOW_EPOCH + 60)
    first = backup.backup_store(demo_store.conn, db_path, "manual", NOW_EPOCH)
    _say(demo_store, "物流三天没更新了", NOW_EPOCH + DAY)
    backup.backup_store(demo_store.conn, db_path, "manual", NOW_EPOCH + DAY)
    demo_store.close()
    backup_restore.restore_backup(first, db_path, NOW_EPOCH + 2 * DAY)  # back to before the second line
    reopened = open_store(db_path)
    try:
        _tamper(reopened, older)  # sealed before any backup: only a check of every chain sees it
        with pytest.raises(UserError, match="did not verify"):
            backup.backup_store(reopened.conn, db_path, "manual", NOW_EPOCH + 3 * DAY)
    finally:
        reopened.close()


def test_the_apps_backup_runs_in_its_own_process_and_says_why_it_failed(demo_store, db_path):
    from seller_assistant.store import backup_job

    made = backup_job.run(db_path, None, NOW_EPOCH)

    assert [b.kind for b in made] == ["daily", "weekly"]
    assert backup_verify.verify_backup(made[0].path) is None
    assert _orders(made[0].db_file) == _orders(db_path)
    import shutil

    shutil.rmtree(paths.backups_dir(db_path))
    paths.backups_dir(db_path).write_text("a file where the backup folder should be")
    with pytest.raises(UserError, match="Could not write a backup"):
        backup_job.run(db_path, "manual", NOW_EPOCH)


def test_a_store_whose_structure_is_broken_is_not_taken_for_a_good_first_backup(demo_store, db_path):
    # A page of an index the evidence check never reads, broken on the disk (its b-tree page type
    # byte, sqlite.org/fileformat2.html 1.6): only SQLite's structural check of the file sees it.
    root, page_size = demo_store.conn.execute(
        "SELECT rootpage, (SELECT page_size FROM pragma_page_size) FROM sqlite_master"
        " WHERE name = 'shipments_order'"
    ).fetchone()
    demo_store.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    fd = os.open(db_path, os.O_WRONLY)
    try:
        os.pwrite(fd, b"\x07", (root - 1) * page_size)
    finally:
        os.close(fd)

    with pytest.raises(UserError, match=r"did not verify \(integrity check"):
        backup.backup_store(demo_store.conn, db_path, "manual", NOW_EPOCH)
    assert backup_folders.list_backups(db_path) == []


def test_a_first_backup_checks_the_moment_it_copies_and_refuses_a_changed_message(demo_store, db_path):
    # A chain's first backup checks every chain of the store's frozen moment while copying it
    # (issue 20: not the 8 GB copy again after); a message changed before it is still caught.
    first = _say(demo_store, "杯子有一道裂纹，怎么处理", NOW_EPOCH + 60)
    _tamper(demo_store, first)

    with pytest.raises(UserError, match="did not verify.*buyer:tb_王小明"):
        backup.backup_store(demo_store.conn, db_path, "manual", NOW_EPOCH + DAY)
    assert backup_folders.list_backups(db_path) == []
    assert not (paths.backups_dir(db_path) / ".chain").exists()  # no head for a next backup to trust


def test_a_first_backup_whose_attachment_copy_differs_is_refused(demo_store, db_path, monkeypatch):
    # The moment's check hashed the store's own photo; the copy beside the backup must be its bytes.
    attachment = paths.attachments_dir(db_path) / "ab" / ("ab" + "0" * 62)
    attachment.parent.mkdir(parents=True, exist_ok=True)
    attachment.write_bytes(b"photo bytes")
    import shutil

    real_copy = shutil.copy2

    def copied_wrong(src, dst, **kwargs):  # a disk that kept one byte of the copy wrong
        real_copy(src, dst, **kwargs)
        with open(dst, "r+b") as copy:
            copy.write(b"P")
        return dst

    monkeypatch.setattr(shutil, "copy2", copied_wrong)

    with pytest.raises(UserError, match=r"did not verify.*attachment [0-9a-f]{64}: its copy.s bytes differ"):
        backup.backup_store(demo_store.conn, db_path, "manual", NOW_EPOCH)
    monkeypatch.setattr(shutil, "copy2", real_copy)
    assert backup_folders.list_backups(db_path) == []
    made = backup.backup_store(demo_store.conn, db_path, "manual", NOW_EPOCH + 60)
    assert (paths.attachments_dir(made.db_file) / "ab" / attachment.name).read_bytes() == b"photo bytes"
